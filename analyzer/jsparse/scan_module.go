package jsparse

// import and export statements.

// moduleName reads an identifier name or a string (export { "a-b" as c }).
func (p *parser) moduleName() nameAt {
	t := p.tok()
	switch {
	case t.Kind == TokString:
		p.next()
		r := Range{t.Start + 1, t.End - 1}
		if t.Flags&FlagUnterminated != 0 {
			r.End = t.End
		}
		return nameAt{p.val(t), r}
	case t.Kind == TokIdent || t.Kind == TokKeyword:
		p.next()
		return nameAt{p.val(t), Range{t.Start, t.End}}
	}
	p.fail()
	return nameAt{}
}

// path reads the module specifier string and import attributes.
func (p *parser) path() string {
	t := p.tok()
	if t.Kind != TokString && t.Kind != TokTemplate { // esbuild takes a template without substitutions too
		p.fail()
	}
	p.next()
	if (p.isKeyword("with") || p.isWord("assert") && !p.newlineBefore()) && p.peek().Is(OpLBrace) {
		p.next()
		close := int(p.match[p.i])
		if close < 0 {
			p.fail()
		}
		p.seek(close, p.toks[close].Start)
		p.next()
	}
	return p.val(t)
}

type importSpec struct {
	local    nameAt
	imported string
	typeOnly bool
}

func (p *parser) importStmt(start int, c stmtCtx) {
	p.next() // import
	typeOnly := false
	var specs []importSpec
	source := ""
	// TypeScript: import type …
	if p.isTS && p.isWord("type") {
		n := p.peek()
		if n.Is(OpLBrace) || n.Is(OpStar) || n.Kind == TokIdent && !(p.tw(n, "from") && p.toks[p.nextSig(p.nextSig(p.i))].Kind == TokString) {
			typeOnly = true
			p.next()
		}
	}
	switch {
	case p.tok().Kind == TokString || p.tok().Kind == TokTemplate:
		source = p.path()
		p.semicolon()
		p.nsValueUnlessType(typeOnly)
		p.x.importStatement()
		if c.top {
			p.x.importDeclaration(nil, source, typeOnly, p.stmtRange(start))
		}
		return
	case p.isOp(OpStar):
		p.next()
		if !p.isWord("as") {
			p.fail()
		}
		p.next()
		specs = append(specs, importSpec{local: p.bindingName(), imported: "*"})
	case p.isOp(OpLBrace):
		specs = p.importClause(specs)
	case p.isIdent():
		t := p.tok()
		// import defer * as ns from 'x'
		if p.val(t) == "defer" && p.peek().Is(OpStar) {
			p.next()
			p.next()
			if !p.isWord("as") {
				p.fail()
			}
			p.next()
			specs = append(specs, importSpec{local: p.bindingName(), imported: "*"})
			break
		}
		local := p.bindingName()
		if p.isTS && p.isOp(OpAssign) {
			p.importEquals(start, c, local, typeOnly)
			return
		}
		specs = append(specs, importSpec{local: local, imported: "default"})
		if p.eat(OpComma) {
			if p.isOp(OpStar) {
				p.next()
				if !p.isWord("as") {
					p.fail()
				}
				p.next()
				specs = append(specs, importSpec{local: p.bindingName(), imported: "*"})
			} else {
				specs = p.importClause(specs)
			}
		}
	default:
		p.fail()
	}
	if !p.isWord("from") {
		p.fail()
	}
	p.next()
	source = p.path()
	p.semicolon()
	for _, s := range specs {
		p.declareLex(s.local.name)
	}
	p.nsValueUnlessType(typeOnly)
	p.x.importStatement()
	if c.top {
		p.x.importDeclaration(specs, source, typeOnly, p.stmtRange(start))
	}
}

func (p *parser) nsValueUnlessType(typeOnly bool) {
	if !typeOnly {
		p.nsValue()
	}
}

func (p *parser) bindingName() nameAt {
	t := p.tok()
	if t.Kind != TokIdent && !(t.Kind == TokKeyword && (p.val(t) == "yield" || p.val(t) == "await")) {
		p.fail()
	}
	p.next()
	return nameAt{p.val(t), Range{t.Start, t.End}}
}

// importClause reads { a, b as c, "s" as d, type e }.
func (p *parser) importClause(specs []importSpec) []importSpec {
	p.expect(OpLBrace)
	for !p.isOp(OpRBrace) {
		typeOnly := false
		if p.isTS && p.isWord("type") {
			n := p.peek()
			switch {
			case n.Is(OpComma) || n.Is(OpRBrace):
				// { type }: the name "type"
			case p.tw(n, "as"):
				// { type as as x } is type-only; { type as x } imports "type"
				m := &p.toks[p.nextSig(p.nextSig(p.i))]
				if p.tw(m, "as") {
					typeOnly = true
					p.next()
				}
			default:
				typeOnly = true
				p.next()
			}
		}
		imported := p.moduleName()
		local := imported
		if p.isWord("as") {
			p.next()
			local = p.bindingName()
		}
		specs = append(specs, importSpec{local: local, imported: imported.name, typeOnly: typeOnly})
		if !p.eat(OpComma) {
			break
		}
	}
	p.expect(OpRBrace)
	return specs
}

// importEquals: import x = require('y') / import A = B.C (TypeScript).
func (p *parser) importEquals(start int, c stmtCtx, local nameAt, typeOnly bool) {
	p.next() // =
	p.declareLex(local.name)
	if p.isWord("require") && p.peek().Is(OpLParen) && !c.namespace {
		p.next()
		p.next()
		if p.tok().Kind != TokString {
			p.fail()
		}
		source := p.val(p.tok())
		p.next()
		p.expect(OpRParen)
		p.semicolon()
		if typeOnly {
			p.x.importStatement() // esbuild keeps `import type x = require()` as ESM import syntax
		}
		if c.export {
			p.nsValue()
		}
		if c.top {
			p.x.importRequire(local, source, typeOnly, c, p.declStmtRange(start, c))
		}
		return
	}
	// an entity name: A.B.C
	vstart := p.tok()
	if !p.isIdent() {
		p.fail()
	}
	p.reference(p.val(vstart))
	val := node{kind: nIdent, start: vstart.Start, end: vstart.End, name: p.val(vstart)}
	p.next()
	for p.isOp(OpDot) {
		p.next()
		m := p.tok()
		if !p.isIdentName() {
			p.fail()
		}
		p.next()
		val = node{kind: nMember, start: val.start, end: m.End, name: p.val(m), nameR: Range{m.Start, m.End}, inner: heap(val)}
	}
	p.semicolon()
	if c.export {
		p.nsValue()
	}
	if c.top {
		p.x.importAlias(local, &val, typeOnly, c, p.declStmtRange(start, c))
	}
}

// exportStmt parses an export statement (decorators before it already
// consumed when start is before the export keyword).
func (p *parser) exportStmt(start int, c stmtCtx) {
	p.next() // export
	isESM := c.top
	ec := stmtCtx{top: c.top, namespace: c.namespace, declare: c.declare, export: true, exportStart: start, declStart: -1}
	t := p.tok()
	switch {
	case t.Is(OpAssign) && p.isTS:
		// export = value: CommonJS in disguise
		p.next()
		v := p.expr(lLowest)
		p.semicolon()
		p.nsValue()
		if c.top {
			exportKw := p.toks[start]
			for k := start; k < p.i; k++ {
				if p.tw(&p.toks[k], "export") {
					exportKw = p.toks[k]
					break
				}
			}
			p.x.exportEquals(Range{exportKw.Start, exportKw.End}, &v, p.stmtRange(start))
		}
		return
	case p.tw(t, "as") && p.isTS:
		// export as namespace X;
		p.next()
		if !p.isWord("namespace") {
			p.fail()
		}
		p.next()
		p.bindingName()
		p.semicolon()
		if isESM {
			p.x.esm = true
		}
		return
	case t.Is(OpStar):
		p.next()
		var alias *nameAt
		if p.isWord("as") {
			p.next()
			a := p.moduleName()
			alias = &a
		}
		if !p.isWord("from") {
			p.fail()
		}
		p.next()
		source := p.path()
		p.semicolon()
		p.nsValue()
		if isESM {
			p.x.esm = true
			p.x.exportStar(alias, source, false, p.stmtRange(start))
		}
		return
	case t.Is(OpLBrace):
		p.exportClause(start, c, false)
		return
	case p.tw(t, "type") && p.isTS && (p.peek().Is(OpLBrace) || p.peek().Is(OpStar)):
		p.next()
		if p.isOp(OpStar) {
			p.next()
			var alias *nameAt
			if p.isWord("as") {
				p.next()
				a := p.moduleName()
				alias = &a
			}
			if !p.isWord("from") {
				p.fail()
			}
			p.next()
			source := p.path()
			p.semicolon()
			if isESM {
				p.x.esm = true
				p.x.exportStar(alias, source, true, p.stmtRange(start))
			}
			return
		}
		p.exportClause(start, c, true)
		return
	case p.tw(t, "default"):
		p.exportDefault(start, c)
		return
	case p.tw(t, "import") && p.isTS:
		p.next()
		local := p.bindingName()
		if !p.isOp(OpAssign) {
			p.fail()
		}
		if isESM {
			p.x.esm = true
		}
		p.importEquals(start, ec, local, false)
		return
	}
	if isESM {
		p.x.esm = true
	}
	// export <declaration>
	switch {
	case t.Kind == TokKeyword && (p.val(t) == "var" || p.val(t) == "const" || p.val(t) == "function" || p.val(t) == "class" || p.val(t) == "enum"):
	case t.Is(OpAt):
	case t.Kind == TokIdent && (p.val(t) == "let" || p.val(t) == "async" || p.val(t) == "using"):
	case p.isTS && t.Kind == TokIdent && (p.val(t) == "type" || p.val(t) == "interface" || p.val(t) == "namespace" || p.val(t) == "module" || p.val(t) == "abstract" || p.val(t) == "declare"):
	default:
		p.fail()
	}
	p.parseStmt(ec)
}

// exportClause: export [type] { a, b as c, type d } [from 's'];
func (p *parser) exportClause(start int, c stmtCtx, stmtTypeOnly bool) {
	type spec struct {
		local, name nameAt
		typeOnly    bool
		localTok    Token
	}
	var specs []spec
	p.expect(OpLBrace)
	for !p.isOp(OpRBrace) {
		typeOnly := stmtTypeOnly
		if p.isTS && p.isWord("type") {
			n := p.peek()
			switch {
			case n.Is(OpComma) || n.Is(OpRBrace):
			case p.tw(n, "as"):
				m := &p.toks[p.nextSig(p.nextSig(p.i))]
				if p.tw(m, "as") {
					typeOnly = true
					p.next()
				}
			default:
				typeOnly = true
				p.next()
			}
		}
		lt := *p.tok()
		local := p.moduleName()
		name := local
		if p.isWord("as") {
			p.next()
			name = p.moduleName()
		}
		specs = append(specs, spec{local: local, name: name, typeOnly: typeOnly, localTok: lt})
		if !p.eat(OpComma) {
			break
		}
	}
	p.expect(OpRBrace)
	source, hasFrom := "", false
	if p.isWord("from") {
		p.next()
		source = p.path()
		hasFrom = true
	}
	p.semicolon()
	if !stmtTypeOnly {
		p.nsValue()
	}
	if !hasFrom {
		for _, s := range specs {
			if s.localTok.Kind == TokIdent || s.localTok.Kind == TokKeyword {
				p.reference(s.local.name)
			}
		}
	}
	if !c.top {
		return
	}
	p.x.esm = true
	stmt := p.stmtRange(start)
	for _, s := range specs {
		if hasFrom {
			p.x.reExport(s.name, s.local.name, source, s.typeOnly, stmt)
		} else {
			p.x.exportSpecifier(s.name, s.local, s.typeOnly, stmt)
		}
	}
}

// exportDefault: export default <declaration or expression>.
func (p *parser) exportDefault(start int, c stmtCtx) {
	defTok := *p.tok()
	defR := Range{defTok.Start, defTok.End}
	p.next()
	if c.top {
		p.x.esm = true
	}
	t := p.tok()
	declStart := p.i
	var value *node
	var name nameAt
	hasName := false
	typeOnly := false
	switch {
	case p.tw(t, "function") || p.tw(t, "async") && p.tw(p.peek(), "function") && !p.peek().NewlineBefore():
		async := p.tw(t, "async")
		if async {
			p.next()
		}
		p.next()
		p.eat(OpStar)
		if p.isIdent() || p.isKeyword("yield") {
			n := p.tok()
			name, hasName = nameAt{p.val(n), Range{n.Start, n.End}}, true
			p.declareLex(p.val(n))
			p.next()
		}
		fn := p.functionRest(declStart, async, false)
		value = &node{kind: nFunc, start: p.toks[declStart].Start, end: p.prevEnd, fn: fn}
		if fn.body.Start < 0 && !fn.broken {
			typeOnly = true // an overload signature
		}
		p.nsValue()
	case p.tw(t, "class") || t.Is(OpAt) || p.isTS && p.tw(t, "abstract") && p.tw(p.peek(), "class") && !p.peek().NewlineBefore():
		p.decorators()
		if p.isWord("abstract") {
			p.next()
		}
		if !p.isKeyword("class") {
			p.fail()
		}
		p.next()
		if p.isIdent() && !p.isWord("implements") {
			n := p.tok()
			name, hasName = nameAt{p.val(n), Range{n.Start, n.End}}, true
			p.declareLex(p.val(n))
			p.next()
		}
		p.classRest()
		value = &node{kind: nClass, start: p.toks[declStart].Start, end: p.prevEnd}
		p.nsValue()
	case p.isTS && p.tw(t, "interface") && (p.peek().Kind == TokIdent || p.peek().Kind == TokKeyword):
		p.next()
		n := p.tok()
		p.bindingName()
		name, hasName = nameAt{p.val(n), Range{n.Start, n.End}}, true
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
		p.objectType()
		value = nil
		typeOnly = true
		if c.top {
			p.x.exportDefaultDecl(defR, name, hasName, bkInterface, nil, Range{p.toks[declStart].Start, p.prevEnd}, true, p.stmtRange(start))
		}
		return
	default:
		v := p.expr(lComma)
		p.semicolon()
		p.nsValue()
		if c.top {
			p.x.exportDefaultExpr(defR, &v, p.stmtRange(start))
		}
		return
	}
	if c.top {
		kind := bkFunc
		if value.kind == nClass {
			kind = bkClass
		} else if typeOnly {
			kind = bkFuncSig
		}
		p.x.exportDefaultDecl(defR, name, hasName, kind, value, Range{value.start, value.end}, typeOnly, p.stmtRange(start))
	}
}
