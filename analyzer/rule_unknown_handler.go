package analyzer

import (
	"strings"

	"github.com/velo-lsp/velo-lsp/catalog"
)

var ruleUnknownHandler = &Rule{
	ID:       "VELO001",
	Name:     "unknown-handler",
	Title:    "Exported handler name is not a Velo backend event",
	Severity: SeverityError,
	Since:    "0.1.0",
	Safe:     true,
	roles:    nameRoles,
	Run:      runUnknownHandler,
	Doc: RuleDoc{
		What: "Reports an export of an events file whose name has the shape of an event handler " +
			"(`prefix_onEvent`, or a known module prefix) but matches no event in the catalog: " +
			"a misspelled event, a wrong or misspelled module prefix, or wrong letter case.",
		Why: "Velo calls a handler only when its exported name is exactly `<modulePrefix>_<eventName>`. " +
			"Any other name is an ordinary export: nothing calls it, and nothing tells you so, " +
			"because events do not fire in preview and the published site logs no error.",
		Example: "```js\n// src/backend/events.js\nexport function wixBilling_onInvoicePayed(event) {}\n" +
			"export function wixEcommerce_onOrderCreated(event) {}\n```",
		Fix: "Rename the export to the exact handler name, for example `wixBilling_onInvoicePaid` " +
			"or `wixEcom_onOrderCreated`. `velo-lsp catalog` lists every handler name; " +
			"scheduled jobs are not events and are configured in `backend/jobs.config`.",
		See: []string{aboutBackendEvents},
	},
}

func runUnknownHandler(p *Pass) {
	for _, n := range p.namesJudged(nameUnknown) {
		p.report(unknownHandler(p, n))
	}
}

// unknownHandler builds the finding for a name the catalog does not know,
// with the catalog's near misses as suggestions and rename fixes.
func unknownHandler(p *Pass, n exportedName) Diagnostic {
	name, rng := n.name, n.rng
	prefix, event, _ := splitHandler(name)
	sugg := p.cat.Suggest(name)
	var raw []string
	for _, s := range sugg {
		raw = append(raw, s.Handler)
	}
	names := liveSuggestions(p.cat, raw, p.now)
	if len(names) > 3 {
		names = names[:3]
	}

	var b strings.Builder
	b.WriteString(n.via)
	switch {
	case len(sugg) > 0 && sugg[0].Reason == catalog.ReasonCase:
		b.WriteString(quote(name) + " differs from the handler " + quote(sugg[0].Handler) +
			" only in letter case; Velo matches handler names exactly, so this export is never called.")
	case p.cat.HasPrefix(prefix):
		mods := modulesOfPrefix(p.cat, prefix)
		b.WriteString("the prefix " + quote(prefix) + " (" + joinAnd(mods) + ") has no event " + quote(event) +
			", so this export is never called.")
	default:
		b.WriteString(quote(prefix) + " is not the handler prefix of any Velo module, so " + quote(name) +
			" is never called.")
		if isSchedulePrefix(prefix) {
			b.WriteString(" Scheduled jobs are not events: configure them in `backend/jobs.config`.")
		}
	}
	switch len(names) {
	case 0:
	case 1:
		b.WriteString(" Did you mean " + quote(names[0]) + "?")
	default:
		q := make([]string, len(names))
		for i, n := range names {
			q[i] = quote(n)
		}
		b.WriteString(" Did you mean " + joinOr(q) + "?")
	}
	if len(sugg) > 0 && sugg[0].Reason == catalog.ReasonReplacement && sugg[0].Event != nil {
		b.WriteString(" (" + quote(name) + " was renamed to " + quote(sugg[0].Handler) + ".)")
	}
	// A suggestion this file already exports would make a duplicate export
	// (a syntax error that silences every handler): no rename to it.
	var renames []string
	for _, n := range names {
		if p.exports(n) {
			b.WriteString(" (" + quote(n) + " is already exported in this file.)")
			continue
		}
		renames = append(renames, n)
	}
	d := p.diagnostic(rng, b.String())
	d.Suggestions = names
	d.Fixes = renameFixes(p, name, rng, renames, n.rename)
	if len(renames) != len(names) {
		for i := range d.Fixes {
			d.Fixes[i].Safe = false
		}
	}
	return d
}

func modulesOfPrefix(cat *catalog.Catalog, prefix string) []string {
	var mods []string
	seen := map[string]bool{}
	for _, e := range cat.ByPrefix(prefix) {
		if !seen[e.Module] {
			seen[e.Module] = true
			mods = append(mods, quote(e.Module))
		}
	}
	return mods
}

// isSchedulePrefix recognises prefixes people invent for scheduled jobs.
func isSchedulePrefix(prefix string) bool {
	l := strings.ToLower(prefix)
	return strings.Contains(l, "cron") || strings.Contains(l, "job") || strings.Contains(l, "schedul")
}
