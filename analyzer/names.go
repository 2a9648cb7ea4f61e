package analyzer

import (
	"strconv"
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

// quote puts a name, a specifier or other text read from a file in
// backquotes for a message, with control characters, line and paragraph
// separators and bidirectional formatting characters written as escapes:
// text from a file must not break a message into lines (a CI log would
// read a line starting "::error" as a command), move a terminal's cursor
// or reorder what the reader sees.
func quote(s string) string { return "`" + EscapeControls(s) + "`" }

// EscapeControls writes the characters of s that would act rather than
// show (C0 and C1 controls, DEL, U+2028/2029, bidirectional embeddings,
// overrides and isolates) as \xNN or \u{NNNN} escapes, and keeps the rest.
func EscapeControls(s string) string {
	clean := true
	for _, r := range s {
		if isActingChar(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r < 0x100 && isActingChar(r):
			b.WriteString(`\x`)
			b.WriteByte("0123456789abcdef"[r>>4])
			b.WriteByte("0123456789abcdef"[r&0xf])
		case isActingChar(r):
			b.WriteString(`\u{` + strconv.FormatInt(int64(r), 16) + `}`)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func isActingChar(r rune) bool {
	return r < 0x20 || r >= 0x7f && r < 0xa0 || r == 0x2028 || r == 0x2029 ||
		r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069 || r == 0x200e || r == 0x200f || r == 0x061c
}

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

func toRange(r jsparse.Range) Range { return Range{Start: r.Start, End: r.End} }

// renamer returns the edits that rename an export to a new name, and false
// when a rename cannot be made to keep every reference (nil: the name
// cannot be renamed in place, e.g. it reached the file through a chain).
type renamer func(newName string) ([]Edit, bool)

// renameFixes offers one rename per suggestion that can keep every
// reference. A rename is preferred (the one an editor's "fix all" applies)
// only when it is the first suggestion and repairs a typo of the same
// event (catalog.IsTypoRepair), and safe for `check --fix` only when,
// besides, it is the only suggestion: a rename that moves a handler to
// another event or another API version changes what the code receives, so
// it is offered but never applied unread.
func renameFixes(p *Pass, from string, rng Range, names []string, rename renamer) []Fix {
	if rename == nil {
		return nil
	}
	var fixes []Fix
	for i, n := range names {
		edits, ok := rename(n)
		if !ok {
			continue
		}
		repair := p.cat.IsTypoRepair(from, n)
		fixes = append(fixes, Fix{
			Title:     "Rename to " + n,
			Edits:     edits,
			Preferred: i == 0 && repair,
			Safe:      len(names) == 1 && repair,
			Renames:   &Rename{From: from, To: n},
		})
	}
	return fixes
}

// renamerFor returns how to rename an export in place.
//
//   - A declaration (`export function h`, `export const h = …`, `export
//     class H`) binds the name: every reference to it in the file is
//     renamed with it, or, when one cannot be (the new name is already
//     used, the old one is also an object's shorthand key, or is spelled
//     with escapes), no rename is offered.
//   - In `export { h }` and `export { h } from './x'` the token is both the
//     local (or imported) name and the exported one: the rename adds an
//     alias (`h as h2`) and leaves the binding alone.
//   - An alias (`export { x as h }`), a CommonJS key, a string export name:
//     only that token changes (it binds nothing in this file).
//   - A name bound by destructuring is a property read: not renamed.
func renamerFor(p *Pass, e *jsparse.Export) renamer {
	rng := toRange(e.NameRange)
	single := func(text func(string) string) renamer {
		return func(n string) ([]Edit, bool) { return []Edit{{Range: rng, NewText: text(n)}}, true }
	}
	switch {
	case e.Form == jsparse.FormSpecifier && e.Local == e.Name,
		e.Form == jsparse.FormReExport && e.Imported == e.Name:
		return single(func(n string) string { return e.Name + " as " + n })
	case e.Form == jsparse.FormDestructured:
		return nil
	case e.Form == jsparse.FormFunctionDecl, e.Form == jsparse.FormClassDecl, e.Form == jsparse.FormVariable:
		return func(n string) ([]Edit, bool) { return bindingRename(p, e.Name, n) }
	}
	return single(func(n string) string { return n })
}

// bindingRename renames a top-level binding and every reference to it: each
// identifier token spelling the old name, but property names after `.` and
// `?.` and object keys (`{ old: … }`). It refuses (false) when the new name
// already appears as an identifier (the rename could capture it), when the
// old name is a shorthand key (`{ old }`: renaming would change the key),
// or when an occurrence is spelled with escapes.
func bindingRename(p *Pass, old, neu string) ([]Edit, bool) {
	if p.spellsIdentifier(neu) {
		return nil, false
	}
	refs := p.referencesTo(old)
	if refs == nil {
		return nil, false
	}
	edits := make([]Edit, len(refs))
	for i, r := range refs {
		edits[i] = Edit{Range: r, NewText: neu}
	}
	return edits, true
}

// spellsIdentifier reports whether an identifier token of the file spells
// name (decoded), once per name and pass.
func (p *Pass) spellsIdentifier(name string) bool {
	if v, ok := p.facts.spelled[name]; ok {
		return v
	}
	ts := p.tokens()
	found := false
	for _, t := range ts.List {
		if t.Kind == jsparse.TokIdent && t.End-t.Start >= len(name) && ts.Value(t) == name {
			found = true
			break
		}
	}
	if p.facts.spelled == nil {
		p.facts.spelled = map[string]bool{}
	}
	p.facts.spelled[name] = found
	return found
}

// referencesTo returns the ranges of the identifier tokens that refer to
// the top-level binding old (see bindingRename), or nil when one of them
// cannot be renamed in place (a possible shorthand key, an escaped
// spelling) or there is none. Computed once per name and pass: a name
// with several suggestions is renamed once per suggestion.
func (p *Pass) referencesTo(old string) []Range {
	if refs, ok := p.facts.refs[old]; ok {
		return refs
	}
	ts := p.tokens()
	toks := ts.List
	var refs []Range
	for i := range toks {
		t := &toks[i]
		if t.Kind != jsparse.TokIdent || ts.Value(*t) != old || !isReference(toks, i) {
			continue
		}
		prev, next := neighbour(toks, i, -1), neighbour(toks, i, +1)
		if prev != nil && (prev.Is(jsparse.OpLBrace) || prev.Is(jsparse.OpComma)) &&
			next != nil && (next.Is(jsparse.OpRBrace) || next.Is(jsparse.OpComma)) && !declaresOrExports(ts, i) {
			refs = nil // maybe a shorthand `{ old }`: the key would change
			break
		}
		if t.Flags&jsparse.FlagEscaped != 0 {
			refs = nil
			break
		}
		refs = append(refs, Range{t.Start, t.End})
	}
	if p.facts.refs == nil {
		p.facts.refs = map[string][]Range{}
	}
	p.facts.refs[old] = refs
	return refs
}

// declaresOrExports reports whether the identifier at i sits in an `export
// { … }` or `import { … }` list, where `{ old }` names a binding, not a
// key. Such a list reached here only for a local `export { old as x }`.
func declaresOrExports(ts *jsparse.Tokens, i int) bool {
	toks := ts.List
	for j := i - 1; j >= 0; j-- {
		t := &toks[j]
		if t.Is(jsparse.OpLBrace) {
			for k := j - 1; k >= 0; k-- {
				if toks[k].IsComment() {
					continue
				}
				return ts.IsWord(toks[k], "export") || ts.IsWord(toks[k], "import") || ts.IsWord(toks[k], "type")
			}
			return false
		}
		if t.Is(jsparse.OpRBrace) || t.Is(jsparse.OpSemicolon) {
			return false
		}
	}
	return false
}
