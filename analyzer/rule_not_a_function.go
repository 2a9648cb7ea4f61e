package analyzer

import "github.com/velo-lsp/velo-lsp/analyzer/jsparse"

var ruleNotAFunction = &Rule{
	ID:       "VELO014",
	Name:     "not-a-function",
	Title:    "Handler-named export that is not a function",
	Severity: SeverityError,
	Since:    "0.1.0",
	roles:    eventsRoles,
	Run:      runNotAFunction,
	Doc: RuleDoc{
		What: "Reports an export with a handler's name whose value is not a function: a number, string, " +
			"object, array, class, or a variable declared without a value.",
		Why: "Velo can only call a function. An export with the right name and another kind of value is " +
			"skipped (or fails when the event fires), so the event is never handled.",
		Example: "```js\nexport const wixBilling_onInvoicePaid = 42;\n```",
		Fix:     "Export a function under that name: `export function wixBilling_onInvoicePaid(event) { … }`.",
	},
}

func runNotAFunction(p *Pass) {
	for _, e := range p.handlerExports() {
		if e.Form == jsparse.FormClassDecl {
			p.report(notAFunction(p, e, "a class"))
			continue
		}
		if e.Form != jsparse.FormVariable && e.Form != jsparse.FormSpecifier {
			continue
		}
		if what := notAFunctionValues[e.Value]; what != "" {
			p.report(notAFunction(p, e, what))
		}
	}
}

// notAFunctionValues names the values bound to an export that are not
// functions.
var notAFunctionValues = map[jsparse.ValueKind]string{
	jsparse.ValueLiteral: "a literal value",
	jsparse.ValueObject:  "an object",
	jsparse.ValueArray:   "an array",
	jsparse.ValueClass:   "a class",
	jsparse.ValueNone:    "declared without a value",
}

func notAFunction(p *Pass, e *jsparse.Export, what string) Diagnostic {
	return p.diagnostic(toRange(e.NameRange),
		quote(e.Name)+" has a handler's name but is "+what+", not a function, so Velo cannot call it. "+
			"Write `export function "+e.Name+"(event) { … }`.")
}
