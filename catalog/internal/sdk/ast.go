package sdk

// The declarations of one .d.ts file, as the parser reads them. Only what
// the extractor needs is kept: names, the shape of types, JSDoc text and
// the module's imports and exports.

// file is one parsed declaration file.
type file struct {
	path    string
	decls   map[string][]*decl // by local name, in source order
	order   []*decl            // every declaration, in source order
	imports map[string]binding // local name → what it imports
	exports []export           // export clauses, in source order
}

// binding is one imported name: `import { I as Item } from './x.js'` binds
// Item to (./x.js, I); `import * as ns` binds ns to (spec, "*").
type binding struct {
	spec string
	name string // the exported name in spec, "default", or "*"
}

// export is one export: `export { a as b }` (local a, as b), `export { a as
// b } from 's'` (spec s, name a, as b), `export * from 's'` (spec s, star),
// or a declaration marked export (local = as = its name).
type export struct {
	spec  string
	local string // local name, or the name exported by spec
	as    string // the name this module exports it as; "" for a star
	star  bool
}

type declKind uint8

const (
	dInterface declKind = iota + 1
	dTypeAlias
	dEnum
	dClass
	dFunction
	dVar // const, let, var
	dNamespace
)

// decl is one named declaration.
type decl struct {
	kind       declKind
	name       string
	doc        string   // JSDoc text before it, /** … */ included
	typeParams []string // names of its type parameters
	extends    []*texpr // interface extends list
	members    []member // interface or class body
	typ        *texpr   // type alias target, variable type, function return
	params     []param  // function parameters
	enum       []enumMember
	file       *file
}

func (d *decl) isType() bool {
	return d.kind == dInterface || d.kind == dTypeAlias || d.kind == dEnum || d.kind == dClass
}

func (d *decl) isValue() bool {
	return d.kind == dFunction || d.kind == dVar || d.kind == dEnum || d.kind == dClass
}

type enumMember struct {
	name  string
	value string // the string value, or the number's text; "" when implicit
}

type param struct {
	name     string
	optional bool
	rest     bool
	typ      *texpr
}

// member is one property of an interface or object type. Methods, call and
// construct signatures are not data and are dropped by the parser.
type member struct {
	name     string
	doc      string
	optional bool
	readonly bool
	typ      *texpr
	index    bool // an index signature [key: K]: T; name is the key's type display
}

type texprKind uint8

const (
	xOpaque       texprKind = iota // a shape the extractor does not model; text says what was written
	xKeyword                       // string, number, boolean, any, unknown, null, undefined, void, never, object, bigint, symbol, this
	xLiteral                       // a string, number, boolean or template literal type
	xRef                           // a named type, possibly qualified, possibly with type arguments
	xArray                         // args[0][]
	xUnion                         // args[0] | args[1] | …
	xIntersection                  // args[0] & args[1] & …
	xObject                        // { members }
	xFunction                      // (params) => args[0]
	xTuple                         // [args…]
	xTypeof                        // typeof name<args>
)

// texpr is a type expression.
type texpr struct {
	kind    texprKind
	name    string // keyword, reference or typeof name ("ns.Item"); for xLiteral the value
	str     bool   // xLiteral: a string literal (name is its value)
	args    []*texpr
	members []member
	params  []param
	text    string // xOpaque: the source text, spaces normalized
}
