package jsparse

// tokenStream hands out the lexer's tokens one at a time, as Lex would
// return them, without holding them all: the guard reads every token once
// so it keeps a short window instead of a
// slice of the whole file (Lex allocates about 40 bytes a token, and on
// minified code the allocation and the garbage collector cost more than
// the lexing). It drives the lexer exactly as lexer.run does;
// TestTokenStreamMatchesLex checks that the tokens are the same.
type tokenStream struct {
	lx   *lexer
	pos  int  // index in lx.toks of the next token to hand out
	done bool // the EOF token has been lexed
	tok  Token
	// window is how many tokens the stream keeps before it drops the ones
	// handed out (streamWindow; tests make it tiny).
	window int
}

func newTokenStream(src []byte, lang Lang, start, end int) *tokenStream {
	lx := newLexer(src, lang, start, start) // no capacity for the whole range
	lx.end = end
	lx.toks = make([]Token, 0, streamWindow+16)
	if lx.i == 0 && lx.end >= 2 && lx.src[0] == '#' && lx.src[1] == '!' {
		j := 2
		for j < lx.end && !lx.lineTerminatorAt(j) {
			j++
		}
		lx.emit(Token{Kind: TokHashbang, Start: 0, End: j})
		lx.i = j
	}
	return &tokenStream{lx: lx, window: streamWindow}
}

// streamWindow is how many tokens the stream keeps before it drops the
// ones already handed out.
const streamWindow = 256

// fill lexes until lx.toks[i] exists; false when the input ends first.
func (s *tokenStream) fill(i int) bool {
	lx := s.lx
	for i >= len(lx.toks) {
		if s.done {
			return false
		}
		lx.skipSpace()
		if lx.i >= lx.end {
			lx.significant(Token{Kind: TokEOF, Start: lx.end, End: lx.end})
			s.done = true
		} else {
			lx.next()
		}
	}
	return true
}

// compact drops the tokens handed out, keeping what the lexer looks back
// at: prevSignificant reads the last two significant tokens (and the
// comments after them).
func (s *tokenStream) compact() {
	toks := s.lx.toks
	keep, seen := len(toks), 0
	for keep > 0 && seen < 2 {
		keep--
		if !toks[keep].IsComment() {
			seen++
		}
	}
	if keep > s.pos {
		keep = s.pos
	}
	n := copy(toks, toks[keep:])
	s.lx.toks = toks[:n]
	s.pos -= keep
}

// next returns the next token (a copy, valid until the next call), or nil
// after the EOF token.
func (s *tokenStream) next() *Token {
	if s.pos >= s.window {
		s.compact()
	}
	if !s.fill(s.pos) {
		return nil
	}
	s.tok = s.lx.toks[s.pos]
	s.pos++
	return &s.tok
}
