//go:build treesitter

package jsparse

import (
	"reflect"
	"strings"
	"testing"

	"github.com/velo-lsp/velo-lsp/analyzer/internal/corpus"
)

func TestBodyRanges(t *testing.T) {
	cases := []struct {
		name string
		src  string
		want []string // text of each left-out range
		ok   bool
	}{
		{"function and arrow bodies", "function f(a) { return a; }\nconst g = (b) => { b++; };\nconst h = c => c;", []string{" return a; ", " b++; "}, true},
		{"only outermost blocks", "function f() { if (x) { y(); } }", []string{" if (x) { y(); } "}, true},
		{"braces in strings, templates, comments, regexes", "function f() { '}'; \"{\"; `}${ {a: 1} }`; /* } */ // }\n /[}]/.test(s); }", []string{" '}'; \"{\"; `}${ {a: 1} }`; /* } */ // }\n /[}]/.test(s); "}, true},
		{"object literal is not skipped", "const o = { a: 1, m() { return 2; } };", []string{" return 2; "}, true},
		{"division after a call", "const a = f(x) / 2; function g() {}", nil, true},
		{"regex after return", "function f() { return /}/; }", []string{" return /}/; "}, true},
		{"templates are left out whole", "const t = `${list.map((x) => { return x; })}`;\nconst u = `a\n${b}`;", []string{"${list.map((x) => { return x; })}", "a\n${b}"}, true},
		{"template inside a body goes with the body", "function f() { return `}${x}`; }", []string{" return `}${x}`; "}, true},
		{"tagged template", "export const h = tag`x`;", []string{"x"}, true},
		{"methods in module.exports", "module.exports = { h(event) { go(); } };", []string{" go(); "}, true},
		{"unterminated string gives up", "function f() { 'abc }", nil, false},
		{"unbalanced braces give up", "function f() { {", nil, false},
		{"regex after ) is read as division and gives up", "if (x) /'/.test(s);", nil, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := bodyRanges([]byte(tc.src))
			if ok != tc.ok {
				t.Fatalf("ok = %v, want %v (ranges %v)", ok, tc.ok, got)
			}
			var texts []string
			for _, r := range got {
				texts = append(texts, tc.src[r.Start:r.End])
			}
			if !reflect.DeepEqual(texts, tc.want) {
				t.Errorf("got %q, want %q", texts, tc.want)
			}
		})
	}
}

// TestCheckMatchesParse: skipping function bodies changes speed, never
// results.
func TestCheckMatchesParse(t *testing.T) {
	fast, total := 0, 0
	try := func(name string, src []byte, lang Lang, count bool) {
		v, got := CheckTreeSitter(name, src, lang)
		want := ParseTreeSitter(src, lang)
		sameStructure(t, name, got, want)
		if v.Error == nil && count {
			total++
			if _, ok := parseSkippingBodies(src, lang); ok {
				fast++
			}
		}
	}
	for _, tc := range parseCases {
		try(tc.name, []byte(tc.src), tc.lang, false)
	}
	for _, tc := range agreementOnly {
		try(tc.name, []byte(tc.src), tc.lang, false)
	}
	n := 200
	if testing.Short() {
		n = 50
	}
	for _, f := range corpus.Generate(5, n) {
		try(f.Name, f.Text, LangFromPath(f.Name), true)
	}
	t.Logf("function bodies skipped on %d of %d accepted corpus files", fast, total)
	if fast < total*9/10 {
		t.Errorf("the shortcut applied to only %d of %d files", fast, total)
	}
}

func TestCheckSkipsBodiesOfHandlers(t *testing.T) {
	src := []byte("import x from 'wix-data';\nexport async function h(event) {\n  const s = `${event.id}`;\n  if (/}/.test(s)) { return; }\n}\n")
	f, ok := parseSkippingBodies(src, LangJS)
	if !ok {
		t.Fatal("shortcut refused a plain handler file")
	}
	if len(f.Exports) != 1 || !strings.HasPrefix(spanText(string(src), f.Exports[0].Body), "{\n  const s") {
		t.Errorf("body range wrong: %+v", f.Exports)
	}
}
func TestDecodeEscapes(t *testing.T) {
	cases := map[string]string{
		`plain`: "plain", `\u0061b`: "ab", `\u{1F389}x`: "🎉x", `a\x41`: "aA", `\n\t`: "\n\t",
		`\'q\"`: `'q"`, `\ud83c\udf89`: "🎉", `bad\u12`: `bad\u12`, `\\`: `\`, "line\\\ncont": "linecont",
	}
	for in, want := range cases {
		if got := decodeEscapes(in); got != want {
			t.Errorf("decodeEscapes(%q) = %q, want %q", in, got, want)
		}
	}
}
