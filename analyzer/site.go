package analyzer

import (
	"io/fs"
	"path"
	"strings"

	"github.com/velo-lsp/velo-lsp/analyzer/site"
)

// Sites and loose files.
//
// A site root is a folder that holds wix.config.json (a Git-integration or
// Wix CLI checkout), or whose src/backend/ or backend/ folder holds the
// events file (events.js or events.ts). Many developers keep copies of a
// site's backend code in an ordinary repository instead (folders such as
// velo/, wix/, one folder per client site, or an events.js at the top): an
// events file that belongs to no site root is a loose events file,
// judged as a site's events file, its location said once as info (Velo
// loads only src/backend/events.js, which is fine for a copy that is
// pasted into the editor). A look-alike name (event.js, events.web.js …)
// outside every site is said once to be a name Velo never loads.
// Inside a site, both are files that never load (VELO020).

// siteSet is the site roots of a tree, as slash paths ("" the root itself).
type siteSet map[string]bool

// contains reports whether p lies in some site: one of its folders (or the
// root) is a site root.
func (s siteSet) contains(p string) bool {
	if len(s) == 0 {
		return false
	}
	for dir := dirOf(p); ; dir = dirOf(dir) {
		if s[dir] {
			return true
		}
		if dir == "" {
			return false
		}
	}
}

// refineRole turns the role Classify gives from a path alone into the
// role in the tree: a look-alike that belongs to no site is loose (an
// events.js|ts one is judged; another name is only said to be never
// loaded).
func refineRole(role Role, p string, inSite bool) Role {
	if role != RoleLookAlike || inSite {
		return role
	}
	if b := path.Base(p); b == "events.js" || b == "events.ts" {
		return RoleLooseEvents
	}
	return RoleLooseLookAlike
}

// ClassifyIn is Classify for one file of a tree: the path decides as in
// Classify, and for a look-alike the tree decides whether it is inside a
// site (see refineRole). It looks for site roots among p's folders: a
// wix.config.json, or a [src/]backend/events.js|ts below one. Discovery
// does the same from the whole walk (see Discover); this is for a single
// file (an editor buffer, a file named on the command line).
//
// Without a file system (an editor buffer outside every workspace folder)
// no site is known, so a look-alike is loose.
func ClassifyIn(fsys fs.FS, p string, cfg Config) (Role, string) {
	role, pkg := Classify(p, cfg)
	if role != RoleLookAlike {
		return role, pkg
	}
	if fsys == nil {
		return refineRole(role, p, false), pkg
	}
	p = path.Clean(strings.ReplaceAll(p, "\\", "/"))
	for dir := dirOf(p); ; dir = dirOf(dir) {
		if site.IsRoot(fsys, dir) {
			return role, pkg
		}
		if dir == "" {
			return refineRole(role, p, false), pkg
		}
	}
}
