package lsp

import (
	"sync"
	"sync/atomic"

	"github.com/velo-lsp/velo-lsp/analyzer/jsparse"
	"github.com/velo-lsp/velo-lsp/analyzer/textpos"
)

// document is one version of an open document. It is immutable: an edit
// makes a new one, so a request or an analysis holding a *document sees a
// consistent text, index and parse.
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

	parseOnce sync.Once
	parsed    *jsparse.File
	parsedOK  atomic.Bool // parsed is set
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

// parse returns the tree-sitter structure of this version, parsed once.
func (d *document) parse() *jsparse.File {
	d.parseOnce.Do(func() {
		d.parsed = jsparse.Parse(d.text, d.lang)
		d.parsedOK.Store(true)
	})
	return d.parsed
}

// view is a parse to answer requests with, and how to map an offset of the
// current text into it.
type view struct {
	text  []byte        // the text the parse was made from
	file  *jsparse.File // its structure
	toOld func(int) int // current offset → offset in text
	fresh bool          // the parse is of the current version
}

// view returns the structure to use for completion and hover on d without
// parsing on the request path: d's own parse when it is ready, else the
// parse of the newest earlier version (made by the diagnostics worker), with
// offsets mapped across the edit. Only the first request on a document
// ever parses here.
func (st *store) view(d *document) view {
	if d.parsedOK.Load() {
		return view{text: d.text, file: d.parsed, toOld: func(o int) int { return o }, fresh: true}
	}
	st.mu.Lock()
	old := st.lastParsed[d.uri]
	st.mu.Unlock()
	if old == nil || old.seq > d.seq {
		return view{text: d.text, file: d.parse(), toOld: func(o int) int { return o }, fresh: true}
	}
	return view{text: old.text, file: old.parsed, toOld: offsetMapper(d.text, old.text)}
}

// offsetMapper maps offsets of cur to offsets of old, two versions of a text
// that differ in one region: offsets before it are kept, offsets after it
// shift by the change in length, offsets inside it go to the end of old's
// region.
func offsetMapper(cur, old []byte) func(int) int {
	p := 0
	for p < len(cur) && p < len(old) && cur[p] == old[p] {
		p++
	}
	s := 0
	for s < len(cur)-p && s < len(old)-p && cur[len(cur)-1-s] == old[len(old)-1-s] {
		s++
	}
	return func(o int) int {
		switch {
		case o <= p:
			return o
		case o >= len(cur)-s:
			return o - len(cur) + len(old)
		}
		return len(old) - s
	}
}

// goodParse is the last parse of a document whose tree had no errors, with
// the text it was made from (its ranges are offsets into that text).
type goodParse struct {
	seq   uint64 // the document's (see document.seq)
	text  []byte
	index *textpos.Index
	file  *jsparse.File
}

// store holds the open documents.
type store struct {
	mu         sync.Mutex
	docs       map[string]*document
	lastGood   map[string]*goodParse
	lastParsed map[string]*document // newest parsed version of each document
}

func newStore() *store {
	return &store{docs: map[string]*document{}, lastGood: map[string]*goodParse{}, lastParsed: map[string]*document{}}
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
	delete(st.lastGood, uri)
	delete(st.lastParsed, uri)
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

// lastGoodOf returns the last sound parse of a document, nil when none.
func (st *store) lastGoodOf(uri string) *goodParse {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.lastGood[uri]
}

// noteParse parses d (in the diagnostics worker) and records it as the
// newest parsed version, and as the last good one when its tree is sound.
func (st *store) noteParse(d *document) {
	f := d.parse()
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.docs[d.uri] == nil {
		return // closed meanwhile
	}
	if p := st.lastParsed[d.uri]; p == nil || p.seq <= d.seq {
		st.lastParsed[d.uri] = d
	}
	if f.HasErrors {
		return
	}
	if g := st.lastGood[d.uri]; g == nil || g.seq <= d.seq {
		st.lastGood[d.uri] = &goodParse{seq: d.seq, text: d.text, index: d.index, file: f}
	}
}
