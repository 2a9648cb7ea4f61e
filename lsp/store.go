package lsp

import (
	"sync"
	"sync/atomic"

	"github.com/velo-lsp/velo-lsp/analyzer/jsparse"
	"github.com/velo-lsp/velo-lsp/analyzer/textpos"
)

// document is one version of an open document. It is immutable: an edit
// makes a new one, so a request or an analysis holding a *document sees a
// consistent text and index. Its structure comes from the analyzer's
// engine (Server.structure), which parses a text once however many
// requests ask.
//
// Which of two versions is newer is decided by seq, the order the server
// received them in, never by version: the version is the client's label,
// echoed back in publishDiagnostics, and a client may send a lower one (a
// reverted edit, a re-open, a restarted editor). The text it sends last is
// the truth.
type document struct {
	uri     string
	path    string // absolute OS path; "" when the URI is not a file: URI
	version int32  // the client's version (only ever echoed back)
	seq     uint64 // arrival order, unique and increasing across all documents
	text    []byte
	index   *textpos.Index
	lang    jsparse.Lang
}

// docSeq numbers documents in the order they were made.
var docSeq atomic.Uint64

func newDocument(uri, path string, version int32, text []byte) *document {
	return &document{
		uri:     uri,
		path:    path,
		version: version,
		seq:     docSeq.Add(1),
		text:    text,
		index:   textpos.New(text),
		lang:    jsparse.LangFromPath(uri),
	}
}

// store holds the open documents.
type store struct {
	mu   sync.Mutex
	docs map[string]*document
}

func newStore() *store {
	return &store{docs: map[string]*document{}}
}

func (st *store) get(uri string) *document {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.docs[uri]
}

func (st *store) set(d *document) {
	st.mu.Lock()
	st.docs[d.uri] = d
	st.mu.Unlock()
}

func (st *store) remove(uri string) {
	st.mu.Lock()
	delete(st.docs, uri)
	st.mu.Unlock()
}

// all returns the open documents.
func (st *store) all() []*document {
	st.mu.Lock()
	defer st.mu.Unlock()
	out := make([]*document, 0, len(st.docs))
	for _, d := range st.docs {
		out = append(out, d)
	}
	return out
}

// openPath reports whether a document with this OS path is open.
func (st *store) openPath(p string) bool {
	st.mu.Lock()
	defer st.mu.Unlock()
	for _, d := range st.docs {
		if d.path == p {
			return true
		}
	}
	return false
}
