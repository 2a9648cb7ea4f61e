package sdk

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
)

// Package is what Extract reads from one @wix/auto_sdk_* package: its
// events and every type reachable from their envelopes. Its JSON form is
// the digest committed under catalog/sources/sdk/ (see MarshalDigest).
type Package struct {
	Name      string  `json:"package"`             // "@wix/auto_sdk_restaurants_items"
	Version   string  `json:"version"`             // "1.0.89"
	Integrity string  `json:"integrity,omitempty"` // the registry's dist.integrity of the tarball read
	Fqdn      string  `json:"fqdn,omitempty"`      // package.json wix.sdkDependency.fqdn: "wix.restaurants.menus.v1.item"
	Entry     string  `json:"entry"`               // the typings entry read: "build/cjs/index.d.ts"
	Events    []Event `json:"events"`
	Types     []Type  `json:"types"`
}

// Event is one event the package's entry exports.
type Event struct {
	Name      string `json:"name"`      // "onItemCreated"
	EventType string `json:"eventType"` // "wix.restaurants.menus.v1.item_created"
	Envelope  string `json:"envelope"`  // the handler's parameter type: "ItemCreatedEnvelope", a key of Types
	Slug      string `json:"slug,omitempty"`
	Webhook   bool   `json:"webhook,omitempty"`
	Service   string `json:"service,omitempty"` // @serviceIdentifier
	// Markers the JSDoc carries.
	Maturity          string `json:"maturity,omitempty"` // "preview" (@documentationMaturity, "Developer Preview")
	Deprecated        bool   `json:"deprecated,omitempty"`
	ReplacedBy        string `json:"replacedBy,omitempty"`        // @replacedBy: an event type
	TargetRemovalDate string `json:"targetRemovalDate,omitempty"` // @targetRemovalDate: YYYY-MM-DD
	Hidden            bool   `json:"hidden,omitempty"`            // @hidden
}

// Kinds of Type.
const (
	KindInterface    = "interface"    // Fields, Extends
	KindObject       = "object"       // a type alias of an object type: Fields
	KindEnum         = "enum"         // Values
	KindUnion        = "union"        // Values (string literals) and Members (the other alternatives)
	KindIntersection = "intersection" // Members
	KindAlias        = "alias"        // Members[0]: the one type it names
	KindClass        = "class"        // Fields, Extends
	KindOpaque       = "opaque"       // a shape not modelled; Members[0] is its source text
)

// Type is one declared type reachable from an event envelope.
type Type struct {
	Name       string   `json:"name"`
	Kind       string   `json:"kind"`
	TypeParams []string `json:"typeParams,omitempty"`
	Extends    []string `json:"extends,omitempty"` // display types of the interfaces it extends
	Fields     []Field  `json:"fields,omitempty"`  // its own members, sorted by name
	Values     []string `json:"values,omitempty"`  // enum values, or a union's string literals, in declared order
	Members    []string `json:"members,omitempty"` // display types of a union's other alternatives, an intersection's parts, an alias's target
	OneOf      bool     `json:"oneOf,omitempty"`   // @oneof: at most one field is set
	Deprecated bool     `json:"deprecated,omitempty"`
}

// Field is one member of an interface or object type.
type Field struct {
	Name       string  `json:"name"`               // the key type's display for an index signature
	Type       string  `json:"type"`               // display type, without its array, null and undefined parts
	Array      bool    `json:"array,omitempty"`    // the member is an array of Type
	Optional   bool    `json:"optional,omitempty"` // marked ? (or | undefined)
	Nullable   bool    `json:"nullable,omitempty"` // | null
	Ref        string  `json:"ref,omitempty"`      // the one package type Type names, a key of Types
	Index      bool    `json:"index,omitempty"`    // an index signature [key: Name]: Type
	Deprecated bool    `json:"deprecated,omitempty"`
	Hidden     bool    `json:"hidden,omitempty"`
	Fields     []Field `json:"fields,omitempty"` // the members of an inline object type
}

// Type returns the type named name, or nil.
func (p *Package) Type(name string) *Type {
	i := sort.Search(len(p.Types), func(i int) bool { return p.Types[i].Name >= name })
	if i < len(p.Types) && p.Types[i].Name == name {
		return &p.Types[i]
	}
	return nil
}

// AllFields returns the fields of an interface with those it inherits: its
// own first, then each extended interface's (depth first, in extends
// order) that it does not redeclare. Extended types that are not package
// types contribute nothing.
func (p *Package) AllFields(name string) []Field {
	var out []Field
	seen := map[string]bool{}
	visited := map[string]bool{}
	var walk func(string)
	walk = func(n string) {
		t := p.Type(n)
		if t == nil || visited[n] {
			return
		}
		visited[n] = true
		for _, f := range t.Fields {
			if !seen[f.Name] {
				seen[f.Name] = true
				out = append(out, f)
			}
		}
		for _, e := range t.Extends {
			walk(e)
		}
	}
	walk(name)
	return out
}

// normalize sorts what the digest keeps sorted.
func (p *Package) normalize() {
	sort.Slice(p.Events, func(i, j int) bool {
		if p.Events[i].Name != p.Events[j].Name {
			return p.Events[i].Name < p.Events[j].Name
		}
		return p.Events[i].EventType < p.Events[j].EventType
	})
	sort.Slice(p.Types, func(i, j int) bool { return p.Types[i].Name < p.Types[j].Name })
	for i := range p.Types {
		sortFields(p.Types[i].Fields)
	}
	if p.Events == nil {
		p.Events = []Event{}
	}
	if p.Types == nil {
		p.Types = []Type{}
	}
}

func sortFields(fs []Field) {
	sort.SliceStable(fs, func(i, j int) bool { return fs[i].Name < fs[j].Name })
	for i := range fs {
		sortFields(fs[i].Fields)
	}
}

// MarshalDigest is the committed form of a package: deterministic, sorted,
// one event and one type per line, so that an upstream change reads as a
// small diff.
func MarshalDigest(p *Package) ([]byte, error) {
	q := *p
	q.Events = append([]Event(nil), p.Events...)
	q.Types = append([]Type(nil), p.Types...)
	q.normalize()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	head := struct {
		Name      string `json:"package"`
		Version   string `json:"version"`
		Integrity string `json:"integrity,omitempty"`
		Fqdn      string `json:"fqdn,omitempty"`
		Entry     string `json:"entry"`
	}{q.Name, q.Version, q.Integrity, q.Fqdn, q.Entry}
	if err := enc.Encode(head); err != nil {
		return nil, err
	}
	// reopen the header object to append the two arrays
	buf.Truncate(buf.Len() - 2) // "}\n"
	section := func(key string, n int, at func(int) any) error {
		fmt.Fprintf(&buf, ",\n%q:[", key)
		for i := 0; i < n; i++ {
			if i > 0 {
				buf.WriteByte(',')
			}
			buf.WriteByte('\n')
			if err := enc.Encode(at(i)); err != nil {
				return err
			}
			buf.Truncate(buf.Len() - 1)
		}
		if n > 0 {
			buf.WriteByte('\n')
		}
		buf.WriteByte(']')
		return nil
	}
	if err := section("events", len(q.Events), func(i int) any { return q.Events[i] }); err != nil {
		return nil, err
	}
	if err := section("types", len(q.Types), func(i int) any { return q.Types[i] }); err != nil {
		return nil, err
	}
	buf.WriteString("}\n")
	return buf.Bytes(), nil
}

// UnmarshalDigest reads a digest written by MarshalDigest.
func UnmarshalDigest(data []byte) (*Package, error) {
	var p Package
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		return nil, fmt.Errorf("sdk digest: %w", err)
	}
	p.normalize()
	return &p, nil
}
