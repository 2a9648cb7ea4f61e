package jsparse

import (
	"fmt"
	"strings"
)

var formNames = map[ExportForm]string{
	FormFunctionDecl: "func", FormVariable: "var", FormClassDecl: "class", FormSpecifier: "spec",
	FormReExport: "reexport", FormExportStar: "star", FormExportStarAs: "staras", FormDefault: "default",
	FormCommonJS: "cjs", FormDestructured: "destr",
}

var valueNames = map[ValueKind]string{
	ValueUnknown: "unknown", ValueFunction: "function", ValueCall: "call", ValueMember: "member",
	ValueImport: "import", ValueLiteral: "literal", ValueObject: "object", ValueArray: "array",
	ValueClass: "class", ValueNone: "none", ValueOther: "other",
}

func spanText(src string, r Range) string {
	if r.Start < 0 || r.End < r.Start || r.End > len(src) {
		return fmt.Sprintf("<bad %d,%d>", r.Start, r.End)
	}
	return src[r.Start:r.End]
}

// render spells one export as text, its ranges as the source text they
// cover, so table tests read like the input.
func render(src string, e Export) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s=%s %q", formNames[e.Form], e.Name, valueNames[e.Value], spanText(src, e.NameRange))
	if e.Async {
		b.WriteString(" async")
	}
	if e.TypeOnly {
		b.WriteString(" type")
	}
	if e.Local != "" {
		fmt.Fprintf(&b, " local=%s", e.Local)
	}
	if e.Source != "" {
		fmt.Fprintf(&b, " from=%s", e.Source)
	}
	if e.Imported != "" {
		fmt.Fprintf(&b, " imported=%s", e.Imported)
	}
	if e.Params.Start >= 0 {
		fmt.Fprintf(&b, " params=%q", spanText(src, e.Params))
	}
	if e.Body.Start >= 0 {
		fmt.Fprintf(&b, " body=%q", spanText(src, e.Body))
	}
	return b.String()
}

func renderDecl(src string, d Declaration) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s=%s %q", d.Name, valueNames[d.Value], spanText(src, d.NameRange))
	if d.Async {
		b.WriteString(" async")
	}
	if d.Source != "" {
		fmt.Fprintf(&b, " from=%s imported=%s", d.Source, d.Imported)
	}
	if d.Params.Start >= 0 {
		fmt.Fprintf(&b, " params=%q", spanText(src, d.Params))
	}
	return b.String()
}
