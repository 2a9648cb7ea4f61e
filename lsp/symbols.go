package lsp

import (
	"context"

	"go.lsp.dev/protocol"

	"github.com/velo-lsp/velo-lsp/analyzer"
	"github.com/velo-lsp/velo-lsp/analyzer/jsparse"
)

// DocumentSymbol answers textDocument/documentSymbol: every export of an
// events file (every export of any other file too: it costs nothing), with
// the event a handler receives as its detail.
func (s *Server) DocumentSymbol(ctx context.Context, p *protocol.DocumentSymbolParams) ([]interface{}, error) {
	d, err := s.openDoc(string(p.TextDocument.URI))
	if err != nil {
		return nil, err
	}
	out := []interface{}{}
	if len(d.text) > maxInteractiveSize {
		return out, nil
	}
	s.mu.Lock()
	hier := s.caps.TextDocument.DocumentSymbol.HierarchicalDocumentSymbolSupport
	s.mu.Unlock()
	enc := s.encoding()
	cat := s.catalogFor(d)
	for _, e := range s.structure(d).Exports {
		if e.TypeOnly {
			continue
		}
		name := e.Name
		if name == "" {
			name = "* from " + e.Source
		}
		detail := formDetail(e)
		if evs := cat.Lookup(e.Name); len(evs) > 0 {
			detail = eventDetail(evs)
		}
		stmt := toRange(d.index, analyzer.Range(e.Stmt), enc)
		sel := toRange(d.index, analyzer.Range(e.NameRange), enc)
		if !contains(stmt, sel) {
			stmt = sel
		}
		kind := symbolKind(e)
		if hier {
			out = append(out, protocol.DocumentSymbol{Name: name, Detail: detail, Kind: kind, Range: stmt, SelectionRange: sel})
		} else {
			out = append(out, protocol.SymbolInformation{Name: name, Kind: kind,
				Location: protocol.Location{URI: p.TextDocument.URI, Range: sel}, ContainerName: detail})
		}
	}
	return out, nil
}

func contains(outer, inner protocol.Range) bool {
	before := func(a, b protocol.Position) bool {
		return a.Line < b.Line || a.Line == b.Line && a.Character <= b.Character
	}
	return before(outer.Start, inner.Start) && before(inner.End, outer.End)
}

func symbolKind(e jsparse.Export) protocol.SymbolKind {
	switch {
	case e.Value == jsparse.ValueFunction:
		return protocol.SymbolKindFunction
	case e.Value == jsparse.ValueClass || e.Form == jsparse.FormClassDecl:
		return protocol.SymbolKindClass
	case e.Form == jsparse.FormExportStar || e.Form == jsparse.FormExportStarAs || e.Form == jsparse.FormReExport:
		return protocol.SymbolKindModule
	case e.Value == jsparse.ValueObject:
		return protocol.SymbolKindObject
	}
	return protocol.SymbolKindVariable
}

// formDetail describes an export that is not a known handler.
func formDetail(e jsparse.Export) string {
	switch e.Form {
	case jsparse.FormCommonJS:
		return "CommonJS export"
	case jsparse.FormReExport:
		return "re-export from " + e.Source
	case jsparse.FormExportStar, jsparse.FormExportStarAs:
		return "export * from " + e.Source
	case jsparse.FormDefault:
		return "default export"
	}
	return ""
}
