package analyzer_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/velo-lsp/velo-lsp/analyzer"
)

// FuzzAnalyzeFile: any bytes, in any role, give findings with ranges inside
// the text and never a panic. Seeds are the fixtures' files.
func FuzzAnalyzeFile(f *testing.F) {
	archives, _ := filepath.Glob("../testdata/analyzer/*/*.txtar")
	for _, a := range archives {
		ar, err := txtar.ParseFile(a)
		if err != nil {
			f.Fatal(err)
		}
		for _, file := range ar.Files {
			f.Add(file.Data, uint8(0))
		}
	}
	for _, s := range guardSeeds() {
		f.Add([]byte(s), uint8(0))
	}
	roles := []analyzer.Role{analyzer.RoleSiteEvents, analyzer.RolePackageEvents, analyzer.RoleLookAlike, analyzer.RoleBackendModule}
	paths := []string{"src/backend/events.js", "node_modules/@velo/p/backend/events.ts", "src/backend/events.web.js", "src/backend/util.jsw"}
	f.Fuzz(func(t *testing.T, text []byte, which uint8) {
		i := int(which) % len(roles)
		res := analyzer.AnalyzeFile(analyzer.FileInput{Path: paths[i], Text: text, Role: roles[i]}, analyzer.Config{Now: fixtureNow})
		for _, d := range res.Diagnostics {
			if d.Range.Start < 0 || d.Range.End < d.Range.Start || d.Range.End > len(text) {
				t.Fatalf("%s: range %v outside the text (%d bytes)", d.Code, d.Range, len(text))
			}
			for _, fx := range d.Fixes {
				for _, e := range fx.Edits {
					if e.Range.Start < 0 || e.Range.End < e.Range.Start || e.Range.End > len(text) {
						t.Fatalf("%s: fix edit range %v outside the text", d.Code, e.Range)
					}
				}
			}
		}
		in := analyzer.FileInput{Path: paths[i], Text: text, Role: roles[i]}
		if out := analyzer.FixFile(in, analyzer.Config{Now: fixtureNow}, res); len(out.Applied) > 0 && len(out.Text) == 0 && len(text) > 0 {
			t.Fatal("fixes emptied the file")
		}
	})
}
