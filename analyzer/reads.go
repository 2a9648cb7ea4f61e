package analyzer

import (
	"io/fs"
	"path"
	"sort"
	"sync"
)

// readsFS records every path that the analysis of one file asks of the
// tree: files it opens or reads, and paths it only looks for (a resolver
// probing ./more.js, ./more.web.js …), since a file created there later
// changes the result as much as an edit does. With a fingerprint function
// it also notes, at the moment of the first look, what each path was, so
// that a caller can tell later whether the result still holds
// (FileResult.Deps).
type readsFS struct {
	fsys        fs.FS
	fingerprint func(string) string // nil: paths only

	mu    sync.Mutex
	paths map[string]string // path → its fingerprint when first asked for ("" without one)
}

func newReadsFS(fsys fs.FS, fingerprint func(string) string) *readsFS {
	return &readsFS{fsys: fsys, fingerprint: fingerprint, paths: map[string]string{}}
}

func (r *readsFS) note(name string) {
	name = path.Clean(name)
	r.mu.Lock()
	_, seen := r.paths[name]
	r.mu.Unlock()
	if seen {
		return
	}
	fp := ""
	if r.fingerprint != nil {
		fp = r.fingerprint(name) // before the read: a change after it shows
	}
	r.mu.Lock()
	if _, seen := r.paths[name]; !seen {
		r.paths[name] = fp
	}
	r.mu.Unlock()
}

func (r *readsFS) Open(name string) (fs.File, error) {
	r.note(name)
	return r.fsys.Open(name)
}

func (r *readsFS) ReadFile(name string) ([]byte, error) {
	r.note(name)
	return fs.ReadFile(r.fsys, name)
}

func (r *readsFS) Stat(name string) (fs.FileInfo, error) {
	r.note(name)
	return fs.Stat(r.fsys, name)
}

func (r *readsFS) ReadDir(name string) ([]fs.DirEntry, error) {
	r.note(name)
	return fs.ReadDir(r.fsys, name)
}

func (r *readsFS) Lstat(name string) (fs.FileInfo, error) {
	r.note(name)
	if l, ok := r.fsys.(fs.ReadLinkFS); ok {
		return l.Lstat(name)
	}
	return fs.Stat(r.fsys, name)
}

func (r *readsFS) ReadLink(name string) (string, error) {
	r.note(name)
	if l, ok := r.fsys.(fs.ReadLinkFS); ok {
		return l.ReadLink(name)
	}
	return "", &fs.PathError{Op: "readlink", Path: name, Err: fs.ErrInvalid}
}

// result returns the paths asked for other than self, sorted, and their
// fingerprints (nil without a fingerprint function).
func (r *readsFS) result(self string) ([]string, map[string]string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	var list []string
	var deps map[string]string
	if r.fingerprint != nil {
		deps = make(map[string]string, len(r.paths))
	}
	for p, fp := range r.paths {
		if deps != nil {
			deps[p] = fp
		}
		if p != self {
			list = append(list, p)
		}
	}
	sort.Strings(list)
	return list, deps
}
