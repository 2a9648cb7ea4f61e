package lsp

import (
	"fmt"

	"go.lsp.dev/protocol"

	"github.com/velo-lsp/velo-lsp/analyzer"
	"github.com/velo-lsp/velo-lsp/analyzer/textpos"
)

// Positions: the analyzer's byte offsets become LSP positions here and only
// here, through textpos, in the encoding negotiated at initialize.

// toPosition converts a byte offset.
func toPosition(ix *textpos.Index, off int, enc textpos.Encoding) protocol.Position {
	line, col := ix.Position(off, enc)
	return protocol.Position{Line: uint32(line), Character: uint32(col)}
}

// toRange converts a half-open byte range.
func toRange(ix *textpos.Index, r analyzer.Range, enc textpos.Encoding) protocol.Range {
	start, end := r.Start, r.End
	if end < start {
		end = start
	}
	return protocol.Range{Start: toPosition(ix, start, enc), End: toPosition(ix, end, enc)}
}

// fromPosition converts a client position to a byte offset. A line past the
// end of the text is an error; a column past the end of its line clamps to
// the line's end.
func fromPosition(ix *textpos.Index, p protocol.Position, enc textpos.Encoding) (int, error) {
	off, err := ix.Offset(int(p.Line), int(p.Character), enc)
	if err != nil {
		return off, fmt.Errorf("position %d:%d: %w", p.Line, p.Character, err)
	}
	return off, nil
}

// fromRange converts a client range, clamping what lies past the end and
// ordering its ends.
func fromRange(ix *textpos.Index, r protocol.Range, enc textpos.Encoding) (start, end int, err error) {
	start, err1 := fromPosition(ix, r.Start, enc)
	end, err2 := fromPosition(ix, r.End, enc)
	if end < start {
		start, end = end, start
	}
	if err1 != nil {
		return start, end, err1
	}
	return start, end, err2
}
