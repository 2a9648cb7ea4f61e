package analyzer

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"golang.org/x/tools/txtar"
)

// Discovery fixtures live in testdata/discover/*.txtar. Each archive is a
// site tree; its comment says what Discover must return, and nothing else
// may be returned:
//
//	want PATH ROLE [PACKAGE]   a candidate ("site-events", "look-alike", ...)
//	diag PATH CODE             a diagnostic
//	config maxsize N           Config.MaxFileSize
//	config ignore PATTERN      one Config.Ignore pattern
//	config roots GLOB          one Config.PackageRoots glob
//
// A file named "A -> B" is a symbolic link at A with target B; "$OUTSIDE" in
// a target is a folder outside the root (absolute). Every fixture runs twice:
// on fstest.MapFS, and on os.DirFS over a copy written to t.TempDir() with
// real symbolic links.

type discoverFixture struct {
	name   string
	cfg    Config
	want   []string // "path role package"
	diags  []string // "path code"
	files  map[string][]byte
	links  map[string]string // link path -> target
	source string
}

func loadDiscoverFixture(t *testing.T, file string) *discoverFixture {
	t.Helper()
	ar, err := txtar.ParseFile(file)
	if err != nil {
		t.Fatal(err)
	}
	fx := &discoverFixture{
		name:   strings.TrimSuffix(filepath.Base(file), ".txtar"),
		files:  map[string][]byte{},
		links:  map[string]string{},
		source: file,
	}
	for i, line := range strings.Split(string(ar.Comment), "\n") {
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		bad := func() { t.Fatalf("%s:%d: malformed line %q", file, i+1, line) }
		switch f[0] {
		case "want":
			if len(f) < 3 || len(f) > 4 {
				bad()
			}
			pkg := ""
			if len(f) == 4 {
				pkg = f[3]
			}
			fx.want = append(fx.want, f[1]+" "+f[2]+" "+pkg)
		case "diag":
			if len(f) != 3 {
				bad()
			}
			fx.diags = append(fx.diags, f[1]+" "+f[2])
		case "config":
			if len(f) != 3 {
				bad()
			}
			switch f[1] {
			case "maxsize":
				n, err := strconv.ParseInt(f[2], 10, 64)
				if err != nil {
					bad()
				}
				fx.cfg.MaxFileSize = n
			case "ignore":
				fx.cfg.Ignore = append(fx.cfg.Ignore, f[2])
			case "roots":
				fx.cfg.PackageRoots = append(fx.cfg.PackageRoots, f[2])
			default:
				bad()
			}
		}
	}
	for _, f := range ar.Files {
		if from, to, ok := strings.Cut(f.Name, " -> "); ok {
			fx.links[from] = to
			continue
		}
		fx.files[f.Name] = f.Data
	}
	slices.Sort(fx.want)
	slices.Sort(fx.diags)
	return fx
}

// mapFS builds the fixture as a MapFS.
func (fx *discoverFixture) mapFS() fstest.MapFS {
	m := fstest.MapFS{}
	for name, data := range fx.files {
		m[name] = &fstest.MapFile{Data: data, Mode: 0o644}
	}
	for name, target := range fx.links {
		target = strings.ReplaceAll(target, "$OUTSIDE", "/outside")
		m[name] = &fstest.MapFile{Data: []byte(target), Mode: fs.ModeSymlink | 0o777}
	}
	return m
}

// dirFS writes the fixture under a temporary folder, with real links, and
// an "outside" folder beside the root holding an events file that must never
// be found.
func (fx *discoverFixture) dirFS(t *testing.T) fs.FS {
	t.Helper()
	tmp := t.TempDir()
	root := filepath.Join(tmp, "root")
	outside := filepath.Join(tmp, "outside")
	write := func(p string, data []byte) {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(outside, "backend", "events.js"), []byte("export function wixBilling_onInvoicePaid(e) {}\n"))
	if err := os.MkdirAll(root, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, data := range fx.files {
		write(filepath.Join(root, filepath.FromSlash(name)), data)
	}
	for name, target := range fx.links {
		target = strings.ReplaceAll(target, "$OUTSIDE", outside)
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(filepath.FromSlash(target), p); err != nil {
			t.Skipf("cannot create symbolic links here: %v", err)
		}
	}
	return os.DirFS(root)
}

func candidateLines(cs []Candidate) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Path+" "+string(c.Role)+" "+c.Package)
	}
	return out
}

func diagLines(ds []Diagnostic) []string {
	var out []string
	for _, d := range ds {
		out = append(out, d.Path+" "+d.Code)
	}
	return out
}

// diffLines reports what is missing from got and what is unexpected in it.
func diffLines(t *testing.T, what string, got, want []string) {
	t.Helper()
	g := slices.Sorted(slices.Values(got))
	for _, w := range want {
		if !slices.Contains(g, w) {
			t.Errorf("missing %s: %s", what, w)
		}
	}
	for _, x := range g {
		if !slices.Contains(want, x) {
			t.Errorf("unexpected %s: %s", what, x)
		}
	}
}

func TestDiscoverFixtures(t *testing.T) {
	files, err := filepath.Glob("../testdata/discover/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, file := range files {
		fx := loadDiscoverFixture(t, file)
		for _, kind := range []string{"mapfs", "dirfs"} {
			t.Run(fx.name+"/"+kind, func(t *testing.T) {
				var fsys fs.FS
				if kind == "mapfs" {
					fsys = fx.mapFS()
				} else {
					fsys = fx.dirFS(t)
				}
				cands, diags, err := Discover(context.Background(), fsys, fx.cfg)
				if err != nil {
					t.Fatalf("Discover: %v", err)
				}
				diffLines(t, "candidate", candidateLines(cands), fx.want)
				diffLines(t, "diagnostic", diagLines(diags), fx.diags)
				checkSortedAndFilled(t, cands, diags)
				// Classify agrees with Discover on every candidate found
				// without links.
				for _, c := range cands {
					if role, pkg := Classify(c.Path, fx.cfg); (role != c.Role || pkg != c.Package) && !underLink(c.Path, fx.links) {
						t.Errorf("Classify(%q) = (%q, %q), Discover said (%q, %q)", c.Path, role, pkg, c.Role, c.Package)
					}
				}
			})
		}
	}
}

func underLink(p string, links map[string]string) bool {
	for l := range links {
		if p == l || strings.HasPrefix(p, l+"/") {
			return true
		}
	}
	return false
}

// checkSortedAndFilled checks the output invariants every caller relies on.
func checkSortedAndFilled(t *testing.T, cands []Candidate, diags []Diagnostic) {
	t.Helper()
	if !slices.IsSortedFunc(cands, func(a, b Candidate) int { return strings.Compare(a.Path, b.Path) }) {
		t.Errorf("candidates not sorted by path: %q", candidateLines(cands))
	}
	if !slices.IsSortedFunc(diags, func(a, b Diagnostic) int {
		if c := strings.Compare(a.Path, b.Path); c != 0 {
			return c
		}
		return strings.Compare(a.Code, b.Code)
	}) {
		t.Errorf("diagnostics not sorted: %q", diagLines(diags))
	}
	for _, d := range diags {
		if d.Rule == "" || d.Severity == "" || d.Range != (Range{0, 0}) || !strings.Contains(d.Message, "`"+d.Path+"`") {
			t.Errorf("diagnostic not filled in: %+v", d)
		}
		if strings.Contains(d.Message, "/tmp/") && d.Code != "VELO092" {
			t.Errorf("message leaks an absolute path: %s", d.Message)
		}
	}
}

// TestDiscoverSizeCap checks the default cap and its boundary: a file of
// exactly DefaultMaxFileSize bytes is read, one byte more is not.
func TestDiscoverSizeCap(t *testing.T) {
	tests := []struct {
		name    string
		size    int
		max     int64
		wantDia bool
	}{
		{"default cap, at the cap", DefaultMaxFileSize, 0, false},
		{"default cap, one byte over", DefaultMaxFileSize + 1, 0, true},
		{"configured cap, at the cap", 10, 10, false},
		{"configured cap, over", 11, 10, true},
		{"negative cap means default", 11, -1, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{"src/backend/events.js": {Data: make([]byte, tt.size)}}
			cands, diags, err := Discover(context.Background(), fsys, Config{MaxFileSize: tt.max})
			if err != nil {
				t.Fatal(err)
			}
			if len(cands) != 1 || cands[0].Size != int64(tt.size) {
				t.Fatalf("candidates = %+v, want one of size %d", cands, tt.size)
			}
			if got := len(diags) == 1 && diags[0].Code == "VELO090"; got != tt.wantDia || len(diags) > 1 {
				t.Fatalf("diagnostics = %+v, want VELO090: %v", diags, tt.wantDia)
			}
			if tt.wantDia {
				if !SkipReading(diags)["src/backend/events.js"] {
					t.Error("SkipReading does not name the file over the cap")
				}
				if d := diags[0]; d.Severity != SeverityWarning || d.Rule != "file-too-large" {
					t.Errorf("got %s %s, want warning file-too-large", d.Severity, d.Rule)
				}
			}
		})
	}
}

// failFS wraps a MapFS and fails Open and ReadDir for chosen paths, as a
// permission error would, and Info for chosen listing entries, as a file
// removed between listing and stat would.
type failFS struct {
	fstest.MapFS
	failOpen map[string]bool
	failInfo map[string]bool
}

func (f failFS) Open(name string) (fs.File, error) {
	if f.failOpen[name] {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
	}
	return f.MapFS.Open(name)
}

func (f failFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if f.failOpen[name] {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrPermission}
	}
	ents, err := f.MapFS.ReadDir(name)
	for i, e := range ents {
		if f.failInfo[path.Join(name, e.Name())] {
			ents[i] = badInfoEntry{e}
		}
	}
	return ents, err
}

type badInfoEntry struct{ fs.DirEntry }

func (badInfoEntry) Info() (fs.FileInfo, error) { return nil, fs.ErrNotExist }

func TestDiscoverUnreadable(t *testing.T) {
	base := func() fstest.MapFS {
		return fstest.MapFS{
			"src/backend/events.js":      {Data: []byte("export const a = 1\n")},
			"src/backend/utils.js":       {Data: []byte("export const a = 1\n")},
			"sites/b/backend/events.js":  {Data: []byte("export const a = 1\n")},
			"sites/c/backend/events.js":  {Data: []byte("export const a = 1\n")},
			"src/public/notjudged.js":    {Data: []byte("export const a = 1\n")},
			"src/backend/pipe/events.js": {Data: nil, Mode: fs.ModeNamedPipe},
		}
	}
	all := []string{"src/backend/events.js", "src/backend/utils.js", "sites/b/backend/events.js", "sites/c/backend/events.js"}
	pipe := "src/backend/pipe/events.js VELO091"
	tests := []struct {
		name      string
		failOpen  []string
		failInfo  []string
		wantCands []string
		wantDiags []string
	}{
		{
			name:      "named pipe is one VELO091 and no candidate",
			wantCands: all,
			wantDiags: []string{pipe},
		},
		{
			name:      "file that cannot be opened is left to the reader",
			failOpen:  []string{"src/backend/events.js"},
			wantCands: all,
			wantDiags: []string{pipe},
		},
		{
			name:      "entry that cannot be stat'ed is a candidate with VELO091",
			failInfo:  []string{"src/backend/utils.js", "src/public/notjudged.js"},
			wantCands: all,
			wantDiags: []string{"src/backend/utils.js VELO091", pipe},
		},
		{
			name:      "unreadable folder is one VELO091 and the walk goes on",
			failOpen:  []string{"sites/b"},
			wantCands: []string{"src/backend/events.js", "src/backend/utils.js", "sites/c/backend/events.js"},
			wantDiags: []string{"sites/b VELO091", pipe},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := failFS{MapFS: base(), failOpen: map[string]bool{}, failInfo: map[string]bool{}}
			for _, p := range tt.failOpen {
				fsys.failOpen[p] = true
			}
			for _, p := range tt.failInfo {
				fsys.failInfo[p] = true
			}
			cands, diags, err := Discover(context.Background(), fsys, Config{})
			if err != nil {
				t.Fatal(err)
			}
			var paths []string
			for _, c := range cands {
				paths = append(paths, c.Path)
			}
			diffLines(t, "candidate", paths, tt.wantCands)
			diffLines(t, "diagnostic", diagLines(diags), tt.wantDiags)
			checkSortedAndFilled(t, cands, diags)
			for _, d := range diags {
				if d.Severity != SeverityError || d.Rule != "unreadable-file" {
					t.Errorf("got %s %s, want error unreadable-file", d.Severity, d.Rule)
				}
				if !SkipReading(diags)[d.Path] {
					t.Errorf("SkipReading misses %s", d.Path)
				}
			}
		})
	}
}

func TestDiscoverRootErrors(t *testing.T) {
	t.Run("root that cannot be listed", func(t *testing.T) {
		fsys := failFS{MapFS: fstest.MapFS{"a.js": {}}, failOpen: map[string]bool{".": true}}
		if _, _, err := Discover(context.Background(), fsys, Config{}); err == nil || !errors.Is(err, fs.ErrPermission) {
			t.Fatalf("err = %v, want a wrapped permission error", err)
		}
	})
	t.Run("root that does not exist", func(t *testing.T) {
		if _, _, err := Discover(context.Background(), os.DirFS(filepath.Join(t.TempDir(), "nope")), Config{}); err == nil {
			t.Fatal("no error for a missing root")
		}
	})
	t.Run("cancelled context", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		fsys := fstest.MapFS{"src/backend/events.js": {}}
		if _, _, err := Discover(ctx, fsys, Config{}); !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
	})
}

// cancelFS cancels a context after a number of folder listings, to check
// that Discover stops mid-walk.
type cancelFS struct {
	fstest.MapFS
	after  int
	cancel context.CancelFunc
}

func (c *cancelFS) ReadDir(name string) ([]fs.DirEntry, error) {
	c.after--
	if c.after == 0 {
		c.cancel()
	}
	return c.MapFS.ReadDir(name)
}

func TestDiscoverStopsWhenCancelled(t *testing.T) {
	m := fstest.MapFS{}
	for i := range 50 {
		m[fmt.Sprintf("s%02d/backend/events.js", i)] = &fstest.MapFile{}
	}
	ctx, cancel := context.WithCancel(context.Background())
	fsys := &cancelFS{MapFS: m, after: 5, cancel: cancel}
	_, _, err := Discover(ctx, fsys, Config{})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if fsys.after < -2 {
		t.Errorf("%d folders listed after cancellation", -fsys.after)
	}
}

// TestDiscoveryFindingsGetLevels: what discovery reports gets the
// configured levels with the file's other findings (Discover itself
// reports default levels).
func TestDiscoveryFindingsGetLevels(t *testing.T) {
	fsys := fstest.MapFS{"src/backend/events.js": {Data: make([]byte, 20)}}
	tests := []struct {
		name   string
		levels map[string]Severity
		want   []Severity
	}{
		{"default", nil, []Severity{SeverityWarning}},
		{"by id", map[string]Severity{"VELO090": SeverityError}, []Severity{SeverityError}},
		{"by name", map[string]Severity{"file-too-large": SeverityInfo}, []Severity{SeverityInfo}},
		{"off", map[string]Severity{"VELO090": SeverityOff}, nil},
		{"other rule untouched", map[string]Severity{"VELO001": SeverityOff}, []Severity{SeverityWarning}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := AnalyzeRepo(context.Background(), fsys, Config{MaxFileSize: 10, Levels: tt.levels})
			if err != nil {
				t.Fatal(err)
			}
			if res.EventsFiles != 1 {
				t.Errorf("%d events files, want the file (it counts even when its diagnostic is off)", res.EventsFiles)
			}
			var got []Severity
			for _, d := range res.Diagnostics {
				got = append(got, d.Severity)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("severities = %v, want %v", got, tt.want)
			}
		})
	}
}

// plainFS hides every optional interface of a MapFS: links then look like
// nothing Discover can follow, and are skipped without a word.
type plainFS struct{ m fstest.MapFS }

func (p plainFS) Open(name string) (fs.File, error) { return p.m.Open(name) }

func TestDiscoverWithoutReadLink(t *testing.T) {
	fsys := plainFS{fstest.MapFS{
		"shared/backend/events.js": {},
		"site/src/backend":         {Data: []byte("../../shared/backend"), Mode: fs.ModeSymlink},
		"out":                      {Data: []byte("/etc"), Mode: fs.ModeSymlink},
	}}
	cands, diags, err := Discover(context.Background(), fsys, Config{})
	if err != nil {
		t.Fatal(err)
	}
	diffLines(t, "candidate", candidateLines(cands), []string{"shared/backend/events.js site-events "})
	if len(diags) != 0 {
		t.Errorf("diagnostics = %q, want none", diagLines(diags))
	}
}

// TestDiscoverDeepTree checks a tree deeper than any real site, on both file
// systems: the walk is iterative and the events file at the bottom is found.
func TestDiscoverDeepTree(t *testing.T) {
	const depth = 200
	var segs []string
	for i := range depth {
		segs = append(segs, fmt.Sprintf("d%d", i))
	}
	deep := path.Join(segs...)
	m := fstest.MapFS{
		deep + "/src/backend/events.js":     {Data: []byte("export const a = 1\n")},
		deep + "/src/public/events.js":      {Data: []byte("export const a = 1\n")},
		segs[0] + "/src/backend/events.js":  {Data: []byte("export const a = 1\n")},
		deep + "/node_modules/x/events.js":  {},
		deep + "/.gitignore":                {Data: []byte("ignored/\n")},
		deep + "/ignored/backend/events.js": {},
	}
	want := []string{
		segs[0] + "/src/backend/events.js site-events ",
		deep + "/src/backend/events.js site-events ",
		deep + "/src/public/events.js look-alike ",
	}
	t.Run("mapfs", func(t *testing.T) {
		cands, diags, err := Discover(context.Background(), m, Config{})
		if err != nil {
			t.Fatal(err)
		}
		diffLines(t, "candidate", candidateLines(cands), want)
		if len(diags) != 0 {
			t.Errorf("diagnostics: %q", diagLines(diags))
		}
	})
	t.Run("dirfs", func(t *testing.T) {
		// Keep the real path under the OS limit: depth 60 with short names.
		root := t.TempDir()
		short := strings.Repeat("d/", 60) + "src/backend/events.js"
		p := filepath.Join(root, filepath.FromSlash(short))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("export const a = 1\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		cands, _, err := Discover(context.Background(), os.DirFS(root), Config{})
		if err != nil {
			t.Fatal(err)
		}
		diffLines(t, "candidate", candidateLines(cands), []string{short + " site-events "})
	})
}

// TestDiscoverLinkCycles builds link tangles (each folder links to every
// other, and to itself) and checks the walk ends with each events file found
// through a bounded number of paths.
func TestDiscoverLinkCycles(t *testing.T) {
	m := fstest.MapFS{}
	const n = 6
	for i := range n {
		m[fmt.Sprintf("f%d/backend/events.js", i)] = &fstest.MapFile{}
		for j := range n {
			m[fmt.Sprintf("f%d/l%d", i, j)] = &fstest.MapFile{Data: []byte(fmt.Sprintf("../f%d", j)), Mode: fs.ModeSymlink}
		}
	}
	cands, diags, err := Discover(context.Background(), m, Config{})
	if err != nil {
		t.Fatal(err)
	}
	if len(diags) != 0 {
		t.Errorf("diagnostics: %q", diagLines(diags))
	}
	// Each real folder is entered through at most one link, so each events
	// file is found at most twice: once at its own path, once through a link.
	count := map[string]int{}
	for _, c := range cands {
		// ".../lJ/backend/events.js" is folder fJ seen through link lJ.
		count["f"+path.Base(path.Dir(path.Dir(c.Path)))[1:]]++
		if c.Role != RoleSiteEvents {
			t.Errorf("%s: role %s", c.Path, c.Role)
		}
	}
	for i := range n {
		if c := count[fmt.Sprintf("f%d", i)]; c < 1 || c > 2 {
			t.Errorf("f%d/backend/events.js found %d times, want 1 or 2", i, c)
		}
	}
}

// TestDiscoveryProblemsAreDeclaredRules ties the codes Discover emits to the
// rule declarations (docs, explain): same id, name and default severity.
func TestDiscoveryProblemsAreDeclaredRules(t *testing.T) {
	for _, pr := range []discoveryProblem{problemFileTooLarge, problemUnreadable, problemSymlinkOutside} {
		r := RuleByID(pr.code)
		if r == nil {
			t.Errorf("%s (%s) is not a declared rule", pr.code, pr.name)
			continue
		}
		if r.Name != pr.name || r.Severity != pr.severity {
			t.Errorf("%s: rule says %s/%s, discovery says %s/%s", pr.code, r.Name, r.Severity, pr.name, pr.severity)
		}
	}
}

// countFS counts folder listings per path.
type countFS struct {
	fstest.MapFS
	lists map[string]int
}

func (c *countFS) ReadDir(name string) ([]fs.DirEntry, error) {
	c.lists[name]++
	return c.MapFS.ReadDir(name)
}

// TestDiscoverDoesNotListNodeModules checks that the way to
// node_modules/@velo is probed by name: a node_modules folder with
// thousands of packages is never listed.
func TestDiscoverDoesNotListNodeModules(t *testing.T) {
	m := fstest.MapFS{
		"node_modules/@velo/a/backend/events.js": {},
		"node_modules/lodash/index.js":           {},
		"node_modules/@wix/sdk/index.js":         {},
		"src/backend/events.js":                  {},
	}
	fsys := &countFS{MapFS: m, lists: map[string]int{}}
	cands, _, err := Discover(context.Background(), fsys, Config{})
	if err != nil {
		t.Fatal(err)
	}
	diffLines(t, "candidate", candidateLines(cands), []string{
		"node_modules/@velo/a/backend/events.js package-events @velo/a",
		"src/backend/events.js site-events ",
	})
	if n := fsys.lists["node_modules"]; n != 0 {
		t.Errorf("node_modules listed %d times, want 0 (probe node_modules/@velo by name)", n)
	}
	if n := fsys.lists["node_modules/@velo"]; n != 1 {
		t.Errorf("node_modules/@velo listed %d times, want 1", n)
	}
}

// TestDiscoverNeverEntersGit checks that no package-root glob, even one
// written for it, leads the walk into .git.
func TestDiscoverNeverEntersGit(t *testing.T) {
	m := fstest.MapFS{
		".git/modules/pk/backend/events.js": {},
		".git/HEAD":                         {},
		"src/backend/events.js":             {},
	}
	for _, roots := range [][]string{{".git/modules/*"}, {"**/pk"}, {"*/*/pk"}} {
		t.Run(strings.Join(roots, ","), func(t *testing.T) {
			cands, _, err := Discover(context.Background(), m, Config{PackageRoots: roots})
			if err != nil {
				t.Fatal(err)
			}
			diffLines(t, "candidate", candidateLines(cands), []string{"src/backend/events.js site-events "})
		})
	}
}

// TestDiscoverPathologicalGitignore: .gitignore lines of 30 "**" segments
// each (and as many in Config.Ignore) against a folder chain 200 deep
// (issue 10: one such line took the backtracking matcher over a minute).
// The walk finds the events file at the bottom; the matcher is linear, so
// this takes milliseconds (TestGlobMatchIsLinear counts its steps), and
// the deadline is far above that and far below the minute per line.
func TestDiscoverPathologicalGitignore(t *testing.T) {
	var line []string
	for i := 0; i < 30; i++ {
		line = append(line, "**", "a")
	}
	var lines []string
	for _, end := range []string{"nothing", "none", "x.js", "b/", "[0-9]"} {
		lines = append(lines, strings.Join(append(line, end), "/"))
	}
	chain := strings.Repeat("a/", 200)
	m := fstest.MapFS{
		".gitignore":                    {Data: []byte(strings.Join(lines, "\n") + "\n")},
		chain + "src/backend/events.js": {Data: []byte("export const a = 1\n")},
	}
	done := make(chan []Candidate, 1)
	go func() {
		cands, _, err := Discover(context.Background(), m, Config{Ignore: lines})
		if err != nil {
			t.Error(err)
		}
		done <- cands
	}()
	select {
	case cands := <-done:
		diffLines(t, "candidate", candidateLines(cands), []string{chain + "src/backend/events.js site-events "})
	case <-time.After(30 * time.Second):
		t.Fatal("discovery still running after 30 s")
	}
}
