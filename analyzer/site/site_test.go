package site

import (
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
)

func TestResolve(t *testing.T) {
	tree := fstest.MapFS{
		"src/backend/events.js":        {},
		"src/backend/more.js":          {},
		"src/backend/api.web.js":       {},
		"src/backend/old.jsw":          {},
		"src/backend/lib/index.ts":     {},
		"src/backend/sub/deep.js":      {},
		"src/public/util.js":           {},
		"src/backend/both.js":          {},
		"src/backend/both.web.js":      {},
		"src/backend/dir.js/x.js":      {}, // a folder named like a module
		"packages/p/backend/x.js":      {},
		"packages/p/backend/events.js": {},
	}
	isFile := FileIn(tree)
	cases := []struct {
		from, spec, want string
		local            bool
	}{
		{"src/backend/events.js", "./more.js", "src/backend/more.js", true},
		{"src/backend/events.js", "./more", "src/backend/more.js", true},
		{"src/backend/events.js", "./api", "src/backend/api.web.js", true},
		{"src/backend/events.js", "./old", "src/backend/old.jsw", true},
		{"src/backend/events.js", "./lib", "src/backend/lib/index.ts", true},
		{"src/backend/sub/deep.js", "../more", "src/backend/more.js", true},
		{"src/backend/sub/deep.js", "backend/more.js", "src/backend/more.js", true},
		{"src/backend/events.js", "backend/sub/deep", "src/backend/sub/deep.js", true},
		{"src/backend/events.js", "public/util", "src/public/util.js", true},
		{"src/backend/events.js", "./both", "src/backend/both.js", true}, // .js before .web.js
		{"src/backend/events.js", "./dir.js", "", true},                  // a folder is no module
		{"packages/p/backend/events.js", "backend/x", "packages/p/backend/x.js", true},
		{"src/backend/events.js", "./missing", "", true},
		{"src/backend/events.js", "../../../outside.js", "", true},
		{"src/backend/events.js", "/etc/passwd", "", true},
		{"src/backend/events.js", "wix-billing-backend", "", false},
		{"src/backend/events.js", "@velo/pkg", "", false},
		{"src/backend/events.js", "lodash/fp", "", false},
	}
	for _, c := range cases {
		got, local := Resolve(isFile, c.from, c.spec)
		if got != c.want || local != c.local {
			t.Errorf("Resolve(%q from %q) = %q, %v; want %q, %v", c.spec, c.from, got, local, c.want, c.local)
		}
	}
}

func TestRootOfEventsFile(t *testing.T) {
	cases := []struct {
		p, want string
		ok      bool
	}{
		{"src/backend/events.js", "", true},
		{"site/src/backend/events.ts", "site", true},
		{"backend/events.js", "", true},
		{"packages/p/backend/events.js", "packages/p", true},
		{"src/backend/sub/events.js", "", false},
		{"src/backend/events.web.js", "", false},
	}
	for _, c := range cases {
		got, ok := RootOfEventsFile(c.p)
		if got != c.want || ok != c.ok {
			t.Errorf("RootOfEventsFile(%q) = %q, %v; want %q, %v", c.p, got, ok, c.want, c.ok)
		}
	}
}

// TestRootOfAndSearchBoundary lays out folders on disk: the one rule for a
// path given without a workspace, and where the configuration search stops.
func TestRootOfAndSearchBoundary(t *testing.T) {
	root := t.TempDir()
	mk := func(rel string) string {
		p := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, nil, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	at := func(rel string) string { return filepath.Join(root, filepath.FromSlash(rel)) }
	mk("repo/.git/HEAD")
	mk("repo/site/wix.config.json")
	siteEvents := mk("repo/site/src/backend/events.js")
	gitEvents := mk("repo/other/backend/events.ts")
	bare := mk("bare/src/backend/events.js")
	mk("outer/backend/events.js")
	nested := mk("outer/backend/pkg/backend/events.js")
	loose := mk("loose/events.js")

	roots := []struct{ path, want string }{
		{siteEvents, at("repo/site")},
		{at("repo/site/src/backend"), at("repo/site")},
		{gitEvents, at("repo")},
		{bare, at("bare")},
		{at("bare/src/backend"), at("bare")},
		{nested, at("outer")},
		{loose, at("loose")},
	}
	for _, c := range roots {
		if got := RootOf(c.path); got != c.want {
			t.Errorf("RootOf(%s) = %s, want %s", c.path, got, c.want)
		}
	}
	if got := BackendAbove(at("outer/backend/pkg/backend")); got != at("outer/backend") {
		t.Errorf("BackendAbove = %s, want the outermost backend folder", got)
	}
	if got := BackendAbove(at("loose")); got != "" {
		t.Errorf("BackendAbove(loose) = %q, want none", got)
	}

	boundaries := []struct{ dir, want string }{
		{at("repo/site/src/backend"), at("repo/site")},
		{at("repo/other/backend"), at("repo")},
		{at("bare/src/backend"), at("bare/src/backend")}, // no marker: the folder itself
	}
	for _, c := range boundaries {
		if got := SearchBoundary(c.dir); got != c.want {
			t.Errorf("SearchBoundary(%s) = %s, want %s", c.dir, got, c.want)
		}
	}
}
