package jsparse

import "bytes"

// structural are the bytes whose insertion or deletion can change a file's
// top-level structure: brackets (a body that closes early or opens a new
// one), quotes and backquotes (a string that swallows code), '/' and '*'
// (comments and regular expressions), '$' (template substitutions) and line
// breaks (automatic semicolon insertion, line comments).
const structural = "{}()[]'\"`/*$\\\n\r"

// ReuseAcrossEdit returns old's structure carried over to newText, when
// the edit that turned oldText into newText cannot have changed the top
// level: the changed bytes lie strictly inside the braces of a top-level
// function body (of an export or a declaration), and neither the removed nor
// the inserted bytes hold a structural character. Every range after the
// edit moves by its length difference; ranges around it stretch. ok is false
// when reuse is not safe: the caller parses instead.
//
// It is for the editor's keystroke path: typing inside a handler's body is
// the common edit, and it leaves the exports as they were. Only structure
// is carried over; whether newText parses is still esbuild's to say.
//
// stmt is the top-level statement that holds the edit, in newText's
// offsets: the only part of the file whose validity the edit can change
// (see ValidateStatement).
func ReuseAcrossEdit(oldText, newText []byte, old *File) (f *File, stmt Range, ok bool) {
	if old == nil || old.HasErrors || old.internalError != "" {
		return nil, Range{}, false
	}
	// The changed region: [start, oldEnd) in oldText became [start, newEnd) in newText.
	start := 0
	for start < len(oldText) && start < len(newText) && oldText[start] == newText[start] {
		start++
	}
	oldEnd, newEnd := len(oldText), len(newText)
	for oldEnd > start && newEnd > start && oldText[oldEnd-1] == newText[newEnd-1] {
		oldEnd--
		newEnd--
	}
	if start == oldEnd && start == newEnd {
		return old, Range{0, 0}, true // same text
	}
	if bytes.ContainsAny(oldText[start:oldEnd], structural) || bytes.ContainsAny(newText[start:newEnd], structural) {
		return nil, Range{}, false
	}
	body, ok := topLevelBodyAround(old, oldText, start, oldEnd)
	if !ok {
		return nil, Range{}, false
	}
	g := old.shifted(start, oldEnd, newEnd-oldEnd)
	return g, g.moveRange(body, start, oldEnd, newEnd-oldEnd), true
}

// topLevelBodyAround finds the top-level export or declaration whose
// function body holds [start, end) strictly between its braces, and returns
// that statement's range.
func topLevelBodyAround(f *File, text []byte, start, end int) (Range, bool) {
	in := func(b Range) bool {
		return b.Start >= 0 && b.End <= len(text) && b.End-b.Start >= 2 &&
			text[b.Start] == '{' && text[b.End-1] == '}' && start > b.Start && end < b.End
	}
	for _, e := range f.Exports {
		if in(e.Body) && e.Stmt.Start >= 0 && e.Stmt.Start <= e.Body.Start && e.Stmt.End >= e.Body.End {
			return e.Stmt, true
		}
	}
	for _, d := range f.Declarations {
		if in(d.Body) && d.Stmt.Start >= 0 && d.Stmt.Start <= d.Body.Start && d.Stmt.End >= d.Body.End {
			return d.Stmt, true
		}
	}
	return Range{}, false
}

// moveRange applies the same move as shifted to one range.
func (f *File) moveRange(r Range, start, oldEnd, delta int) Range {
	if r.Start < 0 {
		return r
	}
	if r.Start >= oldEnd {
		r.Start += delta
	}
	if r.End >= oldEnd && r.End > start {
		r.End += delta
	}
	return r
}

// shifted returns a copy of f whose ranges account for an edit that
// replaced [start, oldEnd) by delta more (or fewer) bytes.
func (f *File) shifted(start, oldEnd, delta int) *File {
	move := func(r Range) Range { return f.moveRange(r, start, oldEnd, delta) }
	g := *f
	g.Exports = make([]Export, len(f.Exports))
	for i, e := range f.Exports {
		e.NameRange, e.Stmt, e.ValueRange, e.Params, e.Body = move(e.NameRange), move(e.Stmt), move(e.ValueRange), move(e.Params), move(e.Body)
		if e.Members != nil {
			ms := make([]Member, len(e.Members))
			for j, m := range e.Members {
				m.NameRange, m.ValueRange, m.Params, m.Body = move(m.NameRange), move(m.ValueRange), move(m.Params), move(m.Body)
				ms[j] = m
			}
			e.Members = ms
		}
		g.Exports[i] = e
	}
	g.Declarations = make([]Declaration, len(f.Declarations))
	for i, d := range f.Declarations {
		d.NameRange, d.Stmt, d.Params, d.Body = move(d.NameRange), move(d.Stmt), move(d.Params), move(d.Body)
		g.Declarations[i] = d
	}
	g.ErrorRanges = nil
	return &g
}

// ValidateStatement asks esbuild whether one top-level statement of src
// parses, on its own: after an edit inside a function body of a file that
// parsed, the rest of the file is unchanged, and the checks that span
// statements (duplicate top-level bindings and exports) cannot have changed
// either, so the file parses exactly when the statement does. Error ranges
// are in src's offsets. Transforming one statement instead of the file is
// what keeps a keystroke in a 2,000-line file within the editor's budget.
func ValidateStatement(src []byte, stmt Range, lang Lang) Validation {
	if stmt.Start < 0 || stmt.End > len(src) || stmt.Start > stmt.End {
		return Validate("", src, lang)
	}
	part := src[stmt.Start:stmt.End]
	if e := tooDeep(part); e != nil {
		return Validation{Error: e}
	}
	v, _ := transform(part, lang, true)
	shift := func(e *SyntaxError) {
		e.Range.Start += stmt.Start
		e.Range.End += stmt.Start
		for i := range e.Notes {
			if e.Notes[i].Range.Start >= 0 {
				e.Notes[i].Range.Start += stmt.Start
				e.Notes[i].Range.End += stmt.Start
			}
		}
	}
	if v.Error != nil {
		shift(v.Error)
	}
	for i := range v.Warnings {
		shift(&v.Warnings[i])
	}
	return v
}
