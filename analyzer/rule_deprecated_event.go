package analyzer

import (
	"time"

	"github.com/velo-lsp/velo-lsp/catalog"
)

var ruleDeprecatedEvent = &Rule{
	ID:       "VELO002",
	Name:     "deprecated-event",
	Title:    "Handler of a deprecated event",
	Severity: SeverityWarning,
	Since:    "0.1.0",
	Doc: RuleDoc{
		What: "Reports a handler whose event the Velo docs mark as deprecated, with its replacement and " +
			"sunset date when the docs give them. Once the sunset date has passed the finding is an error.",
		Why: "A deprecated event keeps firing only until its sunset date; after that the handler is " +
			"silently never called again.",
		Example: "```js\nexport function wixStores_onOrderPaid(event) {}\n```",
		Fix:     "Move the code to the replacement handler named in the message (its payload may differ: check the linked docs).",
	},
}

func deprecatedEvent(p *pass, name string, rng Range, evs []*catalog.Event, via string, rename func(string) string) Diagnostic {
	e := evs[0]
	msg := via + quote(name) + " handles " + quote(e.Event) + " of " + moduleList(evs) + ", which is deprecated"
	sev := SeverityWarning
	if e.SunsetDate != "" {
		if t, err := time.Parse("2006-01-02", e.SunsetDate); err == nil && !p.now.Before(t) {
			sev = SeverityError
			msg += " and stopped firing on " + e.SunsetDate + ": this handler is no longer called"
		} else {
			msg += " and stops firing on " + e.SunsetDate
		}
	}
	msg += "."
	var repl []string
	if e.Replacement != "" {
		msg += " Use " + quote(e.Replacement) + " instead."
		repl = []string{e.Replacement}
	}
	if e.DocsURL != "" {
		msg += " See " + e.DocsURL
	}
	d := newDiagnostic(ruleDeprecatedEvent, p.in.Path, rng, msg)
	d.Severity = sev
	d.Suggestions = repl
	// Not safe: the replacement's payload can differ from the old one.
	d.Fixes = renameFixes(rng, repl, rename)
	for i := range d.Fixes {
		d.Fixes[i].Safe = false
	}
	return d
}
