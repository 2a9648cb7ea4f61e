// Package schema is the layout of the generated catalog data file, shared by
// the generator (catalog/internal/generate) and the loader (catalog.Load).
//
// Payload types are stored once, in Types, and referenced by 1-based index;
// the loader expands them into nested catalog.Field trees down to Depth
// levels, sharing the expanded slices between events.
package schema

// Version changes whenever the layout changes incompatibly.
const Version = 3

type File struct {
	Version       int           `json:"version"`
	Depth         int           `json:"depth"` // levels of payload fields the loader expands
	Modules       []Module      `json:"modules"`
	Events        []Event       `json:"events"`
	Types         []Type        `json:"types"`
	PrefixAliases []PrefixAlias `json:"prefixAliases"`
	DataHooks     []string      `json:"dataHooks"` // hook names for data.js: afterInsert, beforeQuery …
	// Unnamed are events a module documents (or its SDK package declares)
	// whose Velo handler name no source states.
	Unnamed    []Unnamed  `json:"unnamed"`
	Provenance Provenance `json:"provenance"`
}

// Unnamed is an event known to exist whose handler name is not known.
type Unnamed struct {
	Module  string `json:"module"`
	Event   string `json:"event"`
	DocsURL string `json:"docsUrl"`
	Source  string `json:"source"`
}

// Provenance says how current the data is and where it comes from.
type Provenance struct {
	// Date is the day the newest source was read (YYYY-MM-DD): the catalog
	// describes the platform as documented on that day.
	Date    string   `json:"date"`
	Sources []Source `json:"sources"`
}

// Source is one pinned input of the generator.
type Source struct {
	Name   string `json:"name"`   // "DocWorks", "dev.wix.com pages", "@wix/auto_sdk typings"
	Pinned string `json:"pinned"` // what pins it: a commit date, a read date, package versions
	Facts  int    `json:"facts"`  // how many entries of the catalog it contributed to
}

type Module struct {
	Name     string   `json:"name"`
	Prefixes []string `json:"prefixes"`
	DocsURL  string   `json:"docsUrl"`
	Status   string   `json:"status"`
}

type Event struct {
	Module  string `json:"module"`
	Event   string `json:"event"`
	Handler string `json:"handler"`
	// Aliases are older handler names of the same event that the docs
	// renamed without saying the old name stopped firing.
	Aliases     []string `json:"aliases,omitempty"`
	Status      string   `json:"status"`
	Replacement string   `json:"replacement,omitempty"`
	SunsetDate  string   `json:"sunsetDate,omitempty"`
	Maturity    string   `json:"maturity"`
	PayloadType string   `json:"payloadType,omitempty"`
	Payload     int      `json:"payload,omitempty"` // 1-based index into Types; 0: none
	Description string   `json:"description,omitempty"`
	// Notice says, in one line with its URL, why an event is deprecated
	// when the event's own page does not (a module-wide announcement).
	Notice  string `json:"notice,omitempty"`
	DocsURL string `json:"docsUrl"`
	Source  string `json:"source"`
	// Example is a full event object the docs show for the event, as
	// compact JSON ("" when they show none); its values are facts of the
	// docs' example, used for sample events.
	Example string `json:"example,omitempty"`
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
	// Values are the values an enum or a union of string literals allows,
	// in declared order.
	Values []string `json:"v,omitempty"`
}

// PrefixAlias is a known wrong spelling of a handler prefix.
type PrefixAlias struct {
	Wrong  string `json:"wrong"`
	Prefix string `json:"prefix"`
}
