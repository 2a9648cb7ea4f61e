package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/velo-lsp/velo-lsp/analyzer"
)

// WriteGitHub writes one GitHub Actions workflow command per finding:
//
//	::error file=PATH,line=L,col=C,endLine=L2,endColumn=C2,title=VELO0xx::MESSAGE
//
// (::warning for warnings, ::notice for info). Notes with a location follow
// the message on lines of their own ("note: path:line:col: text"). Lines and
// columns are 1-based, columns in UTF-16 code units. Values are escaped as
// the runner expects: in the message % \r \n become %25 %0D %0A; in
// property values : and , also become %3A and %2C.
func WriteGitHub(w io.Writer, diags []analyzer.Diagnostic, opts Options) error {
	bw := bufio.NewWriter(w)
	loc := newLocator(opts.Source)
	for _, d := range diags {
		s := loc.span(d.Path, d.Range)
		// Text from the file is escaped before the runner's own escaping:
		// an ESC or a line break in a name must show, not act.
		msg := escapeLines(d.Message)
		for _, n := range d.Notes {
			if n.Range.Start >= 0 {
				np := orDefault(n.Path, d.Path)
				ns := loc.span(np, n.Range)
				msg += fmt.Sprintf("\nnote: %s:%d:%d: %s", analyzer.EscapeControls(np), ns.Line, ns.Col, escapeLines(n.Message))
			} else {
				msg += "\nnote: " + escapeLines(n.Message)
			}
		}
		fmt.Fprintf(bw, "::%s file=%s,line=%d,col=%d,endLine=%d,endColumn=%d,title=%s::%s\n",
			githubLevel(d.Severity), escapeProperty(analyzer.EscapeControls(d.Path)), s.Line, s.Col, s.EndLine, s.EndCol,
			escapeProperty(d.Code), escapeData(msg))
	}
	return bw.Flush()
}

func githubLevel(s analyzer.Severity) string {
	switch s {
	case analyzer.SeverityError:
		return "error"
	case analyzer.SeverityWarning:
		return "warning"
	}
	return "notice"
}

var (
	dataEscaper     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	propertyEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)

// escapeData escapes a workflow command's message.
func escapeData(s string) string { return dataEscaper.Replace(s) }

// escapeProperty escapes a workflow command's property value.
func escapeProperty(s string) string { return propertyEscaper.Replace(s) }
