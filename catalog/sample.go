package catalog

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"strings"
)

// Sample events: an event object for a handler, with every field the
// catalog knows (nested, to the depth it knows) and values that fit their
// types, for testing a handler before publishing (events fire only on the
// published site). Where the docs show a full example event object, its
// values are used for the fields it has; the rest are invented from the
// field's type and name: ids as UUID-shaped strings derived from the field's
// path, dates as ISO 8601 strings, enums as their first value, arrays with
// one element. The result is the same on every run.

// sampleDate is the date every invented date field holds.
const sampleDate = "2026-01-15T10:30:00.000Z"

// Sample returns a sample event object for e: a JSON object (map keys
// sorted when encoded) whose keys are exactly the catalog's fields of the
// payload, to the depth the catalog knows. An event whose payload the
// catalog does not know gets an empty object.
func Sample(e *Event) map[string]any {
	var example map[string]any
	if e.Example != "" {
		_ = json.Unmarshal([]byte(e.Example), &example)
	}
	return sampleObject(e.Fields, example, e.Handler)
}

func sampleObject(fields []Field, example map[string]any, path string) map[string]any {
	out := make(map[string]any, len(fields))
	for _, f := range fields {
		var ex any
		if example != nil {
			ex = example[f.Name]
		}
		out[f.Name] = sampleField(f, ex, path+"."+f.Name)
	}
	return out
}

// sampleField is one field's value: an array of one element for an array,
// an object of its fields for an object type, a scalar otherwise; the
// example's value where it fits.
func sampleField(f Field, example any, path string) any {
	if f.Array {
		var first any
		if list, ok := example.([]any); ok && len(list) > 0 {
			first = list[0]
		}
		elem := f
		elem.Array = false
		return []any{sampleField(elem, first, path+"[0]")}
	}
	if len(f.Fields) > 0 {
		m, _ := example.(map[string]any)
		return sampleObject(f.Fields, m, path)
	}
	if v, ok := fitScalar(f, example); ok {
		return v
	}
	return inventScalar(f, path)
}

// fitScalar returns the example's value when it is a scalar of the field's
// kind.
func fitScalar(f Field, example any) (any, bool) {
	if example == nil {
		return nil, false
	}
	switch kindOfType(f) {
	case "string", "date":
		s, ok := example.(string)
		if ok && len(f.Values) > 0 && !contains(f.Values, s) {
			return nil, false
		}
		return s, ok
	case "number":
		n, ok := example.(float64)
		return n, ok
	case "boolean":
		b, ok := example.(bool)
		return b, ok
	}
	return nil, false
}

// kindOfType names the JSON kind a field's display type stands for:
// "string", "number", "boolean", "date", or "object" for every other
// (named) type.
func kindOfType(f Field) string {
	t := strings.TrimSpace(f.Type)
	if i := strings.Index(t, "|"); i >= 0 {
		t = strings.TrimSpace(t[:i]) // a union: its first member
	}
	switch strings.ToLower(t) {
	case "string", "text", "url", "uuid", "guid":
		return "string"
	case "number", "integer", "int", "float", "double", "bigint":
		return "number"
	case "boolean", "bool":
		return "boolean"
	case "date", "datetime", "timestamp":
		return "date"
	}
	if len(f.Values) > 0 {
		return "string"
	}
	if strings.HasPrefix(t, "\"") || strings.HasPrefix(t, "'") {
		return "string" // a string literal type
	}
	return "object"
}

// inventScalar makes up a value for a field the example does not give.
func inventScalar(f Field, path string) any {
	name := strings.ToLower(f.Name)
	switch kindOfType(f) {
	case "date":
		return sampleDate
	case "number":
		if strings.Contains(name, "count") || strings.Contains(name, "quantity") || strings.Contains(name, "number") {
			return 1
		}
		return 10
	case "boolean":
		return false
	case "string":
		switch {
		case len(f.Values) > 0:
			return f.Values[0]
		case name == "id" || name == "_id" || strings.HasSuffix(name, "id") || strings.HasSuffix(f.Name, "Ids"):
			return sampleUUID(path)
		case strings.Contains(name, "email"):
			return "member@example.com"
		case strings.Contains(name, "url") || strings.Contains(name, "link"):
			return "https://www.example.com/"
		case strings.Contains(name, "phone"):
			return "+1-555-0100"
		case name == "currency" || strings.HasSuffix(name, "currency"):
			return "USD"
		case strings.Contains(name, "date") || strings.HasSuffix(name, "time"):
			return sampleDate
		case looksLikeMoney(name) || name == "value" && looksLikeMoney(parentName(path)):
			return "10.00"
		}
		return "sample " + f.Name
	}
	return map[string]any{} // an object type whose fields the catalog does not know
}

// looksLikeMoney: a field named for an amount of money (amount, price,
// total, tax, ...), whose string holds a decimal amount.
func looksLikeMoney(lowerName string) bool {
	for _, w := range []string{"amount", "price", "total", "tax", "cost", "fee", "discount", "balance"} {
		if strings.Contains(lowerName, w) {
			return true
		}
	}
	return false
}

// parentName is the lower-cased name of the field holding the one at path
// ("a.price.value" → "price"; array indexes dropped).
func parentName(path string) string {
	parts := strings.Split(path, ".")
	if len(parts) < 2 {
		return ""
	}
	p := parts[len(parts)-2]
	if i := strings.Index(p, "["); i >= 0 {
		p = p[:i]
	}
	return strings.ToLower(p)
}

// sampleUUID is a UUID-shaped string derived from the field's path, so
// that it is the same on every run and differs between fields.
func sampleUUID(path string) string {
	h := sha256.Sum256([]byte(path))
	x := fmt.Sprintf("%x", h[:16])
	return x[0:8] + "-" + x[8:12] + "-4" + x[13:16] + "-8" + x[17:20] + "-" + x[20:32]
}
