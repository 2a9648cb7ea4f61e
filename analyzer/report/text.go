package report

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/velo-lsp/velo-lsp/analyzer"
)

// ANSI SGR sequences of the text format.
const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiDim    = "\x1b[2m"
	ansiRed    = "\x1b[1;31m"
	ansiYellow = "\x1b[1;33m"
	ansiCyan   = "\x1b[1;36m"
)

// ColorEnabled reports whether text output to f should be coloured: f is a
// terminal (a character device), NO_COLOR is unset or empty (no-color.org)
// and TERM is not "dumb".
func ColorEnabled(f *os.File) bool {
	if f == nil || os.Getenv("NO_COLOR") != "" || os.Getenv("TERM") == "dumb" {
		return false
	}
	fi, err := f.Stat()
	if err != nil {
		return false
	}
	return fi.Mode()&os.ModeCharDevice != 0
}

type painter bool

func (p painter) paint(code, s string) string {
	if !p || s == "" {
		return s
	}
	return code + s + ansiReset
}

func severityColor(s analyzer.Severity) string {
	switch s {
	case analyzer.SeverityError:
		return ansiRed
	case analyzer.SeverityWarning:
		return ansiYellow
	}
	return ansiCyan
}

// WriteText writes one line per finding,
//
//	path:line:column: severity: message [VELO0xx]
//
// (further lines of a multi-line message follow, indented by four spaces),
// then its notes, indented likewise; at the end a
// summary line with the counts per severity, the number of files with
// findings and opts.Files. Lines and columns are 1-based, columns in UTF-16
// code units.
func WriteText(w io.Writer, diags []analyzer.Diagnostic, opts Options) error {
	bw := bufio.NewWriter(w)
	p := painter(opts.Color)
	loc := newLocator(opts.Source)
	counts := map[analyzer.Severity]int{}
	files := map[string]bool{}
	for _, d := range diags {
		counts[d.Severity]++
		files[d.Path] = true
		s := loc.span(d.Path, d.Range)
		// The code ends the first line, so that each finding's first line
		// stands alone for grep; further lines of the message follow.
		first, rest, _ := strings.Cut(strings.ReplaceAll(d.Message, "\r\n", "\n"), "\n")
		first, rest = analyzer.EscapeControls(first), escapeLines(rest)
		fmt.Fprintf(bw, "%s %s %s %s\n",
			p.paint(ansiBold, fmt.Sprintf("%s:%d:%d:", analyzer.EscapeControls(d.Path), s.Line, s.Col)),
			p.paint(severityColor(d.Severity), string(d.Severity)+":"),
			first,
			p.paint(ansiDim, "["+d.Code+"]"))
		if rest != "" {
			fmt.Fprintf(bw, "    %s\n", indentContinuation(rest))
		}
		for _, n := range d.Notes {
			where := ""
			if n.Range.Start >= 0 {
				np := orDefault(n.Path, d.Path)
				ns := loc.span(np, n.Range)
				where = fmt.Sprintf("%s:%d:%d: ", analyzer.EscapeControls(np), ns.Line, ns.Col)
			}
			fmt.Fprintf(bw, "    %s %s%s\n", p.paint(ansiBold, "note:"), where, indentContinuation(escapeLines(n.Message)))
		}
		// Suggestions are not repeated here: the message names them ("did
		// you mean …?"), and the JSON and SARIF formats list them.
	}
	fmt.Fprintln(bw, summary(len(diags), counts, len(files), opts.Files))
	return bw.Flush()
}

// summary is the text format's last line, e.g.
// "4 problems (2 errors, 1 warning, 1 info) in 2 files; 5 files checked".
func summary(total int, counts map[analyzer.Severity]int, withFindings, checked int) string {
	if total == 0 {
		return fmt.Sprintf("no problems; %s checked", plural(checked, "events file"))
	}
	parts := []string{plural(counts[analyzer.SeverityError], "error"), plural(counts[analyzer.SeverityWarning], "warning")}
	info := counts[analyzer.SeverityInfo]
	parts = append(parts, fmt.Sprintf("%d info", info))
	// "files" are those with findings (any backend file); "events files
	// checked" counts the events files examined, as JSON's "files" does.
	return fmt.Sprintf("%s (%s) in %s; %s checked",
		plural(total, "problem"), strings.Join(parts, ", "), plural(withFindings, "file"), plural(checked, "events file"))
}

// escapeLines escapes every line of a multi-line text (its line breaks
// are the report's own: they stay).
func escapeLines(s string) string {
	lines := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	for i, l := range lines {
		lines[i] = analyzer.EscapeControls(l)
	}
	return strings.Join(lines, "\n")
}

// indentContinuation indents every line after the first of a multi-line
// message so that it stays under its finding.
func indentContinuation(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\n", "\n    ")
}
