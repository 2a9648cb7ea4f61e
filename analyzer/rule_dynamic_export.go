package analyzer

import "github.com/velo-lsp/velo-lsp/analyzer/jsparse"

var ruleDynamicExport = &Rule{
	ID:       "VELO012",
	Name:     "dynamic-export",
	Title:    "Handler whose value is computed at run time",
	Severity: SeverityError,
	Since:    "0.1.0",
	roles:    eventsRoles,
	Run:      runDynamicExport,
	Doc: RuleDoc{
		What: "Reports a handler-named export whose value is the result of a call or another expression " +
			"that needs the module to run (`export const h = factory()`, `export const h = cond ? a : b`).",
		Why: "Velo recognises handlers from the events file's source, without running it; a value that only " +
			"exists after execution is not recognised as a function, so the handler is never called.",
		Example: "```js\nexport const wixBilling_onInvoicePaid = withLogging(handleInvoice);\n```",
		Fix: "Define the handler as a function and do the wrapping inside it:\n\n```js\n" +
			"export function wixBilling_onInvoicePaid(event) {\n  return withLogging(handleInvoice)(event);\n}\n```",
	},
}

func runDynamicExport(p *Pass) {
	for _, e := range p.handlerExports() {
		if e.Form != jsparse.FormVariable && e.Form != jsparse.FormSpecifier {
			continue
		}
		switch e.Value {
		case jsparse.ValueCall:
			p.report(dynamicExport(p, e, "is the result of a call"))
		case jsparse.ValueOther:
			p.report(dynamicExport(p, e, "is computed when the module runs"))
		}
	}
}

func dynamicExport(p *Pass, e *jsparse.Export, what string) Diagnostic {
	return p.diagnostic(toRange(e.NameRange),
		"the value of "+quote(e.Name)+" "+what+"; Velo only calls handlers defined as functions in the events file, so this one is never called. "+
			"Write `export function "+e.Name+"(event) { … }` and call the computed function inside it.")
}
