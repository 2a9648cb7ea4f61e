package lsp

import (
	"bytes"
	"testing"

	"github.com/velo-lsp/velo-lsp/analyzer"
)

// The suppression comment goes on its own line above the diagnostic's line,
// with that line's indentation and line ending.
func TestSuppressionKeepsIndentationAndLineEnding(t *testing.T) {
	analyze := func(in analyzer.FileInput, cfg analyzer.Config) *analyzer.FileResult {
		i := bytes.Index(in.Text, []byte("BAD"))
		return &analyzer.FileResult{Diagnostics: []analyzer.Diagnostic{{
			Range: analyzer.Range{Start: i, End: i + 3}, Code: "VELO001", Severity: analyzer.SeverityError, Message: "bad"}}}
	}
	c := newTestClient(t, Options{Analyze: analyze})
	c.initialize(nil)
	text := "function f() {\r\n\t  const x = BAD;\r\n}\r\n"
	c.open(testURI, text, 1)
	c.waitDiagnostics(testURI, int32p(1))
	var actions []codeActionWire
	c.callOK("textDocument/codeAction", map[string]interface{}{
		"textDocument": map[string]string{"uri": testURI},
		"range":        map[string]interface{}{"start": map[string]int{"line": 1, "character": 13}, "end": map[string]int{"line": 1, "character": 13}},
		"context":      map[string]interface{}{"diagnostics": []interface{}{}},
	}, &actions)
	if len(actions) != 1 {
		t.Fatalf("actions: %+v", actions)
	}
	got := string(applyEdits(t, []byte(text), actions[0].Edit.Changes[testURI], 0))
	want := "function f() {\r\n\t  // velo-lsp-ignore VELO001 -- <reason>\r\n\t  const x = BAD;\r\n}\r\n"
	if got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
	// "only" without quickfix: nothing.
	c.callOK("textDocument/codeAction", map[string]interface{}{
		"textDocument": map[string]string{"uri": testURI},
		"range":        map[string]interface{}{"start": map[string]int{"line": 1, "character": 13}, "end": map[string]int{"line": 1, "character": 13}},
		"context":      map[string]interface{}{"diagnostics": []interface{}{}, "only": []string{"refactor"}},
	}, &actions)
	if len(actions) != 0 {
		t.Errorf("with only=refactor: %+v", actions)
	}
}
