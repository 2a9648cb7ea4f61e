// Package site is velo-lsp's one model of a Velo site's layout: where a
// site's root is, where its backend folder and events file are, and how Velo
// resolves the module specifiers of backend code. Every part of velo-lsp
// that asks one of these questions (discovery and the cross-file rules of
// the analyzer, the esbuild build that follows `export *` chains, the check
// command's arguments, the configuration lookup and the language server)
// asks it here, so that they cannot disagree.
//
// Paths of a tree are slash-separated and relative to the tree's root ("" is
// the root itself); OS paths are absolute and use the OS separator.
package site

import (
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// Marker files. A folder that holds ConfigMarker is a site root (a Git
// integration or Wix CLI checkout); RepoMarker marks a repository.
const (
	ConfigMarker = "wix.config.json"
	RepoMarker   = ".git"
)

// eventsFileNames are the names of an events file in a backend folder.
var eventsFileNames = []string{"events.js", "events.ts"}

// IsEventsFileName reports whether base is the name of an events file.
func IsEventsFileName(base string) bool { return base == "events.js" || base == "events.ts" }

// Dir returns the slash directory of a slash path ("" for a file at the root).
func Dir(p string) string {
	d := path.Dir(p)
	if d == "." || d == "/" {
		return ""
	}
	return d
}

// Join joins a slash directory ("" the root) and a relative slash path.
func Join(dir, rel string) string {
	if dir == "" {
		return rel
	}
	return dir + "/" + rel
}

// BackendRoot returns the nearest folder enclosing the slash path p that is
// named "backend" (a site's src/backend, an older layout's backend, or a
// package copy's backend), or "" when there is none.
func BackendRoot(p string) string {
	for dir := Dir(p); dir != ""; dir = Dir(dir) {
		if path.Base(dir) == "backend" {
			return dir
		}
	}
	return ""
}

// EventsFileFor names the events file where a handler found at p belongs:
// the events.js of p's backend folder, else src/backend/events.js.
func EventsFileFor(p string) string {
	if root := BackendRoot(p); root != "" {
		return root + "/events.js"
	}
	return "src/backend/events.js"
}

// RootOfEventsFile is the site root that an events file at the slash path
// p makes: the folder above its backend folder (and above src when the
// backend folder is src/backend). ok is false when p is not
// <root>/[src/]backend/events.js|ts.
func RootOfEventsFile(p string) (root string, ok bool) {
	if !IsEventsFileName(path.Base(p)) {
		return "", false
	}
	dir := Dir(p)
	if path.Base(dir) != "backend" {
		return "", false
	}
	root = Dir(dir)
	if path.Base(root) == "src" {
		root = Dir(root)
	}
	return root, true
}

// IsRoot reports whether the folder dir of fsys is a site root: it holds
// wix.config.json, or [src/]backend/events.js|ts.
func IsRoot(fsys fs.FS, dir string) bool {
	rels := []string{ConfigMarker}
	for _, b := range []string{"src/backend/", "backend/"} {
		for _, n := range eventsFileNames {
			rels = append(rels, b+n)
		}
	}
	for _, rel := range rels {
		if info, err := fs.Stat(fsys, Join(dir, rel)); err == nil && !info.IsDir() {
			return true
		}
	}
	return false
}

// RootOf returns the site root of the file or folder at the OS path abs,
// for a path given without a workspace (a file named on the command line,
// an editor buffer outside every workspace folder), by one rule:
//
//  1. the nearest folder at or above it that holds wix.config.json;
//  2. else the nearest that holds .git;
//  3. else, inside a backend folder that holds an events file (the
//     outermost, see BackendAbove), the folder above it (and above src for
//     src/backend);
//  4. else the folder itself (a file's folder).
//
// The Neovim plugin applies the same rule (tested against this function).
func RootOf(abs string) string {
	dir := abs
	if fi, err := os.Stat(abs); err != nil || !fi.IsDir() {
		dir = filepath.Dir(abs)
	}
	if d := nearestWith(dir, ConfigMarker); d != "" {
		return d
	}
	if d := nearestWith(dir, RepoMarker); d != "" {
		return d
	}
	if backend := BackendAbove(dir); backend != "" {
		root := filepath.Dir(backend)
		if filepath.Base(root) == "src" {
			root = filepath.Dir(root)
		}
		return root
	}
	return dir
}

// BackendAbove returns the outermost folder at or above the OS path abs
// that is named "backend" and holds an events file, or "". The outermost
// one, because discovery counts a backend folder inside another (a package
// copy's) as part of the outer site.
func BackendAbove(abs string) string {
	backend := ""
	for d := abs; ; {
		if filepath.Base(d) == "backend" && (isFile(filepath.Join(d, "events.js")) || isFile(filepath.Join(d, "events.ts"))) {
			backend = d
		}
		parent := filepath.Dir(d)
		if parent == d {
			return backend
		}
		d = parent
	}
}

// SearchBoundary is the folder above which nothing configures the OS
// folder dir: the nearest at or above it that holds wix.config.json or
// .git, else dir itself (a file in a shared folder above, such as /tmp or a
// home folder, must not configure every site below it).
func SearchBoundary(dir string) string {
	for d := dir; ; {
		if exists(filepath.Join(d, RepoMarker)) || exists(filepath.Join(d, ConfigMarker)) {
			return d
		}
		parent := filepath.Dir(d)
		if parent == d {
			return dir
		}
		d = parent
	}
}

func nearestWith(dir, marker string) string {
	for d := dir; ; {
		if exists(filepath.Join(d, marker)) {
			return d
		}
		parent := filepath.Dir(d)
		if parent == d {
			return ""
		}
		d = parent
	}
}

func exists(p string) bool {
	_, err := os.Lstat(p)
	return err == nil
}

func isFile(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && !fi.IsDir()
}

// IsLocalSpecifier reports whether an import specifier names a module of
// the site (resolved by Resolve) rather than a package: "./x", "../x",
// "backend/x", "public/x", or an absolute "/x".
func IsLocalSpecifier(spec string) bool {
	switch {
	case spec == "":
		return false
	case spec == ".", spec == "..",
		strings.HasPrefix(spec, "./"), strings.HasPrefix(spec, "../"), strings.HasPrefix(spec, "/"),
		strings.HasPrefix(spec, "backend/"), strings.HasPrefix(spec, "public/"):
		return true
	}
	return false
}

// ProbeSuffixes are tried, in order, after a local specifier that names no
// file as written: the extensions of Velo's backend code (plain modules,
// web modules of both generations, TypeScript) and folder index files.
var ProbeSuffixes = []string{".js", ".ts", ".web.js", ".web.ts", ".jsw", ".mjs", ".cjs", "/index.js", "/index.ts"}

// Resolve resolves the specifier spec imported by the file at the slash
// path from, the way Velo does: "./x" and "../x" from from's folder,
// "backend/x" from from's backend folder, "public/x" from the public folder
// beside it; the specifier as written first, then with each of
// ProbeSuffixes. isFile says whether a slash path names a regular file.
//
// It returns the target's slash path and local true when a file is found;
// "" and local true when spec is local but names nothing (or leaves the
// tree); "" and local false for a package (npm, wix-*, @velo/*), which is
// not followed.
func Resolve(isFile func(string) bool, from, spec string) (target string, local bool) {
	if !IsLocalSpecifier(spec) {
		return "", false
	}
	var base string
	switch {
	case spec == "." || spec == ".." || strings.HasPrefix(spec, "./") || strings.HasPrefix(spec, "../"):
		base = path.Join(Dir(from), spec)
	case strings.HasPrefix(spec, "backend/"):
		root := BackendRoot(from)
		if root == "" {
			return "", true
		}
		base = path.Join(root, strings.TrimPrefix(spec, "backend/"))
	case strings.HasPrefix(spec, "public/"):
		root := BackendRoot(from)
		if root == "" {
			return "", true
		}
		base = path.Join(Dir(root), spec)
	default: // an absolute path: not a module of the tree
		return "", true
	}
	if base == ".." || strings.HasPrefix(base, "../") || base == "/" || strings.HasPrefix(base, "/") {
		return "", true // leaves the tree
	}
	if base == "." {
		base = ""
	}
	if base != "" && isFile(base) {
		return base, true
	}
	for _, s := range ProbeSuffixes {
		q := base + s
		if base == "" {
			q = strings.TrimPrefix(s, "/")
		}
		if isFile(q) {
			return q, true
		}
	}
	return "", true
}

// FileIn returns the isFile predicate of Resolve for a file system.
func FileIn(fsys fs.FS) func(string) bool {
	return func(p string) bool {
		if !fs.ValidPath(p) {
			return false
		}
		st, err := fs.Stat(fsys, p)
		return err == nil && !st.IsDir()
	}
}
