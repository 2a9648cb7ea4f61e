package analyzer

import (
	"regexp"
	"strings"

	"github.com/velo-lsp/velo-lsp/analyzer/jsparse"
	"github.com/velo-lsp/velo-lsp/catalog"
)

var ruleSDKEventListener = &Rule{
	ID:       "VELO016",
	Name:     "sdk-event-listener",
	Title:    "Wix SDK event listener in the events file",
	Severity: SeverityWarning,
	Since:    "0.1.0",
	Doc: RuleDoc{
		What: "Reports a call that registers an event listener of a Wix JavaScript SDK module " +
			"(`orders.onOrderApproved(handler)` with `orders` imported from `@wix/ecom`) in a site's events file.",
		Why: "A Velo site receives backend events only through handler functions exported from " +
			"`backend/events.js`. The SDK's listener functions serve apps and self-hosted code; registered in " +
			"a site's backend, the listener is not called.",
		Example: "```js\nimport { orders } from '@wix/ecom';\norders.onOrderApproved((event) => {});\n```",
		Fix:     "Export a handler instead: `export function wixEcom_onOrderApproved(event) { … }`.",
	},
}

// sdkListenerCall matches `binding.onEvent(` and `binding.member.onEvent(`.
var sdkListenerCall = regexp.MustCompile(`(^|[^.\w$])([A-Za-z_$][\w$]*)((?:\.[A-Za-z_$][\w$]*)*)\.(on[A-Z][A-Za-z0-9]*)\s*\(`)

// checkSDKListeners reports calls of an SDK module's on<Event> listener
// through a binding imported from an @wix/* package.
func checkSDKListeners(p *pass) {
	sdk := map[string]string{} // local binding → package
	for _, d := range p.file.Declarations {
		if d.Value == jsparse.ValueImport && strings.HasPrefix(d.Source, "@wix/") {
			sdk[d.Name] = d.Source
		}
	}
	if len(sdk) == 0 {
		return
	}
	for _, m := range sdkListenerCall.FindAllSubmatchIndex(p.in.Text, -1) {
		binding := string(p.in.Text[m[4]:m[5]])
		pkg, ok := sdk[binding]
		if !ok || inLineComment(p.in.Text, m[4]) {
			continue
		}
		event := string(p.in.Text[m[8]:m[9]])
		call := string(p.in.Text[m[4]:m[9]])
		msg := quote(call+"()") + " registers a listener of the Wix SDK package " + quote(pkg) +
			"; a Velo site's backend receives events only through handlers exported from the events file, so this listener is not called."
		var names []string
		for _, e := range eventsNamed(p.cat, event) {
			names = append(names, e.Handler)
		}
		names = liveSuggestions(p.cat, names, p.now)
		if len(names) > 3 {
			names = names[:3]
		}
		if len(names) > 0 {
			q := make([]string, len(names))
			for i, n := range names {
				q[i] = quote(n)
			}
			msg += " Export " + joinOr(q) + " instead."
		}
		d := newDiagnostic(ruleSDKEventListener, p.in.Path, Range{m[4], m[9]}, msg)
		d.Suggestions = names
		p.report(d)
	}
}

// eventsNamed returns the catalog's current events with this event name.
func eventsNamed(cat *catalog.Catalog, event string) []*catalog.Event {
	var out []*catalog.Event
	seen := map[string]bool{}
	for _, e := range cat.Events() {
		if e.Event == event && e.Status == catalog.StatusCurrent && !seen[e.Handler] {
			seen[e.Handler] = true
			out = append(out, e)
		}
	}
	return out
}

// inLineComment reports whether off follows `//` on its line (a cheap test
// that keeps commented-out code from being reported).
func inLineComment(text []byte, off int) bool {
	start := off
	for start > 0 && text[start-1] != '\n' && text[start-1] != '\r' {
		start--
	}
	return strings.Contains(string(text[start:off]), "//")
}
