// Package jsparse reads one JavaScript or TypeScript source file: esbuild
// (pkg/api) is the authority on validity, module format and the final
// export names; a pure-Go lexer and structural scanner give the structure
// (every export, declaration and object member with exact byte ranges) and
// tolerate half-typed code.
//
//   - lex.go: Lex, the one token stream for everything that reads source
//     text. Comments are tokens; strings, templates and regular expressions
//     are told apart from code by the lexer alone (see its notes).
//   - scan*.go: Parse, a recursive descent parser over those tokens that
//     follows esbuild's grammar decisions. It parses the top level in full
//     and skips function and class bodies by bracket matching, except where
//     the module format depends on them (module/exports bound locally, a
//     top-level arrow's this). Because esbuild has already accepted every
//     file whose structure matters, it is exact on valid input (checked
//     against esbuild's metafile; before the tree-sitter parser it
//     replaced was deleted, record for record against it on 17,492 files,
//     see SCANNER_NOTES.md); on broken input it keeps what precedes the
//     broken point (see scan.go).
//   - esbuild.go: Validate, Check (the file lexed once; the guard walks
//     those tokens, then one Transform and the scan of the same tokens run
//     at the same time; CheckValidTokens hands the tokens on to the
//     analyzer's rules), EsbuildExports, ResolveExports.
//   - guard*.go: the guard every one of them runs before esbuild sees a
//     file (Complexity): one pass over the token stream measuring the
//     shapes that overflow esbuild's stack (a fatal error) or make it
//     quadratic; a file over a limit is refused with one SyntaxError
//     (TooDeeplyNestedID, TooComplex), never given to esbuild.
//
// No cgo: the package builds with CGO_ENABLED=0 for every platform Go
// supports, js/wasm and wasip1/wasm included. SCANNER_NOTES.md has the
// measurements against tree-sitter.
//
// Units: every offset in this package is a 0-based byte offset into the
// source passed in. Ranges are half-open [Start, End).
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

// SyntaxError is esbuild's first error, located in bytes, or the guard's
// refusal of a file too complex to give esbuild (see guard.go).
type SyntaxError struct {
	ID      string // esbuild's message id ("commonjs-variable-in-esm"); often "" for errors
	Message string
	Range   Range  // Start is esbuild's location; End = Start+Length (at least Start)
	Notes   []Note // esbuild's notes (e.g. "The unbalanced '{' is here")
	// TooComplex is set when the guard refused the file before esbuild
	// saw it (ID is TooDeeplyNestedID): which measure, how big, where.
	TooComplex *TooComplex
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

// File is the structure of one source file as the scanner reads it.
type File struct {
	Lang         Lang
	Exports      []Export      // in source order; CommonJS records included (Form == FormCommonJS)
	Declarations []Declaration // top-level bindings that are not exported, in source order
	// HasErrors: the scanner met something it could not read (broken
	// input). It does not look for errors inside the function bodies it
	// skips (esbuild reports those); a body that never closes, or holds a
	// line starting an export, is an error.
	HasErrors    bool
	ErrorRanges  []Range // where (first few): from the token it could not read to where it resumed
	UsesCommonJS bool    // module.exports / exports.x written, require() or import x = require() at the top level
	// Format is the module format by esbuild's rules: ESM when an export
	// statement (not TypeScript's export =), import.meta or a top-level
	// await is present; else CJS when module or exports is referenced
	// unbound (TypeScript's export = included), the top level returns or
	// reads this, or eval is called; else ESM when an import statement is
	// present (not TypeScript's import x = require()); else none. Where it
	// can differ from esbuild's metafile: module/exports only in code esbuild
	// proves dead (if (false) …: Check corrects it with esbuild's own
	// verdict), and an await in a class's computed key at the top level.
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
//   func Lex(src []byte, lang Lang) *Tokens
//   func LexRange(src []byte, lang Lang, r Range) *Tokens
//       The token stream (lex.go): every token with its kind, operator,
//       byte range, flags (line break before, escaped, invalid,
//       unterminated), its decoded value through Tokens.Value; LexRange lexes
//       one function body (a rule reading a handler's payload uses).
//   func Parse(src []byte, lang Lang) *File
//       The scanner's structure. Never panics, never returns nil. Safe for
//       concurrent use.
//   func Check(path string, src []byte, lang Lang) (Validation, *File)
//       The hot path: one Transform and one Parse of the file, at the same
//       time. Validation.Format and File.Format are exact (esbuild's
//       CommonJS verdict plus the scanner's ESM syntax).
//   func CheckValid(path string, src []byte, lang Lang) (Validation, *File)
//       Check, returning a nil File as soon as esbuild rejects the file.
//   func CheckValidTokens(path string, src []byte, lang Lang) (Validation, *File, *Tokens)
//       CheckValid, also returning the tokens it lexed (equal to Lex's).
//   func EsbuildExports(path string, src []byte, lang Lang) ([]string, Format, error)
//       esbuild Build of this file alone (every import external, metafile):
//       its export names and format. For the agreement test; not the hot path.
//   func EsbuildOffset(src []byte, line, column int) int
//       esbuild location (1-based line, byte column) → byte offset.
//   func esmExportNames(f *File) []string
//       sorted runtime ESM export names as the scanner sees them (no
//       CommonJS, no type-only, no export * without a name): equals
//       EsbuildExports on every file esbuild accepts (agreement test).
