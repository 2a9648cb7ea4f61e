package lsp

import (
	"context"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"

	"go.lsp.dev/protocol"
	"go.uber.org/zap"

	"github.com/velo-lsp/velo-lsp/analyzer"
	"github.com/velo-lsp/velo-lsp/analyzer/textpos"
)

// CodeAction answers textDocument/codeAction with quick fixes for the
// diagnostics in the requested range: the analyzer's mechanical fixes (the
// preferred one marked isPreferred) and, for every diagnostic, a comment
// that suppresses it with a reason to fill in; and, of kind source, a
// sample event for each handler in the range (sample.go).
func (s *Server) CodeAction(ctx context.Context, p *protocol.CodeActionParams) ([]protocol.CodeAction, error) {
	uri := string(p.TextDocument.URI)
	d, err := s.openDoc(uri)
	if err != nil {
		return nil, err
	}
	out := []protocol.CodeAction{}
	enc := s.encoding()
	start, end, err := fromRange(d.index, p.Range, enc)
	if err != nil {
		return out, nil
	}
	if len(p.Context.Only) == 0 || wantsKind(p.Context.Only, protocol.QuickFix) {
		out = append(out, s.quickFixes(d, uri, start, end)...)
	}
	if len(p.Context.Only) == 0 || wantsKind(p.Context.Only, protocol.Source) {
		out = append(out, s.sampleActions(d, start, end)...)
	}
	return out, nil
}

// quickFixes are the fixes and suppressions of the diagnostics that touch
// [start, end] (byte offsets).
func (s *Server) quickFixes(d *document, uri string, start, end int) []protocol.CodeAction {
	out := []protocol.CodeAction{}
	enc := s.encoding()
	a := s.lastAnalysis(d)
	fo, rel := s.locate(d.path, uri)
	for _, dg := range a.diags {
		if dg.Range.End < start || dg.Range.Start > end {
			continue
		}
		pd := s.toProtocol(d.index, []analyzer.Diagnostic{dg}, uri)
		for _, fx := range dg.Fixes {
			edit, ok := s.workspaceEdit(d, fo, rel, fx.Edits, enc)
			if !ok {
				continue
			}
			out = append(out, protocol.CodeAction{
				Title:       fx.Title,
				Kind:        protocol.QuickFix,
				Diagnostics: pd,
				IsPreferred: fx.Preferred,
				Edit:        edit,
			})
		}
		if dg.Code != "" {
			out = append(out, protocol.CodeAction{
				Title:       fmt.Sprintf("Suppress %s on this line with a velo-lsp-ignore comment", dg.Code),
				Kind:        protocol.QuickFix,
				Diagnostics: pd,
				Edit: &protocol.WorkspaceEdit{Changes: map[protocol.DocumentURI][]protocol.TextEdit{
					protocol.DocumentURI(uri): {suppressionEdit(d.text, d.index, dg, enc)},
				}},
			})
		}
	}
	return out
}

// wantsKind reports whether a request's `only` list asks for actions of
// kind (or of a kind it is under: "quickfix" for "quickfix.x").
func wantsKind(only []protocol.CodeActionKind, kind protocol.CodeActionKind) bool {
	for _, k := range only {
		if k == kind || strings.HasPrefix(string(kind), string(k)+".") || k == "" {
			return true
		}
	}
	return false
}

// suppressionEdit inserts `// velo-lsp-ignore CODE -- <reason>` on its own
// line above the diagnostic's line, with that line's indentation and line
// ending.
func suppressionEdit(text []byte, ix *textpos.Index, dg analyzer.Diagnostic, enc textpos.Encoding) protocol.TextEdit {
	line, _ := ix.Position(dg.Range.Start, enc)
	ls, le := ix.LineRange(line)
	indent := 0
	for ls+indent < le && (text[ls+indent] == ' ' || text[ls+indent] == '\t') {
		indent++
	}
	eol := "\n"
	if le+1 < len(text) && text[le] == '\r' && text[le+1] == '\n' {
		eol = "\r\n"
	} else if le < len(text) && text[le] == '\r' {
		eol = "\r"
	}
	at := toPosition(ix, ls, enc)
	return protocol.TextEdit{
		Range:   protocol.Range{Start: at, End: at},
		NewText: string(text[ls:ls+indent]) + "// velo-lsp-ignore " + dg.Code + " -- <reason>" + eol,
	}
}

// workspaceEdit converts a fix's byte edits. Edits of other files (Path set)
// are converted against their open document, else their text on disk.
func (s *Server) workspaceEdit(d *document, fo *folder, rel string, edits []analyzer.Edit, enc textpos.Encoding) (*protocol.WorkspaceEdit, bool) {
	we := &protocol.WorkspaceEdit{Changes: map[protocol.DocumentURI][]protocol.TextEdit{}}
	for _, e := range edits {
		uri, ix := d.uri, d.index
		if e.Path != "" && e.Path != rel {
			if fo == nil {
				return nil, false
			}
			abs := filepath.Join(fo.Root, filepath.FromSlash(e.Path))
			uri, ix = fileURI(abs), nil
			for _, od := range s.docs.all() {
				if od.path == abs {
					uri, ix = od.uri, od.index
				}
			}
			if ix == nil {
				b, err := fs.ReadFile(fo.FS, e.Path)
				if err != nil {
					s.log.Warn("fix edits a file that cannot be read", zap.String("path", e.Path), zap.Error(err))
					return nil, false
				}
				ix = textpos.New(b)
			}
		}
		k := protocol.DocumentURI(uri)
		we.Changes[k] = append(we.Changes[k], protocol.TextEdit{Range: toRange(ix, e.Range, enc), NewText: e.NewText})
	}
	return we, len(we.Changes) > 0
}
