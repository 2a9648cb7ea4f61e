package analyzer

import (
	"fmt"
	"sort"
	"strings"

	"github.com/velo-lsp/velo-lsp/analyzer/jsparse"
)

// Fixing a file, held to the standard of ESLint's fix loop and Ruff's fix
// safety: the preferred safe fixes are applied in passes; after each pass
// the fixed text is verified — it must load (esbuild), keep every export
// (but the ones a rename renamed), and keep every reference to every name
// (a rename must move all of them) — and analysed again, and the next pass
// applies the fixes the new analysis offers, until nothing changes or
// maxFixPasses passes have run. A batch that fails verification is retried
// one fix at a time; a fix that fails alone is refused and reported, and
// the file keeps the text from before it.

// maxFixPasses bounds the fix loop, as ESLint does.
const maxFixPasses = 10

// FixOutcome is what FixFile did to one file.
type FixOutcome struct {
	Text      []byte       // the fixed text (the input itself when nothing applied)
	Applied   []FixRecord  // in the order they were applied
	Refused   []FixRecord  // safe fixes dropped because the result failed verification
	Remaining []Diagnostic // the findings of Text
}

// FixRecord names one fix: the finding it resolves and why it was refused.
type FixRecord struct {
	Code   string // rule id of the finding
	Title  string // the fix's title
	Range  Range  // the finding's range, in the text the fix was computed on
	Reason string // why it was refused ("" when applied)
	// Renames is the name change the fix makes, if it is a rename.
	Renames *Rename
}

// FixFile applies the safe fixes of one file in verified passes. first is
// the file's analysis when the caller already has it (nil: analysed here).
// A file with a syntax error is never touched. The input's Text is not
// modified.
func FixFile(in FileInput, cfg Config, first *FileResult) *FixOutcome {
	out := &FixOutcome{Text: in.Text}
	res := first
	if res == nil {
		res = AnalyzeFile(in, cfg)
	}
	refused := map[string]bool{} // code+title+text of a fix refused once: not retried
	lang := jsparse.LangFromPath(in.Path)
	for pass := 0; pass < maxFixPasses; pass++ {
		if hasCode(res.Diagnostics, ruleSyntaxError.ID) {
			break
		}
		cands := safeCandidates(res.Diagnostics, out.Text, refused)
		if len(cands) == 0 {
			break
		}
		next, applied := applyVerified(out.Text, cands, lang, func(c candidate, reason string) {
			refused[c.key] = true
			out.Refused = append(out.Refused, FixRecord{Code: c.code, Title: c.fix.Title, Range: c.rng, Reason: reason, Renames: c.fix.Renames})
		})
		if len(applied) == 0 {
			break
		}
		for _, c := range applied {
			out.Applied = append(out.Applied, FixRecord{Code: c.code, Title: c.fix.Title, Range: c.rng, Renames: c.fix.Renames})
		}
		out.Text = next
		in.Text = next
		res = AnalyzeFile(in, cfg)
	}
	out.Remaining = res.Diagnostics
	return out
}

func hasCode(ds []Diagnostic, code string) bool {
	for _, d := range ds {
		if d.Code == code {
			return true
		}
	}
	return false
}

// candidate is one preferred safe fix to try.
type candidate struct {
	code string
	rng  Range
	fix  Fix
	key  string
}

// safeCandidates picks the preferred safe fix of each finding whose edits
// stay inside the file, and drops one whose edits overlap an earlier one's
// (the next pass picks it up).
func safeCandidates(diags []Diagnostic, text []byte, refused map[string]bool) []candidate {
	var out []candidate
	var taken []Edit
	overlaps := func(r Range) bool {
		for _, e := range taken {
			if r.Start < e.Range.End && e.Range.Start < r.End || r.Start == e.Range.Start {
				return true
			}
		}
		return false
	}
next:
	for _, d := range diags {
		fix, ok := safeFix(d)
		if !ok {
			continue
		}
		key := d.Code + "\x00" + fix.Title + "\x00" + editsText(text, fix.Edits)
		if refused[key] {
			continue
		}
		for _, e := range fix.Edits {
			if e.Path != "" && e.Path != d.Path || e.Range.Start < 0 || e.Range.End > len(text) || e.Range.Start > e.Range.End || overlaps(e.Range) {
				continue next
			}
		}
		taken = append(taken, fix.Edits...)
		out = append(out, candidate{code: d.Code, rng: d.Range, fix: fix, key: key})
	}
	return out
}

func editsText(text []byte, edits []Edit) string {
	var b strings.Builder
	for _, e := range edits {
		if e.Range.Start >= 0 && e.Range.End <= len(text) && e.Range.Start <= e.Range.End {
			b.Write(text[e.Range.Start:e.Range.End])
		}
		b.WriteString("\x00" + e.NewText + "\x00")
	}
	return b.String()
}

// applyVerified applies the candidates together when the result verifies,
// else one at a time, keeping each that verifies on its own on top of the
// ones kept before it. refuse is told of every fix that failed alone.
func applyVerified(text []byte, cands []candidate, lang jsparse.Lang, refuse func(candidate, string)) ([]byte, []candidate) {
	if next := applyEdits(text, allEdits(cands)); verifyFix(text, next, lang, cands) == "" {
		return next, cands
	}
	if len(cands) == 1 {
		refuse(cands[0], verifyFix(text, applyEdits(text, cands[0].fix.Edits), lang, cands))
		return text, nil
	}
	// One at a time, each on the original text: fixes of one pass were
	// computed on it, so their ranges are valid only there. Kept fixes are
	// re-applied together at the end and verified once more.
	var kept []candidate
	for _, c := range cands {
		if reason := verifyFix(text, applyEdits(text, c.fix.Edits), lang, []candidate{c}); reason != "" {
			refuse(c, reason)
			continue
		}
		try := append(append([]candidate(nil), kept...), c)
		if reason := verifyFix(text, applyEdits(text, allEdits(try)), lang, try); reason != "" {
			refuse(c, reason+" (together with the fixes before it)")
			continue
		}
		kept = try
	}
	if len(kept) == 0 {
		return text, nil
	}
	return applyEdits(text, allEdits(kept)), kept
}

func allEdits(cands []candidate) []Edit {
	var out []Edit
	for _, c := range cands {
		out = append(out, c.fix.Edits...)
	}
	return out
}

// applyEdits replaces each edit's range (non-overlapping) in text. Inserted
// text takes the file's line ending, so a CRLF file stays CRLF.
func applyEdits(text []byte, edits []Edit) []byte {
	eol := lineEnding(text)
	es := append([]Edit(nil), edits...)
	sort.SliceStable(es, func(i, j int) bool { return es[i].Range.Start > es[j].Range.Start })
	out := append([]byte(nil), text...)
	for _, e := range es {
		repl := e.NewText
		if eol != "\n" {
			repl = strings.ReplaceAll(strings.ReplaceAll(repl, "\r\n", "\n"), "\n", eol)
		}
		out = append(out[:e.Range.Start], append([]byte(repl), out[e.Range.End:]...)...)
	}
	return out
}

func lineEnding(text []byte) string {
	for i := 0; i < len(text); i++ {
		if text[i] == '\n' {
			if i > 0 && text[i-1] == '\r' {
				return "\r\n"
			}
			return "\n"
		}
	}
	return "\n"
}

// verifyFix checks the text a set of fixes produced against the text before
// them, and returns why it must not be written ("" when it may):
//
//   - it loads: esbuild accepts it;
//   - it exports every name the original exported (ES module or CommonJS,
//     value exports), a renamed name under its new name;
//   - every name keeps its references: no identifier (outside property
//     access) is referenced fewer times than before, but the old name of a
//     rename (referenced no more at all) and, for a CommonJS export turned
//     into an ES export, `module` and `exports`.
func verifyFix(before, after []byte, lang jsparse.Lang, cands []candidate) string {
	renames := map[string]string{}
	cjs := false
	for _, c := range cands {
		if c.fix.Renames != nil {
			renames[c.fix.Renames.From] = c.fix.Renames.To
		}
		if c.code == ruleCommonJSExport.ID {
			cjs = true
		}
	}
	if v := jsparse.Validate("", after, lang); v.Error != nil {
		return "the fixed file would not load: " + strings.TrimSuffix(v.Error.Message, ".")
	}
	was, now := exportNames(before, lang), exportNames(after, lang)
	for n := range was {
		if to, ok := renames[n]; ok {
			n = to
		}
		if !now[n] {
			return "the fix would remove the export " + quote(n)
		}
	}
	refsBefore, refsAfter := identifierCounts(before, lang), identifierCounts(after, lang)
	for n, k := range refsBefore {
		if to, ok := renames[n]; ok {
			if refsAfter[n] > 0 {
				return fmt.Sprintf("the rename of %s to %s would leave %d reference(s) to the old name", quote(n), quote(to), refsAfter[n])
			}
			if refsAfter[to] < refsBefore[to]+k {
				return fmt.Sprintf("the rename of %s to %s would not move every reference", quote(n), quote(to))
			}
			continue
		}
		if cjs && (n == "module" || n == "exports") {
			continue
		}
		if refsAfter[n] < k {
			return "the fix would change what " + quote(n) + " refers to (a reference to it would disappear)"
		}
	}
	return ""
}

// exportNames is every value export of a file: ES module names and
// CommonJS names (a `module.exports = …` without keys counts as "default").
func exportNames(text []byte, lang jsparse.Lang) map[string]bool {
	out := map[string]bool{}
	for _, e := range jsparse.Parse(text, lang).Exports {
		if e.TypeOnly || e.Form == jsparse.FormExportStar {
			continue
		}
		n := e.Name
		if e.Form == jsparse.FormCommonJS && n == "" {
			n = "default"
		}
		out[n] = true
	}
	return out
}

// identifierCounts counts the references of a text by name (see
// isReference).
func identifierCounts(text []byte, lang jsparse.Lang) map[string]int {
	out := map[string]int{}
	ts := jsparse.Lex(text, lang)
	for i := range ts.List {
		if isReference(ts.List, i) {
			out[ts.Value(ts.List[i])]++
		}
	}
	return out
}

// isReference reports whether token i is an identifier that names a
// binding: not a property name after `.` or `?.`, not an object key
// (`{ k: … }`, `, k: …`). Comments are skipped when looking at neighbours.
func isReference(toks []jsparse.Token, i int) bool {
	if toks[i].Kind != jsparse.TokIdent {
		return false
	}
	prev, next := neighbour(toks, i, -1), neighbour(toks, i, +1)
	if prev != nil && (prev.Is(jsparse.OpDot) || prev.Is(jsparse.OpQuestionDot)) {
		return false
	}
	if prev != nil && (prev.Is(jsparse.OpLBrace) || prev.Is(jsparse.OpComma)) && next != nil && next.Is(jsparse.OpColon) {
		return false
	}
	return true
}

// neighbour is the nearest token before (dir -1) or after (+1) i that is
// not a comment, or nil.
func neighbour(toks []jsparse.Token, i, dir int) *jsparse.Token {
	for j := i + dir; j >= 0 && j < len(toks); j += dir {
		if !toks[j].IsComment() {
			return &toks[j]
		}
	}
	return nil
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
