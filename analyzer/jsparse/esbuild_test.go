package jsparse

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
)

func TestLangFromPath(t *testing.T) {
	cases := map[string]Lang{
		"src/backend/events.js": LangJS, "events.jsw": LangJS, "a.mjs": LangJS, "a.cjs": LangJS,
		"backend/events.ts": LangTS, "A.TS": LangTS, "x.mts": LangTS, "x.cts": LangTS, "noext": LangJS,
		"dir.ts/events.js": LangJS,
	}
	for p, want := range cases {
		if got := LangFromPath(p); got != want {
			t.Errorf("LangFromPath(%q) = %v, want %v", p, got, want)
		}
	}
}

func TestEsbuildOffset(t *testing.T) {
	cases := []struct {
		name         string
		src          string
		line, column int
		want         int
	}{
		{"first line", "abc", 1, 2, 2},
		{"after LF", "ab\ncd", 2, 1, 4},
		{"after CRLF counts once", "ab\r\ncd\r\nef", 3, 0, 8},
		{"after lone CR", "ab\rcd", 2, 0, 3},
		{"after CR CR", "a\r\rb", 3, 0, 3},
		{"U+2028 ends a line", "a\u2028b", 2, 0, 4},
		{"U+2029 ends a line", "a\u2029b", 2, 0, 4},
		{"multi-byte column is in bytes", "é🎉x", 1, 6, 6},
		{"line past the end clamps", "ab\n", 5, 0, 3},
		{"column past the end clamps", "ab", 1, 9, 2},
		{"empty last line", "ab\n", 2, 0, 3},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := EsbuildOffset([]byte(tc.src), tc.line, tc.column); got != tc.want {
				t.Errorf("EsbuildOffset(%q, %d, %d) = %d, want %d", tc.src, tc.line, tc.column, got, tc.want)
			}
		})
	}
}

// TestValidateErrorLocation checks esbuild's first error lands on the
// exact bytes, whatever comes before it on the line or in earlier lines.
func TestValidateErrorLocation(t *testing.T) {
	cases := []struct {
		name    string
		lang    Lang
		src     string
		at      string // the error starts where this text first occurs ("" = end of file)
		length  int
		message string // substring of the message
		noteAt  string // first note starts here ("" = no note expected)
	}{
		{"ascii", LangJS, "const = 5;", "= 5", 1, "Expected identifier", ""},
		{"emoji earlier on the line", LangJS, "const s = '🎉👨‍👩‍👧'; const = 5;", "= 5", 1, "Expected identifier", ""},
		{"Hebrew and CJK lines above with CRLF", LangJS, "// שלום\r\n// 订单已支付\r\nconst s = '주문';\r\nconst = 5;\r\n", "= 5", 1, "Expected identifier", ""},
		{"lone CR line ends", LangJS, "a;\rb;\rconst = 5;", "= 5", 1, "Expected identifier", ""},
		{"U+2028 inside a comment", LangJS, "/* a\u2028b */ const = 5;", "= 5", 1, "Expected identifier", ""},
		{"byte order mark", LangJS, "\ufeffconst = 5;", "= 5", 1, "Expected identifier", ""},
		{"unclosed brace at end of file", LangJS, "// é\r\nexport function wixA_onB(event) {\r\n  go();\r\n", "", 0, "Unexpected end of file", ""},
		{"emoji is not an identifier", LangJS, "const 🎉 = 0;", "🎉", 4, `Expected identifier but found "🎉"`, ""},
		{"redeclared handler", LangJS, "/* 中文 */ export function h() {}\n/* 한국어 */ export function h() {}", "h() {}", 1, `Multiple exports with the same name "h"`, "h() {}"},
		{"multiple exports with the same name", LangJS, "const a = 1, b = 2;\nexport { a as h };\nexport { b as h };", "h };", 1, `Multiple exports with the same name "h"`, "h };\nexport { b"},
		{"TypeScript error", LangTS, "let x: = 1;", "= 1", 1, "", ""},
		{"strict mode in ESM", LangJS, "export const a = 010;", "010", 3, "", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v := Validate("events.js", []byte(tc.src), tc.lang)
			if v.Error == nil {
				t.Fatalf("Validate accepted %q", tc.src)
			}
			want := len(tc.src)
			if tc.at != "" {
				want = strings.Index(tc.src, tc.at)
			}
			if tc.name == "redeclared handler" || tc.name == "multiple exports with the same name" {
				want = strings.LastIndex(tc.src, tc.at)
			}
			if v.Error.Range != (Range{want, want + tc.length}) {
				t.Errorf("Range = %v (%q), want [%d,%d) (message %q)", v.Error.Range, spanText(tc.src, v.Error.Range), want, want+tc.length, v.Error.Message)
			}
			if !strings.Contains(v.Error.Message, tc.message) {
				t.Errorf("Message = %q, want it to contain %q", v.Error.Message, tc.message)
			}
			if tc.noteAt != "" {
				if len(v.Error.Notes) == 0 {
					t.Fatalf("no notes, want one at %q", tc.noteAt)
				}
				if got, want := v.Error.Notes[0].Range.Start, strings.Index(tc.src, tc.noteAt); got != want {
					t.Errorf("note %q at %d, want %d", v.Error.Notes[0].Message, got, want)
				}
			}
			if v.Exports != nil {
				t.Errorf("Exports = %v, want nil", v.Exports)
			}
		})
	}
}

func TestValidateAccepts(t *testing.T) {
	for _, tc := range parseCases {
		v := Validate("x", []byte(tc.src), tc.lang)
		if tc.name == "CommonJS inside a function is not an export" {
			continue
		}
		if v.Error != nil {
			t.Errorf("%s: esbuild rejects: %s at %v", tc.name, v.Error.Message, v.Error.Range)
		}
	}
}

// TestFormat compares Validate's and Check's format with esbuild's metafile
// (the authority) and with the expected value.
func TestFormat(t *testing.T) {
	cases := []struct {
		name      string
		src       string
		want      Format
		transform Format // what Validate alone can tell
	}{
		{"export", "export function h() {}", FormatESM, FormatESM},
		{"import", "import x from 'wix-data'; x();", FormatESM, FormatESM},
		{"export star", "export * from 'pkg';", FormatESM, FormatESM},
		{"import.meta", "console.log(import.meta.url);", FormatESM, FormatESM},
		{"empty export", "export {};", FormatESM, FormatNone},
		{"top-level await", "await Promise.resolve(1);", FormatESM, FormatNone},
		{"module.exports", "module.exports = { h() {} };", FormatCJS, FormatCJS},
		{"exports property", "exports.h = () => {};", FormatCJS, FormatCJS},
		{"top-level return", "if (x) return;", FormatCJS, FormatCJS},
		{"plain script", "const a = 1;", FormatNone, FormatNone},
		// Validate's output scan is fooled by a template line that starts
		// with "export"; Check is not.
		{"template that looks like an export", "const t = `\nexport const x = 1`;", FormatNone, FormatESM},
		{"ESM wins", "export const a = 1; module.exports.b = 2;", FormatESM, FormatESM},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, meta, err := EsbuildExports("events.js", []byte(tc.src), LangJS)
			if err != nil {
				t.Fatal(err)
			}
			if meta != tc.want {
				t.Errorf("metafile format = %q, want %q", meta, tc.want)
			}
			if v := Validate("events.js", []byte(tc.src), LangJS); v.Format != tc.transform {
				t.Errorf("Validate format = %q, want %q", v.Format, tc.transform)
			}
			if v, _ := Check("events.js", []byte(tc.src), LangJS); v.Format != meta {
				t.Errorf("Check format = %q, esbuild metafile says %q", v.Format, meta)
			}
		})
	}
}

func TestEsbuildExports(t *testing.T) {
	cases := []struct {
		name string
		lang Lang
		src  string
		want []string
	}{
		{"locals, defaults and re-exports", LangJS,
			"export function a() {}\nexport { x as b } from './local';\nexport * from './all';\nexport * as ns from 'pkg';\nexport default 1;",
			[]string{"a", "b", "default", "ns"}},
		{"CommonJS is seen as a default export", LangJS, "module.exports.h = 1;", []string{"default"}},
		{"TypeScript types are not exports", LangTS, "export type T = 1;\nexport interface I {}\nexport const v = 1;", []string{"v"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, _, err := EsbuildExports("backend/events.js", []byte(tc.src), tc.lang)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
	if _, _, err := EsbuildExports("events.js", []byte("export const = 1"), LangJS); err == nil {
		t.Error("EsbuildExports accepted a syntax error")
	}
}

func siteFS() fstest.MapFS {
	return fstest.MapFS{
		"src/backend/events.js": {Data: []byte(
			"export * from './a';\n" +
				"export { x as y, default as fromDefault } from './b.js';\n" +
				"export function own(event) {}\n" +
				"export * from 'wix-data';\n" +
				"export * from '@velo/pkg';\n" +
				"export { z } from 'backend/other.jsw';\n" +
				"export { w } from 'public/w';\n" +
				"export * from './web/mod.web';\n" +
				"export * from './dir';\n")},
		"src/backend/a.js":           {Data: []byte("export const a1 = 1;\nexport * from '../backend/c';\n")},
		"src/backend/b.js":           {Data: []byte("export const x = 1;\nexport default function () {}\n")},
		"src/backend/c.ts":           {Data: []byte("export function c1(e: any) {}\nexport type T = 1;\n")},
		"src/backend/web/mod.web.js": {Data: []byte("export const webOnly = 1;\n")},
		"src/backend/dir/index.js":   {Data: []byte("module.exports.cjsName = 1;\n")},
		// Site-absolute specifiers are the site's own modules, resolved
		// like relative ones (site.Resolve).
		"src/backend/other.jsw": {Data: []byte("export const z = 1;\nexport const notForwarded = 1;\n")},
		"src/public/w.js":       {Data: []byte("export const w = 1;\n")},
	}
}

func TestResolveExports(t *testing.T) {
	got, err := ResolveExports(siteFS(), "src/backend/events.js")
	if err != nil {
		t.Fatal(err)
	}
	// ./dir is CommonJS: `export *` of a CommonJS module adds no static name.
	want := []string{"a1", "c1", "fromDefault", "own", "w", "webOnly", "y", "z"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestResolveExportsErrors(t *testing.T) {
	cases := []struct {
		name, src, want string
	}{
		{"missing local file", "export * from './nope';", "no such file inside the root"},
		{"missing site-absolute module", "export * from 'backend/nope';", "no such file inside the root"},
		{"climbs out of the root", "export * from '../../../../etc/passwd';", "leaves the root"},
		{"syntax error in a local file", "export * from './bad';", "Expected"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fstest.MapFS{
				"backend/events.js": {Data: []byte(tc.src)},
				"backend/bad.js":    {Data: []byte("export const = 1;")},
			}
			_, err := ResolveExports(fsys, "backend/events.js")
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want it to contain %q", err, tc.want)
			}
		})
	}
	if _, err := ResolveExports(fstest.MapFS{}, "backend/events.js"); err == nil || !errors.Is(err, fs.ErrNotExist) && !strings.Contains(err.Error(), "not exist") {
		t.Errorf("missing entry: err = %v", err)
	}
}

// TestResolveExportsNeverReadsDisk puts the imported file on the real disk,
// in the working directory esbuild uses, but not in fsys.
func TestResolveExportsNeverReadsDisk(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "backend"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "backend", "disk.js"), []byte("export const fromDisk = 1;\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	fsys := fstest.MapFS{"backend/events.js": {Data: []byte("export * from './disk';\nexport const own = 1;\n")}}
	names, err := ResolveExports(fsys, "backend/events.js")
	if err == nil {
		t.Fatalf("resolved from the real disk: %v", names)
	}
	// and with the same file in fsys it resolves
	fsys["backend/disk.js"] = &fstest.MapFile{Data: []byte("export const inFS = 1;\n")}
	names, err = ResolveExports(fsys, "backend/events.js")
	if err != nil || !reflect.DeepEqual(names, []string{"inFS", "own"}) {
		t.Errorf("got %v, %v; want [inFS own]", names, err)
	}
}

func TestConcurrentUse(t *testing.T) {
	fsys := siteFS()
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, tc := range parseCases[:10] {
				f := Parse([]byte(tc.src), tc.lang)
				if len(f.Exports) != len(tc.want) {
					errs <- tc.name
				}
				if v := Validate("x.js", []byte(tc.src), tc.lang); v.Error != nil {
					errs <- tc.name + ": " + v.Error.Message
				}
			}
			if names, err := ResolveExports(fsys, "src/backend/events.js"); err != nil || len(names) != 8 {
				errs <- "ResolveExports"
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

func TestValidateWarnings(t *testing.T) {
	src := "// 注意\r\nexport const a = 1;\r\nmodule.exports.b = 2;\r\n"
	v := Validate("events.js", []byte(src), LangJS)
	if v.Error != nil {
		t.Fatal(v.Error.Message)
	}
	if len(v.Warnings) != 1 || v.Warnings[0].ID != "commonjs-variable-in-esm" {
		t.Fatalf("warnings = %+v", v.Warnings)
	}
	if got := spanText(src, v.Warnings[0].Range); got != "module" {
		t.Errorf("warning covers %q, want %q", got, "module")
	}
	if v, _ := Check("events.js", []byte(src), LangJS); len(v.Warnings) != 1 {
		t.Errorf("Check lost the warning: %+v", v.Warnings)
	}
}
