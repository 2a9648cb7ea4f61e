package generate

import (
	"encoding/json"
	"strings"
)

// alt is one alternative of a DocWorks type.
type alt struct {
	name  string // display name: "string", "Invoice", "Record<string, string>"
	ref   string // qualified reference when the type names a message
	array bool
}

// parseType reads the several spellings DocWorks uses for a type: a plain
// string ("string", "wix-billing-backend.Invoices.Invoice"), a legacy generic
// ({"name":"Array","typeParams":[…]}), the v2 forms ({"nativeType"},
// {"referenceType","displayName"}, {"complexType":{…}}) and a list of
// alternatives (a union).
func parseType(raw json.RawMessage) []alt {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return []alt{plain(s)}
	}
	var list []json.RawMessage
	if json.Unmarshal(raw, &list) == nil {
		var out []alt
		for _, x := range list {
			out = append(out, parseType(x)...)
		}
		return out
	}
	var obj struct {
		Name          string            `json:"name"`
		TypeParams    []json.RawMessage `json:"typeParams"`
		NativeType    string            `json:"nativeType"`
		ReferenceType string            `json:"referenceType"`
		DisplayName   string            `json:"displayName"`
		ComplexType   json.RawMessage   `json:"complexType"`
	}
	if json.Unmarshal(raw, &obj) != nil {
		return []alt{{name: "any"}}
	}
	switch {
	case obj.ReferenceType != "":
		a := plain(obj.ReferenceType)
		if obj.DisplayName != "" {
			a.name = obj.DisplayName
		}
		return []alt{a}
	case len(obj.ComplexType) > 0:
		return parseType(obj.ComplexType)
	}
	generic := obj.Name
	if generic == "" {
		generic = obj.NativeType
	}
	switch generic {
	case "Array":
		if len(obj.TypeParams) == 0 {
			return []alt{{name: "any", array: true}}
		}
		elems := parseType(obj.TypeParams[0])
		for i := range elems {
			elems[i].array = true
		}
		return elems
	case "Record", "Map":
		val := "any"
		if n := len(obj.TypeParams); n > 0 {
			val = joinNames(parseType(obj.TypeParams[n-1]))
		}
		return []alt{{name: generic + "<string, " + val + ">"}}
	case "":
		return []alt{{name: "any"}}
	}
	return []alt{{name: generic}}
}

// plain turns a string type into an alternative: native names stay, a
// qualified reference shows its last segment.
func plain(s string) alt {
	if !strings.Contains(s, ".") {
		if s == "object" {
			s = "Object"
		}
		return alt{name: s}
	}
	return alt{name: s[strings.LastIndex(s, ".")+1:], ref: s}
}

func joinNames(alts []alt) string {
	var names []string
	seen := map[string]bool{}
	for _, a := range alts {
		n := a.name
		if a.array && !allArrays(alts) {
			n += "[]"
		}
		if !seen[n] {
			seen[n] = true
			names = append(names, n)
		}
	}
	return strings.Join(names, " | ")
}

func allArrays(alts []alt) bool {
	for _, a := range alts {
		if !a.array {
			return false
		}
	}
	return len(alts) > 0
}

// combine folds a union into one display type, its array flag, and the
// reference to follow for nested fields (only when exactly one alternative
// names a message).
func combine(alts []alt) (name string, array bool, ref string) {
	name = joinNames(alts)
	array = allArrays(alts)
	refs := 0
	for _, a := range alts {
		if a.ref != "" {
			refs++
			ref = a.ref
		}
	}
	if refs != 1 {
		ref = ""
	}
	return name, array, ref
}
