package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
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
		out.Diagnostics = append(out.Diagnostics, jsonDiagnostic(loc, d))
	}
	return out
}

// WriteJSON writes
//
//	{"version":1,"files":N,"diagnostics":[{"path","line","column","endLine","endColumn","severity","code","rule","message","suggestions"}]}
//
// indented by two spaces, with a final newline.
//
// It streams: one finding is encoded at a time, so that a report of tens of
// thousands of findings is never held in memory whole (as a document, then
// as its indented copy). The bytes are those json.Encoder would write for
// the JSONReport (TestWriteJSONEqualsTheEncodedDocument).
func WriteJSON(w io.Writer, diags []analyzer.Diagnostic, opts Options) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	loc := newLocator(opts.Source)
	fmt.Fprintf(bw, "{\n  \"version\": %d,\n  \"files\": %d,\n  \"diagnostics\": [", JSONVersion, opts.Files)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("    ", "  ")
	enc.SetEscapeHTML(false)
	for i, d := range diags {
		if i > 0 {
			bw.WriteByte(',')
		}
		bw.WriteString("\n    ")
		buf.Reset()
		if err := enc.Encode(jsonDiagnostic(loc, d)); err != nil {
			return err
		}
		bw.Write(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
	}
	if len(diags) > 0 {
		bw.WriteString("\n  ")
	}
	bw.WriteString("]\n}\n")
	return bw.Flush()
}

// jsonDiagnostic is one finding as the JSON format has it.
func jsonDiagnostic(loc *locator, d analyzer.Diagnostic) JSONDiagnostic {
	s := loc.span(d.Path, d.Range)
	sugg := d.Suggestions
	if sugg == nil {
		sugg = []string{}
	}
	return JSONDiagnostic{
		Path: d.Path, Line: s.Line, Column: s.Col, EndLine: s.EndLine, EndColumn: s.EndCol,
		Severity: string(d.Severity), Code: d.Code, Rule: d.Rule, Message: d.Message, Suggestions: sugg,
	}
}
