package analyzer

import (
	"strings"

	"github.com/velo-lsp/velo-lsp/analyzer/jsparse"
)

var ruleCommonJSExport = &Rule{
	ID:       "VELO010",
	Name:     "commonjs-export",
	Title:    "Handler exported with CommonJS",
	Severity: SeverityError,
	Since:    "0.1.0",
	Safe:     true,
	roles:    eventsRoles,
	Run:      runCommonJSExport,
	Doc: RuleDoc{
		What: "Reports handlers exported through `module.exports` or `exports.name` in an events file.",
		Why: "Velo backend files are ES modules: Velo reads their `export` declarations, and a CommonJS " +
			"assignment is not one, so the handler is never called.",
		Example: "```js\nexports.wixBilling_onInvoicePaid = function (event) {};\n" +
			"module.exports = { wixMembers_onMemberCreated };\n```",
		Fix: "Export the function with ES module syntax: `export function wixBilling_onInvoicePaid(event) { … }` " +
			"or `export { wixMembers_onMemberCreated };`.",
	},
}

func runCommonJSExport(p *Pass) {
	for _, e := range p.handlerExports() {
		if e.Form == jsparse.FormCommonJS {
			p.report(commonJSExport(p, e))
		}
	}
}

func commonJSExport(p *Pass, e *jsparse.Export) Diagnostic {
	d := p.diagnostic(toRange(e.NameRange),
		quote(e.Name)+" is exported with CommonJS, which Velo does not read in backend files, so it is never called. "+
			"Write `export function "+e.Name+"(event) { … }` instead.")
	if fix, ok := commonJSFix(p, e); ok {
		d.Fixes = []Fix{fix}
	}
	return d
}

// commonJSFix rewrites a CommonJS assignment of a handler into an ES export.
// Only the single-key statement forms are rewritten:
//
//	exports.h = <function or identifier>;      → export const h = <same>;
//	module.exports.h = <function or identifier>; → export const h = <same>;
//
// `module.exports = { … }` objects with several keys are left to the user.
func commonJSFix(p *Pass, e *jsparse.Export) (Fix, bool) {
	if e.Value != jsparse.ValueFunction && !(e.Value == jsparse.ValueUnknown && isIdentifier(strings.TrimSpace(p.text(e.ValueRange)))) {
		return Fix{}, false
	}
	stmt := p.text(e.Stmt)
	lhs := strings.TrimSpace(p.text(jsparse.Range{Start: e.Stmt.Start, End: e.NameRange.End}))
	if lhs != "exports."+e.Name && lhs != "module.exports."+e.Name {
		return Fix{}, false
	}
	// Exactly one target: `exports.a = exports.b = f` or `exports.a = x =
	// f` assigns more than this export, and rewriting it would drop the
	// rest. Only `=` may stand between the name and the value.
	if between := strings.TrimSpace(p.text(jsparse.Range{Start: e.NameRange.End, End: e.ValueRange.Start})); between != "=" {
		return Fix{}, false
	}
	value := p.text(e.ValueRange)
	if value == "" || stmt == "" {
		return Fix{}, false
	}
	newText := "export const " + e.Name + " = " + value + ";"
	return Fix{
		Title:     "Convert to an ES module export",
		Edits:     []Edit{{Range: toRange(e.Stmt), NewText: newText}},
		Preferred: true,
		Safe:      true,
	}, true
}
