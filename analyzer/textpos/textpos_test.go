package textpos

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"
)

// pos is a 0-based line and column in one encoding.
type pos struct{ line, col int }

func TestPosition(t *testing.T) {
	// Each case names an offset by the marker "|" in text (removed before
	// indexing) and gives the expected position in both encodings.
	tests := []struct {
		name  string
		text  string
		utf16 pos
		utf8  pos
	}{
		{"start of empty file", "|", pos{0, 0}, pos{0, 0}},
		{"ascii first line", "ab|c\n", pos{0, 2}, pos{0, 2}},
		{"ascii second line", "abc\nd|e", pos{1, 1}, pos{1, 1}},
		{"after final newline", "abc\n|", pos{1, 0}, pos{1, 0}},
		{"missing final newline, end", "abc\ndef|", pos{1, 3}, pos{1, 3}},
		{"CJK before", "中文|x", pos{0, 2}, pos{0, 6}},
		{"Korean before", "한국어 |wix", pos{0, 4}, pos{0, 10}},
		{"emoji is a surrogate pair", "🎉|x", pos{0, 2}, pos{0, 4}},
		{"two emoji then handler", "/* 🎉🚀 */ |export", pos{0, 11}, pos{0, 15}},
		{"emoji ZWJ sequence", "👩‍💻|", pos{0, 5}, pos{0, 11}},
		{"combining mark counts", "e\u0301|x", pos{0, 2}, pos{0, 3}},
		{"Hebrew", "// שלום |f", pos{0, 8}, pos{0, 12}},
		{"CRLF second line", "ab\r\nc|d", pos{1, 1}, pos{1, 1}},
		{"CRLF end of first line content", "ab|\r\ncd", pos{0, 2}, pos{0, 2}},
		{"CRLF after break", "ab\r\n|cd", pos{1, 0}, pos{1, 0}},
		{"lone CR is a break", "ab\rc|d", pos{1, 1}, pos{1, 1}},
		{"CR CR LF is two breaks", "a\r\r\n|b", pos{2, 0}, pos{2, 0}},
		{"LF CR is two breaks", "a\n\r|b", pos{2, 0}, pos{2, 0}},
		{"invalid byte is one unit", "\xff|a", pos{0, 1}, pos{0, 1}},
		{"truncated sequence is one unit per byte", "\xe4\xb8|a", pos{0, 2}, pos{0, 2}},
		{"invalid before a break does not hide it", "\xe4\n|a", pos{1, 0}, pos{1, 0}},
		{"encoded U+FFFD is one unit", "\uFFFD|a", pos{0, 1}, pos{0, 3}},
		{"BMP above surrogates", "\uFF21|", pos{0, 1}, pos{0, 3}},
		{"mixed line", "שלום 🎉 中|", pos{0, 9}, pos{0, 17}},
		{"byte-order mark is not counted", "\uFEFFexport |function", pos{0, 7}, pos{0, 7}},
		{"byte-order mark, second line", "\uFEFFa\nb|c", pos{1, 1}, pos{1, 1}},
		{"byte-order mark, start", "\uFEFF|a", pos{0, 0}, pos{0, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			off := strings.Index(tt.text, "|")
			text := []byte(strings.Replace(tt.text, "|", "", 1))
			x := New(text)
			if l, c := x.Position(off, UTF16); (pos{l, c}) != tt.utf16 {
				t.Errorf("Position(%d, UTF16) = %d:%d, want %d:%d", off, l, c, tt.utf16.line, tt.utf16.col)
			}
			if l, c := x.Position(off, UTF8); (pos{l, c}) != tt.utf8 {
				t.Errorf("Position(%d, UTF8) = %d:%d, want %d:%d", off, l, c, tt.utf8.line, tt.utf8.col)
			}
			// And back.
			if got, err := x.Offset(tt.utf16.line, tt.utf16.col, UTF16); err != nil || got != off {
				t.Errorf("Offset(%v, UTF16) = %d, %v; want %d", tt.utf16, got, err, off)
			}
			if got, err := x.Offset(tt.utf8.line, tt.utf8.col, UTF8); err != nil || got != off {
				t.Errorf("Offset(%v, UTF8) = %d, %v; want %d", tt.utf8, got, err, off)
			}
		})
	}
}

func TestPositionSnapsAndClamps(t *testing.T) {
	text := []byte("a🎉b\r\nc中")
	// offsets: a=0, 🎉=1..4, b=5, \r=6, \n=7, c=8, 中=9..11, len=12
	x := New(text)
	tests := []struct {
		name   string
		offset int
		snap   int
		utf16  pos
	}{
		{"negative clamps to start", -5, 0, pos{0, 0}},
		{"inside emoji, second byte", 2, 1, pos{0, 1}},
		{"inside emoji, last byte", 4, 1, pos{0, 1}},
		{"between CR and LF", 7, 6, pos{0, 4}},
		{"at CR", 6, 6, pos{0, 4}},
		{"inside CJK", 11, 9, pos{1, 1}},
		{"at end", 12, 12, pos{1, 2}},
		{"past end clamps to end", 99, 12, pos{1, 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := x.Snap(tt.offset); got != tt.snap {
				t.Errorf("Snap(%d) = %d, want %d", tt.offset, got, tt.snap)
			}
			if l, c := x.Position(tt.offset, UTF16); (pos{l, c}) != tt.utf16 {
				t.Errorf("Position(%d) = %d:%d, want %v", tt.offset, l, c, tt.utf16)
			}
		})
	}
}

func TestOffsetEdges(t *testing.T) {
	text := []byte("a🎉b\r\nc中\rlast")
	// a=0, 🎉=1..4, b=5, \r=6, \n=7, c=8, 中=9..11, \r=12, l=13, len=17
	x := New(text)
	tests := []struct {
		name    string
		line    int
		col     int
		enc     Encoding
		want    int
		wantErr bool
	}{
		{"column inside surrogate pair snaps to its start", 0, 2, UTF16, 1, false},
		{"column after surrogate pair", 0, 3, UTF16, 5, false},
		{"utf-8 column inside emoji snaps", 0, 3, UTF8, 1, false},
		{"utf-8 column after emoji", 0, 5, UTF8, 5, false},
		{"column past CRLF line end gives content end", 0, 40, UTF16, 6, false},
		{"column past lone-CR line end", 1, 9, UTF16, 12, false},
		{"column past last line end", 2, 100, UTF16, 17, false},
		{"last line exact end", 2, 4, UTF16, 17, false},
		{"line past the end is an error, offset clamps to end", 3, 0, UTF16, 17, true},
		{"negative line is an error", -1, 0, UTF16, 0, true},
		{"negative column is an error, offset is line start", 1, -1, UTF8, 8, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := x.Offset(tt.line, tt.col, tt.enc)
			if (err != nil) != tt.wantErr {
				t.Fatalf("Offset(%d, %d, %v) error = %v, wantErr %v", tt.line, tt.col, tt.enc, err, tt.wantErr)
			}
			if err != nil && !errors.Is(err, ErrOutOfRange) {
				t.Errorf("error %v does not wrap ErrOutOfRange", err)
			}
			if got != tt.want {
				t.Errorf("Offset(%d, %d, %v) = %d, want %d", tt.line, tt.col, tt.enc, got, tt.want)
			}
		})
	}
}

func TestLines(t *testing.T) {
	tests := []struct {
		name   string
		text   string
		ranges [][2]int // content range of each line
	}{
		{"empty file has one empty line", "", [][2]int{{0, 0}}},
		{"no final newline", "ab\ncd", [][2]int{{0, 2}, {3, 5}}},
		{"final newline adds an empty line", "ab\n", [][2]int{{0, 2}, {3, 3}}},
		{"CRLF", "ab\r\ncd\r\n", [][2]int{{0, 2}, {4, 6}, {8, 8}}},
		{"lone CR", "a\rb", [][2]int{{0, 1}, {2, 3}}},
		{"empty lines", "\n\r\n\r", [][2]int{{0, 0}, {1, 1}, {3, 3}, {4, 4}}},
		{"multibyte content", "中\n🎉", [][2]int{{0, 3}, {4, 8}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x := New([]byte(tt.text))
			if got := x.LineCount(); got != len(tt.ranges) {
				t.Fatalf("LineCount = %d, want %d", got, len(tt.ranges))
			}
			for i, r := range tt.ranges {
				if s, e := x.LineRange(i); s != r[0] || e != r[1] {
					t.Errorf("LineRange(%d) = [%d,%d), want [%d,%d)", i, s, e, r[0], r[1])
				}
			}
			n := len(tt.text)
			if s, e := x.LineRange(len(tt.ranges)); s != n || e != n {
				t.Errorf("LineRange(past end) = [%d,%d), want [%d,%d)", s, e, n, n)
			}
			if s, e := x.LineRange(-1); s != 0 || e != 0 {
				t.Errorf("LineRange(-1) = [%d,%d), want [0,0)", s, e)
			}
		})
	}
}

func TestEncodingString(t *testing.T) {
	if UTF16.String() != "utf-16" || UTF8.String() != "utf-8" {
		t.Errorf("String() = %q, %q", UTF16, UTF8)
	}
}

// boundary reports whether offset is a place the package does not snap: a
// character start (decoding from the beginning, one character per invalid
// byte) or the end, and not between the CR and LF of a CRLF.
func boundary(text []byte, offset int) bool {
	if offset > 0 && offset < len(text) && text[offset-1] == '\r' && text[offset] == '\n' {
		return false
	}
	for i := 0; i < len(text); {
		if i == offset {
			return true
		}
		if i > offset {
			return false
		}
		_, size := utf8.DecodeRune(text[i:])
		i += size
	}
	return offset == len(text)
}

func FuzzRoundTrip(f *testing.F) {
	seeds := []string{"", "\uFEFFab\nc", "abc", "a\r\nb", "a\rb\nc", "🎉x", "中文\n한국어", "e\u0301", "\xff\xe4\xb8\n", "שלום\r\n🎉"}
	for _, s := range seeds {
		for off := -1; off <= len(s)+1; off++ {
			f.Add([]byte(s), off)
		}
	}
	f.Fuzz(func(t *testing.T, text []byte, offset int) {
		x := New(text)
		snap := x.Snap(offset)
		if snap < 0 || snap > len(text) {
			t.Fatalf("Snap(%d) = %d out of [0,%d]", offset, snap, len(text))
		}
		if bytes.HasPrefix(text, []byte("\uFEFF")) && offset <= 3 {
			// A byte-order mark is outside every line: offsets in it snap to its end.
			if snap != 3 {
				t.Fatalf("Snap(%d) = %d inside a byte-order mark, want 3", offset, snap)
			}
			return
		}
		if offset >= 0 && offset <= len(text) && boundary(text, offset) && snap != offset {
			t.Fatalf("Snap moved boundary %d to %d", offset, snap)
		}
		if !boundary(text, snap) {
			t.Fatalf("Snap(%d) = %d is not a boundary", offset, snap)
		}
		if snap > offset && offset >= 0 {
			t.Fatalf("Snap(%d) = %d moved forward", offset, snap)
		}
		for _, enc := range []Encoding{UTF16, UTF8} {
			line, col := x.Position(offset, enc)
			if line < 0 || line >= x.LineCount() || col < 0 {
				t.Fatalf("%v: Position(%d) = %d:%d out of range", enc, offset, line, col)
			}
			back, err := x.Offset(line, col, enc)
			if err != nil {
				t.Fatalf("%v: Offset(Position(%d) = %d:%d): %v", enc, offset, line, col, err)
			}
			if back != snap {
				t.Fatalf("%v: Offset(Position(%d) = %d:%d) = %d, want %d", enc, offset, line, col, back, snap)
			}
			// Offset never panics and stays in range for any column.
			for _, c := range []int{col + 1, col + 7, 1 << 30} {
				o, err := x.Offset(line, c, enc)
				if err != nil || o < 0 || o > len(text) {
					t.Fatalf("%v: Offset(%d, %d) = %d, %v", enc, line, c, o, err)
				}
			}
		}
		// The UTF-16 column of the line end equals what utf16 encoding gives,
		// with one unit per invalid byte.
		line, _ := x.Position(snap, UTF16)
		s, e := x.LineRange(line)
		_, endCol := x.Position(e, UTF16)
		want := 0
		for _, r := range string(text[s:e]) { // range yields U+FFFD per invalid byte
			want += utf16.RuneLen(r)
		}
		if endCol != want {
			t.Fatalf("UTF-16 length of line %d = %d, want %d", line, endCol, want)
		}
	})
}
