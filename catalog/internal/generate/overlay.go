package generate

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// Overlay is the hand-kept file (catalog/overlay.json) that settles what the
// docs leave wrong or unsaid. Every entry carries a one-line reason, and the
// generator fails when an entry settles nothing.
type Overlay struct {
	Comment string `json:"comment,omitempty"`

	// Handlers settle an event whose handler name the sources disagree on (or
	// that no example states correctly).
	Handlers []HandlerFix `json:"handlers"`
	// Aliases drop a documented operation that is a second name for another
	// event of the same module; its handler is the other event's.
	Aliases []Alias `json:"aliases"`
	// Replacements name the replacing handler of a deprecated event whose
	// docs text points at it in a form the generator cannot follow.
	Replacements []Replacement `json:"replacements"`
	// Removed lists names that were once documented and never fire now.
	Removed []Removed `json:"removed"`
	// PayloadTypes fix a payload type reference that names no message.
	PayloadTypes []PayloadType `json:"payloadTypes"`
	// ProseNames are handler names in a module's introduction text that no
	// example or syntaxName uses.
	ProseNames []ProseName `json:"proseNames"`
	// PrefixAliases are wrong prefix spellings seen in real code, for Suggest.
	PrefixAliases []PrefixAliasEntry `json:"prefixAliases"`
	// Typings records each disagreement with the corvid-types typings
	// (checked by hand; the generator only verifies the entry still holds).
	Typings []TypingNote `json:"typings"`
	// PageNames settle a page of sources/pages.json whose example exports
	// the name of another event (copied from a neighbour) or whose example
	// and declaration disagree.
	PageNames []PageName `json:"pageNames"`
	// ModuleNotices are module-wide announcements read on a dev.wix.com
	// page other than the events' own pages (an SDK or API introduction):
	// every current event of the module becomes deprecated.
	ModuleNotices []ModuleNotice `json:"moduleNotices"`
	// Payloads say which source an event's payload comes from where
	// DocWorks and the SDK typings disagree (Event "*": every such event of
	// the module).
	Payloads []PayloadSource `json:"payloads"`
}

// PayloadSource picks "docworks", "sdk", "union" (every field either
// documents) or "unknown" (no fields: the sources contradict each other)
// for an event's payload.
type PayloadSource struct {
	Module string `json:"module"`
	Event  string `json:"event"`
	Use    string `json:"use"`
	Reason string `json:"reason"`
}

// PageName keeps one name a page shows (Handler), or none ("": the page's
// name is a copy error and the other sources stand).
type PageName struct {
	Module  string `json:"module"`
	Event   string `json:"event"`
	Handler string `json:"handler"`
	Reason  string `json:"reason"`
}

// ModuleNotice is a deprecation stated for a whole module, with the page it
// was read on and the day.
type ModuleNotice struct {
	Module     string `json:"module"`
	Status     string `json:"status"`               // "deprecated"
	SunsetDate string `json:"sunsetDate,omitempty"` // YYYY-MM-DD, when the notice gives the day events stop
	Notice     string `json:"notice"`               // one line, own words
	URL        string `json:"url"`
	Read       string `json:"read"` // YYYY-MM-DD
	Reason     string `json:"reason"`
}

type HandlerFix struct {
	Module  string   `json:"module"`
	Event   string   `json:"event"`
	Handler string   `json:"handler"`
	Sources []string `json:"sources,omitempty"`
	Reason  string   `json:"reason"`
}

type Alias struct {
	Module  string `json:"module"`
	Event   string `json:"event"`
	AliasOf string `json:"aliasOf"`
	Reason  string `json:"reason"`
}

type Replacement struct {
	Module      string `json:"module"`
	Event       string `json:"event"`
	Replacement string `json:"replacement"`
	Reason      string `json:"reason"`
}

type Removed struct {
	Module      string `json:"module"`
	Event       string `json:"event"`
	Handler     string `json:"handler"`
	Replacement string `json:"replacement"`
	Source      string `json:"source"`
	Reason      string `json:"reason"`
}

type PayloadType struct {
	Module string `json:"module"`
	Event  string `json:"event"`
	Type   string `json:"type"`
	Reason string `json:"reason"`
}

type ProseName struct {
	Module string `json:"module"`
	Name   string `json:"name"`
	Reason string `json:"reason"`
}

type PrefixAliasEntry struct {
	Wrong  string `json:"wrong"`
	Prefix string `json:"prefix"`
	Reason string `json:"reason"`
}

type TypingNote struct {
	Module  string `json:"module"`
	Event   string `json:"event"`
	Finding string `json:"finding"` // "missing-in-typings" | "only-in-typings"
	Reason  string `json:"reason"`
}

// ParseOverlay decodes the overlay strictly: unknown keys are errors, and
// every entry needs a reason.
func ParseOverlay(b []byte) (*Overlay, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var o Overlay
	if err := dec.Decode(&o); err != nil {
		return nil, fmt.Errorf("overlay: %w", err)
	}
	check := func(kind string, i int, reason string) error {
		if reason == "" {
			return fmt.Errorf("overlay: %s[%d] has no reason", kind, i)
		}
		return nil
	}
	for i, e := range o.Handlers {
		if err := check("handlers", i, e.Reason); err != nil {
			return nil, err
		}
	}
	for i, e := range o.Aliases {
		if err := check("aliases", i, e.Reason); err != nil {
			return nil, err
		}
	}
	for i, e := range o.Replacements {
		if err := check("replacements", i, e.Reason); err != nil {
			return nil, err
		}
	}
	for i, e := range o.Removed {
		if err := check("removed", i, e.Reason); err != nil {
			return nil, err
		}
	}
	for i, e := range o.PayloadTypes {
		if err := check("payloadTypes", i, e.Reason); err != nil {
			return nil, err
		}
	}
	for i, e := range o.ProseNames {
		if err := check("proseNames", i, e.Reason); err != nil {
			return nil, err
		}
	}
	for i, e := range o.PrefixAliases {
		if err := check("prefixAliases", i, e.Reason); err != nil {
			return nil, err
		}
	}
	for i, e := range o.Typings {
		if err := check("typings", i, e.Reason); err != nil {
			return nil, err
		}
	}
	for i, e := range o.Payloads {
		if err := check("payloads", i, e.Reason); err != nil {
			return nil, err
		}
	}
	for i, e := range o.PageNames {
		if err := check("pageNames", i, e.Reason); err != nil {
			return nil, err
		}
	}
	for i, e := range o.ModuleNotices {
		if err := check("moduleNotices", i, e.Reason); err != nil {
			return nil, err
		}
		if e.URL == "" || !dateLike(e.Read) || e.Notice == "" {
			return nil, fmt.Errorf("overlay: moduleNotices[%d] needs a notice, its url and the day it was read", i)
		}
	}
	return &o, nil
}
