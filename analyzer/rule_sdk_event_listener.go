package analyzer

import (
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
	roles:    eventsRoles,
	Run:      runSDKListeners,
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

// runSDKListeners reports calls of an SDK module's on<Event> listener
// through a binding imported from an @wix/* package.
func runSDKListeners(p *Pass) {
	sdk := map[string]string{} // local binding → package
	for _, d := range p.file.Declarations {
		if d.Value == jsparse.ValueImport && strings.HasPrefix(d.Source, "@wix/") {
			sdk[d.Name] = d.Source
		}
	}
	if len(sdk) == 0 {
		return
	}
	for _, c := range sdkListenerCalls(p.tokens(), sdk) {
		pkg := sdk[c.binding]
		event := c.event
		call := string(p.in.Text[c.rng.Start:c.rng.End])
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
		d := p.diagnostic(c.rng, msg)
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

// listenerCall is `binding(.member)*.onEvent(` in the code.
type listenerCall struct {
	binding, event string
	rng            Range // from the binding to the end of onEvent
}

// sdkListenerCalls finds, in the code tokens (comments, strings and
// templates are never code), each call of an on<Event> member reached from
// one of the bindings: `orders.onOrderApproved(` and
// `orders.events.onOrderApproved(`, not `x.orders.onOrderApproved(`.
func sdkListenerCalls(ts *jsparse.Tokens, bindings map[string]string) []listenerCall {
	toks := ts.List
	var code []int // indexes of the tokens that are not comments
	for i := range toks {
		if !toks[i].IsComment() {
			code = append(code, i)
		}
	}
	var out []listenerCall
	for k, i := range code {
		t := &toks[i]
		if t.Kind != jsparse.TokIdent {
			continue
		}
		if _, ok := bindings[ts.Value(*t)]; !ok {
			continue
		}
		if k > 0 && (toks[code[k-1]].Is(jsparse.OpDot) || toks[code[k-1]].Is(jsparse.OpQuestionDot)) {
			continue
		}
		// Follow `.name` steps; the last name before `(` must be on<Event>.
		j := k
		for j+2 < len(code) && toks[code[j+1]].Is(jsparse.OpDot) && toks[code[j+2]].Kind == jsparse.TokIdent {
			j += 2
			name := &toks[code[j]]
			if j+1 < len(code) && toks[code[j+1]].Is(jsparse.OpLParen) && isEventName(ts.Value(*name)) {
				out = append(out, listenerCall{binding: ts.Value(*t), event: ts.Value(*name), rng: Range{t.Start, name.End}})
				break
			}
		}
	}
	return out
}

// isEventName reports the on<Event> shape.
func isEventName(s string) bool {
	return len(s) > 2 && s[0] == 'o' && s[1] == 'n' && s[2] >= 'A' && s[2] <= 'Z'
}
