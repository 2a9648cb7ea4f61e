// Package catalog is the event catalog: every published Velo backend event,
// with its exact handler name, status, payload shape and source, embedded as
// generated data plus a small typed API.
package catalog

import "time"

// Status of a module or an event.
type Status string

const (
	StatusCurrent    Status = "current"
	StatusDeprecated Status = "deprecated" // still fires; Replacement / SunsetDate say what comes next
	StatusRemoved    Status = "removed"    // once documented, then renamed or dropped: never fires
)

// Maturity of an event as the docs label it.
type Maturity string

const (
	MaturityStable  Maturity = "stable"
	MaturityPreview Maturity = "developer-preview"
)

// Field is one member of a payload type. Fields nest for object types.
type Field struct {
	Name     string  `json:"name"`
	Type     string  `json:"type"`            // display type, e.g. "string", "Invoice", "Date"
	Array    bool    `json:"array,omitempty"` // the member is an array of Type
	Optional bool    `json:"optional,omitempty"`
	Doc      string  `json:"doc,omitempty"` // one line, own words (may be empty)
	Fields   []Field `json:"fields,omitempty"`
	// Values are the values an enum or a union of string literals allows,
	// in declared order (empty when the type is not one, or not known).
	Values []string `json:"values,omitempty"`
}

// Event is one backend event and the one exact handler name that receives it.
type Event struct {
	Module  string `json:"module"`  // "wix-billing-backend", "wix-bookings.v2"
	Event   string `json:"event"`   // "onInvoicePaid"
	Handler string `json:"handler"` // "wixBilling_onInvoicePaid": the name the docs use today
	// Aliases are older names of the same handler that still fire: the docs
	// renamed them without saying the old name stopped
	// ("wixStoresCatalog_onProductCreated" beside
	// "wixStoresCatalogV1_onProductCreated"). Lookup finds an event by any
	// of its names; completion offers only Handler.
	Aliases     []string `json:"aliases,omitempty"`
	Status      Status   `json:"status"`
	Replacement string   `json:"replacement,omitempty"` // handler name that replaces a deprecated/removed one
	SunsetDate  string   `json:"sunsetDate,omitempty"`  // YYYY-MM-DD when the docs give one
	Maturity    Maturity `json:"maturity"`
	PayloadType string   `json:"payloadType,omitempty"`
	Fields      []Field  `json:"fields,omitempty"`
	Description string   `json:"description,omitempty"` // one line, own words
	// Notice says why the event is deprecated when its own page does not
	// (a module-wide announcement), in one line with its URL.
	Notice  string `json:"notice,omitempty"`
	DocsURL string `json:"docsUrl"`
	Source  string `json:"source"` // file it was taken from (and overlay note when settled there)
	// Example is a full event object the docs show for this event, as
	// compact JSON ("" when they show none): its values are facts of the
	// docs, used for sample events. Source names where it was taken from
	// ("example event object from <file>#<operation>").
	Example string `json:"example,omitempty"`
}

// Prefix is the part of the handler name before the underscore.
func (e *Event) Prefix() string {
	for i := 0; i < len(e.Handler); i++ {
		if e.Handler[i] == '_' {
			return e.Handler[:i]
		}
	}
	return ""
}

// FiresOn reports whether the event still fires on day t: a current event
// does, a removed one does not, and a deprecated one does until its sunset
// date (inclusive of the day before; from the sunset date on it does not).
// A deprecated event without a sunset date still fires.
func (e *Event) FiresOn(t time.Time) bool {
	switch e.Status {
	case StatusRemoved:
		return false
	case StatusDeprecated:
		if e.SunsetDate == "" {
			return true
		}
		sunset, err := time.Parse("2006-01-02", e.SunsetDate)
		return err != nil || t.Before(sunset)
	}
	return true
}

// Names returns the handler name followed by its older names.
func (e *Event) Names() []string {
	if len(e.Aliases) == 0 {
		return []string{e.Handler}
	}
	return append([]string{e.Handler}, e.Aliases...)
}

// IsAlias reports whether name is one of the event's older names (not the
// one the docs use today).
func (e *Event) IsAlias(name string) bool {
	for _, a := range e.Aliases {
		if a == name {
			return true
		}
	}
	return false
}

// UnnamedEvent is an event a module documents (or its SDK package
// declares) whose Velo handler name no source states: a handler for it
// cannot be confirmed, nor ruled out.
type UnnamedEvent struct {
	Module  string
	Event   string
	DocsURL string
	Source  string
}

// Provenance says how current the catalog is and what it was built from.
type Provenance struct {
	// Date is the day the newest source was read (YYYY-MM-DD): the catalog
	// describes the platform as documented on that day.
	Date    string
	Sources []Source
}

// Source is one pinned input of the catalog generator.
type Source struct {
	Name   string // "DocWorks reference data", "dev.wix.com pages", "@wix/auto_sdk typings"
	Pinned string // what pins it: a snapshot date, a read date, package versions
	Facts  int    // catalog entries it contributed to
}

// Module is a Velo module that declares backend events.
type Module struct {
	Name     string   `json:"name"`
	Prefixes []string `json:"prefixes"`
	DocsURL  string   `json:"docsUrl"`
	Status   Status   `json:"status"`
}

// NotEventKind names the kinds of exported names that look like event
// handlers but belong to another backend file.
type NotEventKind string

const (
	NotEventDataHook NotEventKind = "data-hook"           // <Collection>_afterInsert … in data.js
	NotEventHTTP     NotEventKind = "http-function"       // get_, post_ … in http-functions.js
	NotEventRouter   NotEventKind = "router"              // <prefix>_Router … in routers.js
	NotEventRealtime NotEventKind = "realtime-permission" // realtime_check_permission in realtime-permissions.js
)

// NotEvent describes a name that is not an event handler, and where it goes.
type NotEvent struct {
	Kind    NotEventKind
	File    string // the backend file it belongs in, e.g. "data.js"
	DocsURL string
}

// SuggestionReason says why a name was suggested.
type SuggestionReason string

const (
	ReasonSpelling    SuggestionReason = "spelling"     // edit distance on the event or prefix
	ReasonCase        SuggestionReason = "case"         // same letters, other case
	ReasonPrefix      SuggestionReason = "prefix"       // the event exists under another prefix
	ReasonPrefixAlias SuggestionReason = "prefix-alias" // known wrong spelling of a prefix (wixEcommerce → wixEcom)
	ReasonReplacement SuggestionReason = "replacement"  // a removed/renamed name → its replacement
)

// Suggestion is a ranked near miss for a name that is not in the catalog.
type Suggestion struct {
	Handler string
	Event   *Event
	Reason  SuggestionReason
	Score   float64 // higher is better; results are sorted by Score descending
}
