package jsparse

import (
	"fmt"
	"strings"
	"testing"
)

// scanCases are shapes beyond parseCases that the scanner must read
// exactly: TypeScript declarations, decorators, ASI, regular expressions
// after statements, format rules. Also fixtures of the differential test.
var scanCases = []struct {
	name string
	lang Lang
	src  string
	want []string // render() of every export, in order
}{
	{"decorated class", LangTS, "@dec export class A {}\nexport @dec2() class B {}\n@a.b(c) class C {}\nexport { C };", []string{`class A=class "A"`, `class B=class "B"`, `spec C=class "C" local=C`}},
	{"export import alias and require", LangTS, "namespace N { export const x = 1; }\nexport import Q = N.x;\nimport fs = require('fs');\nexport import P = require('path');", []string{`var Q=member "Q"`, `var P=import "P" from=path imported=*`}},
	{"export equals", LangTS, "const h = () => 1;\nexport = h;", []string{`cjs =function "export" params="()" body="1"`}},
	{"dotted namespace", LangTS, "export namespace A.B { export const x = 1 }", []string{`var A=object "A"`}},
	{"generic arrow and casts", LangTS, "export const f = <T,>(x: T): T => x, g = <any>(() => 1), h = (x as any) satisfies unknown;", []string{`var f=function "f" params="(x: T)" body="x"`, `var g=function "g" params="()" body="1"`, `var h=unknown "h"`}},
	{"overloads and declare", LangTS, "export function f(a: string): void;\nexport function f(a: any) {}\ndeclare function g(): void;\nexport default function k(): void;\nexport default function k() {}", []string{`func f=function "f" type params="(a: string)"`, `func f=function "f" params="(a: any)" body="{}"`, `default default=function "default" type params="()"`, `default default=function "default" params="()" body="{}"`}},
	{"asi and comments after statements", LangJS, "export const a = 1 // one\nexport const b = () => {} // two\nexports.c = 3 // three\nexport { a as d } // four\n", []string{`var a=literal "a"`, `var b=function "b" params="()" body="{}"`, `cjs c=literal "c"`, `spec d=literal "d" local=a`}},
	{"regex after statements", LangJS, "export function f() {}\n/re/.test('x')\nif (x) {} /y/g.exec(s)\nexport const g = 1", []string{`func f=function "f" params="()" body="{}"`, `var g=literal "g"`}},
	{"async and await forms", LangJS, "export const a = async x => x, b = async (y) => y, c = async function () {}, d = async;\nexport default async () => {};", []string{`var a=function "a" async params="x" body="x"`, `var b=function "b" async params="(y)" body="y"`, `var c=function "c" async params="()" body="{}"`, `var d=unknown "d" local=async`, `default default=function "default" async params="()" body="{}"`}},
	{"getters and computed keys", LangJS, "export default { get a() { return 1 }, set a(v) {}, [k]: 1, 'q-r'() {}, 1: 2, async *g() {} };", []string{`default default=object "default"`}},
	{"CommonJS shadowed", LangJS, "const exports = {};\nexports.a = 1;\nmodule.exports.b = 2;", []string{`cjs b=literal "b"`}},
	{"module inside functions", LangJS, "function f(module) { return module.x; }\nconst g = () => exports;", nil},
	{"top-level this and return", LangJS, "const self = this;\nif (self) return;", nil},
	{"import meta and require", LangJS, "const u = import.meta.url;\nexport const r = require('x').y;", []string{`var r=member "r" local=require('x').y`}},
	{"TypeScript enums and namespaces", LangTS, "export const enum A { X = 1 }\nexport declare enum B { Y }\nexport namespace C { export declare const z: number }\nnamespace D { import E = C; }\nexport { D };", []string{`var A=object "A"`, `var B=object "B" type`, `var C=object "C"`, `spec D=object "D" type local=D`}},
	{"labels, blocks and var in blocks", LangJS, "outer: for (;;) { break outer; }\n{ var v = 1; }\nexport { v };", []string{`spec v=literal "v" local=v`}},
	{"class heritage and fields", LangTS, "export class A<T extends { a: 1 }> extends B<T> implements C, D { x: number = 1; static { init(); } m(): void {} }", []string{`class A=class "A"`}},
	{"template literal types and conditional types", LangTS, "export type T<X> = X extends `a${infer R}` ? R : never;\nexport const v: T<'ab'> = 'b';", []string{`var T=none "T" type`, `var v=literal "v"`}},
	{"string specifier names", LangJS, "const a = 1;\nexport { a as 'a b', a as \"\\u0063\" };\nexport { 'x y' as z } from './m';\nexport * as 'n s' from './n';", []string{`spec a b=literal "a b" local=a`, `spec c=literal "\\u0063" local=a`, `reexport z=import "z" from=./m imported=x y`, `staras n s=import "n s" from=./n imported=*`}},
	{"import with CommonJS is CommonJS", LangJS, "import x from 'y';\nmodule.exports = { x };", []string{`cjs x=import "x" local=x from=y imported=default`}},
	{"declared dotted namespace", LangTS, "export declare namespace A.B { const x: number }\nexport namespace C.D {}", []string{`var A=object "A" type`, `var C=object "C"`}},
	{"numeric and escaped keys", LangJS, "module.exports = { 0x10: 1, '\\u0061': 2, \\u0062: 3, 'c'() {}, [d]: 4 };", []string{`cjs 0x10=literal "0x10"`, `cjs a=literal "\\u0061"`, `cjs b=literal "\\u0062"`, `cjs c=function "c" params="()" body="{}"`}},
}

func TestScanCases(t *testing.T) {
	for _, tc := range scanCases {
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
				t.Errorf("errors at %v", f.ErrorRanges)
			}
			// the format is esbuild's
			_, format, err := EsbuildExports("x", []byte(tc.src), tc.lang)
			if err != nil {
				t.Fatalf("esbuild rejects the case: %v", err)
			}
			if f.Format != format {
				t.Errorf("Format = %q, esbuild %q", f.Format, format)
			}
		})
	}
}

func TestScanMembers(t *testing.T) {
	src := "export default { get a() { return 1 }, set a(v) {}, [k]: 1, 'q-r'() {}, 1: 2, async *g() {}, h, i: () => 0 };\nfunction h(e) {}"
	f := Parse([]byte(src), LangJS)
	want := []string{
		`a=function "a" "get a() { return 1 }" params="()"`,
		`a=function "a" "set a(v) {}" params="(v)"`,
		`q-r=function "q-r" "'q-r'() {}" params="()"`,
		`1=literal "1" "2"`,
		`g=function "g" async "async *g() {}" params="()"`,
		`h=function "h" "h" params="(e)"`,
		`i=function "i" "() => 0" params="()"`,
	}
	var got []string
	for _, m := range f.Exports[0].Members {
		s := fmt.Sprintf("%s=%s %q", m.Name, valueNames[m.Value], spanText(src, m.NameRange))
		if m.Async {
			s += " async"
		}
		s += fmt.Sprintf(" %q", spanText(src, m.ValueRange))
		if m.Params.Start >= 0 {
			s += fmt.Sprintf(" params=%q", spanText(src, m.Params))
		}
		got = append(got, s)
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("members\n got:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

// TestScanBrokenInput documents what the scanner does with half-typed
// code: what comes before the broken point is found, HasErrors is set, an
// error range covers what could not be read, and a function body left open
// runs to the next line that starts an export (or to the end of the file).
func TestScanBrokenInput(t *testing.T) {
	cases := []struct {
		name    string
		src     string
		errAt   string   // an error range covers this text's first occurrence ("" = none asked)
		exports []string // render() of every export, in order
	}{
		{"handler body open at the end of the file", "export const a = 1;\nexport function h(event) {\n  return event.id.\n",
			"{\n  return", []string{`var a=literal "a"`, `func h=function "h" params="(event)" body="{\n  return event.id.\n"`}},
		{"open body ends before the next export", "export function h(event) {\n  if (x) {\n}\nexport const k = 2;\n",
			"{\n  if", []string{`func h=function "h" params="(event)" body="{\n  if (x) {\n}"`, `var k=literal "k"`}},
		{"braces that balance only with a brace further down", "export function a(e) {\n  if (x) {\n}\nexport function b() {\n}\n}\n",
			"{\n  if", []string{`func a=function "a" params="(e)" body="{\n  if (x) {\n}"`, `func b=function "b" params="()" body="{\n}"`}},
		{"open arrow body", "export const h = async (e) => {\n  e.\nexport const k = 1;\n",
			"{\n  e.", []string{`var h=function "h" async params="(e)" body="{\n  e."`, `var k=literal "k"`}},
		{"garbage statement between exports", "export const a = 1;\nconst = 5;\nexport function b() {}\n",
			"= 5", []string{`var a=literal "a"`, `func b=function "b" params="()" body="{}"`}},
		{"unclosed parameter list", "export function a(event {\n  go();\n}\nexport function b() {}\n",
			"(event {", []string{`func a=function "a" params="(event {\n  go();\n}"`, `func b=function "b" params="()" body="{}"`}},
		{"export being typed", "export const a = 1;\nexport const h = \n", "", []string{`var a=literal "a"`}},
		{"unterminated string in a body", "export function h() {\n  const s = 'abc\n}\nexport const k = 1;\n",
			"'abc", []string{`var k=literal "k"`}},
		{"unterminated template swallows the rest", "export const a = 1;\nexport const t = `abc${x}\nexport const b = 2;\n",
			"", []string{`var a=literal "a"`}},
		{"stray closing brace", "export const a = 1;\n}\nexport const b = 2;\n", "}", []string{`var a=literal "a"`, `var b=literal "b"`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := Parse([]byte(tc.src), LangJS)
			if !f.HasErrors || len(f.ErrorRanges) == 0 {
				t.Fatalf("HasErrors = %v, ErrorRanges = %v; want errors", f.HasErrors, f.ErrorRanges)
			}
			for _, r := range f.ErrorRanges {
				if r.Start < 0 || r.End > len(tc.src) || r.Start > r.End {
					t.Errorf("error range %v outside the source", r)
				}
			}
			if tc.errAt != "" {
				off := strings.Index(tc.src, tc.errAt)
				ok := false
				for _, r := range f.ErrorRanges {
					ok = ok || r.Start <= off && off < max(r.End, r.Start+1)
				}
				if !ok {
					t.Errorf("no error range covers %q at %d: %v", tc.errAt, off, f.ErrorRanges)
				}
			}
			var got []string
			for _, e := range f.Exports {
				got = append(got, render(tc.src, e))
			}
			if strings.Join(got, "\n") != strings.Join(tc.exports, "\n") {
				t.Errorf("exports of\n%s\n got:\n  %s\nwant:\n  %s", tc.src, strings.Join(got, "\n  "), strings.Join(tc.exports, "\n  "))
			}
		})
	}
}

// TestScanErrorRangesBounded: at most maxErrorRanges ranges.
func TestScanErrorRangesBounded(t *testing.T) {
	src := strings.Repeat("const = 1;\n", 50)
	f := Parse([]byte(src), LangJS)
	if !f.HasErrors || len(f.ErrorRanges) != maxErrorRanges {
		t.Errorf("HasErrors %v, %d ranges; want %d", f.HasErrors, len(f.ErrorRanges), maxErrorRanges)
	}
}

// TestLexRangeOfABody: a rule reads a handler's body tokens from the
// File's Body range.
func TestLexRangeOfABody(t *testing.T) {
	src := []byte("export async function h(event) {\n  const { id } = event.entity; // payload read\n  if (id) /x/.test(id);\n}\n")
	f := Parse(src, LangJS)
	body := LexRange(src, LangJS, f.Exports[0].Body)
	var words []string
	for _, tk := range body.List {
		if tk.Kind == TokIdent || tk.Kind == TokRegExp {
			words = append(words, string(src[tk.Start:tk.End]))
		}
	}
	if got := strings.Join(words, " "); got != "id event entity id /x/ test id" {
		t.Errorf("body tokens: %s", got)
	}
}

// TestScanDeepChainsAreBrokenNotFatal: chains that nest without brackets
// (which NestingDepth does not count) would overflow the parser's stack,
// a fatal error; past maxDepth they are broken input instead.
func TestScanDeepChainsAreBrokenNotFatal(t *testing.T) {
	for _, unit := range []string{"!", "a = ", "-", "new ", "x ? y : ", "typeof ", "await ", "() => ", "async x => "} {
		src := "export const h = " + strings.Repeat(unit, 100_000) + "1;\nexport const k = 2;\n"
		f := Parse([]byte(src), LangJS)
		if !f.HasErrors {
			t.Errorf("%q: no error", unit)
		}
		if len(f.Exports) != 1 || f.Exports[0].Name != "k" {
			t.Errorf("%q: exports %v", unit, f.Exports)
		}
	}
	for _, unit := range []string{"A<", "(", "keyof ", "[", "{ a: "} {
		src := "export type T = " + strings.Repeat(unit, 100_000) + "B;\n"
		if f := Parse([]byte(src), LangTS); !f.HasErrors {
			t.Errorf("type %q: no error", unit)
		}
	}
	// a long else-if chain is not deep
	src := "if (a) {}" + strings.Repeat(" else if (a) {}", 2000) + "\nexport const k = 1;"
	if f := Parse([]byte(src), LangJS); f.HasErrors || len(f.Exports) != 1 {
		t.Errorf("else-if chain: errors %v, exports %v", f.ErrorRanges, f.Exports)
	}
}
