package analyzer

import (
	"path"
	"strings"
	"sync"
)

// Where Velo packages' code appears in a checked-out site.
//
// What the Wix documentation says (read 2026-11):
//
//   - A Velo package holds read-only backend and public code files, npm
//     dependencies, a README and optionally an editable config.json; in the
//     editors it is listed under "Packages & Apps > Velo Packages" of the Code
//     sidebar, and site code imports it through the "@velo" scope:
//     "@velo/<package>-backend" for backend code, "@velo/<package>" for
//     public code.
//     https://dev.wix.com/docs/develop-websites/articles/coding-with-velo/packages/working-with-velo-packages
//     https://dev.wix.com/docs/develop-websites-sdk/code-your-site/developer-environments/packages/velo-packages/use-velo-packages-in-code
//   - "Some Velo packages include backend events, which are contained in
//     their own events.js files", so a site can have several events.js files.
//     https://dev.wix.com/docs/develop-websites/articles/coding-with-velo/backend-code/events/about-backend-events
//   - Git Integration & Wix CLI for Sites: a site that has Velo packages set
//     up cannot be connected to GitHub ("not supported when using Git
//     Integration & Wix CLI"); npm packages can. The repo holds
//     src/{backend,pages,public,styles}, wix.config.json, package.json and a
//     .wix folder (types, internal data).
//     https://dev.wix.com/docs/develop-websites/articles/workspace-tools/developer-tools/git-integration-wix-cli/setting-up-git-integration-wix-cli
//     https://dev.wix.com/docs/develop-websites/articles/workspace-tools/developer-tools/git-integration-wix-cli/git-hub-repository-file-structure
//   - The Wix IDE (Wix Studio) shows src/, jsconfig.json and .wix/; its
//     documented tree has no packages folder.
//     https://dev.wix.com/docs/develop-websites-sdk/code-your-site/developer-environments/ides/wix-ide/about-the-wix-ide
//   - Public site repos with wix.config.json (for example
//     github.com/Bry4L/soscomputer, github.com/DeanAyalon/wix-typescript)
//     commit .wix/types/<page>/jsconfig.json files whose "paths" map only
//     public/* and backend/*.web.js into src/: no "@velo/*" mapping, and no
//     package code among their files.
//
// So no Wix tool writes package code into a repository; copies exist only
// where someone or some tool put them (a mirror of the sidebar, an npm-style
// install, a vendored folder). The defaults therefore key on the one stable
// name, the "@velo" import scope:
//
//   - node_modules/@velo/*  where an npm-style install of the scope lands;
//     the only place velo-lsp enters node_modules.
//   - **/@velo/*            any folder named after the scope, at any depth
//     (src/packages/@velo/x, packages/@velo/x, a sidebar mirror). "**" never
//     crosses a node_modules or .git folder, nor (in Discover) a folder that
//     .gitignore or Config.Ignore excludes.
//
// A Velo package developed in its own repository has its backend/ at the
// repository root; that backend/events.js is classified as RoleSiteEvents
// (the same rule as the old site layout), which judges it the same way.
// Config.PackageRoots replaces these defaults.
var defaultPackageRoots = []string{
	"node_modules/@velo/*",
	"**/@velo/*",
}

// DefaultPackageRoots returns the package-root globs used when
// Config.PackageRoots is nil (a fresh copy each call).
func DefaultPackageRoots() []string {
	return append([]string(nil), defaultPackageRoots...)
}

// Velo's folders of a site that are not backend code: a "backend" folder
// below one of these is not a backend folder.
var nonBackendFolders = map[string]bool{"public": true, "pages": true, "styles": true}

// Folders that are never walked and that "**" in a package root never crosses.
func isSkippedDirName(name string) bool { return name == "node_modules" || name == ".git" }

// fileKind is what a file's name alone says.
type fileKind int

const (
	kindOther     fileKind = iota
	kindEvents             // events.js, events.ts: the name Velo loads
	kindLookAlike          // events.web.js, events.jsw, Events.js, event.js, events.mjs, ...
	kindModule             // another .js, .ts, .jsw, .web.js file
)

// lookAlikeExts are the extensions that, after an "events" or "event" stem
// (any case), make a name that looks like the events file but is not.
var lookAlikeExts = map[string]bool{
	"js": true, "ts": true, "jsw": true, "web.js": true, "web.ts": true,
	"mjs": true, "cjs": true, "jsx": true, "tsx": true, "mts": true, "cts": true,
}

func kindOf(name string) fileKind {
	if name == "events.js" || name == "events.ts" {
		return kindEvents
	}
	lower := strings.ToLower(name)
	if strings.HasSuffix(lower, ".d.ts") {
		return kindOther // declarations only: nothing runs
	}
	if i := strings.IndexByte(lower, '.'); i > 0 {
		stem, ext := lower[:i], lower[i+1:]
		if (stem == "events" || stem == "event") && lookAlikeExts[ext] {
			return kindLookAlike
		}
	}
	if strings.HasSuffix(name, ".js") || strings.HasSuffix(name, ".ts") || strings.HasSuffix(name, ".jsw") {
		return kindModule
	}
	return kindOther
}

// Classify returns the role of the file at the slash path p (relative to the
// root) and, for RolePackageEvents, the Velo package's name.
//
//	src/backend/events.js|ts, backend/events.js|ts    RoleSiteEvents
//	  (at any depth, so a folder of several sites works, unless the backend
//	  folder is inside a public, pages or styles folder)
//	<package root>/backend/events.js|ts               RolePackageEvents, "@velo/<dir>"
//	events.web.js, events.jsw, Events.js, event.js, events.mjs, ...
//	  anywhere; events.js|ts outside a backend folder or below its top level  RoleLookAlike
//	other .js|.ts|.jsw|.web.js below a backend folder RoleBackendModule
//	anything else, and anything under node_modules or .git outside a package root  RoleNone
//
// A backend folder is the first path segment named exactly "backend" (case
// matters: Wix's folder is lowercase).
func Classify(p string, cfg Config) (Role, string) {
	c := packageRootsFor(cfg)
	p = path.Clean(strings.ReplaceAll(p, "\\", "/"))
	if p == "." || p == ".." || strings.HasPrefix(p, "../") || strings.HasPrefix(p, "/") {
		return RoleNone, ""
	}
	segs := strings.Split(p, "/")
	k := kindOf(segs[len(segs)-1])
	if k == kindOther {
		return RoleNone, ""
	}
	end, name := c.packageRootOf(segs[:len(segs)-1])
	return classifySegs(segs, k, end, name)
}

// classifySegs classifies a path split into segments, whose last segment is
// of kind k. pkgEnd > 0 says segs[:pkgEnd] is a package root named pkgName.
func classifySegs(segs []string, k fileKind, pkgEnd int, pkgName string) (Role, string) {
	if k == kindOther {
		return RoleNone, ""
	}
	if pkgEnd > 0 {
		rest := segs[pkgEnd:]
		inBackend := len(rest) >= 2 && rest[0] == "backend"
		switch {
		case inBackend && len(rest) == 2 && k == kindEvents:
			return RolePackageEvents, pkgName
		case k == kindEvents || k == kindLookAlike:
			return RoleLookAlike, ""
		case inBackend:
			return RoleBackendModule, ""
		}
		return RoleNone, ""
	}
	dirs := segs[:len(segs)-1]
	backend := -1
	for i, s := range dirs {
		if isSkippedDirName(s) {
			return RoleNone, ""
		}
		if backend < 0 && s == "backend" {
			backend = i
		}
	}
	if backend >= 0 {
		for _, s := range dirs[:backend] {
			if nonBackendFolders[s] {
				backend = -1
				break
			}
		}
	}
	if backend >= 0 {
		switch {
		case k == kindEvents && backend == len(dirs)-1:
			return RoleSiteEvents, ""
		case k == kindEvents || k == kindLookAlike:
			return RoleLookAlike, ""
		}
		return RoleBackendModule, ""
	}
	if k == kindEvents || k == kindLookAlike {
		return RoleLookAlike, ""
	}
	return RoleNone, ""
}

// packageName names the package whose root is the folder path segs:
// "@scope/dir" when the parent folder is a scope, else the folder's name.
func packageName(segs []string) string {
	n := len(segs)
	if n >= 2 && strings.HasPrefix(segs[n-2], "@") {
		return segs[n-2] + "/" + segs[n-1]
	}
	return segs[n-1]
}

// rootGlobs is a compiled set of package-root globs. Each glob is matched
// segment by segment as a small automaton, so that a walk can carry the
// state of every directory and ask cheaply whether it is a root, or whether
// a root may still lie below it. Globs longer than maxRootGlobSegs segments
// are dropped.
type rootGlobs struct {
	pats [][]string
}

const maxRootGlobSegs = 63

// rootState is a set of positions in the globs: bit p of pos[i] says that
// segment p of glob i is the next to match (p == len(glob): matched). A nil
// pos is a dead state: no root below.
type rootState struct {
	pos []uint64
}

func compileRootGlobs(globs []string) *rootGlobs {
	g := &rootGlobs{}
	for _, s := range globs {
		s = strings.Trim(path.Clean("/"+strings.TrimSpace(s)), "/")
		if s == "" || s == "." {
			continue
		}
		segs := strings.Split(s, "/")
		if len(segs) > maxRootGlobSegs {
			continue
		}
		g.pats = append(g.pats, segs)
	}
	return g
}

var (
	defaultRootsOnce sync.Once
	defaultRoots     *rootGlobs
)

// packageRootsFor returns the compiled package roots of cfg.
func packageRootsFor(cfg Config) *rootGlobs {
	if cfg.PackageRoots == nil {
		defaultRootsOnce.Do(func() { defaultRoots = compileRootGlobs(defaultPackageRoots) })
		return defaultRoots
	}
	return compileRootGlobs(cfg.PackageRoots)
}

// start is the state at the root folder.
func (g *rootGlobs) start() rootState {
	if len(g.pats) == 0 {
		return rootState{}
	}
	st := rootState{pos: make([]uint64, len(g.pats))}
	for i := range g.pats {
		st.pos[i] = g.closure(i, 1)
	}
	return st
}

// closure adds the positions after every "**" (which may match nothing).
func (g *rootGlobs) closure(i int, pos uint64) uint64 {
	pat := g.pats[i]
	for p := 0; p < len(pat); p++ {
		if pos&(1<<p) != 0 && pat[p] == "**" {
			pos |= 1 << (p + 1)
		}
	}
	return pos
}

// step consumes one folder name. starStar says whether "**" may consume it
// (false for node_modules, .git, and folders excluded by ignore files).
func (g *rootGlobs) step(st rootState, seg string, starStar bool) rootState {
	if st.pos == nil {
		return st
	}
	next := make([]uint64, len(g.pats))
	live := false
	for i, pat := range g.pats {
		cur := st.pos[i]
		var np uint64
		for p := 0; p < len(pat) && cur>>p != 0; p++ {
			if cur&(1<<p) == 0 {
				continue
			}
			switch {
			case pat[p] == "**":
				if starStar && !isSkippedDirName(seg) {
					np |= 1 << p
				}
			case globMatchSegment(pat[p], seg):
				np |= 1 << (p + 1)
			}
		}
		if np != 0 {
			next[i] = g.closure(i, np)
			live = true
		}
	}
	if !live {
		return rootState{}
	}
	return rootState{pos: next}
}

// isRoot reports whether the folder reached is a package root.
func (g *rootGlobs) isRoot(st rootState) bool {
	for i, pos := range st.pos {
		if pos&(1<<len(g.pats[i])) != 0 {
			return true
		}
	}
	return false
}

// live reports whether a package root may lie at or below the folder reached.
func (st rootState) live() bool { return st.pos != nil }

// literalNext returns the names a child folder must have to keep st live,
// when every live position needs an exact name (no wildcard); ok is false
// when some position accepts a wildcard, so the folder must be listed.
func (g *rootGlobs) literalNext(st rootState) (names []string, ok bool) {
	for i, pos := range st.pos {
		pat := g.pats[i]
		for p := 0; p < len(pat); p++ {
			if pos&(1<<p) == 0 {
				continue
			}
			if pat[p] == "**" || strings.ContainsAny(pat[p], "*?[\\") {
				return nil, false
			}
			if !containsString(names, pat[p]) {
				names = append(names, pat[p])
			}
		}
	}
	return names, true
}

// packageRootOf finds the deepest package root among the prefixes of the
// folder path dirs: it returns the root's length in segments and the
// package's name, or 0 and "".
func (g *rootGlobs) packageRootOf(dirs []string) (int, string) {
	if len(g.pats) == 0 {
		return 0, ""
	}
	st := g.start()
	end := 0
	for i, s := range dirs {
		st = g.step(st, s, true)
		if !st.live() {
			break
		}
		if g.isRoot(st) && canBePackageRoot(dirs[:i+1]) {
			end = i + 1
		}
	}
	if end == 0 {
		return 0, ""
	}
	return end, packageName(dirs[:end])
}

// canBePackageRoot reports whether the folder at segs may hold a Velo
// package, whatever the globs say: a package root holds a backend folder,
// so no backend folder, nor a folder inside one, is one (but a package
// named backend, `@scope/backend`); and a top-level src is the site's own
// source folder.
func canBePackageRoot(segs []string) bool {
	if len(segs) == 1 && segs[0] == "src" {
		return false
	}
	for i, s := range segs {
		if s == "backend" && !(i > 0 && strings.HasPrefix(segs[i-1], "@")) {
			return false
		}
	}
	return true
}

func containsString(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
