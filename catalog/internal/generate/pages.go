package generate

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/velo-lsp/velo-lsp/catalog/internal/schema"
)

// Pages is catalog/sources/pages.json: facts read on dev.wix.com's Velo
// reference, each with the URL it was read at, all on the day Read. The
// DocWorks snapshot (2026-03-06) is older than the pages, so where the two
// disagree on a name the pages say how the docs spell it today.
type Pages struct {
	Comment string       `json:"comment,omitempty"`
	Read    string       `json:"read"` // YYYY-MM-DD
	Modules []PageModule `json:"modules"`
}

// PageModule is what a module's events menu and pages show.
type PageModule struct {
	Module     string          `json:"module"`
	MenuURLs   []string        `json:"menuUrls"`
	Deprecated *PageDeprecated `json:"deprecated,omitempty"`
	Events     []PageEvent     `json:"events"`
	// NotListed are catalog events the module's menu no longer lists.
	NotListed []PageNotListed `json:"notListed,omitempty"`
}

// PageDeprecated is a module-wide deprecation shown on the module's pages.
type PageDeprecated struct {
	Date string `json:"date"`
	URL  string `json:"url"`
}

// PageEvent is one event page. Handler is the name its example exports (or,
// without an example, its method declaration spells); Declared is the
// declaration's name when it differs from the example's.
type PageEvent struct {
	Event           string   `json:"event"`
	Handler         string   `json:"handler,omitempty"`
	Declared        string   `json:"declared,omitempty"`
	URL             string   `json:"url"`
	Maturity        string   `json:"maturity,omitempty"`
	Deprecated      bool     `json:"deprecated,omitempty"`
	SunsetDate      string   `json:"sunsetDate,omitempty"`
	Replacement     string   `json:"replacement,omitempty"`
	PayloadType     string   `json:"payloadType,omitempty"`
	FullEventObject bool     `json:"fullEventObject,omitempty"`
	ExampleReads    []string `json:"exampleReads,omitempty"`
}

// PageNotListed is a catalog event missing from a module's events menu.
type PageNotListed struct {
	Event    string   `json:"event"`
	LookedAt []string `json:"lookedAt"`
}

// ParsePages decodes pages.json strictly. Empty input is no pages.
func ParsePages(b []byte) (*Pages, error) {
	if len(bytes.TrimSpace(b)) == 0 {
		return &Pages{}, nil
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var p Pages
	if err := dec.Decode(&p); err != nil {
		return nil, fmt.Errorf("pages: %w", err)
	}
	if len(p.Modules) > 0 && !dateLike(p.Read) {
		return nil, fmt.Errorf("pages: read date %q is not YYYY-MM-DD", p.Read)
	}
	for _, m := range p.Modules {
		for _, e := range m.Events {
			if !strings.HasPrefix(e.URL, "https://dev.wix.com/docs/") {
				return nil, fmt.Errorf("pages: %s %s: URL %q is not a page of dev.wix.com/docs", m.Module, e.Event, e.URL)
			}
			for _, h := range []string{e.Handler, e.Declared} {
				if h != "" && !HandlerRE.MatchString(h) {
					return nil, fmt.Errorf("pages: %s %s: %q is not a handler name", m.Module, e.Event, h)
				}
			}
		}
	}
	return &p, nil
}

func dateLike(s string) bool {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return false
	}
	for i, c := range s {
		if i != 4 && i != 7 && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}

// humanURL is the page people read: the stored `.md` variant without its
// suffix.
func humanURL(u string) string { return strings.TrimSuffix(u, ".md") }

// eventPageURL is the event's own page: the page read, or, when the fact
// was read on a neighbour's page that shows several events, the page of
// the same folder named after the event.
func eventPageURL(read, event string) string {
	u := humanURL(read)
	slug := kebab(event)
	if i := strings.LastIndexByte(u, '/'); i >= 0 && u[i+1:] != slug && strings.HasPrefix(u[i+1:], "on-") {
		return u[:i+1] + slug
	}
	return u
}

// applyPages merges the pages into the DocWorks records:
//
//   - a page whose handler differs from the DocWorks name renames the
//     handler and keeps the DocWorks name as an alias (the docs do not say
//     the old name stopped firing): both are accepted;
//   - a page of an event DocWorks lacks adds the event (a module DocWorks
//     lacks adds the module), with the page's prefix, maturity and payload
//     type name; its fields come from the SDK typings when pinned;
//   - a page whose name names another event (a copied example) or whose
//     example and declaration disagree needs an overlay pageNames entry;
//   - an event a menu lists without a readable handler name becomes an
//     unnamed event, unless DocWorks names it;
//   - a menu that no longer lists a DocWorks event leaves it in place, with
//     a note (the docs do not say it stopped).
//
// Docs URLs move to the page read.
func (g *gen) applyPages() {
	if g.pages == nil {
		return
	}
	read := g.pages.Read
	for _, pm := range g.pages.Modules {
		for _, pe := range pm.Events {
			g.applyPageEvent(pm, pe, read)
		}
		for _, nl := range pm.NotListed {
			r := g.find(pm.Module, nl.Event)
			if r == nil {
				if !g.removedInOverlay(pm.Module, nl.Event) {
					g.errf("pages %s: notListed %s is not a catalog event", pm.Module, nl.Event)
				}
				continue // a removed name: the menu agrees
			}
			r.notes = append(r.notes, fmt.Sprintf("not listed on the module's events menu (read %s at %s)", read, strings.Join(nl.LookedAt, ", ")))
		}
		if len(pm.MenuURLs) > 0 {
			g.menuURL[pm.Module] = humanURL(menuOf(pm.MenuURLs))
		}
	}
}

func (g *gen) removedInOverlay(module, event string) bool {
	for _, o := range g.ov.Removed {
		if o.Module == module && o.Event == event {
			return true
		}
	}
	return false
}

// menuOf picks a module's events menu among the menu URLs read (the one
// ending in /events when there is one).
func menuOf(urls []string) string {
	for _, u := range urls {
		if strings.HasSuffix(humanURL(u), "/events") {
			return u
		}
	}
	return urls[0]
}

func (g *gen) applyPageEvent(pm PageModule, pe PageEvent, read string) {
	at := fmt.Sprintf("%s (read %s)", humanURL(pe.URL), read)
	handler := pe.Handler
	var also []string // further names the page shows for this event
	ambiguous := pe.Declared != "" || handler != "" && eventPart(handler) != pe.Event
	fix := g.pageFix(pm.Module, pe.Event)
	switch {
	case fix != nil && !ambiguous:
		g.errf("overlay pageNames %s %s settles nothing: the page is unambiguous", pm.Module, pe.Event)
		return
	case fix != nil:
		if fix.Handler != "" && (fix.Handler != pe.Handler && fix.Handler != pe.Declared || eventPart(fix.Handler) != pe.Event) {
			g.errf("overlay pageNames %s %s: %s is not a name of this event that the page shows", pm.Module, pe.Event, fix.Handler)
			return
		}
		g.rep.addf("pages %s %s: %q (declared %q) settled as %q (%s)", pm.Module, pe.Event, pe.Handler, pe.Declared, fix.Handler, fix.Reason)
		handler = fix.Handler
		// The page's other spelling of this event is accepted too: the page
		// shows it, and nothing says it does not fire.
		for _, other := range []string{pe.Handler, pe.Declared} {
			if handler != "" && other != "" && other != handler && eventPart(other) == pe.Event {
				also = append(also, other)
			}
		}
	case pe.Declared != "":
		g.errf("pages %s %s: the example exports %s but the declaration says %s; add an overlay pageNames entry", pm.Module, pe.Event, pe.Handler, pe.Declared)
		return
	case ambiguous:
		g.errf("pages %s %s: the page's example exports %s, a name of another event; add an overlay pageNames entry", pm.Module, pe.Event, handler)
		return
	}
	r := g.find(pm.Module, pe.Event)
	if r != nil {
		r.ev.DocsURL = eventPageURL(pe.URL, pe.Event)
		defer func() {
			for _, a := range also {
				if a != r.ev.Handler {
					r.ev.Aliases = appendUnique(r.ev.Aliases, a)
				}
			}
		}()
		switch {
		case handler == "":
			// The page exists; its name could not be read: DocWorks stands.
		case handler == r.ev.Handler:
			r.notes = append(r.notes, "confirmed on "+at)
		default:
			old := r.ev.Handler
			r.ev.Handler = handler
			r.ev.Aliases = appendUnique(r.ev.Aliases, old)
			r.notes = append(r.notes, fmt.Sprintf("renamed on %s: %s; the DocWorks name %s is kept as an older name", at, handler, old))
			g.renamed[old] = handler
			g.rep.addf("pages %s %s: %s → %s", pm.Module, pe.Event, old, handler)
		}
		if pe.Deprecated && r.ev.Status == "current" {
			r.ev.Status = "deprecated"
			r.ev.SunsetDate = pe.SunsetDate
			r.notes = append(r.notes, "deprecated on "+at)
		}
		return
	}
	if handler == "" {
		g.unnamed = append(g.unnamed, schema.Unnamed{Module: pm.Module, Event: pe.Event, DocsURL: eventPageURL(pe.URL, pe.Event),
			Source: "listed on " + at + "; handler name not read"})
		return
	}
	nr := &rec{module: pm.Module, fromPages: true}
	nr.op = &operation{Name: pe.Event}
	nr.ev = schema.Event{
		Module: pm.Module, Event: pe.Event, Handler: handler, Status: "current", Maturity: "stable",
		PayloadType: pe.PayloadType, Description: describe(pe.Event), DocsURL: eventPageURL(pe.URL, pe.Event),
		Source: "pages: " + at,
	}
	if pe.Maturity == "developer-preview" {
		nr.ev.Maturity = "developer-preview"
	}
	if pe.Deprecated {
		nr.ev.Status = "deprecated"
		nr.ev.SunsetDate = pe.SunsetDate
	}
	for _, a := range also {
		nr.ev.Aliases = appendUnique(nr.ev.Aliases, a)
	}
	g.recs = append(g.recs, nr)
	g.rep.addf("pages %s %s: new event %s", pm.Module, pe.Event, handler)
}

func (g *gen) pageFix(module, event string) *PageName {
	for i := range g.ov.PageNames {
		if p := &g.ov.PageNames[i]; p.Module == module && p.Event == event {
			g.used[fmt.Sprintf("pageNames/%d", i)] = true
			return p
		}
	}
	return nil
}

// currentName is the name the docs use today for a handler name (the
// name itself unless the pages renamed it).
func (g *gen) currentName(h string) string {
	if to, ok := g.renamed[h]; ok {
		return to
	}
	return h
}

// moduleNotices applies the overlay's module-wide announcements.
func (g *gen) moduleNotices() {
	for i, n := range g.ov.ModuleNotices {
		g.used[fmt.Sprintf("moduleNotices/%d", i)] = true
		if n.Status != "deprecated" {
			g.errf("overlay moduleNotices %s: status %q, want deprecated", n.Module, n.Status)
			continue
		}
		if n.SunsetDate != "" && !dateLike(n.SunsetDate) {
			g.errf("overlay moduleNotices %s: sunsetDate %q is not YYYY-MM-DD", n.Module, n.SunsetDate)
			continue
		}
		hit := 0
		for _, r := range g.recs {
			if r.module != n.Module || r.ev.Status != "current" {
				continue
			}
			hit++
			r.ev.Status = "deprecated"
			r.ev.SunsetDate = n.SunsetDate
			r.ev.Notice = n.Notice + " (" + n.URL + ")"
			r.notes = append(r.notes, "deprecated by a module notice read "+n.Read+" at "+n.URL)
		}
		if hit == 0 {
			g.errf("overlay moduleNotices %s settles nothing: no current event", n.Module)
		}
	}
}

func appendUnique(xs []string, x string) []string {
	for _, y := range xs {
		if y == x {
			return xs
		}
	}
	xs = append(xs, x)
	sort.Strings(xs)
	return xs
}

// provenance states the catalog's date (the newest source read) and what
// each source contributed.
func (g *gen) provenance() schema.Provenance {
	var p schema.Provenance
	docworks, pages := 0, 0
	for _, r := range g.recs {
		if r.fromPages {
			pages++
			continue
		}
		docworks++
		for _, n := range r.notes {
			if strings.HasPrefix(n, "confirmed on ") || strings.HasPrefix(n, "renamed on ") {
				pages++
				break
			}
		}
	}
	pages += len(g.out.Unnamed)
	p.Date = g.c.date
	p.Sources = append(p.Sources, schema.Source{Name: "DocWorks reference data (wix-incubator/wix-code-docs)", Pinned: g.c.pin, Facts: docworks})
	if g.pages != nil && len(g.pages.Modules) > 0 {
		p.Sources = append(p.Sources, schema.Source{Name: "dev.wix.com Velo reference pages", Pinned: "read " + g.pages.Read, Facts: pages})
		if g.pages.Read > p.Date {
			p.Date = g.pages.Read
		}
	}
	if g.sdk != nil && len(g.sdk.Pins) > 0 {
		n := 0
		for _, r := range g.recs {
			if r.sdk != nil {
				n++
			}
		}
		for _, u := range g.out.Unnamed {
			if strings.HasPrefix(u.Source, "declared by ") {
				n++
			}
		}
		p.Sources = append(p.Sources, schema.Source{Name: "@wix/auto_sdk_* typings (npm)", Pinned: fmt.Sprintf("%d packages pinned in sources/sdk.json", len(g.sdk.Pins)), Facts: n})
	}
	return p
}

// exampleFields adds to the payloads the members a page's example reads
// that neither DocWorks nor the SDK lists (`event.entity._id` where the
// type lists no _id): the example is documentation too, and a member the
// docs' own code reads must not be reported as absent. Each added member
// has type "any" and is optional, and the event's source says which were
// added. A read below a member whose fields are not known (a leaf, an
// object of unknown shape) or of an event whose payload is unknown adds
// nothing.
func (g *gen) exampleFields() {
	if g.pages == nil {
		return
	}
	reads := map[[2]string][]string{}
	for _, pm := range g.pages.Modules {
		for _, pe := range pm.Events {
			reads[[2]string{pm.Module, pe.Event}] = pe.ExampleReads
		}
	}
	for i := range g.out.Events {
		e := &g.out.Events[i]
		if e.Payload == 0 {
			continue
		}
		var added []string
		for _, read := range reads[[2]string{e.Module, e.Event}] {
			segs := readPath(read)
			if len(segs) == 0 {
				continue
			}
			if g.addReadPath(e.Payload, segs) {
				added = append(added, strings.Join(segs, "."))
			}
		}
		if len(added) > 0 {
			e.Source += "; members read by the page's example and listed by no other source, added as any: " + strings.Join(added, ", ")
		}
	}
}

// readPath splits "event.data.lines[0].sku" into data, lines, sku.
func readPath(read string) []string {
	parts := strings.Split(read, ".")
	if len(parts) < 2 || parts[0] != "event" {
		return nil
	}
	var out []string
	for _, p := range parts[1:] {
		if i := strings.IndexByte(p, '['); i >= 0 {
			p = p[:i]
		}
		if p == "" {
			return nil
		}
		out = append(out, p)
	}
	return out
}

// addReadPath makes sure type ref has the member path segs, adding what is
// missing (see exampleFields); it reports whether it added anything.
func (g *gen) addReadPath(ref int, segs []string) bool {
	added := false
	for depth, name := range segs {
		t := &g.out.Types[ref-1]
		var f *schema.Field
		for k := range t.Fields {
			if t.Fields[k].Name == name {
				f = &t.Fields[k]
			}
		}
		last := depth == len(segs)-1
		if f == nil {
			nf := schema.Field{Name: name, Type: "any", Optional: true}
			if !last && depth+1 < Depth {
				g.out.Types = append(g.out.Types, schema.Type{Name: "object"})
				nf.Type, nf.Ref = "object", len(g.out.Types)
			}
			t = &g.out.Types[ref-1] // the append may have moved the table
			t.Fields = append(t.Fields, nf)
			sort.SliceStable(t.Fields, func(a, b int) bool { return t.Fields[a].Name < t.Fields[b].Name })
			added = true
			if nf.Ref == 0 {
				return added
			}
			ref = nf.Ref
			continue
		}
		if last || f.Ref == 0 || depth+1 >= Depth {
			return added // present, or below what is known
		}
		ref = f.Ref
	}
	return added
}
