package jsparse

// TypeScript: types are skipped the way esbuild skips them (its
// skipTypeScriptType and friends, with the same backtracking), so a type
// ends exactly where esbuild's does. No reference inside a type counts.

type typeFlags uint8

const (
	tfReturnType typeFlags = 1 << iota
	tfIndexSignature
	tfTupleLabels
	tfNoConditional
)

func (p *parser) skipType()       { p.skipTypeFlags(lLowest, 0) }
func (p *parser) skipReturnType() { p.skipTypeFlags(lLowest, tfReturnType) }

var tsTypeWords = map[string]uint8{
	"unique": 1, "abstract": 2, "asserts": 3, "keyof": 4, "readonly": 4,
	"any": 5, "never": 5, "unknown": 5, "undefined": 5, "object": 5, "number": 5, "string": 5,
	"boolean": 5, "bigint": 5, "symbol": 5, "infer": 6,
}

func (p *parser) skipTypeFlags(l level, flags typeFlags) {
	p.depth++
	if p.depth > maxDepth {
		p.fail()
	}
	p.skipTypeFlagsNested(l, flags)
	p.depth--
}

func (p *parser) skipTypeFlagsNested(l level, flags typeFlags) {
loop:
	for {
		t := p.tok()
		switch t.Kind {
		case TokNumber, TokString, TokTemplate:
			p.next()
		case TokTemplateHead:
			p.next()
			for {
				p.skipType()
				k := p.tok().Kind
				if k == TokTemplateMiddle {
					p.next()
					continue
				}
				if k != TokTemplateTail {
					p.fail()
				}
				p.next()
				break
			}
		case TokKeyword:
			switch p.val(t) {
			case "true", "false", "null", "void":
				p.next()
			case "const":
				p.next()
			case "this":
				p.next()
				if p.isWord("is") && !p.newlineBefore() {
					p.next()
					p.skipType()
					return
				}
			case "import":
				p.next()
				if flags&tfTupleLabels != 0 && (p.isOp(OpColon) || p.isOp(OpQuestion)) {
					return
				}
				p.expect(OpLParen)
				if p.tok().Kind != TokString {
					p.fail()
				}
				p.next()
				if p.eat(OpComma) {
					p.objectType()
					p.eat(OpComma)
				}
				p.expect(OpRParen)
			case "new":
				p.next()
				if flags&tfTupleLabels != 0 && (p.isOp(OpColon) || p.isOp(OpQuestion)) {
					return
				}
				p.typeParams()
				p.parenOrFnType()
			case "typeof":
				p.next()
				if flags&tfTupleLabels != 0 && (p.isOp(OpColon) || p.isOp(OpQuestion)) {
					return
				}
				if p.isKeyword("import") {
					continue
				}
				if !p.isIdentName() {
					p.fail()
				}
				p.next()
				for p.isOp(OpDot) {
					p.next()
					if !p.isIdentName() && p.tok().Kind != TokPrivateName {
						p.fail()
					}
					p.next()
				}
				if !p.newlineBefore() {
					p.maybeTypeArgs()
				}
			default:
				if flags&tfTupleLabels != 0 {
					p.next()
					if !p.isOp(OpColon) && !p.isOp(OpQuestion) {
						p.expect(OpColon)
					}
					return
				}
				p.fail()
			}
		case TokIdent:
			kind := tsTypeWords[p.val(t)]
			if t.Flags&FlagEscaped != 0 {
				kind = 0
			}
			checkTypeArgs := true
			switch kind {
			case 4: // keyof, readonly
				p.next()
				if !p.isOp(OpColon) && !p.isOp(OpQuestion) && !p.isKeyword("in") || flags&(tfIndexSignature|tfTupleLabels) == 0 {
					p.skipTypeFlags(lPrefix, 0)
				}
				break loop
			case 6: // infer
				p.next()
				if !p.isOp(OpColon) && !p.isOp(OpQuestion) && !p.isKeyword("in") || flags&(tfIndexSignature|tfTupleLabels) == 0 {
					if !p.isIdent() {
						p.fail()
					}
					p.next()
					if p.isKeyword("extends") {
						save, pe := p.i, p.prevEnd
						if !p.try(func() {
							p.next()
							p.skipTypeFlags(lPrefix, tfNoConditional)
							if flags&tfNoConditional == 0 && p.isOp(OpQuestion) {
								p.fail()
							}
						}) {
							p.seek(save, pe)
						}
					}
				}
				break loop
			case 1: // unique
				p.next()
				if p.isWord("symbol") {
					p.next()
					break loop
				}
			case 2: // abstract
				p.next()
				if p.isKeyword("new") {
					continue
				}
			case 3: // asserts
				p.next()
				if flags&tfReturnType != 0 && !p.newlineBefore() && (p.isIdent() || p.isKeyword("this")) {
					p.next()
				}
			case 5:
				p.next()
				checkTypeArgs = false
			default:
				p.next()
			}
			if p.isWord("is") && !p.newlineBefore() {
				p.next()
				p.skipType()
				return
			}
			if checkTypeArgs && !p.newlineBefore() {
				p.maybeTypeArgs()
			}
		case TokPunct:
			switch t.Op {
			case OpMinus:
				p.next()
				if p.tok().Kind != TokNumber {
					p.fail()
				}
				p.next()
			case OpAmp, OpBar:
				p.next()
				continue
			case OpLess:
				p.typeParams()
				p.parenOrFnType()
			case OpLParen:
				p.parenOrFnType()
			case OpLBracket:
				p.next()
				for !p.isOp(OpRBracket) {
					p.eat(OpEllipsis)
					p.skipTypeFlags(lLowest, tfTupleLabels)
					p.eat(OpQuestion)
					if p.eat(OpColon) {
						p.skipType()
					}
					if !p.eat(OpComma) {
						break
					}
				}
				p.expect(OpRBracket)
			case OpLBrace:
				p.objectType()
			default:
				p.fail()
			}
		default:
			p.fail()
		}
		break
	}
	for {
		switch {
		case p.isOp(OpBar):
			if l >= lBitwiseOr {
				return
			}
			p.next()
			p.skipTypeFlags(lBitwiseOr, flags)
		case p.isOp(OpAmp):
			if l >= lBitwiseAnd {
				return
			}
			p.next()
			p.skipTypeFlags(lBitwiseAnd, flags)
		case p.isOp(OpBang):
			if p.newlineBefore() {
				return
			}
			p.next()
		case p.isOp(OpDot):
			p.next()
			if !p.isIdentName() {
				p.fail()
			}
			p.next()
			if !p.newlineBefore() {
				p.maybeTypeArgs()
			}
		case p.isOp(OpLBracket):
			if p.newlineBefore() {
				return
			}
			p.next()
			if !p.isOp(OpRBracket) {
				p.skipType()
			}
			p.expect(OpRBracket)
		case p.isKeyword("extends"):
			if p.newlineBefore() || flags&tfNoConditional != 0 {
				return
			}
			p.next()
			p.skipTypeFlags(lLowest, tfNoConditional)
			p.expect(OpQuestion)
			p.skipType()
			p.expect(OpColon)
			p.skipType()
		default:
			return
		}
	}
}

// parenOrFnType: (T) or (args) => T.
func (p *parser) parenOrFnType() {
	save, pe := p.i, p.prevEnd
	if p.try(func() {
		p.skipFnArgs()
		if !p.isOp(OpArrow) {
			p.fail()
		}
	}) {
		p.next()
		p.skipReturnType()
		return
	}
	p.seek(save, pe)
	p.expect(OpLParen)
	p.skipType()
	p.expect(OpRParen)
}

func (p *parser) skipFnArgs() {
	p.expect(OpLParen)
	for !p.isOp(OpRParen) {
		p.eat(OpEllipsis)
		p.skipBinding()
		p.eat(OpQuestion)
		if p.eat(OpColon) {
			p.skipType()
		}
		if !p.eat(OpComma) {
			break
		}
	}
	p.expect(OpRParen)
}

func (p *parser) skipBinding() {
	switch {
	case p.isIdent() || p.isKeyword("this"):
		p.next()
	case p.isOp(OpLBracket):
		p.next()
		for p.isOp(OpComma) {
			p.next()
		}
		for !p.isOp(OpRBracket) {
			p.eat(OpEllipsis)
			p.skipBinding()
			if !p.eat(OpComma) {
				break
			}
		}
		p.expect(OpRBracket)
	case p.isOp(OpLBrace):
		p.next()
		for !p.isOp(OpRBrace) {
			found := false
			switch {
			case p.isOp(OpEllipsis):
				p.next()
				if !p.isIdent() {
					p.fail()
				}
				found = true
				p.next()
			case p.isIdent():
				found = true
				p.next()
			case p.tok().Kind == TokString || p.tok().Kind == TokNumber || p.isIdentName():
				p.next()
			default:
				p.fail()
			}
			if p.isOp(OpColon) || !found {
				p.expect(OpColon)
				p.skipBinding()
			}
			if !p.eat(OpComma) {
				break
			}
		}
		p.expect(OpRBrace)
	default:
		p.fail()
	}
}

func (p *parser) objectType() {
	p.expect(OpLBrace)
	for !p.isOp(OpRBrace) {
		if p.tok().Kind == TokEOF {
			p.fail()
		}
		if p.isOp(OpPlus) || p.isOp(OpMinus) {
			p.next()
		}
		found := false
		for p.isIdentName() || p.tok().Kind == TokString || p.tok().Kind == TokNumber {
			p.next()
			found = true
		}
		if p.isOp(OpLBracket) {
			p.next()
			p.skipTypeFlags(lLowest, tfIndexSignature)
			if p.eat(OpColon) {
				p.skipType()
			} else if p.isKeyword("in") {
				p.next()
				p.skipType()
				if p.isWord("as") {
					p.next()
					p.skipType()
				}
			}
			p.expect(OpRBracket)
			if p.isOp(OpPlus) || p.isOp(OpMinus) {
				p.next()
			}
			found = true
		}
		if found && (p.isOp(OpQuestion) || p.isOp(OpBang)) {
			p.next()
		}
		p.typeParams()
		switch {
		case p.isOp(OpColon):
			if !found {
				p.fail()
			}
			p.next()
			p.skipType()
		case p.isOp(OpLParen):
			p.skipFnArgs()
			if p.eat(OpColon) {
				p.skipReturnType()
			}
		default:
			if !found {
				p.fail()
			}
		}
		switch {
		case p.isOp(OpRBrace):
		case p.isOp(OpComma), p.isOp(OpSemicolon):
			p.next()
		default:
			if !p.newlineBefore() {
				p.fail()
			}
		}
	}
	p.expect(OpRBrace)
}

// typeParams skips <T, …> when present.
func (p *parser) typeParams() { p.typeParamsDefinite() }

// typeParamsDefinite skips type parameters and reports whether they were
// definitely type parameters (not possibly a cast).
func (p *parser) typeParamsDefinite() bool {
	if !p.isOp(OpLess) {
		return false
	}
	p.next()
	definite := false
	if p.isOp(OpGreater) {
		p.next()
		return true
	}
	for {
		for {
			if p.isKeyword("const") {
				definite = true
				p.next()
				continue
			}
			if p.isKeyword("in") {
				p.next()
				continue
			}
			if p.isWord("out") && (p.peek().Kind == TokIdent || p.tw(p.peek(), "in")) {
				p.next()
				continue
			}
			break
		}
		if !p.isIdent() {
			p.fail()
		}
		p.next()
		if p.isKeyword("extends") {
			definite = true
			p.next()
			p.skipType()
		}
		if p.eat(OpAssign) {
			definite = true
			p.skipType()
		}
		if !p.eat(OpComma) {
			break
		}
		if p.isOp(OpGreater) {
			definite = true
			break
		}
	}
	p.expectGreater()
	return definite
}

func (p *parser) maybeTypeArgs() {
	switch p.op() {
	case OpLess, OpLessEq, OpShl, OpShlAssign:
		p.typeArgs()
	}
}

// typeArgs skips <T, …> (any token starting with '>' may close it).
func (p *parser) typeArgs() {
	if !p.isOp(OpLess) {
		p.fail()
	}
	p.next()
	for {
		p.skipType()
		if !p.eat(OpComma) {
			break
		}
	}
	p.expectGreater()
}

// typeArgsInExpr skips type arguments in an expression: they must end
// with a '>' token of their own.
func (p *parser) typeArgsInExpr() {
	if !p.isOp(OpLess) {
		p.fail()
	}
	p.next()
	for {
		p.skipType()
		if !p.eat(OpComma) {
			break
		}
	}
	if p.gtSplit > 0 {
		if p.op() != OpGreater {
			p.fail()
		}
		p.next()
		return
	}
	p.expect(OpGreater)
}

// canFollowTypeArgs is TypeScript's canFollowTypeArgumentsInExpression.
func (p *parser) canFollowTypeArgs() bool {
	t := p.tok()
	switch t.Kind {
	case TokTemplate, TokTemplateHead:
		return true
	case TokPunct:
		switch p.op() {
		case OpLParen:
			return true
		case OpLess, OpGreater, OpPlus, OpMinus, OpGreaterEq, OpShr, OpShrAssign, OpUShr, OpUShrAssign:
			return false
		}
	}
	return t.NewlineBefore() || p.tsIsBinaryOperator() || !p.tsStartsExpression()
}

func (p *parser) tsIsBinaryOperator() bool {
	t := p.tok()
	switch t.Kind {
	case TokKeyword:
		if p.val(t) == "in" {
			return p.allowIn
		}
		return p.val(t) == "instanceof"
	case TokIdent:
		return p.val(t) == "as" || p.val(t) == "satisfies"
	case TokPunct:
		switch p.op() {
		case OpQuestionQuestion, OpBarBar, OpAmpAmp, OpBar, OpCaret, OpAmp, OpEq, OpNotEq, OpStrictEq, OpStrictNotEq,
			OpLess, OpGreater, OpLessEq, OpGreaterEq, OpShl, OpShr, OpUShr, OpPlus, OpMinus, OpStar, OpSlash, OpPercent, OpStarStar:
			return true
		}
	}
	return false
}

func (p *parser) tsStartsExpression() bool {
	t := p.tok()
	switch t.Kind {
	case TokIdent, TokNumber, TokString, TokTemplate, TokTemplateHead, TokRegExp, TokPrivateName:
		return true
	case TokKeyword:
		switch p.val(t) {
		case "this", "super", "null", "true", "false", "function", "class", "new", "delete", "typeof", "void":
			return true
		case "import":
			n := p.peek()
			return n.Is(OpLParen) || n.Is(OpLess) || n.Is(OpDot)
		}
	case TokPunct:
		switch p.op() {
		case OpLParen, OpLBracket, OpLBrace, OpSlash, OpSlashAssign, OpPlus, OpMinus, OpTilde, OpBang, OpPlusPlus, OpMinusMinus, OpLess, OpAt:
			return true
		}
	}
	return p.tsIsBinaryOperator()
}

// ---------------------------------------------------------------------------
// TypeScript statements

// typeAliasStmt: type Name<…> = T;
func (p *parser) typeAliasStmt(start int, c stmtCtx) {
	p.next() // type
	name := p.tok()
	if !p.isIdent() {
		p.fail()
	}
	p.next()
	p.typeParams()
	p.expect(OpAssign)
	p.skipType()
	p.semicolon()
	if c.top {
		p.x.typeDeclaration(nameAt{p.val(name), Range{name.Start, name.End}}, bkTypeAlias, p.declStmtRange(start, c), c)
	}
}

// interfaceStmt: interface Name<…> extends … { … }
func (p *parser) interfaceStmt(start int, c stmtCtx) {
	p.next() // interface
	name := p.tok()
	if !p.isIdent() {
		p.fail()
	}
	p.next()
	p.typeParams()
	if p.isKeyword("extends") {
		p.next()
		for {
			p.skipType()
			if !p.eat(OpComma) {
				break
			}
		}
	}
	if p.isWord("implements") {
		p.next()
		for {
			p.skipType()
			if !p.eat(OpComma) {
				break
			}
		}
	}
	p.objectType()
	if c.top {
		p.x.typeDeclaration(nameAt{p.val(name), Range{name.Start, name.End}}, bkInterface, p.declStmtRange(start, c), c)
	}
}

// enumStmt: [const] enum Name { A = 1, … } (the current token is enum).
func (p *parser) enumStmt(start int, c stmtCtx) {
	if !p.isTS {
		p.fail()
	}
	if !p.isWord("enum") {
		p.fail()
	}
	p.next()
	name := p.tok()
	if !p.isIdent() {
		p.fail()
	}
	p.next()
	p.declareLex(p.val(name))
	if !p.isOp(OpLBrace) {
		p.fail()
	}
	open := p.i
	close := int(p.match[open])
	if close < 0 {
		p.fail()
	}
	if parseEveryBody || hasCand(p.modCands, open, close) || p.thisDepth == 0 && hasCand(p.thisCands, open, close) {
		p.next()
		for !p.isOp(OpRBrace) {
			if p.isOp(OpLBracket) {
				p.next()
				p.expr(lComma)
				p.expect(OpRBracket)
			} else if p.isIdentName() || p.tok().Kind == TokString || p.tok().Kind == TokNumber {
				p.next()
			} else {
				p.fail()
			}
			if p.eat(OpAssign) {
				p.expr(lComma)
			}
			if !p.eat(OpComma) {
				break
			}
		}
		p.expect(OpRBrace)
	} else {
		p.checkSkipped(open, close)
		p.seek(close, p.toks[close].Start)
		p.next()
	}
	if !c.declare {
		p.nsValue()
	}
	n := &node{kind: nDecl, start: p.toks[start].Start, end: p.prevEnd}
	if c.top {
		p.x.enumDeclaration(nameAt{p.val(name), Range{name.Start, name.End}}, n, p.declStmtRange(start, c), c)
	}
}

// namespaceStmt: namespace A.B { … } / module M { … } / declare module 'x' { … }
func (p *parser) namespaceStmt(start int, c stmtCtx) {
	p.next() // namespace, module
	nameTok := p.tok()
	var name nameAt
	hasName, dotted := false, false
	if nameTok.Kind == TokIdent {
		name = nameAt{p.val(nameTok), Range{nameTok.Start, nameTok.End}}
		hasName = true
		p.declareLex(name.name)
		p.next()
		for p.isOp(OpDot) {
			dotted = true
			p.next()
			// esbuild takes any token as the inner name (`declare
			// namespace A.` at the end of the input loads)
			if p.tok().Kind != TokEOF {
				p.next()
			}
		}
	} else if nameTok.Kind == TokString {
		p.next()
	} else {
		p.fail()
	}
	typeOnly := true
	if c.declare && !p.isOp(OpLBrace) {
		p.semicolon()
	} else {
		typeOnly = p.namespaceBody(&c)
	}
	if dotted {
		// esbuild counts the inner namespace of A.B as a statement of A,
		// even when it holds only types
		typeOnly = false
	}
	// (under declare, the binding is type-only and nothing is a value)
	if !typeOnly {
		p.nsValue()
	}
	n := &node{kind: nDecl, start: p.toks[start].Start, end: p.prevEnd}
	if hasName && c.top {
		p.x.namespaceDeclaration(name, n, typeOnly, p.declStmtRange(start, c), c)
	}
}

// namespaceBody parses { statements } of a namespace (or declare global)
// and reports whether it holds only types (esbuild's rule: no statement
// with a runtime value but non-exported import aliases, and no `export
// declare`).
func (p *parser) namespaceBody(c *stmtCtx) bool {
	p.expect(OpLBrace)
	typeOnly := true
	oldNS, oldDecl := p.nsTypeOnly, p.nsDeclare
	p.nsTypeOnly = &typeOnly
	p.nsDeclare = false
	declare := c != nil && c.declare
	if declare {
		p.declareDepth++
	}
	p.pushScope(true)
	for !p.isOp(OpRBrace) {
		if p.tok().Kind == TokEOF {
			p.fail()
		}
		p.parseStmt(stmtCtx{namespace: true, declare: declare})
	}
	p.next()
	p.popScope()
	if declare {
		p.declareDepth--
	}
	hadDeclare := p.nsDeclare
	p.nsTypeOnly, p.nsDeclare = oldNS, oldDecl
	return typeOnly && !hadDeclare
}

// declareStmt: declare <declaration> (TypeScript ambient declarations).
func (p *parser) declareStmt(start int, c stmtCtx) {
	p.next() // declare
	if p.isWord("global") && p.peek().Is(OpLBrace) {
		p.next()
		cc := c
		cc.declare = true
		p.namespaceBody(&cc)
		return
	}
	if c.export && c.namespace {
		p.nsDeclare = true
	}
	cc := c
	cc.declare = true
	cc.declStart = start
	p.declareDepth++
	p.parseStmt(cc)
	p.declareDepth--
}

// declStmtRange is a declaration's statement: the export statement when
// exported, else from the declaration's own first token (or its `declare`).
func (p *parser) declStmtRange(start int, c stmtCtx) Range {
	if c.export {
		return p.stmtRange(c.exportStart)
	}
	if c.declare && c.declStart >= 0 && c.declStart < start {
		return p.stmtRange(c.declStart)
	}
	return p.stmtRange(start)
}
