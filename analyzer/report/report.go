// Package report writes the findings of `velo-lsp check` in its four output
// formats: text (the default, for people), json (for scripts), sarif (for
// code-scanning services) and github (workflow commands that annotate a pull
// request).
//
// Units: diagnostics carry 0-based byte ranges (see analyzer.Range). Every
// format here prints 1-based lines and 1-based columns counted in UTF-16 code
// units, as editors, SARIF ("utf16CodeUnits") and GitHub count them; the
// conversion is done by analyzer/textpos over each file's text, which the
// caller supplies through a Source. An end column is exclusive: it names the
// column just after the last character of the range.
package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/velo-lsp/velo-lsp/analyzer"
	"github.com/velo-lsp/velo-lsp/analyzer/textpos"
)

// Format names an output format of `check --format`.
type Format string

const (
	FormatText   Format = "text"
	FormatJSON   Format = "json"
	FormatSARIF  Format = "sarif"
	FormatGitHub Format = "github"
)

// Formats lists every format, the default first.
func Formats() []Format { return []Format{FormatText, FormatJSON, FormatSARIF, FormatGitHub} }

// ParseFormat returns the Format named s, or an error listing the valid names.
func ParseFormat(s string) (Format, error) {
	for _, f := range Formats() {
		if string(f) == s {
			return f, nil
		}
	}
	names := make([]string, 0, 4)
	for _, f := range Formats() {
		names = append(names, string(f))
	}
	return "", fmt.Errorf("unknown format %q (want one of %s)", s, strings.Join(names, ", "))
}

// Source returns the text of a file named by a diagnostic's slash path
// (relative to the checked root), or nil when it is not available; positions
// in a file without text are reported as line 1, column 1.
type Source func(path string) []byte

// MapSource serves file texts from a map keyed by slash path.
func MapSource(files map[string][]byte) Source {
	return func(p string) []byte { return files[p] }
}

// Options are what the writers need beyond the diagnostics.
type Options struct {
	// Source gives each file's text for line/column conversion. nil: every
	// position is 1:1.
	Source Source
	// Files is the number of events files examined (RepoResult.EventsFiles):
	// the JSON "files" and the text summary's count.
	Files int
	// Color enables ANSI colour in the text format (see ColorEnabled).
	Color bool
	// Rules describes the rules for SARIF's tool.driver.rules (normally
	// analyzer.Rules()). A diagnostic whose code is not among them gets a
	// minimal rule entry made from the diagnostic.
	Rules []*analyzer.Rule
	// ToolVersion is the velo-lsp version for SARIF; "" gives "0.0.0-dev".
	ToolVersion string
	// InformationURI is the tool's home page for SARIF; "" gives
	// DefaultInformationURI.
	InformationURI string
	// HelpURI returns a rule's documentation address for SARIF; nil gives
	// DefaultHelpURI.
	HelpURI func(*analyzer.Rule) string
	// SrcRoot, when not empty, is the absolute OS path of the checked root;
	// SARIF then records it as the %SRCROOT% base (originalUriBaseIds).
	SrcRoot string
}

// Write writes diags to w in format f.
func Write(w io.Writer, f Format, diags []analyzer.Diagnostic, opts Options) error {
	switch f {
	case FormatText, "":
		return WriteText(w, diags, opts)
	case FormatJSON:
		return WriteJSON(w, diags, opts)
	case FormatSARIF:
		return WriteSARIF(w, diags, opts)
	case FormatGitHub:
		return WriteGitHub(w, diags, opts)
	}
	_, err := ParseFormat(string(f))
	return err
}

// span is a range in 1-based lines and 1-based UTF-16 columns, end exclusive.
type span struct {
	Line, Col, EndLine, EndCol int
}

// locator converts byte ranges of files to spans, building each file's line
// index once.
type locator struct {
	src     Source
	indexes map[string]*textpos.Index
}

func newLocator(src Source) *locator {
	return &locator{src: src, indexes: map[string]*textpos.Index{}}
}

func (l *locator) index(p string) *textpos.Index {
	if x, ok := l.indexes[p]; ok {
		return x
	}
	var text []byte
	if l.src != nil {
		text = l.src(p)
	}
	x := textpos.New(text)
	l.indexes[p] = x
	return x
}

// span converts r in file p. A negative start is treated as 0 and an end
// before the start as the start.
func (l *locator) span(p string, r analyzer.Range) span {
	x := l.index(p)
	start, end := r.Start, r.End
	if start < 0 {
		start = 0
	}
	if end < start {
		end = start
	}
	line, col := x.Position(start, textpos.UTF16)
	eline, ecol := x.Position(end, textpos.UTF16)
	return span{line + 1, col + 1, eline + 1, ecol + 1}
}

// orDefault returns p, or def when p is empty (the Note/Edit convention).
func orDefault(p, def string) string {
	if p == "" {
		return def
	}
	return p
}

func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}
