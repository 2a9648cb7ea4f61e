package analyzer

import (
	"strings"

	"github.com/velo-lsp/velo-lsp/analyzer/jsparse"
)

var ruleObjectWrapped = &Rule{
	ID:       "VELO013",
	Name:     "object-wrapped",
	Title:    "Handler wrapped in an object",
	Severity: SeverityError,
	Since:    "0.1.0",
	roles:    eventsRoles,
	Run:      runObjectWrapped,
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

// runObjectWrapped reports, in file order, the handler-shaped keys of an
// exported object (the default export's included) and handler-named
// exports whose value is a property of an object.
func runObjectWrapped(p *Pass) {
	for i := range p.file.Exports {
		e := &p.file.Exports[i]
		switch {
		case e.TypeOnly:
		case e.Form == jsparse.FormDefault:
			reportWrappedKeys(p, e, "the default export")
		case !handlerLike(p.cat, e.Name):
			if e.Value == jsparse.ValueObject {
				reportWrappedKeys(p, e, quote(e.Name))
			}
		case e.Form == jsparse.FormDestructured:
			p.report(objectWrapped(p, e, "is taken out of an object by destructuring"))
		case (e.Form == jsparse.FormVariable || e.Form == jsparse.FormSpecifier) && e.Value == jsparse.ValueMember:
			p.report(objectWrapped(p, e, "is a property of an object ("+quote(strings.TrimSpace(p.text(e.ValueRange)))+")"))
		}
	}
}

// reportWrappedKeys reports each handler-shaped key of an object that an
// export wraps (`export default { h() {} }`, `export const handlers = {…}`),
// from the keys the parser lists (nested objects are not the export's keys).
func reportWrappedKeys(p *Pass, e *jsparse.Export, what string) {
	for _, m := range e.Members {
		if !handlerLike(p.cat, m.Name) {
			continue
		}
		d := p.diagnostic(toRange(m.NameRange),
			quote(m.Name)+" is a key of an object in "+what+", not an export of its own: Velo looks only at the module's exported names, so it is never called. "+
				"Write `export function "+m.Name+"(event) { … }` at the top level instead.")
		p.report(d)
	}
}

func objectWrapped(p *Pass, e *jsparse.Export, what string) Diagnostic {
	return p.diagnostic(toRange(e.NameRange),
		quote(e.Name)+" "+what+"; Velo only calls functions the events file exports at the top level, so it is never called. "+
			"Write `export function "+e.Name+"(event) { … }` and call the object's method inside it.")
}
