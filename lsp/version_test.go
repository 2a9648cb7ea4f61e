package lsp

import (
	"testing"

	"github.com/velo-lsp/velo-lsp/analyzer"
)

// The text the client sends is the truth, whatever its version number: a
// didChange (or a re-open) whose version is lower than the last one is
// applied, analysed and published with its own version, and nothing computed
// for the older text is shown after it.

// echoAnalysis reports one diagnostic whose message is the whole text.
func echoAnalysis(in analyzer.FileInput, cfg analyzer.Config) *analyzer.FileResult {
	return &analyzer.FileResult{Diagnostics: []analyzer.Diagnostic{{
		Range: analyzer.Range{Start: 0, End: 1}, Code: "VELO001", Severity: analyzer.SeverityError, Message: string(in.Text),
	}}}
}

func TestLowerVersionIsAppliedAndPublished(t *testing.T) {
	for _, tc := range []struct {
		name string
		next func(c *testClient, version int, text string)
	}{
		{"didChange", func(c *testClient, v int, text string) {
			c.notify("textDocument/didChange", map[string]interface{}{
				"textDocument":   map[string]interface{}{"uri": testURI, "version": v},
				"contentChanges": []map[string]string{{"text": text}},
			})
		}},
		{"didOpen again", func(c *testClient, v int, text string) { c.open(testURI, text, v) }},
		{"didClose and didOpen", func(c *testClient, v int, text string) {
			c.notify("textDocument/didClose", map[string]interface{}{"textDocument": map[string]string{"uri": testURI}})
			c.open(testURI, text, v)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newTestClient(t, Options{Analyze: echoAnalysis})
			c.initialize(nil)
			c.open(testURI, "alpha\n", 5)
			if got := c.waitDiagnostics(testURI, int32p(5)); got.Diagnostics[0].Message != "alpha\n" {
				t.Fatalf("version 5: %q", got.Diagnostics[0].Message)
			}
			tc.next(c, 3, "beta\n")
			got := c.waitDiagnostics(testURI, int32p(3))
			if len(got.Diagnostics) != 1 || got.Diagnostics[0].Message != "beta\n" {
				t.Fatalf("version 3 published %+v, want the diagnostics of its own text", got.Diagnostics)
			}
			// And the versions after it go on from there.
			tc.next(c, 4, "gamma\n")
			if got := c.waitDiagnostics(testURI, int32p(4)); got.Diagnostics[0].Message != "gamma\n" {
				t.Fatalf("version 4: %q", got.Diagnostics[0].Message)
			}
			// The last publish is of the last text.
			ps := c.publishes(testURI)
			if last := ps[len(ps)-1]; *last.Version != 4 || last.Diagnostics[0].Message != "gamma\n" {
				t.Errorf("last publish: version %d %+v, want version 4's", *last.Version, last.Diagnostics)
			}
		})
	}
}
