package analyzer

import "github.com/velo-lsp/velo-lsp/catalog"

var ruleRemovedEvent = &Rule{
	ID:       "VELO003",
	Name:     "removed-event",
	Title:    "Handler of an event that no longer exists",
	Severity: SeverityError,
	Since:    "0.1.0",
	Doc: RuleDoc{
		What: "Reports a handler name that the Velo docs once listed and then renamed or dropped, and a " +
			"deprecated event whose documented sunset date has passed.",
		Why: "Velo no longer emits the event under that name, so the handler is never called.",
		Example: "```js\n// documented once, since replaced by wixPricingPlans_onOrderCycleStarted\n" +
			"export function wixPricingPlans_onOrderBillingCycleTriggered(event) {}\n```",
		Fix: "Rename the handler to the replacement named in the message, or delete it when the event was dropped.",
	},
}

func removedEvent(p *pass, name string, rng Range, evs []*catalog.Event, via string, rename renamer) Diagnostic {
	e := evs[0]
	msg := via + quote(name) + " was removed from " + moduleList(evs) + "; Velo no longer calls it."
	var repl []string
	if e.Replacement != "" {
		msg += " Use " + quote(e.Replacement) + " instead."
		repl = []string{e.Replacement}
	}
	d := newDiagnostic(ruleRemovedEvent, p.in.Path, rng, msg)
	d.Suggestions = repl
	d.Fixes = renameFixes(p, name, rng, repl, rename)
	return d
}
