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
	roles:    nameRoles,
	Run:      runDeprecatedEvent,
	Doc: RuleDoc{
		What: "Reports a handler whose event the Velo docs mark as deprecated, with its replacement and " +
			"sunset date when the docs give them. Once the sunset date has passed, the handler is reported " +
			"as removed (VELO003) instead: it no longer fires.",
		Why: "A deprecated event keeps firing only until its sunset date; after that the handler is " +
			"silently never called again.",
		Example: "```js\n// deprecated, with wixCrmInbox_onMessageSentToBusiness named as its replacement\n" +
			"export function wixChat_onMessage(event) {}\n```",
		Fix: "Move the code to the replacement handler named in the message (its payload may differ: check the linked docs).",
	},
}

func runDeprecatedEvent(p *Pass) {
	for _, n := range p.namesJudged(nameDeprecated) {
		p.report(deprecatedEvent(p, n))
	}
}

// deprecatedEvent builds the finding for a handler of a deprecated event,
// before its sunset date (VELO002) or after it (VELO003, which says that
// it stopped firing): the running rule decides which.
func deprecatedEvent(p *Pass, n exportedName) Diagnostic {
	e := n.events[0]
	msg := n.via + quote(n.name) + " handles " + quote(e.Event) + " of " + moduleList(n.events) + ", which is deprecated"
	if n.verdict == nameSunsetPassed {
		msg += " and stopped firing on " + e.SunsetDate + "; Velo no longer calls this handler"
	} else if e.SunsetDate != "" {
		msg += " and stops firing on " + e.SunsetDate
	}
	msg += "."
	if e.Notice != "" {
		msg += " " + e.Notice + "."
	}
	var repl []string
	if e.Replacement != "" {
		msg += " Use " + quote(e.Replacement) + " instead."
		repl = []string{e.Replacement}
	}
	if e.DocsURL != "" {
		msg += " See " + e.DocsURL
	}
	d := p.diagnostic(n.rng, msg)
	d.Suggestions = repl
	// Not safe: the replacement's payload can differ from the old one.
	d.Fixes = renameFixes(p, n.name, n.rng, repl, n.rename)
	for i := range d.Fixes {
		d.Fixes[i].Safe = false
	}
	return d
}

// sunsetPassed reports whether a deprecated event's documented sunset date
// is at or before now: the event no longer fires.
func sunsetPassed(e *catalog.Event, now time.Time) bool {
	return e.Status == catalog.StatusDeprecated && !e.FiresOn(now)
}

// liveSuggestions replaces, among suggested handler names, each one that no
// longer fires (removed, or deprecated past its sunset) by its replacement,
// and drops it when it has none, so that following a suggestion never leads
// to a dead handler. Order is kept and duplicates removed.
func liveSuggestions(cat *catalog.Catalog, names []string, now time.Time) []string {
	var out []string
	seen := map[string]bool{}
	add := func(n string) {
		if n != "" && !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	for _, n := range names {
		evs := cat.Lookup(n)
		if len(evs) == 0 {
			add(n)
			continue
		}
		best := bestEvents(evs)[0]
		if best.Status == catalog.StatusRemoved || sunsetPassed(best, now) {
			if r := best.Replacement; r != "" && r != n {
				if revs := cat.Lookup(r); len(revs) > 0 && bestEvents(revs)[0].Status != catalog.StatusRemoved && !sunsetPassed(bestEvents(revs)[0], now) {
					add(r)
				}
			}
			continue
		}
		add(n)
	}
	return out
}
