package generate

import (
	"fmt"
	"io/fs"
	"sort"
	"strings"

	"github.com/velo-lsp/velo-lsp/catalog/internal/schema"
	"github.com/velo-lsp/velo-lsp/catalog/internal/sdk"
)

// The SDK typings (catalog/sources/sdk.json pins, catalog/sources/sdk/*.json
// digests, see catalog/internal/sdk) are the third source. They never give a
// handler name (the SDK has no Velo prefixes). They give:
//
//   - the event set of a v2/v3 module: an SDK event that no page or
//     DocWorks names becomes an unnamed event of its module;
//   - the payload of an event the pages add (no DocWorks operation);
//   - a second opinion on DocWorks payloads. Where the SDK's envelope has
//     every field DocWorks documents and more, the SDK is the newer of the
//     two and its fields are used. Any other disagreement needs an overlay
//     payloads entry saying which source to use, with its reason.
//
// The envelope's metadata is the SDK's, not what Velo passes: Velo's v2
// event objects carry Velo's own metadata ({id, entityId, eventTime,
// triggeredByAnonymizeRequest}, the BackendEventMetadata of DocWorks, which
// the pages' examples read as event.metadata.id). So payloads taken from the
// SDK keep DocWorks's metadata type.

// SDKSource is the pinned SDK input: the pins and one digest per pin.
type SDKSource struct {
	Pins     []sdk.Pin
	Packages map[string]*sdk.Package // by package name
}

// LoadSDK reads catalog/sources/sdk.json and the digests beside it, checking
// that each pin has a digest of the pinned version and integrity and that
// no digest is unpinned.
func LoadSDK(sources fs.FS) (*SDKSource, error) {
	raw, err := fs.ReadFile(sources, "sdk.json")
	if err != nil {
		return nil, fmt.Errorf("sdk: %w", err)
	}
	pins, err := sdk.ParsePins(raw)
	if err != nil {
		return nil, err
	}
	s := &SDKSource{Pins: pins, Packages: map[string]*sdk.Package{}}
	want := map[string]bool{}
	for _, p := range pins {
		name := sdk.DigestFile(p.Package)
		want[name] = true
		b, err := fs.ReadFile(sources, "sdk/"+name)
		if err != nil {
			return nil, fmt.Errorf("sdk: pin %s has no digest: %w", p.Package, err)
		}
		pkg, err := sdk.UnmarshalDigest(b)
		if err != nil {
			return nil, fmt.Errorf("sdk: %s: %w", name, err)
		}
		if pkg.Name != p.Package || pkg.Version != p.Version || pkg.Integrity != p.Integrity {
			return nil, fmt.Errorf("sdk: digest %s is of %s@%s (%s), the pin says %s@%s (%s): run sdkpin",
				name, pkg.Name, pkg.Version, pkg.Integrity, p.Package, p.Version, p.Integrity)
		}
		s.Packages[p.Package] = pkg
	}
	ents, err := fs.ReadDir(sources, "sdk")
	if err != nil {
		return nil, fmt.Errorf("sdk: %w", err)
	}
	for _, e := range ents {
		if strings.HasSuffix(e.Name(), ".json") && !want[e.Name()] {
			return nil, fmt.Errorf("sdk: digest %s has no pin", e.Name())
		}
	}
	return s, nil
}

// sdkRef is an SDK event matched to a catalog event.
type sdkRef struct {
	pkg *sdk.Package
	ev  sdk.Event
}

func (r sdkRef) String() string { return r.pkg.Name + "@" + r.pkg.Version + " " + r.ev.Name }

// applySDK matches every SDK event to its catalog event, or records it as
// unnamed.
func (g *gen) applySDK() {
	if g.sdk == nil {
		return
	}
	for _, pin := range g.sdk.Pins {
		pkg := g.sdk.Packages[pin.Package]
		for _, ev := range pkg.Events {
			if ev.Hidden {
				continue
			}
			ref := sdkRef{pkg: pkg, ev: ev}
			if r := g.find(pin.VeloModule, ev.Name); r != nil {
				if r.sdk != nil && r.sdk.pkg != pkg {
					g.errf("sdk: %s %s is declared by both %s and %s", pin.VeloModule, ev.Name, r.sdk, ref)
					continue
				}
				r.sdk = &ref
				continue
			}
			g.unnamed = append(g.unnamed, schema.Unnamed{Module: pin.VeloModule, Event: ev.Name, DocsURL: g.menuURL[pin.VeloModule],
				Source: "declared by " + ref.String() + " (" + ev.EventType + "); no Velo page or DocWorks entry names its handler"})
		}
	}
}

// settlePayloads decides, for every event the SDK describes, which source
// its payload comes from (see the file comment).
func (g *gen) settlePayloads() {
	for _, r := range g.recs {
		if r.sdk == nil || r.ev.Status == "removed" {
			continue
		}
		fix := g.payloadFix(r.module, r.ev.Event, false)
		if r.ref == "" {
			if fix != nil {
				g.errf("overlay payloads %s %s settles nothing: only the SDK describes it", r.module, r.ev.Event)
			}
			r.payloadFrom = payloadSDK
			r.notes = append(r.notes, "payload from "+r.sdk.String())
			continue
		}
		dw := g.docworksNames(r.ref)
		sd := g.sdkNames(r.sdk)
		switch {
		case namesEqual(dw, sd):
			if fix != nil {
				g.errf("overlay payloads %s %s settles nothing: DocWorks and %s agree", r.module, r.ev.Event, r.sdk)
			}
			r.notes = append(r.notes, "payload agrees with "+r.sdk.String())
		case namesSubset(dw, sd):
			if fix != nil {
				g.errf("overlay payloads %s %s settles nothing: %s extends DocWorks", r.module, r.ev.Event, r.sdk)
			}
			r.payloadFrom = payloadSDK
			r.notes = append(r.notes, "payload from "+r.sdk.String()+", which has every field DocWorks documents and more")
		case fix == nil && g.payloadFix(r.module, r.ev.Event, true) == nil:
			g.errf("sdk: %s %s: DocWorks and %s disagree on the payload (DocWorks only: %s; SDK only: %s); add an overlay payloads entry",
				r.module, r.ev.Event, r.sdk, strings.Join(namesMinus(dw, sd), ", "), strings.Join(namesMinus(sd, dw), ", "))
		default:
			if fix == nil {
				fix = g.payloadFix(r.module, r.ev.Event, true)
			}
			switch fix.Use {
			case "docworks":
				r.notes = append(r.notes, "payload from DocWorks, not "+r.sdk.String()+" (settled in overlay)")
			case "sdk":
				r.payloadFrom = payloadSDK
				r.notes = append(r.notes, "payload from "+r.sdk.String()+", not DocWorks (settled in overlay)")
			case "union":
				r.payloadFrom = payloadUnion
				r.notes = append(r.notes, "payload: DocWorks's fields and "+r.sdk.String()+"'s (settled in overlay)")
			case "unknown":
				r.ref = ""
				r.notes = append(r.notes, "payload unknown: DocWorks, "+r.sdk.String()+" and the page disagree (settled in overlay)")
			default:
				g.errf("overlay payloads %s %s: use %q, want docworks, sdk, union or unknown", r.module, r.ev.Event, fix.Use)
			}
		}
	}
	for i, p := range g.ov.Payloads {
		if !g.used[fmt.Sprintf("payloads/%d", i)] {
			continue
		}
		if r := g.find(p.Module, p.Event); p.Event != "*" && (r == nil || r.sdk == nil) {
			g.errf("overlay payloads %s %s: no event the SDK describes", p.Module, p.Event)
		}
	}
}

// payloadFix finds the overlay entry for an event, exact first; a module's
// "*" entry is only consulted (and only counts as used) for a conflict.
func (g *gen) payloadFix(module, event string, conflict bool) *PayloadSource {
	for _, wild := range []bool{false, true} {
		if wild && !conflict {
			break
		}
		for i := range g.ov.Payloads {
			if p := &g.ov.Payloads[i]; p.Module == module && (p.Event == event && !wild || p.Event == "*" && wild) {
				g.used[fmt.Sprintf("payloads/%d", i)] = true
				return p
			}
		}
	}
	return nil
}

// Where a payload comes from.
const (
	payloadDocWorks = iota
	payloadSDK
	payloadUnion
)

// payloadNames are the names a payload documents, two levels deep and
// without the metadata (whose source is Velo's, whatever the payload's):
// "entity", "entity._id", ….
type payloadNames map[string]bool

func (g *gen) docworksNames(ref string) payloadNames {
	out := payloadNames{}
	m, _ := g.c.resolve(ref)
	if m == nil {
		return out
	}
	for _, mem := range m.Members {
		if mem.Name == "metadata" {
			continue
		}
		out[mem.Name] = true
		_, _, sub := combine(parseType(mem.Type))
		if sm, _ := g.c.resolve(sub); sm != nil {
			for _, s := range sm.Members {
				out[mem.Name+"."+s.Name] = true
			}
		}
	}
	return out
}

func (g *gen) sdkNames(r *sdkRef) payloadNames {
	out := payloadNames{}
	for _, f := range r.pkg.AllFields(r.ev.Envelope) {
		if f.Name == "metadata" || f.Hidden || f.Index {
			continue
		}
		out[f.Name] = true
		sub := f.Fields
		if f.Ref != "" {
			sub = r.pkg.AllFields(f.Ref)
		}
		for _, s := range sub {
			if !s.Hidden && !s.Index {
				out[f.Name+"."+s.Name] = true
			}
		}
	}
	return out
}

func namesEqual(a, b payloadNames) bool { return len(a) == len(b) && namesSubset(a, b) }

func namesSubset(a, b payloadNames) bool {
	for n := range a {
		if !b[n] {
			return false
		}
	}
	return true
}

func namesMinus(a, b payloadNames) []string {
	var out []string
	for n := range a {
		if !b[n] {
			out = append(out, n)
		}
	}
	sort.Strings(out)
	if len(out) > 8 {
		out = append(out[:8], fmt.Sprintf("… %d more", len(out)-8))
	}
	return out
}

// veloMetadataRef is the DocWorks type of the metadata Velo passes with a v2
// event, used for payloads taken from the SDK. DocWorks declares it once per
// entity ("…GroupBackendEventMetadata"), always with the same members; the
// first such message in name order is used.
func (g *gen) veloMetadataRef() string {
	var names []string
	for q, m := range g.c.messages {
		if !strings.HasSuffix(q, "BackendEventMetadata") {
			continue
		}
		var members []string
		for _, mem := range m.Members {
			members = append(members, mem.Name)
		}
		sort.Strings(members)
		if strings.Join(members, ",") == "entityId,eventTime,id,triggeredByAnonymizeRequest" {
			names = append(names, q)
		}
	}
	sort.Strings(names)
	if len(names) == 0 {
		g.errf("no BackendEventMetadata message in DocWorks: the SDK payloads would lack Velo's metadata")
		return ""
	}
	return names[0]
}

// addSDKPayload lays out the payload of an SDK envelope: its fields but the
// metadata, which is Velo's; with union, DocWorks's fields first and the
// SDK's that DocWorks lacks after them.
func (t *typeTable) addSDKPayload(r *rec, metaRef string, depth int) int {
	env := r.sdk.ev.Envelope
	key := "sdk:" + r.sdk.pkg.Name + "#" + env
	if r.payloadFrom == payloadUnion {
		key += "+" + r.ref
	}
	if idx, ok := t.index[key]; ok && t.depth[key] >= depth {
		return idx
	}
	idx := t.reserve(key, env, depth)
	dwRef := ""
	if r.payloadFrom == payloadUnion {
		dwRef = r.ref
	}
	fields := t.mergedFields(dwRef, r.sdk.pkg, r.sdk.pkg.AllFields(env), depth)
	for i, f := range fields {
		if f.Name == "metadata" {
			// Velo's metadata, not the SDK's (see the file comment).
			fields[i] = schema.Field{Name: "metadata", Type: "BackendEventMetadata"}
			if metaRef != "" && depth > 1 {
				fields[i].Ref = t.add(metaRef, depth-1)
			}
		}
	}
	t.list[idx-1].Fields = fields
	return idx
}

// mergedFields lays out the SDK fields of a type and, when dwRef names a
// DocWorks message, that message's fields too: a field both have is
// DocWorks's, with the two object types merged the same way below it.
func (t *typeTable) mergedFields(dwRef string, pkg *sdk.Package, sdkFields []sdk.Field, depth int) []schema.Field {
	var out []schema.Field
	byName := map[string]sdk.Field{}
	for _, f := range sdkFields {
		if !f.Hidden && !f.Index {
			byName[f.Name] = f
		}
	}
	have := map[string]bool{}
	if m, _ := t.c.resolve(dwRef); dwRef != "" && m != nil {
		for _, mem := range m.Members {
			have[mem.Name] = true
			sf, both := byName[mem.Name]
			_, _, sub := combine(parseType(mem.Type))
			if !both || sub == "" || depth <= 1 || sf.Ref == "" && len(sf.Fields) == 0 {
				out = append(out, t.docworksField(mem, depth))
				continue
			}
			f := t.docworksField(mem, 1)
			f.Ref = t.addMerged(sub, pkg, sf, depth-1)
			out = append(out, f)
		}
	}
	for _, f := range sdkFields {
		if f.Hidden || f.Index || have[f.Name] {
			continue
		}
		out = append(out, t.sdkField(pkg, f, depth))
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// addMerged is the merged type of a DocWorks message and an SDK field's
// object type.
func (t *typeTable) addMerged(dwRef string, pkg *sdk.Package, sf sdk.Field, depth int) int {
	sub := sf.Fields
	key := "merged:" + dwRef + "+" + pkg.Name + "#" + sf.Ref
	if sf.Ref != "" {
		sub = pkg.AllFields(sf.Ref)
	} else {
		key += "." + sf.Name
	}
	if idx, ok := t.index[key]; ok && t.depth[key] >= depth {
		return idx
	}
	_, q := t.c.resolve(dwRef)
	idx := t.reserve(key, q[strings.LastIndex(q, ".")+1:], depth)
	t.list[idx-1].Fields = t.mergedFields(dwRef, pkg, sub, depth)
	return idx
}

func (t *typeTable) sdkField(pkg *sdk.Package, f sdk.Field, depth int) schema.Field {
	out := schema.Field{Name: f.Name, Type: sdkDisplay(f.Type), Array: f.Array, Optional: f.Optional || f.Nullable}
	if f.Ref != "" {
		if typ := pkg.Type(f.Ref); typ != nil && (typ.Kind == sdk.KindEnum || typ.Kind == sdk.KindUnion) {
			out.Values = typ.Values
		}
	}
	if depth <= 1 {
		return out
	}
	switch {
	case f.Ref != "":
		out.Ref = t.addSDKType(pkg, f.Ref, depth-1)
	case len(f.Fields) > 0:
		out.Ref = t.addInline(pkg, f, depth-1)
	}
	return out
}

// sdkDisplay shortens the SDK's display types the catalog shows.
func sdkDisplay(s string) string {
	switch s {
	case "":
		return "any"
	case "Record<string, any>":
		return "Object"
	}
	return s
}

func (t *typeTable) addSDKType(pkg *sdk.Package, name string, depth int) int {
	typ := pkg.Type(name)
	if typ == nil {
		return 0
	}
	fields := pkg.AllFields(name)
	if len(fields) == 0 {
		return 0 // an enum, a union of literals, an opaque shape: a leaf
	}
	key := "sdk:" + pkg.Name + "#" + name
	if idx, ok := t.index[key]; ok && t.depth[key] >= depth {
		return idx
	}
	idx := t.reserve(key, name, depth)
	out := make([]schema.Field, 0, len(fields))
	for _, f := range fields {
		if f.Hidden || f.Index {
			continue
		}
		out = append(out, t.sdkField(pkg, f, depth))
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	t.list[idx-1].Fields = out
	return idx
}

func (t *typeTable) addInline(pkg *sdk.Package, f sdk.Field, depth int) int {
	idx := len(t.list) + 1
	t.list = append(t.list, schema.Type{Name: "object"})
	out := make([]schema.Field, 0, len(f.Fields))
	for _, s := range f.Fields {
		if !s.Hidden && !s.Index {
			out = append(out, t.sdkField(pkg, s, depth))
		}
	}
	t.list[idx-1].Fields = out
	return idx
}

// reserve returns the index of the type under key, adding an empty entry
// when there is none, and records the depth it is being expanded with.
func (t *typeTable) reserve(key, name string, depth int) int {
	if t.depth == nil {
		t.depth = map[string]int{}
	}
	idx, ok := t.index[key]
	if !ok {
		t.list = append(t.list, schema.Type{Name: name})
		idx = len(t.list)
		t.index[key] = idx
	}
	t.depth[key] = depth
	return idx
}

func (t *typeTable) docworksField(mem member, depth int) schema.Field {
	name, array, r := combine(parseType(mem.Type))
	f := schema.Field{Name: mem.Name, Type: name, Array: array, Optional: mem.Optional}
	if r != "" && depth > 1 {
		f.Ref = t.add(r, depth-1)
	}
	return f
}
