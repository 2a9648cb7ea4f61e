// Package schema is the layout of the generated catalog data file, shared by
// the generator (catalog/internal/generate) and the loader (catalog.Load).
//
// Payload types are stored once, in Types, and referenced by 1-based index;
// the loader expands them into nested catalog.Field trees down to Depth
// levels, sharing the expanded slices between events.
package schema

// Version changes whenever the layout changes incompatibly.
const Version = 1

type File struct {
	Version       int           `json:"version"`
	Depth         int           `json:"depth"` // levels of payload fields the loader expands
	Modules       []Module      `json:"modules"`
	Events        []Event       `json:"events"`
	Types         []Type        `json:"types"`
	PrefixAliases []PrefixAlias `json:"prefixAliases"`
	DataHooks     []string      `json:"dataHooks"` // hook names for data.js: afterInsert, beforeQuery …
}

type Module struct {
	Name     string   `json:"name"`
	Prefixes []string `json:"prefixes"`
	DocsURL  string   `json:"docsUrl"`
	Status   string   `json:"status"`
}

type Event struct {
	Module      string `json:"module"`
	Event       string `json:"event"`
	Handler     string `json:"handler"`
	Status      string `json:"status"`
	Replacement string `json:"replacement,omitempty"`
	SunsetDate  string `json:"sunsetDate,omitempty"`
	Maturity    string `json:"maturity"`
	PayloadType string `json:"payloadType,omitempty"`
	Payload     int    `json:"payload,omitempty"` // 1-based index into Types; 0: none
	Description string `json:"description,omitempty"`
	DocsURL     string `json:"docsUrl"`
	Source      string `json:"source"`
}

type Type struct {
	Name   string  `json:"name"`
	Fields []Field `json:"fields"`
}

type Field struct {
	Name     string `json:"n"`
	Type     string `json:"t"`
	Array    bool   `json:"a,omitempty"`
	Optional bool   `json:"o,omitempty"`
	Ref      int    `json:"r,omitempty"` // 1-based index into Types; 0: a leaf
}

// PrefixAlias is a known wrong spelling of a handler prefix.
type PrefixAlias struct {
	Wrong  string `json:"wrong"`
	Prefix string `json:"prefix"`
}
