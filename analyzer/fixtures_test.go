package analyzer_test

import (
	"context"
	"flag"
	"fmt"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"golang.org/x/tools/txtar"

	"github.com/velo-lsp/velo-lsp/analyzer"
)

// Fixture tests, in the manner of go/analysis's analysistest.
//
// Each testdata/analyzer/*.txtar archive is a small site tree. A file's
// comments say what must be reported on their line:
//
//	export function wixBilling_onInvoicePayed(event) {} // want "VELO001: .*wixBilling_onInvoicePaid"
//
// Each quoted string is a regular expression matched against
// "CODE: message" of one diagnostic on that line (1-based, as editors
// count). Every diagnostic must be wanted, and every want must be met. A want
// on a line of its own, `// want+1 "…"`, speaks of the next line (for lines
// that cannot hold a comment), and `// want-file "…"` of the file as a whole
// (diagnostics at offset 0).
//
// The archive's comment (before the first file) may hold settings, one per
// line: `now: 2026-06-01` (the date sunsets are judged against; default
// 2026-06-01), `crlf: path` (convert that file's line endings to CRLF
// before analysis, to check that positions survive it), `looseFiles: mode`
// (Config.LooseFiles) and `files: N` (the events files examined must be N).

var fixtureNow = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)

var wantRe = regexp.MustCompile(`(?://|/\*)\s*want(\+1|-file)?((?:\s+"(?:[^"\\]|\\.)*")+)`)
var quotedRe = regexp.MustCompile(`"(?:[^"\\]|\\.)*"`)

type expectation struct {
	file string
	line int // 1-based; 0 for want-file
	re   *regexp.Regexp
	raw  string
	met  bool
}

func TestFixtures(t *testing.T) {
	archives, _ := filepath.Glob("../testdata/analyzer/*.txtar")
	if len(archives) == 0 {
		t.Fatal("no fixtures under testdata/analyzer")
	}
	for _, a := range archives {
		name := strings.TrimSuffix(filepath.Base(a), ".txtar")
		t.Run(name, func(t *testing.T) { runFixture(t, a) })
	}
}

func runFixture(t *testing.T, archivePath string) {
	ar, err := txtar.ParseFile(archivePath)
	if err != nil {
		t.Fatal(err)
	}
	now := fixtureNow
	crlf := map[string]bool{}
	cfg := analyzer.Config{}
	for _, line := range strings.Split(string(ar.Comment), "\n") {
		k, v, ok := strings.Cut(strings.TrimSpace(line), ":")
		if !ok {
			continue
		}
		v = strings.TrimSpace(v)
		switch k {
		case "now":
			now, err = time.Parse("2006-01-02", v)
			if err != nil {
				t.Fatalf("bad now: %v", err)
			}
		case "crlf":
			crlf[v] = true
		case "looseFiles":
			cfg.LooseFiles = v
		}
	}
	fsys := fstest.MapFS{}
	var wants []*expectation
	for _, f := range ar.Files {
		data := f.Data
		if crlf[f.Name] {
			data = []byte(strings.ReplaceAll(string(data), "\n", "\r\n"))
		}
		if strings.HasSuffix(f.Name, "!nonl") { // a file without a final newline
			f.Name = strings.TrimSuffix(f.Name, "!nonl")
			data = []byte(strings.TrimRight(string(data), "\r\n"))
		}
		fsys[f.Name] = &fstest.MapFile{Data: data, Mode: 0o644}
		wants = append(wants, parseWants(t, f.Name, string(data))...)
	}
	cfg.Now = now
	res, err := analyzer.AnalyzeRepo(context.Background(), fsys, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if want, ok := headerInt(string(ar.Comment), "files"); ok && res.EventsFiles != want {
		t.Errorf("%d events files examined, want %d", res.EventsFiles, want)
	}
	for _, d := range res.Diagnostics {
		text := string(fsys[d.Path].Data)
		line := lineOf(text, d.Range.Start)
		got := d.Code + ": " + d.Message
		matched := false
		for _, w := range wants {
			if w.met || w.file != d.Path {
				continue
			}
			if (w.line == line || w.line == 0 && d.Range.Start == 0) && w.re.MatchString(got) {
				w.met, matched = true, true
				break
			}
		}
		if !matched {
			t.Errorf("%s:%d: unexpected diagnostic: %s", d.Path, line, got)
		}
	}
	for _, w := range wants {
		if !w.met {
			t.Errorf("%s:%d: no diagnostic matched %s", w.file, w.line, w.raw)
		}
	}
}

func parseWants(t *testing.T, file, text string) []*expectation {
	var out []*expectation
	for i, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		m := wantRe.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		ln := i + 1
		switch m[1] {
		case "+1":
			ln++
		case "-file":
			ln = 0
		}
		for _, q := range quotedRe.FindAllString(m[2], -1) {
			s, err := strconv.Unquote(q)
			if err != nil {
				t.Fatalf("%s:%d: bad want %s: %v", file, i+1, q, err)
			}
			re, err := regexp.Compile(s)
			if err != nil {
				t.Fatalf("%s:%d: bad regexp %s: %v", file, i+1, q, err)
			}
			out = append(out, &expectation{file: file, line: ln, re: re, raw: q})
		}
	}
	return out
}

// lineOf returns the 1-based line of a byte offset ("\n", "\r\n" and "\r"
// end lines).
func lineOf(text string, off int) int {
	line := 1
	for i := 0; i < off && i < len(text); i++ {
		if text[i] == '\n' || text[i] == '\r' && (i+1 >= len(text) || text[i+1] != '\n') {
			line++
		}
	}
	return line
}

var update = flag.Bool("update", false, "rewrite golden files")

// TestRulesAreWellFormed checks the rule table: stable unique ids, kebab-case
// unique names, a default level, and all four documentation sections.
func TestRulesAreWellFormed(t *testing.T) {
	ids, names := map[string]bool{}, map[string]bool{}
	idRe := regexp.MustCompile(`^VELO\d{3}$`)
	nameRe := regexp.MustCompile(`^[a-z]+(-[a-z]+)*$`)
	for _, r := range analyzer.Rules() {
		if !idRe.MatchString(r.ID) || ids[r.ID] {
			t.Errorf("bad or duplicate id %q", r.ID)
		}
		if !nameRe.MatchString(r.Name) || names[r.Name] {
			t.Errorf("%s: bad or duplicate name %q", r.ID, r.Name)
		}
		ids[r.ID], names[r.Name] = true, true
		switch r.Severity {
		case analyzer.SeverityError, analyzer.SeverityWarning, analyzer.SeverityInfo:
		default:
			t.Errorf("%s: bad default severity %q", r.ID, r.Severity)
		}
		for sec, body := range map[string]string{"What": r.Doc.What, "Why": r.Doc.Why, "Example": r.Doc.Example, "Fix": r.Doc.Fix} {
			if strings.TrimSpace(body) == "" {
				t.Errorf("%s: empty %s section", r.ID, sec)
			}
		}
		if r.Title == "" || r.Since == "" {
			t.Errorf("%s: missing title or since", r.ID)
		}
		if analyzer.RuleByID(r.ID) != r || analyzer.RuleByID(r.Name) != r || analyzer.RuleByID(strings.ToLower(r.ID)) != r {
			t.Errorf("%s: RuleByID does not find it", r.ID)
		}
	}
	sorted := sort.SliceIsSorted(analyzer.Rules(), func(i, j int) bool { return analyzer.Rules()[i].ID < analyzer.Rules()[j].ID })
	if !sorted {
		t.Error("Rules() is not sorted by id")
	}
	_ = fmt.Sprint
}

// headerInt reads "key: N" from a fixture's comment.
func headerInt(comment, key string) (int, bool) {
	for _, line := range strings.Split(comment, "\n") {
		k, v, ok := strings.Cut(strings.TrimSpace(line), ":")
		if ok && k == key {
			n, err := strconv.Atoi(strings.TrimSpace(v))
			return n, err == nil
		}
	}
	return 0, false
}
