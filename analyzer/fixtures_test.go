package analyzer_test

import (
	"context"
	"flag"
	"io/fs"
	"os"
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
// testdata/analyzer holds one folder per rule, named after its id and name
// (VELO001_unknown-handler), and one folder, clean, of trees where nothing
// may be reported. A folder rather than one archive per rule, because an
// archive is one site tree and a rule's cases need several (a site and a
// loose repository, a name reached through a chain of files or not, CRLF
// text), and because the rule's fix goldens (*.fix.txtar, see
// TestSafeFixGoldens) then sit beside its fixtures: one folder holds
// everything that pins one rule. Every rule has a folder, some archive in
// it triggers the rule, and every folder names a rule: TestFixtures fails
// otherwise.
//
// Each other *.txtar archive is a small site tree. A file's comments say
// what must be reported on their line:
//
//	export function wixBilling_onInvoicePayed(event) {} // want "VELO001: .*wixBilling_onInvoicePaid"
//
// Each quoted string is a regular expression matched against
// "CODE: message" of one diagnostic on that line (1-based, as editors
// count). Every diagnostic must be wanted, and every want must be met. A want
// on a line of its own, `// want+1 "…"`, speaks of the next line (for lines
// that cannot hold a comment), and `// want-file "…"` of the file as a whole
// (diagnostics at offset 0). A file named "A -> B" is a symbolic link at A
// to B; its body holds the wants for A.
//
// The archive's comment (before the first file) may hold settings, one per
// line: `now: 2026-06-01` (the date sunsets are judged against; default
// 2026-06-01), `crlf: path` (convert that file's line endings to CRLF
// before analysis, to check that positions survive it), `looseFiles: mode`
// (Config.LooseFiles), `maxFileSize: N` (Config.MaxFileSize, bytes),
// `latin1: path` (write that file in Latin-1, as an editor set to
// Windows-1252 saves it: one byte per character below U+0100),
// `panic-on-open: path` (opening that path panics: a stand-in for a defect
// met while a file is analysed), `off: RULE` (the configuration turns the
// rule off) and `files: N` (the events files examined must be N).

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

const fixtureRoot = "../testdata/analyzer"

// fixtureFolder is one folder of testdata/analyzer: a rule's (nil for the
// clean folder), with its fixtures and its fix goldens.
type fixtureFolder struct {
	name     string
	rule     *analyzer.Rule
	fixtures []string // paths of the *.txtar archives that are not goldens
	goldens  []string // paths of the *.fix.txtar archives
}

// fixtureFolders lists testdata/analyzer, and what is wrong with it: a
// folder that names no rule, a rule without a folder, a folder without a
// fixture.
func fixtureFolders(t *testing.T) ([]fixtureFolder, []string) {
	t.Helper()
	entries, err := os.ReadDir(fixtureRoot)
	if err != nil {
		t.Fatal(err)
	}
	var folders []fixtureFolder
	var problems []string
	has := map[string]bool{}
	for _, e := range entries {
		if !e.IsDir() {
			problems = append(problems, e.Name()+" is not in a rule's folder")
			continue
		}
		f := fixtureFolder{name: e.Name()}
		if f.name != "clean" {
			id, name, _ := strings.Cut(f.name, "_")
			if f.rule = analyzer.RuleByID(id); f.rule == nil || f.rule.ID != id || f.rule.Name != name {
				problems = append(problems, f.name+" names no rule (want <id>_<name>, such as VELO001_unknown-handler)")
				continue
			}
			has[f.rule.ID] = true
		}
		archives, _ := filepath.Glob(filepath.Join(fixtureRoot, f.name, "*.txtar"))
		for _, a := range archives {
			if strings.HasSuffix(a, ".fix.txtar") {
				f.goldens = append(f.goldens, a)
			} else {
				f.fixtures = append(f.fixtures, a)
			}
		}
		if len(f.fixtures) == 0 {
			problems = append(problems, f.name+" holds no fixture")
		}
		folders = append(folders, f)
	}
	for _, r := range analyzer.Rules() {
		if !has[r.ID] {
			problems = append(problems, r.ID+" has no fixture folder "+r.ID+"_"+r.Name)
		}
	}
	return folders, problems
}

// TestFixtures runs every fixture, folder by folder, and checks that each
// rule's folder triggers its rule.
func TestFixtures(t *testing.T) {
	folders, problems := fixtureFolders(t)
	for _, p := range problems {
		t.Errorf("testdata/analyzer: %s", p)
	}
	for _, f := range folders {
		t.Run(f.name, func(t *testing.T) {
			ran, triggered := 0, false
			for _, a := range f.fixtures {
				t.Run(strings.TrimSuffix(filepath.Base(a), ".txtar"), func(t *testing.T) {
					ran++
					res := runFixture(t, loadFixture(t, a))
					if f.rule != nil && hasCode(res.Diagnostics, f.rule.ID) {
						triggered = true
					}
				})
			}
			if f.rule != nil && ran == len(f.fixtures) && !triggered {
				t.Errorf("no fixture in testdata/analyzer/%s triggers %s", f.name, f.rule.ID)
			}
		})
	}
}

func hasCode(ds []analyzer.Diagnostic, code string) bool {
	for _, d := range ds {
		if d.Code == code {
			return true
		}
	}
	return false
}

// fixture is one archive, ready to analyse.
type fixture struct {
	comment string
	files   fstest.MapFS // the tree, as written
	fsys    fs.FS        // what is analysed: files, or a wrapper of it
	cfg     analyzer.Config
	wants   []*expectation
}

func loadFixture(t *testing.T, archivePath string) *fixture {
	t.Helper()
	ar, err := txtar.ParseFile(archivePath)
	if err != nil {
		t.Fatal(err)
	}
	fx := &fixture{comment: string(ar.Comment), files: fstest.MapFS{}, cfg: analyzer.Config{Now: fixtureNow}}
	crlf, latin1 := map[string]bool{}, map[string]bool{}
	panicOn := ""
	for _, line := range strings.Split(fx.comment, "\n") {
		k, v, ok := strings.Cut(strings.TrimSpace(line), ":")
		if !ok {
			continue
		}
		v = strings.TrimSpace(v)
		switch k {
		case "now":
			fx.cfg.Now, err = time.Parse("2006-01-02", v)
			if err != nil {
				t.Fatalf("bad now: %v", err)
			}
		case "crlf":
			crlf[v] = true
		case "latin1":
			latin1[v] = true
		case "looseFiles":
			fx.cfg.LooseFiles = v
		case "maxFileSize":
			if fx.cfg.MaxFileSize, err = strconv.ParseInt(v, 10, 64); err != nil {
				t.Fatalf("bad maxFileSize: %v", err)
			}
		case "panic-on-open":
			panicOn = v
		case "off":
			if fx.cfg.Levels == nil {
				fx.cfg.Levels = map[string]analyzer.Severity{}
			}
			fx.cfg.Levels[v] = analyzer.SeverityOff
		}
	}
	for _, f := range ar.Files {
		if link, target, ok := strings.Cut(f.Name, " -> "); ok {
			fx.files[link] = &fstest.MapFile{Data: []byte(target), Mode: fs.ModeSymlink | 0o777}
			fx.wants = append(fx.wants, parseWants(t, link, string(f.Data))...)
			continue
		}
		data := f.Data
		if crlf[f.Name] {
			data = []byte(strings.ReplaceAll(string(data), "\n", "\r\n"))
		}
		if strings.HasSuffix(f.Name, "!nonl") { // a file without a final newline
			f.Name = strings.TrimSuffix(f.Name, "!nonl")
			data = []byte(strings.TrimRight(string(data), "\r\n"))
		}
		if latin1[f.Name] {
			data = toLatin1(t, data)
		}
		fx.files[f.Name] = &fstest.MapFile{Data: data, Mode: 0o644}
		fx.wants = append(fx.wants, parseWants(t, f.Name, string(data))...)
	}
	fx.fsys = fx.files
	if panicOn != "" {
		fx.fsys = panicFS{FS: fx.files, path: panicOn}
	}
	return fx
}

// toLatin1 writes UTF-8 text one byte per character, as Latin-1.
func toLatin1(t *testing.T, utf8Text []byte) []byte {
	var out []byte
	for _, r := range string(utf8Text) {
		if r >= 0x100 {
			t.Fatalf("latin1: %q has no Latin-1 byte", r)
		}
		out = append(out, byte(r))
	}
	return out
}

// panicFS panics when one path is opened.
type panicFS struct {
	fs.FS
	path string
}

func (p panicFS) Open(name string) (fs.File, error) {
	if name == p.path {
		panic("opened " + name)
	}
	return p.FS.Open(name)
}

// runFixture analyses a fixture and checks its wants.
func runFixture(t *testing.T, fx *fixture) *analyzer.RepoResult {
	t.Helper()
	res, err := analyzer.AnalyzeRepo(context.Background(), fx.fsys, fx.cfg)
	if err != nil {
		t.Fatal(err)
	}
	if want, ok := headerInt(fx.comment, "files"); ok && res.EventsFiles != want {
		t.Errorf("%d events files examined, want %d", res.EventsFiles, want)
	}
	for _, d := range res.Diagnostics {
		line := 1
		if f := fx.files[d.Path]; f != nil && f.Mode&fs.ModeSymlink == 0 {
			line = lineOf(string(f.Data), d.Range.Start)
		}
		got := d.Code + ": " + d.Message
		matched := false
		for _, w := range fx.wants {
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
	for _, w := range fx.wants {
		if !w.met {
			t.Errorf("%s:%d: no diagnostic matched %s", w.file, w.line, w.raw)
		}
	}
	return res
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
