package lsp

import (
	"context"
	"encoding/json"
	"strings"

	"go.lsp.dev/protocol"
	"go.uber.org/zap"

	"github.com/velo-lsp/velo-lsp/analyzer/textpos"
)

// DidOpen stores the document and schedules its analysis right away.
func (s *Server) DidOpen(ctx context.Context, p *protocol.DidOpenTextDocumentParams) error {
	uri := string(p.TextDocument.URI)
	path, _ := uriToPath(uri)
	d := newDocument(uri, path, p.TextDocument.Version, []byte(p.TextDocument.Text))
	s.docs.set(d)
	s.log.Debug("didOpen", zap.String("uri", uri), zap.Int32("version", d.version), zap.Int("bytes", len(d.text)))
	s.diag.schedule(uri, true)
	s.textChanged(path)
	return nil
}

// changeEvent is one entry of contentChanges. Range is a pointer: absent
// means the text replaces the whole document.
//
// Trap: protocol.TextDocumentContentChangeEvent.Range is a value, so a
// full-text change (no "range" key) and an insertion at 0:0 decode alike.
// didChange therefore reads the raw params itself.
type changeEvent struct {
	Range *protocol.Range `json:"range"`
	Text  string          `json:"text"`
}

type didChangeParams struct {
	TextDocument struct {
		URI     string `json:"uri"`
		Version int32  `json:"version"`
	} `json:"textDocument"`
	ContentChanges []changeEvent `json:"contentChanges"`
}

// didChange applies the changes in order and schedules a debounced
// analysis. It runs on the reading goroutine and does no analysis.
func (s *Server) didChange(ctx context.Context, raw json.RawMessage) {
	var p didChangeParams
	if err := json.Unmarshal(raw, &p); err != nil {
		s.log.Warn("didChange: bad params", zap.Error(err))
		return
	}
	uri := p.TextDocument.URI
	d := s.docs.get(uri)
	if d == nil {
		s.log.Warn("didChange for a document that is not open", zap.String("uri", uri))
		return
	}
	nd := s.applyChanges(d, p)
	s.docs.set(nd)
	s.diag.schedule(uri, false)
	s.textChanged(nd.path)
}

// applyChanges returns the next version of d with the changes applied in
// order.
func (s *Server) applyChanges(d *document, p didChangeParams) *document {
	uri := d.uri
	text, ix := d.text, d.index
	enc := s.encoding()
	for i, c := range p.ContentChanges {
		if c.Range == nil {
			text = []byte(c.Text)
		} else {
			start, end, err := fromRange(ix, *c.Range, enc)
			if err != nil {
				s.log.Warn("didChange: range out of the document, clamped", zap.String("uri", uri), zap.Error(err))
			}
			next := make([]byte, 0, len(text)-(end-start)+len(c.Text))
			next = append(next, text[:start]...)
			next = append(next, c.Text...)
			next = append(next, text[end:]...)
			text = next
		}
		if i < len(p.ContentChanges)-1 {
			ix = textpos.New(text)
		}
	}
	if p.TextDocument.Version <= d.version {
		// The text is still the truth: it is applied, analysed and
		// published with the version the client gave it.
		s.log.Info("didChange: version did not increase (applied all the same)", zap.String("uri", uri),
			zap.Int32("had", d.version), zap.Int32("got", p.TextDocument.Version))
	}
	return newDocument(uri, d.path, p.TextDocument.Version, text)
}

// DidClose forgets the document. A workspace file keeps its diagnostics,
// now from the file on disk; any other file loses them.
func (s *Server) DidClose(ctx context.Context, p *protocol.DidCloseTextDocumentParams) error {
	uri := string(p.TextDocument.URI)
	d := s.docs.get(uri)
	s.docs.remove(uri)
	s.diag.forget(uri)
	if d != nil {
		s.textChanged(d.path) // what read the unsaved text reads the file again
	}
	if d != nil && d.path != "" && s.ws.refreshPath(d.path) {
		return nil
	}
	// Not on the reading goroutine: a write must never hold up reading.
	s.goBackground(func() { s.diag.publish(uri, nil, nil) })
	return nil
}

// DidSave re-scans the workspace when the client does not watch files for
// the server.
func (s *Server) DidSave(ctx context.Context, p *protocol.DidSaveTextDocumentParams) error {
	if strings.HasSuffix(string(p.TextDocument.URI), "/.velo-lsp.json") {
		s.forgetProjectConfigs()
		return nil
	}
	if !s.ws.isWatching() {
		s.ws.requestRescan()
	}
	return nil
}
