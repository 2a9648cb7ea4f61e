package analyzer

import (
	"bytes"
	"strings"

	"github.com/velo-lsp/velo-lsp/analyzer/jsparse"
)

var ruleBadSuppression = &Rule{
	ID:                "VELO040",
	Name:              "bad-suppression",
	Title:             "Suppression comment without a reason or with an unknown rule",
	Severity:          SeverityWarning,
	Since:             "0.1.0",
	on:                stateParsed | stateSyntaxError,
	afterSuppressions: true,
	Run:               runBadSuppression,
	Doc: RuleDoc{
		What: "Reports a `velo-lsp-ignore` comment that names no rule, names a rule that does not exist, " +
			"or gives no reason after `--`. Such a comment suppresses nothing.",
		Why:     "A silenced finding is a handler that may never be called; the reason tells the next reader why that is fine.",
		Example: "```js\n// velo-lsp-ignore VELO001\nexport function wixBilling_onInvoicePayed(event) {}\n```",
		Fix:     "Write the rule id and a reason: `// velo-lsp-ignore VELO001 -- called by our own scheduler, not by Velo`.",
	},
}

var ruleUnusedSuppression = &Rule{
	ID:                "VELO041",
	Name:              "unused-suppression",
	Title:             "Suppression comment that suppresses nothing",
	Severity:          SeverityWarning,
	Since:             "0.1.0",
	afterSuppressions: true,
	Run:               runUnusedSuppression,
	Doc: RuleDoc{
		What: "Reports a `velo-lsp-ignore` comment that matched no finding. A suppression of a rule that the " +
			"configuration turns off is not judged: that rule did not run.",
		Why:     "A stale suppression hides the next real problem on that line.",
		Example: "```js\n// velo-lsp-ignore VELO001 -- legacy name\nexport function wixBilling_onInvoicePaid(event) {}\n```",
		Fix:     "Delete the comment.",
	},
}

// suppression is one `velo-lsp-ignore` comment.
//
// Syntax:
//
//	// velo-lsp-ignore VELO001[,VELO002 …] -- reason       (this line, or the next when alone on its line)
//	// velo-lsp-ignore-file VELO001[ …] -- reason          (the whole file)
//
// Rules may be named by id or by name; the reason is required.
type suppression struct {
	rng      Range // the comment text
	file     bool
	codes    []string // rule ids
	line     int      // 0-based line the suppression applies to (line form)
	used     map[string]bool
	problems []string
}

// suppressionDirective is the word that starts a suppression comment.
const suppressionDirective = "velo-lsp-ignore"

// parseSuppressions finds the suppression comments of a file: comment
// tokens of the file's token stream whose text starts with
// `velo-lsp-ignore` (a string or template that spells one is not a
// comment, and suppresses nothing).
func parseSuppressions(text []byte, toks []jsparse.Token, lines *lineTable) []*suppression {
	var out []*suppression
	for _, t := range toks {
		if !t.IsComment() {
			continue
		}
		bodyStart := t.Start + 2 // after "//" or "/*"
		body := string(text[bodyStart:t.End])
		if t.Kind == jsparse.TokBlockComment {
			body = strings.TrimSuffix(body, "*/")
		}
		trimmed := strings.TrimLeft(body, " \t")
		if !strings.HasPrefix(trimmed, suppressionDirective) {
			continue
		}
		rest := trimmed[len(suppressionDirective):]
		file := strings.HasPrefix(rest, "-file")
		if file {
			rest = rest[len("-file"):]
		}
		if rest != "" && !(rest[0] == ' ' || rest[0] == '\t' || rest[0] == ',') {
			continue // velo-lsp-ignoreX: another word
		}
		// The directive ends at the end of its line (a block comment may go on).
		if i := strings.IndexAny(rest, "\r\n"); i >= 0 {
			rest = rest[:i]
		}
		end := t.End // the comment, or its first line when it spans several
		if i := bytes.IndexAny(text[t.Start:t.End], "\r\n"); i >= 0 {
			end = t.Start + i
		}
		s := &suppression{rng: Range{t.Start, end}, file: file, used: map[string]bool{}}
		codesPart, reason, hasReason := strings.Cut(rest, "--")
		for _, f := range strings.FieldsFunc(codesPart, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' }) {
			r := RuleByID(f)
			if r == nil {
				s.problems = append(s.problems, "names "+quote(f)+", which is not a velo-lsp rule (see `velo-lsp explain`)")
				continue
			}
			s.codes = append(s.codes, r.ID)
		}
		if len(s.codes) == 0 && len(s.problems) == 0 {
			s.problems = append(s.problems, "names no rule; write the id of the rule to silence, such as VELO001")
		}
		if !hasReason || strings.TrimSpace(reason) == "" {
			s.problems = append(s.problems, "gives no reason; add one after `--`")
		}
		line := lines.line(t.Start)
		if lines.onlyCommentOnLine(text, t.Start) {
			line++
		}
		s.line = line
		out = append(out, s)
	}
	return out
}

// dropSuppressed removes the findings so far that a valid suppression
// covers, and marks the suppression used.
func (p *Pass) dropSuppressed() {
	sups, lines := p.suppressions()
	if len(sups) == 0 {
		return
	}
	kept := p.diags[:0]
	for _, d := range p.diags {
		if !suppressed(d, sups, lines) {
			kept = append(kept, d)
		}
	}
	p.diags = kept
}

func runBadSuppression(p *Pass) {
	sups, _ := p.suppressions()
	for _, s := range sups {
		if len(s.problems) > 0 {
			msg := "this suppression comment " + joinAnd(s.problems) + ", so it suppresses nothing."
			p.report(p.diagnostic(s.rng, msg))
		}
	}
}

func runUnusedSuppression(p *Pass) {
	if p.val.Error != nil {
		return // nothing else was checked: every suppression would look unused
	}
	sups, _ := p.suppressions()
	for _, s := range sups {
		if len(s.problems) > 0 {
			continue // it suppresses nothing: VELO040 says why
		}
		for _, c := range s.codes {
			if !s.used[c] && p.cfg.level(RuleByID(c)) != SeverityOff {
				p.report(p.diagnostic(s.rng,
					"this suppression of "+c+" matched no finding; delete it so it does not hide a future one."))
			}
		}
	}
}

func suppressed(d Diagnostic, sups []*suppression, lines *lineTable) bool {
	line := lines.line(d.Range.Start)
	for _, s := range sups {
		if len(s.problems) > 0 || !(s.file || s.line == line) {
			continue
		}
		for _, c := range s.codes {
			if c == d.Code {
				s.used[c] = true
				return true
			}
		}
	}
	return false
}

// lineTable maps byte offsets to 0-based lines. Lines end at "\n", "\r\n"
// or a lone "\r", as editors count them.
type lineTable struct {
	starts []int // byte offset of the start of each line
}

func newLineTable(text []byte) *lineTable {
	t := &lineTable{starts: []int{0}}
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case '\n':
			t.starts = append(t.starts, i+1)
		case '\r':
			if i+1 < len(text) && text[i+1] == '\n' {
				i++
			}
			t.starts = append(t.starts, i+1)
		}
	}
	return t
}

func (t *lineTable) line(off int) int {
	lo, hi := 0, len(t.starts)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if t.starts[mid] <= off {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return lo
}

// onlyCommentOnLine reports whether only white space precedes off on its line.
func (t *lineTable) onlyCommentOnLine(text []byte, off int) bool {
	start := t.starts[t.line(off)]
	return strings.TrimSpace(string(text[start:off])) == ""
}
