package jsparse

import (
	"reflect"
	"strings"
	"testing"
)

// streamTokens collects a token stream over src[start:end], dropping
// handed-out tokens every window tokens.
func streamTokens(src []byte, lang Lang, start, end, window int) []streamTok {
	s := newTokenStream(src, string(src), lang, start, end)
	s.window = window
	var out []streamTok
	var t streamTok
	for s.next(&t) {
		out = append(out, t)
	}
	return out
}

// lexed is what the stream must hand out for ts: its tokens, with the
// values of identifiers, keywords and private names.
func lexed(ts *Tokens) []streamTok {
	out := make([]streamTok, len(ts.List))
	for i, t := range ts.List {
		out[i].Token = t
		switch t.Kind {
		case TokIdent, TokKeyword, TokPrivateName:
			out[i].Value = ts.Value(t)
		}
	}
	return out
}

// TestTokenStreamMatchesLex: the guard's token stream hands out exactly
// Lex's tokens, on inputs that cross its window many times and on the
// lexer's hard cases (regular expressions after a keyword two tokens back,
// templates, comments between tokens, a hashbang).
func TestTokenStreamMatchesLex(t *testing.T) {
	inputs := []string{
		"",
		"#!/usr/bin/env node\nlet a = 1 / 2 / 3;\n",
		strings.Repeat("for (const x of y) /re/g.test(x) ? a / b : `t${c /* c */}u${`v${d}`}`;\n", 200),
		strings.Repeat("a /* 1 */ /* 2 */ // 3\n/ b;\nawait /x/;\n", 300),
		strings.Repeat("x = y => ({a: /[/]/}) / 2; if (a) /b/.exec(c)\n", 150),
		// the lexer looks two tokens back here: for await ( … ) starts a statement
		strings.Repeat("async function f() { for await (const x of y) /re/g.test(x); for /* c */ await /* d */ (x of y) /r/; }\n", 40),
		"f(`" + strings.Repeat("${a}", 600) + "`)",
		// escaped names: their values are decoded, not the source text
		strings.Repeat("let \\u0061b = 1; \\u{62}c.#\\u0064 = i\\u0066;\n", 100),
	}
	for _, sh := range shapes {
		inputs = append(inputs, sh.gen(700))
	}
	for i, in := range inputs {
		src := []byte(in)
		for _, lang := range []Lang{LangJS, LangTS} {
			want := lexed(Lex(src, lang))
			for _, window := range []int{1, 2, 3, 5, streamWindow} {
				if got := streamTokens(src, lang, 0, len(src), window); !reflect.DeepEqual(got, want) {
					t.Fatalf("input %d (%.40q), lang %d, window %d: the stream differs from Lex", i, in, lang, window)
				}
			}
			if len(src) > 10 {
				r := Range{3, len(src) - 2}
				want := lexed(LexRange(src, lang, r))
				if got := streamTokens(src, lang, r.Start, r.End, 2); !reflect.DeepEqual(got, want) {
					t.Fatalf("input %d, lang %d: the stream over %v differs from LexRange", i, lang, r)
				}
			}
		}
	}
}
