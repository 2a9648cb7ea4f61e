package analyzer

import (
	"strings"

	"github.com/velo-lsp/velo-lsp/analyzer/jsparse"
	"github.com/velo-lsp/velo-lsp/analyzer/site"
)

// isPackageSource reports whether an import specifier names a package (npm,
// wix-*, @velo/*), not a module of the site (see site.IsLocalSpecifier).
func isPackageSource(spec string) bool { return spec != "" && !site.IsLocalSpecifier(spec) }

// checkExportForms reports exports that Velo never calls because of their
// form: CommonJS (VELO010), a package re-export (VELO011), a value that
// needs execution (VELO012), a function wrapped in an object (VELO013), or
// not a function at all (VELO014).
func checkExportForms(p *pass) {
	for i := range p.file.Exports {
		e := &p.file.Exports[i]
		if e.TypeOnly {
			continue
		}
		switch e.Form {
		case jsparse.FormExportStar, jsparse.FormExportStarAs:
			if isPackageSource(e.Source) {
				p.report(packageStarReexport(p, e))
			}
			continue
		case jsparse.FormDefault:
			reportWrappedKeys(p, e, "the default export")
			reportDefaultHandler(p, e)
			continue
		}
		if !handlerLike(p.cat, e.Name) {
			if e.Value == jsparse.ValueObject {
				reportWrappedKeys(p, e, quote(e.Name))
			}
			continue
		}
		switch e.Form {
		case jsparse.FormCommonJS:
			p.report(commonJSExport(p, e))
		case jsparse.FormReExport:
			if isPackageSource(e.Source) {
				p.report(packageReexport(p, e))
			}
		case jsparse.FormDestructured:
			p.report(objectWrapped(p, e, "is taken out of an object by destructuring"))
		case jsparse.FormClassDecl:
			p.report(notAFunction(p, e, "a class"))
		case jsparse.FormVariable, jsparse.FormSpecifier:
			judgeValue(p, e)
		}
	}
}

// judgeValue reports a handler-named export whose bound value is not a
// function Velo can call.
func judgeValue(p *pass, e *jsparse.Export) {
	switch e.Value {
	case jsparse.ValueFunction, jsparse.ValueUnknown:
	case jsparse.ValueImport:
		if isPackageSource(e.Source) {
			p.report(packageReexport(p, e))
		}
	case jsparse.ValueCall:
		p.report(dynamicExport(p, e, "is the result of a call"))
	case jsparse.ValueOther:
		p.report(dynamicExport(p, e, "is computed when the module runs"))
	case jsparse.ValueMember:
		p.report(objectWrapped(p, e, "is a property of an object ("+quote(strings.TrimSpace(p.text(e.ValueRange)))+")"))
	case jsparse.ValueLiteral:
		p.report(notAFunction(p, e, "a literal value"))
	case jsparse.ValueObject:
		p.report(notAFunction(p, e, "an object"))
	case jsparse.ValueArray:
		p.report(notAFunction(p, e, "an array"))
	case jsparse.ValueClass:
		p.report(notAFunction(p, e, "a class"))
	case jsparse.ValueNone:
		p.report(notAFunction(p, e, "declared without a value"))
	}
}

// reportWrappedKeys reports each handler-shaped key of an object that an
// export wraps (`export default { h() {} }`, `export const handlers = {…}`),
// from the keys the parser lists (nested objects are not the export's keys).
func reportWrappedKeys(p *pass, e *jsparse.Export, what string) {
	for _, m := range e.Members {
		if !handlerLike(p.cat, m.Name) {
			continue
		}
		d := newDiagnostic(ruleObjectWrapped, p.in.Path, toRange(m.NameRange),
			quote(m.Name)+" is a key of an object in "+what+", not an export of its own: Velo looks only at the module's exported names, so it is never called. "+
				"Write `export function "+m.Name+"(event) { … }` at the top level instead.")
		p.report(d)
	}
}

// reportDefaultHandler reports `export default function h(event) {}` with
// a handler's name: the function is exported as "default", not as h.
func reportDefaultHandler(p *pass, e *jsparse.Export) {
	if e.ValueRange.Start < 0 || e.ValueRange.End > len(p.in.Text) || e.ValueRange.Start >= e.ValueRange.End {
		return
	}
	// [async] function [*] name, comments between them allowed.
	var code []jsparse.Token
	vts := jsparse.LexRange(p.in.Text, p.lang, jsparse.Range{Start: e.ValueRange.Start, End: e.ValueRange.End})
	for _, t := range vts.List {
		if !t.IsComment() {
			code = append(code, t)
		}
		if len(code) == 4 {
			break
		}
	}
	i := 0
	if i < len(code) && vts.IsWord(code[i], "async") {
		i++
	}
	if i >= len(code) || !vts.IsWord(code[i], "function") {
		return
	}
	i++
	if i < len(code) && code[i].Is(jsparse.OpStar) {
		i++
	}
	if i >= len(code) || code[i].Kind != jsparse.TokIdent {
		return
	}
	name := vts.Value(code[i])
	if !handlerLike(p.cat, name) {
		return
	}
	rng := Range{code[i].Start, code[i].End}
	d := newDiagnostic(ruleNotExported, p.in.Path, rng,
		quote(name)+" is exported only as the default export, not under its own name, so Velo never calls it. "+
			"Write `export function "+name+"(event)` without `default`.")
	// Remove the `default` keyword, up to the next token.
	hts := jsparse.LexRange(p.in.Text, p.lang, jsparse.Range{Start: e.Stmt.Start, End: e.ValueRange.Start + 1})
	head := hts.List
	for k := 0; k+1 < len(head); k++ {
		if hts.IsWord(head[k], "default") {
			d.Fixes = []Fix{{
				Title:     "Export " + name + " by name",
				Renames:   &Rename{From: "default", To: name}, // the default export becomes a named one
				Edits:     []Edit{{Range: Range{head[k].Start, head[k+1].Start}, NewText: ""}},
				Preferred: true,
				Safe:      true,
			}}
			break
		}
	}
	p.report(d)
}
