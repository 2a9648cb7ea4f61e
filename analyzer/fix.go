package analyzer

import (
	"bytes"
	"sort"
	"strings"
)

// ApplySafeFixes applies, to the text of one file, the preferred safe fix
// of each diagnostic that has one, and returns the new text and the number
// of fixes applied. It never touches a file with a syntax error (VELO030)
// and skips a fix whose edits overlap an earlier one (the next run picks it
// up). Inserted text takes the file's line ending, so a CRLF file stays
// CRLF; the final newline is kept as it was.
func ApplySafeFixes(text []byte, diags []Diagnostic) ([]byte, int) {
	for _, d := range diags {
		if d.Code == ruleSyntaxError.ID {
			return text, 0
		}
	}
	var edits []Edit
	applied := 0
	taken := func(r Range) bool {
		for _, e := range edits {
			if r.Start < e.Range.End && e.Range.Start < r.End || r.Start == e.Range.Start {
				return true
			}
		}
		return false
	}
	for _, d := range diags {
		fix, ok := safeFix(d)
		if !ok {
			continue
		}
		clash := false
		for _, e := range fix.Edits {
			if e.Path != "" && e.Path != d.Path || e.Range.Start < 0 || e.Range.End > len(text) || e.Range.Start > e.Range.End || taken(e.Range) {
				clash = true
				break
			}
		}
		if clash {
			continue
		}
		edits = append(edits, fix.Edits...)
		applied++
	}
	if applied == 0 {
		return text, 0
	}
	eol := "\n"
	if bytes.Contains(text, []byte("\r\n")) {
		eol = "\r\n"
	}
	sort.Slice(edits, func(i, j int) bool { return edits[i].Range.Start > edits[j].Range.Start })
	out := append([]byte(nil), text...)
	for _, e := range edits {
		repl := e.NewText
		if eol != "\n" {
			// Text copied from the file already has its CRLF; new text has "\n".
			repl = strings.ReplaceAll(strings.ReplaceAll(repl, "\r\n", "\n"), "\n", eol)
		}
		out = append(out[:e.Range.Start], append([]byte(repl), out[e.Range.End:]...)...)
	}
	return out, applied
}

// safeFix returns the fix `check --fix` applies for d: the preferred fix
// when it is safe.
func safeFix(d Diagnostic) (Fix, bool) {
	for _, f := range d.Fixes {
		if f.Preferred && f.Safe {
			return f, true
		}
	}
	return Fix{}, false
}
