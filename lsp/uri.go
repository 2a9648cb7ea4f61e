package lsp

import (
	"errors"
	"fmt"
	"github.com/velo-lsp/velo-lsp/analyzer/site"
	"github.com/velo-lsp/velo-lsp/analyzer/sitefs"
	"net/url"
	"path"
	"path/filepath"
	"strings"
)

// uriToPath returns the absolute OS path of a file: URI. Unlike
// uri.URI.Filename it returns an error instead of panicking.
func uriToPath(u string) (string, error) {
	p, err := url.Parse(u)
	if err != nil {
		return "", fmt.Errorf("parsing URI %q: %w", u, err)
	}
	if p.Scheme != "file" {
		return "", fmt.Errorf("URI %q: only file: URIs name files", u)
	}
	fp := p.Path
	if len(fp) >= 3 && fp[0] == '/' && fp[2] == ':' { // /C:/x on Windows
		fp = fp[1:]
	}
	if fp == "" {
		return "", errors.New("URI " + u + " has no path")
	}
	return filepath.Clean(filepath.FromSlash(fp)), nil
}

// fileURI returns the file: URI of an absolute OS path.
func fileURI(p string) string {
	if abs, err := filepath.Abs(p); err == nil {
		p = abs
	}
	s := filepath.ToSlash(p)
	if !strings.HasPrefix(s, "/") {
		s = "/" + s
	}
	return (&url.URL{Scheme: "file", Path: s}).String()
}

// folder is one workspace folder.
type folder struct {
	URI  string
	Root string     // absolute OS path
	FS   *sitefs.FS // the guarded opener rooted at Root
}

// folderReadCap is the most a read through a folder's FS takes (bytes): it
// stops an unbounded read (a device, a file that keeps growing) whatever
// the configuration says; the analyzer applies the configured cap
// (maxFileSize) below it.
const folderReadCap = 64 << 20

func newFolder(u string) (folder, error) {
	root, err := uriToPath(u)
	if err != nil {
		return folder{}, err
	}
	fsys, err := sitefs.Open(root, folderReadCap)
	if err != nil {
		return folder{}, err
	}
	return folder{URI: u, Root: root, FS: fsys}, nil
}

// rel returns the slash path of p relative to the folder, and whether p is
// inside it.
func (f folder) rel(p string) (string, bool) {
	r, err := filepath.Rel(f.Root, p)
	if err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) || filepath.IsAbs(r) {
		return "", false
	}
	return path.Clean(filepath.ToSlash(r)), true
}

// locate finds the folder holding p (the deepest one) and p's slash path
// relative to it. Outside every folder, the folder is nil and the path is
// relative to p's site (see below).
func locate(folders []folder, p string) (*folder, string) {
	var best *folder
	bestRel := ""
	for i := range folders {
		if r, ok := folders[i].rel(p); ok {
			if best == nil || len(folders[i].Root) > len(best.Root) {
				best, bestRel = &folders[i], r
			}
		}
	}
	if best != nil {
		return best, bestRel
	}
	// Outside every folder: the path in its own site, by the rule `check`
	// uses for a file named on the command line (site.RootOf), so that the
	// file has the role it would have there. When that rule finds no site
	// (it answers the file's own folder: no marker, or a path not on disk),
	// the whole path stands, and the analyzer classifies it by its last
	// components.
	if root := site.RootOf(p); root != filepath.Dir(p) {
		if r, err := filepath.Rel(root, p); err == nil && !strings.HasPrefix(r, "..") {
			return nil, filepath.ToSlash(r)
		}
	}
	return nil, strings.TrimPrefix(filepath.ToSlash(p), "/")
}
