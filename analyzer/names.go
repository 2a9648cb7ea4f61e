package analyzer

import (
	"strings"

	"github.com/velo-lsp/velo-lsp/analyzer/jsparse"
	"github.com/velo-lsp/velo-lsp/catalog"
)

// splitHandler splits an exported name at its first underscore into the
// module prefix and the event name: "wixBilling_onInvoicePaid" →
// ("wixBilling", "onInvoicePaid"). ok is false when either side is empty.
func splitHandler(name string) (prefix, event string, ok bool) {
	i := strings.IndexByte(name, '_')
	if i <= 0 || i == len(name)-1 {
		return "", "", false
	}
	return name[:i], name[i+1:], true
}

// handlerLike reports whether an exported name is meant to be an event
// handler: it is in the catalog, or it has the shape prefix_onEvent, or its
// prefix is a known module prefix (in any letter case). Names that are none
// of these (helpers such as formatDate or get_user) are left alone: a false
// positive costs more than a missed oddity.
func handlerLike(cat *catalog.Catalog, name string) bool {
	if len(cat.Lookup(name)) > 0 {
		return true
	}
	prefix, event, ok := splitHandler(name)
	if !ok || !isIdentifier(prefix) {
		return false
	}
	if len(event) > 2 && event[0] == 'o' && event[1] == 'n' && event[2] >= 'A' && event[2] <= 'Z' {
		return true
	}
	if prefixKnownFold(cat, prefix) {
		return true
	}
	// "OnInvoicePaid", "oninvoicePaid": the shape with the wrong case.
	return len(event) > 2 && strings.EqualFold(event[:2], "on") && prefixKnownFold(cat, prefix)
}

func isIdentifier(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '$' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && c >= '0' && c <= '9') {
			return false
		}
	}
	return s != ""
}

// prefixKnownFold reports whether prefix names a module prefix in some
// letter case.
func prefixKnownFold(cat *catalog.Catalog, prefix string) bool {
	if cat.HasPrefix(prefix) {
		return true
	}
	for _, m := range cat.Modules() {
		for _, p := range m.Prefixes {
			if strings.EqualFold(p, prefix) {
				return true
			}
		}
	}
	return false
}

// bestEvents picks, among the catalog entries of one handler name (a legacy
// module and its v2 successor can share a name), the ones with the most
// favourable status: a name that is current in any module is current.
func bestEvents(evs []*catalog.Event) []*catalog.Event {
	rank := func(s catalog.Status) int {
		switch s {
		case catalog.StatusCurrent:
			return 3
		case catalog.StatusDeprecated:
			return 2
		}
		return 1
	}
	best := 0
	for _, e := range evs {
		if r := rank(e.Status); r > best {
			best = r
		}
	}
	var out []*catalog.Event
	for _, e := range evs {
		if rank(e.Status) == best {
			out = append(out, e)
		}
	}
	return out
}

// moduleList names the modules of some events: "`wix-crm-backend`" or
// "`wix-crm-backend` and `wix-crm.v2`".
func moduleList(evs []*catalog.Event) string {
	var names []string
	seen := map[string]bool{}
	for _, e := range evs {
		if !seen[e.Module] {
			seen[e.Module] = true
			names = append(names, "`"+e.Module+"`")
		}
	}
	return joinAnd(names)
}

func joinAnd(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

func joinOr(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " or " + items[len(items)-1]
}

func quote(s string) string { return "`" + s + "`" }

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	neg := i < 0
	if neg {
		i = -i
	}
	var b [20]byte
	n := len(b)
	for i > 0 {
		n--
		b[n] = byte('0' + i%10)
		i /= 10
	}
	if neg {
		n--
		b[n] = '-'
	}
	return string(b[n:])
}

// checkNames judges every handler-like exported name of an events file
// against the catalog: unknown (VELO001), deprecated (VELO002), removed
// (VELO003), unverified (VELO004), or a name that belongs in another
// backend file (VELO021).
func checkNames(p *pass) {
	for i := range p.file.Exports {
		e := &p.file.Exports[i]
		if e.TypeOnly || e.Name == "" || e.Name == "default" || e.Form == jsparse.FormExportStarAs && e.Name == "" {
			continue
		}
		judgeName(p, e.Name, toRange(e.NameRange), "", renameText(e))
	}
}

// judgeName reports what is wrong with one exported name at rng. via, when
// not empty, says how the name reached this file ("through `export * from
// './more.js'`") and is prepended to the message.
//
// rename maps a new name to the text that replaces rng; nil when the name
// cannot be renamed in place (it reached the file through a chain).
func judgeName(p *pass, name string, rng Range, via string, rename func(string) string) {
	if evs := p.cat.Lookup(name); len(evs) > 0 {
		best := bestEvents(evs)
		switch best[0].Status {
		case catalog.StatusDeprecated:
			// Past its sunset the event no longer fires: deprecatedEvent
			// reports it as removed (VELO003).
			p.report(deprecatedEvent(p, name, rng, best, via, rename))
		case catalog.StatusRemoved:
			p.report(removedEvent(p, name, rng, best, via, rename))
		}
		return
	}
	if ne := catalog.ClassifyNotEvent(name); ne != nil {
		p.report(wrongFile(p, name, rng, ne, via))
		return
	}
	if handlerLike(p.cat, name) {
		if v := p.cat.Variant(name); v != nil {
			p.report(unverifiedHandler(p, name, rng, via, v))
			return
		}
		p.report(unknownHandler(p, name, rng, via, rename))
	}
}

func toRange(r jsparse.Range) Range { return Range{Start: r.Start, End: r.End} }

// renameFixes offers one rename per suggestion. A rename is preferred (the
// one an editor's "fix all" applies) only when it is the first suggestion
// and repairs a typo of the same event (catalog.IsTypoRepair), and safe for
// `check --fix` only when, besides, it is the only suggestion: a rename
// that moves a handler to another event or another API version changes
// what the code receives, so it is offered but never applied unread.
func renameFixes(p *pass, from string, rng Range, names []string, rename func(string) string) []Fix {
	if rename == nil {
		return nil
	}
	var fixes []Fix
	for i, n := range names {
		repair := p.cat.IsTypoRepair(from, n)
		fixes = append(fixes, Fix{
			Title:     "Rename to " + n,
			Edits:     []Edit{{Range: rng, NewText: rename(n)}},
			Preferred: i == 0 && repair,
			Safe:      len(names) == 1 && repair,
		})
	}
	return fixes
}

// renameText returns how to rename an export in place. In `export { h }`
// and `export { h } from './x'` the token is both the local (or imported)
// name and the exported one, so the rename adds an alias instead of
// breaking the reference.
func renameText(e *jsparse.Export) func(string) string {
	if e.Form == jsparse.FormSpecifier && e.Local == e.Name ||
		e.Form == jsparse.FormReExport && e.Imported == e.Name {
		return func(n string) string { return e.Name + " as " + n }
	}
	return func(n string) string { return n }
}
