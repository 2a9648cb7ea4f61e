package report

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"unicode/utf8"

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
	var buf []byte
	for i, d := range diags {
		if i > 0 {
			bw.WriteByte(',')
		}
		bw.WriteString("\n    ")
		buf = appendJSONDiagnostic(buf[:0], jsonDiagnostic(loc, d))
		bw.Write(buf)
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

// appendJSONDiagnostic appends d as json.Encoder writes it with the prefix
// "    ", the indent "  " and HTML escaping off, without the final newline
// (TestAppendJSONDiagnosticEqualsTheEncoder). Written out by hand: the
// encoder's reflection and its separate indenting pass were a tenth of
// check's own CPU time on a large report.
func appendJSONDiagnostic(b []byte, d JSONDiagnostic) []byte {
	b = append(b, "{\n      \"path\": "...)
	b = appendJSONString(b, d.Path)
	b = append(b, ",\n      \"line\": "...)
	b = strconv.AppendInt(b, int64(d.Line), 10)
	b = append(b, ",\n      \"column\": "...)
	b = strconv.AppendInt(b, int64(d.Column), 10)
	b = append(b, ",\n      \"endLine\": "...)
	b = strconv.AppendInt(b, int64(d.EndLine), 10)
	b = append(b, ",\n      \"endColumn\": "...)
	b = strconv.AppendInt(b, int64(d.EndColumn), 10)
	b = append(b, ",\n      \"severity\": "...)
	b = appendJSONString(b, d.Severity)
	b = append(b, ",\n      \"code\": "...)
	b = appendJSONString(b, d.Code)
	b = append(b, ",\n      \"rule\": "...)
	b = appendJSONString(b, d.Rule)
	b = append(b, ",\n      \"message\": "...)
	b = appendJSONString(b, d.Message)
	b = append(b, ",\n      \"suggestions\": "...)
	switch {
	case d.Suggestions == nil:
		b = append(b, "null"...)
	case len(d.Suggestions) == 0:
		b = append(b, "[]"...)
	default:
		b = append(b, '[')
		for i, sg := range d.Suggestions {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, "\n        "...)
			b = appendJSONString(b, sg)
		}
		b = append(b, "\n      ]"...)
	}
	return append(b, "\n    }"...)
}

// appendJSONString appends s quoted as encoding/json quotes a string with
// HTML escaping off: `"` and `\` escaped, \b \f \n \r \t by name, other
// control characters as \u00XX, invalid UTF-8 as \ufffd, U+2028 and U+2029
// as \u2028 and \u2029 (JavaScript reads them as line ends).
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
