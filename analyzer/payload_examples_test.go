package analyzer_test

import (
	"encoding/json"
	"fmt"
	"github.com/velo-lsp/velo-lsp/analyzer"
	"os"
	"strings"
	"testing"
)

// TestOfficialExampleReadsAreNotReported: every member the docs' own
// examples read (catalog/sources/pages.json) is one the payload rule
// accepts: the docs are not reported against themselves.
func TestOfficialExampleReadsAreNotReported(t *testing.T) {
	raw, _ := os.ReadFile("../catalog/sources/pages.json")
	var pages struct {
		Modules []struct {
			Module string
			Events []struct {
				Event, Handler string
				ExampleReads   []string
			}
		}
	}
	json.Unmarshal(raw, &pages)
	n, bad := 0, 0
	for _, m := range pages.Modules {
		for _, e := range m.Events {
			if e.Handler == "" || len(e.ExampleReads) == 0 {
				continue
			}
			var b strings.Builder
			fmt.Fprintf(&b, "export function %s(event) {\n", e.Handler)
			for i, r := range e.ExampleReads {
				fmt.Fprintf(&b, "  const v%d = %s;\n", i, r)
				n++
			}
			b.WriteString("}\n")
			res := analyzer.AnalyzeFile(analyzer.FileInput{Path: "src/backend/events.js", Text: []byte(b.String()), Role: analyzer.RoleSiteEvents}, analyzer.Config{})
			for _, d := range res.Diagnostics {
				if d.Code == "VELO050" {
					bad++
					t.Errorf("%s %s: %s", m.Module, e.Handler, d.Message)
				}
			}
		}
	}
	if n < 300 {
		t.Fatalf("only %d example reads in pages.json", n)
	}
	t.Logf("%d reads, %d reported", n, bad)
}
