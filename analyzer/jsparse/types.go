// Package jsparse reads one JavaScript or TypeScript source file with two
// parsers: esbuild (pkg/api) is the authority on validity, module format and
// the final export names; tree-sitter gives the structure (every export with
// exact byte ranges) and tolerates half-typed code.
//
// Units: every offset in this package is a 0-based byte offset into the
// source passed in. Ranges are half-open [Start, End).
//
// CONTRACT (used by analyzer/ and lsp/): the types below and the functions
// listed at the bottom. Extend, do not rename.
package jsparse

// Lang is the source language, chosen from the file extension.
type Lang int

const (
	LangJS Lang = iota // .js .jsw .mjs .cjs
	LangTS             // .ts .mts .cts
)

// LangFromPath picks the language from a file name.
// (implemented in the parser files)

// Range is a half-open byte range [Start, End).
type Range struct {
	Start, End int
}

// SyntaxError is esbuild's first error, located in bytes.
type SyntaxError struct {
	ID      string // esbuild's message id ("commonjs-variable-in-esm"); often "" for errors
	Message string
	Range   Range  // Start is esbuild's location; End = Start+Length (at least Start)
	Notes   []Note // esbuild's notes (e.g. "The unbalanced '{' is here")
}

// Note is a secondary message with its own location in the same file
// (Range.Start < 0 when it has none).
type Note struct {
	Message string
	Range   Range
}

// Format is the module format esbuild detected.
type Format string

const (
	FormatESM  Format = "esm"
	FormatCJS  Format = "cjs"
	FormatNone Format = "" // neither import/export nor require/module/exports
)

// ExportForm is the syntactic shape of an export.
type ExportForm int

const (
	FormFunctionDecl ExportForm = iota // export function h() {} / export async function h() {}
	FormVariable                       // export const|let|var h = <Value>
	FormClassDecl                      // export class H {}
	FormSpecifier                      // export { local as h } / export { h }  (no 'from')
	FormReExport                       // export { x as h } from 'src' / export { default as h } from 'src'
	FormExportStar                     // export * from 'src'   (Name == "")
	FormExportStarAs                   // export * as ns from 'src' (Name == ns)
	FormDefault                        // export default <anything>   (Name == "default")
	FormCommonJS                       // module.exports.h = … / exports.h = … / module.exports = { h … } (one record per key)
	FormDestructured                   // export const { a, b } = obj  (one record per bound name)
)

// ValueKind classifies the value bound to an exported name, after following
// a local identifier to its top-level declaration (one step per hop, no
// execution).
type ValueKind int

const (
	ValueUnknown  ValueKind = iota
	ValueFunction           // function declaration, function expression, arrow function
	ValueCall               // call/new expression: needs execution (factory())
	ValueMember             // member expression: obj.method
	ValueImport             // a binding imported from another module (Source says which)
	ValueLiteral            // number, string, template, boolean, null, regex
	ValueObject             // object literal
	ValueArray              // array literal
	ValueClass              // class declaration or expression
	ValueNone               // declared without a value: export let h;
	ValueOther              // anything else (binary expression, conditional, await, …)
)

// Export is one exported binding.
type Export struct {
	Name       string // the exported name ("default" for default exports, "" for export *)
	NameRange  Range  // the token that spells the exported name (alias in specifiers, key in CommonJS); for export * the 'export' keyword … ';'
	Stmt       Range  // the whole statement (export declaration, or CommonJS assignment statement)
	Form       ExportForm
	Value      ValueKind
	ValueRange Range  // the value expression/declaration ({-1,-1} when none)
	Local      string // FormSpecifier: the local name; FormVariable with ValueMember/identifier: the expression text
	Source     string // FormReExport / FormExportStar*: the module specifier; ValueImport: the import's source
	Imported   string // ValueImport / FormReExport: the name imported from Source ("default", "*" for namespace)
	Async      bool   // the function is async
	Params     Range  // parameter list including parentheses, when Value == ValueFunction ({-1,-1} otherwise)
	Body       Range  // function body including braces, or the arrow's expression body ({-1,-1} otherwise)
	TypeOnly   bool   // TypeScript 'export type' / 'export interface' / 'export { type X }': not a runtime export
	// Members are the keys of the object literal the export is bound to
	// (Value == ValueObject, written in place or one identifier away):
	// export default { h() {} }, export const handlers = { h: fn }. Velo
	// never calls them. Computed keys and spreads are left out.
	Members []Member
}

// Member is one key of an exported object literal.
type Member struct {
	Name       string
	NameRange  Range // the key as written (inside the quotes for a string key)
	Value      ValueKind
	ValueRange Range // the value; the whole method for a method
	Async      bool
	Params     Range // {-1,-1} unless Value == ValueFunction
	Body       Range // {-1,-1} unless Value == ValueFunction
}

// Declaration is one top-level binding that is not exported (used for
// "handler-named function is not exported" and for following identifiers).
type Declaration struct {
	Name      string
	NameRange Range
	Stmt      Range
	Value     ValueKind
	Source    string // for imports
	Imported  string // for imports: the name imported from Source ("default", "*" for a namespace)
	Async     bool
	Params    Range
	Body      Range
}

// File is the structure of one source file as tree-sitter sees it.
type File struct {
	Lang         Lang
	Exports      []Export      // in source order; CommonJS records included (Form == FormCommonJS)
	Declarations []Declaration // top-level bindings that are not exported, in source order
	HasErrors    bool          // the tree has ERROR or MISSING nodes
	ErrorRanges  []Range       // where they are (first few)
	UsesCommonJS bool          // module.exports / exports.x / require() seen at top level
	// Format is the module format by esbuild's rules as the tree shows it:
	// ESM when an import/export statement, import.meta or a top-level await
	// is present; else CJS when module.exports/exports are written, module or
	// exports is referenced unbound, or the top level returns; else none.
	Format Format

	internalError string // a recovered panic, for tests
}

// Validation is esbuild's verdict on a file.
type Validation struct {
	Error   *SyntaxError // first error, nil when esbuild accepts the file
	Format  Format
	Exports []string // esbuild's export names for this file alone (sorted); nil when Error != nil
	// Warnings are esbuild's warnings, located like Error (for example
	// "commonjs-variable-in-esm": module.exports in a file with ESM syntax).
	Warnings []SyntaxError
}

// Functions (implemented by the parser files):
//
//   func LangFromPath(path string) Lang
//   func Validate(path string, src []byte, lang Lang) Validation
//       One esbuild Transform (format esm, no bundling, no minify): the first
//       error located in bytes, warnings, and the format (CommonJS exactly;
//       ESM/none from a scan of the output, see its doc). Exports stays nil
//       (use EsbuildExports). Safe for concurrent use.
//   func ResolveExports(fsys fs.FS, path string) ([]string, error)
//       esbuild Build with bundling from path inside fsys; every bare,
//       'wix-*', '@velo/*' and '@wix/*' import external; relative imports
//       read only from fsys (a plugin; never the real disk outside it).
//       Returns the final export names after export * / export … from chains
//       through local files. Only called when the file re-exports locally.
//   func Parse(src []byte, lang Lang) *File
//       tree-sitter structure. Never panics, never returns nil. Safe for
//       concurrent use (one parser per call or a pool).
//   func Check(path string, src []byte, lang Lang) (Validation, *File)
//       The hot path: Validate + Parse on one file (one Transform, one
//       tree-sitter parse). When esbuild accepts the file, tree-sitter skips
//       the inside of function bodies and template literals (verified, with
//       a full-parse fallback): Exports and Declarations equal Parse's, at
//       about half the tree-sitter cost. Validation.Format is exact (esbuild's
//       CommonJS verdict plus the tree's ESM syntax).
//   func EsbuildExports(path string, src []byte, lang Lang) ([]string, Format, error)
//       esbuild Build of this file alone (every import external, metafile):
//       its export names and format. For the agreement test; not the hot path.
//   func EsbuildOffset(src []byte, line, column int) int
//       esbuild location (1-based line, byte column) → byte offset.
//   func ESMExportNames(f *File) []string
//       sorted runtime ESM export names as tree-sitter sees them (no
//       CommonJS, no type-only, no export * without a name): equals
//       EsbuildExports on every file esbuild accepts (agreement test).
