package analyzer

var ruleRemovedEvent = &Rule{
	ID:       "VELO003",
	Name:     "removed-event",
	Title:    "Handler of an event that no longer exists",
	Severity: SeverityError,
	Since:    "0.1.0",
	roles:    nameRoles,
	Run:      runRemovedEvent,
	Doc: RuleDoc{
		What: "Reports a handler name that the Velo docs once listed and then renamed or dropped, and a " +
			"deprecated event whose documented sunset date has passed.",
		Why: "Velo no longer emits the event under that name, so the handler is never called.",
		Example: "```js\n// documented once, since replaced by wixPricingPlans_onOrderCycleStarted\n" +
			"export function wixPricingPlans_onOrderBillingCycleTriggered(event) {}\n```",
		Fix: "Rename the handler to the replacement named in the message, or delete it when the event was dropped.",
	},
}

// runRemovedEvent reports, in file order, the names the catalog lists as
// removed and the deprecated ones past their sunset date.
func runRemovedEvent(p *Pass) {
	for _, n := range p.exportedNames() {
		switch n.verdict {
		case nameRemoved:
			p.report(removedEvent(p, n))
		case nameSunsetPassed:
			p.report(deprecatedEvent(p, n))
		}
	}
}

func removedEvent(p *Pass, n exportedName) Diagnostic {
	e := n.events[0]
	msg := n.via + quote(n.name) + " was removed from " + moduleList(n.events) + "; Velo no longer calls it."
	var repl []string
	if e.Replacement != "" {
		msg += " Use " + quote(e.Replacement) + " instead."
		repl = []string{e.Replacement}
	}
	d := p.diagnostic(n.rng, msg)
	d.Suggestions = repl
	d.Fixes = renameFixes(p, n.name, n.rng, repl, n.rename)
	return d
}
