// Package generate builds the catalog data file from the DocWorks sources in
// ../shared/velo-docs and the hand-kept overlay (catalog/overlay.json).
//
// It is used by the generator command (catalog/internal/gen) and by the
// catalog's up-to-date test. Every fact comes from a source file or from an
// overlay entry with a reason; a disagreement between sources that no overlay
// entry settles is an error, and so is an overlay entry that settles nothing.
package generate

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"regexp"
	"sort"
	"strings"
	"unicode"

	"github.com/velo-lsp/velo-lsp/analyzer/jsparse"
	"github.com/velo-lsp/velo-lsp/catalog/internal/schema"
)

// Depth is how many levels of payload fields the loader expands.
const Depth = 5

// HandlerRE is the shape every handler name has.
var HandlerRE = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9]*_on[A-Z]\w*$`)

var (
	// proseExportRE finds handler names written in a module's introduction
	// (prose, where code is quoted inline); code examples are read by the
	// scanner (exampleNames).
	proseExportRE = regexp.MustCompile(`export\s+(?:async\s+)?function\s+([A-Za-z_$][\w$]*)|export\s+(?:const|let|var)\s+([A-Za-z_$][\w$]*)`)
	deprecRE      = regexp.MustCompile(`(?i)deprecat`)
	dateRE        = regexp.MustCompile(`(January|February|March|April|May|June|July|August|September|October|November|December) (\d{1,2}), (\d{4})`)
	qualRefRE     = regexp.MustCompile(`(wix-[a-z0-9-]+(?:\.v2)?)\.[Ee]vents\.(on[A-Z]\w*)\(\)`)
	urlRefRE      = regexp.MustCompile(`dev\.wix\.com/docs/velo/(?:api-reference|apis)/(wix-[a-z0-9-]+)/events/(on-[a-z0-9-]+)`)
	localRefRE    = regexp.MustCompile("`(on[A-Z]\\w*)\\(\\)`")
)

var months = map[string]string{
	"January": "01", "February": "02", "March": "03", "April": "04", "May": "05", "June": "06",
	"July": "07", "August": "08", "September": "09", "October": "10", "November": "11", "December": "12",
}

// DocsBase is the root of the event pages; see catalog/CATALOG_JSON.md.
const DocsBase = "https://dev.wix.com/docs/velo/api-reference/"

// Report lists what the generator found and how each finding was settled.
type Report struct {
	Notes []string
}

func (r *Report) addf(format string, args ...any) {
	r.Notes = append(r.Notes, fmt.Sprintf(format, args...))
}

type rec struct {
	svc    *service
	op     *operation
	module string // catalog module name: "wix-bookings.v2"
	folder string // DocWorks module (memberOf): "wix-bookings-v2"
	ev     schema.Event
	ref    string   // payload type reference
	notes  []string // how the entry was settled, for Source
	// fromPages: the event is known from dev.wix.com pages only (no
	// DocWorks operation behind it).
	fromPages bool
	// sdk is the SDK event that describes this one, if any; payloadFrom
	// says which source the payload is laid out from.
	sdk         *sdkRef
	payloadFrom int
}

// Inputs are the generator's pinned sources.
type Inputs struct {
	Docs    fs.FS      // the DocWorks tree (../shared/velo-docs)
	Overlay []byte     // catalog/overlay.json
	Pages   []byte     // catalog/sources/pages.json; nil: none
	SDK     *SDKSource // catalog/sources/sdk.json and sdk/*.json; nil: none
}

// Generate reads the sources and returns the catalog data.
func Generate(in Inputs) (*schema.File, *Report, error) {
	ov, err := ParseOverlay(in.Overlay)
	if err != nil {
		return nil, nil, err
	}
	pages, err := ParsePages(in.Pages)
	if err != nil {
		return nil, nil, err
	}
	c, err := readCorpus(in.Docs)
	if err != nil {
		return nil, nil, err
	}
	g := &gen{c: c, ov: ov, pages: pages, sdk: in.SDK, rep: &Report{}, used: map[string]bool{},
		renamed: map[string]string{}, menuURL: map[string]string{}}
	if err := g.run(); err != nil {
		return nil, g.rep, err
	}
	return &g.out, g.rep, nil
}

// EncodeBinary is the embedded form (catalog.bin, see schema.EncodeBinary):
// fast to load.
func EncodeBinary(f *schema.File) ([]byte, error) { return schema.EncodeBinary(f), nil }

// EncodeJSON is the review form (catalog.json): the same data, one event
// per line, so that a change to the catalog reads as a diff.
func EncodeJSON(f *schema.File) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	line := func(v any) error { return enc.Encode(v) }
	fmt.Fprintf(&buf, "{\"version\":%d,\"depth\":%d,\n", f.Version, f.Depth)
	sections := []struct {
		key string
		n   int
		at  func(int) any
	}{
		{"modules", len(f.Modules), func(i int) any { return f.Modules[i] }},
		{"events", len(f.Events), func(i int) any { return f.Events[i] }},
		{"types", len(f.Types), func(i int) any { return f.Types[i] }},
		{"prefixAliases", len(f.PrefixAliases), func(i int) any { return f.PrefixAliases[i] }},
		{"dataHooks", len(f.DataHooks), func(i int) any { return f.DataHooks[i] }},
		{"unnamed", len(f.Unnamed), func(i int) any { return f.Unnamed[i] }},
	}
	for _, sec := range sections {
		fmt.Fprintf(&buf, "\"%s\":[\n", sec.key)
		for i := 0; i < sec.n; i++ {
			if err := line(sec.at(i)); err != nil {
				return nil, err
			}
			if i < sec.n-1 {
				buf.Truncate(buf.Len() - 1)
				buf.WriteString(",\n")
			}
		}
		buf.WriteString("],\n")
	}
	buf.WriteString("\"provenance\":")
	if err := line(f.Provenance); err != nil {
		return nil, err
	}
	buf.Truncate(buf.Len() - 1)
	buf.WriteString("}\n")
	return buf.Bytes(), nil
}

type gen struct {
	c     *corpus
	ov    *Overlay
	pages *Pages
	sdk   *SDKSource
	rep   *Report
	used  map[string]bool // overlay entries applied, by kind+index
	recs  []*rec
	out   schema.File
	errs  []string

	renamed map[string]string // DocWorks handler name → the name the pages show
	menuURL map[string]string // module → its events menu as read on the pages
	unnamed []schema.Unnamed
}

func (g *gen) errf(format string, args ...any) { g.errs = append(g.errs, fmt.Sprintf(format, args...)) }

func (g *gen) run() error {
	modDeprecated := map[string]bool{}
	modFolder := map[string]string{}
	for _, s := range g.c.events {
		module := moduleName(s)
		modFolder[module] = s.MemberOf
		if strings.HasPrefix(strings.TrimSpace(s.Docs.Summary), "**Deprecated") {
			modDeprecated[module] = true
		}
		for i := range s.Ops {
			op := &s.Ops[i]
			if g.alias(module, op) {
				continue
			}
			r := &rec{svc: s, op: op, module: module, folder: s.MemberOf}
			r.ev.Module = module
			r.ev.Event = op.Name
			g.handler(r)
			g.recs = append(g.recs, r)
		}
	}
	g.checkAliasTargets()
	g.proseNames()
	for _, r := range g.recs {
		g.status(r, modDeprecated[r.module])
		g.maturity(r)
		g.payload(r)
		r.ev.Description = describe(r.op.Name)
		r.ev.DocsURL = DocsBase + r.folder + "/events/" + kebab(r.op.Name)
		r.ev.Example = exampleObject(r.op)
		if r.ev.Example != "" {
			r.ev.Source += "; example event object from " + r.svc.file + "#" + r.op.Name
		}
	}
	g.applyPages()
	g.applySDK()
	g.settlePayloads()
	g.moduleNotices()
	for _, r := range g.recs {
		if !r.fromPages {
			g.replacement(r)
		}
	}
	g.removed()
	g.typings()
	g.prefixAliases()
	g.unused()
	if len(g.errs) > 0 {
		return fmt.Errorf("generate: %d problem(s):\n  %s", len(g.errs), strings.Join(g.errs, "\n  "))
	}
	g.assemble(modDeprecated, modFolder)
	return nil
}

// moduleName is the name a site imports: v2 modules carry their client id
// ("wix-bookings.v2-events" → "wix-bookings.v2"), legacy ones their DocWorks
// module ("wix-billing-backend").
func moduleName(s *service) string {
	if s.ClientID != "" {
		return strings.TrimSuffix(s.ClientID, "-events")
	}
	return s.MemberOf
}

func (g *gen) alias(module string, op *operation) bool {
	for i, a := range g.ov.Aliases {
		if a.Module == module && a.Event == op.Name {
			g.used[fmt.Sprintf("aliases/%d", i)] = true
			g.rep.addf("%s %s: alias of %s, not a separate handler (%s)", module, op.Name, a.AliasOf, a.Reason)
			return true
		}
	}
	return false
}

func (g *gen) checkAliasTargets() {
	for _, a := range g.ov.Aliases {
		var target *rec
		for _, r := range g.recs {
			if r.module == a.Module && r.op.Name == a.AliasOf {
				target = r
			}
		}
		if target == nil {
			g.errf("overlay alias %s %s: target %s not found", a.Module, a.Event, a.AliasOf)
			continue
		}
		target.notes = append(target.notes, "also documented as "+a.Event+" (alias, settled in overlay)")
	}
}

// exampleNames are the handler-shaped names exported by an operation's
// examples, in order, without repeats.
func exampleNames(op *operation) []string {
	var out []string
	seen := map[string]bool{}
	for _, ex := range op.Docs.Examples {
		// The examples are code: read by the analyzer's scanner (it
		// tolerates the snippets' gaps), never by a pattern, so that a name
		// in a comment or a string is not taken for an export.
		body := strings.Join(ex.Body, "\n")
		for _, e := range jsparse.Parse([]byte(body), jsparse.LangTS).Exports {
			if e.Form != jsparse.FormFunctionDecl && e.Form != jsparse.FormVariable {
				continue
			}
			if HandlerRE.MatchString(e.Name) && !seen[e.Name] {
				seen[e.Name] = true
				out = append(out, e.Name)
			}
		}
	}
	return out
}

// exampleObject is the full event object an operation's examples show in
// a comment ("Full event object: { … }"), as compact JSON, or "" when none
// parses: the values are facts of the docs, for sample events.
func exampleObject(op *operation) string {
	for _, ex := range op.Docs.Examples {
		body := strings.Join(ex.Body, "\n")
		i := strings.Index(body, "Full event object")
		if i < 0 {
			continue
		}
		rest := body[i:]
		if end := strings.Index(rest, "*/"); end >= 0 {
			rest = rest[:end]
		}
		var lines []string
		for _, l := range strings.Split(rest, "\n")[1:] {
			l = strings.TrimSpace(l)
			l = strings.TrimPrefix(l, "*")
			lines = append(lines, l)
		}
		text := strings.TrimSpace(strings.Join(lines, "\n"))
		var v map[string]any
		if json.Unmarshal([]byte(text), &v) != nil || len(v) == 0 {
			continue
		}
		b, err := json.Marshal(v)
		if err != nil {
			continue
		}
		return string(b)
	}
	return ""
}

func eventPart(handler string) string {
	if i := strings.IndexByte(handler, '_'); i >= 0 {
		return handler[i+1:]
	}
	return ""
}

// handler settles the handler name of one operation from syntaxName and the
// examples, or from the overlay when they disagree.
func (g *gen) handler(r *rec) {
	op := r.op
	sn := op.SyntaxName
	exs := exampleNames(op)
	cands := map[string]bool{}
	if sn != "" {
		cands[sn] = true
	}
	for _, e := range exs {
		cands[e] = true
	}
	var fix *HandlerFix
	for i := range g.ov.Handlers {
		h := &g.ov.Handlers[i]
		if h.Module == r.module && h.Event == op.Name {
			fix = h
			g.used[fmt.Sprintf("handlers/%d", i)] = true
		}
	}
	clean := ""
	if len(cands) == 1 {
		for name := range cands {
			if eventPart(name) == op.Name {
				clean = name
			}
		}
	}
	file := r.svc.file + "#" + op.Name
	if clean != "" {
		if fix != nil {
			g.errf("overlay handler %s %s settles nothing: the sources agree on %s", r.module, op.Name, clean)
			return
		}
		r.ev.Handler = clean
		how := []string{}
		if sn != "" {
			how = append(how, "syntaxName")
		}
		if len(exs) > 0 {
			how = append(how, "example code")
		}
		r.ev.Source = file + " (" + strings.Join(how, " + ") + ")"
		return
	}
	conflict := fmt.Sprintf("%s %s: syntaxName=%q examples=%q", r.module, op.Name, sn, exs)
	if fix == nil {
		g.errf("unsettled handler conflict: %s; add an overlay handlers entry", conflict)
		return
	}
	if !HandlerRE.MatchString(fix.Handler) || eventPart(fix.Handler) != op.Name {
		g.errf("overlay handler %s for %s %s does not name that event", fix.Handler, r.module, op.Name)
		return
	}
	r.ev.Handler = fix.Handler
	r.ev.Source = file + " (settled in overlay: " + fix.Reason + ")"
	g.rep.addf("conflict %s → %s (%s)", conflict, fix.Handler, fix.Reason)
}

// proseNames checks the handler names written in each module's introduction
// against the module's events.
func (g *gen) proseNames() {
	for _, s := range g.c.events {
		module := moduleName(s)
		body := s.Docs.text()
		for _, m := range proseExportRE.FindAllStringSubmatch(body, -1) {
			name := m[1] + m[2]
			if !HandlerRE.MatchString(name) {
				continue
			}
			found := false
			for _, r := range g.recs {
				if r.module == module && r.ev.Handler == name {
					found = true
				}
			}
			settled := false
			for i, p := range g.ov.ProseNames {
				if p.Module == module && p.Name == name {
					settled = true
					g.used[fmt.Sprintf("proseNames/%d", i)] = true
					if found {
						g.errf("overlay proseNames %s %s settles nothing: an event has that handler", module, name)
					} else {
						g.rep.addf("%s introduction names %s, which no example uses; ignored (%s)", module, name, p.Reason)
					}
				}
			}
			if !found && !settled {
				g.errf("%s introduction names %s, which no event of the module has; add an overlay proseNames entry", module, name)
			}
		}
	}
}

func (g *gen) status(r *rec, moduleDeprecated bool) {
	text := r.op.Docs.text()
	r.ev.Status = "current"
	if !deprecRE.MatchString(text) && !moduleDeprecated {
		return
	}
	r.ev.Status = "deprecated"
	if d := dateRE.FindStringSubmatch(text); d != nil {
		r.ev.SunsetDate = isoDate(d)
	} else if moduleDeprecated {
		if d := dateRE.FindStringSubmatch(r.svc.Docs.text()); d != nil {
			r.ev.SunsetDate = isoDate(d)
		}
	}
}

func isoDate(m []string) string {
	day := m[2]
	if len(day) == 1 {
		day = "0" + day
	}
	return m[3] + "-" + months[m[1]] + "-" + day
}

func (g *gen) maturity(r *rec) {
	r.ev.Maturity = "stable"
	for _, l := range r.op.CustomLabels {
		if l.ID == "maturity-beta" {
			r.ev.Maturity = "developer-preview"
		}
	}
}

func (g *gen) payload(r *rec) {
	if len(r.op.Params) == 0 {
		g.errf("%s %s has no event parameter", r.module, r.op.Name)
		return
	}
	name, _, ref := combine(parseType(r.op.Params[0].Type))
	r.ev.PayloadType = name
	r.ref = ref
	for i, p := range g.ov.PayloadTypes {
		if p.Module == r.module && p.Event == r.op.Name {
			g.used[fmt.Sprintf("payloadTypes/%d", i)] = true
			if m, _ := g.c.resolve(ref); m != nil {
				g.errf("overlay payloadTypes %s %s settles nothing: %s resolves", r.module, r.op.Name, ref)
			}
			if m, _ := g.c.resolve(p.Type); m == nil {
				g.errf("overlay payloadTypes %s %s: %s names no message either", r.module, r.op.Name, p.Type)
			}
			g.rep.addf("%s %s: payload reference %s names no message; using %s (%s)", r.module, r.op.Name, ref, p.Type, p.Reason)
			r.ref = p.Type
			r.notes = append(r.notes, "payload type settled in overlay")
		}
	}
}

// find returns the event of a module (by catalog name or DocWorks name).
func (g *gen) find(module, event string) *rec {
	for _, r := range g.recs {
		if (r.module == module || r.folder == module) && r.op.Name == event {
			return r
		}
	}
	return nil
}

// replacement follows the deprecation text to the replacing handler: a
// qualified reference (`wix-ecom-backend.Events.onCartCreated()`), a link to
// an event page, or a backticked event of the same module.
func (g *gen) replacement(r *rec) {
	if r.ev.Status != "deprecated" {
		for i, o := range g.ov.Replacements {
			if o.Module == r.module && o.Event == r.op.Name {
				g.used[fmt.Sprintf("replacements/%d", i)] = true
				g.errf("overlay replacement %s %s: the event is not deprecated", r.module, r.op.Name)
			}
		}
		return
	}
	text := r.op.Docs.text()
	var target *rec
	if m := qualRefRE.FindStringSubmatch(text); m != nil {
		target = g.find(m[1], m[2])
	}
	if target == nil {
		if m := urlRefRE.FindStringSubmatch(text); m != nil {
			target = g.find(m[1], camel(m[2]))
		}
	}
	if target == nil {
		for _, m := range localRefRE.FindAllStringSubmatch(text, -1) {
			if m[1] != r.op.Name {
				if t := g.find(r.module, m[1]); t != nil {
					target = t
					break
				}
			}
		}
	}
	for i, o := range g.ov.Replacements {
		if o.Module != r.module || o.Event != r.op.Name {
			continue
		}
		g.used[fmt.Sprintf("replacements/%d", i)] = true
		if target != nil {
			g.errf("overlay replacement %s %s settles nothing: the docs text names %s", r.module, r.op.Name, target.ev.Handler)
			return
		}
		if !g.handlerExists(o.Replacement) {
			g.errf("overlay replacement %s for %s %s is not in the catalog", o.Replacement, r.module, r.op.Name)
			return
		}
		r.ev.Replacement = g.currentName(o.Replacement)
		r.notes = append(r.notes, "replacement settled in overlay")
		g.rep.addf("%s %s: replacement %s from overlay (%s)", r.module, r.op.Name, o.Replacement, o.Reason)
		return
	}
	if target != nil {
		r.ev.Replacement = target.ev.Handler
	}
}

func (g *gen) handlerExists(h string) bool {
	for _, r := range g.recs {
		if r.ev.Handler == h {
			return true
		}
		for _, a := range r.ev.Aliases {
			if a == h {
				return true
			}
		}
	}
	return false
}

func (g *gen) removed() {
	for i, o := range g.ov.Removed {
		g.used[fmt.Sprintf("removed/%d", i)] = true
		if !HandlerRE.MatchString(o.Handler) || eventPart(o.Handler) != o.Event {
			g.errf("overlay removed %s: handler %s does not name event %s", o.Module, o.Handler, o.Event)
			continue
		}
		if g.handlerExists(o.Handler) {
			g.errf("overlay removed %s is still documented", o.Handler)
			continue
		}
		if o.Replacement != "" && !g.handlerExists(o.Replacement) {
			g.errf("overlay removed %s: replacement %s is not in the catalog", o.Handler, o.Replacement)
			continue
		}
		var folder string
		for _, s := range g.c.events {
			if moduleName(s) == o.Module {
				folder = s.MemberOf
			}
		}
		if folder == "" {
			g.errf("overlay removed %s: module %s not found", o.Handler, o.Module)
			continue
		}
		r := &rec{module: o.Module, folder: folder}
		r.ev = schema.Event{
			Module: o.Module, Event: o.Event, Handler: o.Handler, Status: "removed",
			Replacement: g.currentName(o.Replacement), Maturity: "stable", Description: describe(o.Event),
			DocsURL: DocsBase + folder + "/events/" + kebab(o.Event),
			Source:  o.Source + " (settled in overlay: " + o.Reason + ")",
		}
		r.op = &operation{Name: o.Event}
		g.recs = append(g.recs, r)
		g.rep.addf("removed %s → %s (%s)", o.Handler, o.Replacement, o.Reason)
	}
}

func (g *gen) typings() {
	for i, t := range g.ov.Typings {
		g.used[fmt.Sprintf("typings/%d", i)] = true
		r := g.find(t.Module, t.Event)
		switch t.Finding {
		case "missing-in-typings":
			if r == nil || r.ev.Status == "removed" {
				g.errf("overlay typings %s %s: the docs no longer declare it", t.Module, t.Event)
			}
		case "only-in-typings":
			if r != nil && r.ev.Status != "removed" {
				g.errf("overlay typings %s %s: the docs declare it now", t.Module, t.Event)
			}
		case "alias-in-typings":
			found := false
			for _, a := range g.ov.Aliases {
				if a.Module == t.Module && a.Event == t.Event {
					found = true
				}
			}
			if !found {
				g.errf("overlay typings %s %s: no alias entry", t.Module, t.Event)
			}
		default:
			g.errf("overlay typings %s %s: unknown finding %q", t.Module, t.Event, t.Finding)
		}
	}
}

func (g *gen) prefixAliases() {
	prefixes := map[string]bool{}
	for _, r := range g.recs {
		prefixes[strings.SplitN(r.ev.Handler, "_", 2)[0]] = true
	}
	for i, p := range g.ov.PrefixAliases {
		g.used[fmt.Sprintf("prefixAliases/%d", i)] = true
		if !prefixes[p.Prefix] {
			g.errf("overlay prefixAliases %s → %s: no event has that prefix", p.Wrong, p.Prefix)
		}
		if prefixes[p.Wrong] {
			g.errf("overlay prefixAliases %s is a real prefix", p.Wrong)
		}
		g.out.PrefixAliases = append(g.out.PrefixAliases, schema.PrefixAlias{Wrong: p.Wrong, Prefix: p.Prefix})
	}
}

func (g *gen) unused() {
	kinds := map[string]int{
		"handlers": len(g.ov.Handlers), "aliases": len(g.ov.Aliases), "replacements": len(g.ov.Replacements),
		"removed": len(g.ov.Removed), "payloadTypes": len(g.ov.PayloadTypes), "proseNames": len(g.ov.ProseNames),
		"prefixAliases": len(g.ov.PrefixAliases), "typings": len(g.ov.Typings),
		"pageNames": len(g.ov.PageNames), "moduleNotices": len(g.ov.ModuleNotices), "payloads": len(g.ov.Payloads),
	}
	for kind, n := range kinds {
		for i := 0; i < n; i++ {
			if !g.used[fmt.Sprintf("%s/%d", kind, i)] {
				g.errf("overlay %s[%d] matches no event", kind, i)
			}
		}
	}
}

// assemble sorts everything and lays out the types table.
func (g *gen) assemble(modDeprecated map[string]bool, modFolder map[string]string) {
	sort.SliceStable(g.recs, func(i, j int) bool {
		a, b := g.recs[i].ev, g.recs[j].ev
		if a.Handler != b.Handler {
			return a.Handler < b.Handler
		}
		return a.Module < b.Module
	})
	types := &typeTable{c: g.c, index: map[string]int{}}
	metaRef := g.veloMetadataRef()
	prefixCount := map[string]map[string]int{}
	for _, r := range g.recs {
		if len(r.notes) > 0 {
			r.ev.Source += "; " + strings.Join(r.notes, "; ")
		}
		switch {
		case r.ev.Status == "removed":
		case r.payloadFrom != payloadDocWorks:
			r.ev.Payload = types.addSDKPayload(r, metaRef, Depth)
			if r.ev.PayloadType == "" {
				r.ev.PayloadType = r.sdk.ev.Envelope
			}
		case r.ref != "":
			r.ev.Payload = types.add(r.ref, Depth)
		}
		if prefixCount[r.module] == nil {
			prefixCount[r.module] = map[string]int{}
		}
		if r.ev.Status != "removed" {
			prefixCount[r.module][strings.SplitN(r.ev.Handler, "_", 2)[0]]++
			for _, a := range r.ev.Aliases {
				if p := strings.SplitN(a, "_", 2)[0]; prefixCount[r.module][p] == 0 {
					// An older name's prefix is listed after the current ones.
					prefixCount[r.module][p] = 0
				}
			}
		}
		g.out.Events = append(g.out.Events, r.ev)
	}
	var names []string
	for m := range prefixCount {
		names = append(names, m)
	}
	sort.Strings(names)
	for _, m := range names {
		var ps []string
		for p := range prefixCount[m] {
			ps = append(ps, p)
		}
		pc := prefixCount[m]
		sort.Slice(ps, func(i, j int) bool {
			if pc[ps[i]] != pc[ps[j]] {
				return pc[ps[i]] > pc[ps[j]]
			}
			return ps[i] < ps[j]
		})
		status := "current"
		if modDeprecated[m] {
			status = "deprecated"
		}
		docs := g.menuURL[m]
		if docs == "" && modFolder[m] != "" {
			docs = DocsBase + modFolder[m]
		}
		if docs == "" {
			g.errf("module %s has no docs URL (no DocWorks folder, no events menu read)", m)
		}
		g.out.Modules = append(g.out.Modules, schema.Module{
			Name: m, Prefixes: ps, DocsURL: docs, Status: status,
		})
	}
	known := map[[2]string]bool{}
	for _, r := range g.recs {
		known[[2]string{r.module, r.ev.Event}] = true
	}
	for _, u := range g.unnamed {
		if k := [2]string{u.Module, u.Event}; !known[k] {
			known[k] = true
			g.out.Unnamed = append(g.out.Unnamed, u)
		}
	}
	sort.Slice(g.out.Unnamed, func(i, j int) bool {
		a, b := g.out.Unnamed[i], g.out.Unnamed[j]
		if a.Module != b.Module {
			return a.Module < b.Module
		}
		return a.Event < b.Event
	})
	g.out.Provenance = g.provenance()
	g.out.Version = schema.Version
	g.out.Depth = Depth
	g.out.Types = types.list
	g.exampleFields()
	g.out.DataHooks = g.c.hooks
	sort.Slice(g.out.PrefixAliases, func(i, j int) bool { return g.out.PrefixAliases[i].Wrong < g.out.PrefixAliases[j].Wrong })
}

// typeTable holds each message reachable from a payload within Depth levels,
// once, in first-reached order.
type typeTable struct {
	c     *corpus
	index map[string]int // qualified name → 1-based index
	depth map[string]int // deepest remaining depth each type was expanded with
	list  []schema.Type
}

func (t *typeTable) add(ref string, depth int) int {
	m, q := t.c.resolve(ref)
	if m == nil || len(m.Members) == 0 {
		return 0
	}
	if idx, ok := t.index[q]; ok && t.depth[q] >= depth {
		return idx
	}
	idx := t.reserve(q, q[strings.LastIndex(q, ".")+1:], depth)
	fields := make([]schema.Field, 0, len(m.Members))
	for _, mem := range m.Members {
		fields = append(fields, t.docworksField(mem, depth))
	}
	t.list[idx-1].Fields = fields
	return idx
}

// kebab turns "onInvoicePaid" into "on-invoice-paid", the page slug.
func kebab(s string) string {
	var b strings.Builder
	for i, r := range s {
		if unicode.IsUpper(r) {
			if i > 0 {
				b.WriteByte('-')
			}
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// camel turns "on-member-created" into "onMemberCreated".
func camel(s string) string {
	parts := strings.Split(s, "-")
	for i := 1; i < len(parts); i++ {
		if parts[i] != "" {
			parts[i] = strings.ToUpper(parts[i][:1]) + parts[i][1:]
		}
	}
	return strings.Join(parts, "")
}

// describe writes the one-line description from the event name itself:
// "onInvoicePaid" → "Invoice paid.".
func describe(event string) string {
	words := strings.Split(kebab(strings.TrimPrefix(event, "on")), "-")
	s := strings.Join(words, " ")
	if s == "" {
		return ""
	}
	return strings.ToUpper(s[:1]) + s[1:] + "."
}
