package lsp

import (
	"context"
	"fmt"
	"strings"

	"go.lsp.dev/protocol"

	"github.com/velo-lsp/velo-lsp/analyzer"
)

// Hover answers textDocument/hover: on a handler name, the event it
// receives (module, status, replacement, payload, docs link); on a member of
// a handler's payload (event.data.x), that field's type.
func (s *Server) Hover(ctx context.Context, p *protocol.HoverParams) (*protocol.Hover, error) {
	d, err := s.openDoc(string(p.TextDocument.URI))
	if err != nil {
		return nil, err
	}
	if len(d.text) > maxInteractiveSize {
		return nil, nil
	}
	enc := s.encoding()
	off, err := fromPosition(d.index, p.Position, enc)
	if err != nil {
		return nil, nil // past the end: nothing there
	}
	start, end := wordAt(d.text, off)
	if start == end {
		return nil, nil
	}
	word := string(d.text[start:end])
	rng := toRange(d.index, analyzer.Range{Start: start, End: end}, enc)

	cat := s.catalogFor(d)
	if evs := cat.Lookup(word); len(evs) > 0 {
		return &protocol.Hover{
			Contents: protocol.MarkupContent{Kind: protocol.Markdown, Value: eventMarkdown(evs, word, s.now(), cat.Provenance().Date)},
			Range:    &rng,
		}, nil
	}

	// The payload parameter itself, used in its handler's body.
	if handler, param := enclosingHandler(d, s.structure(d), start); param == word && (end >= len(d.text) || d.text[end] != '(') {
		if evs := cat.Lookup(handler); len(evs) > 0 {
			e := evs[0]
			t := e.PayloadType
			if t == "" {
				t = "object"
			}
			var b strings.Builder
			fmt.Fprintf(&b, "```ts\n(parameter) %s: %s\n```\n\nThe payload of `%s`.", word, t, e.Event)
			if len(e.Fields) > 0 {
				b.WriteString("\n\n")
				writeFields(&b, e.Fields, 0, 1)
			}
			return &protocol.Hover{
				Contents: protocol.MarkupContent{Kind: protocol.Markdown, Value: strings.TrimSpace(b.String())},
				Range:    &rng,
			}, nil
		}
	}

	// A payload member: the chain up to and including the word.
	c := findContext(d, s.structure(d), end)
	if c.kind != ctxMember || c.prefix != word {
		return nil, nil
	}
	fields := payloadFields(cat, c.handler, c.path)
	for _, f := range fields {
		if f.Name != word {
			continue
		}
		var b strings.Builder
		fmt.Fprintf(&b, "```ts\n(property) %s: %s\n```", strings.Join(append(append([]string{}, c.path...), f.Name), "."), fieldType(f))
		if f.Doc != "" {
			b.WriteString("\n\n" + f.Doc)
		}
		if len(f.Fields) > 0 {
			b.WriteString("\n\n")
			writeFields(&b, f.Fields, 0, 1)
		}
		if evs := cat.Lookup(c.handler); len(evs) > 0 && evs[0].DocsURL != "" {
			fmt.Fprintf(&b, "\n\nIn the payload of `%s`: [Documentation](%s)", evs[0].Event, evs[0].DocsURL)
		}
		return &protocol.Hover{
			Contents: protocol.MarkupContent{Kind: protocol.Markdown, Value: strings.TrimSpace(b.String())},
			Range:    &rng,
		}, nil
	}
	return nil, nil
}
