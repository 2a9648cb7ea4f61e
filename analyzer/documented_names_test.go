package analyzer_test

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/velo-lsp/velo-lsp/analyzer"
	"github.com/velo-lsp/velo-lsp/catalog"
)

// TestDocumentedNamesAreAccepted is the catalog's promise to a user who
// copies a handler name from today's docs: every name a dev.wix.com events
// page shows (catalog/sources/pages.json), and every older name the catalog
// keeps beside it, is accepted — no error — and `check --fix` leaves it
// alone. An event whose own page says it stopped firing is the exception:
// reporting that is the point.
func TestDocumentedNamesAreAccepted(t *testing.T) {
	raw, err := os.ReadFile("../catalog/sources/pages.json")
	if err != nil {
		t.Fatal(err)
	}
	var pages struct {
		Read    string
		Modules []struct {
			Module string
			Events []struct {
				Event, Handler, SunsetDate string
				Deprecated                 bool
			}
		}
	}
	if err := json.Unmarshal(raw, &pages); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	var names []string
	for _, m := range pages.Modules {
		for _, e := range m.Events {
			if e.Handler == "" || e.Deprecated && e.SunsetDate != "" && e.SunsetDate <= now.Format("2006-01-02") {
				continue
			}
			names = append(names, e.Handler)
		}
	}
	if len(names) < 100 {
		t.Fatalf("only %d documented names in pages.json", len(names))
	}
	for _, e := range catalog.Default().Events() {
		names = append(names, e.Aliases...)
	}
	var src strings.Builder
	seen := map[string]bool{}
	for _, n := range names {
		if !seen[n] {
			seen[n] = true
			fmt.Fprintf(&src, "export function %s(event) {}\n", n)
		}
	}
	text := []byte(src.String())
	res := analyzer.AnalyzeFile(analyzer.FileInput{Path: "src/backend/events.js", Text: text, Role: analyzer.RoleSiteEvents},
		analyzer.Config{Now: now})
	for _, d := range res.Diagnostics {
		if d.Severity == analyzer.SeverityError || d.Code == "VELO004" || d.Code == "VELO001" {
			t.Errorf("%s: %s %s", text[d.Range.Start:d.Range.End], d.Code, d.Message)
		}
	}
	in := analyzer.FileInput{Path: "src/backend/events.js", Text: text, Role: analyzer.RoleSiteEvents}
	if out := analyzer.FixFile(in, analyzer.Config{Now: now}, res); len(out.Applied) != 0 {
		t.Errorf("--fix changed %d documented names:\n%s", len(out.Applied), analyzer.UnifiedDiff("events.js", text, out.Text))
	}
	t.Logf("%d documented and older names accepted", len(seen))
}
