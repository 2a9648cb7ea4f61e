package jsparse

import (
	"testing"

	"github.com/velo-lsp/velo-lsp/analyzer/internal/corpus"
)

// TestSharedTokensAreLexs: the tokens Check lexes once for the guard, the
// scanner and the rules (lexShared, with the scanner's index) are Lex's,
// token for token and value for value, and their values do not point into
// the caller's bytes (the analyzer keeps names from them).
func TestSharedTokensAreLexs(t *testing.T) {
	type input struct {
		name string
		src  []byte
		lang Lang
	}
	var inputs []input
	for _, tc := range lexCases {
		lang := LangJS
		if tc.ts {
			lang = LangTS
		}
		inputs = append(inputs, input{tc.name, []byte(tc.src), lang})
	}
	for seed := int64(1); seed <= 40; seed++ {
		f := corpus.GenerateFile(seed, 150)
		inputs = append(inputs, input{f.Name, f.Text, LangFromPath(f.Name)})
	}
	inputs = append(inputs, input{"escapes and templates", []byte("export const \\u0061b = `x\r\ny${'\\x41'}z`; #!no\n"), LangJS})
	for _, in := range inputs {
		src := append([]byte(nil), in.src...)
		shared := lexShared(src, in.lang)
		want := Lex(in.src, in.lang)
		values := make([]string, len(shared.List))
		for i, tok := range shared.List {
			values[i] = shared.Value(tok)
		}
		for i := range src {
			src[i] = '#' // the caller reuses its buffer
		}
		if len(shared.List) != len(want.List) {
			t.Errorf("%s: %d tokens, Lex gives %d", in.name, len(shared.List), len(want.List))
			continue
		}
		for i, tok := range shared.List {
			if tok != want.List[i] {
				t.Errorf("%s: token %d is %+v, Lex gives %+v", in.name, i, tok, want.List[i])
				break
			}
			if v, w := shared.Value(tok), want.Value(want.List[i]); v != w || v != values[i] {
				t.Errorf("%s: token %d has value %q (%q before the buffer changed), Lex gives %q", in.name, i, v, values[i], w)
				break
			}
		}
	}
}
