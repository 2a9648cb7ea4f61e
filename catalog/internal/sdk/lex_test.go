package sdk

import (
	"strings"
	"testing"
)

func TestLex(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{`interface A { a?: string; }`, `interface A { a ? : string ; }`},
		{`x => ...y`, `x => ... y`},
		{`'it\'s' "a\"b"`, `str(it's) str(a"b)`},
		{"`a${`b${1}`}c` d", "tpl(`a${`b${1}`}c`) d"},
		{`1.5e-3 0x1F`, `num(1.5e-3) num(0x1F)`},
		{"a // comment\n/* block */ b", `a b`},
		{`名前: 日本`, `名前 : 日本`},
		{"'unterminated", `str(unterminated)`},
		{"/* unterminated", ``},
	} {
		var parts []string
		for _, tk := range lex(c.src) {
			switch tk.kind {
			case tEOF:
			case tString:
				parts = append(parts, "str("+tk.text+")")
			case tTemplate:
				parts = append(parts, "tpl("+tk.text+")")
			case tNumber:
				parts = append(parts, "num("+tk.text+")")
			default:
				parts = append(parts, tk.text)
			}
		}
		if got := strings.Join(parts, " "); got != c.want {
			t.Errorf("lex(%q) = %s, want %s", c.src, got, c.want)
		}
	}
}

func TestLexAttachesJSDocAndLineBreaks(t *testing.T) {
	toks := lex("/** doc */\n/* plain */ a b\nc /** lost */")
	if toks[0].text != "a" || toks[0].doc != "/** doc */" || !toks[0].nl {
		t.Errorf("a: %+v", toks[0])
	}
	if toks[1].doc != "" || toks[1].nl {
		t.Errorf("b has no doc and shares a's line: %+v", toks[1])
	}
	if !toks[2].nl {
		t.Errorf("c starts a line: %+v", toks[2])
	}
	if toks[3].kind != tEOF || toks[3].doc != "" {
		t.Errorf("a JSDoc before the end attaches to nothing: %+v", toks[3])
	}
}

func TestParseDocKeepsTagsOnly(t *testing.T) {
	d := parseDoc(`/** @permissionScope Manage Things
 * Some prose that is not kept. Developer Preview.
 * @eventType wix.a.b_created
 * @webhook
 */`)
	if tagValue(d, "eventType") != "wix.a.b_created" || !hasTag(d, "webhook") || tagValue(d, "permissionScope") != "Manage Things" || !d.preview {
		t.Errorf("parseDoc = %+v", d)
	}
}
