package jsparse

import (
	"os"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/velo-lsp/velo-lsp/analyzer/internal/corpus"
)

// agreementOnly are fixtures for the differential test beyond parseCases:
// shapes where the two parsers could plausibly disagree.
var agreementOnly = []struct {
	name string
	lang Lang
	src  string
}{
	{"default function declaration also binds a local", LangJS, "export default function h() {}\nexport { h as k };"},
	{"default class declaration", LangJS, "export default class K {}\nexport { K };"},
	{"string export names", LangJS, "const a = 1;\nexport { a as 'a-b', a as \"c d\" };"},
	{"re-export default and namespace", LangJS, "export { default } from './x';\nexport { default as d } from './y';\nexport * as 'str ns' from './z';"},
	{"star exports add no names", LangJS, "export * from './a';\nexport * from 'wix-data';"},
	{"exported names inside comments and strings", LangJS, "/* export { fake } */\nconst s = \"export { fake2 }\";\nexport const real = s;"},
	{"regex with comment-like text", LangJS, "const r = /\\/\\*[^]*?\\*\\//g;\nexport const real = r;"},
	{"template with nested template", LangJS, "const t = `a ${`export const x = ${1}`} b`;\nexport const real = t;"},
	{"CommonJS mixed into ESM", LangJS, "export const a = 1;\nmodule.exports.b = 2;\nexports.c = 3;"},
	{"CommonJS only", LangJS, "exports.a = 1;\nmodule.exports = { b() {} };"},
	{"plain script", LangJS, "function a() {}\nconst b = 1;"},
	{"export default expression forms", LangJS, "export default (1, 2);"},
	{"object wrapped default", LangJS, "export default { wixA_onB(event) {}, async wixC_onD(event) {} };"},
	{"generators and async generators", LangJS, "export function* g() {}\nexport async function* ag() {}"},
	{"destructuring with defaults and rest", LangJS, "const o = {};\nexport const { a = 1, b: { c }, ...d } = o, [e, , f = 2, ...g] = [];"},
	{"Unicode identifiers", LangJS, "export const café = 1;\nexport function 订单() {}\nconst שלום = 2;\nexport { שלום };"},
	{"escaped identifier", LangJS, "export const \\u0061b = 1;"},
	{"TypeScript import equals", LangTS, "import fs = require('fs');\nexport const a = fs;"},
	{"TypeScript export import alias", LangTS, "namespace N { export const x = 1; }\nexport import Q = N.x;"},
	{"TypeScript declare in several forms", LangTS, "export declare class C {}\nexport declare namespace D { const x: number; }\nexport declare enum E { A }\nexport declare let l: number;"},
	{"TypeScript const enum", LangTS, "export const enum CE { A, B }"},
	{"TypeScript re-export of an imported type-only name", LangTS, "import type { T } from './t';\nexport type { T };"},
	{"TypeScript abstract class and overloads", LangTS, "export abstract class A { abstract m(): void; }\nexport function o(a: string): void;\nexport function o(a: any) {}"},
	{"TypeScript export default interface", LangTS, "export default interface I { a: 1 }"},
	{"TypeScript export default type-asserted value", LangTS, "export default (1 as number);"},
	{"TypeScript namespace with only types", LangTS, "export namespace N { export type T = 1; export interface I {} }"},
	{"TypeScript nested value namespace", LangTS, "export namespace N { export namespace M { export const x = 1; } }"},
	{"TypeScript export type specifier mixed", LangTS, "const v = 1;\ntype T = 2;\nexport { v, type T };"},
	{"TypeScript local type via plain specifier", LangTS, "type T = 1;\nexport { T };"},
	{"TypeScript declared function then value", LangTS, "declare function f(): void;\nexport { f };"},
	{"empty string export name", LangJS, "const a = 0;\nexport { a as \"\" };"},
	{"TypeScript export of an undeclared name (a type from elsewhere)", LangTS, "export { A };\nexport const b = 1;"},
	{"byte order mark", LangJS, "\ufeffexport function h(event) {}\r\n"},
	{"hashbang", LangJS, "#!/usr/bin/env node\nexport const a = 1;"},
	{"object members", LangJS, "const o = { h() {} };\nexport default o;\nexport const p = { q: o };"},
}

// checkAgreement is the differential oracle: on a file esbuild accepts,
// the scanner's ESM export names must equal esbuild's metafile exports, and
// the formats must match.
func checkAgreement(t *testing.T, name string, src []byte, lang Lang) (accepted bool) {
	t.Helper()
	v, f := Check(name, src, lang)
	names, format, err := EsbuildExports(name, src, lang)
	if v.Error != nil {
		if err == nil {
			t.Errorf("%s: Transform rejects (%s) but Build accepts", name, v.Error.Message)
		}
		return false
	}
	if err != nil {
		// Bundling checks a few things a Transform does not (assigning to
		// an import binding): not a syntax error, the file still loads.
		if name != "fuzz" {
			t.Errorf("%s: Transform accepts but Build rejects: %v", name, err)
		}
		return false
	}
	got := esmExportNames(f)
	if format == FormatCJS {
		// esbuild's ESM view of a CommonJS file is one default export.
		if len(got) != 0 || !reflect.DeepEqual(names, []string{"default"}) {
			t.Errorf("%s: CommonJS file: scanner ESM names %v, esbuild %v", name, got, names)
		}
	} else if !reflect.DeepEqual(got, names) {
		t.Errorf("%s: export names disagree\n scanner: %v\n esbuild: %v", name, got, names)
	}
	if f.Format != format || v.Format != format {
		t.Errorf("%s: format: Parse %q, Check %q, esbuild metafile %q", name, f.Format, v.Format, format)
	}
	if f.HasErrors {
		t.Errorf("%s: the scanner reports errors at %v on a file esbuild accepts", name, f.ErrorRanges)
	}
	return true
}

func TestAgreementFixtures(t *testing.T) {
	n := 0
	for _, tc := range parseCases {
		if checkAgreement(t, tc.name, []byte(tc.src), tc.lang) {
			n++
		}
	}
	for _, tc := range agreementOnly {
		if checkAgreement(t, tc.name, []byte(tc.src), tc.lang) {
			n++
		}
	}
	t.Logf("%d fixtures accepted by esbuild and compared", n)
	if n < len(parseCases)+len(agreementOnly)-3 {
		t.Errorf("only %d fixtures compared", n)
	}
}

// corpusSize is the number of generated files the agreement test compares:
// VELO_CORPUS_N overrides it (the report's figure used 5,000).
func corpusSize() int {
	if s := os.Getenv("VELO_CORPUS_N"); s != "" {
		if n, err := strconv.Atoi(s); err == nil {
			return n
		}
	}
	if testing.Short() {
		return 60
	}
	return 250
}

func TestAgreementCorpus(t *testing.T) {
	files := corpus.Generate(20261128, corpusSize())
	compared, broken := 0, 0
	for _, f := range files {
		lang := LangFromPath(f.Name)
		if checkAgreement(t, f.Name, f.Text, lang) {
			compared++
			if got := Parse(f.Text, lang).Format; f.CJS != (got == FormatCJS) {
				t.Errorf("%s: generated as CommonJS=%v, format %q", f.Name, f.CJS, got)
			}
		} else {
			broken++
			if !f.Broken {
				t.Errorf("%s: esbuild rejects a file generated valid", f.Name)
			}
		}
		if t.Failed() && testing.Verbose() {
			t.Logf("first failing file:\n%s", f.Text)
			return
		}
	}
	t.Logf("corpus: %d files compared, %d rejected by esbuild (planted errors)", compared, broken)
	if compared < len(files)*9/10 {
		t.Errorf("only %d of %d files compared", compared, len(files))
	}
}

// TestResolveExportsCorpus bundles generated sites through the fs.FS plugin:
// every name the scanner sees is in the final set, plus the names that
// `export * from './shared'` brings in.
func TestResolveExportsCorpus(t *testing.T) {
	n := 40
	if testing.Short() {
		n = 10
	}
	files := corpus.Generate(99, n)
	fsys := corpus.Sites(files)
	checked := 0
	for i, f := range files {
		if f.Broken || f.CJS {
			continue
		}
		p := "site-" + strconv.Itoa(i) + "/src/backend/events.js"
		if LangFromPath(f.Name) == LangTS {
			p = strings.TrimSuffix(p, ".js") + ".ts"
		}
		got, err := ResolveExports(fsys, p)
		if err != nil {
			t.Errorf("%s: %v", p, err)
			continue
		}
		want := esmExportNames(Parse(f.Text, LangFromPath(f.Name)))
		if strings.Contains(string(f.Text), "export * from './shared'") {
			want = append(want, "sharedAudit", "SHARED_VERSION")
		}
		set := map[string]bool{}
		for _, g := range got {
			set[g] = true
		}
		for _, w := range want {
			if !set[w] {
				t.Errorf("%s: %q missing from %v", p, w, got)
			}
		}
		if len(set) != len(dedup(want)) {
			t.Errorf("%s: resolved %d names, expected %d", p, len(set), len(dedup(want)))
		}
		checked++
	}
	if checked < n/2 {
		t.Errorf("only %d sites checked", checked)
	}
}

func dedup(xs []string) map[string]bool {
	m := map[string]bool{}
	for _, x := range xs {
		m[x] = true
	}
	return m
}

// FuzzAgreement runs the differential oracle on mutated fixtures: on input
// esbuild accepts, the scanner reads without an error and its names and
// format match esbuild's, and Check's structure matches Parse's.
func FuzzAgreement(f *testing.F) {
	for _, tc := range parseCases {
		f.Add(tc.src, tc.lang == LangTS)
	}
	for _, tc := range agreementOnly {
		f.Add(tc.src, tc.lang == LangTS)
	}
	for _, tc := range scanCases {
		f.Add(tc.src, tc.lang == LangTS)
	}
	f.Fuzz(func(t *testing.T, src string, ts bool) {
		lang := LangJS
		if ts {
			lang = LangTS
		}
		if !utf8.ValidString(src) {
			return // the analyzer rejects such files before parsing
		}
		if strings.Contains(src, "<!--") || strings.Contains(src, "-->") {
			return // HTML-like comments (scripts only) are not lexed: see SCANNER_NOTES.md
		}
		if v := Validate("x", []byte(src), lang); v.Error != nil {
			return
		}
		for _, tk := range Lex([]byte(src), lang).List {
			if tk.Kind == TokInvalid && src[tk.Start] >= 0x80 {
				// esbuild accepts it as an identifier character: its tables
				// are of a newer Unicode than Go's 15.0 (see SCANNER_NOTES.md)
				return
			}
		}
		checkAgreement(t, "fuzz", []byte(src), lang)
		_, got := Check("x", []byte(src), lang)
		sameStructure(t, "fuzz", got, Parse([]byte(src), lang))
	})
}

// sameStructure compares Check's structure with a full Parse.
func sameStructure(t *testing.T, name string, got, want *File) {
	t.Helper()
	if !reflect.DeepEqual(got.Exports, want.Exports) {
		t.Errorf("%s: exports differ\n check: %+v\n parse: %+v", name, got.Exports, want.Exports)
	}
	if !reflect.DeepEqual(got.Declarations, want.Declarations) {
		t.Errorf("%s: declarations differ\n check: %+v\n parse: %+v", name, got.Declarations, want.Declarations)
	}
	if got.UsesCommonJS != want.UsesCommonJS || got.HasErrors != want.HasErrors || got.Lang != want.Lang {
		t.Errorf("%s: flags differ: check cjs=%v err=%v, parse cjs=%v err=%v", name, got.UsesCommonJS, got.HasErrors, want.UsesCommonJS, want.HasErrors)
	}
}
