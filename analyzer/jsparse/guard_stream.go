package jsparse

// tokenStream hands out the lexer's tokens one at a time, as Lex would
// return them, without holding them all: the guard reads every token once,
// so it keeps a short window instead of the whole file's tokens (24 bytes a
// token; on minified code, about one token every 3 bytes, that is 8 bytes
// of memory per byte of source, and more than the lexing costs when the
// file is large). It drives the lexer exactly as lexer.run does;
// TestTokenStreamMatchesLex checks that the tokens and their values are
// the same.
type tokenStream struct {
	lx   *lexer
	pos  int  // index in lx.toks of the next token to hand out
	done bool // the EOF token has been lexed
	// window is how many tokens the stream keeps before it drops the ones
	// handed out (streamWindow; tests make it tiny).
	window int
}

// streamTok is a token with its value: what the guard needs of Tokens.Value
// (names of identifiers and keywords; "" for every other kind, whose values
// the guard does not read).
type streamTok struct {
	Token
	Value string
}

// newTokenStream streams the tokens of src[start:end]; text is src as a
// string (the values are substrings of it: one copy of the source for
// every stream over it).
func newTokenStream(src []byte, text string, lang Lang, start, end int) *tokenStream {
	lx := newLexerIn(src, text, lang, start, start, nil) // no capacity for the whole range
	lx.end = end
	lx.toks = make([]Token, streamWindow+16)
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

// fill lexes until token i exists; false when the input ends first.
func (s *tokenStream) fill(i int) bool {
	lx := s.lx
	for i >= lx.n {
		if s.done {
			return false
		}
		lx.skipSpace()
		if lx.i >= lx.end {
			lx.significant(Token{Kind: TokEOF, Start: lx.end, End: lx.end}, "")
			s.done = true
		} else {
			lx.next()
		}
	}
	return true
}

// compact drops the tokens handed out, keeping what the lexer looks back
// at: prevSignificant reads the last two significant tokens (and the
// comments after them). The lexer's other references to token indices
// (bracket matches, the scanner's candidates) are made only when it
// indexes for the scanner, which a stream never does.
func (s *tokenStream) compact() {
	toks := s.lx.toks[:s.lx.n]
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
	s.lx.n = n
	s.pos -= keep
}

// next sets *t to the next token and its value and reports whether there
// was one (false after the EOF token). t is the caller's: a variable on its
// stack costs no write barrier per token, where a field of the stream
// would (the value is a string).
func (s *tokenStream) next(t *streamTok) bool {
	if s.pos >= s.window {
		s.compact()
	}
	if !s.fill(s.pos) {
		return false
	}
	tok := s.lx.toks[s.pos]
	s.pos++
	t.Token, t.Value = tok, ""
	switch tok.Kind {
	case TokIdent, TokKeyword, TokPrivateName:
		t.Value = s.lx.s[tok.Start:tok.End]
		if tok.Flags&FlagEscaped != 0 {
			if v, ok := s.lx.decoded[tok.Start]; ok {
				t.Value = v
			}
		}
	}
	return true
}
