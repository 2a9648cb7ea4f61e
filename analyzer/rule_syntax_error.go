package analyzer

import "strings"

var ruleSyntaxError = &Rule{
	ID:       "VELO030",
	Name:     "syntax-error",
	Title:    "Events file that does not parse",
	Severity: SeverityError,
	Since:    "0.1.0",
	roles:    eventsRoles,
	on:       stateSyntaxError,
	Run:      runSyntaxError,
	Doc: RuleDoc{
		What:    "Reports the first syntax error of an events file, at the place esbuild finds it.",
		Why:     "A backend file that does not parse never loads, so not one of its handlers fires.",
		Example: "```js\nexport function wixBilling_onInvoicePaid(event) {\n  console.log(event\n}\n```",
		Fix:     "Correct the syntax at the reported position; the other findings appear once the file parses.",
	},
}

func runSyntaxError(p *Pass) {
	e := p.val.Error
	rng := Range{e.Range.Start, e.Range.End}
	if rng.End < rng.Start {
		rng.End = rng.Start
	}
	msg := strings.TrimSuffix(e.Message, ".") + ". The file does not load, so no handler in it will fire."
	d := p.diagnostic(rng, msg)
	for _, n := range e.Notes {
		note := Note{Message: n.Message, Range: Range{n.Range.Start, n.Range.End}}
		if n.Range.Start < 0 {
			note.Range = Range{-1, -1}
		}
		d.Notes = append(d.Notes, note)
	}
	p.report(d)
}
