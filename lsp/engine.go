package lsp

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"

	"github.com/velo-lsp/velo-lsp/analyzer/jsparse"
)

// What the server asks of the analyzer's engine beyond judging files: the
// structure of a document (completion, hover, symbols, code lenses), what a
// path is now (so that a workspace run reuses what cannot have changed),
// and who must be judged again when a text changes.

// structure returns the scanner's structure of d's text, parsed once per
// text by the engine.
func (s *Server) structure(d *document) *jsparse.File {
	return s.eng.Structure(d.text, d.lang)
}

// abs is the OS path of a slash path relative to the folder.
func (f folder) abs(rel string) string {
	return filepath.Join(f.Root, filepath.FromSlash(rel))
}

// fingerprinter returns what each path of the folder is now: an open
// document by its arrival order (its unsaved text is what is read), a file
// on disk by its size, modification time and mode, "" for nothing there.
// Open documents are taken as they are when it is called, like the
// overlay the same run reads.
func (s *Server) fingerprinter(fo *folder) func(string) string {
	docs := map[string]uint64{}
	for _, d := range s.docs.all() {
		if rel, ok := fo.rel(d.path); ok && d.path != "" {
			docs[rel] = d.seq
		}
	}
	return func(rel string) string {
		if seq, ok := docs[rel]; ok {
			return fmt.Sprintf("doc %d", seq)
		}
		info, err := fo.FS.Lstat(rel)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return ""
			}
			return "error " + err.Error()
		}
		return fmt.Sprintf("%d %d %o", info.Size(), info.ModTime().UnixNano(), info.Mode())
	}
}

// textChanged re-judges what depends on the file at the OS path p after
// its text changed (an edit, an open, a close, a change on disk): every
// open document whose last analysis read it, at once, and the workspace
// when a result from disk read it (the run reuses every other result).
func (s *Server) textChanged(p string) {
	if p == "" {
		return
	}
	s.mu.Lock()
	folders := s.folders
	s.mu.Unlock()
	fo, rel := locate(folders, p)
	if fo == nil {
		return
	}
	var due []string
	s.diag.resMu.Lock()
	for uri, a := range s.diag.results {
		if a.root != fo.Root || a.doc.path == p {
			continue
		}
		for _, r := range a.reads {
			if r == rel {
				due = append(due, uri)
				break
			}
		}
	}
	s.diag.resMu.Unlock()
	for _, uri := range due {
		s.diag.schedule(uri, true)
	}
	if s.ws.readByScan(fo.Root, rel) {
		s.ws.requestRescan()
	}
}
