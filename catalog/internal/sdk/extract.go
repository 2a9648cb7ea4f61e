package sdk

import (
	"encoding/json"
	"errors"
	"fmt"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Extract reads a package's files (paths relative to the package root, as
// ReadTarball returns them) and returns its events and the types reachable
// from their envelopes. Integrity is left empty: the caller knows it.
//
// The events are the names the typings entry (package.json "types") exports
// that are declared as EventDefinition<Envelope, "event.type">, directly or
// through `typeof` (BuildEventDefinition<typeof onX$1>, ReturnType<typeof
// createEventModule<typeof publicOnX>>), or as a function taking a handler
// whose JSDoc names an @eventType. JSDoc tags come from every declaration
// on that path and from any handler function in the package's typings that
// declares the same @eventType.
func Extract(files map[string][]byte) (*Package, error) {
	pj, ok := files["package.json"]
	if !ok {
		return nil, errors.New("sdk: package.json not found")
	}
	var meta struct {
		Name    string          `json:"name"`
		Version string          `json:"version"`
		Types   string          `json:"types"`
		Typings string          `json:"typings"`
		Exports json.RawMessage `json:"exports"`
		Wix     struct {
			SdkDependency struct {
				Fqdn string `json:"fqdn"`
			} `json:"sdkDependency"`
		} `json:"wix"`
	}
	if err := json.Unmarshal(pj, &meta); err != nil {
		return nil, fmt.Errorf("sdk: package.json: %w", err)
	}
	entry := ""
	for _, c := range entryCandidates(meta.Types, meta.Typings, meta.Exports) {
		if _, ok := files[c]; ok {
			entry = c
			break
		}
	}
	if entry == "" {
		return nil, fmt.Errorf("sdk: %s: no typings entry found", meta.Name)
	}
	x := &extractor{files: files, parsed: map[string]*file{}}
	ef := x.load(entry)
	// Every declaration file beside the entry, for the handler functions
	// that carry an event's JSDoc tags.
	dir := path.Dir(entry)
	var names []string
	for p := range files {
		if isDecl(p) && (dir == "." || strings.HasPrefix(p, dir+"/")) {
			names = append(names, p)
		}
	}
	sort.Strings(names)
	for _, p := range names {
		x.load(p)
	}
	pkg := &Package{Name: meta.Name, Version: meta.Version, Fqdn: meta.Wix.SdkDependency.Fqdn, Entry: entry}
	x.events(ef, pkg)
	x.types(pkg)
	pkg.normalize()
	return pkg, nil
}

// entryCandidates lists where the typings entry may be, best first.
func entryCandidates(types, typings string, exports json.RawMessage) []string {
	var out []string
	add := func(p string) {
		if p == "" {
			return
		}
		p = path.Clean(strings.TrimPrefix(p, "./"))
		out = append(out, p)
	}
	add(types)
	add(typings)
	var ex map[string]json.RawMessage
	if json.Unmarshal(exports, &ex) == nil {
		var dot struct {
			Types string `json:"types"`
		}
		if json.Unmarshal(ex["."], &dot) == nil {
			add(dot.Types)
		}
	}
	add("build/cjs/index.d.ts")
	add("index.d.ts")
	return out
}

func isDecl(p string) bool {
	return strings.HasSuffix(p, ".d.ts") || strings.HasSuffix(p, ".d.mts") || strings.HasSuffix(p, ".d.cts")
}

type extractor struct {
	files  map[string][]byte
	parsed map[string]*file
	loads  []*file // in load order

	keys      []typeKey // reachable types, in discovery order
	seen      map[typeKey]bool
	names     map[typeKey]string // digest name of each reachable type
	envelopes []envRef           // each event's envelope type
}

// typeKey names one declared type: all type declarations of that name in
// that file (interfaces merge).
type typeKey struct {
	f    *file
	name string
}

// load parses a file of the package once.
func (x *extractor) load(p string) *file {
	if f, ok := x.parsed[p]; ok {
		return f
	}
	src, ok := x.files[p]
	if !ok {
		x.parsed[p] = nil
		return nil
	}
	f := parseFile(p, string(src))
	x.parsed[p] = f
	x.loads = append(x.loads, f)
	return f
}

// module resolves an import specifier written in from; nil for a package
// outside this one (@wix/sdk-types) or a file it does not have.
func (x *extractor) module(from *file, spec string) *file {
	if !strings.HasPrefix(spec, "./") && !strings.HasPrefix(spec, "../") && spec != "." && spec != ".." {
		return nil
	}
	base := path.Join(path.Dir(from.path), spec)
	var cands []string
	switch {
	case isDecl(base):
		cands = []string{base}
	case strings.HasSuffix(base, ".js"):
		cands = []string{strings.TrimSuffix(base, ".js") + ".d.ts"}
	case strings.HasSuffix(base, ".mjs"):
		cands = []string{strings.TrimSuffix(base, ".mjs") + ".d.mts"}
	case strings.HasSuffix(base, ".cjs"):
		cands = []string{strings.TrimSuffix(base, ".cjs") + ".d.cts"}
	}
	cands = append(cands, base+".d.ts", base+".d.mts", base+"/index.d.ts")
	for _, c := range cands {
		if f := x.load(c); f != nil {
			return f
		}
	}
	return nil
}

const maxHops = 64

// lookup finds what name means in f: a declaration of it (of a type, or of
// a value), following imports. A qualified name (ns.Item) goes through a
// namespace import.
func (x *extractor) lookup(f *file, name string, wantType bool) (*file, string, bool) {
	return x.lookupDepth(f, name, wantType, 0)
}

func (x *extractor) lookupDepth(f *file, name string, wantType bool, depth int) (*file, string, bool) {
	if f == nil || depth > maxHops {
		return nil, "", false
	}
	if i := strings.IndexByte(name, '.'); i > 0 {
		b, ok := f.imports[name[:i]]
		if !ok || b.name != "*" {
			return nil, "", false
		}
		return x.exportedDepth(x.module(f, b.spec), name[i+1:], wantType, depth+1)
	}
	for _, d := range f.decls[name] {
		if wantType && d.isType() || !wantType && d.isValue() {
			return f, name, true
		}
	}
	if b, ok := f.imports[name]; ok && b.name != "*" {
		return x.exportedDepth(x.module(f, b.spec), b.name, wantType, depth+1)
	}
	return nil, "", false
}

// exportedDepth finds the declaration module f exports as name.
func (x *extractor) exportedDepth(f *file, name string, wantType bool, depth int) (*file, string, bool) {
	if f == nil || depth > maxHops {
		return nil, "", false
	}
	for _, e := range f.exports {
		if e.star || e.as != name {
			continue
		}
		if e.spec == "" {
			if rf, rn, ok := x.lookupDepth(f, e.local, wantType, depth+1); ok {
				return rf, rn, true
			}
			continue
		}
		if e.local == "*" {
			continue // export * as ns: a namespace, not a declaration
		}
		if rf, rn, ok := x.exportedDepth(x.module(f, e.spec), e.local, wantType, depth+1); ok {
			return rf, rn, true
		}
	}
	for _, e := range f.exports {
		if e.star {
			if rf, rn, ok := x.exportedDepth(x.module(f, e.spec), name, wantType, depth+1); ok {
				return rf, rn, true
			}
		}
	}
	return nil, "", false
}

// exportNames lists the names module f exports, star exports included.
func (x *extractor) exportNames(f *file) []string {
	set := map[string]bool{}
	visited := map[*file]bool{}
	var walk func(*file, int)
	walk = func(f *file, depth int) {
		if f == nil || visited[f] || depth > maxHops {
			return
		}
		visited[f] = true
		for _, e := range f.exports {
			if e.star {
				walk(x.module(f, e.spec), depth+1)
			} else if e.as != "default" {
				set[e.as] = true
			}
		}
	}
	walk(f, 0)
	var out []string
	for n := range set {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

var eventNameRE = regexp.MustCompile(`^on[A-Z]`)

// found is one event declaration before its envelope is named.
type found struct {
	eventType string
	envFile   *file
	envelope  *texpr
	docs      []string
}

func (x *extractor) events(entry *file, pkg *Package) {
	// handler functions anywhere in the typings, by event type
	byType := map[string][]string{}
	for _, f := range x.loads {
		for _, d := range f.order {
			if d.kind == dFunction {
				if et := tagValue(parseDoc(d.doc), "eventType"); et != "" {
					byType[et] = append(byType[et], d.doc)
				}
			}
		}
	}
	x.seen = map[typeKey]bool{}
	for _, name := range x.exportNames(entry) {
		if !eventNameRE.MatchString(name) {
			continue
		}
		f, local, ok := x.exportedDepth(entry, name, false, 0)
		if !ok {
			continue
		}
		fd, ok := x.eventOf(f, local, 0)
		if !ok {
			continue
		}
		docs := append(fd.docs, byType[fd.eventType]...)
		ev := Event{Name: name, EventType: fd.eventType}
		applyTags(&ev, docs)
		if k, ok := x.typeKeyOf(fd.envFile, fd.envelope); ok {
			x.reach(k)
			ev.Envelope = k.name // provisional; renamed in types()
			x.envelopes = append(x.envelopes, envRef{len(pkg.Events), k})
		} else {
			ev.Envelope = display(fd.envelope, nil)
		}
		pkg.Events = append(pkg.Events, ev)
	}
}

type envRef struct {
	event int
	key   typeKey
}

// eventOf reads the value declaration local in f as an event.
func (x *extractor) eventOf(f *file, local string, depth int) (found, bool) {
	if depth > maxHops {
		return found{}, false
	}
	for _, d := range f.decls[local] {
		switch d.kind {
		case dVar:
			if d.typ == nil {
				continue
			}
			if d.typ.kind == xRef && lastSegment(d.typ.name) == "EventDefinition" && len(d.typ.args) >= 2 &&
				d.typ.args[1].kind == xLiteral && d.typ.args[1].str {
				return found{eventType: d.typ.args[1].name, envFile: f, envelope: d.typ.args[0], docs: []string{d.doc}}, true
			}
			for _, target := range typeofs(d.typ) {
				tf, tl, ok := x.lookup(f, target, false)
				if !ok || tf == f && tl == local {
					continue
				}
				if fd, ok := x.eventOf(tf, tl, depth+1); ok {
					fd.docs = append([]string{d.doc}, fd.docs...)
					return fd, true
				}
			}
		case dFunction:
			et := tagValue(parseDoc(d.doc), "eventType")
			if et == "" || len(d.params) == 0 || d.params[0].typ == nil || d.params[0].typ.kind != xFunction {
				continue
			}
			h := d.params[0].typ
			if len(h.params) == 0 || h.params[0].typ == nil {
				continue
			}
			return found{eventType: et, envFile: f, envelope: h.params[0].typ, docs: []string{d.doc}}, true
		}
	}
	return found{}, false
}

// typeofs lists the names `typeof` refers to in t, outermost first.
func typeofs(t *texpr) []string {
	var out []string
	var walk func(*texpr)
	walk = func(t *texpr) {
		if t == nil {
			return
		}
		if t.kind == xTypeof {
			out = append(out, t.name)
		}
		for _, a := range t.args {
			walk(a)
		}
	}
	walk(t)
	return out
}

func lastSegment(s string) string { return s[strings.LastIndexByte(s, '.')+1:] }

// typeKeyOf resolves a reference type expression to a package type.
func (x *extractor) typeKeyOf(f *file, t *texpr) (typeKey, bool) {
	if t == nil || t.kind != xRef {
		return typeKey{}, false
	}
	rf, rn, ok := x.lookup(f, t.name, true)
	if !ok {
		return typeKey{}, false
	}
	return typeKey{rf, rn}, true
}

// reach marks k reachable and everything its declarations refer to.
func (x *extractor) reach(k typeKey) {
	queue := []typeKey{k}
	for len(queue) > 0 {
		k := queue[0]
		queue = queue[1:]
		if x.seen[k] {
			continue
		}
		x.seen[k] = true
		x.keys = append(x.keys, k)
		for _, d := range k.f.decls[k.name] {
			if !d.isType() {
				continue
			}
			tparams := setOf(d.typeParams)
			var visit func(*texpr)
			visit = func(t *texpr) {
				if t == nil {
					return
				}
				if t.kind == xRef && !tparams[t.name] {
					if rk, ok := x.typeKeyOf(k.f, t); ok && !x.seen[rk] {
						queue = append(queue, rk)
					}
				}
				for _, a := range t.args {
					visit(a)
				}
				for _, m := range t.members {
					visit(m.typ)
				}
				for _, p := range t.params {
					visit(p.typ)
				}
			}
			for _, e := range d.extends {
				visit(e)
			}
			for _, m := range d.members {
				visit(m.typ)
			}
			visit(d.typ)
		}
	}
}

func setOf(ss []string) map[string]bool {
	m := map[string]bool{}
	for _, s := range ss {
		m[s] = true
	}
	return m
}

// types converts every reachable type, naming each by its declared name.
// Declarations of one name in different files that convert to the same
// type are one type; different ones keep the name for the first file in
// path order and get "Name$2", "Name$3" … for the others. Since a type's
// shape depends on the names of the types it refers to, the naming starts
// with every declaration distinct and merges identical ones until nothing
// changes.
func (x *extractor) types(pkg *Package) {
	byName := map[string][]typeKey{}
	for _, k := range x.keys {
		byName[k.name] = append(byName[k.name], k)
	}
	x.names = map[typeKey]string{}
	var collide []string
	for n, ks := range byName {
		sort.Slice(ks, func(i, j int) bool { return ks[i].f.path < ks[j].f.path })
		for i, k := range ks {
			x.names[k] = suffixed(n, i)
		}
		if len(ks) > 1 {
			collide = append(collide, n)
		}
	}
	sort.Strings(collide)
	for round := 0; round < 32; round++ {
		changed := false
		for _, n := range collide {
			var shapes []string
			next := map[typeKey]string{}
			for _, k := range byName[n] {
				b, _ := json.Marshal(x.convert(k))
				idx := -1
				for i, s := range shapes {
					if s == string(b) {
						idx = i
						break
					}
				}
				if idx < 0 {
					shapes = append(shapes, string(b))
					idx = len(shapes) - 1
				}
				next[k] = suffixed(n, idx)
			}
			for k, name := range next {
				if x.names[k] != name {
					x.names[k] = name
					changed = true
				}
			}
		}
		if !changed {
			break
		}
	}
	done := map[string]bool{}
	for _, k := range x.keys {
		name := x.names[k]
		if done[name] {
			continue
		}
		done[name] = true
		t := x.convert(k)
		t.Name = name
		pkg.Types = append(pkg.Types, t)
	}
	for _, e := range x.envelopes {
		pkg.Events[e.event].Envelope = x.names[e.key]
	}
}

func suffixed(name string, i int) string {
	if i == 0 {
		return name
	}
	return name + "$" + strconv.Itoa(i+1)
}

// convert turns the declarations of k into a digest type.
func (x *extractor) convert(k typeKey) Type {
	t := Type{Name: k.name}
	var ds []*decl
	for _, d := range k.f.decls[k.name] {
		if d.isType() {
			ds = append(ds, d)
		}
	}
	if len(ds) == 0 {
		t.Kind = KindOpaque
		return t
	}
	d := ds[0]
	tparams := setOf(d.typeParams)
	t.TypeParams = d.typeParams
	tags := parseDoc(d.doc)
	t.OneOf = hasTag(tags, "oneof")
	t.Deprecated = hasTag(tags, "deprecated")
	names := x.namer(k.f, tparams)
	switch d.kind {
	case dInterface, dClass:
		t.Kind = KindInterface
		if d.kind == dClass {
			t.Kind = KindClass
		}
		for _, d := range ds {
			if d.kind != ds[0].kind {
				continue
			}
			for _, e := range d.extends {
				t.Extends = append(t.Extends, display(e, names))
			}
			t.Fields = append(t.Fields, x.fields(k.f, d.members, tparams)...)
		}
		t.Fields = dedupeFields(t.Fields)
	case dEnum:
		t.Kind = KindEnum
		for _, m := range d.enum {
			v := m.value
			if v == "" {
				v = m.name
			}
			t.Values = append(t.Values, v)
		}
	case dTypeAlias:
		x.alias(&t, k.f, d.typ, tparams)
	}
	return t
}

func (x *extractor) alias(t *Type, f *file, e *texpr, tparams map[string]bool) {
	names := x.namer(f, tparams)
	switch {
	case e == nil:
		t.Kind = KindOpaque
	case e.kind == xUnion:
		t.Kind = KindUnion
		for _, a := range e.args {
			if a.kind == xLiteral && a.str {
				t.Values = append(t.Values, a.name)
			} else {
				t.Members = append(t.Members, display(a, names))
			}
		}
	case e.kind == xIntersection:
		t.Kind = KindIntersection
		for _, a := range e.args {
			t.Members = append(t.Members, display(a, names))
		}
	case e.kind == xObject:
		t.Kind = KindObject
		t.Fields = dedupeFields(x.fields(f, e.members, tparams))
	case e.kind == xOpaque:
		t.Kind = KindOpaque
		t.Members = []string{e.text}
	case e.kind == xLiteral && e.str:
		t.Kind = KindUnion
		t.Values = []string{e.name}
	default:
		t.Kind = KindAlias
		t.Members = []string{display(e, names)}
	}
}

// dedupeFields keeps the last declaration of each name (a merged interface
// redeclaring a member).
func dedupeFields(fs []Field) []Field {
	last := map[string]int{}
	for i, f := range fs {
		last[f.Name] = i
	}
	var out []Field
	for i, f := range fs {
		if last[f.Name] == i {
			out = append(out, f)
		}
	}
	return out
}

// namer returns the display name of a reference written in f.
func (x *extractor) namer(f *file, tparams map[string]bool) func(string) string {
	return func(n string) string {
		if tparams[n] {
			return n
		}
		if rf, rn, ok := x.lookup(f, n, true); ok {
			if name, ok := x.names[typeKey{rf, rn}]; ok {
				return name
			}
			return rn
		}
		return lastSegment(n)
	}
}

// fields converts members written in f.
func (x *extractor) fields(f *file, ms []member, tparams map[string]bool) []Field {
	names := x.namer(f, tparams)
	var out []Field
	for _, m := range ms {
		fd := Field{Name: m.name, Optional: m.optional, Index: m.index}
		tags := parseDoc(m.doc)
		fd.Deprecated = hasTag(tags, "deprecated")
		fd.Hidden = hasTag(tags, "hidden")
		t := m.typ
		// strip null and undefined
		if t != nil && t.kind == xUnion {
			var rest []*texpr
			for _, a := range t.args {
				switch {
				case a.kind == xKeyword && a.name == "null":
					fd.Nullable = true
				case a.kind == xKeyword && a.name == "undefined":
					fd.Optional = true
				default:
					rest = append(rest, a)
				}
			}
			switch len(rest) {
			case 0:
				t = &texpr{kind: xKeyword, name: "null"}
			case 1:
				t = rest[0]
			default:
				t = &texpr{kind: xUnion, args: rest}
			}
		}
		if el := arrayElem(t); el != nil {
			fd.Array = true
			t = el
		}
		if t != nil && t.kind == xObject {
			fd.Type = "object"
			fd.Fields = dedupeFields(x.fields(f, t.members, tparams))
		} else {
			fd.Type = display(t, names)
		}
		fd.Ref = x.refOf(f, t, tparams)
		out = append(out, fd)
	}
	return out
}

// arrayElem returns T for T[], Array<T> and ReadonlyArray<T>, else nil.
func arrayElem(t *texpr) *texpr {
	if t == nil {
		return nil
	}
	if t.kind == xArray {
		return t.args[0]
	}
	if t.kind == xRef && (t.name == "Array" || t.name == "ReadonlyArray") && len(t.args) == 1 {
		return t.args[0]
	}
	return nil
}

// refOf names the one package type t refers to at its top level (itself,
// or the one alternative of a union that is a package type).
func (x *extractor) refOf(f *file, t *texpr, tparams map[string]bool) string {
	if t == nil {
		return ""
	}
	alts := []*texpr{t}
	if t.kind == xUnion {
		alts = t.args
	}
	ref := ""
	for _, a := range alts {
		if a.kind != xRef || tparams[a.name] {
			continue
		}
		k, ok := x.typeKeyOf(f, a)
		if !ok {
			continue
		}
		name, ok := x.names[k]
		if !ok {
			name = k.name
		}
		if ref != "" && ref != name {
			return ""
		}
		ref = name
	}
	return ref
}

// display prints a type expression in a canonical form; names maps a
// reference as written to the name to show (nil: as written).
func display(t *texpr, names func(string) string) string {
	var b strings.Builder
	writeType(&b, t, names, 0)
	return b.String()
}

// precedence of the context a type is printed in
const (
	precTop = iota
	precUnion
	precIntersection
	precPostfix
)

func writeType(b *strings.Builder, t *texpr, names func(string) string, ctx int) {
	if t == nil {
		b.WriteString("any")
		return
	}
	paren := func(need bool, f func()) {
		if need {
			b.WriteByte('(')
		}
		f()
		if need {
			b.WriteByte(')')
		}
	}
	switch t.kind {
	case xKeyword:
		b.WriteString(t.name)
	case xLiteral:
		if t.str {
			s, _ := json.Marshal(t.name)
			b.Write(s)
		} else {
			b.WriteString(t.name)
		}
	case xRef:
		if el := arrayElem(t); el != nil && t.name == "Array" {
			writeType(b, el, names, precPostfix)
			b.WriteString("[]")
			return
		}
		n := t.name
		if names != nil {
			n = names(n)
		}
		b.WriteString(n)
		writeArgs(b, t.args, names)
	case xTypeof:
		b.WriteString("typeof ")
		b.WriteString(t.name)
		writeArgs(b, t.args, names)
	case xArray:
		writeType(b, t.args[0], names, precPostfix)
		b.WriteString("[]")
	case xUnion:
		paren(ctx > precUnion, func() {
			for i, a := range t.args {
				if i > 0 {
					b.WriteString(" | ")
				}
				writeType(b, a, names, precUnion)
			}
		})
	case xIntersection:
		paren(ctx > precIntersection, func() {
			for i, a := range t.args {
				if i > 0 {
					b.WriteString(" & ")
				}
				writeType(b, a, names, precIntersection)
			}
		})
	case xObject:
		if len(t.members) == 0 {
			b.WriteString("{}")
			return
		}
		b.WriteString("{ ")
		for i, m := range t.members {
			if i > 0 {
				b.WriteString("; ")
			}
			if m.index {
				b.WriteString("[key: " + m.name + "]")
			} else {
				b.WriteString(m.name)
			}
			if m.optional {
				b.WriteByte('?')
			}
			b.WriteString(": ")
			writeType(b, m.typ, names, precTop)
		}
		b.WriteString(" }")
	case xFunction:
		paren(ctx > precTop, func() {
			b.WriteByte('(')
			for i, p := range t.params {
				if i > 0 {
					b.WriteString(", ")
				}
				if p.rest {
					b.WriteString("...")
				}
				b.WriteString(p.name)
				if p.optional {
					b.WriteByte('?')
				}
				if p.typ != nil {
					b.WriteString(": ")
					writeType(b, p.typ, names, precTop)
				}
			}
			b.WriteString(") => ")
			writeType(b, t.args[0], names, precTop)
		})
	case xTuple:
		b.WriteByte('[')
		for i, a := range t.args {
			if i > 0 {
				b.WriteString(", ")
			}
			writeType(b, a, names, precTop)
		}
		b.WriteByte(']')
	default:
		b.WriteString(t.text)
	}
}

func writeArgs(b *strings.Builder, args []*texpr, names func(string) string) {
	if len(args) == 0 {
		return
	}
	b.WriteByte('<')
	for i, a := range args {
		if i > 0 {
			b.WriteString(", ")
		}
		writeType(b, a, names, precTop)
	}
	b.WriteByte('>')
}
