package catalog

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/velo-lsp/velo-lsp/catalog/internal/schema"
)

// The data files are generated from ../shared/velo-docs and overlay.json:
// catalog.bin is embedded (a string table plus varints, see
// internal/schema/binary.go: it loads about ten times faster than JSON, see
// BenchmarkLoad), catalog.json is the same data as text for review.
// TestGeneratedUpToDate fails when either is stale.
//
//go:generate go run ./internal/gen -docs ../../shared/velo-docs -pages sources/pages.json -sdk sources -overlay overlay.json -out catalog.bin -json catalog.json
//go:embed catalog.bin
var embedded []byte

// HandlerPattern is the shape of every handler name in the catalog.
var HandlerPattern = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9]*_on[A-Z]\w*$`)

// Catalog is the loaded event catalog. Immutable after Load; safe for
// concurrent use. The *Event and *Module values it returns are shared: do not
// modify them.
type Catalog struct {
	events    []*Event
	modules   []*Module
	byHandler map[string][]*Event
	byModule  map[string]*Module
	byPrefix  map[string][]*Event
	byLower   map[string][]*Event // lower-cased handler → events, for case mistakes
	byEvent   map[string][]*Event // event name ("onOrderCreated") → events
	aliases   map[string]string   // wrong prefix → prefix
	dataHooks []string
	unnamed   []UnnamedEvent
	prov      Provenance

	suggestOnce sync.Once
	handlerList []handlerInfo // distinct handlers, sorted; built on the first Suggest

	// suggestMemo caches Suggest's answers by name (the same misspelling
	// recurs across files and keystrokes). Bounded by maxSuggestMemo
	// entries; the cached slices are never handed out, only copies.
	suggestMu   sync.Mutex
	suggestMemo map[string][]Suggestion

	// variantMemo caches Variant's answers by name (nil ones too: most
	// names asked about are no variant), bounded like suggestMemo.
	variantMu   sync.Mutex
	variantMemo map[string]*Variant
}

var (
	defaultOnce sync.Once
	defaultCat  *Catalog
	defaultErr  error
)

// Default returns the embedded catalog, loaded once. It is never nil: if the
// embedded data cannot be loaded (a build defect the tests catch), it is an
// empty catalog and DefaultError says why.
func Default() *Catalog {
	defaultOnce.Do(func() {
		defaultCat, defaultErr = Load(embedded)
		if defaultErr != nil {
			defaultCat = &Catalog{}
			defaultCat.index()
		}
	})
	return defaultCat
}

// DefaultError is the error, if any, from loading the embedded catalog.
func DefaultError() error {
	Default()
	return defaultErr
}

// Load reads a catalog from the generated data format (see
// internal/schema): modules, events, and payload types stored once and
// expanded here into nested Fields. data is the binary form (catalog.bin)
// or, when it starts with '{', the JSON form (catalog.json).
func Load(data []byte) (*Catalog, error) {
	var f schema.File
	if len(data) > 0 && data[0] == '{' {
		if err := json.Unmarshal(data, &f); err != nil {
			return nil, fmt.Errorf("catalog: decoding JSON data: %w", err)
		}
	} else {
		p, err := schema.DecodeBinary(data)
		if err != nil {
			return nil, fmt.Errorf("catalog: decoding data: %w", err)
		}
		f = *p
	}
	if f.Version != schema.Version {
		return nil, fmt.Errorf("catalog: data version %d, want %d", f.Version, schema.Version)
	}
	x := expander{types: f.Types, depth: f.Depth, memo: make([][]Field, (len(f.Types)+1)*(f.Depth+1))}
	c := &Catalog{
		events:    make([]*Event, 0, len(f.Events)),
		modules:   make([]*Module, 0, len(f.Modules)),
		aliases:   map[string]string{},
		dataHooks: f.DataHooks,
	}
	evs := make([]Event, len(f.Events)) // one allocation for all events
	for i, e := range f.Events {
		fields, err := x.expand(e.Payload, f.Depth)
		if err != nil {
			return nil, fmt.Errorf("catalog: event %s: %w", e.Handler, err)
		}
		evs[i] = Event{
			Module: e.Module, Event: e.Event, Handler: e.Handler, Aliases: e.Aliases,
			Status: Status(e.Status), Replacement: e.Replacement, SunsetDate: e.SunsetDate,
			Maturity: Maturity(e.Maturity), PayloadType: e.PayloadType, Fields: fields,
			Description: e.Description, Notice: e.Notice, DocsURL: e.DocsURL, Source: e.Source, Example: e.Example,
		}
		c.events = append(c.events, &evs[i])
	}
	mods := make([]Module, len(f.Modules))
	for i, m := range f.Modules {
		mods[i] = Module{Name: m.Name, Prefixes: m.Prefixes, DocsURL: m.DocsURL, Status: Status(m.Status)}
		c.modules = append(c.modules, &mods[i])
	}
	for _, a := range f.PrefixAliases {
		c.aliases[a.Wrong] = a.Prefix
	}
	for _, u := range f.Unnamed {
		c.unnamed = append(c.unnamed, UnnamedEvent{Module: u.Module, Event: u.Event, DocsURL: u.DocsURL, Source: u.Source})
	}
	c.prov.Date = f.Provenance.Date
	for _, s := range f.Provenance.Sources {
		c.prov.Sources = append(c.prov.Sources, Source{Name: s.Name, Pinned: s.Pinned, Facts: s.Facts})
	}
	c.sort()
	c.index()
	return c, nil
}

// expander turns type references into shared Field trees.
type expander struct {
	types []schema.Type
	depth int
	memo  [][]Field // by ref*(depth+1)+depth; nil: not expanded yet
}

func (x *expander) expand(ref, depth int) ([]Field, error) {
	if ref == 0 || depth <= 0 {
		return nil, nil
	}
	if ref < 0 || ref > len(x.types) || depth > x.depth {
		return nil, fmt.Errorf("type reference %d (depth %d) out of range", ref, depth)
	}
	key := ref*(x.depth+1) + depth
	if fs := x.memo[key]; fs != nil {
		return fs, nil
	}
	t := x.types[ref-1]
	out := make([]Field, len(t.Fields))
	for i, f := range t.Fields {
		sub, err := x.expand(f.Ref, depth-1)
		if err != nil {
			return nil, err
		}
		out[i] = Field{Name: f.Name, Type: f.Type, Array: f.Array, Optional: f.Optional, Fields: sub, Values: f.Values}
	}
	x.memo[key] = out
	return out, nil
}

func (c *Catalog) sort() {
	sort.SliceStable(c.events, func(i, j int) bool {
		a, b := c.events[i], c.events[j]
		if a.Handler != b.Handler {
			return a.Handler < b.Handler
		}
		return a.Module < b.Module
	})
	sort.SliceStable(c.modules, func(i, j int) bool { return c.modules[i].Name < c.modules[j].Name })
}

func (c *Catalog) index() {
	c.byHandler = make(map[string][]*Event, len(c.events))
	c.byLower = make(map[string][]*Event, len(c.events))
	c.byEvent = make(map[string][]*Event, len(c.events))
	c.byPrefix = map[string][]*Event{}
	c.byModule = make(map[string]*Module, len(c.modules))
	for _, e := range c.events {
		seenPrefix := ""
		for _, name := range e.Names() {
			c.byHandler[name] = append(c.byHandler[name], e)
			l := strings.ToLower(name)
			c.byLower[l] = append(c.byLower[l], e)
			// An older name's prefix is a prefix Velo accepts too.
			if p, _, ok := strings.Cut(name, "_"); ok && p != "" && p != seenPrefix {
				seenPrefix = p
				if n := len(c.byPrefix[p]); n == 0 || c.byPrefix[p][n-1] != e {
					c.byPrefix[p] = append(c.byPrefix[p], e)
				}
			}
		}
		c.byEvent[e.Event] = append(c.byEvent[e.Event], e)
	}
	for _, m := range c.modules {
		c.byModule[m.Name] = m
	}
	if c.aliases == nil {
		c.aliases = map[string]string{}
	}
}

// Events returns every event, sorted by handler, then module.
func (c *Catalog) Events() []*Event { return c.events }

// Modules returns every module, sorted by name.
func (c *Catalog) Modules() []*Module { return c.modules }

// Lookup returns every event whose handler, or one of whose older names
// (Event.Aliases), is exactly name (case-sensitive): a legacy module and its
// v2 successor can share a handler name.
func (c *Catalog) Lookup(handler string) []*Event { return c.byHandler[handler] }

// Module returns the module of that name ("wix-billing-backend",
// "wix-bookings.v2"), or nil.
func (c *Catalog) Module(name string) *Module { return c.byModule[name] }

// ByPrefix returns the events whose handler prefix is exactly prefix.
func (c *Catalog) ByPrefix(prefix string) []*Event { return c.byPrefix[prefix] }

// HasPrefix reports whether some event uses that exact handler prefix.
func (c *Catalog) HasPrefix(prefix string) bool { return len(c.byPrefix[prefix]) > 0 }

// Unnamed returns the events known to exist whose handler name no source
// states, sorted by module and event.
func (c *Catalog) Unnamed() []UnnamedEvent { return c.unnamed }

// Provenance returns the catalog's date and the sources it was built from.
func (c *Catalog) Provenance() Provenance { return c.prov }

// Prefixes returns every handler prefix, sorted.
func (c *Catalog) Prefixes() []string {
	out := make([]string, 0, len(c.byPrefix))
	for p := range c.byPrefix {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// PrefixAlias returns the real prefix for a known wrong spelling
// ("wixEcommerce" → "wixEcom"), or "".
func (c *Catalog) PrefixAlias(wrong string) string { return c.aliases[wrong] }

// WithExtra returns a copy of the catalog with team-declared events added
// (for handlers the docs do not list yet). Each extra event needs a Module
// and a Handler of the usual shape; Event defaults to the handler's event
// part, Status to current, Maturity to stable, Source to "extra". An extra
// event that repeats a handler already in the same module is an error.
func (c *Catalog) WithExtra(extra []Event) (*Catalog, error) {
	n := &Catalog{
		events:    append([]*Event(nil), c.events...),
		modules:   append([]*Module(nil), c.modules...),
		aliases:   c.aliases,
		dataHooks: c.dataHooks,
		unnamed:   c.unnamed,
		prov:      c.prov,
	}
	mods := map[string]*Module{}
	for _, m := range n.modules {
		mods[m.Name] = m
	}
	for i := range extra {
		e := extra[i] // copy: the caller keeps its slice
		if e.Module == "" {
			return nil, fmt.Errorf("catalog: extra event %d (%s): no module", i, e.Handler)
		}
		if !HandlerPattern.MatchString(e.Handler) {
			return nil, fmt.Errorf("catalog: extra event %q: not a handler name (want prefix_onEvent)", e.Handler)
		}
		part := e.Handler[strings.IndexByte(e.Handler, '_')+1:]
		if e.Event == "" {
			e.Event = part
		} else if e.Event != part {
			return nil, fmt.Errorf("catalog: extra event %q: event %q does not match the handler", e.Handler, e.Event)
		}
		for _, old := range c.byHandler[e.Handler] {
			if old.Module == e.Module {
				return nil, fmt.Errorf("catalog: extra event %q: already in module %s", e.Handler, e.Module)
			}
		}
		if e.Status == "" {
			e.Status = StatusCurrent
		}
		if e.Maturity == "" {
			e.Maturity = MaturityStable
		}
		if e.Source == "" {
			e.Source = "extra"
		}
		n.events = append(n.events, &e)
		p := e.Prefix()
		if m, ok := mods[e.Module]; ok {
			if !contains(m.Prefixes, p) {
				cp := *m
				cp.Prefixes = append(append([]string(nil), m.Prefixes...), p)
				mods[e.Module] = &cp
				for j, x := range n.modules {
					if x == m {
						n.modules[j] = &cp
					}
				}
			}
		} else {
			m := &Module{Name: e.Module, Prefixes: []string{p}, Status: StatusCurrent, DocsURL: e.DocsURL}
			mods[e.Module] = m
			n.modules = append(n.modules, m)
		}
	}
	seen := map[[2]string]bool{}
	for _, e := range n.events[len(c.events):] {
		k := [2]string{e.Module, e.Handler}
		if seen[k] {
			return nil, fmt.Errorf("catalog: extra event %q declared twice in module %s", e.Handler, e.Module)
		}
		seen[k] = true
	}
	n.sort()
	n.index()
	return n, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
