//go:build treesitter

package jsparse

import (
	"bytes"
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf16"

	sitter "github.com/smacker/go-tree-sitter"
	"github.com/smacker/go-tree-sitter/javascript"
	"github.com/smacker/go-tree-sitter/typescript/typescript"
)

// grammar is one tree-sitter language with its symbol names cached (Type()
// allocates a Go string per call; Symbol() does not) and a pool of parsers.
type grammar struct {
	lang  *sitter.Language
	names []string
	pool  sync.Pool // parsers that read the whole input
	// skipPool holds parsers whose included ranges are set before every
	// use (see skip.go), kept apart from pool.
	skipPool sync.Pool
}

func newGrammar(l *sitter.Language) *grammar {
	g := &grammar{lang: l}
	n := l.SymbolCount()
	g.names = make([]string, n)
	for i := uint32(0); i < n; i++ {
		g.names[i] = l.SymbolName(sitter.Symbol(i))
	}
	g.pool.New = func() any {
		p := sitter.NewParser()
		p.SetLanguage(l)
		return p
	}
	g.skipPool.New = g.pool.New
	return g
}

var (
	grammarsOnce sync.Once
	grammarJS    *grammar
	grammarTS    *grammar
)

func grammarFor(lang Lang) *grammar {
	grammarsOnce.Do(func() {
		grammarJS = newGrammar(javascript.GetLanguage())
		grammarTS = newGrammar(typescript.GetLanguage())
	})
	if lang == LangTS {
		return grammarTS
	}
	return grammarJS
}

// ParseTreeSitter is the tree-sitter implementation the scanner (Parse)
// replaced, kept behind the treesitter build tag for the differential test
// and the benchmarks. It reads src with tree-sitter and returns its
// exports, top-level declarations and syntax-error locations. One parse per
// call, parsers are pooled, the tree is freed before returning. It never
// panics and never returns nil. Safe for concurrent use.
func ParseTreeSitter(src []byte, lang Lang) (f *File) {
	f = &File{Lang: lang}
	if NestingDepth(src) > MaxNestingDepth {
		// Too deep to parse safely (see MaxNestingDepth): an empty, broken tree.
		f.HasErrors = true
		f.ErrorRanges = []Range{{0, len(src)}}
		return f
	}
	defer func() {
		if r := recover(); r != nil {
			f.HasErrors = true
			f.ErrorRanges = append(f.ErrorRanges, Range{0, len(src)})
			f.internalError = fmt.Sprint(r)
		}
	}()
	g := grammarFor(lang)
	p := g.pool.Get().(*sitter.Parser)
	tree, err := p.ParseCtx(context.Background(), nil, src)
	g.pool.Put(p)
	if err != nil || tree == nil {
		f.HasErrors = true
		f.ErrorRanges = []Range{{0, len(src)}}
		return f
	}
	defer tree.Close()
	x := &tsExtractor{src: src, g: g, f: f, bindings: map[string]*tsBinding{}}
	x.run(tree.RootNode())
	return f
}

// tsBinding is one top-level name, exported or not.
type tsBinding struct {
	name      string
	nameRange Range
	stmt      Range
	kind      string       // node type of the declaration ("function_declaration", "variable_declarator", "import", …)
	value     *sitter.Node // variable initializer (nil when none); the declaration node for functions/classes
	pattern   bool         // bound by a destructuring pattern
	source    string       // imports
	imported  string       // imports: "default", "*" or the imported name
	typeOnly  bool         // a type, interface, ambient or type-only import: no runtime value
	exported  bool         // declared with the export keyword
	decl      *Declaration // its entry in File.Declarations, when not exported
}

type tsExtractor struct {
	src      []byte
	g        *grammar
	f        *File
	bindings map[string]*tsBinding
	order    []*tsBinding
	// exportedLocals are local names exported by `export { x }` or
	// `export default x`: they are not listed as Declarations.
	exportedLocals map[string]bool
	pending        []tsPending
	// assigns holds the last top-level `name = value` per name: a binding
	// declared without a value (or with a placeholder) and assigned at the
	// top level takes the assigned value.
	assigns   map[string]*sitter.Node
	esm       bool
	cjsWrites bool
}

// tsPending is an export whose value must be resolved after every
// top-level binding is known (declarations are hoisted).
type tsPending struct {
	idx   int
	value *sitter.Node // expression to classify (nil: resolve Local by name)
	b     *tsBinding   // or this binding's value
}

func (x *tsExtractor) typ(n *sitter.Node) string {
	if n == nil {
		return ""
	}
	s := int(n.Symbol())
	if s < len(x.g.names) {
		return x.g.names[s]
	}
	return n.Type()
}

func (x *tsExtractor) text(n *sitter.Node) string {
	if n == nil {
		return ""
	}
	return string(x.src[n.StartByte():n.EndByte()])
}

func rng(n *sitter.Node) Range {
	if n == nil {
		return Range{-1, -1}
	}
	return Range{int(n.StartByte()), int(n.EndByte())}
}

// children returns the direct children of n (named and anonymous).
func children(n *sitter.Node) []*sitter.Node {
	c := int(n.ChildCount())
	out := make([]*sitter.Node, 0, c)
	for i := 0; i < c; i++ {
		if ch := n.Child(i); ch != nil {
			out = append(out, ch)
		}
	}
	return out
}

func namedChildren(n *sitter.Node) []*sitter.Node {
	c := int(n.NamedChildCount())
	out := make([]*sitter.Node, 0, c)
	for i := 0; i < c; i++ {
		if ch := n.NamedChild(i); ch != nil {
			out = append(out, ch)
		}
	}
	return out
}

// hasToken reports whether the anonymous token tok is among n's leading
// tokens (those before its first named child): `async`, `type`,
// `default`, `*`, `=`, `await` all sit there.
func (x *tsExtractor) hasToken(n *sitter.Node, tok string) bool {
	return x.tokenNode(n, tok) != nil
}

func (x *tsExtractor) tokenNode(n *sitter.Node, tok string) *sitter.Node {
	count := int(n.ChildCount())
	for i := 0; i < count; i++ {
		c := n.Child(i)
		if c == nil || c.IsNamed() {
			return nil
		}
		if x.typ(c) == tok {
			return c
		}
	}
	return nil
}

// stringValue is the text of a string literal without its quotes (escapes
// are kept as written).
func (x *tsExtractor) stringValue(n *sitter.Node) (string, Range) {
	r := rng(n)
	if r.End-r.Start >= 2 {
		q := x.src[r.Start]
		if (q == '\'' || q == '"') && x.src[r.End-1] == q {
			r = Range{r.Start + 1, r.End - 1}
		}
	}
	return decodeEscapes(string(x.src[r.Start:r.End])), r
}

// moduleName is the name an export or import specifier spells: an
// identifier or a string literal.
func (x *tsExtractor) moduleName(n *sitter.Node) (string, Range) {
	if n == nil {
		return "", noRange
	}
	if x.typ(n) == "string" {
		return x.stringValue(n)
	}
	return x.ident(n), rng(n)
}

// ident is an identifier's name with \u escapes decoded (esbuild exports
// `\u0061b` as "ab").
func (x *tsExtractor) ident(n *sitter.Node) string {
	s := x.text(n)
	if strings.IndexByte(s, '\\') >= 0 {
		return decodeEscapes(s)
	}
	return s
}

// decodeEscapes decodes JavaScript escape sequences in a string literal's
// body or an identifier. Malformed escapes are kept as written.
func decodeEscapes(s string) string {
	if strings.IndexByte(s, '\\') < 0 {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' || i+1 >= len(s) {
			b.WriteByte(c)
			continue
		}
		i++
		switch e := s[i]; e {
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case 'r':
			b.WriteByte('\r')
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'v':
			b.WriteByte('\v')
		case '0':
			b.WriteByte(0)
		case '\r':
			if i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
		case '\n':
		case 'x':
			if i+2 < len(s) {
				if v, err := strconv.ParseUint(s[i+1:i+3], 16, 8); err == nil {
					b.WriteRune(rune(v))
					i += 2
					continue
				}
			}
			b.WriteString(`\x`)
		case 'u':
			if i+1 < len(s) && s[i+1] == '{' {
				if end := strings.IndexByte(s[i:], '}'); end > 0 {
					if v, err := strconv.ParseUint(s[i+2:i+end], 16, 32); err == nil {
						b.WriteRune(rune(v))
						i += end
						continue
					}
				}
			} else if i+4 < len(s) {
				if v, err := strconv.ParseUint(s[i+1:i+5], 16, 16); err == nil {
					r := rune(v)
					i += 4
					// a surrogate pair spelled as two escapes
					if utf16.IsSurrogate(r) && i+6 < len(s) && s[i+1] == '\\' && s[i+2] == 'u' {
						if lo, err := strconv.ParseUint(s[i+3:i+7], 16, 16); err == nil {
							if d := utf16.DecodeRune(r, rune(lo)); d != unicode.ReplacementChar {
								b.WriteRune(d)
								i += 6
								continue
							}
						}
					}
					b.WriteRune(r)
					continue
				}
			}
			b.WriteString(`\u`)
		default:
			b.WriteByte(e)
		}
	}
	return b.String()
}

func (x *tsExtractor) run(root *sitter.Node) {
	x.exportedLocals = map[string]bool{}
	stmts := namedChildren(root)
	for _, s := range stmts {
		x.statement(s)
	}
	// Resolve export values now that every top-level binding is known.
	for _, p := range x.pending {
		e := &x.f.Exports[p.idx]
		var v tsValue
		if p.b != nil {
			v = x.bindingValue(p.b, 0)
		} else if p.value != nil {
			v = x.classify(p.value, 0)
		} else {
			v = x.resolveName(e.Local, 0)
		}
		x.apply(e, v)
		if v.object != nil {
			for _, m := range x.objectMembers(v.object) {
				e.Members = append(e.Members, m.Member)
			}
		}
		if e.Form == FormSpecifier && v.typeOnly {
			e.TypeOnly = true
		}
		// TypeScript: esbuild drops `export { X }` when X is declared nowhere
		// in the file (it can only be a type from elsewhere).
		if e.Form == FormSpecifier && x.f.Lang == LangTS && x.bindings[e.Local] == nil {
			e.TypeOnly = true
		}
	}
	// Declarations: top-level value bindings not exported by ESM syntax.
	for _, b := range x.order {
		if b.exported || b.typeOnly || x.exportedLocals[b.name] {
			continue
		}
		d := Declaration{Name: b.name, NameRange: b.nameRange, Stmt: b.stmt, Params: noRange, Body: noRange}
		v := x.bindingValue(b, 0)
		d.Value = v.kind
		d.Async = v.async
		d.Params = v.params
		d.Body = v.body
		if b.kind == "import" {
			d.Source = b.source
			d.Imported = b.imported
		}
		x.f.Declarations = append(x.f.Declarations, d)
	}
	x.f.HasErrors = root.HasError()
	if x.f.HasErrors {
		x.collectErrors(root)
	}
	x.f.Format = x.format(root, stmts)
}

// collectErrors records ERROR and MISSING nodes, descending only into
// subtrees that contain one.
func (x *tsExtractor) collectErrors(n *sitter.Node) {
	if len(x.f.ErrorRanges) >= maxErrorRanges {
		return
	}
	if n.IsMissing() || n.IsError() {
		x.f.ErrorRanges = append(x.f.ErrorRanges, rng(n))
		if n.IsMissing() {
			return
		}
	}
	for _, c := range children(n) {
		if c.HasError() || c.IsMissing() {
			x.collectErrors(c)
		}
	}
}

// ---------------------------------------------------------------------------
// statements

func (x *tsExtractor) statement(s *sitter.Node) {
	switch x.typ(s) {
	case "export_statement":
		x.esm = true
		x.exportStatement(s)
	case "import_statement":
		x.esm = true
		x.importStatement(s, rng(s))
	case "expression_statement":
		x.expressionStatement(s)
	case "ambient_declaration":
		x.declaration(s, rng(s), false, true)
	case "lexical_declaration", "variable_declaration":
		x.declaration(s, rng(s), false, false)
		if bytes.Contains(x.src[s.StartByte():s.EndByte()], []byte("require")) {
			for _, d := range namedChildren(s) {
				if v := d.ChildByFieldName("value"); v != nil && x.requires(v) {
					x.f.UsesCommonJS = true
				}
			}
		}
	default:
		x.declaration(s, rng(s), false, false)
	}
}

// requires matches require('x'), require('x').y and require('x')(…).
func (x *tsExtractor) requires(n *sitter.Node) bool {
	for i := 0; n != nil && i < 8; i++ {
		switch x.typ(n) {
		case "call_expression":
			if x.isRequireCall(n) {
				return true
			}
			n = n.ChildByFieldName("function")
		case "member_expression", "subscript_expression":
			n = n.ChildByFieldName("object")
		case "await_expression", "parenthesized_expression":
			n = n.NamedChild(0)
		default:
			return false
		}
	}
	return false
}

// declaration records the bindings a declaration statement introduces
// (nothing for other statements). It returns them in order.
func (x *tsExtractor) declaration(d *sitter.Node, stmt Range, exported, typeOnly bool) []*tsBinding {
	var out []*tsBinding
	add := func(b *tsBinding) {
		b.stmt = stmt
		b.exported = exported
		b.typeOnly = b.typeOnly || typeOnly
		if _, dup := x.bindings[b.name]; !dup {
			x.bindings[b.name] = b
		}
		x.order = append(x.order, b)
		out = append(out, b)
	}
	switch t := x.typ(d); t {
	case "function_declaration", "generator_function_declaration", "class_declaration", "abstract_class_declaration":
		if name := d.ChildByFieldName("name"); name != nil {
			add(&tsBinding{name: x.ident(name), nameRange: rng(name), kind: t, value: d})
		}
	case "function_signature":
		if name := d.ChildByFieldName("name"); name != nil {
			add(&tsBinding{name: x.ident(name), nameRange: rng(name), kind: t, value: d, typeOnly: true})
		}
	case "lexical_declaration", "variable_declaration":
		for _, v := range namedChildren(d) {
			if x.typ(v) != "variable_declarator" {
				continue
			}
			name := v.ChildByFieldName("name")
			value := v.ChildByFieldName("value")
			if name == nil {
				continue
			}
			if x.typ(name) == "identifier" {
				add(&tsBinding{name: x.ident(name), nameRange: rng(name), kind: "variable_declarator", value: value})
				continue
			}
			for _, id := range x.patternNames(name, nil) {
				add(&tsBinding{name: x.ident(id), nameRange: rng(id), kind: "variable_declarator", value: value, pattern: true})
			}
		}
	case "enum_declaration", "internal_module", "module":
		if name := d.ChildByFieldName("name"); name != nil && x.typ(name) == "identifier" {
			b := &tsBinding{name: x.ident(name), nameRange: rng(name), kind: t, value: d}
			if t != "enum_declaration" {
				b.typeOnly = x.namespaceTypeOnly(d)
			}
			add(b)
		}
	case "type_alias_declaration", "interface_declaration":
		if name := d.ChildByFieldName("name"); name != nil {
			add(&tsBinding{name: x.ident(name), nameRange: rng(name), kind: t, typeOnly: true})
		}
	case "import_alias":
		// import A = B.C (TypeScript): a runtime alias.
		var id *sitter.Node
		var val *sitter.Node
		for _, c := range namedChildren(d) {
			if id == nil && x.typ(c) == "identifier" {
				id = c
			} else if id != nil {
				val = c
			}
		}
		if id != nil {
			add(&tsBinding{name: x.ident(id), nameRange: rng(id), kind: t, value: val})
		}
	case "ambient_declaration":
		for _, c := range namedChildren(d) {
			out = append(out, x.declaration(c, stmt, exported, true)...)
		}
	}
	return out
}

// namespaceTypeOnly reports whether a TypeScript namespace declares only
// types (esbuild emits nothing for it then).
func (x *tsExtractor) namespaceTypeOnly(d *sitter.Node) bool {
	body := d.ChildByFieldName("body")
	if body == nil {
		return true
	}
	for _, s := range namedChildren(body) {
		t := x.typ(s)
		if t == "export_statement" {
			if dd := s.ChildByFieldName("declaration"); dd != nil {
				s, t = dd, x.typ(dd)
			} else {
				return false
			}
		}
		switch t {
		case "type_alias_declaration", "interface_declaration", "ambient_declaration", "comment":
		case "internal_module", "module":
			if !x.namespaceTypeOnly(s) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// patternNames collects the identifiers a destructuring pattern binds.
func (x *tsExtractor) patternNames(p *sitter.Node, out []*sitter.Node) []*sitter.Node {
	switch x.typ(p) {
	case "identifier", "shorthand_property_identifier_pattern":
		return append(out, p)
	case "pair_pattern":
		if v := p.ChildByFieldName("value"); v != nil {
			return x.patternNames(v, out)
		}
		return out
	case "assignment_pattern", "object_assignment_pattern":
		if l := p.ChildByFieldName("left"); l != nil {
			return x.patternNames(l, out)
		}
		return out
	case "object_pattern", "array_pattern", "rest_pattern", "required_parameter", "optional_parameter":
		for _, c := range namedChildren(p) {
			out = x.patternNames(c, out)
		}
	}
	return out
}

func (x *tsExtractor) importStatement(s *sitter.Node, stmt Range) {
	src := ""
	if sn := s.ChildByFieldName("source"); sn != nil {
		src, _ = x.stringValue(sn)
	}
	typeOnly := x.hasToken(s, "type")
	add := func(local *sitter.Node, imported string, tOnly bool) {
		b := &tsBinding{name: x.ident(local), nameRange: rng(local), stmt: stmt, kind: "import",
			source: src, imported: imported, typeOnly: typeOnly || tOnly}
		if _, dup := x.bindings[b.name]; !dup {
			x.bindings[b.name] = b
		}
		x.order = append(x.order, b)
	}
	for _, c := range namedChildren(s) {
		if x.typ(c) == "import_require_clause" {
			// import x = require('y') (TypeScript)
			if id := c.NamedChild(0); id != nil && x.typ(id) == "identifier" {
				if sn := c.ChildByFieldName("source"); sn != nil {
					src, _ = x.stringValue(sn)
				}
				add(id, "*", false)
			}
			x.f.UsesCommonJS = true
			continue
		}
		if x.typ(c) != "import_clause" {
			continue
		}
		for _, part := range namedChildren(c) {
			switch x.typ(part) {
			case "identifier":
				add(part, "default", false)
			case "namespace_import":
				for _, id := range namedChildren(part) {
					if x.typ(id) == "identifier" {
						add(id, "*", false)
					}
				}
			case "named_imports":
				for _, sp := range namedChildren(part) {
					if x.typ(sp) != "import_specifier" {
						continue
					}
					name := sp.ChildByFieldName("name")
					alias := sp.ChildByFieldName("alias")
					imported, _ := x.moduleName(name)
					local := alias
					if local == nil {
						local = name
					}
					if local != nil {
						add(local, imported, x.hasToken(sp, "type"))
					}
				}
			}
		}
	}
}

// ---------------------------------------------------------------------------
// ESM exports

func (x *tsExtractor) addExport(e Export, value *sitter.Node, resolve bool) {
	if e.Params == (Range{}) {
		e.Params = noRange
	}
	if e.Body == (Range{}) {
		e.Body = noRange
	}
	x.f.Exports = append(x.f.Exports, e)
	if resolve {
		x.pending = append(x.pending, tsPending{idx: len(x.f.Exports) - 1, value: value})
	}
}

func (x *tsExtractor) exportStatement(s *sitter.Node) {
	stmt := rng(s)
	stmtTypeOnly := x.hasToken(s, "type") // export type { … } [from …]
	defTok := x.tokenNode(s, "default")
	source := ""
	if sn := s.ChildByFieldName("source"); sn != nil {
		source, _ = x.stringValue(sn)
	}

	if d := s.ChildByFieldName("declaration"); d != nil {
		x.exportDeclaration(s, d, defTok, stmt)
		return
	}
	if v := s.ChildByFieldName("value"); v != nil && defTok != nil {
		e := Export{Name: "default", NameRange: rng(defTok), Stmt: stmt, Form: FormDefault, ValueRange: rng(v)}
		if x.typ(v) == "identifier" {
			e.Local = x.ident(v)
			x.exportedLocals[e.Local] = true
		}
		x.addExport(e, v, true)
		return
	}
	for _, c := range namedChildren(s) {
		switch x.typ(c) {
		case "export_clause":
			for _, sp := range namedChildren(c) {
				if x.typ(sp) != "export_specifier" {
					continue
				}
				nameN := sp.ChildByFieldName("name")
				aliasN := sp.ChildByFieldName("alias")
				local, localR := x.moduleName(nameN)
				name, nameR := local, localR
				if aliasN != nil {
					name, nameR = x.moduleName(aliasN)
				}
				tOnly := stmtTypeOnly || x.hasToken(sp, "type")
				if source != "" {
					x.addExport(Export{Name: name, NameRange: nameR, Stmt: stmt, Form: FormReExport,
						Value: ValueImport, ValueRange: noRange, Source: source, Imported: local, TypeOnly: tOnly}, nil, false)
					continue
				}
				if !tOnly {
					x.exportedLocals[local] = true
				}
				x.addExport(Export{Name: name, NameRange: nameR, Stmt: stmt, Form: FormSpecifier,
					ValueRange: localR, Local: local, TypeOnly: tOnly}, nil, !tOnly)
			}
		case "namespace_export":
			var id *sitter.Node
			for _, n := range namedChildren(c) {
				id = n
			}
			name, nameR := x.moduleName(id)
			x.addExport(Export{Name: name, NameRange: nameR, Stmt: stmt, Form: FormExportStarAs,
				Value: ValueImport, ValueRange: noRange, Source: source, Imported: "*", TypeOnly: stmtTypeOnly}, nil, false)
			return
		}
	}
	if source != "" && x.tokenNode(s, "*") != nil {
		x.addExport(Export{Name: "", NameRange: stmt, Stmt: stmt, Form: FormExportStar,
			Value: ValueImport, ValueRange: noRange, Source: source, Imported: "*", TypeOnly: stmtTypeOnly}, nil, false)
		return
	}
	// TypeScript `export = value`: CommonJS in disguise.
	if x.tokenNode(s, "=") != nil {
		for _, c := range namedChildren(s) {
			e := Export{Name: "", NameRange: rng(s.Child(0)), Stmt: stmt, Form: FormCommonJS, ValueRange: rng(c)}
			x.f.UsesCommonJS = true
			x.addExport(e, c, true)
			return
		}
	}
}

// exportDeclaration handles `export <declaration>` and `export default
// <declaration>`.
func (x *tsExtractor) exportDeclaration(s, d, defTok *sitter.Node, stmt Range) {
	t := x.typ(d)
	bindings := x.declaration(d, stmt, true, t == "ambient_declaration")
	if defTok != nil {
		e := Export{Name: "default", NameRange: rng(defTok), Stmt: stmt, Form: FormDefault, ValueRange: rng(d)}
		switch t {
		case "function_signature", "interface_declaration", "type_alias_declaration", "ambient_declaration":
			e.TypeOnly = true
		}
		x.addExport(e, d, true)
		return
	}
	for _, b := range bindings {
		e := Export{Name: b.name, NameRange: b.nameRange, Stmt: stmt, TypeOnly: b.typeOnly, ValueRange: noRange}
		var value *sitter.Node
		switch b.kind {
		case "function_declaration", "generator_function_declaration", "function_signature":
			e.Form = FormFunctionDecl
			e.ValueRange = rng(b.value)
			value = b.value
		case "class_declaration", "abstract_class_declaration":
			e.Form = FormClassDecl
			e.ValueRange = rng(b.value)
			value = b.value
		case "variable_declarator":
			e.Form = FormVariable
			if b.pattern {
				e.Form = FormDestructured
			}
			if b.value != nil {
				e.ValueRange = rng(b.value)
				if !b.pattern {
					switch x.typ(b.value) {
					case "identifier", "member_expression", "subscript_expression":
						e.Local = x.text(b.value)
					}
				}
			}
			value = b.value
		default:
			// enums, namespaces, type aliases, interfaces, import aliases
			e.Form = FormVariable
			e.ValueRange = rng(b.value)
			value = b.value
		}
		if b.pattern || value == nil || b.kind == "variable_declarator" || b.typeOnly && b.kind != "function_signature" {
			x.addExport(e, nil, false)
			x.pending = append(x.pending, tsPending{idx: len(x.f.Exports) - 1, b: b})
			continue
		}
		x.addExport(e, value, true)
	}
}

// ---------------------------------------------------------------------------
// CommonJS

func (x *tsExtractor) expressionStatement(s *sitter.Node) {
	stmt := rng(s)
	expr := s.NamedChild(0)
	if expr == nil {
		return
	}
	if x.typ(expr) != "assignment_expression" {
		if x.requires(expr) {
			x.f.UsesCommonJS = true
		}
		return
	}
	if right := expr.ChildByFieldName("right"); right != nil && x.requires(right) {
		x.f.UsesCommonJS = true
	}
	// a = b = c: every left side is a target of the final value.
	var targets []*sitter.Node
	value := expr
	for x.typ(value) == "assignment_expression" {
		targets = append(targets, value.ChildByFieldName("left"))
		value = value.ChildByFieldName("right")
		if value == nil {
			return
		}
	}
	for _, left := range targets {
		if left == nil {
			continue
		}
		if x.typ(left) == "identifier" {
			if x.assigns == nil {
				x.assigns = map[string]*sitter.Node{}
			}
			x.assigns[x.ident(left)] = value
			continue
		}
		if x.isModuleExports(left) {
			x.f.UsesCommonJS = true
			x.cjsWrites = true
			if x.typ(value) == "object" {
				x.cjsObject(value, stmt)
				continue
			}
			x.addExport(Export{Name: "", NameRange: rng(left), Stmt: stmt, Form: FormCommonJS, ValueRange: rng(value)}, value, true)
			continue
		}
		if name, nameR, ok := x.exportsProperty(left); ok {
			x.f.UsesCommonJS = true
			x.cjsWrites = true
			e := Export{Name: name, NameRange: nameR, Stmt: stmt, Form: FormCommonJS, ValueRange: rng(value)}
			if x.typ(value) == "identifier" || x.typ(value) == "member_expression" {
				e.Local = x.text(value)
			}
			x.addExport(e, value, true)
		}
	}
}

// isModuleExports matches `module.exports`.
func (x *tsExtractor) isModuleExports(n *sitter.Node) bool {
	if x.typ(n) != "member_expression" {
		return false
	}
	obj := n.ChildByFieldName("object")
	prop := n.ChildByFieldName("property")
	return obj != nil && prop != nil && x.typ(obj) == "identifier" && x.text(obj) == "module" && x.text(prop) == "exports"
}

// exportsProperty matches `exports.h`, `module.exports.h`, `exports["h"]`
// and `module.exports["h"]`, returning h and the range that spells it.
func (x *tsExtractor) exportsProperty(n *sitter.Node) (string, Range, bool) {
	t := x.typ(n)
	if t != "member_expression" && t != "subscript_expression" {
		return "", noRange, false
	}
	obj := n.ChildByFieldName("object")
	if obj == nil {
		return "", noRange, false
	}
	isExports := x.typ(obj) == "identifier" && x.text(obj) == "exports" || x.isModuleExports(obj)
	if !isExports {
		return "", noRange, false
	}
	if t == "member_expression" {
		prop := n.ChildByFieldName("property")
		if prop == nil {
			return "", noRange, false
		}
		return x.ident(prop), rng(prop), true
	}
	idx := n.ChildByFieldName("index")
	if idx == nil || x.typ(idx) != "string" {
		return "", noRange, false
	}
	name, r := x.stringValue(idx)
	return name, r, true
}

// cjsObject records one CommonJS export per key of `module.exports = {…}`;
// values are classified once every top-level binding is known.
func (x *tsExtractor) cjsObject(obj *sitter.Node, stmt Range) {
	for _, p := range namedChildren(obj) {
		switch x.typ(p) {
		case "shorthand_property_identifier":
			name := x.ident(p)
			x.addExport(Export{Name: name, NameRange: rng(p), Stmt: stmt, Form: FormCommonJS, ValueRange: rng(p), Local: name}, nil, true)
		case "pair":
			key := p.ChildByFieldName("key")
			val := p.ChildByFieldName("value")
			if key == nil || val == nil {
				continue
			}
			name, nameR, ok := x.propertyKey(key)
			if !ok {
				continue // computed keys need execution
			}
			e := Export{Name: name, NameRange: nameR, Stmt: stmt, Form: FormCommonJS, ValueRange: rng(val)}
			if t := x.typ(val); t == "identifier" || t == "member_expression" {
				e.Local = x.text(val)
			}
			x.addExport(e, val, true)
		case "method_definition":
			key := p.ChildByFieldName("name")
			if key == nil {
				continue
			}
			name, nameR, ok := x.propertyKey(key)
			if !ok {
				continue // computed keys need execution
			}
			e := Export{Name: name, NameRange: nameR, Stmt: stmt, Form: FormCommonJS, ValueRange: rng(p)}
			x.apply(&e, x.functionInfo(p))
			x.addExport(e, nil, false)
		}
	}
}

type tsMember struct {
	Member
	local, source, imported string
}

// objectMembers lists the keys of an object literal with their values
// classified (identifiers followed to their top-level binding).
func (x *tsExtractor) objectMembers(obj *sitter.Node) []tsMember {
	var out []tsMember
	for _, p := range namedChildren(obj) {
		var m tsMember
		switch x.typ(p) {
		case "shorthand_property_identifier":
			m.Name, m.NameRange, m.ValueRange = x.ident(p), rng(p), rng(p)
			m.local = m.Name
			m.set(x.resolveName(m.Name, 0))
		case "pair":
			key := p.ChildByFieldName("key")
			val := p.ChildByFieldName("value")
			if key == nil || val == nil {
				continue
			}
			var ok bool
			if m.Name, m.NameRange, ok = x.propertyKey(key); !ok {
				continue // computed keys need execution
			}
			m.ValueRange = rng(val)
			if t := x.typ(val); t == "identifier" || t == "member_expression" {
				m.local = x.text(val)
			}
			m.set(x.classify(val, 0))
		case "method_definition":
			key := p.ChildByFieldName("name")
			if key == nil {
				continue
			}
			var ok bool
			if m.Name, m.NameRange, ok = x.propertyKey(key); !ok {
				continue // computed keys need execution
			}
			m.ValueRange = rng(p)
			m.set(x.functionInfo(p))
		default:
			continue
		}
		out = append(out, m)
	}
	return out
}

func (m *tsMember) set(v tsValue) {
	m.Value, m.Async, m.Params, m.Body = v.kind, v.async, v.params, v.body
	if v.kind == ValueImport {
		m.source, m.imported = v.source, v.imported
	}
}

func (x *tsExtractor) isRequireCall(n *sitter.Node) bool {
	fn := n.ChildByFieldName("function")
	return fn != nil && x.typ(fn) == "identifier" && x.text(fn) == "require"
}

// ---------------------------------------------------------------------------
// values

type tsValue struct {
	object           *sitter.Node // the object literal, when kind == ValueObject
	kind             ValueKind
	async            bool
	params, body     Range
	source, imported string
	typeOnly         bool
}

func (x *tsExtractor) apply(e *Export, v tsValue) {
	e.Value = v.kind
	e.Async = v.async
	e.Params = v.params
	e.Body = v.body
	if v.kind == ValueImport && e.Form != FormReExport {
		e.Source = v.source
		e.Imported = v.imported
	}
	if e.Params == (Range{}) {
		e.Params = noRange
	}
	if e.Body == (Range{}) {
		e.Body = noRange
	}
}

// tsMaxHops bounds identifier following (a = b; b = c; …).
const tsMaxHops = 8

func (x *tsExtractor) functionInfo(n *sitter.Node) tsValue {
	v := tsValue{kind: ValueFunction, params: noRange, body: noRange}
	v.async = x.hasToken(n, "async")
	if p := n.ChildByFieldName("parameters"); p != nil {
		v.params = rng(p)
	} else if p := n.ChildByFieldName("parameter"); p != nil {
		v.params = rng(p)
	}
	if b := n.ChildByFieldName("body"); b != nil {
		v.body = rng(b)
	}
	return v
}

// classify says what kind of value an expression (or declaration) is,
// following a local identifier to its top-level binding.
func (x *tsExtractor) classify(n *sitter.Node, depth int) tsValue {
	v := tsValue{kind: ValueOther, params: noRange, body: noRange}
	if n == nil {
		v.kind = ValueNone
		return v
	}
	switch x.typ(n) {
	case "parenthesized_expression", "as_expression", "satisfies_expression", "non_null_expression", "type_assertion":
		if inner := n.NamedChild(0); inner != nil {
			return x.classify(inner, depth)
		}
	case "function_declaration", "generator_function_declaration", "function_expression", "function",
		"generator_function", "arrow_function", "function_signature", "method_definition":
		return x.functionInfo(n)
	case "class_declaration", "abstract_class_declaration", "class":
		v.kind = ValueClass
	case "call_expression", "new_expression":
		v.kind = ValueCall
	case "member_expression", "subscript_expression":
		v.kind = ValueMember
	case "string", "template_string", "number", "true", "false", "null", "regex", "undefined":
		v.kind = ValueLiteral
	case "object":
		v.kind = ValueObject
		v.object = n
	case "enum_declaration", "internal_module", "module":
		v.kind = ValueObject
	case "array":
		v.kind = ValueArray
	case "identifier", "shorthand_property_identifier":
		return x.resolveName(x.ident(n), depth)
	}
	return v
}

func (x *tsExtractor) resolveName(name string, depth int) tsValue {
	if name == "undefined" {
		return tsValue{kind: ValueLiteral, params: noRange, body: noRange}
	}
	b := x.bindings[name]
	if b == nil || depth >= tsMaxHops {
		return tsValue{kind: ValueUnknown, params: noRange, body: noRange}
	}
	return x.bindingValue(b, depth+1)
}

func (x *tsExtractor) bindingValue(b *tsBinding, depth int) tsValue {
	v := tsValue{kind: ValueOther, params: noRange, body: noRange, typeOnly: b.typeOnly}
	switch b.kind {
	case "import":
		v.kind = ValueImport
		v.source = b.source
		v.imported = b.imported
		return v
	case "variable_declarator":
		if a := x.assigns[b.name]; a != nil && !b.pattern {
			r := x.classify(a, depth)
			r.typeOnly = r.typeOnly || b.typeOnly
			return r
		}
		if b.value == nil {
			v.kind = ValueNone
			return v
		}
		if b.pattern {
			v.kind = ValueMember
			return v
		}
		r := x.classify(b.value, depth)
		r.typeOnly = r.typeOnly || b.typeOnly
		return r
	case "type_alias_declaration", "interface_declaration":
		v.kind = ValueNone
		return v
	case "enum_declaration", "internal_module", "module":
		v.kind = ValueObject
		return v
	case "import_alias":
		v.kind = ValueMember
		return v
	}
	if b.value != nil {
		r := x.classify(b.value, depth)
		r.typeOnly = r.typeOnly || b.typeOnly
		return r
	}
	return v
}

// ---------------------------------------------------------------------------
// module format (tree-sitter's view, mirroring esbuild's rules)

var (
	kwImportMeta = []byte("import.meta")
	kwAwait      = []byte("await")
	kwModule     = []byte("module")
	kwExports    = []byte("exports")
)

func (x *tsExtractor) format(root *sitter.Node, stmts []*sitter.Node) Format {
	if x.esm {
		return FormatESM
	}
	if bytes.Contains(x.src, kwImportMeta) && x.findNode(root, kwImportMeta, "import") {
		return FormatESM
	}
	if bytes.Contains(x.src, kwAwait) {
		for _, s := range stmts {
			if bytes.Contains(x.src[s.StartByte():s.EndByte()], kwAwait) && x.topLevelAwait(s) {
				return FormatESM
			}
		}
	}
	if x.cjsWrites {
		return FormatCJS
	}
	for _, s := range stmts {
		if x.typ(s) == "return_statement" {
			return FormatCJS
		}
	}
	for _, kw := range [][]byte{kwModule, kwExports} {
		if x.bindings[string(kw)] == nil && bytes.Contains(x.src, kw) && x.findNode(root, kw, "identifier") {
			return FormatCJS
		}
	}
	return FormatNone
}

// findNode reports whether some occurrence of word in the source is the
// start of a node of type want (so not inside a string, comment or property
// name). It descends from the root to each occurrence with a cursor.
func (x *tsExtractor) findNode(root *sitter.Node, word []byte, want string) bool {
	cur := sitter.NewTreeCursor(root)
	defer cur.Close()
	for off := 0; ; {
		i := bytes.Index(x.src[off:], word)
		if i < 0 {
			return false
		}
		at := off + i
		off = at + len(word)
		if at > 0 && isIdentByte(x.src[at-1]) || off < len(x.src) && isIdentByte(x.src[off]) && want == "identifier" {
			continue
		}
		cur.Reset(root)
		for cur.GoToFirstChildForByte(uint32(at)) >= 0 {
			n := cur.CurrentNode()
			// the cursor may stop on a child that ends exactly at the offset
			for int(n.EndByte()) <= at && cur.GoToNextSibling() {
				n = cur.CurrentNode()
			}
			if int(n.StartByte()) == at && x.typ(n) == want {
				if want == "identifier" && int(n.EndByte()) != off {
					break
				}
				return true
			}
		}
	}
}

func isIdentByte(c byte) bool {
	return c == '_' || c == '$' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

// topLevelAwait reports an await expression (or for await) outside any
// function in a top-level statement.
func (x *tsExtractor) topLevelAwait(n *sitter.Node) bool {
	switch x.typ(n) {
	case "function_declaration", "generator_function_declaration", "function_expression", "function",
		"generator_function", "arrow_function", "method_definition", "class_declaration", "class", "class_body":
		return false
	case "await_expression":
		return true
	case "for_in_statement":
		if x.hasToken(n, "await") {
			return true
		}
	case "comment", "string", "template_string", "regex":
		return false
	}
	for _, c := range namedChildren(n) {
		if x.topLevelAwait(c) {
			return true
		}
	}
	return false
}

// propertyKey returns the name and range of an object key written as an
// identifier, a string or a number; ok is false for computed keys, whose
// name needs execution.
func (x *tsExtractor) propertyKey(key *sitter.Node) (name string, r Range, ok bool) {
	switch x.typ(key) {
	case "string":
		name, r = x.stringValue(key)
		return name, r, true
	case "property_identifier", "number":
		return x.ident(key), rng(key), true
	}
	return "", Range{}, false
}
