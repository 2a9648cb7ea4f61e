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
	roles:    eventsRoles,
	Run:      runNotExported,
	Doc: RuleDoc{
		What: "Reports a top-level function in an events file that has a handler's name but no `export`, and " +
			"one exported only as the default export (`export default function wixBilling_onInvoicePaid`).",
		Why: "Velo only sees what the events file exports under the handler's name; a function that is merely " +
			"declared, or exported as `default`, is never called.",
		Example: "```js\nfunction wixBilling_onInvoicePaid(event) {}\n```",
		Fix:     "Add `export` in front of the declaration (and drop `default`).",
		See:     []string{aboutBackendEvents},
	},
}

// runNotExported reports a handler-named function exported only as the
// default export, then the top-level functions with a handler's name that
// no export statement, ESM or CommonJS, exports.
func runNotExported(p *Pass) {
	for i := range p.file.Exports {
		if e := &p.file.Exports[i]; !e.TypeOnly && e.Form == jsparse.FormDefault {
			reportDefaultHandler(p, e)
		}
	}

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
		diag := p.diagnostic(toRange(d.NameRange), msg)
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

// reportDefaultHandler reports `export default function h(event) {}` with
// a handler's name: the function is exported as "default", not as h.
func reportDefaultHandler(p *Pass, e *jsparse.Export) {
	if e.ValueRange.Start < 0 || e.ValueRange.End > len(p.in.Text) || e.ValueRange.Start >= e.ValueRange.End {
		return
	}
	// [async] function [*] name, comments between them allowed.
	var code []jsparse.Token
	vts := jsparse.LexRange(p.in.Text, p.lang, jsparse.Range{Start: e.ValueRange.Start, End: e.ValueRange.End})
	for _, t := range vts.List {
		if !t.IsComment() {
			code = append(code, t)
		}
		if len(code) == 4 {
			break
		}
	}
	i := 0
	if i < len(code) && vts.IsWord(code[i], "async") {
		i++
	}
	if i >= len(code) || !vts.IsWord(code[i], "function") {
		return
	}
	i++
	if i < len(code) && code[i].Is(jsparse.OpStar) {
		i++
	}
	if i >= len(code) || code[i].Kind != jsparse.TokIdent {
		return
	}
	name := vts.Value(code[i])
	if !handlerLike(p.cat, name) {
		return
	}
	rng := Range{code[i].Start, code[i].End}
	d := p.diagnostic(rng,
		quote(name)+" is exported only as the default export, not under its own name, so Velo never calls it. "+
			"Write `export function "+name+"(event)` without `default`.")
	// Remove the `default` keyword, up to the next token.
	hts := jsparse.LexRange(p.in.Text, p.lang, jsparse.Range{Start: e.Stmt.Start, End: e.ValueRange.Start + 1})
	head := hts.List
	for k := 0; k+1 < len(head); k++ {
		if hts.IsWord(head[k], "default") {
			d.Fixes = []Fix{{
				Title:     "Export " + name + " by name",
				Renames:   &Rename{From: "default", To: name}, // the default export becomes a named one
				Edits:     []Edit{{Range: Range{head[k].Start, head[k+1].Start}, NewText: ""}},
				Preferred: true,
				Safe:      true,
			}}
			break
		}
	}
	p.report(d)
}
