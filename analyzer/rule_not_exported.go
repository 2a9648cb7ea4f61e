package analyzer

import (
	"github.com/velo-lsp/velo-lsp/analyzer/jsparse"
)

var ruleNotExported = &Rule{
	ID:       "VELO015",
	Name:     "not-exported",
	Title:    "Handler function that is not exported",
	Severity: SeverityError,
	Since:    "0.1.0",
	Safe:     true,
	Doc: RuleDoc{
		What:    "Reports a top-level function in an events file that has a handler's name but no `export`.",
		Why:     "Velo only sees what the events file exports; a function that is merely declared is never called.",
		Example: "```js\nfunction wixBilling_onInvoicePaid(event) {}\n```",
		Fix:     "Add `export` in front of the declaration.",
	},
}

// checkNotExported reports top-level functions with a handler's name that
// no export statement, ESM or CommonJS, exports.
func checkNotExported(p *pass) {
	exported := map[string]bool{}
	for _, e := range p.file.Exports {
		exported[e.Name] = true
		if e.Local != "" {
			exported[e.Local] = true
		}
	}
	for i := range p.file.Declarations {
		d := &p.file.Declarations[i]
		if d.Value != jsparse.ValueFunction || exported[d.Name] || !handlerLike(p.cat, d.Name) {
			continue
		}
		msg := quote(d.Name) + " has a handler's name but is not exported, so Velo never calls it. Add `export` in front of it."
		if len(p.cat.Lookup(d.Name)) == 0 {
			// The name is misspelled too: say so now rather than after the export is added.
			if s := p.cat.Suggest(d.Name); len(s) > 0 {
				msg += " Its name also matches no event: did you mean " + quote(s[0].Handler) + "?"
			} else {
				msg += " Its name also matches no event in the catalog."
			}
		}
		diag := newDiagnostic(ruleNotExported, p.in.Path, toRange(d.NameRange), msg)
		if d.Stmt.Start >= 0 && d.Stmt.Start <= len(p.in.Text) {
			diag.Fixes = []Fix{{
				Title:     "Export " + d.Name,
				Edits:     []Edit{{Range: Range{d.Stmt.Start, d.Stmt.Start}, NewText: "export "}},
				Preferred: true,
				Safe:      true,
			}}
		}
		p.report(diag)
	}
}
