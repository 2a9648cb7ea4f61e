package jsparse

import (
	"fmt"
	"strings"
	"testing"
)

type parseCase struct {
	name string
	lang Lang
	src  string
	want []string // render() of every export, in order
}

// parseCases are also fixtures of the agreement test (agreement_test.go).
var parseCases = []parseCase{
	// --- supported handler forms
	{"export function", LangJS,
		"export function wixBilling_onInvoicePaid(event) { return 1; }\n",
		[]string{`func wixBilling_onInvoicePaid=function "wixBilling_onInvoicePaid" params="(event)" body="{ return 1; }"`}},
	{"export async function", LangJS,
		"export async function wixStores_onNewOrder(event) {\n  await x;\n}\n",
		[]string{`func wixStores_onNewOrder=function "wixStores_onNewOrder" async params="(event)" body="{\n  await x;\n}"`}},
	{"export generator function", LangJS,
		"export function* gen(a) { yield a; }",
		[]string{`func gen=function "gen" params="(a)" body="{ yield a; }"`}},
	{"export const arrow with block body", LangJS,
		"export const h = (event) => { go(event); };",
		[]string{`var h=function "h" params="(event)" body="{ go(event); }"`}},
	{"export const async arrow with expression body", LangJS,
		"export const h = async (event) => go(event);",
		[]string{`var h=function "h" async params="(event)" body="go(event)"`}},
	{"export const arrow with bare parameter", LangJS,
		"export const h = event => event.id;",
		[]string{`var h=function "h" params="event" body="event.id"`}},
	{"export const function expression", LangJS,
		"export const h = function named(event) {};",
		[]string{`var h=function "h" params="(event)" body="{}"`}},
	{"export let and var", LangJS,
		"export let a = () => 1; export var b = async function () {};",
		[]string{`var a=function "a" params="()" body="1"`, `var b=function "b" async params="()" body="{}"`}},
	{"several declarators in one statement", LangJS,
		"export const a = 1, b = 'x', c = `t${a}`, d = /re/g, e = null, f = true, g = undefined;",
		[]string{`var a=literal "a"`, `var b=literal "b"`, `var c=literal "c"`, `var d=literal "d"`,
			`var e=literal "e"`, `var f=literal "f"`, `var g=literal "g"`}},
	{"specifier list with alias to a local function", LangJS,
		"async function local(event) {}\nexport { local as wixCrm_onContactCreated, local };",
		[]string{`spec wixCrm_onContactCreated=function "wixCrm_onContactCreated" async local=local params="(event)" body="{}"`,
			`spec local=function "local" async local=local params="(event)" body="{}"`}},
	{"specifier before the declaration (hoisting)", LangJS,
		"export { h };\nconst h = (e) => e;",
		[]string{`spec h=function "h" local=h params="(e)" body="e"`}},
	{"specifier with string names", LangJS,
		"const a = () => 1;\nexport { a as 'my-name', a as \"other\" };",
		[]string{`spec my-name=function "my-name" local=a params="()" body="1"`, `spec other=function "other" local=a params="()" body="1"`}},
	{"specifier chain through consts", LangJS,
		"function base(e) {}\nconst mid = base;\nconst top = mid;\nexport { top as h };",
		[]string{`spec h=function "h" local=top params="(e)" body="{}"`}},

	// --- unsupported forms, classified
	{"export const of an imported binding", LangJS,
		"import { onPaid as p } from 'wix-billing-helpers';\nimport def from './local';\nimport * as ns from 'ns';\nexport const a = p, b = def, c = ns;",
		[]string{`var a=import "a" local=p from=wix-billing-helpers imported=onPaid`,
			`var b=import "b" local=def from=./local imported=default`,
			`var c=import "c" local=ns from=ns imported=*`}},
	{"specifier of an imported binding", LangJS,
		"import { x } from 'pkg';\nexport { x as h };",
		[]string{`spec h=import "h" local=x from=pkg imported=x`}},
	{"factory call and new", LangJS,
		"export const a = factory('x'), b = new Handler();",
		[]string{`var a=call "a"`, `var b=call "b"`}},
	{"member expression", LangJS,
		"const obj = { m() {} };\nexport const h = obj.m, k = obj['m'];",
		[]string{`var h=member "h" local=obj.m`, `var k=member "k" local=obj['m']`}},
	{"object, array, class and other values", LangJS,
		"export const o = { run() {} }, arr = [f], c = class {}, t = a ? b : c, s = 1 + 2;",
		[]string{`var o=object "o"`, `var arr=array "arr"`, `var c=class "c"`, `var t=other "t"`, `var s=other "s"`}},
	{"identifier chain to a call", LangJS,
		"const made = make();\nexport const h = made;",
		[]string{`var h=call "h" local=made`}},
	{"unknown global", LangJS,
		"export const h = someGlobal;",
		[]string{`var h=unknown "h" local=someGlobal`}},
	{"export let without value", LangJS,
		"export let h;",
		[]string{`var h=none "h"`}},
	{"export let assigned a function later at the top level", LangJS,
		"export let h;\nh = async (e) => e;\nlet k = null;\nk = function (x) {};\nexport { k };",
		[]string{`var h=function "h" async params="(e)" body="e"`, `spec k=function "k" local=k params="(x)" body="{}"`}},
	{"assignment inside a function does not count", LangJS,
		"export let h;\nfunction setup() { h = () => {}; }",
		[]string{`var h=none "h"`}},
	{"export class", LangJS,
		"export class Handler { run(e) {} }",
		[]string{`class Handler=class "Handler"`}},
	{"destructured exports", LangJS,
		"const obj = {};\nexport const { a, b: [c], d = 1, ...rest } = obj;",
		[]string{`destr a=member "a"`, `destr c=member "c"`, `destr d=member "d"`, `destr rest=member "rest"`}},
	{"re-exports from a package and a local file", LangJS,
		"export { onEvent as h, default as d } from '@velo/pkg';\nexport { x } from './local';",
		[]string{`reexport h=import "h" from=@velo/pkg imported=onEvent`, `reexport d=import "d" from=@velo/pkg imported=default`,
			`reexport x=import "x" from=./local imported=x`}},
	{"export star and star as", LangJS,
		"export * from './shared';\nexport * as ns from \"./ns\";",
		[]string{`star =import "export * from './shared';" from=./shared imported=*`, `staras ns=import "ns" from=./ns imported=*`}},
	{"export default function declaration", LangJS,
		"export default async function named(event) {}",
		[]string{`default default=function "default" async params="(event)" body="{}"`}},
	{"export default anonymous function", LangJS,
		"export default function (event) {}",
		[]string{`default default=function "default" params="(event)" body="{}"`}},
	{"export default object with methods", LangJS,
		"export default {\n  wixStores_onNewOrder(event) {},\n};",
		[]string{`default default=object "default"`}},
	{"export default identifier", LangJS,
		"function h(e) {}\nexport default h;",
		[]string{`default default=function "default" local=h params="(e)" body="{}"`}},
	{"export default arrow and class", LangJS,
		"export default (e) => e;",
		[]string{`default default=function "default" params="(e)" body="e"`}},
	{"export specifier as default", LangJS,
		"const h = () => {};\nexport { h as default };",
		[]string{`spec default=function "default" local=h params="()" body="{}"`}},

	// --- CommonJS
	{"module.exports property", LangJS,
		"module.exports.wixStores_onNewOrder = function (event) {};",
		[]string{`cjs wixStores_onNewOrder=function "wixStores_onNewOrder" params="(event)" body="{}"`}},
	{"exports property and subscript", LangJS,
		"exports.a = async (e) => e;\nexports['b'] = 1;\nmodule.exports[\"c\"] = helper;\nfunction helper() {}",
		[]string{`cjs a=function "a" async params="(e)" body="e"`, `cjs b=literal "b"`,
			`cjs c=function "c" local=helper params="()" body="{}"`}},
	{"module.exports object: one record per key", LangJS,
		"function h(e) {}\nconst v = () => 1;\nmodule.exports = { h, k: v, async m(a) {}, 'q': 2, [computed]: 3, ...spread };",
		[]string{`cjs h=function "h" local=h params="(e)" body="{}"`, `cjs k=function "k" local=v params="()" body="1"`,
			`cjs m=function "m" async params="(a)" body="{}"`, `cjs q=literal "q"`}},
	{"module.exports single value", LangJS,
		"module.exports = makeHandlers();",
		[]string{`cjs =call "module.exports"`}},
	{"chained CommonJS assignment", LangJS,
		"exports.a = exports.b = function () {};",
		[]string{`cjs a=function "a" params="()" body="{}"`, `cjs b=function "b" params="()" body="{}"`}},
	{"CommonJS inside a function is not an export", LangJS,
		"function setup() { module.exports.h = () => {}; }",
		nil},

	// --- text that only looks like exports
	{"names in comments, strings, templates and regexes", LangJS,
		"// export function wixA_onB(event) {}\n/* export const wixC_onD = 1; */\nconst s = 'export function wixE_onF() {}';\nconst t = `\nexport function wixG_onH() {}\n${1}`;\nconst r = /export function wixI_onJ\\(\\)/;\nexport function real() {}",
		[]string{`func real=function "real" params="()" body="{}"`}},

	// --- Unicode, CRLF, no final newline
	{"emoji before a handler on the same line", LangJS,
		"/* 🎉🚀 */ export function wixBilling_onInvoicePaid(event) {}",
		[]string{`func wixBilling_onInvoicePaid=function "wixBilling_onInvoicePaid" params="(event)" body="{}"`}},
	{"Hebrew and CJK before a handler on the same line", LangJS,
		"const he = 'שלום'; const zh = '订单'; export const wixStores_onNewOrder = (event) => {};",
		[]string{`var wixStores_onNewOrder=function "wixStores_onNewOrder" params="(event)" body="{}"`}},
	{"CRLF line ends", LangJS,
		"// 주문\r\nexport function a(event) {\r\n  return 1;\r\n}\r\nexport const b = 2;\r\n",
		[]string{`func a=function "a" params="(event)" body="{\r\n  return 1;\r\n}"`, `var b=literal "b"`}},
	{"no final newline", LangJS,
		"export function a(event) {}",
		[]string{`func a=function "a" params="(event)" body="{}"`}},

	// --- TypeScript
	{"TypeScript handler with types", LangTS,
		"import type { Order } from './types';\nexport async function h(event: Order): Promise<void> {}\nexport const k = (e: any): number => 1;",
		[]string{`func h=function "h" async params="(event: Order)" body="{}"`, `var k=function "k" params="(e: any)" body="1"`}},
	{"TypeScript type-only exports", LangTS,
		"export type T = { a: 1 };\nexport interface I { b: string }\ntype L = 1;\nconst v = 1;\nexport { type L as M, v };\nexport type { X } from './x';",
		[]string{`var T=none "T" type`, `var I=none "I" type`, `spec M=unknown "M" type local=L`,
			`spec v=literal "v" local=v`, `reexport X=import "X" type from=./x imported=X`}},
	{"TypeScript local type exported by a plain specifier", LangTS,
		"interface Shape { a: 1 }\nexport { Shape };",
		[]string{`spec Shape=none "Shape" type local=Shape`}},
	{"TypeScript declare and overloads", LangTS,
		"export declare function d(a: string): void;\nexport declare const c: number;\nexport function o(a: string): void;\nexport function o(a: any) {}",
		[]string{`func d=function "d" type params="(a: string)"`, `var c=none "c" type`,
			`func o=function "o" type params="(a: string)"`, `func o=function "o" params="(a: any)" body="{}"`}},
	{"TypeScript enum, namespace, abstract class", LangTS,
		"export enum E { A }\nexport namespace N { export const x = 1; }\nexport namespace OnlyTypes { export type T = 1; }\nexport abstract class K {}",
		[]string{`var E=object "E"`, `var N=object "N"`, `var OnlyTypes=object "OnlyTypes" type`, `class K=class "K"`}},
	{"TypeScript satisfies and as", LangTS,
		"export const h = ((e: any) => e) as any;",
		[]string{`var h=function "h" params="(e: any)" body="e"`}},
}

func TestParseExports(t *testing.T) {
	for _, tc := range parseCases {
		t.Run(tc.name, func(t *testing.T) {
			f := Parse([]byte(tc.src), tc.lang)
			var got []string
			for _, e := range f.Exports {
				got = append(got, render(tc.src, e))
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("exports of\n%s\n got:\n  %s\nwant:\n  %s", tc.src, strings.Join(got, "\n  "), strings.Join(tc.want, "\n  "))
			}
			if f.HasErrors {
				t.Errorf("unexpected syntax errors at %v", f.ErrorRanges)
			}
		})
	}
}

// TestParseExactOffsets checks byte offsets against positions computed
// independently (strings.Index) when multi-byte text and CRLF come first.
func TestParseExactOffsets(t *testing.T) {
	cases := []struct {
		name, src, handler string
	}{
		{"emoji on the same line", "/* 👨‍👩‍👧 🎉 */ export function wixA_onB(event) {}", "wixA_onB"},
		{"Hebrew line above, CRLF", "// שלום עולם\r\n// 感谢\r\nexport async function wixA_onB(event) {\r\n}\r\n", "wixA_onB"},
		{"Korean in a string before an arrow", "const s = '주문해 주셔서'; export const wixA_onB = async (event) => 1", "wixA_onB"},
		{"lone CR line ends", "// é\rexport function wixA_onB(event) {}\r", "wixA_onB"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := Parse([]byte(tc.src), LangJS)
			if len(f.Exports) != 1 {
				t.Fatalf("got %d exports, want 1", len(f.Exports))
			}
			e := f.Exports[0]
			start := strings.Index(tc.src, tc.handler)
			if e.NameRange != (Range{start, start + len(tc.handler)}) {
				t.Errorf("NameRange = %v, want [%d,%d)", e.NameRange, start, start+len(tc.handler))
			}
			stmt := strings.Index(tc.src, "export")
			if e.Stmt.Start != stmt {
				t.Errorf("Stmt.Start = %d, want %d", e.Stmt.Start, stmt)
			}
			params := strings.Index(tc.src, "(event)")
			if e.Params != (Range{params, params + len("(event)")}) {
				t.Errorf("Params = %v, want [%d,%d)", e.Params, params, params+7)
			}
		})
	}
}

func TestParseStatementRanges(t *testing.T) {
	src := "import x from 'y';\nexport const a = 1, b = x;\nexports.c = 2;\nexport { a as d };\n"
	f := Parse([]byte(src), LangJS)
	want := map[string]string{
		"a": "export const a = 1, b = x;",
		"b": "export const a = 1, b = x;",
		"c": "exports.c = 2;",
		"d": "export { a as d };",
	}
	if len(f.Exports) != len(want) {
		t.Fatalf("got %d exports, want %d", len(f.Exports), len(want))
	}
	for _, e := range f.Exports {
		if got := spanText(src, e.Stmt); got != want[e.Name] {
			t.Errorf("%s: Stmt covers %q, want %q", e.Name, got, want[e.Name])
		}
	}
	if got := spanText(src, f.Exports[1].ValueRange); got != "x" {
		t.Errorf("b: ValueRange covers %q, want %q", got, "x")
	}
}

// declarationCases are also fixtures of the differential test.
var declarationCases = []struct {
	name string
	lang Lang
	src  string
	want []string
}{
	{"unexported handler-named function", LangJS,
		"export function a() {}\nasync function wixStores_onNewOrder(event) {}\nconst b = (x) => x, c = 3;",
		[]string{`wixStores_onNewOrder=function "wixStores_onNewOrder" async params="(event)"`,
			`b=function "b" params="(x)"`, `c=literal "c"`}},
	{"imports are declarations", LangJS,
		"import d, { x as y } from 'wix-data';\nimport * as ns from './ns';",
		[]string{`d=import "d" from=wix-data imported=default`, `y=import "y" from=wix-data imported=x`,
			`ns=import "ns" from=./ns imported=*`}},
	{"locals exported by specifier or default are not declarations", LangJS,
		"function a() {}\nfunction b() {}\nfunction c() {}\nexport { a };\nexport default b;",
		[]string{`c=function "c" params="()"`}},
	{"class and destructuring", LangJS,
		"class K {}\nconst { p, q: [r] } = obj;",
		[]string{`K=class "K"`, `p=member "p"`, `r=member "r"`}},
	{"types are not declarations", LangTS,
		"type T = 1;\ninterface I {}\nimport type { Z } from 'z';\nenum E { A }",
		[]string{`E=object "E"`}},
	{"nested functions are not top level", LangJS,
		"function outer() { function wixA_onB() {} }",
		[]string{`outer=function "outer" params="()"`}},
}

func TestParseDeclarations(t *testing.T) {
	cases := declarationCases
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := Parse([]byte(tc.src), tc.lang)
			var got []string
			for _, d := range f.Declarations {
				got = append(got, renderDecl(tc.src, d))
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("declarations of\n%s\n got:\n  %s\nwant:\n  %s", tc.src, strings.Join(got, "\n  "), strings.Join(tc.want, "\n  "))
			}
		})
	}
}

// formatCases are also fixtures of the differential test.
var formatCases = []struct {
	name   string
	src    string
	format Format
	cjs    bool
}{
	{"export", "export const a = 1;", FormatESM, false},
	{"import only", "import 'x';", FormatESM, false},
	{"empty export", "export {};", FormatESM, false},
	{"import.meta", "console.log(import.meta.url);", FormatESM, false},
	{"top-level await", "const x = await fetch();", FormatESM, false},
	{"await inside a function only", "async function f() { await g(); }", FormatNone, false},
	{"module.exports", "module.exports = {};", FormatCJS, true},
	{"exports property", "exports.h = 1;", FormatCJS, true},
	{"module read inside a function", "function f() { return typeof module; }", FormatCJS, false},
	{"top-level return", "return;", FormatCJS, false},
	{"require only", "const x = require('x');", FormatNone, true},
	{"words in strings and comments", "// module.exports\nconst s = 'exports.h = import.meta';", FormatNone, false},
	{"property named module", "const o = {}; o.module = 1;", FormatNone, false},
	{"plain script", "const a = 1;", FormatNone, false},
	{"ESM wins over CommonJS", "export const a = 1;\nmodule.exports.b = 2;", FormatESM, true},
}

func TestParseFormatAndCommonJS(t *testing.T) {
	cases := formatCases
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := Parse([]byte(tc.src), LangJS)
			if f.Format != tc.format {
				t.Errorf("Format = %q, want %q", f.Format, tc.format)
			}
			if f.UsesCommonJS != tc.cjs {
				t.Errorf("UsesCommonJS = %v, want %v", f.UsesCommonJS, tc.cjs)
			}
		})
	}
}

func TestParseSyntaxErrors(t *testing.T) {
	cases := []struct {
		name string
		src  string
		at   string // the error range must start at or contain this text's offset
		want []string
	}{
		{"missing closing brace keeps earlier exports", "export function a(event) {}\nexport function b(event) {\n  go(;\n",
			"", []string{`func a=function "a" params="(event)" body="{}"`}},
		{"garbage line", "export const a = 1;\nconst = 5;\nexport function b() {}\n",
			"= 5", []string{`var a=literal "a"`, `func b=function "b" params="()" body="{}"`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := Parse([]byte(tc.src), LangJS)
			if !f.HasErrors || len(f.ErrorRanges) == 0 {
				t.Fatalf("HasErrors = %v, ErrorRanges = %v; want errors", f.HasErrors, f.ErrorRanges)
			}
			if tc.at != "" {
				off := strings.Index(tc.src, tc.at)
				ok := false
				for _, r := range f.ErrorRanges {
					if r.Start <= off && off <= r.End {
						ok = true
					}
				}
				if !ok {
					t.Errorf("no error range covers offset %d (%q): %v", off, tc.at, f.ErrorRanges)
				}
			}
			var got []string
			for _, e := range f.Exports {
				got = append(got, render(tc.src, e))
			}
			for _, w := range tc.want {
				found := false
				for _, g := range got {
					found = found || g == w
				}
				if !found {
					t.Errorf("missing export %s in\n  %s", w, strings.Join(got, "\n  "))
				}
			}
		})
	}
}

// TestParseNeverPanics feeds truncated and mangled sources: Parse must
// return a File every time and never hit its recover.
func TestParseNeverPanics(t *testing.T) {
	var inputs []string
	for _, tc := range parseCases {
		inputs = append(inputs, tc.src)
	}
	inputs = append(inputs, "", "\x00\xff\xfe", "export", "export {", "export default", "module.exports =", "\ufeffexport const a = 1;")
	for _, src := range inputs {
		for cut := 0; cut <= len(src); cut += 3 {
			for _, lang := range []Lang{LangJS, LangTS} {
				f := Parse([]byte(src[:cut]), lang)
				if f == nil {
					t.Fatalf("nil File for %q", src[:cut])
				}
				if _, cf := Check("x", []byte(src[:cut]), lang); cf == nil || cf.internalError != "" {
					t.Fatalf("Check failed on %q", src[:cut])
				}
				if f.internalError != "" {
					t.Fatalf("Parse recovered from %s on %q", f.internalError, src[:cut])
				}
				for _, e := range f.Exports {
					for _, r := range []Range{e.NameRange, e.Stmt} {
						if r.Start < 0 || r.End > cut || r.Start > r.End {
							t.Fatalf("range %v outside [0,%d] for %q", r, cut, src[:cut])
						}
					}
				}
			}
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, tc := range parseCases {
		f.Add(tc.src)
	}
	f.Fuzz(func(t *testing.T, src string) {
		for _, lang := range []Lang{LangJS, LangTS} {
			file := Parse([]byte(src), lang)
			if file == nil || file.internalError != "" {
				t.Fatalf("Parse failed: %v", file)
			}
			_ = esmExportNames(file)
			ok := func(r Range) bool {
				return r == noRange || r.Start >= 0 && r.Start <= r.End && r.End <= len(src)
			}
			for _, e := range file.Exports {
				for _, r := range []Range{e.NameRange, e.Stmt, e.ValueRange, e.Params, e.Body} {
					if !ok(r) {
						t.Fatalf("export %q: range %v outside [0,%d]", e.Name, r, len(src))
					}
				}
				for _, m := range e.Members {
					for _, r := range []Range{m.NameRange, m.ValueRange, m.Params, m.Body} {
						if !ok(r) {
							t.Fatalf("member %q: range %v outside [0,%d]", m.Name, r, len(src))
						}
					}
				}
			}
			for _, d := range file.Declarations {
				for _, r := range []Range{d.NameRange, d.Stmt, d.Params, d.Body} {
					if !ok(r) {
						t.Fatalf("declaration %q: range %v outside [0,%d]", d.Name, r, len(src))
					}
				}
			}
			for _, r := range file.ErrorRanges {
				if !ok(r) {
					t.Fatalf("error range %v outside [0,%d]", r, len(src))
				}
			}
		}
	})
}

func ExampleParse() {
	src := []byte("/* 🎉 */ export const wixStores_onNewOrder = async (event) => {};\n")
	f := Parse(src, LangJS)
	e := f.Exports[0]
	fmt.Println(e.Name, e.NameRange, e.Value == ValueFunction, e.Async)
	// Output: wixStores_onNewOrder {24 44} true true
}

func TestParseObjectMembers(t *testing.T) {
	cases := []struct {
		name string
		src  string
		want []string // name=value "key text" [async] [params]
	}{
		{"export default object", "function fn(x) {}\nconst e = () => 1;\nexport default { wixA_onB(event) {}, async c() {}, d: fn, e, 'f-g': 1, [k]: 2, ...s };",
			[]string{`wixA_onB=function "wixA_onB" params="(event)"`, `c=function "c" async params="()"`, `d=function "d" params="(x)"`,
				`e=function "e" params="()"`, `f-g=literal "f-g"`}},
		{"object one identifier away", "const handlers = { h(event) {} };\nexport default handlers;",
			[]string{`h=function "h" params="(event)"`}},
		{"exported const object with an imported value", "import { x } from 'pkg';\nexport const obj = { h: x };",
			[]string{`h=import "h"`}},
		{"not an object", "export const h = () => {};", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := Parse([]byte(tc.src), LangJS)
			if len(f.Exports) != 1 {
				t.Fatalf("got %d exports", len(f.Exports))
			}
			var got []string
			for _, m := range f.Exports[0].Members {
				s := fmt.Sprintf("%s=%s %q", m.Name, valueNames[m.Value], spanText(tc.src, m.NameRange))
				if m.Async {
					s += " async"
				}
				if m.Params.Start >= 0 {
					s += fmt.Sprintf(" params=%q", spanText(tc.src, m.Params))
				}
				got = append(got, s)
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("members\n got:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(tc.want, "\n  "))
			}
		})
	}
}
