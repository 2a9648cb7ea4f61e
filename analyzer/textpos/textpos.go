// Package textpos converts between byte offsets and (line, column) positions.
// It is the one place in velo-lsp that does so: the analyzer works in byte
// offsets, LSP clients in 0-based lines and UTF-16 (or, when negotiated,
// UTF-8) columns, and the check command's outputs in 1-based lines and UTF-16
// columns (add one to what this package returns).
//
// Units, once and for all:
//
//   - An offset is a 0-based byte offset into the text given to New.
//   - A line is 0-based. Lines are ended by "\n", "\r\n" or a lone "\r", as
//     LSP counts them. A text that ends with a line break has one more, empty,
//     line after it; the empty text has one empty line. LineCount is never 0.
//   - A column is 0-based and counted in code units of an Encoding from the
//     start of its line: UTF-16 code units (a character at or above U+10000,
//     such as most emoji, is two units; every other character is one) or UTF-8
//     code units (bytes). Combining marks are characters of their own: they
//     count, the grapheme cluster they build is not a unit here.
//   - Invalid UTF-8: each byte that does not start a valid encoding counts as
//     one character of one code unit (as if it were U+FFFD, which is also one
//     UTF-16 unit) in both encodings. Since line-break bytes are ASCII, an
//     invalid sequence never hides a line break.
//
// Snapping: positions that do not name a character boundary are moved back to
// the nearest boundary before them, never forward, so a range never grows:
//
//   - an offset inside a multi-byte character becomes the offset of that
//     character's first byte;
//   - an offset between the "\r" and the "\n" of a "\r\n" becomes the offset
//     of the "\r" (the end of the line's content);
//   - a UTF-16 column that falls between the two halves of a surrogate pair
//     (or a UTF-8 column inside a character) becomes that character's start.
//
// Nothing in this package panics on any input: offsets before 0 or past the
// end clamp to 0 and to the end.
package textpos

import (
	"errors"
	"fmt"
	"sort"
	"unicode/utf8"
)

// Encoding names the code unit in which columns are counted.
type Encoding int

const (
	// UTF16 counts columns in UTF-16 code units: the LSP default, and the unit
	// of SARIF's "utf16CodeUnits" and of editors' column displays.
	UTF16 Encoding = iota
	// UTF8 counts columns in bytes (LSP 3.17 "utf-8" position encoding).
	UTF8
)

// String returns the LSP name of the encoding: "utf-16" or "utf-8".
func (e Encoding) String() string {
	switch e {
	case UTF16:
		return "utf-16"
	case UTF8:
		return "utf-8"
	}
	return fmt.Sprintf("Encoding(%d)", int(e))
}

// ErrOutOfRange is wrapped by the errors of Offset for a line that does not
// exist or a negative column.
var ErrOutOfRange = errors.New("position out of range")

// Index is a read-only line index over one text. Build it once per version of
// a text with New; it keeps a reference to the text, which must not change
// afterwards. An Index is safe for concurrent use.
type Index struct {
	text  []byte
	lines []int // byte offset of the first byte of each line; lines[0] is 0, or 3 after a byte-order mark
}

// utf8BOM is the byte-order mark some Windows editors write at the start
// of a UTF-8 file.
const utf8BOM = "\xEF\xBB\xBF"

// New builds the line index of text in one pass.
//
// A leading byte-order mark is not part of any line: editors hide it and do
// not count it in columns, so line 0 starts after it (offsets inside it
// snap forward to its end, the one exception to snapping back).
func New(text []byte) *Index {
	lines := make([]int, 1, 1+len(text)/32)
	if len(text) >= len(utf8BOM) && string(text[:len(utf8BOM)]) == utf8BOM {
		lines[0] = len(utf8BOM)
	}
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case '\n':
			lines = append(lines, i+1)
		case '\r':
			if i+1 < len(text) && text[i+1] == '\n' {
				i++
			}
			lines = append(lines, i+1)
		}
	}
	return &Index{text: text, lines: lines}
}

// Text returns the text the index was built from.
func (x *Index) Text() []byte { return x.text }

// Len returns the length of the text in bytes.
func (x *Index) Len() int { return len(x.text) }

// LineCount returns the number of lines: one more than the number of line
// breaks. It is at least 1.
func (x *Index) LineCount() int { return len(x.lines) }

// LineRange returns the byte range [start, end) of a line's content, without
// its line break. A negative line gives (0, 0); a line at or past LineCount
// gives (Len, Len).
func (x *Index) LineRange(line int) (start, end int) {
	if line < 0 {
		return 0, 0
	}
	if line >= len(x.lines) {
		return len(x.text), len(x.text)
	}
	return x.lines[line], x.contentEnd(line)
}

// contentEnd returns the offset of the line break ending line (or the end of
// the text for the last line). line must be valid.
func (x *Index) contentEnd(line int) int {
	if line+1 >= len(x.lines) {
		return len(x.text)
	}
	start, end := x.lines[line], x.lines[line+1]
	if end > start && x.text[end-1] == '\n' {
		end--
	}
	if end > start && x.text[end-1] == '\r' {
		end--
	}
	return end
}

// lineOf returns the line containing offset (0 <= offset <= Len).
func (x *Index) lineOf(offset int) int {
	// The last line start that is <= offset.
	return sort.Search(len(x.lines), func(i int) bool { return x.lines[i] > offset }) - 1
}

// Position converts a byte offset to a 0-based line and a 0-based column
// counted in code units of enc. Offsets below 0 clamp to 0, offsets past the
// end clamp to the end; offsets that are not character boundaries snap back
// as the package documentation says.
func (x *Index) Position(offset int, enc Encoding) (line, col int) {
	offset = x.Snap(offset)
	line = x.lineOf(offset)
	start := x.lines[line]
	if enc == UTF8 {
		return line, offset - start
	}
	return line, utf16Len(x.text[start:offset])
}

// Snap returns the character boundary Position and Offset use for offset:
// clamped to [0, Len], moved back to the start of a multi-byte character it
// falls inside, and moved back onto the "\r" of a "\r\n" it splits.
// Offset(Position(o)) == Snap(o) for every o.
func (x *Index) Snap(offset int) int {
	if offset <= x.lines[0] {
		return x.lines[0] // 0, or the end of a byte-order mark
	}
	if offset >= len(x.text) {
		return len(x.text)
	}
	t := x.text
	if t[offset] == '\n' && t[offset-1] == '\r' {
		return offset - 1
	}
	if t[offset] < utf8.RuneSelf {
		return offset
	}
	// Decode forward from the line start (line breaks are ASCII, so decoding
	// resynchronises there) to find the character that covers offset.
	i := x.lines[x.lineOf(offset)]
	for i < offset {
		if t[i] < utf8.RuneSelf {
			i++
			continue
		}
		_, size := utf8.DecodeRune(t[i:])
		if i+size > offset {
			return i
		}
		i += size
	}
	return offset
}

// utf16Len counts the UTF-16 code units of b, one per invalid byte.
func utf16Len(b []byte) int {
	n := 0
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			n++
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
		i += size
	}
	return n
}

// Offset converts a 0-based line and a 0-based column in code units of enc
// to a byte offset.
//
// A column past the end of the line's content gives the end of that content
// (the offset of its line break), as LSP asks. A column that splits a
// character gives that character's start. A line below 0 or at or past
// LineCount, or a negative column, is an error wrapping ErrOutOfRange; the
// offset returned with it is the clamped one (0 for a negative line, Len for
// a line past the end, the line start for a negative column), so a caller
// that prefers clamping may use it and ignore the error.
func (x *Index) Offset(line, col int, enc Encoding) (int, error) {
	if line < 0 {
		return 0, fmt.Errorf("line %d: %w", line, ErrOutOfRange)
	}
	if line >= len(x.lines) {
		return len(x.text), fmt.Errorf("line %d of %d: %w", line, len(x.lines), ErrOutOfRange)
	}
	start, end := x.lines[line], x.contentEnd(line)
	if col < 0 {
		return start, fmt.Errorf("column %d: %w", col, ErrOutOfRange)
	}
	t := x.text
	units := 0
	for i := start; i < end; {
		if units >= col {
			return i, nil
		}
		if t[i] < utf8.RuneSelf {
			units++
			i++
			continue
		}
		r, size := utf8.DecodeRune(t[i:end])
		w := 1
		switch {
		case enc == UTF8:
			w = size
		case r >= 0x10000:
			w = 2
		}
		if units+w > col {
			return i, nil // col splits this character
		}
		units += w
		i += size
	}
	return end, nil
}
