package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

// encoded is what json.Encoder writes for v inside WriteJSON's document
// (prefix "    ", indent "  ", HTML escaping off), without the newline.
func encoded(t testing.TB, v any) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("    ", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return strings.TrimSuffix(buf.String(), "\n")
}

// TestAppendJSONDiagnosticEqualsTheEncoder: the hand-written encoder
// writes json.Encoder's bytes for every byte, every code point class that
// encoding/json escapes, invalid UTF-8, and empty, nil and long
// suggestion lists.
func TestAppendJSONDiagnosticEqualsTheEncoder(t *testing.T) {
	var odd []string
	for c := 0; c < 256; c++ {
		odd = append(odd, string([]byte{byte(c)}), "a"+string([]byte{byte(c)})+"b")
	}
	for _, r := range []rune{0x7f, 0x80, 0x2027, 0x2028, 0x2029, 0x202a, 0xfeff, 0xfffd, 0xffff, 0x10000, 0x1f600, 0x10ffff} {
		odd = append(odd, string(r), "x"+string(r)+"y")
	}
	odd = append(odd, "", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xc0\xaf", "\xe2\x80", "ok \xff\xfe end", "<script>&amp;</script>",
		"quotes \" backslash \\ tab\t newline\n cr\r", strings.Repeat("é", 300))
	for i, s := range odd {
		for _, sugg := range [][]string{nil, {}, {s}, {s, "b", s}} {
			d := JSONDiagnostic{Path: s, Line: i, Column: -i, EndLine: 1 << 40, EndColumn: 0, Severity: "error", Code: s, Rule: "r", Message: s, Suggestions: sugg}
			want := encoded(t, d)
			if got := string(appendJSONDiagnostic(nil, d)); got != want {
				t.Fatalf("string %q, suggestions %q:\n got %s\nwant %s", s, sugg, got, want)
			}
		}
	}
}

func FuzzAppendJSONString(f *testing.F) {
	for _, s := range []string{"", "a\"b", "\u2028", "\xff", "\x00\x1f\x7f", "é"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want := encoded(t, s)
		if got := string(appendJSONString(nil, s)); got != want {
			t.Fatalf("%q: got %s, want %s", s, got, want)
		}
		if !utf8.ValidString(string(appendJSONString(nil, s))) {
			t.Fatalf("%q: invalid UTF-8 written", s)
		}
	})
}
