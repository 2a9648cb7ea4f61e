package lsp

import (
	"github.com/velo-lsp/velo-lsp/catalog"
	"strings"
	"testing"
	"time"
)

type fullItem struct {
	Label            string `json:"label"`
	Kind             int    `json:"kind"`
	Detail           string `json:"detail"`
	SortText         string `json:"sortText"`
	Tags             []int  `json:"tags"`
	Deprecated       bool   `json:"deprecated"`
	InsertTextFormat int    `json:"insertTextFormat"`
	TextEdit         struct {
		Range   wireRange `json:"range"`
		NewText string    `json:"newText"`
	} `json:"textEdit"`
	Documentation struct {
		Kind  string `json:"kind"`
		Value string `json:"value"`
	} `json:"documentation"`
	LabelDetails struct {
		Detail      string `json:"detail"`
		Description string `json:"description"`
	} `json:"labelDetails"`
}

func completeAt(t *testing.T, c *testClient, uri string, line, char int) []fullItem {
	t.Helper()
	var list struct {
		Items []fullItem `json:"items"`
	}
	c.callOK("textDocument/completion", map[string]interface{}{
		"textDocument": map[string]string{"uri": uri}, "position": map[string]int{"line": line, "character": char}}, &list)
	return list.Items
}

func find(items []fullItem, label string) *fullItem {
	for i := range items {
		if items[i].Label == label {
			return &items[i]
		}
	}
	return nil
}

func TestCompletionItemShape(t *testing.T) {
	// Before the Bookings v1 events' sunset (2026-06-30): they are offered, marked deprecated.
	c := newTestClient(t, Options{Analyze: noAnalysis, Now: time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC)})
	c.initialize(map[string]interface{}{"capabilities": map[string]interface{}{"textDocument": map[string]interface{}{
		"completion": map[string]interface{}{"completionItem": map[string]interface{}{"snippetSupport": true, "tagSupport": map[string]interface{}{"valueSet": []int{1}}}}}}})
	text := "export function wixBookings_onBookingCa\nexport const wixBilling_onInvoiceP = 1;\n"
	c.open(testURI, text, 1)

	items := completeAt(t, c, testURI, 0, 39)
	dep := find(items, "wixBookings_onBookingCanceled")
	cur := find(items, "wixBookingsV2_onBookingCanceled")
	if dep == nil || cur == nil {
		t.Fatalf("missing items: %v", items)
	}
	if len(dep.Tags) != 1 || dep.Tags[0] != 1 || dep.SortText <= cur.SortText {
		t.Errorf("deprecated item: tags %v sort %q (current %q): want tag 1 and a later sort key", dep.Tags, dep.SortText, cur.SortText)
	}
	if cur.InsertTextFormat != 2 || cur.TextEdit.NewText != "wixBookingsV2_onBookingCanceled(${1:event}) {\n\t$0\n}" {
		t.Errorf("function form: want a snippet with the parameter list and body, got %d %q", cur.InsertTextFormat, cur.TextEdit.NewText)
	}
	if r := cur.TextEdit.Range; r.Start.Character != 16 || r.End.Character != 39 || r.Start.Line != 0 {
		t.Errorf("the edit should replace the typed word (0:16-0:39), got %+v", r)
	}
	if !strings.Contains(cur.Detail, "wix-bookings.v2") || cur.LabelDetails.Description != "wix-bookings.v2" {
		t.Errorf("detail %q / labelDetails %+v: want the module", cur.Detail, cur.LabelDetails)
	}
	if cur.Documentation.Kind != "markdown" || !strings.Contains(cur.Documentation.Value, "https://") {
		t.Errorf("documentation: %+v", cur.Documentation)
	}

	// export const: the name only, no snippet; the rest of the word is replaced.
	items = completeAt(t, c, testURI, 1, 30)
	it := find(items, "wixBilling_onInvoicePaid")
	if it == nil {
		t.Fatalf("no wixBilling_onInvoicePaid for export const")
	}
	if it.InsertTextFormat == 2 || it.TextEdit.NewText != "wixBilling_onInvoicePaid" || it.TextEdit.Range.End.Character != 34 {
		t.Errorf("variable form: %d %q %+v", it.InsertTextFormat, it.TextEdit.NewText, it.TextEdit.Range)
	}
}

// In a handler whose body is still being typed (the file does not
// parse), the payload parameter is named from the tokens, comments in the
// parameter list skipped.
func TestCompletionInABrokenHandlerFindsThePayload(t *testing.T) {
	c := newTestClient(t, Options{Analyze: noAnalysis})
	c.initialize(nil)
	broken := "export function wixBilling_onInvoicePaid(/* the payload */ event) {\n  return event.id.\n"
	c.open(testURI, broken, 1)
	items := completeAt(t, c, testURI, 1, 18)
	if find(items, "version") == nil {
		var labels []string
		for _, i := range items {
			labels = append(labels, i.Label)
		}
		t.Fatalf("want the payload's id fields, got %v", labels)
	}
}

// TestCompletionLeavesOutEventsPastSunset: a deprecated event whose sunset
// date has passed no longer fires, so it is not offered.
func TestCompletionLeavesOutEventsPastSunset(t *testing.T) {
	c := newTestClient(t, Options{Analyze: noAnalysis, Now: time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)})
	c.initialize(nil)
	c.open(testURI, "export function wixBookings_onBookingCa\n", 1)
	items := completeAt(t, c, testURI, 0, 39)
	if find(items, "wixBookings_onBookingCanceled") != nil {
		t.Error("wixBookings_onBookingCanceled is offered after its sunset date")
	}
	if find(items, "wixBookingsV2_onBookingCanceled") == nil {
		t.Error("its replacement is not offered")
	}
}

func TestEventMarkdownSunsetTense(t *testing.T) {
	ev := &catalog.Event{Module: "m", Event: "onX", Handler: "m_onX", Status: catalog.StatusDeprecated, SunsetDate: "2026-06-30", Replacement: "m_onY"}
	before := eventMarkdown([]*catalog.Event{ev}, ev.Handler, time.Date(2026, 6, 29, 0, 0, 0, 0, time.UTC), "")
	after := eventMarkdown([]*catalog.Event{ev}, ev.Handler, time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC), "")
	if !strings.Contains(before, "stops firing 2026-06-30") || !strings.Contains(after, "stopped firing 2026-06-30") {
		t.Errorf("before:\n%s\nafter:\n%s", before, after)
	}
}
