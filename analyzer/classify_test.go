package analyzer

import (
	"slices"
	"testing"
)

// TestClassify is the classification table: one case per layout and
// look-alike, with the default package roots unless roots is set.
func TestClassify(t *testing.T) {
	tests := []struct {
		name  string
		path  string
		roots []string
		role  Role
		pkg   string
	}{
		// Site events files.
		{"current layout js", "src/backend/events.js", nil, RoleSiteEvents, ""},
		{"current layout ts", "src/backend/events.ts", nil, RoleSiteEvents, ""},
		{"old layout", "backend/events.js", nil, RoleSiteEvents, ""},
		{"old layout ts", "backend/events.ts", nil, RoleSiteEvents, ""},
		{"site in a subfolder", "sites/shop/src/backend/events.js", nil, RoleSiteEvents, ""},
		{"leading dot slash", "./src/backend/events.js", nil, RoleSiteEvents, ""},
		{"backslashes", `src\backend\events.js`, nil, RoleSiteEvents, ""},

		// Package events files under the default roots.
		{"npm-style package copy", "node_modules/@velo/twitter-integration/backend/events.js", nil, RolePackageEvents, "@velo/twitter-integration"},
		{"scope folder at top", "@velo/slack-integration/backend/events.js", nil, RolePackageEvents, "@velo/slack-integration"},
		{"scope folder nested", "src/packages/@velo/google-sheets/backend/events.ts", nil, RolePackageEvents, "@velo/google-sheets"},
		{"package backend module", "node_modules/@velo/x/backend/tweet.jsw", nil, RoleBackendModule, ""},
		{"package nested backend module", "@velo/x/backend/lib/util.js", nil, RoleBackendModule, ""},
		{"package public events", "node_modules/@velo/x/public/events.js", nil, RoleLookAlike, ""},
		{"package root events", "@velo/x/events.js", nil, RoleLookAlike, ""},
		{"package look-alike in backend", "@velo/x/backend/events.web.js", nil, RoleLookAlike, ""},
		{"package events below backend top", "@velo/x/backend/sub/events.js", nil, RoleLookAlike, ""},
		{"package public module", "@velo/x/public/helpers.js", nil, RoleNone, ""},
		{"package named backend has no backend folder", "@velo/backend/events.js", nil, RoleLookAlike, ""},
		{"double star does not cross node_modules", "node_modules/foo/@velo/x/backend/events.js", nil, RoleNone, ""},
		{"other npm package", "node_modules/lodash/backend/events.js", nil, RoleNone, ""},
		{"other scope", "node_modules/@wix/x/backend/events.js", nil, RoleNone, ""},
		{"inside .git", ".git/backend/events.js", nil, RoleNone, ""},

		// Configured roots replace the defaults.
		{"custom root", "vendor/velo/tweets/backend/events.js", []string{"vendor/velo/*"}, RolePackageEvents, "tweets"},
		{"custom root with scope", "vendor/@acme/tweets/backend/events.js", []string{"vendor/*/*"}, RolePackageEvents, "@acme/tweets"},
		{"custom roots drop defaults", "node_modules/@velo/x/backend/events.js", []string{"vendor/*"}, RoleNone, ""},
		{"custom roots drop defaults for scope folder", "@velo/x/backend/events.js", []string{"vendor/*"}, RoleSiteEvents, ""},
		{"empty roots", "@velo/x/backend/events.js", []string{}, RoleSiteEvents, ""},
		{"deepest root wins", "pk/a/pk/b/backend/events.js", []string{"**/pk/*"}, RolePackageEvents, "b"},

		// Look-alikes that never fire.
		{"web module", "src/backend/events.web.js", nil, RoleLookAlike, ""},
		{"web module ts", "src/backend/events.web.ts", nil, RoleLookAlike, ""},
		{"jsw", "src/backend/events.jsw", nil, RoleLookAlike, ""},
		{"wrong case", "src/backend/Events.js", nil, RoleLookAlike, ""},
		{"upper case", "src/backend/EVENTS.JS", nil, RoleLookAlike, ""},
		{"singular", "src/backend/event.js", nil, RoleLookAlike, ""},
		{"singular ts", "backend/event.ts", nil, RoleLookAlike, ""},
		{"mjs", "src/backend/events.mjs", nil, RoleLookAlike, ""},
		{"cjs", "src/backend/events.cjs", nil, RoleLookAlike, ""},
		{"jsx", "src/backend/events.jsx", nil, RoleLookAlike, ""},
		{"public folder", "src/public/events.js", nil, RoleLookAlike, ""},
		{"pages folder", "src/pages/events.js", nil, RoleLookAlike, ""},
		{"repo root", "events.js", nil, RoleLookAlike, ""},
		{"src root", "src/events.js", nil, RoleLookAlike, ""},
		{"backend subfolder", "src/backend/events/events.js", nil, RoleLookAlike, ""},
		{"backend folder inside backend", "src/backend/backend/events.js", nil, RoleLookAlike, ""},
		{"backend inside public", "src/public/backend/events.js", nil, RoleLookAlike, ""},
		{"backend inside pages", "src/pages/backend/events.js", nil, RoleLookAlike, ""},
		{"wrong-case backend folder", "src/Backend/events.js", nil, RoleLookAlike, ""},
		{"web module outside backend", "src/public/events.web.js", nil, RoleLookAlike, ""},

		// Other backend files.
		{"backend module", "src/backend/utils.js", nil, RoleBackendModule, ""},
		{"backend web module", "src/backend/orders.web.js", nil, RoleBackendModule, ""},
		{"backend jsw", "src/backend/orders.jsw", nil, RoleBackendModule, ""},
		{"backend ts", "src/backend/orders.ts", nil, RoleBackendModule, ""},
		{"http functions", "src/backend/http-functions.js", nil, RoleBackendModule, ""},
		{"backend nested module", "src/backend/lib/deep/x.js", nil, RoleBackendModule, ""},
		{"old layout module", "backend/data.js", nil, RoleBackendModule, ""},
		{"events-like name is a module", "src/backend/myEvents.js", nil, RoleBackendModule, ""},
		{"backup copy is a module", "src/backend/events.old.js", nil, RoleBackendModule, ""},

		// Not judged.
		{"jobs config", "src/backend/jobs.config", nil, RoleNone, ""},
		{"declarations", "src/backend/events.d.ts", nil, RoleNone, ""},
		{"declarations elsewhere", ".wix/types/backend/x.d.ts", nil, RoleNone, ""},
		{"json", "src/backend/events.json", nil, RoleNone, ""},
		{"page code", "src/pages/Home.c1dmp.js", nil, RoleNone, ""},
		{"page named Events", "src/pages/Events.k3j2d.js", nil, RoleNone, ""},
		{"public module", "src/public/utils.js", nil, RoleNone, ""},
		{"readme", "README.md", nil, RoleNone, ""},
		{"empty", "", nil, RoleNone, ""},
		{"outside root", "../backend/events.js", nil, RoleNone, ""},
		{"absolute", "/backend/events.js", nil, RoleNone, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			role, pkg := Classify(tt.path, Config{PackageRoots: tt.roots})
			if role != tt.role || pkg != tt.pkg {
				t.Errorf("Classify(%q, roots %q) = (%q, %q), want (%q, %q)", tt.path, tt.roots, role, pkg, tt.role, tt.pkg)
			}
		})
	}
}

func TestDefaultPackageRootsIsACopy(t *testing.T) {
	a := DefaultPackageRoots()
	if len(a) == 0 {
		t.Fatal("no default package roots")
	}
	a[0] = "changed"
	if b := DefaultPackageRoots(); b[0] == "changed" {
		t.Error("DefaultPackageRoots shares its slice with callers")
	}
	// nil PackageRoots means the defaults; the table above relies on it.
	if !slices.Contains(DefaultPackageRoots(), "node_modules/@velo/*") {
		t.Errorf("defaults %q lack node_modules/@velo/*", DefaultPackageRoots())
	}
}

// TestRootAutomaton checks the walk's questions about package roots: is
// this folder a root, may a root lie below, and which exact names lead on.
func TestRootAutomaton(t *testing.T) {
	g := compileRootGlobs([]string{"node_modules/@velo/*", "**/@velo/*", "vendor/pk?/*"})
	walk := func(starStar bool, segs ...string) rootState {
		st := g.start()
		for _, s := range segs {
			st = g.step(st, s, starStar)
		}
		return st
	}
	tests := []struct {
		name     string
		segs     []string
		starStar bool
		live     bool
		root     bool
		literals []string // nil: must list the folder
	}{
		{"root folder", nil, true, true, false, nil},
		{"node_modules", []string{"node_modules"}, false, true, false, []string{"@velo"}},
		{"node_modules scope", []string{"node_modules", "@velo"}, false, true, false, nil},
		{"node_modules package", []string{"node_modules", "@velo", "x"}, false, true, true, nil},
		{"other package in node_modules", []string{"node_modules", "lodash"}, false, false, false, nil},
		{"ignored folder", []string{"dist"}, false, false, false, nil},
		{"ignored vendor", []string{"vendor"}, false, true, false, nil},
		{"ordinary folder", []string{"src"}, true, true, false, nil},
		{"scope anywhere", []string{"src", "packages", "@velo", "y"}, true, true, true, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := walk(tt.starStar, tt.segs...)
			if st.live() != tt.live {
				t.Errorf("live = %v, want %v", st.live(), tt.live)
			}
			if g.isRoot(st) != tt.root {
				t.Errorf("isRoot = %v, want %v", g.isRoot(st), tt.root)
			}
			names, ok := g.literalNext(st)
			if tt.literals == nil {
				if ok && st.live() && !tt.root {
					t.Errorf("literalNext = %q, want a listing", names)
				}
			} else if !ok || !slices.Equal(names, tt.literals) {
				t.Errorf("literalNext = %q, %v; want %q", names, ok, tt.literals)
			}
		})
	}
}
