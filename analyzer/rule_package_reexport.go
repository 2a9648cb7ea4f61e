package analyzer

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/velo-lsp/velo-lsp/analyzer/jsparse"
	"github.com/velo-lsp/velo-lsp/analyzer/site"
)

var rulePackageReexport = &Rule{
	ID:       "VELO011",
	Name:     "package-reexport",
	Title:    "Handler re-exported from a package",
	Severity: SeverityError,
	Since:    "0.1.0",
	Safe:     true,
	roles:    eventsRoles,
	Run:      runPackageReexport,
	Doc: RuleDoc{
		What: "Reports a handler that events.js re-exports from an npm or Velo package instead of defining: " +
			"`export { x as h } from 'pkg'`, `export * from 'pkg'`, or `export const h = imported` / " +
			"`export { imported as h }` where `imported` comes from a package.",
		Why: "Velo registers the handlers that the site's events file itself defines; a binding that only " +
			"forwards a package's function is not registered, so the handler is never called.",
		Example: "```js\nexport { onInvoicePaid as wixBilling_onInvoicePaid } from '@velo/billing-tools';\n```",
		Fix: "Import the function and call it from a handler defined in events.js:\n\n```js\n" +
			"import { onInvoicePaid } from '@velo/billing-tools';\n" +
			"export function wixBilling_onInvoicePaid(event) {\n  return onInvoicePaid(event);\n}\n```",
	},
}

// runPackageReexport reports, in file order, `export * from 'pkg'` and
// each handler-named export that forwards a package's binding.
func runPackageReexport(p *Pass) {
	for i := range p.file.Exports {
		e := &p.file.Exports[i]
		switch {
		case e.TypeOnly:
		case e.Form == jsparse.FormExportStar || e.Form == jsparse.FormExportStarAs:
			if isPackageSource(e.Source) {
				p.report(packageStarReexport(p, e))
			}
		case !handlerLike(p.cat, e.Name):
		case e.Form == jsparse.FormReExport,
			(e.Form == jsparse.FormVariable || e.Form == jsparse.FormSpecifier) && e.Value == jsparse.ValueImport:
			if isPackageSource(e.Source) {
				p.report(packageReexport(p, e))
			}
		}
	}
}

// isPackageSource reports whether an import specifier names a package (npm,
// wix-*, @velo/*), not a module of the site (see site.IsLocalSpecifier).
func isPackageSource(spec string) bool { return spec != "" && !site.IsLocalSpecifier(spec) }

func packageReexport(p *Pass, e *jsparse.Export) Diagnostic {
	imported := e.Imported
	if imported == "" {
		imported = e.Name
	}
	msg := quote(e.Name) + " forwards " + quote(imported) + " from the package " + quote(e.Source) +
		" instead of defining the handler in this file; Velo never calls a re-exported package function. " +
		"Define `export function " + e.Name + "(event)` here and call the package's function from it."
	d := p.diagnostic(toRange(e.NameRange), msg)
	if e.Form == jsparse.FormReExport && imported != "*" && isIdentifier(imported) || imported == "default" {
		local := freshName(p, e.Name+"Impl")
		var importLine string
		if imported == "default" {
			importLine = "import " + local + " from " + jsQuote(e.Source) + ";"
		} else {
			importLine = "import { " + imported + " as " + local + " } from " + jsQuote(e.Source) + ";"
		}
		if e.Form == jsparse.FormReExport && singleSpecifier(p, e) {
			d.Fixes = []Fix{{
				Title: "Wrap the package function in a local handler",
				Edits: []Edit{{Range: toRange(e.Stmt), NewText: importLine + "\n" +
					"export function " + e.Name + "(event) {\n  return " + local + "(event);\n}"}},
				Preferred: true,
				Safe:      true,
			}}
		}
	}
	if e.Form == jsparse.FormVariable && isIdentifier(p.text(e.ValueRange)) {
		// export const h = imported;  →  export function h(event) { return imported(event); }
		d.Fixes = []Fix{{
			Title: "Wrap the package function in a local handler",
			Edits: []Edit{{Range: toRange(e.Stmt), NewText: "export function " + e.Name + "(event) {\n  return " +
				p.text(e.ValueRange) + "(event);\n}"}},
			Preferred: true,
			Safe:      true,
		}}
	}
	return d
}

// singleSpecifier reports whether e is the only specifier of its statement,
// so that replacing the statement loses nothing.
func singleSpecifier(p *Pass, e *jsparse.Export) bool {
	n := 0
	for i := range p.file.Exports {
		if p.file.Exports[i].Stmt == e.Stmt {
			n++
		}
	}
	return n == 1
}

func packageStarReexport(p *Pass, e *jsparse.Export) Diagnostic {
	return p.diagnostic(toRange(e.NameRange),
		"`export * from "+jsQuote(e.Source)+"` forwards a package's exports; Velo never calls a handler that a package defines this way. "+
			"Define each handler in this file and call the package's function from it.")
}

// jsQuote writes s as a JavaScript string literal in single quotes,
// escaping what would end or break it (the quote, backslashes, line
// terminators, other control characters), so that a module specifier
// read from the file is pasted back exactly.
func jsQuote(s string) string {
	var b strings.Builder
	b.WriteByte('\'')
	for _, r := range s {
		switch r {
		case '\'', '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\u2028':
			b.WriteString(`\u2028`)
		case '\u2029':
			b.WriteString(`\u2029`)
		default:
			if r < 0x20 || r == 0x7f {
				fmt.Fprintf(&b, `\x%02x`, r)
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('\'')
	return b.String()
}

// freshName returns base, or base2, base3, … the first that no identifier
// of the file spells, so that a name a fix declares collides with nothing.
func freshName(p *Pass, base string) string {
	used := map[string]bool{}
	ts := p.tokens()
	for _, t := range ts.List {
		if t.Kind == jsparse.TokIdent || t.Kind == jsparse.TokKeyword {
			used[ts.Value(t)] = true
		}
	}
	name := base
	for i := 2; used[name]; i++ {
		name = base + strconv.Itoa(i)
	}
	return name
}
