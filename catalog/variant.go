package catalog

import (
	"strings"
)

// Names the catalog cannot confirm.
//
// The catalog is a snapshot of the docs on one day (Provenance().Date). Wix
// renames handler prefixes when a module gets a new API version
// (wixStoresCatalog_ became wixStoresCatalogV1_, wixEvents_ wixEventsV3_ for
// the v2 events module) and does not always say whether the old name stops
// firing. A name of that shape that the catalog does not list is therefore
// not known to be wrong: Variant says why it may be real, and the analyzer
// reports it as unverified instead of unknown. A name that is none of these
// shapes is judged as before (a typo or a wrong name).

// VariantKind says how an unlisted handler name relates to the catalog.
type VariantKind string

const (
	// VariantVersion: the prefix is a known prefix with another version
	// suffix, or without one (wixStoresCatalogV2 beside wixStoresCatalogV1,
	// wixForum beside wixForumV1).
	VariantVersion VariantKind = "version"
	// VariantNamespace: a versioned prefix whose words extend a known
	// prefix's (wixSocialGroupsV3 beside wixGroups).
	VariantNamespace VariantKind = "namespace"
	// VariantFamilyEvent: a known prefix with an event that the same module
	// family documents under another of its prefixes (wixEvents_onRsvpCreated
	// when wix-events.v2 has wixEventsV3_onRsvpCreated).
	VariantFamilyEvent VariantKind = "family-event"
	// VariantUnnamedEvent: a known prefix with an event that its product
	// documents (or its SDK package declares) under a handler name no
	// source states (wixRestaurantsMenus_onItemDeleted).
	VariantUnnamedEvent VariantKind = "unnamed-event"
)

// Variant explains why an unlisted handler name may still be real.
type Variant struct {
	Kind VariantKind
	// Prefix is the known prefix the name's prefix is a variant of (for
	// VariantFamilyEvent, the prefix the catalog lists the event under).
	Prefix string
	// Module is a module that uses Prefix: its events page is where to
	// check the name.
	Module *Module
	// Event is the same event as the catalog lists it in that family, when
	// there is one.
	Event *Event
	// Unnamed is the same event as the family documents it without a
	// handler name, when the catalog lists no Event for it.
	Unnamed *UnnamedEvent
}

// Family is the product a module belongs to, the same for its legacy and
// versioned modules: "wix-stores-backend", "wix-stores.v2" and
// "wix-stores.v3" are all "stores".
func (m *Module) Family() string { return moduleFamily(m.Name) }

func moduleFamily(name string) string {
	f := strings.TrimPrefix(name, "wix-")
	if i := strings.LastIndex(f, ".v"); i > 0 && isDigits(f[i+2:]) {
		f = f[:i]
	}
	return strings.TrimSuffix(f, "-backend")
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// versionless strips a trailing version suffix: "wixStoresCatalogV1" →
// ("wixStoresCatalog", true), "wixStores" → ("wixStores", false). The
// suffix is a capital V and digits after a lower-case letter.
func versionless(prefix string) (string, bool) {
	i := len(prefix)
	for i > 0 && prefix[i-1] >= '0' && prefix[i-1] <= '9' {
		i--
	}
	if i == len(prefix) || i < 3 || prefix[i-1] != 'V' || !(prefix[i-2] >= 'a' && prefix[i-2] <= 'z') {
		return prefix, false
	}
	return prefix[:i-1], true
}

// IsVersionVariant reports whether two prefixes differ only in their
// version suffix (wixEventsV3 and wixEvents, wixStoresCatalogV1 and
// wixStoresCatalogV2). A prefix is not a variant of itself.
func IsVersionVariant(a, b string) bool {
	if a == b {
		return false
	}
	va, _ := versionless(a)
	vb, _ := versionless(b)
	return va == vb
}

// Variant returns why name, which the catalog does not list, may still be a
// handler Velo calls, or nil when it is not such a name (it is listed, is
// not handler-shaped, differs from a listed name only in letter case, or is
// a plain typo of a listed name).
func (c *Catalog) Variant(name string) *Variant {
	c.variantMu.Lock()
	v, ok := c.variantMemo[name]
	c.variantMu.Unlock()
	if !ok {
		v = c.variant(name)
		c.variantMu.Lock()
		if c.variantMemo == nil {
			c.variantMemo = map[string]*Variant{}
		}
		if len(c.variantMemo) < maxSuggestMemo {
			c.variantMemo[name] = v
		}
		c.variantMu.Unlock()
	}
	if v == nil {
		return nil
	}
	cp := *v // the cached one is never handed out
	return &cp
}

func (c *Catalog) variant(name string) *Variant {
	if len(c.byHandler[name]) > 0 || len(c.byLower[strings.ToLower(name)]) > 0 {
		return nil
	}
	p, e := splitHandler(name)
	if p == "" || !isEventName(e) {
		return nil
	}
	if c.HasPrefix(p) {
		// A known prefix with an event its own modules do not have: real
		// only when the family documents the event under a variant of the
		// same prefix (another version of the same API). A prefix shared
		// across products (wixEcom is also wix-stores.v2's) does not make
		// another product's event one of its own.
		fams := c.prefixFamilies(p)
		for _, ev := range c.byEvent[e] {
			if !fams[moduleFamily(ev.Module)] || !ev.FiresEver() {
				continue
			}
			for _, n := range ev.Names() {
				q, _ := splitHandler(n)
				if q != p && (IsVersionVariant(p, q) || isNamespaceVariant(p, q) || isNamespaceVariant(q, p)) {
					return &Variant{Kind: VariantFamilyEvent, Prefix: q, Module: c.byModule[ev.Module], Event: ev}
				}
			}
		}
		if u := c.unnamedIn(fams, e); u != nil {
			return &Variant{Kind: VariantUnnamedEvent, Prefix: p, Module: c.moduleOrStub(u.Module), Unnamed: u}
		}
		return nil
	}
	kind, known := c.variantPrefix(p)
	if kind == "" {
		return nil
	}
	v := &Variant{Kind: kind, Prefix: known, Module: c.moduleOfPrefix(known)}
	fams := c.prefixFamilies(known)
	for _, ev := range c.byEvent[e] {
		if fams[moduleFamily(ev.Module)] && ev.FiresEver() {
			v.Event = ev
			return v
		}
	}
	if u := c.unnamedIn(fams, e); u != nil {
		v.Unnamed = u
		if m := c.byModule[u.Module]; m != nil {
			v.Module = m
		}
		return v
	}
	// An event the family does not have: a new event of a new version, or
	// a typo of one it has. A typo is a typo whatever the prefix.
	le := strings.ToLower(e)
	ew := words(e)
	for _, ev := range c.events {
		if !fams[moduleFamily(ev.Module)] {
			continue
		}
		d := distance(le, strings.ToLower(ev.Event))
		if d <= maxEdits(len(ev.Event)) && wordsClose(ew, words(ev.Event)) {
			return nil
		}
	}
	return v
}

// unnamedIn finds event e among the unnamed events of the families.
func (c *Catalog) unnamedIn(fams map[string]bool, e string) *UnnamedEvent {
	for i := range c.unnamed {
		if u := &c.unnamed[i]; u.Event == e && fams[moduleFamily(u.Module)] {
			return u
		}
	}
	return nil
}

// moduleOrStub returns the named module, or a module of that name with no
// events (a module only known from unnamed events).
func (c *Catalog) moduleOrStub(name string) *Module {
	if m := c.byModule[name]; m != nil {
		return m
	}
	return &Module{Name: name, Status: StatusCurrent}
}

// FiresEver reports whether the event is one Velo calls or called under
// this name (not a name the docs only ever listed by mistake, i.e. not
// removed).
func (e *Event) FiresEver() bool { return e.Status != StatusRemoved }

// isEventName reports the event shape: "on" and an upper-case letter.
func isEventName(e string) bool {
	return len(e) > 2 && e[0] == 'o' && e[1] == 'n' && e[2] >= 'A' && e[2] <= 'Z'
}

// variantPrefix finds a known prefix that the unknown prefix p is a version
// or namespace variant of. Version variants win; among several, the one
// whose module is current.
func (c *Catalog) variantPrefix(p string) (VariantKind, string) {
	vp, _ := versionless(p)
	var version, namespace string
	better := func(cur, k string) bool {
		if cur == "" {
			return true
		}
		cm, km := c.moduleOfPrefix(cur), c.moduleOfPrefix(k)
		return km != nil && km.Status == StatusCurrent && (cm == nil || cm.Status != StatusCurrent)
	}
	for _, k := range c.Prefixes() {
		vk, _ := versionless(k)
		switch {
		case vk == vp:
			if better(version, k) {
				version = k
			}
		case isNamespaceVariant(p, k):
			if better(namespace, k) {
				namespace = k
			}
		}
	}
	switch {
	case version != "":
		return VariantVersion, version
	case namespace != "":
		return VariantNamespace, namespace
	}
	return "", ""
}

// isNamespaceVariant reports whether prefix a is a versioned prefix whose
// words extend b's (wixSocialGroupsV2 beside wixGroups): the shape Wix
// gives a new API of an existing product.
func isNamespaceVariant(a, b string) bool {
	va, versioned := versionless(a)
	vb, _ := versionless(b)
	return versioned && extendsWords(va, vb)
}

// extendsWords reports whether the camel-case words of a include every word
// of b in order, with at least one more, the same first word ("wix") and
// the same last word (the product): wixSocialGroups extends wixGroups.
func extendsWords(a, b string) bool {
	wa, wb := camelWords(a), camelWords(b)
	if len(wa) <= len(wb) || len(wb) < 2 || wa[0] != wb[0] || wa[len(wa)-1] != wb[len(wb)-1] {
		return false
	}
	j := 0
	for _, w := range wa {
		if j < len(wb) && w == wb[j] {
			j++
		}
	}
	return j == len(wb)
}

// camelWords splits an identifier into lower-case words at upper-case
// letters: "wixSocialGroups" → wix social groups.
func camelWords(s string) []string {
	var out []string
	start := 0
	for i := 1; i < len(s); i++ {
		if s[i] >= 'A' && s[i] <= 'Z' {
			out = append(out, strings.ToLower(s[start:i]))
			start = i
		}
	}
	if start < len(s) {
		out = append(out, strings.ToLower(s[start:]))
	}
	return out
}

// prefixFamilies is the set of module families that use prefix p.
func (c *Catalog) prefixFamilies(p string) map[string]bool {
	out := map[string]bool{}
	for _, e := range c.byPrefix[p] {
		out[moduleFamily(e.Module)] = true
	}
	return out
}

// moduleOfPrefix is the module whose events use prefix p, preferring one
// that is not deprecated.
func (c *Catalog) moduleOfPrefix(p string) *Module {
	var best *Module
	for _, e := range c.byPrefix[p] {
		m := c.byModule[e.Module]
		if m == nil {
			continue
		}
		if best == nil || best.Status != StatusCurrent && m.Status == StatusCurrent {
			best = m
		}
	}
	return best
}

// IsTypoRepair reports whether renaming a handler from `from` to `to`
// repairs a typo of the same event, so that the rename is safe to apply
// unread: the names differ only in letter case; or they share the prefix
// and the event differs by a small edit inside the same words (Payed →
// Paid, not Group → JoinGroup); or they share the event and the prefix is
// misspelled (a small edit, or a known wrong spelling such as wixEcommerce)
// without being a version variant (wixEventsV4 → wixEvents moves the
// handler to another API version, not a typo).
func (c *Catalog) IsTypoRepair(from, to string) bool {
	if from == to {
		return false
	}
	if strings.EqualFold(from, to) {
		return true
	}
	fp, fe := splitHandler(from)
	tp, te := splitHandler(to)
	if fp == tp || strings.EqualFold(fp, tp) {
		return eventTypo(fe, te)
	}
	if fe != te && !strings.EqualFold(fe, te) {
		return false
	}
	if IsVersionVariant(fp, tp) || IsVersionVariant(strings.ToLower(fp), strings.ToLower(tp)) {
		return false
	}
	if alias := c.aliases[fp]; alias == tp {
		return true
	}
	for w, real := range c.aliases {
		if real == tp && strings.EqualFold(w, fp) {
			return true
		}
	}
	lf, lt := strings.ToLower(fp), strings.ToLower(tp)
	d := distance(lf, lt)
	return fp != "" && d <= maxEdits(len(tp))/2+1 && d < len(tp)/2 && len(camelWords(fp)) == len(camelWords(tp))
}

// eventTypo reports whether event a is a misspelling of event b: the same
// number of words, each pair close (see wordsClose), and a small edit
// overall.
func eventTypo(a, b string) bool {
	if strings.EqualFold(a, b) {
		return true
	}
	wa, wb := words(a), words(b)
	if len(wa) != len(wb) || !wordsClose(wa, wb) {
		return false
	}
	return distance(strings.ToLower(a), strings.ToLower(b)) <= maxEdits(len(b))
}
