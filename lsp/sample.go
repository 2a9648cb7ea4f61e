package lsp

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"go.lsp.dev/protocol"

	"github.com/velo-lsp/velo-lsp/analyzer"
	"github.com/velo-lsp/velo-lsp/catalog"
)

// Sample events in the editor: on every handler, "Copy a sample event"
// (catalog.Sample, the same JSON as `velo-lsp sample`).
//
// A client that says it handles the command (initializationOptions
// `veloLsp.sampleCommand: true`: the project's VS Code extension and
// Neovim plugin) gets a code action and a code lens carrying the command
// ShowSampleCommand with the handler's name and the sample's JSON: the
// client puts it on the clipboard and opens it in an untitled document.
// Any other client gets a code action whose workspace edit inserts the
// sample, as a comment holding a call of the handler, above the handler:
// every client can apply an edit.

// ShowSampleCommand is the client-side command that shows a sample event;
// its arguments are the handler's name and the sample as JSON text.
const ShowSampleCommand = "veloLsp.showSampleEvent"

// sampleHandlers lists the exported handlers of a document whose event the
// catalog has, with the range of each name.
func (s *Server) sampleHandlers(d *document) []sampleTarget {
	if !s.roleOf(d).Judged() {
		return nil
	}
	cat := s.catalogFor(d)
	var out []sampleTarget
	for _, e := range s.structure(d).Exports {
		if e.TypeOnly || e.Name == "" {
			continue
		}
		ev := preferredEvent(cat.Lookup(e.Name))
		if ev == nil {
			continue
		}
		out = append(out, sampleTarget{name: e.Name, event: ev, nameRange: analyzer.Range(e.NameRange), stmt: analyzer.Range(e.Stmt)})
	}
	return out
}

type sampleTarget struct {
	name      string
	event     *catalog.Event
	nameRange analyzer.Range
	stmt      analyzer.Range
}

func preferredEvent(evs []*catalog.Event) *catalog.Event {
	for _, e := range evs {
		if e.Status == catalog.StatusCurrent {
			return e
		}
	}
	if len(evs) > 0 {
		return evs[0]
	}
	return nil
}

func sampleJSON(e *catalog.Event) string {
	b, _ := json.MarshalIndent(catalog.Sample(e), "", "  ")
	return string(b)
}

func (s *Server) sampleCommandSupported() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.settings.SampleCommand
}

// sampleActions are the code actions on the handlers within [start, end].
func (s *Server) sampleActions(d *document, start, end int) []protocol.CodeAction {
	var out []protocol.CodeAction
	enc := s.encoding()
	for _, h := range s.sampleHandlers(d) {
		if h.stmt.End < start || h.stmt.Start > end {
			continue
		}
		text := sampleJSON(h.event)
		if s.sampleCommandSupported() {
			out = append(out, protocol.CodeAction{
				Title:   "Copy a sample event",
				Kind:    protocol.Source,
				Command: &protocol.Command{Title: "Copy a sample event", Command: ShowSampleCommand, Arguments: []interface{}{h.name, text}},
			})
			continue
		}
		at := toPosition(d.index, lineStartOf(d.text, h.stmt.Start), enc)
		comment := sampleComment(h.name, text)
		out = append(out, protocol.CodeAction{
			Title: "Insert a sample event as a comment",
			Kind:  protocol.Source,
			Edit: &protocol.WorkspaceEdit{Changes: map[protocol.DocumentURI][]protocol.TextEdit{
				protocol.DocumentURI(d.uri): {{Range: protocol.Range{Start: at, End: at}, NewText: comment}},
			}},
		})
	}
	return out
}

// CodeLens answers textDocument/codeLens: "Copy a sample event" above each
// handler, for the clients that run the command.
func (s *Server) CodeLens(ctx context.Context, p *protocol.CodeLensParams) ([]protocol.CodeLens, error) {
	d, err := s.openDoc(string(p.TextDocument.URI))
	if err != nil {
		return nil, err
	}
	out := []protocol.CodeLens{}
	if len(d.text) > maxInteractiveSize || !s.sampleCommandSupported() {
		return out, nil
	}
	enc := s.encoding()
	for _, h := range s.sampleHandlers(d) {
		out = append(out, protocol.CodeLens{
			Range:   toRange(d.index, h.nameRange, enc),
			Command: &protocol.Command{Title: "Copy a sample event", Command: ShowSampleCommand, Arguments: []interface{}{h.name, sampleJSON(h.event)}},
		})
	}
	return out, nil
}

// sampleComment is a block comment holding a call of the handler with the
// sample. A "*/" inside a string of the sample would end the comment early;
// it is written "*\/", which JSON and JavaScript both read as "*/".
func sampleComment(handler, sampleJSON string) string {
	return "/* A sample event for testing " + handler + " (velo-lsp sample " + handler + "):\n" +
		strings.ReplaceAll(fmt.Sprintf("%s(%s);", handler, sampleJSON), "*/", "*\\/") + "\n*/\n"
}

// lineStartOf is the offset of the start of the line holding off.
func lineStartOf(text []byte, off int) int {
	for off > 0 && text[off-1] != '\n' {
		off--
	}
	return off
}
