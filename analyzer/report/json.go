package report

import (
	"encoding/json"
	"io"

	"github.com/velo-lsp/velo-lsp/analyzer"
)

// JSONVersion is the "version" of the JSON format. It changes only when a
// field is removed or changes meaning; new fields may be added without it.
const JSONVersion = 1

// JSONReport is the document WriteJSON writes.
type JSONReport struct {
	Version     int              `json:"version"`
	Files       int              `json:"files"` // events files examined
	Diagnostics []JSONDiagnostic `json:"diagnostics"`
}

// JSONDiagnostic is one finding of the JSON format. Lines and columns are
// 1-based, columns in UTF-16 code units, the end exclusive.
type JSONDiagnostic struct {
	Path        string   `json:"path"`
	Line        int      `json:"line"`
	Column      int      `json:"column"`
	EndLine     int      `json:"endLine"`
	EndColumn   int      `json:"endColumn"`
	Severity    string   `json:"severity"` // error, warning or info
	Code        string   `json:"code"`
	Rule        string   `json:"rule"`
	Message     string   `json:"message"`
	Suggestions []string `json:"suggestions"` // never null
}

// JSON builds the JSON document for diags.
func JSON(diags []analyzer.Diagnostic, opts Options) JSONReport {
	loc := newLocator(opts.Source)
	out := JSONReport{Version: JSONVersion, Files: opts.Files, Diagnostics: make([]JSONDiagnostic, 0, len(diags))}
	for _, d := range diags {
		s := loc.span(d.Path, d.Range)
		sugg := d.Suggestions
		if sugg == nil {
			sugg = []string{}
		}
		out.Diagnostics = append(out.Diagnostics, JSONDiagnostic{
			Path: d.Path, Line: s.Line, Column: s.Col, EndLine: s.EndLine, EndColumn: s.EndCol,
			Severity: string(d.Severity), Code: d.Code, Rule: d.Rule, Message: d.Message, Suggestions: sugg,
		})
	}
	return out
}

// WriteJSON writes
//
//	{"version":1,"files":N,"diagnostics":[{"path","line","column","endLine","endColumn","severity","code","rule","message","suggestions"}]}
//
// indented by two spaces, with a final newline.
func WriteJSON(w io.Writer, diags []analyzer.Diagnostic, opts Options) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(JSON(diags, opts))
}
