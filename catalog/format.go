package catalog

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// Filter returns the events whose module or handler prefix contains query,
// or whose status is query (case-insensitive). When nothing matches that
// way, it falls back to handlers containing query, so "billing" lists
// wix-billing-backend and "cancel" lists every cancellation event. An empty
// query keeps every event.
func Filter(events []*Event, query string) []*Event {
	q := strings.ToLower(strings.TrimSpace(query))
	if q == "" {
		return events
	}
	var out []*Event
	for _, e := range events {
		if strings.Contains(strings.ToLower(e.Module), q) ||
			strings.Contains(strings.ToLower(e.Prefix()), q) ||
			strings.ToLower(string(e.Status)) == q {
			out = append(out, e)
		}
	}
	if len(out) > 0 {
		return out
	}
	for _, e := range events {
		if strings.Contains(strings.ToLower(e.Handler), q) {
			out = append(out, e)
		}
	}
	return out
}

// WriteTable prints events for people: one line each with module, handler
// and status (plus replacement and sunset date when there is one, and a
// preview mark), in the order given.
func WriteTable(w io.Writer, events []*Event) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "MODULE\tHANDLER\tSTATUS")
	for _, e := range events {
		status := string(e.Status)
		if e.SunsetDate != "" {
			status += " " + e.SunsetDate
		}
		if e.Replacement != "" && e.Replacement != e.Handler {
			status += " → " + e.Replacement
		}
		if e.Maturity == MaturityPreview {
			status += " (preview)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", e.Module, e.Handler, status)
	}
	return tw.Flush()
}

// JSONEvent is one element of `velo-lsp catalog --format json`: the public,
// documented interface (catalog/CATALOG_JSON.md). Every key is always
// present; empty values are "" or [].
type JSONEvent struct {
	Module      string      `json:"module"`
	Event       string      `json:"event"`
	Handler     string      `json:"handler"`
	Aliases     []string    `json:"aliases"`
	Status      string      `json:"status"`
	Replacement string      `json:"replacement"`
	SunsetDate  string      `json:"sunsetDate"`
	Maturity    string      `json:"maturity"`
	PayloadType string      `json:"payloadType"`
	Fields      []JSONField `json:"fields"`
	Description string      `json:"description"`
	DocsURL     string      `json:"docsUrl"`
	Source      string      `json:"source"`
}

// JSONField is one payload member; Fields is present ([]) on every field.
type JSONField struct {
	Name     string      `json:"name"`
	Type     string      `json:"type"`
	Array    bool        `json:"array"`
	Optional bool        `json:"optional"`
	Fields   []JSONField `json:"fields"`
}

// ToJSON converts events to the public JSON shape.
func ToJSON(events []*Event) []JSONEvent {
	out := make([]JSONEvent, 0, len(events))
	for _, e := range events {
		out = append(out, JSONEvent{
			Module: e.Module, Event: e.Event, Handler: e.Handler, Aliases: append([]string{}, e.Aliases...), Status: string(e.Status),
			Replacement: e.Replacement, SunsetDate: e.SunsetDate, Maturity: string(e.Maturity),
			PayloadType: e.PayloadType, Fields: jsonFields(e.Fields), Description: e.Description,
			DocsURL: e.DocsURL, Source: e.Source,
		})
	}
	return out
}

func jsonFields(fs []Field) []JSONField {
	out := make([]JSONField, 0, len(fs))
	for _, f := range fs {
		out = append(out, JSONField{Name: f.Name, Type: f.Type, Array: f.Array, Optional: f.Optional, Fields: jsonFields(f.Fields)})
	}
	return out
}

// WriteJSON prints events as an indented JSON array of JSONEvent.
func WriteJSON(w io.Writer, events []*Event) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(ToJSON(events))
}
