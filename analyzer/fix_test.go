package analyzer_test

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/tools/txtar"

	"github.com/velo-lsp/velo-lsp/analyzer"
)

// TestSafeFixGoldens applies the safe fixes to each *.fix.txtar site in a
// rule's fixture folder and compares every changed file with its golden
// copy under "golden/" in the same archive (-update rewrites them); an
// archive without goldens is a site that --fix must leave alone. The site
// must trigger the folder's rule. The test then checks that fixing is
// idempotent and that a CRLF copy of the input is fixed into the CRLF copy
// of the golden.
func TestSafeFixGoldens(t *testing.T) {
	folders, _ := fixtureFolders(t)
	n := 0
	for _, f := range folders {
		for _, a := range f.goldens {
			n++
			t.Run(f.name+"/"+strings.TrimSuffix(filepath.Base(a), ".fix.txtar"), func(t *testing.T) { checkGolden(t, f.rule, a) })
		}
	}
	if n == 0 {
		t.Fatal("no fix goldens under testdata/analyzer")
	}
}

func checkGolden(t *testing.T, rule *analyzer.Rule, a string) {
	ar, err := txtar.ParseFile(a)
	if err != nil {
		t.Fatal(err)
	}
	inputs := map[string][]byte{}
	goldens := map[string]int{} // path → index in ar.Files
	for i, f := range ar.Files {
		if g, ok := strings.CutPrefix(f.Name, "golden/"); ok {
			goldens[g] = i
		} else {
			inputs[f.Name] = f.Data
		}
	}
	got, res := fixAll(t, inputs)
	if !hasCode(res.Diagnostics, rule.ID) {
		t.Errorf("the site does not trigger %s, the rule of its folder", rule.ID)
	}
	changed := false
	for p, text := range got {
		if string(text) == string(inputs[p]) {
			if _, ok := goldens[p]; ok {
				t.Errorf("%s: no fix applied, but a golden exists", p)
			}
			continue
		}
		i, ok := goldens[p]
		if !ok || string(ar.Files[i].Data) != string(text) {
			if *update {
				if ok {
					ar.Files[i].Data = text
				} else {
					ar.Files = append(ar.Files, txtar.File{Name: "golden/" + p, Data: text})
				}
				changed = true
				continue
			}
			t.Errorf("%s: fixed text differs from golden:\n%s", p, analyzer.UnifiedDiff(p, goldenOrEmpty(ar, goldens, p), text))
		}
	}
	if changed {
		if err := os.WriteFile(a, txtar.Format(ar), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// Idempotent: fixing the fixed text changes nothing more.
	again, _ := fixAll(t, got)
	for p := range got {
		if string(again[p]) != string(got[p]) {
			t.Errorf("%s: a second --fix changed the file again:\n%s", p, analyzer.UnifiedDiff(p, got[p], again[p]))
		}
	}
	// Line endings are kept: CRLF in, CRLF out.
	crlfIn := map[string][]byte{}
	for p, b := range inputs {
		crlfIn[p] = []byte(strings.ReplaceAll(string(b), "\n", "\r\n"))
	}
	crlfOut, _ := fixAll(t, crlfIn)
	for p, b := range got {
		want := strings.ReplaceAll(string(b), "\n", "\r\n")
		if string(crlfOut[p]) != want {
			t.Errorf("%s: CRLF input not fixed into the CRLF golden:\n%s", p, analyzer.UnifiedDiff(p, []byte(want), crlfOut[p]))
		}
	}
}

func goldenOrEmpty(ar *txtar.Archive, goldens map[string]int, p string) []byte {
	if i, ok := goldens[p]; ok {
		return ar.Files[i].Data
	}
	return nil
}

// fixAll analyses a site and applies the safe fixes to every file; it
// returns the fixed files and the analysis before the fixes.
func fixAll(t *testing.T, files map[string][]byte) (map[string][]byte, *analyzer.RepoResult) {
	t.Helper()
	fsys := fstest.MapFS{}
	for p, b := range files {
		fsys[p] = &fstest.MapFile{Data: b}
	}
	res, err := analyzer.AnalyzeRepo(context.Background(), fsys, analyzer.Config{Now: fixtureNow})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for p, b := range files {
		out[p] = b
	}
	for _, f := range res.Files {
		in := analyzer.FileInput{Path: f.Path, Text: files[f.Path], Role: f.Role, FS: fsys}
		out[f.Path] = analyzer.FixFile(in, analyzer.Config{Now: fixtureNow}, f).Text
	}
	return out, res
}

// TestDeeplyNestedFileIsOneFinding: a generated file nested far too deep to
// parse is one VELO094, not a crash.
func TestDeeplyNestedFileIsOneFinding(t *testing.T) {
	src := "export const x = " + strings.Repeat("[", 100_000) + strings.Repeat("]", 100_000) + ";\n"
	res := analyzer.AnalyzeFile(analyzer.FileInput{Path: "src/backend/events.js", Text: []byte(src), Role: analyzer.RoleSiteEvents}, analyzer.Config{})
	if len(res.Diagnostics) != 1 || res.Diagnostics[0].Code != "VELO094" {
		t.Fatalf("got %+v", res.Diagnostics)
	}
}

// panickyFS panics on every call: it stands for a defect reached while a
// file is analysed.
type panickyFS struct{}

func (panickyFS) Open(string) (fs.File, error) { panic("disk on fire") }

// TestInternalErrorIsOneFinding: a panic inside the analysis of a file
// becomes one VELO099 for that file, not a crash.
func TestInternalErrorIsOneFinding(t *testing.T) {
	src := "export * from './more.js';\n"
	res := analyzer.AnalyzeFile(analyzer.FileInput{Path: "src/backend/events.js", Text: []byte(src), Role: analyzer.RoleSiteEvents, FS: panickyFS{}}, analyzer.Config{})
	if len(res.Diagnostics) != 1 || res.Diagnostics[0].Code != "VELO099" || !strings.Contains(res.Diagnostics[0].Message, "disk on fire") {
		t.Fatalf("got %+v", res.Diagnostics)
	}
}

func TestLooseFilesModes(t *testing.T) {
	fsys := fstest.MapFS{"velo/events.js": {Data: []byte("export function wixEcom_onOrderCreated(event) {}\n")}}
	for mode, want := range map[string]analyzer.Severity{"": analyzer.SeverityInfo, "judge": analyzer.SeverityInfo, "error": analyzer.SeverityError, "ignore": ""} {
		res, err := analyzer.AnalyzeRepo(context.Background(), fsys, analyzer.Config{LooseFiles: mode})
		if err != nil {
			t.Fatal(err)
		}
		got := analyzer.Severity("")
		if len(res.Diagnostics) == 1 && res.Diagnostics[0].Code == "VELO022" {
			got = res.Diagnostics[0].Severity
		} else if len(res.Diagnostics) > 0 {
			t.Errorf("%q: %+v", mode, res.Diagnostics)
		}
		if got != want {
			t.Errorf("looseFiles %q: severity %q, want %q", mode, got, want)
		}
	}
}
