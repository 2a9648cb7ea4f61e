package lsp

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"

	"github.com/velo-lsp/velo-lsp/analyzer"
	"github.com/velo-lsp/velo-lsp/catalog"
)

// completion answers textDocument/completion. It builds its own items
// (completionItem adds labelDetails, a 3.17 field the library lacks), so it
// is routed here before the library's dispatcher.
func (s *Server) completion(ctx context.Context, reply jsonrpc2.Replier, raw json.RawMessage) {
	var p protocol.CompletionParams
	if err := json.Unmarshal(raw, &p); err != nil {
		_ = reply(ctx, nil, jsonrpc2.Errorf(jsonrpc2.InvalidParams, "completion: %v", err))
		return
	}
	d, err := s.openDoc(string(p.TextDocument.URI))
	if err != nil {
		_ = reply(ctx, nil, err)
		return
	}
	off, err := fromPosition(d.index, p.Position, s.encoding())
	if err != nil {
		_ = reply(ctx, &completionList{Items: []completionItem{}}, nil) // past the end: nothing to offer
		return
	}
	_ = reply(ctx, s.complete(d, off), nil)
}

// complete computes the completion list at byte offset off.
func (s *Server) complete(d *document, off int) *completionList {
	list := &completionList{Items: []completionItem{}}
	if len(d.text) > maxInteractiveSize {
		return list
	}
	if !s.roleOf(d).Judged() {
		return list // handlers in this file are never called: nothing to offer
	}
	c := findContext(d, s.structure(d), off)
	switch c.kind {
	case ctxHandlerFunc, ctxHandlerVar, ctxSpecifier:
		list.Items = s.handlerItems(d, off, c)
	case ctxMember:
		list.Items = s.memberItems(d, off, c)
	}
	return list
}

// maxInteractiveSize is the largest document completion, hover and symbols
// look at (bytes); the analyzer reports larger files as too large.
const maxInteractiveSize = 4 << 20

// handlerItems offers catalog handler names that match the typed prefix,
// leaving out removed events and handlers the file already defines.
func (s *Server) handlerItems(d *document, off int, c completionCtx) []completionItem {
	s.mu.Lock()
	caps := s.caps.TextDocument.Completion.CompletionItem
	s.mu.Unlock()
	enc := s.encoding()

	cat := s.catalogFor(d)
	defined := map[string]bool{}
	for _, e := range s.structure(d).Exports {
		if e.NameRange.Start <= off && off <= e.NameRange.End {
			continue // the name being typed
		}
		defined[e.Name] = true
	}
	replace := protocol.Range{Start: toPosition(d.index, c.prefixStart, enc), End: toPosition(d.index, off, enc)}
	// Text after the cursor on the same line: a snippet is only offered when
	// the parameter list is not already written.
	_, wordEnd := wordAt(d.text, off)
	rest := strings.TrimLeft(lineRest(d.text, wordEnd), " \t")
	snippet := c.kind == ctxHandlerFunc && caps.SnippetSupport && !strings.HasPrefix(rest, "(")
	if wordEnd > off {
		replace.End = toPosition(d.index, wordEnd, enc)
	}

	var items []completionItem
	seen := map[string]bool{}
	now := s.now()
	for _, ev := range cat.Events() {
		// Removed events, and deprecated ones past their sunset, never fire.
		if !ev.FiresOn(now) || defined[ev.Handler] || seen[ev.Handler] {
			continue
		}
		if !fuzzyMatch(c.prefix, ev.Handler) {
			continue
		}
		seen[ev.Handler] = true
		evs := cat.Lookup(ev.Handler)
		it := completionItem{CompletionItem: protocol.CompletionItem{
			Label:         ev.Handler,
			Kind:          protocol.CompletionItemKindFunction,
			Detail:        eventDetail(evs),
			Documentation: protocol.MarkupContent{Kind: protocol.Markdown, Value: eventMarkdown(evs, "", now, cat.Provenance().Date)},
			FilterText:    ev.Handler,
			SortText:      sortKey(ev),
		}}
		it.LabelDetails = &completionItemLabelDetails{Description: ev.Module}
		if c.kind == ctxHandlerVar {
			it.Kind = protocol.CompletionItemKindVariable
		}
		newText := ev.Handler
		it.InsertTextFormat = protocol.InsertTextFormatPlainText
		if snippet {
			newText = ev.Handler + "(${1:event}) {\n\t$0\n}"
			it.InsertTextFormat = protocol.InsertTextFormatSnippet
			it.LabelDetails.Detail = "(event)"
		}
		it.TextEdit = &protocol.TextEdit{Range: replace, NewText: newText}
		if ev.Status == catalog.StatusDeprecated {
			it.Tags = []protocol.CompletionItemTag{protocol.CompletionItemTagDeprecated}
			if caps.TagSupport == nil {
				it.Deprecated = true
			}
		}
		items = append(items, it)
	}
	sort.Slice(items, func(i, j int) bool { return items[i].SortText < items[j].SortText })
	return items
}

// sortKey ranks current events first, then developer previews, deprecated
// last.
func sortKey(ev *catalog.Event) string {
	rank := "0"
	if ev.Maturity == catalog.MaturityPreview {
		rank = "1"
	}
	if ev.Status == catalog.StatusDeprecated {
		rank = "9"
	}
	return rank + "_" + ev.Handler
}

// memberItems offers the payload fields at the end of a member chain.
func (s *Server) memberItems(d *document, off int, c completionCtx) []completionItem {
	fields := payloadFields(s.catalogFor(d), c.handler, c.path)
	enc := s.encoding()
	_, wordEnd := wordAt(d.text, off)
	replace := protocol.Range{Start: toPosition(d.index, c.prefixStart, enc), End: toPosition(d.index, wordEnd, enc)}
	var items []completionItem
	for i, f := range fields {
		if !fuzzyMatch(c.prefix, f.Name) {
			continue
		}
		it := completionItem{CompletionItem: protocol.CompletionItem{
			Label:            f.Name,
			Kind:             protocol.CompletionItemKindField,
			Detail:           fieldType(f),
			SortText:         fmt.Sprintf("%04d", i),
			InsertTextFormat: protocol.InsertTextFormatPlainText,
			TextEdit:         &protocol.TextEdit{Range: replace, NewText: f.Name},
		}}
		if f.Doc != "" {
			it.Documentation = protocol.MarkupContent{Kind: protocol.Markdown, Value: f.Doc}
		}
		it.LabelDetails = &completionItemLabelDetails{Description: fieldType(f)}
		items = append(items, it)
	}
	return items
}

// payloadFields returns the fields reached from the handler's payload by
// path; nil when the handler is unknown or the path leaves the catalog.
func payloadFields(cat *catalog.Catalog, handler string, path []string) []catalog.Field {
	evs := cat.Lookup(handler)
	if len(evs) == 0 {
		return nil
	}
	fields := evs[0].Fields
	for _, name := range path {
		var next []catalog.Field
		found := false
		for _, f := range fields {
			if f.Name == name {
				next, found = f.Fields, true
				break
			}
		}
		if !found {
			return nil
		}
		fields = next
	}
	return fields
}

// fieldType renders a field's type: "string", "LineItem[]", "Date | undefined".
func fieldType(f catalog.Field) string {
	t := f.Type
	if t == "" {
		t = "unknown"
	}
	if f.Array {
		t += "[]"
	}
	if f.Optional {
		t += " | undefined"
	}
	return t
}

// fuzzyMatch reports whether the letters of prefix appear in name in order,
// ignoring case (the clients filter further).
func fuzzyMatch(prefix, name string) bool {
	if prefix == "" {
		return true
	}
	p, n := strings.ToLower(prefix), strings.ToLower(name)
	j := 0
	for i := 0; i < len(n) && j < len(p); i++ {
		if n[i] == p[j] {
			j++
		}
	}
	return j == len(p)
}

// lineRest returns the text from off to the end of its line.
func lineRest(text []byte, off int) string {
	end := off
	for end < len(text) && text[end] != '\n' && text[end] != '\r' {
		end++
	}
	return string(text[off:end])
}

// eventDetail is the one-line detail of a handler: module and event.
func eventDetail(evs []*catalog.Event) string {
	var parts []string
	for _, e := range evs {
		parts = append(parts, e.Module+" · "+e.Event)
	}
	return strings.Join(parts, ", ")
}

// eventMarkdown documents a handler: module, event, status, replacement,
// payload shape and docs link.
//
// name is the handler name as written at the hover ("" in completion, where
// it is the events' own name); when it is one of an event's older names,
// the text says which name the docs use now. date is the catalog's date
// (catalog.Provenance), which ends the text.
func eventMarkdown(evs []*catalog.Event, name string, now time.Time, date string) string {
	var b strings.Builder
	for i, e := range evs {
		if i > 0 {
			b.WriteString("\n\n---\n\n")
		}
		if name != "" {
			fmt.Fprintf(&b, "```js\nexport function %s(event)\n```\n\n", name)
			if e.IsAlias(name) {
				fmt.Fprintf(&b, "The docs now name this handler `%s`; `%s` is its older name, which the docs do not say has stopped firing.\n\n", e.Handler, name)
			}
		}
		fmt.Fprintf(&b, "**%s** event of `%s`", e.Event, e.Module)
		if e.Maturity == catalog.MaturityPreview {
			b.WriteString(" (developer preview)")
		}
		b.WriteString("\n\n")
		if e.Description != "" {
			b.WriteString(e.Description + "\n\n")
		}
		switch e.Status {
		case catalog.StatusDeprecated:
			b.WriteString("**Deprecated**")
			if e.Replacement != "" {
				fmt.Fprintf(&b, ": use `%s`", e.Replacement)
			}
			if e.SunsetDate != "" && e.FiresOn(now) {
				fmt.Fprintf(&b, " (stops firing %s)", e.SunsetDate)
			} else if e.SunsetDate != "" {
				fmt.Fprintf(&b, " (stopped firing %s: never called now)", e.SunsetDate)
			}
			b.WriteString(".\n\n")
		case catalog.StatusRemoved:
			b.WriteString("**Removed**: never fires")
			if e.Replacement != "" {
				fmt.Fprintf(&b, "; use `%s`", e.Replacement)
			}
			b.WriteString(".\n\n")
		default:
			b.WriteString("Status: current.\n\n")
		}
		if len(e.Fields) > 0 {
			t := e.PayloadType
			if t == "" {
				t = "payload"
			}
			fmt.Fprintf(&b, "Payload `%s`:\n\n", t)
			writeFields(&b, e.Fields, 0, 2)
			b.WriteString("\n")
		}
		if e.DocsURL != "" {
			fmt.Fprintf(&b, "[Documentation](%s)", e.DocsURL)
		}
	}
	if date != "" {
		fmt.Fprintf(&b, "\n\n_velo-lsp event catalog of %s._", date)
	}
	return strings.TrimSpace(b.String())
}

// writeFields writes a nested bullet list of fields, depth levels deep.
func writeFields(b *strings.Builder, fields []catalog.Field, level, depth int) {
	const maxFields = 25
	for i, f := range fields {
		if i == maxFields {
			fmt.Fprintf(b, "%s- …\n", strings.Repeat("  ", level))
			break
		}
		fmt.Fprintf(b, "%s- `%s`: `%s`\n", strings.Repeat("  ", level), f.Name, fieldType(f))
		if level+1 < depth && len(f.Fields) > 0 {
			writeFields(b, f.Fields, level+1, depth)
		}
	}
}

// openDoc returns the open document at uri, or a clear error.
func (s *Server) openDoc(uri string) (*document, error) {
	d := s.docs.get(uri)
	if d == nil {
		return nil, jsonrpc2.Errorf(jsonrpc2.InvalidParams, "document %s is not open (send textDocument/didOpen first)", uri)
	}
	return d, nil
}

// roleOf classifies an open document.
func (s *Server) roleOf(d *document) analyzer.Role {
	fo, rel := s.locate(d.path, d.uri)
	return s.classify(fo, rel, s.config(fo))
}

// classify gives a file's role in its folder's tree (analyzer.ClassifyIn):
// an events file outside every site is loose, and judged.
func (s *Server) classify(fo *folder, rel string, cfg analyzer.Config) analyzer.Role {
	var fsys fs.FS
	if fo != nil {
		fsys = fo.FS
	}
	role, _ := analyzer.ClassifyIn(fsys, rel, cfg)
	return role
}

// now is the moment sunset dates are judged against: Options.Now, or the
// time of the call.
func (s *Server) now() time.Time {
	if !s.opts.Now.IsZero() {
		return s.opts.Now
	}
	return time.Now()
}
