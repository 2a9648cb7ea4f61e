package catalog_test

import (
	"encoding/json"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/velo-lsp/velo-lsp/catalog"
)

// TestSampleKeysAreTheCatalogsFields: for every event whose payload the
// catalog knows, the sample is valid JSON whose keys are exactly the
// catalog's fields, at every level the catalog knows; and it is the same
// on every run.
func TestSampleKeysAreTheCatalogsFields(t *testing.T) {
	n := 0
	for _, e := range catalog.Default().Events() {
		if len(e.Fields) == 0 {
			continue
		}
		n++
		b, err := json.Marshal(catalog.Sample(e))
		if err != nil {
			t.Fatalf("%s: %v", e.Handler, err)
		}
		var back any
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("%s: not valid JSON: %v", e.Handler, err)
		}
		if msg := sameKeys(e.Fields, back, e.Handler); msg != "" {
			t.Errorf("%s", msg)
		}
		again, _ := json.Marshal(catalog.Sample(e))
		if string(again) != string(b) {
			t.Errorf("%s: the sample differs between runs", e.Handler)
		}
	}
	if n < 300 {
		t.Errorf("only %d events with a known payload", n)
	}
}

func sameKeys(fields []catalog.Field, v any, path string) string {
	obj, ok := v.(map[string]any)
	if !ok {
		return path + ": not an object"
	}
	var want, got []string
	for _, f := range fields {
		want = append(want, f.Name)
	}
	for k := range obj {
		got = append(got, k)
	}
	sort.Strings(want)
	sort.Strings(got)
	if strings.Join(want, ",") != strings.Join(got, ",") {
		return path + ": keys " + strings.Join(got, ",") + ", want " + strings.Join(want, ",")
	}
	for _, f := range fields {
		val := obj[f.Name]
		if f.Array {
			list, ok := val.([]any)
			if !ok || len(list) != 1 {
				return path + "." + f.Name + ": not an array of one element"
			}
			val = list[0]
		}
		if len(f.Fields) > 0 {
			if msg := sameKeys(f.Fields, val, path+"."+f.Name); msg != "" {
				return msg
			}
		}
	}
	return ""
}

func TestSampleValues(t *testing.T) {
	e := &catalog.Event{Handler: "wixA_onB", Fields: []catalog.Field{
		{Name: "_id", Type: "string"},
		{Name: "createdDate", Type: "Date"},
		{Name: "status", Type: "Status", Values: []string{"PENDING", "PAID"}},
		{Name: "lines", Type: "Line", Array: true, Fields: []catalog.Field{{Name: "quantity", Type: "number"}}},
		{Name: "buyer", Type: "Buyer", Fields: []catalog.Field{{Name: "email", Type: "string"}, {Name: "contactId", Type: "string"}}},
		{Name: "note", Type: "string"},
		{Name: "price", Type: "Price", Fields: []catalog.Field{{Name: "value", Type: "string"}}},
		{Name: "streetAddress", Type: "Street", Fields: []catalog.Field{{Name: "value", Type: "string"}}},
	}, Example: `{"note": "from the docs", "status": "NOT-A-VALUE", "buyer": {"email": "docs@example.com"}}`}
	s := catalog.Sample(e)
	uuid := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$`)
	if !uuid.MatchString(s["_id"].(string)) {
		t.Errorf("_id = %v", s["_id"])
	}
	if s["createdDate"] != "2026-01-15T10:30:00.000Z" || s["status"] != "PENDING" || s["note"] != "from the docs" {
		t.Errorf("sample = %v", s)
	}
	buyer := s["buyer"].(map[string]any)
	if buyer["email"] != "docs@example.com" || !uuid.MatchString(buyer["contactId"].(string)) || buyer["contactId"] == s["_id"] {
		t.Errorf("buyer = %v", buyer)
	}
	if p, a := s["price"].(map[string]any)["value"], s["streetAddress"].(map[string]any)["value"]; p != "10.00" || a != "sample value" {
		t.Errorf("price.value = %v, streetAddress.value = %v: only money looks like money", p, a)
	}
	if lines := s["lines"].([]any); len(lines) != 1 || lines[0].(map[string]any)["quantity"] != 1 {
		t.Errorf("lines = %v", s["lines"])
	}
}
