package analyzer

import "github.com/velo-lsp/velo-lsp/analyzer/jsparse"

var ruleObjectWrapped = &Rule{
	ID:       "VELO013",
	Name:     "object-wrapped",
	Title:    "Handler wrapped in an object",
	Severity: SeverityError,
	Since:    "0.1.0",
	Doc: RuleDoc{
		What: "Reports handlers that live inside an object: a key of `export default { … }` or of an " +
			"exported object, a property exported by reference (`export const h = obj.method`), or a " +
			"name destructured out of an object.",
		Why: "Velo calls functions that the events file exports by name at the top level. A function that is " +
			"a property of an object is not such an export, so it is never called.",
		Example: "```js\nexport default {\n  wixBilling_onInvoicePaid(event) {},\n};\n" +
			"export const wixMembers_onMemberCreated = handlers.memberCreated;\n```",
		Fix: "Export each handler as a top-level function: `export function wixBilling_onInvoicePaid(event) { … }`.",
	},
}

func objectWrapped(p *pass, e *jsparse.Export, what string) Diagnostic {
	return newDiagnostic(ruleObjectWrapped, p.in.Path, toRange(e.NameRange),
		quote(e.Name)+" "+what+"; Velo only calls functions the events file exports at the top level, so it is never called. "+
			"Write `export function "+e.Name+"(event) { … }` and call the object's method inside it.")
}
