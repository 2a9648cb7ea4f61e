package jsparse

import (
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// renderTokens spells a token stream on one line: punctuators and words as
// written (identifiers by their decoded value), other kinds with a prefix:
// num: str:"value" re: tpl:"cooked" head: mid: tail: cmt: #private #!
// bad:. A leading '|' marks FlagNewlineBefore; a trailing '!' FlagInvalid,
// '~' FlagUnterminated, '8' FlagLegacyOctal. EOF is left out.
func renderTokens(src string, ts *Tokens) string {
	var parts []string
	for _, t := range ts.List {
		if t.Kind == TokEOF {
			break
		}
		text := src[t.Start:t.End]
		var s string
		switch t.Kind {
		case TokIdent, TokKeyword, TokPrivateName:
			s = ts.Value(t)
		case TokPunct:
			s = t.Op.String()
		case TokNumber:
			s = "num:" + text
		case TokString:
			s = "str:" + strconv.Quote(ts.Value(t))
		case TokTemplate:
			s = "tpl:" + strconv.Quote(ts.Value(t))
		case TokTemplateHead:
			s = "head:" + strconv.Quote(ts.Value(t))
		case TokTemplateMiddle:
			s = "mid:" + strconv.Quote(ts.Value(t))
		case TokTemplateTail:
			s = "tail:" + strconv.Quote(ts.Value(t))
		case TokRegExp:
			s = "re:" + text
		case TokLineComment, TokBlockComment:
			s = "cmt:" + text
		case TokHashbang:
			s = text
		default:
			s = "bad:" + text
		}
		if t.Kind == TokKeyword {
			s = "kw:" + s
		}
		if t.NewlineBefore() {
			s = "|" + s
		}
		if t.Flags&FlagInvalid != 0 {
			s += "!"
		}
		if t.Flags&FlagUnterminated != 0 {
			s += "~"
		}
		if t.Flags&FlagLegacyOctal != 0 {
			s += "8"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " ")
}

var lexCases = []struct {
	name, src, want string
	ts              bool
}{
	// regular expression or division: the previous token
	{"division after identifier", "a / b / g", "a / b / g", false},
	{"ASI does not apply before /", "a\n/b/g", "a |/ b / g", false},
	{"regex at the start", "/b/g.test(s)", "re:/b/g . test ( s )", false},
	{"regex after =", "x = /=>/", "x = re:/=>/", false},
	{"regex after (", "f(/a/)", "f ( re:/a/ )", false},
	{"regex after ,", "f(a, /b/)", "f ( a , re:/b/ )", false},
	{"division after )", "(a + b) / 2", "( a + b ) / num:2", false},
	{"division after call", "f(x) / 2 / g", "f ( x ) / num:2 / g", false},
	{"division after ]", "a[0] / 2", "a [ num:0 ] / num:2", false},
	{"division after number and string", "1 / 2; 's' / 3", "num:1 / num:2 ; str:\"s\" / num:3", false},
	{"division after regex", "/a/ / 2", "re:/a/ / num:2", false},
	{"division assignment", "a /= 2", "a /= num:2", false},
	{"regex starting with =", "x(/=/g)", "x ( re:/=/g )", false},
	{"postfix ++ then division", "x++ / 2", "x ++ / num:2", false},
	{"prefix ++ on the next line", "a\n++b / 2", "a |++ b / num:2", false},
	{"keywords before a regex", "return /a/; typeof /b/; x instanceof /c/; case /d/:", "kw:return re:/a/ ; kw:typeof re:/b/ ; x kw:instanceof re:/c/ ; kw:case re:/d/ :", false},
	{"more keywords before a regex", "new /a/; delete /b/; void /c/; throw /d/; in /e/", "kw:new re:/a/ ; kw:delete re:/b/ ; kw:void re:/c/ ; kw:throw re:/d/ ; kw:in re:/e/", false},
	{"do else yield await of", "do /a/; else /b/; yield /c/; await /d/; of /e/", "kw:do re:/a/ ; kw:else re:/b/ ; yield re:/c/ ; await re:/d/ ; of re:/e/", false},
	{"keyword as a property name divides", "x.return / 2; y?.typeof / 3", "x . kw:return / num:2 ; y ?. kw:typeof / num:3", false},
	{"this and literals divide", "this / 2; null / 3; true / 4", "kw:this / num:2 ; kw:null / num:3 ; kw:true / num:4", false},
	{"regex after if ( )", "if (x) /a/.test(s)", "kw:if ( x ) re:/a/ . test ( s )", false},
	{"regex after while ( ) with nested parens", "while (f(a)) /b/g.exec(s)", "kw:while ( f ( a ) ) re:/b/g . exec ( s )", false},
	{"regex after for ( )", "for (;;) /a/", "kw:for ( ; ; ) re:/a/", false},
	{"regex after for await ( )", "for await (x of y) /a/", "kw:for await ( x of y ) re:/a/", false},
	{"regex after with ( )", "with (o) /a/", "kw:with ( o ) re:/a/", false},
	{"regex after a block", "{} /a/", "{ } re:/a/", false},
	{"regex after if block", "if (x) {} /a/.test(s)", "kw:if ( x ) { } re:/a/ . test ( s )", false},
	{"division after an object literal", "x = {} / 2", "x = { } / num:2", false},
	{"object literal then newline divides", "x = {a: 1}\n/b/g", "x = { a : num:1 } |/ b / g", false},
	{"regex after a function declaration", "function f() {} /a/", "kw:function f ( ) { } re:/a/", false},
	{"division after a function expression", "x = function () {} / 2", "x = kw:function ( ) { } / num:2", false},
	{"regex after an exported function", "export function f() {}\n/a/.test(s)", "kw:export kw:function f ( ) { } |re:/a/ . test ( s )", false},
	{"regex after async function declaration", "async function f() {} /a/", "async kw:function f ( ) { } re:/a/", false},
	{"division after async function expression", "x = async function () {} / 2", "x = async kw:function ( ) { } / num:2", false},
	{"regex after a class declaration", "class A extends B {} /a/", "kw:class A kw:extends B { } re:/a/", false},
	{"division after a class expression", "x = class {} / 2", "x = kw:class { } / num:2", false},
	{"regex after an arrow body", "f = () => {}\n/a/.test(s)", "f = ( ) => { } |re:/a/ . test ( s )", false},
	{"regex after export default function", "export default function () {} /a/", "kw:export kw:default kw:function ( ) { } re:/a/", false},
	{"export default object divides", "export default {} / 2", "kw:export kw:default { } / num:2", false},
	{"regex after a label", "a: /b/", "a : re:/b/", false},
	{"conditional colon", "c ? /a/ : /b/", "c ? re:/a/ : re:/b/", false},
	{"object value", "({a: /b/})", "( { a : re:/b/ } )", false},
	{"regex after => and ...", "x => /a/; [.../b/]", "x => re:/a/ ; [ ... re:/b/ ]", false},
	{"return then newline", "return\n/a/", "kw:return |re:/a/", false},
	{"function declaration after ASI", "x = a\nfunction f() {} /b/", "x = a |kw:function f ( ) { } re:/b/", false},
	{"switch block", "switch (x) {} /a/", "kw:switch ( x ) { } re:/a/", false},
	{"regex in template substitution", "`${/a/}`", "head:\"\" re:/a/ tail:\"\"", false},
	{"regex class with slash", "/[/]/.test(s)", "re:/[/]/ . test ( s )", false},
	{"regex escaped slash", `/a\/b/g`, `re:/a\/b/g`, false},
	{"regex with braces", "x = /}{/", "x = re:/}{/", false},

	// TypeScript
	{"non-null assertion divides", "x! / 2", "x ! / num:2", true},
	{"not on a new line", "x\n!/a/.test(s)", "x |! re:/a/ . test ( s )", true},
	{"generics stay punctuators", "let a: Array<Array<number>> = f<T>(x);", "let a : Array < Array < number >> = f < T > ( x ) ;", true},
	{"return type before body", "function f(): Promise<void> {} /a/", "kw:function f ( ) : Promise < kw:void > { } re:/a/", true},
	{"object return type", "function f(): {a: 1} {} /a/", "kw:function f ( ) : { a : num:1 } { } re:/a/", true},
	{"interface body", "interface I<T> {}\n/a/", "interface I < T > { } |re:/a/", true},
	{"enum body", "const enum E { A }\n/a/", "kw:const kw:enum E { A } |re:/a/", true},
	{"module.exports is not a declaration head", "module.exports = {} / 2", "module . exports = { } / num:2", true},

	// templates
	{"template without substitution", "`a\\nb`", `tpl:"a\nb"`, false},
	{"template with substitutions", "`a${b}c${d}e`", `head:"a" b mid:"c" d tail:"e"`, false},
	{"nested template", "`a${`b${c}d`}e`", `head:"a" head:"b" c tail:"d" tail:"e"`, false},
	{"object in a substitution", "`${ {a: 1} }`", `head:"" { a : num:1 } tail:""`, false},
	{"${ inside a string", "'${x}'", `str:"${x}"`, false},
	{"template CRLF is cooked to LF", "`a\r\nb`", `tpl:"a\nb"`, false},
	{"template line continuation", "`a\\\nb`", `tpl:"ab"`, false},
	{"template legacy octal is malformed", "`\\01`", `tpl:"1"!`, false},
	{"unterminated template", "`abc", `tpl:"abc"~`, false},
	{"unterminated substitution", "`a${b", `head:"a" b`, false},

	// strings
	{"string escapes", `'a\n\t\x41\u0042\u{1F389}\'' "q\"" `, `str:"a\n\tAB🎉'" str:"q\""`, false},
	{"string line continuation", "'a\\\nb' 'c\\\r\nd'", `str:"ab" str:"cd"`, false},
	{"surrogate pair escape", `'\ud83c\udf89'`, `str:"🎉"`, false},
	{"legacy octal escape", `'\101\8\0'`, `str:"A8\x00"8`, false},
	{"malformed escapes", `'\x4' '\u12' '\u{110000}'`, `str:"4"! str:""! str:""!`, false},
	{"unterminated string ends at the line", "'abc\nd", `str:"abc"~ |d`, false},
	{"U+2028 inside a string", "'a\u2028b'", `str:"a\u2028b"`, false},

	// numbers
	{"decimal forms", "1 .5 1.5 1. 1e3 1.5E-3 .5e+2", "num:1 num:.5 num:1.5 num:1. num:1e3 num:1.5E-3 num:.5e+2", false},
	{"radix forms", "0x1F 0o17 0b101 0XAB", "num:0x1F num:0o17 num:0b101 num:0XAB", false},
	{"separators and BigInt", "1_000 0x1_0n 5n 0n", "num:1_000 num:0x1_0n num:5n num:0n", false},
	{"legacy octal and leading zero decimal", "010 08 09.5 00", "num:0108 num:088 num:09.58 num:008", false},
	{"member of a number", "1..toString() 1.5.x", "num:1. . toString ( ) num:1.5 . x", false},
	{"leading-zero numbers take a fraction only after 08 or 09", "008.A 07.5 09e1", "num:0088 . A num:078 num:.5 num:09e18", false},
	{"malformed numbers", "1_ 1__0 0x 1e 3in 5.0n", "num:1_! num:1__0! num:0x! num:1e! num:3! kw:in num:5.0! n", false},

	// identifiers
	{"unicode identifiers", "café 订单 שלום _$ a\u0301", "café 订单 שלום _$ a\u0301", false},
	{"escaped identifiers", `\u0061b a\u{62}c`, "ab abc", false},
	{"escaped keyword is an identifier", `\u0069f`, "if", false},
	{"malformed identifier escape", `a\u00`, "a\ufffd!", false},
	{"emoji is not an identifier", "a🎉b", "a bad:🎉 b", false},
	{"private names", "this.#x #y", "kw:this . #x #y", false},
	{"ZWNJ continues an identifier", "a\u200cb", "a\u200cb", false},

	// comments, hashbang, BOM, line terminators
	{"comments are tokens", "a // x\n/* y */ b", "a cmt:// x |cmt:/* y */ |b", false},
	{"block comment with a newline counts as one", "a /* x\n */ b", "a cmt:/* x\n */ |b", false},
	{"hashbang", "#!/usr/bin/env node\nx", "#!/usr/bin/env node |x", false},
	{"hashbang only at offset 0", " #!x", "bad:# ! x", false},
	{"BOM is white space", "\ufeffa", "a", false},
	{"CR, LS and PS end lines and comments", "a // x\rb // y\u2028c\u2029d", "a cmt:// x |b cmt:// y |c |d", false},
	{"unterminated block comment", "a /* x", "a cmt:/* x~", false},
	{"unterminated regex", "x = /abc\ny", "x = re:/abc~ |y", false},
	{"lone backslash and hash", `\ #`, "bad:\\ bad:#", false},
	{"NBSP and ideographic space", "a\u00a0b\u3000c", "a b c", false},
	{"punctuators", "a?.b ?? c ??= d ||= e &&= f **= g >>>= h => ... @x", "a ?. b ?? c ??= d ||= e &&= f **= g >>>= h => ... @ x", false},
	{"?. before a digit is a conditional", "a?.5:0", "a ? num:.5 : num:0", false},
}

func TestLex(t *testing.T) {
	for _, tc := range lexCases {
		t.Run(tc.name, func(t *testing.T) {
			lang := LangJS
			if tc.ts {
				lang = LangTS
			}
			ts := Lex([]byte(tc.src), lang)
			if got := renderTokens(tc.src, ts); got != tc.want {
				t.Errorf("Lex(%q)\n got: %s\nwant: %s", tc.src, got, tc.want)
			}
			checkTokenInvariants(t, []byte(tc.src), ts.List)
		})
	}
}

// checkTokenInvariants: tokens are in order, inside src, non-empty (but
// EOF), separated only by white space, and the last one is EOF.
func checkTokenInvariants(t *testing.T, src []byte, toks []Token) {
	t.Helper()
	if len(toks) == 0 || toks[len(toks)-1].Kind != TokEOF || toks[len(toks)-1].Start != len(src) {
		t.Fatalf("no EOF token at the end")
	}
	prev := 0
	for i, tok := range toks {
		if tok.Start < prev || tok.End < tok.Start || tok.End > len(src) {
			t.Fatalf("token %d %v [%d,%d) out of order (prev end %d)", i, tok.Kind, tok.Start, tok.End, prev)
		}
		if tok.Kind != TokEOF && tok.Start == tok.End {
			t.Fatalf("token %d %v is empty at %d", i, tok.Kind, tok.Start)
		}
		gap := string(src[prev:tok.Start])
		if strings.TrimLeft(gap, " \t\v\f\r\n\u00a0\ufeff\u2028\u2029\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000") != "" {
			t.Fatalf("non-space text %q between tokens before token %d", gap, i)
		}
		prev = tok.End
	}
}

func TestLexRangeMatchesLex(t *testing.T) {
	src := []byte("export function h(event) {\n  if (x) /re/.test(`${a}`);\n  return {a: 1} / 2;\n}\n")
	all := Lex(src, LangJS).List
	open := strings.Index(string(src), "{")
	close := strings.LastIndex(string(src), "}") + 1
	part := LexRange(src, LangJS, Range{open, close}).List
	var want []Token
	for _, tok := range all {
		if tok.Start >= open && tok.End <= close && tok.Kind != TokEOF {
			want = append(want, tok)
		}
	}
	if len(part) != len(want)+1 || part[len(part)-1].Kind != TokEOF || part[len(part)-1].Start != close {
		t.Fatalf("LexRange gave %d tokens, want %d and EOF", len(part), len(want))
	}
	for i := range want {
		a, b := part[i], want[i]
		a.Flags &^= FlagNewlineBefore
		b.Flags &^= FlagNewlineBefore
		if a != b {
			t.Errorf("token %d: %+v, full lex %+v", i, part[i], want[i])
		}
	}
	// clamped bounds
	if toks := LexRange(src, LangJS, Range{-5, 1 << 20}).List; len(toks) != len(all) {
		t.Errorf("clamped LexRange: %d tokens, want %d", len(toks), len(all))
	}
}

// TestLexLinear: pathological inputs lex in time linear in their size (a
// quadratic lexer would take minutes here) and make one token per input
// byte at most.
func TestLexLinear(t *testing.T) {
	for _, unit := range []string{"`${", "{", "(", "/", "'", "/*", "a", "\\u", "${`", "}", "0x", "#", "\xff", "🎉", "x\n++", "function(){", "class{"} {
		src := []byte(strings.Repeat(unit, 200_000/len(unit)))
		toks := Lex(src, LangTS).List
		if len(toks) > len(src)+1 {
			t.Errorf("%q: %d tokens for %d bytes", unit, len(toks), len(src))
		}
	}
}

func FuzzLex(f *testing.F) {
	for _, tc := range lexCases {
		f.Add(tc.src, tc.ts)
	}
	for _, tc := range parseCases {
		f.Add(tc.src, tc.lang == LangTS)
	}
	f.Fuzz(func(t *testing.T, src string, isTS bool) {
		lang := LangJS
		if isTS {
			lang = LangTS
		}
		ts := Lex([]byte(src), lang)
		toks := ts.List
		checkTokenInvariants(t, []byte(src), toks)
		if len(toks) > len(src)+1 {
			t.Fatalf("%d tokens for %d bytes", len(toks), len(src))
		}
		for _, tok := range toks {
			v := ts.Value(tok)
			if (tok.Kind == TokIdent || tok.Kind == TokKeyword) && tok.Flags&FlagEscaped == 0 && v != src[tok.Start:tok.End] {
				t.Fatalf("identifier value %q for source %q", v, src[tok.Start:tok.End])
			}
			if tok.Kind == TokString && tok.Flags&(FlagEscaped|FlagUnterminated) == 0 && v != src[tok.Start+1:tok.End-1] {
				t.Fatalf("string value %q for source %q", v, src[tok.Start:tok.End])
			}
			if utf8.ValidString(src) && !utf8.ValidString(v) && tok.Flags&FlagInvalid == 0 {
				// lone surrogate escapes become U+FFFD: always valid UTF-8
				t.Fatalf("invalid UTF-8 value %q", v)
			}
		}
	})
}
