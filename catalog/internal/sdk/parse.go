package sdk

import "strings"

// The parser reads TypeScript declaration files (.d.ts): imports, exports,
// interfaces, type aliases, enums, functions, variables and classes, and
// the type expressions inside them. It never fails: a statement it does not
// understand is skipped to its end, and a type it does not model becomes
// an opaque expression carrying its source text. Every loop advances at
// least one token, so any input terminates.

// maxDepth bounds the nesting of type expressions; deeper types are opaque.
const maxDepth = 100

type parser struct {
	src   string
	toks  []token
	pos   int
	depth int
	f     *file
}

// parseFile parses one declaration file.
func parseFile(path, src string) *file {
	p := &parser{src: src, toks: lex(src), f: &file{
		path:    path,
		decls:   map[string][]*decl{},
		imports: map[string]binding{},
	}}
	for !p.at(tEOF) {
		start := p.pos
		p.statement()
		if p.pos == start {
			p.pos++
		}
	}
	return p.f
}

// --- token helpers

func (p *parser) tok() token { return p.toks[p.pos] }

func (p *parser) peek(n int) token {
	if p.pos+n < len(p.toks) {
		return p.toks[p.pos+n]
	}
	return p.toks[len(p.toks)-1]
}

func (p *parser) next() token {
	t := p.toks[p.pos]
	if p.pos < len(p.toks)-1 {
		p.pos++
	}
	return t
}

func (p *parser) at(k tokKind) bool { return p.toks[p.pos].kind == k }

func (p *parser) isPunct(s string) bool {
	t := p.toks[p.pos]
	return t.kind == tPunct && t.text == s
}

func (p *parser) isIdent(s string) bool {
	t := p.toks[p.pos]
	return t.kind == tIdent && t.text == s
}

func (t token) is(kind tokKind, s string) bool { return t.kind == kind && t.text == s }

// eat consumes the punctuation s if it is next.
func (p *parser) eat(s string) bool {
	if p.isPunct(s) {
		p.next()
		return true
	}
	return false
}

// name reads an identifier or a string used as a name.
func (p *parser) name() string {
	if p.at(tIdent) || p.at(tString) {
		return p.next().text
	}
	return ""
}

// skipBalanced consumes one token, and if it opens a bracket, everything up
// to and including its match.
func (p *parser) skipBalanced() {
	open := p.next()
	if open.kind != tPunct {
		return
	}
	var close string
	switch open.text {
	case "{":
		close = "}"
	case "(":
		close = ")"
	case "[":
		close = "]"
	case "<":
		close = ">"
	default:
		return
	}
	for !p.at(tEOF) && !p.isPunct(close) {
		if open.text != "<" && (p.isPunct(")") || p.isPunct("]") || p.isPunct("}")) {
			// a stray closer of another kind: unbalanced input
			p.next()
			continue
		}
		if open.text == "<" && (p.isPunct(";") || p.isPunct("{") || p.isPunct("}")) {
			return // not a type argument list after all
		}
		p.skipBalanced()
	}
	p.eat(close)
}

// skipStatement consumes the rest of a statement: up to and including the
// next semicolon outside brackets, or up to a closing brace of an enclosing
// block, or up to a declaration keyword at the start of a line.
func (p *parser) skipStatement() {
	first := true
	for !p.at(tEOF) {
		t := p.tok()
		if t.is(tPunct, ";") {
			p.next()
			return
		}
		if t.is(tPunct, "}") || t.is(tPunct, ")") || t.is(tPunct, "]") {
			if first {
				p.next()
			}
			return
		}
		if !first && t.nl && t.kind == tIdent && startsDecl[t.text] {
			return
		}
		first = false
		if t.kind == tPunct && (t.text == "{" || t.text == "(" || t.text == "[") {
			p.skipBalanced()
			continue
		}
		p.next()
	}
}

var startsDecl = map[string]bool{
	"export": true, "import": true, "declare": true, "interface": true, "type": true,
	"function": true, "const": true, "let": true, "var": true, "enum": true, "class": true,
	"namespace": true, "module": true, "abstract": true,
}

// --- statements

func (p *parser) statement() {
	doc := p.tok().doc
	if p.isPunct(";") {
		p.next()
		return
	}
	if p.isIdent("import") && !p.peek(1).is(tPunct, "(") {
		p.importDecl()
		return
	}
	exported, isDefault := false, false
	if p.isIdent("export") {
		p.next()
		switch {
		case p.isPunct("*"):
			p.next()
			as := ""
			if p.isIdent("as") {
				p.next()
				as = p.name()
			}
			if p.isIdent("from") {
				p.next()
				if p.at(tString) {
					spec := p.next().text
					if as == "" {
						p.f.exports = append(p.f.exports, export{spec: spec, star: true})
					} else {
						p.f.exports = append(p.f.exports, export{spec: spec, local: "*", as: as})
					}
				}
			}
			p.skipStatement()
			return
		case p.isPunct("{") || p.isIdent("type") && p.peek(1).is(tPunct, "{"):
			if p.isIdent("type") {
				p.next()
			}
			list := p.specifiers()
			spec := ""
			if p.isIdent("from") {
				p.next()
				if p.at(tString) {
					spec = p.next().text
				}
			}
			for _, s := range list {
				p.f.exports = append(p.f.exports, export{spec: spec, local: s[0], as: s[1]})
			}
			p.skipStatement()
			return
		case p.isPunct("=") || p.isIdent("as") || p.isIdent("import"):
			p.skipStatement()
			return
		case p.isIdent("default"):
			p.next()
			isDefault = true
		}
		exported = true
	}
	ds := p.declaration(doc)
	for _, d := range ds {
		d.file = p.f
		p.f.decls[d.name] = append(p.f.decls[d.name], d)
		p.f.order = append(p.f.order, d)
		if exported {
			as := d.name
			if isDefault {
				as = "default"
			}
			p.f.exports = append(p.f.exports, export{local: d.name, as: as})
		}
	}
	if exported && isDefault && len(ds) == 0 && p.at(tIdent) {
		// export default Name;
		name := p.next().text
		p.f.exports = append(p.f.exports, export{local: name, as: "default"})
		p.skipStatement()
	}
}

// importDecl reads one import statement into the file's bindings.
func (p *parser) importDecl() {
	p.next() // import
	if p.isIdent("type") && (p.peek(1).is(tPunct, "{") || p.peek(1).is(tPunct, "*") || p.peek(1).kind == tIdent && !p.peek(1).is(tIdent, "from")) {
		p.next()
	}
	if p.at(tString) { // import 'x';
		p.next()
		p.skipStatement()
		return
	}
	type pending struct{ local, name string }
	var names []pending
	if p.at(tIdent) && !p.isIdent("from") {
		local := p.next().text
		if p.isPunct("=") { // import x = require('…') / import x = A.B
			p.skipStatement()
			return
		}
		names = append(names, pending{local, "default"})
		p.eat(",")
	}
	if p.isPunct("*") {
		p.next()
		if p.isIdent("as") {
			p.next()
			names = append(names, pending{p.name(), "*"})
		}
	}
	if p.isPunct("{") {
		for _, s := range p.specifiers() {
			names = append(names, pending{s[1], s[0]})
		}
	}
	if p.isIdent("from") {
		p.next()
		if p.at(tString) {
			spec := p.next().text
			for _, n := range names {
				if n.local != "" {
					p.f.imports[n.local] = binding{spec: spec, name: n.name}
				}
			}
		}
	}
	p.skipStatement()
}

// specifiers reads `{ a, b as c, type d }` and returns (name, as) pairs.
func (p *parser) specifiers() [][2]string {
	var out [][2]string
	p.next() // {
	for !p.at(tEOF) && !p.isPunct("}") {
		start := p.pos
		if p.isIdent("type") && (p.peek(1).kind == tIdent || p.peek(1).kind == tString) && !p.peek(1).is(tIdent, "as") {
			p.next()
		}
		n := p.name()
		as := n
		if p.isIdent("as") {
			p.next()
			as = p.name()
		}
		if n != "" {
			out = append(out, [2]string{n, as})
		}
		p.eat(",")
		if p.pos == start {
			p.next()
		}
	}
	p.eat("}")
	return out
}

// declaration reads one declaration after any export keywords.
func (p *parser) declaration(doc string) []*decl {
	for p.isIdent("declare") || p.isIdent("abstract") || p.isIdent("async") {
		p.next()
	}
	t := p.tok()
	if t.kind != tIdent {
		p.skipStatement()
		return nil
	}
	switch t.text {
	case "interface":
		p.next()
		return one(p.interfaceDecl(doc))
	case "type":
		if p.peek(1).kind == tIdent {
			p.next()
			return one(p.typeAlias(doc))
		}
	case "enum":
		p.next()
		return one(p.enumDecl(doc))
	case "const":
		if p.peek(1).is(tIdent, "enum") {
			p.next()
			p.next()
			return one(p.enumDecl(doc))
		}
		p.next()
		return p.varDecl(doc)
	case "let", "var":
		p.next()
		return p.varDecl(doc)
	case "function":
		p.next()
		return one(p.functionDecl(doc))
	case "class":
		p.next()
		return one(p.classDecl(doc))
	case "namespace", "module", "global":
		p.next()
		name := ""
		if p.at(tIdent) {
			name = p.next().text
			for p.eat(".") {
				p.name()
			}
		} else if p.at(tString) {
			p.next()
		}
		if p.isPunct("{") {
			p.skipBalanced()
		} else {
			p.skipStatement()
		}
		if name != "" && t.text == "namespace" {
			return one(&decl{kind: dNamespace, name: name, doc: doc})
		}
		return nil
	}
	p.skipStatement()
	return nil
}

func one(d *decl) []*decl {
	if d == nil {
		return nil
	}
	return []*decl{d}
}

func (p *parser) interfaceDecl(doc string) *decl {
	if !p.at(tIdent) {
		p.skipStatement()
		return nil
	}
	d := &decl{kind: dInterface, name: p.next().text, doc: doc}
	d.typeParams = p.typeParams()
	if p.isIdent("extends") {
		p.next()
		for !p.at(tEOF) && !p.isPunct("{") {
			start := p.pos
			d.extends = append(d.extends, p.typ())
			p.eat(",")
			if p.pos == start {
				p.next()
			}
		}
	}
	if !p.isPunct("{") {
		p.skipStatement()
		return d
	}
	d.members, _ = p.objectMembers()
	return d
}

func (p *parser) typeAlias(doc string) *decl {
	d := &decl{kind: dTypeAlias, name: p.next().text, doc: doc}
	d.typeParams = p.typeParams()
	if !p.eat("=") {
		p.skipStatement()
		return d
	}
	d.typ = p.typ()
	p.endOfDecl()
	return d
}

// endOfDecl consumes a semicolon, or, when the declaration is followed by
// something it should not be, the rest of the statement.
func (p *parser) endOfDecl() {
	if p.eat(";") || p.at(tEOF) || p.tok().nl || p.isPunct("}") {
		return
	}
	p.skipStatement()
}

func (p *parser) enumDecl(doc string) *decl {
	if !p.at(tIdent) {
		p.skipStatement()
		return nil
	}
	d := &decl{kind: dEnum, name: p.next().text, doc: doc}
	if !p.isPunct("{") {
		p.skipStatement()
		return d
	}
	p.next()
	for !p.at(tEOF) && !p.isPunct("}") {
		start := p.pos
		m := enumMember{name: p.name()}
		if p.eat("=") {
			switch {
			case p.at(tString):
				m.value = p.next().text
			case p.at(tNumber):
				m.value = p.next().text
			case p.isPunct("-") && p.peek(1).kind == tNumber:
				p.next()
				m.value = "-" + p.next().text
			default:
				from := p.tok().off
				for !p.at(tEOF) && !p.isPunct(",") && !p.isPunct("}") {
					p.skipBalanced()
				}
				m.value = squash(p.src[from:p.toks[p.pos-1].end])
			}
		}
		if m.name != "" {
			d.enum = append(d.enum, m)
		}
		for !p.at(tEOF) && !p.isPunct(",") && !p.isPunct("}") {
			p.skipBalanced()
		}
		p.eat(",")
		if p.pos == start {
			p.next()
		}
	}
	p.eat("}")
	return d
}

func (p *parser) varDecl(doc string) []*decl {
	var out []*decl
	for p.at(tIdent) {
		d := &decl{kind: dVar, name: p.next().text, doc: doc}
		p.eat("!")
		if p.eat(":") {
			d.typ = p.typ()
		}
		if p.eat("=") {
			if p.at(tString) || p.at(tNumber) {
				t := p.next()
				d.typ = &texpr{kind: xLiteral, name: t.text, str: t.kind == tString}
			}
			for !p.at(tEOF) && !p.isPunct(",") && !p.isPunct(";") && !p.tok().nl {
				p.skipBalanced()
			}
		}
		out = append(out, d)
		if !p.eat(",") {
			break
		}
	}
	p.endOfDecl()
	return out
}

func (p *parser) functionDecl(doc string) *decl {
	p.eat("*")
	if !p.at(tIdent) {
		p.skipStatement()
		return nil
	}
	d := &decl{kind: dFunction, name: p.next().text, doc: doc}
	d.typeParams = p.typeParams()
	if !p.isPunct("(") {
		p.skipStatement()
		return d
	}
	d.params = p.params()
	if p.eat(":") {
		d.typ = p.typ()
	}
	if p.isPunct("{") {
		p.skipBalanced()
		return d
	}
	p.endOfDecl()
	return d
}

func (p *parser) classDecl(doc string) *decl {
	if !p.at(tIdent) {
		p.skipStatement()
		return nil
	}
	d := &decl{kind: dClass, name: p.next().text, doc: doc}
	d.typeParams = p.typeParams()
	for !p.at(tEOF) && !p.isPunct("{") && !p.isPunct(";") {
		if p.isIdent("extends") || p.isIdent("implements") {
			p.next()
			continue
		}
		start := p.pos
		d.extends = append(d.extends, p.typ())
		p.eat(",")
		if p.pos == start {
			p.next()
		}
	}
	if p.isPunct("{") {
		d.members, _ = p.objectMembers()
	} else {
		p.skipStatement()
	}
	return d
}

// typeParams reads `<T, U extends X = Y>` when present and returns the names.
func (p *parser) typeParams() []string {
	if !p.isPunct("<") {
		return nil
	}
	p.next()
	var names []string
	expectName := true
	for !p.at(tEOF) && !p.isPunct(">") {
		if p.isPunct(";") || p.isPunct("{") && expectName {
			return names
		}
		if expectName && p.at(tIdent) {
			for (p.isIdent("in") || p.isIdent("out") || p.isIdent("const")) && p.peek(1).kind == tIdent {
				p.next()
			}
			names = append(names, p.next().text)
			expectName = false
			continue
		}
		if p.eat(",") {
			expectName = true
			continue
		}
		if p.isIdent("extends") || p.isPunct("=") {
			p.next()
			start := p.pos
			p.typ()
			if p.pos == start {
				p.next()
			}
			continue
		}
		p.skipBalanced()
	}
	p.eat(">")
	return names
}

// params reads a parenthesized parameter list.
func (p *parser) params() []param {
	var out []param
	p.next() // (
	for !p.at(tEOF) && !p.isPunct(")") {
		start := p.pos
		for p.at(tIdent) && (p.tok().text == "public" || p.tok().text == "private" || p.tok().text == "protected" ||
			p.tok().text == "readonly" || p.tok().text == "override") && !p.peek(1).is(tPunct, ":") && !p.peek(1).is(tPunct, ",") && !p.peek(1).is(tPunct, ")") && !p.peek(1).is(tPunct, "?") {
			p.next()
		}
		var pm param
		if p.eat("...") {
			pm.rest = true
		}
		switch {
		case p.at(tIdent):
			pm.name = p.next().text
		case p.isPunct("{") || p.isPunct("["):
			p.skipBalanced()
		}
		if p.eat("?") {
			pm.optional = true
		}
		if p.eat(":") {
			pm.typ = p.typ()
		}
		if p.eat("=") {
			for !p.at(tEOF) && !p.isPunct(",") && !p.isPunct(")") {
				p.skipBalanced()
			}
		}
		out = append(out, pm)
		if !p.eat(",") && !p.isPunct(")") {
			// something unexpected: skip to the next parameter
			for !p.at(tEOF) && !p.isPunct(",") && !p.isPunct(")") && !p.isPunct(";") && !p.isPunct("{") {
				p.skipBalanced()
			}
			p.eat(",")
		}
		if p.pos == start {
			p.next()
		}
	}
	p.eat(")")
	return out
}

// objectMembers reads `{ … }` (interface, class or object type body). The
// second result reports a mapped type ({ [K in T]: V }), which the caller
// turns into an opaque type.
func (p *parser) objectMembers() ([]member, bool) {
	var out []member
	mapped := false
	p.next() // {
	for !p.at(tEOF) && !p.isPunct("}") {
		start := p.pos
		if m, ok, isMapped := p.objectMember(); ok {
			out = append(out, m)
		} else if isMapped {
			mapped = true
		}
		for p.eat(";") || p.eat(",") {
		}
		if p.pos == start {
			p.next()
		}
	}
	p.eat("}")
	return out, mapped
}

var memberModifiers = map[string]bool{
	"readonly": true, "static": true, "public": true, "private": true, "protected": true,
	"abstract": true, "declare": true, "override": true, "accessor": true,
}

// objectMember reads one member. ok is false for members that are not data
// (methods, call and construct signatures, accessors) and for what it could
// not read; each is consumed up to its separator.
func (p *parser) objectMember() (m member, ok bool, mapped bool) {
	m.doc = p.tok().doc
	for p.at(tIdent) && memberModifiers[p.tok().text] && p.startsMemberName(1) {
		if p.tok().text == "readonly" {
			m.readonly = true
		}
		p.next()
	}
	switch {
	case p.isPunct("["):
		if p.peek(1).kind == tIdent && p.peek(2).is(tPunct, ":") { // index signature
			p.next()
			p.next()
			p.next()
			key := p.typ()
			p.eat("]")
			p.eat("?")
			if p.eat(":") {
				m.typ = p.typ()
			} else {
				m.typ = &texpr{kind: xKeyword, name: "any"}
			}
			m.index = true
			m.name = display(key, nil)
			p.memberEnd()
			return m, true, false
		}
		isMapped := p.peek(1).kind == tIdent && p.peek(2).is(tIdent, "in") ||
			p.peek(1).is(tIdent, "readonly") || p.peek(1).is(tPunct, "+") || p.peek(1).is(tPunct, "-")
		p.skipBalanced() // computed name or mapped key
		p.skipMember()
		return m, false, isMapped
	case p.isPunct("(") || p.isPunct("<"):
		p.skipMember()
		return m, false, false
	case p.isIdent("new") && (p.peek(1).is(tPunct, "(") || p.peek(1).is(tPunct, "<")):
		p.skipMember()
		return m, false, false
	case (p.isIdent("get") || p.isIdent("set")) && p.startsMemberName(1) && !p.peek(1).is(tPunct, "(") && !p.peek(1).is(tPunct, "?"):
		p.skipMember()
		return m, false, false
	}
	if !(p.at(tIdent) || p.at(tString) || p.at(tNumber) || p.isPunct("#")) {
		p.skipMember()
		return m, false, false
	}
	if p.eat("#") {
		p.skipMember()
		return m, false, false
	}
	m.name = p.next().text
	if p.eat("?") {
		m.optional = true
	}
	p.eat("!")
	switch {
	case p.isPunct("(") || p.isPunct("<"):
		p.skipMember()
		return m, false, false
	case p.eat(":"):
		m.typ = p.typ()
	default:
		m.typ = &texpr{kind: xKeyword, name: "any"}
	}
	p.memberEnd()
	return m, true, false
}

// startsMemberName reports whether the token n ahead can start a member
// name, so that a modifier keyword is a modifier and not itself the name.
func (p *parser) startsMemberName(n int) bool {
	t := p.peek(n)
	return t.kind == tIdent || t.kind == tString || t.kind == tNumber || t.is(tPunct, "[") || t.is(tPunct, "#")
}

// memberEnd checks that a member ended where it should, and skips the rest
// of it when it did not.
func (p *parser) memberEnd() {
	if p.isPunct(";") || p.isPunct(",") || p.isPunct("}") || p.at(tEOF) || p.tok().nl {
		return
	}
	p.skipMember()
}

// skipMember consumes a member up to (not including) its separator or the
// closing brace of its body.
func (p *parser) skipMember() {
	first := true
	for !p.at(tEOF) && !p.isPunct(";") && !p.isPunct(",") && !p.isPunct("}") {
		if !first && p.tok().nl && !p.isPunct("=>") && !p.isPunct("|") && !p.isPunct("&") && !p.isPunct(":") && !p.isPunct(")") && !p.isPunct(">") {
			// the next member, in a body without separators, unless the member
			// clearly continues on this line
			prev := p.toks[p.pos-1]
			if !prev.is(tPunct, "|") && !prev.is(tPunct, "&") && !prev.is(tPunct, ":") && !prev.is(tPunct, "=>") && !prev.is(tPunct, ",") && !prev.is(tPunct, "(") && !prev.is(tPunct, "<") {
				return
			}
		}
		first = false
		p.skipBalanced()
	}
}

// --- type expressions

func (p *parser) opaqueFrom(startTok int) *texpr {
	if p.pos <= startTok {
		return &texpr{kind: xOpaque, text: "any"}
	}
	return &texpr{kind: xOpaque, text: squash(p.src[p.toks[startTok].off:p.toks[p.pos-1].end])}
}

// squash collapses runs of white space to one space.
func squash(s string) string { return strings.Join(strings.Fields(s), " ") }

// typ reads a type expression, conditional types included.
func (p *parser) typ() *texpr {
	start := p.pos
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > maxDepth {
		for !p.at(tEOF) && !p.isPunct(",") && !p.isPunct(";") && !p.isPunct(")") && !p.isPunct("]") && !p.isPunct("}") && !p.isPunct(">") && !p.isPunct("=") {
			p.skipBalanced()
		}
		return p.opaqueFrom(start)
	}
	t := p.union()
	if p.isIdent("extends") && !p.tok().nl {
		p.next()
		p.union()
		if p.eat("?") {
			p.typ()
			if p.eat(":") {
				p.typ()
			}
		}
		return p.opaqueFrom(start)
	}
	return t
}

func (p *parser) union() *texpr {
	lead := p.eat("|")
	first := p.intersection()
	if !p.isPunct("|") {
		_ = lead
		return first
	}
	u := &texpr{kind: xUnion}
	add := func(t *texpr) {
		if t.kind == xUnion {
			u.args = append(u.args, t.args...)
		} else {
			u.args = append(u.args, t)
		}
	}
	add(first)
	for p.eat("|") {
		add(p.intersection())
	}
	return u
}

func (p *parser) intersection() *texpr {
	p.eat("&")
	first := p.operator()
	if !p.isPunct("&") {
		return first
	}
	x := &texpr{kind: xIntersection, args: []*texpr{first}}
	for p.eat("&") {
		x.args = append(x.args, p.operator())
	}
	return x
}

func (p *parser) operator() *texpr {
	start := p.pos
	if p.at(tIdent) && !p.peek(1).is(tPunct, ".") {
		switch p.tok().text {
		case "readonly":
			if p.startsType(1) {
				p.next()
				return p.operator()
			}
		case "keyof", "infer":
			if p.startsType(1) {
				p.next()
				p.operator()
				return p.opaqueFrom(start)
			}
		case "unique":
			if p.peek(1).is(tIdent, "symbol") {
				p.next()
				p.next()
				return &texpr{kind: xKeyword, name: "symbol"}
			}
		}
	}
	return p.postfix()
}

// startsType reports whether the token n ahead can start a type.
func (p *parser) startsType(n int) bool {
	t := p.peek(n)
	switch t.kind {
	case tIdent, tString, tNumber, tTemplate:
		return true
	case tPunct:
		return t.text == "(" || t.text == "[" || t.text == "{" || t.text == "<" || t.text == "-"
	}
	return false
}

func (p *parser) postfix() *texpr {
	start := p.pos
	t := p.primary()
	for p.isPunct("[") && !p.tok().nl {
		p.next()
		if p.eat("]") {
			t = &texpr{kind: xArray, args: []*texpr{t}}
			continue
		}
		p.typ()
		p.eat("]")
		t = p.opaqueFrom(start) // indexed access: T["k"]
	}
	return t
}

var typeKeywords = map[string]bool{
	"string": true, "number": true, "boolean": true, "any": true, "unknown": true, "null": true,
	"undefined": true, "void": true, "never": true, "object": true, "bigint": true, "symbol": true, "this": true,
}

func (p *parser) primary() *texpr {
	start := p.pos
	t := p.tok()
	switch t.kind {
	case tString:
		p.next()
		return &texpr{kind: xLiteral, name: t.text, str: true}
	case tNumber:
		p.next()
		return &texpr{kind: xLiteral, name: t.text}
	case tTemplate:
		p.next()
		return &texpr{kind: xLiteral, name: t.text}
	case tPunct:
		switch t.text {
		case "-":
			if p.peek(1).kind == tNumber {
				p.next()
				return &texpr{kind: xLiteral, name: "-" + p.next().text}
			}
		case "(":
			if p.arrowAhead() {
				return p.functionType()
			}
			p.next()
			inner := p.typ()
			if !p.eat(")") {
				for !p.at(tEOF) && !p.isPunct(")") && !p.isPunct(";") {
					p.skipBalanced()
				}
				p.eat(")")
				return p.opaqueFrom(start)
			}
			return inner
		case "<":
			p.typeParams()
			if p.isPunct("(") {
				return p.functionType()
			}
			return p.opaqueFrom(start)
		case "{":
			members, mapped := p.objectMembers()
			if mapped {
				return p.opaqueFrom(start)
			}
			return &texpr{kind: xObject, members: members}
		case "[":
			return p.tuple()
		}
		p.next()
		return p.opaqueFrom(start)
	case tIdent:
		switch t.text {
		case "typeof":
			p.next()
			name := p.entityName()
			x := &texpr{kind: xTypeof, name: name}
			if p.isPunct("<") && !p.tok().nl {
				x.args = p.typeArgs()
			}
			return x
		case "new", "abstract":
			if t.text == "abstract" {
				p.next()
			}
			if p.isIdent("new") {
				p.next()
				if p.isPunct("<") {
					p.typeParams()
				}
				if p.isPunct("(") {
					p.functionType()
				}
				return p.opaqueFrom(start)
			}
		case "import":
			if p.peek(1).is(tPunct, "(") {
				p.next()
				p.skipBalanced()
				for p.eat(".") {
					p.name()
				}
				if p.isPunct("<") {
					p.typeArgs()
				}
				return p.opaqueFrom(start)
			}
		case "asserts":
			if p.peek(1).kind == tIdent && !p.peek(1).nl {
				p.next()
				p.next()
				if p.isIdent("is") {
					p.next()
					p.typ()
				}
				return &texpr{kind: xKeyword, name: "void"}
			}
		case "true", "false":
			p.next()
			return &texpr{kind: xLiteral, name: t.text}
		}
		if typeKeywords[t.text] && !p.peek(1).is(tPunct, ".") {
			p.next()
			if p.isIdent("is") && !p.tok().nl { // this is T
				p.next()
				p.typ()
				return &texpr{kind: xKeyword, name: "boolean"}
			}
			return &texpr{kind: xKeyword, name: t.text}
		}
		name := p.entityName()
		if p.isIdent("is") && !p.tok().nl { // a type predicate: x is T
			p.next()
			p.typ()
			return &texpr{kind: xKeyword, name: "boolean"}
		}
		x := &texpr{kind: xRef, name: name}
		if p.isPunct("<") && !p.tok().nl {
			x.args = p.typeArgs()
		}
		return x
	}
	p.next()
	return p.opaqueFrom(start)
}

// entityName reads a possibly qualified name: A, ns.A, a.b.C.
func (p *parser) entityName() string {
	var b strings.Builder
	b.WriteString(p.next().text)
	for p.isPunct(".") && (p.peek(1).kind == tIdent) {
		p.next()
		b.WriteByte('.')
		b.WriteString(p.next().text)
	}
	return b.String()
}

// typeArgs reads `<T, U>`.
func (p *parser) typeArgs() []*texpr {
	var args []*texpr
	p.next() // <
	for !p.at(tEOF) && !p.isPunct(">") {
		start := p.pos
		args = append(args, p.typ())
		if !p.eat(",") && !p.isPunct(">") {
			for !p.at(tEOF) && !p.isPunct(">") && !p.isPunct(",") && !p.isPunct(";") && !p.isPunct("{") && !p.isPunct("}") {
				p.skipBalanced()
			}
			p.eat(",")
		}
		if p.pos == start || p.isPunct(";") || p.isPunct("}") {
			break
		}
	}
	p.eat(">")
	return args
}

// arrowAhead reports whether the parenthesis at the current token opens
// the parameters of a function type: its match is followed by =>.
func (p *parser) arrowAhead() bool {
	depth := 0
	for i := p.pos; i < len(p.toks); i++ {
		t := p.toks[i]
		if t.kind != tPunct {
			continue
		}
		switch t.text {
		case "(", "[", "{":
			depth++
		case ")", "]", "}":
			depth--
			if depth == 0 {
				return i+1 < len(p.toks) && p.toks[i+1].is(tPunct, "=>")
			}
		case ";":
			return false
		}
	}
	return false
}

func (p *parser) functionType() *texpr {
	f := &texpr{kind: xFunction, params: p.params()}
	if p.eat("=>") {
		f.args = []*texpr{p.typ()}
	} else {
		f.args = []*texpr{{kind: xKeyword, name: "any"}}
	}
	return f
}

func (p *parser) tuple() *texpr {
	start := p.pos
	x := &texpr{kind: xTuple}
	p.next() // [
	for !p.at(tEOF) && !p.isPunct("]") {
		from := p.pos
		p.eat("...")
		if p.at(tIdent) && (p.peek(1).is(tPunct, ":") || p.peek(1).is(tPunct, "?") && p.peek(2).is(tPunct, ":")) {
			p.next() // a label
			p.eat("?")
			p.eat(":")
		}
		x.args = append(x.args, p.typ())
		p.eat("?")
		if !p.eat(",") && !p.isPunct("]") {
			for !p.at(tEOF) && !p.isPunct("]") && !p.isPunct(";") {
				p.skipBalanced()
			}
			p.eat("]")
			return p.opaqueFrom(start)
		}
		if p.pos == from {
			p.next()
		}
	}
	p.eat("]")
	return x
}
