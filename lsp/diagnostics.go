package lsp

import (
	"bytes"
	"context"
	"sync"
	"time"

	"go.lsp.dev/protocol"
	"go.uber.org/zap"

	"github.com/velo-lsp/velo-lsp/analyzer"
	"github.com/velo-lsp/velo-lsp/analyzer/textpos"
)

// Diagnostics of open documents are computed off the request path by one
// worker goroutine (diagnoser.run):
//
//   - schedule marks a document dirty with a due time. An open makes it due
//     now; so does an edit when the document's last analysis was fast
//     (under fastAnalysis): the diagnostics follow each keystroke. When
//     analysis is slow, an edit waits for a pause in typing (twice the last
//     analysis time, at most the configured debounce), so a burst of
//     keystrokes is analyzed once; a document kept busy is still analyzed
//     at least every maxLatency.
//   - The worker analyzes due documents one at a time, from the snapshot
//     current when it starts; edits that arrive meanwhile coalesce into
//     the next analysis.
//   - publish never sends diagnostics of a text older than one already sent
//     for the same document, and drops results whose document has moved on
//     (the newer text is dirty and comes next). "Older" is arrival order,
//     not the client's version number.
//   - The engine's memo keeps the last keptVersions texts analyzed of each
//     open document (a typo and its correction find theirs there) and
//     forgets older ones: they will not come back, and each costs the
//     memo a few times the document's size (see Engine.Forget).

// fastAnalysis is the analysis time under which an edit is analyzed at
// once, with no debounce.
const fastAnalysis = 25 * time.Millisecond

// maxLatency bounds how long continuous typing can hold diagnostics back.
const maxLatency = time.Second

// keptVersions is how many of the texts last analyzed for an open document
// the engine's memo keeps.
const keptVersions = 3

type dirtyDoc struct {
	first time.Time // when it first became dirty since its last analysis
	due   time.Time
}

type diagnoser struct {
	s     *Server
	delay time.Duration

	mu      sync.Mutex
	dirty   map[string]dirtyDoc
	wake    chan struct{}
	stopped bool
	done    chan struct{}

	pubMu     sync.Mutex
	published map[string]uint64 // uri → document.seq last published (open documents)

	resMu   sync.Mutex
	results map[string]*analysis // uri → last analysis of an open document
	kept    map[string][][]byte  // uri → the texts last analyzed (at most keptVersions, distinct, oldest first)
}

// analysis is the result of analyzing one version of a document.
type analysis struct {
	doc   *document
	cfg   analyzer.Config
	diags []analyzer.Diagnostic
	// root is the folder the document belongs to ("" for none), and reads
	// the paths of that folder the analysis read: when one of them changes,
	// the document is judged again.
	root  string
	reads []string
	took  time.Duration // how long the analysis took
}

func newDiagnoser(s *Server, delay time.Duration) *diagnoser {
	if delay == 0 {
		delay = DefaultDebounce
	}
	if delay < 0 {
		delay = 0
	}
	return &diagnoser{
		s: s, delay: delay,
		dirty:     map[string]dirtyDoc{},
		wake:      make(chan struct{}, 1),
		done:      make(chan struct{}),
		published: map[string]uint64{},
		results:   map[string]*analysis{},
		kept:      map[string][][]byte{},
	}
}

// schedule marks uri for analysis, now or after the debounce.
func (g *diagnoser) schedule(uri string, now bool) {
	t := time.Now()
	wait := g.debounce(uri) // before g.mu: debounce takes resMu
	g.mu.Lock()
	if g.stopped {
		g.mu.Unlock()
		return
	}
	e, ok := g.dirty[uri]
	if !ok {
		e.first = t
	}
	e.due = t.Add(wait)
	if now {
		e.due = t
	}
	if limit := e.first.Add(maxLatency); e.due.After(limit) {
		e.due = limit
	}
	g.dirty[uri] = e
	g.mu.Unlock()
	select {
	case g.wake <- struct{}{}:
	default:
	}
}

// debounce is how long an edit of uri waits: nothing when its last
// analysis was fast, else twice that analysis, at most the configured
// delay.
func (g *diagnoser) debounce(uri string) time.Duration {
	g.resMu.Lock()
	a := g.results[uri]
	g.resMu.Unlock()
	if a == nil || a.took < fastAnalysis {
		return 0
	}
	return min(2*a.took, g.delay)
}

// forget drops a closed document's pending work and publish history.
func (g *diagnoser) forget(uri string) {
	g.mu.Lock()
	delete(g.dirty, uri)
	g.mu.Unlock()
	g.pubMu.Lock()
	delete(g.published, uri)
	g.pubMu.Unlock()
	g.resMu.Lock()
	delete(g.results, uri)
	kept := g.kept[uri]
	delete(g.kept, uri)
	g.resMu.Unlock()
	// The last text stays: it is what the file on disk most likely holds,
	// which the workspace reads next.
	for i := 0; i < len(kept)-1; i++ {
		g.s.eng.Forget(kept[i])
	}
}

// keep records text as the last analyzed of uri and returns the texts
// that fall out of the last keptVersions; g.resMu held.
func (g *diagnoser) keep(uri string, text []byte) (drop [][]byte) {
	kept := g.kept[uri]
	for i, k := range kept {
		if bytes.Equal(k, text) {
			kept = append(kept[:i], kept[i+1:]...)
			break
		}
	}
	kept = append(kept, text)
	if n := len(kept) - keptVersions; n > 0 {
		drop = append(drop, kept[:n]...)
		kept = append([][]byte(nil), kept[n:]...)
	}
	g.kept[uri] = kept
	return drop
}

func (g *diagnoser) stop() {
	g.mu.Lock()
	g.stopped = true
	g.dirty = map[string]dirtyDoc{}
	g.mu.Unlock()
	select {
	case g.wake <- struct{}{}:
	default:
	}
}

// run is the worker loop.
func (g *diagnoser) run(ctx context.Context) {
	defer close(g.done)
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	for {
		now := time.Now()
		var due []string
		var next time.Time
		g.mu.Lock()
		if g.stopped {
			g.mu.Unlock()
			return
		}
		for uri, e := range g.dirty {
			if !e.due.After(now) {
				due = append(due, uri)
				delete(g.dirty, uri)
			} else if next.IsZero() || e.due.Before(next) {
				next = e.due
			}
		}
		g.mu.Unlock()

		for _, uri := range due {
			if ctx.Err() != nil {
				return
			}
			g.s.guard(ctx, "diagnostics", []zap.Field{zap.String("uri", uri)}, func() { g.s.diagnoseOpen(uri) })
		}
		if len(due) > 0 {
			continue
		}
		wait := time.Hour
		if !next.IsZero() {
			wait = time.Until(next)
		}
		timer.Reset(wait)
		select {
		case <-ctx.Done():
			return
		case <-g.wake:
			if !timer.Stop() {
				select {
				case <-timer.C:
				default:
				}
			}
		case <-timer.C:
		}
	}
}

// diagnoseOpen analyzes the current version of an open document and
// publishes the result.
func (s *Server) diagnoseOpen(uri string) {
	d := s.docs.get(uri)
	if d == nil {
		return
	}
	a := s.analyzeDoc(d)
	s.diag.resMu.Lock()
	s.diag.results[uri] = a
	var drop [][]byte
	if s.docs.get(uri) != nil { // not closed meanwhile (forget ran)
		drop = s.diag.keep(uri, d.text)
	}
	s.diag.resMu.Unlock()
	s.diag.publish(uri, d, s.toProtocol(d.index, a.diags, uri))
	for _, t := range drop {
		s.eng.Forget(t)
	}
}

// analyzeDoc runs the analyzer on one version of an open document.
func (s *Server) analyzeDoc(d *document) *analysis {
	start := time.Now()
	fo, rel := s.locate(d.path, d.uri)
	cfg := s.config(fo)
	role := s.classify(fo, rel, cfg)
	a := &analysis{doc: d, cfg: cfg}
	if fo != nil {
		a.root = fo.Root
	}
	if role == analyzer.RoleNone {
		return a // not judged: no diagnostics, no errors
	}
	in := analyzer.FileInput{Path: rel, Text: d.text, Role: role}
	if fo != nil {
		in.FS = s.overlay(fo)
	}
	res := s.analyze(in, cfg)
	if res != nil {
		a.reads = res.Reads
		for _, dg := range res.Diagnostics {
			if dg.Path != "" && dg.Path != rel {
				continue // findings about another file are that file's
			}
			a.diags = append(a.diags, dg)
		}
	}
	a.took = time.Since(start)
	return a
}

// lastAnalysis returns the analysis of d's version, computing it when the
// worker has not yet.
func (s *Server) lastAnalysis(d *document) *analysis {
	s.diag.resMu.Lock()
	a := s.diag.results[d.uri]
	s.diag.resMu.Unlock()
	if a != nil && a.doc == d {
		return a
	}
	return s.analyzeDoc(d)
}

// locate returns the folder holding a document and its slash path relative
// to it (see locate in uri.go). A URI that is not a file gets its path part.
func (s *Server) locate(p, uri string) (*folder, string) {
	s.mu.Lock()
	folders := s.folders
	s.mu.Unlock()
	if p == "" {
		return nil, uriPathPart(uri)
	}
	return locate(folders, p)
}

// publish sends diagnostics for uri: of the open document d, or (d nil) of
// the file on disk. An open document's diagnostics are dropped when d is no
// longer the document's current text (the newer text is scheduled), or when
// diagnostics of a text received after d were already sent. Arrival order
// decides (document.seq), not version numbers: a client may send a lower
// version, and its text is still the newest.
func (g *diagnoser) publish(uri string, d *document, diags []protocol.Diagnostic) {
	if diags == nil {
		diags = []protocol.Diagnostic{}
	}
	p := &protocol.PublishDiagnosticsParams{URI: protocol.DocumentURI(uri), Diagnostics: diags}
	g.pubMu.Lock()
	defer g.pubMu.Unlock()
	if d == nil {
		// Results from disk never replace those of an open document.
		if p, err := uriToPath(uri); err == nil && g.s.docs.openPath(p) {
			return
		}
	}
	if d != nil {
		if cur := g.s.docs.get(uri); cur != d {
			return // stale: the newer text is scheduled (or the document closed)
		}
		if last, ok := g.published[uri]; ok && last > d.seq {
			return
		}
		g.published[uri] = d.seq
		if d.version >= 0 {
			p.Version = uint32(d.version)
		}
	}
	if g.s.client == nil {
		return
	}
	if err := g.s.client.PublishDiagnostics(context.Background(), p); err != nil {
		g.s.log.Warn("publishDiagnostics", zap.String("uri", uri), zap.Error(err))
	}
}

// toProtocol converts analyzer diagnostics of one file (index ix) to LSP.
func (s *Server) toProtocol(ix *textpos.Index, diags []analyzer.Diagnostic, uri string) []protocol.Diagnostic {
	enc := s.encoding()
	out := make([]protocol.Diagnostic, 0, len(diags))
	for _, d := range diags {
		pd := protocol.Diagnostic{
			Range:    toRange(ix, d.Range, enc),
			Severity: severity(d.Severity),
			Code:     d.Code,
			Source:   "velo-lsp",
			Message:  d.Message,
		}
		for _, n := range d.Notes {
			if n.Range.Start < 0 || (n.Path != "" && n.Path != d.Path) {
				if n.Message != "" {
					pd.Message += "\n" + n.Message
				}
				continue
			}
			pd.RelatedInformation = append(pd.RelatedInformation, protocol.DiagnosticRelatedInformation{
				Location: protocol.Location{URI: protocol.DocumentURI(uri), Range: toRange(ix, n.Range, enc)},
				Message:  n.Message,
			})
		}
		out = append(out, pd)
	}
	return out
}

func severity(s analyzer.Severity) protocol.DiagnosticSeverity {
	switch s {
	case analyzer.SeverityError:
		return protocol.DiagnosticSeverityError
	case analyzer.SeverityWarning:
		return protocol.DiagnosticSeverityWarning
	}
	return protocol.DiagnosticSeverityInformation
}
