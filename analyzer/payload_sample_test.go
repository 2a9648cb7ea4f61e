package analyzer_test

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/velo-lsp/velo-lsp/analyzer"
	"github.com/velo-lsp/velo-lsp/catalog"
)

// TestSampleReadsAreNotReported: a handler that reads every field its
// sample event has (velo-lsp sample), at every depth, with [0] into arrays,
// gets no unknown-payload-field finding; one more read of a field the
// sample lacks gets exactly one, so the rule is awake for every event.
func TestSampleReadsAreNotReported(t *testing.T) {
	events, reads := 0, 0
	for _, e := range catalog.Default().Events() {
		if len(e.Fields) == 0 || e.Handler == "" {
			continue
		}
		var paths []string
		samplePaths(catalog.Sample(e), "event", &paths)
		sort.Strings(paths)
		var b strings.Builder
		fmt.Fprintf(&b, "export function %s(event) {\n", e.Handler)
		for i, p := range paths {
			fmt.Fprintf(&b, "  const v%d = %s;\n", i, p)
		}
		b.WriteString("  const absent = event.notAFieldOfTheSample;\n}\n")
		events++
		reads += len(paths)
		res := analyzer.AnalyzeFile(analyzer.FileInput{Path: "src/backend/events.js", Text: []byte(b.String()), Role: analyzer.RoleSiteEvents}, analyzer.Config{})
		var found []string
		for _, d := range res.Diagnostics {
			if d.Code == "VELO050" {
				found = append(found, d.Message)
			}
		}
		if len(found) != 1 || !strings.Contains(found[0], "notAFieldOfTheSample") {
			t.Errorf("%s: want one finding, on notAFieldOfTheSample; got %q", e.Handler, found)
		}
	}
	if events < 300 {
		t.Fatalf("only %d events with a known payload", events)
	}
	t.Logf("%d events, %d reads of their samples", events, reads)
}

// samplePaths lists the member expressions that reach every value of v.
func samplePaths(v any, at string, out *[]string) {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			p := at + "." + k
			if !isIdentifierName(k) {
				p = fmt.Sprintf("%s[%q]", at, k)
			}
			*out = append(*out, p)
			samplePaths(x, p, out)
		}
	case []any:
		if len(v) > 0 {
			*out = append(*out, at+"[0]")
			samplePaths(v[0], at+"[0]", out)
		}
	}
}

func isIdentifierName(s string) bool {
	for i, r := range s {
		if !(r == '_' || r == '$' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && r >= '0' && r <= '9') {
			return false
		}
	}
	return s != ""
}
