package analyzer

import (
	"strings"

	"github.com/velo-lsp/velo-lsp/catalog"
)

var ruleUnverifiedHandler = &Rule{
	ID:       "VELO004",
	Name:     "unverified-handler",
	Title:    "Handler name the catalog cannot confirm",
	Severity: SeverityWarning,
	Since:    "0.2.0",
	roles:    nameRoles,
	Run:      runUnverifiedHandler,
	Doc: RuleDoc{
		What: "Reports a handler-shaped export that the event catalog does not list but that may still be real: " +
			"its prefix is another version of a known prefix (`wixStoresCatalogV2_` beside `wixStoresCatalogV1_`), " +
			"a versioned namespace of a known product (`wixSocialGroupsV3_`), or a known prefix whose module family " +
			"documents the event under another version of that prefix.",
		Why: "Wix renames handler prefixes when a module gets a new API version, and the catalog is a snapshot of " +
			"the docs on one day. A name of this shape may be newer than the catalog, or it may be a version that " +
			"never fires: velo-lsp cannot tell, so it asks you to check instead of failing the build or renaming it.",
		Example: "```js\nexport function wixStoresCatalogV2_onProductCreated(event) {}\n```",
		Fix: "Compare the name with the module's events page linked in the message. If the docs list it, declare it " +
			"in `extraEvents` of `.velo-lsp.json` so that velo-lsp accepts it (and tell us, so the catalog learns it); " +
			"otherwise rename it to the name the catalog gives. No automatic fix is offered.",
	},
}

func runUnverifiedHandler(p *Pass) {
	for _, n := range p.namesJudged(nameUnverified) {
		p.report(unverifiedHandler(p, n.name, n.rng, n.via, n.variant))
	}
}

// unverifiedHandler builds the finding for a name the catalog does not
// list but that Variant says may be real. It has no fix: renaming a name
// that may be right is worse than leaving it.
func unverifiedHandler(p *Pass, name string, rng Range, via string, v *catalog.Variant) Diagnostic {
	var b strings.Builder
	b.WriteString(via)
	b.WriteString(quote(name) + " is not in velo-lsp's event catalog")
	if date := p.cat.Provenance().Date; date != "" {
		b.WriteString(" (the Velo docs as of " + date + ")")
	}
	mod := ""
	if v.Module != nil {
		mod = " (" + quote(v.Module.Name) + ")"
	}
	switch v.Kind {
	case catalog.VariantVersion:
		b.WriteString(", but its prefix is another version of " + quote(v.Prefix) + mod + ", so it may be newer than the catalog.")
	case catalog.VariantNamespace:
		b.WriteString(", but its prefix looks like a versioned namespace of " + quote(v.Prefix) + mod + ", so it may be newer than the catalog.")
	case catalog.VariantFamilyEvent:
		b.WriteString(", but the same product documents " + quote(v.Event.Event) + " under the prefix " + quote(v.Prefix) + mod +
			", so this may be another version of that handler.")
	case catalog.VariantUnnamedEvent:
		b.WriteString(", but " + quote(v.Unnamed.Module) + " documents " + quote(v.Unnamed.Event) +
			" without a handler name velo-lsp could read, so this may be it.")
	}
	switch {
	case v.Kind == catalog.VariantFamilyEvent:
		b.WriteString(" The catalog lists it as " + quote(v.Event.Handler) + ".")
	case v.Event != nil:
		b.WriteString(" The catalog lists the event as " + quote(v.Event.Handler) + ".")
	case v.Unnamed != nil && v.Kind != catalog.VariantUnnamedEvent:
		b.WriteString(" " + quote(v.Unnamed.Module) + " documents " + quote(v.Unnamed.Event) + " without a handler name velo-lsp could read.")
	}
	b.WriteString(" Velo calls it only if the docs list this exact name")
	switch {
	case v.Unnamed != nil && v.Unnamed.DocsURL != "":
		b.WriteString(" (" + v.Unnamed.DocsURL + ")")
	case v.Module != nil && v.Module.DocsURL != "":
		b.WriteString(" (" + v.Module.DocsURL + ")")
	}
	b.WriteString("; if they do, declare it in `extraEvents` of .velo-lsp.json.")
	d := p.diagnostic(rng, b.String())
	if v.Event != nil {
		d.Suggestions = liveSuggestions(p.cat, []string{v.Event.Handler}, p.now)
	}
	return d
}
