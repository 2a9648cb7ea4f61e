package jsparse

// Expressions, following esbuild's precedence levels and its decisions
// (arrow functions, async, TypeScript casts and type arguments). Only the
// nodes the extractor looks at keep their children; every node keeps its
// byte range.

type level uint8

const (
	lLowest level = iota
	lComma
	lSpread
	lYield
	lAssign
	lConditional
	lNullishCoalescing
	lLogicalOr
	lLogicalAnd
	lBitwiseOr
	lBitwiseXor
	lBitwiseAnd
	lEquals
	lCompare
	lShift
	lAdd
	lMultiply
	lExponentiation
	lPrefix
	lPostfix
	lNew
	lCall
	lMember
)

type nodeKind uint8

const (
	nOther   nodeKind = iota // anything else (binary, conditional, unary, this, sequence, …)
	nIdent                   // identifier
	nMember                  // a.b, a?.b, a[b]
	nCall                    // call, new, tagged template, import()
	nFunc                    // function, arrow, method
	nClass                   // class expression or declaration
	nObject                  // object literal
	nArray                   // array literal
	nLiteral                 // string, number, template, regex, true, false, null
	nParen                   // ( inner )
	nWrap                    // TypeScript: x as T, x satisfies T, x!, <T>x
	nAssign                  // left = right
	nAwait                   // await inner
	nDecl                    // a TypeScript enum or namespace declaration
)

type fnInfo struct {
	async        bool
	params, body Range
	broken       bool // broken input: the parameters or the body never close
}

type node struct {
	kind       nodeKind
	start, end int
	name       string // nIdent: the decoded name; nMember: the property (dot access or string index)
	nameR      Range  // nMember: the property token (inside the quotes for a string index)
	computed   bool   // nMember: a[b]
	strIndex   bool   // nMember: a['b']
	undef      bool   // nIdent: the identifier `undefined`
	arrow      bool   // nFunc: an arrow function
	inner      *node  // nMember: object; nCall: callee; nParen, nWrap, nAwait: operand; nAssign: right side
	left       *node  // nAssign: target
	fn         fnInfo // nFunc
	props      []prop // nObject
}

type propKind uint8

const (
	propShorthand propKind = iota
	propPair
	propMethod
)

// prop is one key of an object literal (spreads and computed keys left out).
type prop struct {
	kind  propKind
	name  string
	nameR Range
	value *node  // propPair: the value; propShorthand: the identifier
	fn    fnInfo // propMethod
	r     Range  // the whole property (a method: from its first modifier)
}

func (p *parser) expr(l level) node {
	return p.exprFlags(l, false)
}

// maxDepth bounds the nesting of expressions and statements the parser
// follows (`!!!…x`, `a = a = …`, `if (a) if (b) …` have no brackets for
// NestingDepth to count). Beyond it the input is treated as broken: the
// parser recurses, and a Go stack overflow is fatal. No code people write
// comes near it; esbuild's own recursion gives out long before on such
// chains (a guard refuses them before esbuild runs).
const maxDepth = 10_000

// exprFlags parses an expression; afterQuestion: the middle of a
// conditional (TypeScript's arrow return type rule differs there).
func (p *parser) exprFlags(l level, afterQuestion bool) node {
	p.depth++
	if p.depth > maxDepth {
		p.fail()
	}
	n := p.suffix(p.prefix(l, afterQuestion), l, afterQuestion)
	p.depth--
	return n
}

func (p *parser) leaf(kind nodeKind) node {
	t := p.tok()
	n := node{kind: kind, start: t.Start, end: t.End}
	p.next()
	return n
}

func heap(n node) *node { return &n }

func (p *parser) prefix(l level, afterQuestion bool) node {
	t := p.tok()
	start := t.Start
	switch t.Kind {
	case TokNumber, TokString, TokRegExp, TokTemplate:
		return p.leaf(nLiteral)
	case TokTemplateHead:
		p.templateParts()
		return node{kind: nLiteral, start: start, end: p.prevEnd}
	case TokPrivateName:
		// #x in obj
		p.next()
		if !p.isKeyword("in") {
			p.fail()
		}
		return node{kind: nOther, start: start, end: p.prevEnd}
	case TokIdent:
		return p.identPrefix(l, afterQuestion)
	case TokKeyword:
		switch p.val(t) {
		case "this":
			if p.thisDepth == 0 {
				p.x.topThis = true
			}
			return p.leaf(nOther)
		case "super":
			return p.leaf(nOther)
		case "null", "true", "false":
			return p.leaf(nLiteral)
		case "function":
			return p.functionExpr(p.i, false)
		case "class":
			return p.classExpr(p.i)
		case "new":
			p.next()
			if p.isOp(OpDot) {
				p.next()
				if !p.isWord("target") {
					p.fail()
				}
				p.next()
				return node{kind: nOther, start: start, end: p.prevEnd}
			}
			p.expr(lMember) // the constructor
			if p.isTS && p.isOp(OpLess) {
				p.try(func() { p.typeArgs() })
			}
			if p.isOp(OpLParen) {
				p.callArgs()
			}
			return node{kind: nCall, start: start, end: p.prevEnd}
		case "typeof", "void", "delete":
			p.next()
			p.expr(lPrefix)
			return node{kind: nOther, start: start, end: p.prevEnd}
		case "import":
			p.next()
			if p.isOp(OpDot) {
				// import.meta
				p.next()
				if !p.isIdentName() {
					p.fail()
				}
				m := p.tok()
				p.next()
				return node{kind: nMember, start: start, end: p.prevEnd, name: p.val(m), nameR: Range{m.Start, m.End}, inner: &node{kind: nOther, start: start, end: start + 6}}
			}
			if !p.isOp(OpLParen) {
				p.fail()
			}
			p.callArgs()
			return node{kind: nCall, start: start, end: p.prevEnd, inner: &node{kind: nOther, start: start, end: start + 6}}
		}
		p.fail()
	case TokPunct:
		switch t.Op {
		case OpLParen:
			if l > lAssign {
				p.next()
				old := p.allowIn
				p.allowIn = true
				inner := p.expr(lLowest)
				p.allowIn = old
				p.expect(OpRParen)
				return node{kind: nParen, start: start, end: p.prevEnd, inner: heap(inner)}
			}
			return p.parenExpr(p.i, l, false, afterQuestion, false)
		case OpLBracket:
			p.next()
			old := p.allowIn
			p.allowIn = true
			for !p.isOp(OpRBracket) {
				if p.isOp(OpComma) {
					p.next()
					continue
				}
				p.eat(OpEllipsis)
				p.expr(lComma)
				if !p.eat(OpComma) {
					break
				}
			}
			p.allowIn = old
			p.expect(OpRBracket)
			return node{kind: nArray, start: start, end: p.prevEnd}
		case OpLBrace:
			return p.objectLiteral()
		case OpPlus, OpMinus, OpBang, OpTilde, OpPlusPlus, OpMinusMinus:
			p.next()
			p.expr(lPrefix)
			return node{kind: nOther, start: start, end: p.prevEnd}
		case OpLess:
			if !p.isTS {
				p.fail()
			}
			// a generic arrow function, or a type assertion <T>x
			open := p.i
			var forced bool
			if p.try(func() {
				forced = p.typeParamsDefinite()
				if !p.isOp(OpLParen) {
					p.fail()
				}
			}) {
				return p.parenExpr(open, l, false, afterQuestion, forced)
			}
			p.next()
			p.skipType()
			p.expectGreater()
			inner := p.prefix(l, afterQuestion)
			return node{kind: nWrap, start: start, end: inner.end, inner: heap(inner)}
		case OpAt:
			decStart := p.i
			p.decorators()
			if !p.isKeyword("class") {
				p.fail()
			}
			return p.classExpr(decStart)
		}
	}
	p.fail()
	return node{}
}

func (p *parser) identPrefix(l level, afterQuestion bool) node {
	t := p.tok()
	start := t.Start
	escaped := t.Flags&FlagEscaped != 0
	n := p.peek()
	if !escaped {
		switch p.val(t) {
		case "async":
			return p.asyncPrefix(l, afterQuestion)
		case "await":
			if p.fnDepth == 0 || p.startsOperand(n) && !n.NewlineBefore() {
				if p.fnDepth == 0 {
					p.x.tla = true
				}
				p.next()
				inner := p.expr(lPrefix)
				return node{kind: nAwait, start: start, end: p.prevEnd, inner: heap(inner)}
			}
		case "yield":
			if p.fnDepth > 0 && !n.NewlineBefore() && p.startsOperand(n) && !p.isBinaryOp(n) {
				p.next()
				p.expr(lYield)
				return node{kind: nOther, start: start, end: p.prevEnd}
			}
			if p.fnDepth > 0 && (n.Is(OpStar)) {
				p.next()
				p.next()
				p.expr(lYield)
				return node{kind: nOther, start: start, end: p.prevEnd}
			}
		}
	}
	if n.Is(OpArrow) && !n.NewlineBefore() && l <= lAssign {
		paramTok := p.i
		p.next()
		return p.arrowRest(paramTok, paramTok, -1, false)
	}
	p.reference(p.val(t))
	p.next()
	return node{kind: nIdent, start: start, end: t.End, name: p.val(t), undef: p.val(t) == "undefined" && !escaped}
}

// startsOperand reports a token that can begin an expression.
func (p *parser) startsOperand(t *Token) bool {
	switch t.Kind {
	case TokIdent, TokNumber, TokString, TokTemplate, TokTemplateHead, TokRegExp, TokPrivateName:
		return true
	case TokKeyword:
		switch p.val(t) {
		case "this", "super", "null", "true", "false", "function", "class", "new", "typeof", "void", "delete", "import":
			return true
		}
	case TokPunct:
		switch t.Op {
		case OpLParen, OpLBracket, OpLBrace, OpPlus, OpMinus, OpBang, OpTilde, OpPlusPlus, OpMinusMinus, OpLess, OpAt:
			return true
		}
	}
	return false
}

func (p *parser) isBinaryOp(t *Token) bool {
	if t.Kind == TokKeyword {
		return p.val(t) == "in" || p.val(t) == "instanceof"
	}
	if t.Kind != TokPunct {
		return false
	}
	switch t.Op {
	case OpLParen, OpLBracket, OpLBrace, OpBang, OpTilde, OpPlusPlus, OpMinusMinus, OpAt:
		return false
	}
	return true
}

func (p *parser) asyncPrefix(l level, afterQuestion bool) node {
	asyncTok := p.i
	start := p.tok().Start
	n := p.peek()
	if !n.NewlineBefore() && p.tw(n, "function") {
		return p.functionExpr(asyncTok, true)
	}
	if !n.NewlineBefore() && l < lMember {
		switch {
		case n.Is(OpArrow):
			if l <= lAssign {
				p.next()
				return p.arrowRest(asyncTok, asyncTok, -1, false)
			}
		case n.Kind == TokIdent:
			if l <= lAssign {
				isArrow := true
				if p.isTS {
					m := &p.toks[p.nextSig(p.nextSig(p.i))]
					isArrow = m.Is(OpArrow)
				}
				if isArrow {
					p.next()
					paramTok := p.i
					p.next()
					return p.arrowRest(asyncTok, paramTok, -1, true)
				}
			}
		case n.Is(OpLParen):
			p.next()
			return p.parenExpr(asyncTok, l, true, afterQuestion, false)
		case n.Is(OpLess) && p.isTS:
			p.next()
			save, pe := p.i, p.prevEnd
			var forced bool
			if p.try(func() {
				forced = p.typeParamsDefinite()
				if !p.isOp(OpLParen) {
					p.fail()
				}
			}) {
				return p.parenExpr(asyncTok, l, true, afterQuestion, forced)
			}
			p.seek(save, pe)
			// not type parameters: `async` is an identifier followed by '<'
			p.seek(asyncTok, p.toks[asyncTok].Start)
		}
	}
	p.reference("async")
	t := p.tok()
	p.next()
	return node{kind: nIdent, start: start, end: t.End, name: "async"}
}

// parenExpr parses ( … ) at token open (after `async` when async: open is
// the async token, the '(' follows; after type parameters when the open
// token is '<'): an arrow function's parameters or a parenthesized
// expression (an `async(…)` call).
func (p *parser) parenExpr(startTok int, l level, async, afterQuestion, forceArrow bool) node {
	start := p.toks[startTok].Start
	if !p.isOp(OpLParen) {
		p.fail()
	}
	open := p.i
	close := int(p.match[open])
	if close < 0 {
		p.fail()
	}
	after := p.nextSig(close)
	isArrow := forceArrow || p.toks[after].Is(OpArrow) && !p.toks[after].NewlineBefore()
	if !isArrow && p.isTS && p.toks[after].Is(OpColon) {
		save, pe := p.i, p.prevEnd
		p.seek(close, p.toks[close].Start)
		p.next()
		if afterQuestion {
			isArrow = p.try(func() {
				p.next()
				p.skipReturnType()
				if !p.isOp(OpArrow) || p.newlineBefore() {
					p.fail()
				}
				p.next()
				p.withFunctionScope(true, func() { p.arrowBodyOnly() })
				if !p.isOp(OpColon) {
					p.fail()
				}
			})
		} else {
			isArrow = p.try(func() {
				p.next()
				p.skipReturnType()
				if !p.isOp(OpArrow) || p.newlineBefore() {
					p.fail()
				}
			})
		}
		p.seek(save, pe)
	}
	if isArrow {
		return p.arrowRest(startTok, open, close, async)
	}
	// a parenthesized expression, or a call of a function named async
	p.next()
	if async {
		p.reference("async")
		old := p.allowIn
		p.allowIn = true
		for !p.isOp(OpRParen) {
			p.eat(OpEllipsis)
			p.expr(lComma)
			if !p.eat(OpComma) {
				break
			}
		}
		p.allowIn = old
		p.expect(OpRParen)
		return node{kind: nCall, start: start, end: p.prevEnd, inner: &node{kind: nIdent, start: start, end: start + 5, name: "async"}}
	}
	// comma-separated items; esbuild allows a trailing comma here too
	old := p.allowIn
	p.allowIn = true
	inner := p.expr(lComma)
	for p.eat(OpComma) && !p.isOp(OpRParen) {
		p.expr(lComma)
		inner = node{kind: nOther, start: inner.start, end: p.prevEnd}
	}
	p.allowIn = old
	p.expect(OpRParen)
	return node{kind: nParen, start: start, end: p.prevEnd, inner: heap(inner)}
}

// arrowRest parses an arrow function from its parameters: a '(' at open
// matched by close, or one parameter token at open (close < 0). The
// current token is the '(' or the parameter, or '=>' after the parameter.
func (p *parser) arrowRest(startTok, open, close int, async bool) node {
	start := p.toks[startTok].Start
	fn := fnInfo{async: async, params: noRange, body: noRange}
	p.pushScope(true)
	p.fnDepth++
	if close >= 0 {
		fn.params = Range{p.toks[open].Start, p.toks[close].End}
		if parseEveryBody || hasCand(p.modCands, open, close) {
			p.seek(open, p.toks[open].Start)
			p.params()
		} else {
			p.seek(close, p.toks[close].Start)
			p.next()
		}
		if p.isTS && p.isOp(OpColon) {
			p.next()
			p.skipReturnType()
		}
	} else {
		t := &p.toks[open]
		fn.params = Range{t.Start, t.End}
		p.declareLex(p.val(t))
		p.seek(p.nextSig(open), t.End)
	}
	if !p.isOp(OpArrow) || p.newlineBefore() {
		p.fail()
	}
	p.next()
	bodyStart := p.i
	if p.isOp(OpLBrace) {
		bodyClose := int(p.match[bodyStart])
		if p.regionBroken(bodyStart, bodyClose) {
			fn.body = p.brokenBody(bodyStart)
		} else {
			fn.body = Range{p.toks[bodyStart].Start, p.toks[bodyClose].End}
			if parseEveryBody || hasCand(p.modCands, bodyStart, bodyClose) || p.thisDepth == 0 && hasCand(p.thisCands, bodyStart, bodyClose) {
				p.functionBody()
			} else {
				p.checkSkipped(bodyStart, bodyClose)
				p.seek(bodyClose, p.toks[bodyClose].Start)
				p.next()
			}
		}
	} else {
		b := p.expr(lComma)
		fn.body = Range{b.start, b.end}
	}
	p.fnDepth--
	p.popScope()
	return node{kind: nFunc, arrow: true, start: start, end: p.prevEnd, fn: fn}
}

// arrowBodyOnly parses an arrow body (for TypeScript's lookahead in a
// conditional).
func (p *parser) arrowBodyOnly() {
	if p.isOp(OpLBrace) {
		close := int(p.match[p.i])
		if close < 0 {
			p.fail()
		}
		p.seek(close, p.toks[close].Start)
		p.next()
		return
	}
	p.expr(lComma)
}

func (p *parser) functionExpr(startTok int, async bool) node {
	if async {
		p.next()
	}
	p.next() // function
	p.eat(OpStar)
	if p.isIdent() || p.isKeyword("yield") {
		p.next()
	}
	fn := p.functionRest(startTok, async, false)
	return node{kind: nFunc, start: p.toks[startTok].Start, end: p.prevEnd, fn: fn}
}

func (p *parser) classExpr(startTok int) node {
	p.next() // class
	if p.isIdent() && !p.isWord("implements") {
		p.next()
	}
	p.pushScope(false)
	p.classRest()
	p.popScope()
	return node{kind: nClass, start: p.toks[startTok].Start, end: p.prevEnd}
}

func (p *parser) callArgs() {
	p.expect(OpLParen)
	old := p.allowIn
	p.allowIn = true
	for !p.isOp(OpRParen) {
		p.eat(OpEllipsis)
		p.expr(lComma)
		if !p.eat(OpComma) {
			break
		}
	}
	p.allowIn = old
	p.expect(OpRParen)
}

func (p *parser) templateParts() {
	// at a template head
	p.next()
	for {
		old := p.allowIn
		p.allowIn = true
		p.expr(lLowest)
		p.allowIn = old
		t := p.tok()
		switch t.Kind {
		case TokTemplateMiddle:
			p.next()
			continue
		case TokTemplateTail:
			p.next()
			return
		}
		p.fail()
	}
}

// objectLiteral parses { … } keeping its keys.
func (p *parser) objectLiteral() node {
	start := p.tok().Start
	p.next()
	old := p.allowIn
	p.allowIn = true
	var props []prop
	for !p.isOp(OpRBrace) {
		if p.tok().Kind == TokEOF {
			p.fail()
		}
		if p.eat(OpEllipsis) {
			p.expr(lComma)
		} else if pr, ok := p.property(); ok {
			props = append(props, pr)
		}
		if !p.eat(OpComma) {
			break
		}
	}
	p.allowIn = old
	p.expect(OpRBrace)
	return node{kind: nObject, start: start, end: p.prevEnd, props: props}
}

// property parses one property of an object literal; ok is false for a
// computed key (its name needs execution).
func (p *parser) property() (pr prop, ok bool) {
	startTok := p.i
	start := p.tok().Start
	async, gen, accessor := false, false, false
	keyStarts := func(t *Token) bool {
		return t.Kind == TokIdent || t.Kind == TokKeyword || t.Kind == TokString || t.Kind == TokNumber || t.Is(OpLBracket) || t.Is(OpStar) || t.Kind == TokPrivateName
	}
	if p.isWord("async") {
		if n := p.peek(); !n.NewlineBefore() && keyStarts(n) {
			async = true
			p.next()
		}
	}
	if p.eat(OpStar) {
		gen = true
	}
	if !async && !gen && (p.isWord("get") || p.isWord("set")) {
		if n := p.peek(); keyStarts(n) && !n.Is(OpStar) {
			accessor = true
			p.next()
		}
	}
	computed := false
	k := p.tok()
	key := *k
	switch {
	case p.isOp(OpLBracket):
		p.next()
		p.expr(lComma)
		p.expect(OpRBracket)
		computed = true
	case k.Kind == TokIdent || k.Kind == TokKeyword || k.Kind == TokNumber:
		p.next()
	case k.Kind == TokString:
		p.next()
	default:
		p.fail()
	}
	name := p.val(&key)
	nameR := Range{key.Start, key.End}
	if key.Kind == TokString {
		nameR = Range{key.Start + 1, key.End - 1}
		if key.Flags&FlagUnterminated != 0 {
			nameR.End = key.End
		}
	}
	if key.Kind == TokNumber {
		name = string(p.src[key.Start:key.End])
	}
	if p.isOp(OpLParen) || p.isOp(OpLess) {
		fn := p.functionRest(startTok, async, true)
		pr = prop{kind: propMethod, name: name, nameR: nameR, fn: fn, r: Range{start, p.prevEnd}}
		return pr, !computed
	}
	if async || gen || accessor {
		p.fail()
	}
	if p.eat(OpColon) {
		v := p.expr(lComma)
		pr = prop{kind: propPair, name: name, nameR: nameR, value: heap(v), r: Range{start, p.prevEnd}}
		return pr, !computed
	}
	if computed || key.Kind != TokIdent && !(key.Kind == TokKeyword && (p.val(&key) == "yield" || p.val(&key) == "await")) {
		p.fail()
	}
	// shorthand, maybe with a default in an assignment pattern
	p.reference(p.val(&key))
	id := &node{kind: nIdent, start: key.Start, end: key.End, name: p.val(&key), undef: p.val(&key) == "undefined"}
	if p.eat(OpAssign) {
		p.expr(lComma)
	}
	return prop{kind: propShorthand, name: name, nameR: nameR, value: id, r: Range{start, p.prevEnd}}, true
}

// suffix parses what follows an operand at the given level.
func (p *parser) suffix(left node, l level, afterQuestion bool) node {
	if left.kind == nFunc && left.arrow {
		// an arrow function takes no suffix but a comma
		for p.isOp(OpComma) && l < lComma {
			p.next()
			p.expr(lComma)
			left = node{kind: nOther, start: left.start, end: p.prevEnd}
		}
		return left
	}
	for {
		t := p.tok()
		if t.Kind == TokTemplate || t.Kind == TokTemplateHead {
			// tagged template
			if t.Kind == TokTemplate {
				p.next()
			} else {
				p.templateParts()
			}
			left = node{kind: nCall, start: left.start, end: p.prevEnd, inner: heap(left)}
			continue
		}
		if t.Kind == TokKeyword {
			switch p.val(t) {
			case "in":
				if l >= lCompare || !p.allowIn {
					return left
				}
				p.next()
				p.expr(lCompare)
				left = node{kind: nOther, start: left.start, end: p.prevEnd}
				continue
			case "instanceof":
				if l >= lCompare {
					return left
				}
				p.next()
				p.expr(lCompare)
				left = node{kind: nOther, start: left.start, end: p.prevEnd}
				continue
			}
			return left
		}
		if t.Kind == TokIdent {
			if p.isTS && l < lCompare && !t.NewlineBefore() && t.Flags&FlagEscaped == 0 && (p.val(t) == "as" || p.val(t) == "satisfies") {
				p.next()
				p.skipType()
				left = node{kind: nWrap, start: left.start, end: p.prevEnd, inner: heap(left)}
				// esbuild: no suffix but binary operators after a cast
				switch p.op() {
				case OpPlusPlus, OpMinusMinus, OpLParen, OpLBracket, OpQuestionDot:
					return left
				}
				if isAssignOp(p.op()) || p.tok().Kind == TokTemplate || p.tok().Kind == TokTemplateHead {
					return left
				}
				continue
			}
			return left
		}
		if t.Kind != TokPunct {
			return left
		}
		op := p.op()
		switch op {
		case OpDot:
			p.next()
			m := p.tok()
			if m.Kind == TokPrivateName || m.Kind == TokIdent || m.Kind == TokKeyword {
				p.next()
			} else {
				p.fail()
			}
			left = node{kind: nMember, start: left.start, end: p.prevEnd, name: p.val(m), nameR: Range{m.Start, m.End}, inner: heap(left)}
		case OpQuestionDot:
			p.next()
			switch {
			case p.isOp(OpLBracket):
				left = p.index(left)
			case p.isOp(OpLParen):
				if l >= lCall {
					return left
				}
				p.callArgs()
				left = node{kind: nCall, start: left.start, end: p.prevEnd, inner: heap(left)}
			case p.isTS && p.isOp(OpLess):
				p.typeArgs()
				if l >= lCall {
					return left
				}
				p.callArgs()
				left = node{kind: nCall, start: left.start, end: p.prevEnd, inner: heap(left)}
			default:
				m := p.tok()
				if m.Kind == TokPrivateName || m.Kind == TokIdent || m.Kind == TokKeyword {
					p.next()
				} else {
					p.fail()
				}
				left = node{kind: nMember, start: left.start, end: p.prevEnd, name: p.val(m), nameR: Range{m.Start, m.End}, inner: heap(left)}
			}
		case OpLBracket:
			left = p.index(left)
		case OpLParen:
			if l >= lCall {
				return left
			}
			p.callArgs()
			left = node{kind: nCall, start: left.start, end: p.prevEnd, inner: heap(left)}
		case OpQuestion:
			if l >= lConditional {
				return left
			}
			p.next()
			old := p.allowIn
			p.allowIn = true
			p.exprFlags(lComma, true)
			p.allowIn = old
			p.expect(OpColon)
			p.exprFlags(lComma, afterQuestion)
			left = node{kind: nOther, start: left.start, end: p.prevEnd}
		case OpBang:
			if t.NewlineBefore() || !p.isTS {
				return left
			}
			p.next()
			left = node{kind: nWrap, start: left.start, end: p.prevEnd, inner: heap(left)}
		case OpPlusPlus, OpMinusMinus:
			if t.NewlineBefore() || l >= lPostfix {
				return left
			}
			p.next()
			left = node{kind: nOther, start: left.start, end: p.prevEnd}
		case OpComma:
			if l >= lComma {
				return left
			}
			p.next()
			p.expr(lComma)
			left = node{kind: nOther, start: left.start, end: p.prevEnd}
		case OpAssign:
			if l >= lAssign {
				return left
			}
			p.next()
			right := p.expr(lAssign - 1)
			left = node{kind: nAssign, start: left.start, end: right.end, left: heap(left), inner: heap(right)}
		case OpLess, OpShl:
			if p.isTS {
				save, pe := p.i, p.prevEnd
				if p.try(func() {
					p.typeArgsInExpr()
					if !p.canFollowTypeArgs() {
						p.fail()
					}
				}) {
					left = node{kind: nWrap, start: left.start, end: p.prevEnd, inner: heap(left)}
					continue
				}
				p.seek(save, pe)
			}
			lv := lCompare
			if op == OpShl {
				lv = lShift
			}
			if l >= lv {
				return left
			}
			p.next()
			p.expr(lv)
			left = node{kind: nOther, start: left.start, end: p.prevEnd}
		default:
			lv, rightLv, ok := binaryLevel(op)
			if !ok {
				return left
			}
			if l >= lv {
				return left
			}
			p.next()
			p.expr(rightLv)
			left = node{kind: nOther, start: left.start, end: p.prevEnd}
		}
	}
}

func (p *parser) index(left node) node {
	p.next() // [
	old := p.allowIn
	p.allowIn = true
	strTok := p.tok()
	idx := p.expr(lLowest)
	p.allowIn = old
	p.expect(OpRBracket)
	n := node{kind: nMember, start: left.start, end: p.prevEnd, computed: true, inner: heap(left)}
	if strTok.Kind == TokString && idx.kind == nLiteral && idx.start == strTok.Start && idx.end == strTok.End {
		n.strIndex = true
		n.name = p.val(strTok)
		n.nameR = Range{strTok.Start + 1, strTok.End - 1}
	}
	return n
}

func isAssignOp(op Op) bool {
	switch op {
	case OpAssign, OpPlusAssign, OpMinusAssign, OpStarAssign, OpSlashAssign, OpPercentAssign, OpStarStarAssign,
		OpShlAssign, OpShrAssign, OpUShrAssign, OpAmpAssign, OpBarAssign, OpCaretAssign, OpAmpAmpAssign,
		OpBarBarAssign, OpQuestionQuestionAssign:
		return true
	}
	return false
}

// binaryLevel gives a binary operator's level and the level its right
// operand is parsed at.
func binaryLevel(op Op) (level, level, bool) {
	switch op {
	case OpPlus, OpMinus:
		return lAdd, lAdd, true
	case OpStar, OpPercent, OpSlash:
		return lMultiply, lMultiply, true
	case OpStarStar:
		return lExponentiation, lExponentiation - 1, true
	case OpEq, OpNotEq, OpStrictEq, OpStrictNotEq:
		return lEquals, lEquals, true
	case OpLessEq, OpGreater, OpGreaterEq:
		return lCompare, lCompare, true
	case OpShr, OpUShr:
		return lShift, lShift, true
	case OpQuestionQuestion:
		return lNullishCoalescing, lNullishCoalescing, true
	case OpBarBar:
		return lLogicalOr, lLogicalOr, true
	case OpAmpAmp:
		return lLogicalAnd, lLogicalAnd, true
	case OpBar:
		return lBitwiseOr, lBitwiseOr, true
	case OpCaret:
		return lBitwiseXor, lBitwiseXor, true
	case OpAmp:
		return lBitwiseAnd, lBitwiseAnd, true
	}
	if isAssignOp(op) {
		return lAssign, lAssign - 1, true
	}
	return 0, 0, false
}
