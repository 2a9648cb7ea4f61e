package lsp

import (
	"strings"
	"testing"
)

// The memo keeps the last keptVersions distinct texts analyzed for a
// document; each text that falls out is returned once, to be forgotten.
func TestKeptVersionsDropTheOldestTextsOnce(t *testing.T) {
	g := newDiagnoser(NewServer(Options{}), 0)
	var dropped []string
	keep := func(text string) {
		for _, d := range g.keep("file:///a.js", []byte(text)) {
			dropped = append(dropped, string(d))
		}
	}
	for _, text := range []string{"a", "ab", "abc", "ab", "abcd", "abcde"} {
		keep(text)
	}
	// "ab" came back (a typo's correction) and stays; "a" then "abc" fall out.
	if got, want := strings.Join(dropped, " "), "a abc"; got != want {
		t.Errorf("dropped %q, want %q", got, want)
	}
	var kept []string
	for _, k := range g.kept["file:///a.js"] {
		kept = append(kept, string(k))
	}
	if got, want := strings.Join(kept, " "), "ab abcd abcde"; got != want {
		t.Errorf("kept %q, want %q (oldest first)", got, want)
	}
	if d := g.keep("file:///b.js", []byte("a")); len(d) != 0 {
		t.Errorf("another document's first text dropped %q", d)
	}
}
