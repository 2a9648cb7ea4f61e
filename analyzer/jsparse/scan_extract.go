package jsparse

import "sort"

// The extractor turns what the parser reads at the top level into a File:
// bindings, exports (resolved once every top-level binding is known, since
// declarations are hoisted), declarations and the module format. Its rules
// are those of the tree-sitter implementation it replaced, so the two
// agreed record for record except where tree-sitter was wrong (listed in
// SCANNER_NOTES.md).

// bkind is what declared a top-level binding.
type bkind uint8

const (
	bkFunc        bkind = iota // function declaration (generators, async)
	bkFuncSig                  // TypeScript overload or declared function: no body
	bkClass                    // class declaration
	bkVar                      // var/let/const/using declarator
	bkImport                   // import binding (TypeScript import x = require() too)
	bkEnum                     // TypeScript enum
	bkNamespace                // TypeScript namespace/module
	bkTypeAlias                // TypeScript type alias
	bkInterface                // TypeScript interface
	bkImportAlias              // TypeScript import A = B.C
)

type binding struct {
	name      string
	nameRange Range
	stmt      Range
	kind      bkind
	value     *node // initializer, or the declaration (functions, classes, enums, namespaces); nil when none
	pattern   bool  // bound by a destructuring pattern
	source    string
	imported  string
	typeOnly  bool
	exported  bool
	nested    bool // a var in a block at the top level: a module binding, not listed in Declarations
}

type pendingExport struct {
	idx   int
	value *node    // classify this (when b is nil and byName is false)
	b     *binding // or resolve this binding
	name  bool     // or resolve Export.Local by name
}

type extractor struct {
	p        *parser
	f        *File
	bindings map[string]*binding
	order    []*binding
	// exportedLocals are local names exported by `export { x }` or `export
	// default x`: they are not listed as Declarations.
	exportedLocals map[string]bool
	pending        []pendingExport
	assigns        map[string]*node

	// module format facts
	esm, importStmt, cjsRef, topReturn, topThis, importMeta, tla, directEval bool
}

func newExtractor(p *parser, f *File) *extractor {
	// about one top-level binding per 60 tokens in handler files
	n := len(p.toks)/60 + 4
	return &extractor{p: p, f: f, bindings: make(map[string]*binding, n), order: make([]*binding, 0, n),
		exportedLocals: map[string]bool{}}
}

// extractMark is the extractor state a backtracking parse restores.
type extractMark struct {
	exports, order, pending                  int
	esm, importStmt, topReturn, topThis, tla bool
}

func (x *extractor) mark() extractMark {
	return extractMark{len(x.f.Exports), len(x.order), len(x.pending), x.esm, x.importStmt, x.topReturn, x.topThis, x.tla}
}

func (x *extractor) reset(m extractMark) {
	x.esm, x.importStmt, x.topReturn, x.topThis, x.tla = m.esm, m.importStmt, m.topReturn, m.topThis, m.tla
}

// importStatement notes ESM import syntax (esbuild: ESM unless the file has
// CommonJS markers).
func (x *extractor) importStatement() { x.importStmt = true }

// ---------------------------------------------------------------------------
// bindings

func (x *extractor) add(b *binding) {
	b.name = clone(b.name)
	if _, dup := x.bindings[b.name]; !dup {
		x.bindings[b.name] = b
	}
	x.order = append(x.order, b)
}

func (x *extractor) addExport(e Export, pe pendingExport) {
	if e.Params == (Range{}) {
		e.Params = noRange
	}
	if e.Body == (Range{}) {
		e.Body = noRange
	}
	e.Name = clone(e.Name)
	e.Local = clone(e.Local)
	e.Source = clone(e.Source)
	e.Imported = clone(e.Imported)
	x.f.Exports = append(x.f.Exports, e)
	if pe.value != nil || pe.b != nil || pe.name {
		pe.idx = len(x.f.Exports) - 1
		x.pending = append(x.pending, pe)
	}
}

// exportBinding records the export of a binding declared by `export <decl>`.
func (x *extractor) exportBinding(b *binding) {
	e := Export{Name: b.name, NameRange: b.nameRange, Stmt: b.stmt, TypeOnly: b.typeOnly, ValueRange: noRange}
	switch b.kind {
	case bkFunc, bkFuncSig:
		e.Form = FormFunctionDecl
		e.ValueRange = nodeRange(b.value)
	case bkClass:
		e.Form = FormClassDecl
		e.ValueRange = nodeRange(b.value)
	case bkVar:
		e.Form = FormVariable
		if b.pattern {
			e.Form = FormDestructured
		}
		if b.value != nil {
			e.ValueRange = nodeRange(b.value)
			if !b.pattern {
				switch b.value.kind {
				case nIdent:
					if !b.value.undef {
						e.Local = x.text(b.value)
					}
				case nMember:
					e.Local = x.text(b.value)
				}
			}
		}
	default:
		// enums, namespaces, type aliases, interfaces, import aliases
		e.Form = FormVariable
		e.ValueRange = nodeRange(b.value)
	}
	x.addExport(e, pendingExport{b: b})
}

func nodeRange(n *node) Range {
	if n == nil {
		return noRange
	}
	return Range{n.start, n.end}
}

func (x *extractor) text(n *node) string {
	return string(x.p.src[n.start:n.end])
}

func (x *extractor) declare(b *binding, c stmtCtx) {
	b.exported = c.export
	b.typeOnly = b.typeOnly || c.declare
	x.add(b)
	if c.export {
		x.exportBinding(b)
	}
}

func (x *extractor) variableDeclaration(decls []declarator, stmt Range, c stmtCtx) {
	for _, d := range decls {
		if d.value != nil && x.requires(d.value) {
			x.f.UsesCommonJS = true
		}
		for _, n := range d.names {
			x.declare(&binding{name: n.name, nameRange: n.r, stmt: stmt, kind: bkVar, value: d.value, pattern: d.pattern}, c)
		}
	}
}

// nestedVar records the names a var statement inside a top-level block (or
// for-loop head) binds at the module level.
func (x *extractor) nestedVar(decls []declarator, stmt Range) {
	for _, d := range decls {
		for _, n := range d.names {
			x.add(&binding{name: n.name, nameRange: n.r, stmt: stmt, kind: bkVar, value: d.value, pattern: d.pattern, nested: true})
		}
	}
}

func (x *extractor) functionDeclaration(name nameAt, hasName bool, n *node, noBody bool, stmt Range, c stmtCtx) {
	if !hasName {
		return
	}
	kind := bkFunc
	if noBody {
		kind = bkFuncSig
	}
	x.declare(&binding{name: name.name, nameRange: name.r, stmt: stmt, kind: kind, value: n, typeOnly: noBody}, c)
}

func (x *extractor) classDeclaration(name nameAt, hasName bool, n *node, stmt Range, c stmtCtx) {
	if !hasName {
		return
	}
	x.declare(&binding{name: name.name, nameRange: name.r, stmt: stmt, kind: bkClass, value: n}, c)
}

func (x *extractor) typeDeclaration(name nameAt, kind bkind, stmt Range, c stmtCtx) {
	x.declare(&binding{name: name.name, nameRange: name.r, stmt: stmt, kind: kind, typeOnly: true}, c)
}

func (x *extractor) enumDeclaration(name nameAt, n *node, stmt Range, c stmtCtx) {
	x.declare(&binding{name: name.name, nameRange: name.r, stmt: stmt, kind: bkEnum, value: n}, c)
}

func (x *extractor) namespaceDeclaration(name nameAt, n *node, typeOnly bool, stmt Range, c stmtCtx) {
	x.declare(&binding{name: name.name, nameRange: name.r, stmt: stmt, kind: bkNamespace, value: n, typeOnly: typeOnly}, c)
}

func (x *extractor) importDeclaration(specs []importSpec, source string, typeOnly bool, stmt Range) {
	source = clone(source)
	for _, s := range specs {
		x.add(&binding{name: s.local.name, nameRange: s.local.r, stmt: stmt, kind: bkImport,
			source: source, imported: clone(s.imported), typeOnly: typeOnly || s.typeOnly})
	}
}

func (x *extractor) importRequire(local nameAt, source string, typeOnly bool, c stmtCtx, stmt Range) {
	x.f.UsesCommonJS = true
	b := &binding{name: local.name, nameRange: local.r, stmt: stmt, kind: bkImport, source: clone(source), imported: "*", typeOnly: typeOnly}
	x.declare(b, c)
}

func (x *extractor) importAlias(local nameAt, val *node, typeOnly bool, c stmtCtx, stmt Range) {
	x.declare(&binding{name: local.name, nameRange: local.r, stmt: stmt, kind: bkImportAlias, value: val, typeOnly: typeOnly}, c)
}

// ---------------------------------------------------------------------------
// ESM exports

func (x *extractor) exportEquals(kw Range, v *node, stmt Range) {
	x.f.UsesCommonJS = true
	x.cjsRef = true // esbuild turns it into module.exports = …
	x.addExport(Export{Name: "", NameRange: kw, Stmt: stmt, Form: FormCommonJS, ValueRange: nodeRange(v)}, pendingExport{value: v})
}

func (x *extractor) exportStar(alias *nameAt, source string, typeOnly bool, stmt Range) {
	if alias != nil {
		x.addExport(Export{Name: alias.name, NameRange: alias.r, Stmt: stmt, Form: FormExportStarAs,
			Value: ValueImport, ValueRange: noRange, Source: source, Imported: "*", TypeOnly: typeOnly}, pendingExport{})
		return
	}
	x.addExport(Export{Name: "", NameRange: stmt, Stmt: stmt, Form: FormExportStar,
		Value: ValueImport, ValueRange: noRange, Source: source, Imported: "*", TypeOnly: typeOnly}, pendingExport{})
}

func (x *extractor) reExport(name nameAt, local, source string, typeOnly bool, stmt Range) {
	x.addExport(Export{Name: name.name, NameRange: name.r, Stmt: stmt, Form: FormReExport,
		Value: ValueImport, ValueRange: noRange, Source: source, Imported: local, TypeOnly: typeOnly}, pendingExport{})
}

func (x *extractor) exportSpecifier(name, local nameAt, typeOnly bool, stmt Range) {
	if !typeOnly {
		x.exportedLocals[clone(local.name)] = true
	}
	e := Export{Name: name.name, NameRange: name.r, Stmt: stmt, Form: FormSpecifier,
		ValueRange: local.r, Local: local.name, TypeOnly: typeOnly}
	pe := pendingExport{name: !typeOnly}
	x.addExport(e, pe)
}

func (x *extractor) exportDefaultDecl(defR Range, name nameAt, hasName bool, kind bkind, value *node, valueR Range, typeOnly bool, stmt Range) {
	if hasName {
		x.add(&binding{name: name.name, nameRange: name.r, stmt: stmt, kind: kind, value: value, typeOnly: typeOnly, exported: true})
	}
	if value == nil {
		value = &node{kind: nOther, start: valueR.Start, end: valueR.End}
	}
	x.addExport(Export{Name: "default", NameRange: defR, Stmt: stmt, Form: FormDefault, ValueRange: valueR, TypeOnly: typeOnly}, pendingExport{value: value})
}

func (x *extractor) exportDefaultExpr(defR Range, v *node, stmt Range) {
	e := Export{Name: "default", NameRange: defR, Stmt: stmt, Form: FormDefault, ValueRange: nodeRange(v)}
	if v.kind == nIdent && !v.undef {
		e.Local = v.name
		x.exportedLocals[clone(v.name)] = true
	}
	x.addExport(e, pendingExport{value: v})
}

// ---------------------------------------------------------------------------
// CommonJS

// expressionStatement records CommonJS exports and top-level assignments.
func (x *extractor) expressionStatement(n node, stmt Range) {
	if n.kind != nAssign {
		if x.requires(&n) {
			x.f.UsesCommonJS = true
		}
		return
	}
	if x.requires(n.inner) {
		x.f.UsesCommonJS = true
	}
	// a = b = c: every left side is a target of the final value
	var targets []*node
	value := &n
	for value.kind == nAssign {
		targets = append(targets, value.left)
		value = value.inner
	}
	for _, left := range targets {
		if left.kind == nIdent {
			if x.assigns == nil {
				x.assigns = map[string]*node{}
			}
			x.assigns[left.name] = value
			continue
		}
		if x.isModuleExports(left) {
			x.f.UsesCommonJS = true
			if value.kind == nObject {
				x.cjsObject(value, stmt)
				continue
			}
			x.addExport(Export{Name: "", NameRange: nodeRange(left), Stmt: stmt, Form: FormCommonJS, ValueRange: nodeRange(value)}, pendingExport{value: value})
			continue
		}
		if name, nameR, ok := x.exportsProperty(left); ok {
			x.f.UsesCommonJS = true
			e := Export{Name: name, NameRange: nameR, Stmt: stmt, Form: FormCommonJS, ValueRange: nodeRange(value)}
			if value.kind == nIdent && !value.undef || value.kind == nMember && !value.computed {
				e.Local = x.text(value)
			}
			x.addExport(e, pendingExport{value: value})
		}
	}
}

// cjsShadowed reports a top-level let/const/class/function/import named
// module or exports: then `module.exports` is an ordinary object.
func (x *extractor) cjsShadowed(name string) bool {
	return x.p.scopes[0].lexDecl&nameBit(name) != 0
}

func (x *extractor) isModuleExports(n *node) bool {
	return n.kind == nMember && !n.computed && n.name == "exports" && n.inner.kind == nIdent && n.inner.name == "module" && !x.cjsShadowed("module")
}

// exportsProperty matches exports.h, module.exports.h, exports["h"] and
// module.exports["h"].
func (x *extractor) exportsProperty(n *node) (string, Range, bool) {
	if n.kind != nMember {
		return "", noRange, false
	}
	obj := n.inner
	isExports := obj.kind == nIdent && obj.name == "exports" && !x.cjsShadowed("exports") || x.isModuleExports(obj)
	if !isExports {
		return "", noRange, false
	}
	if n.computed {
		if !n.strIndex {
			return "", noRange, false
		}
		return n.name, n.nameR, true
	}
	return n.name, n.nameR, true
}

// cjsObject records one CommonJS export per key of module.exports = {…}.
func (x *extractor) cjsObject(obj *node, stmt Range) {
	for _, pr := range obj.props {
		switch pr.kind {
		case propShorthand:
			x.addExport(Export{Name: pr.name, NameRange: pr.nameR, Stmt: stmt, Form: FormCommonJS, ValueRange: pr.nameR, Local: pr.name}, pendingExport{name: true})
		case propPair:
			e := Export{Name: pr.name, NameRange: pr.nameR, Stmt: stmt, Form: FormCommonJS, ValueRange: nodeRange(pr.value)}
			if v := pr.value; v.kind == nIdent && !v.undef || v.kind == nMember && !v.computed {
				e.Local = x.text(v)
			}
			x.addExport(e, pendingExport{value: pr.value})
		case propMethod:
			e := Export{Name: pr.name, NameRange: pr.nameR, Stmt: stmt, Form: FormCommonJS, ValueRange: pr.r}
			x.apply(&e, functionInfo(pr.fn))
			x.addExport(e, pendingExport{})
		}
	}
}

// requires matches require('x'), require('x').y and require('x')(…).
func (x *extractor) requires(n *node) bool {
	for i := 0; n != nil && i < 8; i++ {
		switch n.kind {
		case nCall:
			if c := n.inner; c != nil && c.kind == nIdent && c.name == "require" {
				return true
			}
			n = n.inner
		case nMember, nAwait, nParen:
			n = n.inner
		default:
			return false
		}
	}
	return false
}

// ---------------------------------------------------------------------------
// values

type valueInfo struct {
	object           *node // the object literal, when kind == ValueObject
	kind             ValueKind
	async            bool
	params, body     Range
	source, imported string
	typeOnly         bool
}

func functionInfo(fn fnInfo) valueInfo {
	return valueInfo{kind: ValueFunction, async: fn.async, params: fn.params, body: fn.body}
}

func (x *extractor) apply(e *Export, v valueInfo) {
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

// maxHops bounds identifier following (a = b; b = c; …).
const maxHops = 8

func (x *extractor) classify(n *node, depth int) valueInfo {
	v := valueInfo{kind: ValueOther, params: noRange, body: noRange}
	if n == nil {
		v.kind = ValueNone
		return v
	}
	switch n.kind {
	case nParen, nWrap:
		return x.classify(n.inner, depth)
	case nFunc:
		return functionInfo(n.fn)
	case nClass:
		v.kind = ValueClass
	case nCall:
		v.kind = ValueCall
	case nMember:
		v.kind = ValueMember
	case nLiteral:
		v.kind = ValueLiteral
	case nObject:
		v.kind = ValueObject
		v.object = n
	case nDecl:
		v.kind = ValueObject
	case nArray:
		v.kind = ValueArray
	case nIdent:
		return x.resolveName(n.name, depth)
	}
	return v
}

func (x *extractor) resolveName(name string, depth int) valueInfo {
	if name == "undefined" {
		return valueInfo{kind: ValueLiteral, params: noRange, body: noRange}
	}
	b := x.bindings[name]
	if b == nil || depth >= maxHops {
		return valueInfo{kind: ValueUnknown, params: noRange, body: noRange}
	}
	return x.bindingValue(b, depth+1)
}

func (x *extractor) bindingValue(b *binding, depth int) valueInfo {
	v := valueInfo{kind: ValueOther, params: noRange, body: noRange, typeOnly: b.typeOnly}
	switch b.kind {
	case bkImport:
		v.kind = ValueImport
		v.source = b.source
		v.imported = b.imported
		return v
	case bkVar:
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
	case bkTypeAlias, bkInterface:
		v.kind = ValueNone
		return v
	case bkEnum, bkNamespace:
		v.kind = ValueObject
		return v
	case bkImportAlias:
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

// objectMembers lists the keys of an object literal with their values
// classified (identifiers followed to their top-level binding).
func (x *extractor) objectMembers(obj *node) []Member {
	var out []Member
	for _, pr := range obj.props {
		m := Member{Name: clone(pr.name), NameRange: pr.nameR}
		var v valueInfo
		switch pr.kind {
		case propShorthand:
			m.ValueRange = pr.nameR
			v = x.resolveName(pr.name, 0)
		case propPair:
			m.ValueRange = nodeRange(pr.value)
			v = x.classify(pr.value, 0)
		case propMethod:
			m.ValueRange = pr.r
			v = functionInfo(pr.fn)
		}
		m.Value, m.Async, m.Params, m.Body = v.kind, v.async, v.params, v.body
		out = append(out, m)
	}
	return out
}

// ---------------------------------------------------------------------------
// the end of the file

func (x *extractor) finish() {
	f := x.f
	for _, pe := range x.pending {
		e := &f.Exports[pe.idx]
		var v valueInfo
		switch {
		case pe.b != nil:
			v = x.bindingValue(pe.b, 0)
		case pe.value != nil:
			v = x.classify(pe.value, 0)
		default:
			v = x.resolveName(e.Local, 0)
		}
		x.apply(e, v)
		if v.object != nil {
			if ms := x.objectMembers(v.object); len(ms) > 0 {
				e.Members = ms
			}
		}
		if e.Form == FormSpecifier && v.typeOnly {
			e.TypeOnly = true
		}
		// TypeScript: esbuild drops `export { X }` when X is declared nowhere
		// in the file (it can only be a type from elsewhere).
		if e.Form == FormSpecifier && f.Lang == LangTS && x.bindings[e.Local] == nil {
			e.TypeOnly = true
		}
	}
	for _, b := range x.order {
		if b.exported || b.typeOnly || b.nested || x.exportedLocals[b.name] {
			continue
		}
		d := Declaration{Name: b.name, NameRange: b.nameRange, Stmt: b.stmt}
		v := x.bindingValue(b, 0)
		d.Value, d.Async, d.Params, d.Body = v.kind, v.async, v.params, v.body
		if b.kind == bkImport {
			d.Source = b.source
			d.Imported = b.imported
		}
		if d.Params == (Range{}) {
			d.Params = noRange
		}
		if d.Body == (Range{}) {
			d.Body = noRange
		}
		f.Declarations = append(f.Declarations, d)
	}
	f.Format = x.facts().format()
}

func (x *extractor) facts() scanFacts {
	return scanFacts{
		esm:        x.esm || x.importMeta || x.tla,
		importStmt: x.importStmt,
		cjs:        x.cjsRef || x.topReturn || x.topThis,
		directEval: x.directEval,
	}
}

// formatWith is the format when esbuild accepted the file and says
// whether it is CommonJS (wrapped): the scanner's CommonJS markers give way
// to esbuild's verdict (esbuild also ignores references in code it proves
// dead), a direct eval still counts (esbuild's bundler, not its Transform,
// treats it as CommonJS).
func (s scanFacts) formatWith(wrapped bool) Format {
	switch {
	case s.esm:
		return FormatESM
	case wrapped || s.directEval:
		return FormatCJS
	case s.importStmt:
		return FormatESM
	}
	return FormatNone
}

// format applies esbuild's rules: ESM syntax wins; else CommonJS markers;
// else an import statement makes it ESM.
func (s scanFacts) format() Format {
	switch {
	case s.esm:
		return FormatESM
	case s.cjs || s.directEval:
		return FormatCJS
	case s.importStmt:
		return FormatESM
	}
	return FormatNone
}

// esmExportNames returns the sorted, de-duplicated runtime ESM export names
// as the scanner sees them: no CommonJS records, no type-only exports, no
// nameless `export *`. On every file esbuild accepts this equals
// EsbuildExports (and Validation.Exports when filled).
func esmExportNames(f *File) []string {
	names := []string{}
	if f == nil {
		return names
	}
	seen := map[string]bool{}
	for _, e := range f.Exports {
		if e.TypeOnly || e.Form == FormCommonJS || e.Form == FormExportStar {
			continue
		}
		if !seen[e.Name] {
			seen[e.Name] = true
			names = append(names, e.Name)
		}
	}
	sort.Strings(names)
	return names
}
