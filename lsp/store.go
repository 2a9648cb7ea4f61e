package lsp

import (
	"sync"

	"github.com/velo-lsp/velo-lsp/analyzer/jsparse"
	"github.com/velo-lsp/velo-lsp/analyzer/textpos"
)

// document is one version of an open document. It is immutable: an edit
// makes a new one, so a request or an analysis holding a *document sees a
// consistent text, index and parse.
type document struct {
	uri     string
	path    string // absolute OS path; "" when the URI is not a file: URI
	version int32
	text    []byte
	index   *textpos.Index
	lang    jsparse.Lang

	parseOnce sync.Once
	parsed    *jsparse.File
}

func newDocument(uri, path string, version int32, text []byte) *document {
	return &document{
		uri:     uri,
		path:    path,
		version: version,
		text:    text,
		index:   textpos.New(text),
		lang:    jsparse.LangFromPath(uri),
	}
}

// parse returns the tree-sitter structure of this version, parsed once.
func (d *document) parse() *jsparse.File {
	d.parseOnce.Do(func() { d.parsed = jsparse.Parse(d.text, d.lang) })
	return d.parsed
}

// goodParse is the last parse of a document whose tree had no errors, with
// the text it was made from (its ranges are offsets into that text).
type goodParse struct {
	version int32
	text    []byte
	index   *textpos.Index
	file    *jsparse.File
}

// store holds the open documents.
type store struct {
	mu       sync.Mutex
	docs     map[string]*document
	lastGood map[string]*goodParse
}

func newStore() *store {
	return &store{docs: map[string]*document{}, lastGood: map[string]*goodParse{}}
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

// noteParse records d's parse as the last good one when its tree is sound.
func (st *store) noteParse(d *document) {
	f := d.parse()
	if f.HasErrors {
		return
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	if g := st.lastGood[d.uri]; g == nil || g.version <= d.version {
		st.lastGood[d.uri] = &goodParse{version: d.version, text: d.text, index: d.index, file: f}
	}
}

// structure returns the parse to use for completion and hover: the current
// one when its tree is sound, else the last good one (with its own text and
// index, whose offsets are not the current text's). It records a sound parse
// as the new last good one.
func (st *store) structure(d *document) *goodParse {
	f := d.parse()
	cur := &goodParse{version: d.version, text: d.text, index: d.index, file: f}
	st.mu.Lock()
	defer st.mu.Unlock()
	if !f.HasErrors {
		if g := st.lastGood[d.uri]; g == nil || g.version <= d.version {
			st.lastGood[d.uri] = cur
		}
		return cur
	}
	if g := st.lastGood[d.uri]; g != nil {
		return g
	}
	return cur
}
