package analyzer

import (
	"bytes"
	"container/list"
	"hash/maphash"
	"sync"
	"sync/atomic"

	"github.com/velo-lsp/velo-lsp/analyzer/jsparse"
)

// The engine: what `check` and the language server share. AnalyzeRepo
// (repo.go) is the one orchestration of a tree; AnalyzeFile judges one
// file. Both go through an Engine, which keeps a memo from a text's content
// to what the parsers made of it, so that a text seen before (the events
// file every backend module's "is it forwarded?" reads, an open document
// asked for completion after its diagnostics, an unchanged file in the next
// scan) is never parsed twice. Every result records the other files its
// analysis read (FileResult.Reads), so that a caller that follows changes
// re-judges exactly the results a change can affect.

// Engine analyzes files and trees. Its methods are safe for concurrent
// use. The zero value is not usable: call NewEngine.
type Engine struct {
	memo *parseMemo

	cfgMu   sync.Mutex
	configs map[string]resolvedConfig // by key (a folder), see ResolvedConfig
}

// resolvedConfig is a configuration as resolved at one settings generation.
type resolvedConfig struct {
	gen uint64
	cfg Config
}

// NewEngine returns an engine with an empty memo.
func NewEngine() *Engine {
	return &Engine{memo: newParseMemo(memoMaxEntries, memoMaxBytes)}
}

// Memo bounds: the texts kept (their structures are a few times their
// size). Enough for every events file and open document of a large site;
// a whole-repository check cycles through it without growing.
const (
	memoMaxEntries = 512
	memoMaxBytes   = 8 << 20 // bytes of text
)

// ResolvedConfig returns the configuration of key (a folder of the
// language server's workspace, "" for files outside every folder) at
// settings generation gen, calling resolve only when key has none for gen:
// reading .velo-lsp.json, applying the client's settings on top and
// building the catalog with extraEvents happen once per folder and
// generation, not once per analysis or request. The caller bumps gen when
// any input of resolve changes (settings, a configuration file).
func (e *Engine) ResolvedConfig(key string, gen uint64, resolve func() Config) Config {
	e.cfgMu.Lock()
	rc, ok := e.configs[key]
	e.cfgMu.Unlock()
	if ok && rc.gen == gen {
		return rc.cfg
	}
	cfg := resolve()
	e.cfgMu.Lock()
	defer e.cfgMu.Unlock()
	if e.configs == nil {
		e.configs = map[string]resolvedConfig{}
	}
	// A resolution for a newer generation that finished first wins.
	if cur, ok := e.configs[key]; !ok || cur.gen <= gen {
		e.configs[key] = resolvedConfig{gen: gen, cfg: cfg}
	}
	return cfg
}

// defaultEngine serves the package-level AnalyzeFile and AnalyzeRepo, that
// is `check`: a one-shot run reads each file once (the events file that
// every backend module's "is it forwarded?" asks about is judged once per
// folder, see runCache), so its memo only needs the texts in flight; a
// full-size memo would hold the structures of hundreds of files no one asks
// for again (measured: peak heap 170 MB on 2,000 files with the full one).
var defaultEngine = &Engine{memo: newParseMemo(oneShotMaxEntries, oneShotMaxBytes)}

// The memo bounds of defaultEngine.
const (
	oneShotMaxEntries = 32
	oneShotMaxBytes   = 1 << 20 // bytes of text
)

// Structure returns the scanner's structure of text (jsparse.Parse), from
// the memo when the same text was parsed before. The language server's
// completion, hover, symbols and code lenses read documents through it.
func (e *Engine) Structure(text []byte, lang jsparse.Lang) *jsparse.File {
	return e.memo.structure(text, lang)
}

// Forget drops what the memo holds for text (in either language); a text
// asked for again is parsed again, and nothing else changes. The language
// server calls it for the versions of an open document that typing has
// left behind: every keystroke makes a new text that will not come back,
// and the memo would otherwise keep them up to its bounds (memoMaxBytes of
// text and a few times that in structures: for a 60 KB document, about
// 130 versions, 11 MB of live heap).
func (e *Engine) Forget(text []byte) {
	e.memo.forget(text)
}

// parseMemo maps a text (and its language) to its parse outcome, keeping
// the most recently used entries within the bounds.
type parseMemo struct {
	seed       maphash.Seed
	maxEntries int
	maxBytes   int

	parses atomic.Int64 // texts parsed or validated (tests read it)

	mu    sync.Mutex
	byKey map[memoKey][]*list.Element // hash collisions are told apart by the text itself
	lru   *list.List                  // of *memoEntry, most recent first
	bytes int
}

type memoKey struct {
	sum  uint64
	lang jsparse.Lang
}

// memoEntry is what is known of one text. Fields are set at most once each
// and never changed after (readers hold the entry without the lock once a
// field is set under it).
type memoEntry struct {
	key  memoKey
	text []byte

	validated bool
	val       jsparse.Validation
	valFile   *jsparse.File // Check's structure when esbuild accepts the text; nil when it rejects it

	structure *jsparse.File // jsparse.Parse's
}

func newParseMemo(maxEntries, maxBytes int) *parseMemo {
	return &parseMemo{seed: maphash.MakeSeed(), maxEntries: maxEntries, maxBytes: maxBytes,
		byKey: map[memoKey][]*list.Element{}, lru: list.New()}
}

func (m *parseMemo) key(text []byte, lang jsparse.Lang) memoKey {
	return memoKey{sum: maphash.Bytes(m.seed, text), lang: lang}
}

// lookup returns the entry of text, or nil; m.mu held.
func (m *parseMemo) lookup(k memoKey, text []byte) *memoEntry {
	for _, el := range m.byKey[k] {
		if e := el.Value.(*memoEntry); bytes.Equal(e.text, text) {
			m.lru.MoveToFront(el)
			return e
		}
	}
	return nil
}

// store records e (a fresh entry) and evicts the least recently used
// entries beyond the bounds; m.mu held.
func (m *parseMemo) store(e *memoEntry) {
	if len(e.text) > m.maxBytes/4 {
		return // one huge text would evict everything: not kept
	}
	el := m.lru.PushFront(e)
	m.byKey[e.key] = append(m.byKey[e.key], el)
	m.bytes += len(e.text)
	for m.lru.Len() > m.maxEntries || m.bytes > m.maxBytes {
		m.remove(m.lru.Back())
	}
}

// remove drops one entry; m.mu held.
func (m *parseMemo) remove(el *list.Element) {
	old := el.Value.(*memoEntry)
	m.lru.Remove(el)
	m.bytes -= len(old.text)
	els := m.byKey[old.key]
	for i, x := range els {
		if x == el {
			els = append(els[:i], els[i+1:]...)
			break
		}
	}
	if len(els) == 0 {
		delete(m.byKey, old.key)
	} else {
		m.byKey[old.key] = els
	}
}

// forget drops the entries of text, in every language.
func (m *parseMemo) forget(text []byte) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, lang := range []jsparse.Lang{jsparse.LangJS, jsparse.LangTS} {
		for _, el := range m.byKey[m.key(text, lang)] {
			if bytes.Equal(el.Value.(*memoEntry).text, text) {
				m.remove(el)
				break
			}
		}
	}
}

// entry returns the entry of text, creating it (with a copy of the text,
// which callers may reuse) when there is none.
func (m *parseMemo) entry(text []byte, lang jsparse.Lang) *memoEntry {
	k := m.key(text, lang)
	m.mu.Lock()
	defer m.mu.Unlock()
	if e := m.lookup(k, text); e != nil {
		return e
	}
	e := &memoEntry{key: k, text: append([]byte(nil), text...)}
	m.store(e)
	return e
}

// validation returns esbuild's verdict on text and, when it accepts it,
// the structure (jsparse.CheckValidTokens), computing them once per text.
// When this call computed them it also returns the tokens the check lexed
// (for the pass that asked; the memo does not keep them: they take several
// times the text's memory); else the tokens are nil.
func (m *parseMemo) validation(p string, text []byte, lang jsparse.Lang) (jsparse.Validation, *jsparse.File, *jsparse.Tokens) {
	e := m.entry(text, lang)
	m.mu.Lock()
	if e.validated {
		v, f := e.val, e.valFile
		m.mu.Unlock()
		return v, f, nil
	}
	m.mu.Unlock()
	// Computed outside the lock: two goroutines may both compute the same
	// text once; both results are equal and either is kept.
	// esbuild's verdict depends on the text and the language only (the
	// path names no message), so it is kept for the text.
	v, f, ts := jsparse.CheckValidTokens(p, text, lang)
	m.parses.Add(1)
	m.mu.Lock()
	if !e.validated {
		e.val, e.valFile, e.validated = v, f, true
	}
	m.mu.Unlock()
	return v, f, ts
}

// structure returns jsparse.Parse(text, lang), computed once per text.
func (m *parseMemo) structure(text []byte, lang jsparse.Lang) *jsparse.File {
	e := m.entry(text, lang)
	m.mu.Lock()
	if f := e.structure; f != nil {
		m.mu.Unlock()
		return f
	}
	m.mu.Unlock()
	f := jsparse.Parse(text, lang)
	m.parses.Add(1)
	m.mu.Lock()
	if e.structure == nil {
		e.structure = f
	}
	f = e.structure
	m.mu.Unlock()
	return f
}
