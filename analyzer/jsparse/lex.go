package jsparse

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// The lexer: one token stream for everything in velo-lsp that reads
// JavaScript or TypeScript source text.
//
//	ts := Lex(src, LangJS)
//	for _, t := range ts.List { … ts.Value(t) … }
//
// returns every token of src in order (ts.List), comments included, ending
// with one TokEOF token (zero width, at len(src)). Offsets are 0-based byte
// offsets into src, ranges half-open [Start, End). A Token holds no pointer
// (24 bytes): a file's tokens are one allocation the garbage collector does
// not scan; their values are read through the Tokens. White space and line terminators
// are not tokens; a token records whether a line terminator (or a block
// comment holding one) comes between it and the previous token
// (FlagNewlineBefore), which is all that automatic semicolon insertion needs.
//
// Regular expressions. Whether '/' starts a regular expression or divides is
// decided from the previous significant (non-comment) token and a small
// stack of open brackets recording what each bracket is: the ')' of
// if/while/for/with (and of switch/catch) is followed by a statement, so a '/'
// after it starts a regular expression, while the ')' of a call or a group
// ends a value and a '/' after it divides; a '}' that closes a block, a
// function or class declaration or an arrow body is followed by a statement,
// a '}' that closes an object literal or a function or class expression ends
// a value. Function and class expressions are told from declarations by what
// precedes the keyword (an operator or '(' before it: an expression). After
// keywords such as return, typeof, instanceof, in, of, new, delete, void,
// throw, case, do, else, yield and await a '/' starts a regular expression,
// except when the keyword is a property name (after '.' or '?.'). Postfix
// '++'/'--' and TypeScript's non-null '!' end a value. The decision is exact
// on the code people write; the known corners where it is not (a regular
// expression starting a statement right after a TypeScript type alias or
// interface written with type parameters, `of`/`yield`/`await` used as
// plain identifiers followed by '/') are written down in SCANNER_NOTES.md.
//
// Templates come as TokTemplate (no substitution) or TokTemplateHead,
// TokTemplateMiddle... TokTemplateTail around the tokens of each
// substitution; substitutions nest, templates inside substitutions too.
//
// Values. Tokens.Value gives an identifier's, keyword's or private name's
// decoded name (`\u0061b` is "ab"), a string's decoded value without
// quotes, a template piece's cooked text (line terminators normalised to
// "\n"); "" for other kinds. A malformed escape sets FlagInvalid. Values of
// tokens written without escapes are substrings of one copy of the source
// (no allocation per token); the others are decoded once, while lexing.
//
// Broken input. Lex never panics and runs in time linear in len(src) on any
// input. An unterminated string or regular expression ends before the line
// terminator, an unterminated template or block comment at the end of the
// input; both carry FlagUnterminated. A character that starts no token is
// one TokInvalid token (one code point, or one byte of malformed UTF-8).

// TokenKind is the kind of a Token.
type TokenKind uint8

const (
	TokEOF            TokenKind = iota // the end of the input (always the last token, zero width)
	TokIdent                           // identifier, including contextual keywords (async, of, type, …) and escaped reserved words
	TokKeyword                         // reserved word, written without escapes (if, return, this, true, …)
	TokPrivateName                     // #name
	TokNumber                          // numeric literal, BigInt included
	TokString                          // '…' or "…"
	TokTemplate                        // `…` without substitutions
	TokTemplateHead                    // `…${
	TokTemplateMiddle                  // }…${
	TokTemplateTail                    // }…`
	TokRegExp                          // /…/flags
	TokPunct                           // punctuator; Op says which
	TokLineComment                     // // … (up to, not including, the line terminator)
	TokBlockComment                    // /* … */
	TokHashbang                        // #! … at offset 0
	TokInvalid                         // a character that starts no token
)

var tokenKindNames = [...]string{
	TokEOF: "EOF", TokIdent: "ident", TokKeyword: "keyword", TokPrivateName: "private", TokNumber: "number",
	TokString: "string", TokTemplate: "template", TokTemplateHead: "template-head", TokTemplateMiddle: "template-middle",
	TokTemplateTail: "template-tail", TokRegExp: "regexp", TokPunct: "punct", TokLineComment: "line-comment",
	TokBlockComment: "block-comment", TokHashbang: "hashbang", TokInvalid: "invalid",
}

func (k TokenKind) String() string {
	if int(k) < len(tokenKindNames) {
		return tokenKindNames[k]
	}
	return "?"
}

// TokenFlags are facts about one token.
type TokenFlags uint8

const (
	// FlagNewlineBefore: a line terminator, or a block comment holding one,
	// lies between the previous token (comments included) and this one.
	FlagNewlineBefore TokenFlags = 1 << iota
	// FlagEscaped: the source spells the token with escapes, so its value
	// differs from the source text (identifiers, strings, templates).
	FlagEscaped
	// FlagInvalid: a malformed escape, an identifier character that is not
	// one, or a malformed number.
	FlagInvalid
	// FlagUnterminated: a string, template, regular expression or block
	// comment that the input ends (or, for strings and regular expressions,
	// the line ends) before closing.
	FlagUnterminated
	// FlagLegacyOctal: a legacy octal number (010) or escape ('\1'), valid
	// only outside strict mode.
	FlagLegacyOctal
)

// Op is a punctuator.
type Op uint8

const (
	OpNone Op = iota
	OpLBrace
	OpRBrace
	OpLParen
	OpRParen
	OpLBracket
	OpRBracket
	OpDot
	OpEllipsis
	OpSemicolon
	OpComma
	OpLess
	OpGreater
	OpLessEq
	OpGreaterEq
	OpEq
	OpNotEq
	OpStrictEq
	OpStrictNotEq
	OpPlus
	OpMinus
	OpStar
	OpSlash
	OpPercent
	OpStarStar
	OpPlusPlus
	OpMinusMinus
	OpShl
	OpShr
	OpUShr
	OpAmp
	OpBar
	OpCaret
	OpBang
	OpTilde
	OpAmpAmp
	OpBarBar
	OpQuestionQuestion
	OpQuestion
	OpQuestionDot
	OpColon
	OpAssign
	OpPlusAssign
	OpMinusAssign
	OpStarAssign
	OpSlashAssign
	OpPercentAssign
	OpStarStarAssign
	OpShlAssign
	OpShrAssign
	OpUShrAssign
	OpAmpAssign
	OpBarAssign
	OpCaretAssign
	OpAmpAmpAssign
	OpBarBarAssign
	OpQuestionQuestionAssign
	OpArrow
	OpAt
	numOps
)

var opText = [numOps]string{
	OpLBrace: "{", OpRBrace: "}", OpLParen: "(", OpRParen: ")", OpLBracket: "[", OpRBracket: "]",
	OpDot: ".", OpEllipsis: "...", OpSemicolon: ";", OpComma: ",", OpLess: "<", OpGreater: ">",
	OpLessEq: "<=", OpGreaterEq: ">=", OpEq: "==", OpNotEq: "!=", OpStrictEq: "===", OpStrictNotEq: "!==",
	OpPlus: "+", OpMinus: "-", OpStar: "*", OpSlash: "/", OpPercent: "%", OpStarStar: "**",
	OpPlusPlus: "++", OpMinusMinus: "--", OpShl: "<<", OpShr: ">>", OpUShr: ">>>", OpAmp: "&",
	OpBar: "|", OpCaret: "^", OpBang: "!", OpTilde: "~", OpAmpAmp: "&&", OpBarBar: "||",
	OpQuestionQuestion: "??", OpQuestion: "?", OpQuestionDot: "?.", OpColon: ":", OpAssign: "=",
	OpPlusAssign: "+=", OpMinusAssign: "-=", OpStarAssign: "*=", OpSlashAssign: "/=", OpPercentAssign: "%=",
	OpStarStarAssign: "**=", OpShlAssign: "<<=", OpShrAssign: ">>=", OpUShrAssign: ">>>=", OpAmpAssign: "&=",
	OpBarAssign: "|=", OpCaretAssign: "^=", OpAmpAmpAssign: "&&=", OpBarBarAssign: "||=",
	OpQuestionQuestionAssign: "??=", OpArrow: "=>", OpAt: "@",
}

// String is the punctuator as written ("" for OpNone).
func (o Op) String() string {
	if o < numOps {
		return opText[o]
	}
	return ""
}

// Token is one token of the source.
type Token struct {
	Kind  TokenKind
	Op    Op // the punctuator, when Kind == TokPunct
	Flags TokenFlags
	Start int // byte offset of the first byte
	End   int // byte offset after the last byte
}

// Tokens is the result of Lex: the tokens of one source and their values.
type Tokens struct {
	Src  []byte
	List []Token // in order, comments included; the last one is TokEOF
	text string  // Src as a string: values are substrings of it
	// decoded holds the values of tokens written with escapes or, for
	// templates, with a CR, by Start offset.
	decoded map[int]string
	facts   scanIndex
}

// scanIndex is what the lexer notes for the scanner while it lexes, so
// that the scanner never walks the tokens it skips.
type scanIndex struct {
	match                  []int32 // index of the matching bracket for ( [ { and template head/tail; -1 when none
	modCands               []int32 // module / exports not after '.': may need scope analysis
	thisCands              []int32 // this not after '.'
	stmtCands              []int32 // export or import at column 0 that starts a statement: never inside a function body
	badToks                []int32 // malformed tokens (invalid, unterminated, bad string escape, bad number)
	importMeta, directEval bool
}

// Value is t's decoded value: the name of an identifier, keyword or private
// name (with its '#'), a string's value without quotes, a template piece's
// cooked text; "" for other kinds. t must be one of ts.List.
func (ts *Tokens) Value(t Token) string {
	if ts.decoded != nil && (t.Flags&FlagEscaped != 0 || t.Kind >= TokTemplate && t.Kind <= TokTemplateTail) {
		if v, ok := ts.decoded[t.Start]; ok {
			return v
		}
	}
	return rawValue(ts.text, t)
}

// rawValue is the value of a token written without escapes.
func rawValue(text string, t Token) string {
	switch t.Kind {
	case TokIdent, TokKeyword, TokPrivateName:
		return text[t.Start:t.End]
	case TokString:
		end := t.End - 1
		if t.Flags&FlagUnterminated != 0 {
			end = t.End
		}
		if end < t.Start+1 {
			return ""
		}
		return text[t.Start+1 : end]
	case TokTemplate, TokTemplateTail:
		end := t.End - 1
		if t.Flags&FlagUnterminated != 0 {
			end = t.End
		}
		return text[t.Start+1 : end]
	case TokTemplateHead, TokTemplateMiddle:
		return text[t.Start+1 : t.End-2]
	}
	return ""
}

// Text is t's source text.
func (ts *Tokens) Text(t Token) string { return ts.text[t.Start:t.End] }

// IsWord reports whether t is an identifier or keyword spelling word
// without escapes (contextual keywords are identifiers).
func (ts *Tokens) IsWord(t Token, word string) bool {
	return (t.Kind == TokIdent || t.Kind == TokKeyword) && t.Flags&FlagEscaped == 0 && t.End-t.Start == len(word) && ts.text[t.Start:t.End] == word
}

// NewlineBefore reports FlagNewlineBefore.
func (t *Token) NewlineBefore() bool { return t.Flags&FlagNewlineBefore != 0 }

// Valid reports whether the token is well formed: not TokInvalid, not
// unterminated, no malformed escape or number.
func (t *Token) Valid() bool {
	return t.Kind != TokInvalid && t.Flags&(FlagInvalid|FlagUnterminated) == 0
}

// IsComment reports a line or block comment (the hashbang is not one).
func (t *Token) IsComment() bool { return t.Kind == TokLineComment || t.Kind == TokBlockComment }

// Is reports whether t is the punctuator op.
func (t *Token) Is(op Op) bool { return t.Kind == TokPunct && t.Op == op }

// Lex returns the tokens of src (see the lexer notes above): comments
// included, in order, the last one TokEOF. It never panics.
func Lex(src []byte, lang Lang) *Tokens {
	return newLexer(src, lang, 0, len(src)).run()
}

// lexShared lexes src once for everyone who reads it in Check: the guard,
// the scanner (so it also indexes brackets and candidates, see scanIndex)
// and, through CheckValidTokens, the analyzer's rules. Its arrays are its
// own (not pooled: the tokens outlive the call) and its values are
// substrings of one copy of src, so nothing points into the caller's
// bytes. The List equals Lex's (TestSharedTokensAreLexs).
func lexShared(src []byte, lang Lang) *Tokens {
	return newLexerIn(src, string(src), lang, 0, len(src), &lexBuffers{}).run()
}

// LexRange returns the tokens of src[r.Start:r.End] with offsets into src,
// the last one TokEOF at r.End. It lexes the range as if it started a
// statement: that is exact for a function body (File's Export.Body, Member.Body,
// Declaration.Body: a block from '{' to '}', or an arrow's expression body),
// which is what it is for: a rule that reads one handler's body asks for
// its tokens without lexing the file again. Out-of-range bounds are
// clamped.
func LexRange(src []byte, lang Lang, r Range) *Tokens {
	start, end := r.Start, r.End
	if end > len(src) {
		end = len(src)
	}
	if start < 0 {
		start = 0
	}
	if start > end {
		start = end
	}
	return newLexer(src, lang, start, end).run()
}

// ---------------------------------------------------------------------------

// lexCtx is what the previous significant token lets come next.
type lexCtx uint8

const (
	cStmt    lexCtx = iota // a statement may start ('{' a block, function/class declarations, '/' a regex)
	cExpr                  // an operand is expected ('{' an object, function/class expressions, '/' a regex)
	cValue                 // an operand just ended ('/' divides)
	cDefault               // after `default`: '{' an object, function/class declarations
	cReturn                // after return/yield/break/continue: cExpr, or cStmt when a line break follows
)

// bracket kinds on the lexer's stack
const (
	bParenOther uint8 = iota
	bParenControl
	bParenFuncDecl
	bParenFuncExpr
	bBracket
	bBraceBlock    // block, function/class declaration body, arrow body, class/object method body
	bBraceExpr     // object literal, function/class expression body, type literal
	bBraceTemplate // ${ … }
)

type lexBracket struct {
	kind uint8
	q    int32 // pending '?' of conditional expressions at this level
	tok  int32 // the opening token's index (a template's head)
}

// pending remembers a keyword whose '(' or '{' has not come yet, at the
// bracket depth it was seen at.
type pending struct {
	expr  bool // an expression (else a declaration)
	depth int  // len(stack) when seen; -1 when none
}

type lexer struct {
	src   []byte
	s     string // src as a string: Values are substrings of it, no copy per token
	lang  Lang
	i     int
	end   int
	toks  []Token // toks[:n] are the tokens so far (written by index: no write barrier per token)
	match []int32 // parallel to toks
	n     int
	facts scanIndex
	// scanner mode: note the scanner's facts (bracket matches, candidates)
	indexing bool
	// pending checks on the next significant token
	evalAt, importAt, exportAt, importDotAt int
	decoded                                 map[int]string
	stack                                   []lexBracket

	newline bool  // a line terminator since the last significant token
	nlAny   bool  // a line terminator since the last token (comments included)
	baseQ   int32 // pending '?' outside any bracket

	// the previous significant token
	ctx          lexCtx
	ctxBefore    lexCtx // ctx before the previous significant token
	prevKind     TokenKind
	prevOp       Op
	prevS, prevE int  // the previous significant token's range (its word, for identifiers and keywords)
	prevNL       bool // the previous significant token had FlagNewlineBefore
	prevDot      bool // the token before the previous one was '.' or '?.'

	fn       pending // `function` seen, its '(' not yet
	body     pending // a function's ')' seen, its body '{' not yet
	retColon bool    // the token right after that ')' is ':' (a return type)
	class    pending // `class` seen, its body '{' not yet
	declHead int     // depth of a TypeScript declaration head (interface/enum/namespace/module) awaiting '{'; -1 none
}

func newLexer(src []byte, lang Lang, start, end int) *lexer {
	return newLexerIn(src, string(src), lang, start, end, nil)
}

// lexBuffers are the lexer's token arrays, reused by the scanner (Parse
// keeps no token: its File holds copies of the names it needs).
type lexBuffers struct {
	toks  []Token
	match []int32
	stack []lexBracket
}

var lexBufferPool = sync.Pool{New: func() any { return new(lexBuffers) }}

// newLexerIn makes a lexer whose values are substrings of text (src as a
// string), lexing into buf when it is not nil.
func newLexerIn(src []byte, text string, lang Lang, start, end int, buf *lexBuffers) *lexer {
	n := end - start
	want := n/4 + 8
	var toks []Token
	var match []int32
	var stack []lexBracket
	if buf == nil {
		// Lex and LexRange: no index for the scanner
		return &lexer{src: src, s: text, lang: lang, i: start, end: end, toks: make([]Token, want),
			stack: make([]lexBracket, 0, 16), ctx: cStmt, fn: pending{depth: -1}, body: pending{depth: -1},
			class: pending{depth: -1}, declHead: -1, evalAt: -1, importAt: -1, exportAt: -1, importDotAt: -1}
	}
	if cap(buf.toks) >= want {
		toks, match, stack = buf.toks[:cap(buf.toks)], buf.match[:cap(buf.match)], buf.stack[:0]
	} else {
		toks, match, stack = make([]Token, want), make([]int32, want), make([]lexBracket, 0, 16)
	}
	fillNone(match)
	return &lexer{
		src:         src,
		s:           text,
		lang:        lang,
		i:           start,
		end:         end,
		toks:        toks,
		match:       match,
		evalAt:      -1,
		importAt:    -1,
		exportAt:    -1,
		importDotAt: -1,
		stack:       stack,
		ctx:         cStmt,
		fn:          pending{depth: -1},
		body:        pending{depth: -1},
		class:       pending{depth: -1},
		declHead:    -1,
		indexing:    true,
	}
}

// buffers returns the lexer's arrays for reuse.
func (lx *lexer) buffers() *lexBuffers {
	return &lexBuffers{toks: lx.toks, match: lx.match, stack: lx.stack}
}

func (lx *lexer) run() *Tokens {
	if lx.i == 0 && lx.end >= 2 && lx.src[0] == '#' && lx.src[1] == '!' {
		j := 2
		for j < lx.end && !lx.lineTerminatorAt(j) {
			j++
		}
		lx.emit(Token{Kind: TokHashbang, Start: 0, End: j})
		lx.i = j
	}
	for {
		lx.skipSpace()
		if lx.i >= lx.end {
			break
		}
		lx.next()
	}
	lx.significant(Token{Kind: TokEOF, Start: lx.end, End: lx.end}, "")
	if lx.indexing {
		lx.facts.match = lx.match[:lx.n]
	}
	return &Tokens{Src: lx.src, List: lx.toks[:lx.n], text: lx.s, decoded: lx.decoded, facts: lx.facts}
}

// keep records the decoded value of a token written with escapes.
func (lx *lexer) keep(start int, v string) {
	if lx.decoded == nil {
		lx.decoded = map[int]string{}
	}
	lx.decoded[start] = v
}

// emit appends a comment or the hashbang: FlagNewlineBefore says whether
// a line terminator separates it from the previous token; the context is
// unchanged.
func (lx *lexer) emit(t Token) {
	if lx.nlAny {
		t.Flags |= FlagNewlineBefore
	}
	lx.nlAny = false
	lx.push(t)
}

// push appends a token.
func (lx *lexer) push(t Token) {
	lx.reserve()
	lx.toks[lx.n] = t
	lx.n++
}

// reserve makes room for the token at index lx.n.
func (lx *lexer) reserve() {
	if lx.n < len(lx.toks) {
		return
	}
	grown := make([]Token, 2*len(lx.toks)+8)
	copy(grown, lx.toks)
	lx.toks = grown
	if lx.indexing {
		m := make([]int32, len(grown))
		copy(m, lx.match)
		fillNone(m[len(lx.match):])
		lx.match = m
	}
}

func fillNone(m []int32) {
	for i := range m {
		m[i] = -1
	}
}

// pair records that the brackets at token indices open and close match.
func (lx *lexer) pair(open int32, close int) {
	if !lx.indexing {
		return
	}
	lx.reserve()
	lx.match[open] = int32(close)
	lx.match[close] = open
}

// atLineStart: a token starting at column 0.
func (lx *lexer) atLineStart(start int) bool {
	return start == 0 || lx.src[start-1] == '\n' || lx.src[start-1] == '\r'
}

// note records the scanner's facts about the token that will get index idx
// (called from significant before the token is pushed).
func (lx *lexer) note(t *Token, val string, idx int) {
	if !lx.indexing {
		return
	}
	// checks that wait for this token
	if lx.evalAt >= 0 {
		if t.Kind == TokPunct && t.Op == OpLParen {
			lx.facts.directEval = true
		}
		lx.evalAt = -1
	}
	if lx.importDotAt >= 0 {
		if t.Kind == TokIdent && val == "meta" {
			lx.facts.importMeta = true
		}
		lx.importDotAt = -1
	}
	if lx.importAt >= 0 {
		switch {
		case t.Kind == TokPunct && t.Op == OpDot:
			lx.importDotAt = lx.importAt
		case lx.atLineStart(lx.toks[lx.importAt].Start) && (t.Kind == TokIdent || t.Kind == TokString || t.Kind == TokPunct && (t.Op == OpLBrace || t.Op == OpStar)):
			lx.facts.stmtCands = append(lx.facts.stmtCands, int32(lx.importAt))
		}
		lx.importAt = -1
	}
	if lx.exportAt >= 0 {
		if exportFollower(t, val) {
			lx.facts.stmtCands = append(lx.facts.stmtCands, int32(lx.exportAt))
		}
		lx.exportAt = -1
	}
	if t.Kind == TokInvalid || t.Flags&FlagUnterminated != 0 || t.Flags&FlagInvalid != 0 && (t.Kind == TokString || t.Kind == TokNumber) {
		lx.facts.badToks = append(lx.facts.badToks, int32(idx))
	}
	dot := lx.afterDot()
	switch t.Kind {
	case TokIdent:
		if !dot {
			switch val {
			case "module", "exports":
				lx.facts.modCands = append(lx.facts.modCands, int32(idx))
			case "eval":
				if t.Flags&FlagEscaped == 0 {
					lx.evalAt = idx
				}
			}
		}
	case TokKeyword:
		// export at column 0 starts a statement even after a '.': a member
		// being typed on the line above
		if val == "export" && lx.atLineStart(t.Start) {
			lx.exportAt = idx
		}
		if !dot {
			switch val {
			case "this":
				lx.facts.thisCands = append(lx.facts.thisCands, int32(idx))
			case "import":
				lx.importAt = idx
			}
		}
	}
}

// exportFollower reports a token that can follow `export` in a statement.
func exportFollower(t *Token, val string) bool {
	switch t.Kind {
	case TokKeyword:
		switch val {
		case "default", "const", "var", "function", "class", "enum", "import":
			return true
		}
	case TokIdent:
		switch val {
		case "let", "async", "type", "interface", "declare", "abstract", "namespace", "module", "as", "using":
			return t.Flags&FlagEscaped == 0
		}
	case TokPunct:
		return t.Op == OpLBrace || t.Op == OpStar || t.Op == OpAt
	}
	return false
}

// prevWordIs reports whether the previous significant token spells w.
func (lx *lexer) prevWordIs(w string) bool {
	return lx.prevE-lx.prevS == len(w) && lx.s[lx.prevS:lx.prevE] == w
}

// lineTerminatorAt reports a line terminator starting at byte j.
func (lx *lexer) lineTerminatorAt(j int) bool {
	c := lx.src[j]
	if c == '\n' || c == '\r' {
		return true
	}
	// U+2028, U+2029: E2 80 A8 / E2 80 A9
	return c == 0xE2 && j+2 < lx.end && lx.src[j+1] == 0x80 && (lx.src[j+2] == 0xA8 || lx.src[j+2] == 0xA9)
}

func (lx *lexer) skipSpace() {
	for lx.i < lx.end {
		c := lx.src[lx.i]
		switch c {
		case ' ', '\t', '\v', '\f':
			lx.i++
			continue
		case '\n', '\r':
			lx.newline, lx.nlAny = true, true
			lx.i++
			continue
		}
		if c < utf8.RuneSelf {
			return
		}
		r, size := utf8.DecodeRune(lx.src[lx.i:lx.end])
		switch {
		case r == '\u2028' || r == '\u2029':
			lx.newline, lx.nlAny = true, true
		case r == '\u00a0' || r == '\ufeff' || r != utf8.RuneError && unicode.Is(unicode.Zs, r):
		default:
			return
		}
		lx.i += size
	}
}

// next lexes one token at lx.i (not white space).
func (lx *lexer) next() {
	start := lx.i
	c := lx.src[start]
	switch {
	case c == '/' && start+1 < lx.end && lx.src[start+1] == '/':
		j := start + 2
		for j < lx.end && !lx.lineTerminatorAt(j) {
			j++
		}
		lx.i = j
		lx.emit(Token{Kind: TokLineComment, Start: start, End: j})
		return
	case c == '/' && start+1 < lx.end && lx.src[start+1] == '*':
		j := start + 2
		flags := TokenFlags(0)
		hasNL := false
		for {
			if j+1 >= lx.end {
				j = lx.end
				flags = FlagUnterminated
				break
			}
			if lx.src[j] == '*' && lx.src[j+1] == '/' {
				j += 2
				break
			}
			if lx.lineTerminatorAt(j) {
				hasNL = true
			}
			j++
		}
		lx.i = j
		lx.emit(Token{Kind: TokBlockComment, Start: start, End: j, Flags: flags})
		if hasNL {
			lx.newline = true // counts as a line terminator for the next token
		}
		return
	case c == '/' && lx.regexAllowed():
		lx.regexp(start)
		return
	case c == '\'' || c == '"':
		lx.str(start, c)
		return
	case c == '`':
		lx.template(start+1, start, false, -1)
		return
	case c >= '0' && c <= '9' || c == '.' && start+1 < lx.end && isDigit(lx.src[start+1]):
		lx.number(start)
		return
	case c == '}' && len(lx.stack) > 0 && lx.stack[len(lx.stack)-1].kind == bBraceTemplate:
		head := lx.stack[len(lx.stack)-1].tok
		lx.stack = lx.stack[:len(lx.stack)-1]
		lx.template(start+1, start, true, head)
		return
	case c == '#':
		if start+1 < lx.end && (isIDStartByte(lx.src[start+1]) || lx.src[start+1] == '\\' || lx.src[start+1] >= utf8.RuneSelf) {
			end, val, flags, ok := lx.identName(start + 1)
			if ok {
				lx.i = end
				if flags&FlagEscaped != 0 {
					lx.keep(start, "#"+val)
				}
				lx.significant(Token{Kind: TokPrivateName, Start: start, End: end, Flags: flags}, "")
				return
			}
		}
		lx.i = start + 1
		lx.significant(Token{Kind: TokInvalid, Start: start, End: start + 1}, "")
		return
	case isIDStartByte(c) || c == '\\' || c >= utf8.RuneSelf:
		end, val, flags, ok := lx.identName(start)
		if ok {
			lx.i = end
			kind := TokIdent
			if flags&FlagEscaped == 0 && isReserved(val) {
				kind = TokKeyword
			}
			if flags&FlagEscaped != 0 {
				lx.keep(start, val)
			}
			lx.significant(Token{Kind: kind, Start: start, End: end, Flags: flags}, val)
			return
		}
		// not an identifier character: one invalid code point
		size := 1
		if c >= utf8.RuneSelf {
			_, size = utf8.DecodeRune(lx.src[start:lx.end])
		}
		lx.i = start + size
		lx.significant(Token{Kind: TokInvalid, Start: start, End: start + size}, "")
		return
	}
	op, n := lx.punct(start)
	if op == OpNone {
		lx.i = start + 1
		lx.significant(Token{Kind: TokInvalid, Start: start, End: start + 1}, "")
		return
	}
	lx.i = start + n
	lx.significant(Token{Kind: TokPunct, Op: op, Start: start, End: start + n}, "")
}

// punct reads the longest punctuator at i.
func (lx *lexer) punct(i int) (Op, int) {
	at := func(k int) byte {
		if i+k < lx.end {
			return lx.src[i+k]
		}
		return 0
	}
	switch lx.src[i] {
	case '{':
		return OpLBrace, 1
	case '}':
		return OpRBrace, 1
	case '(':
		return OpLParen, 1
	case ')':
		return OpRParen, 1
	case '[':
		return OpLBracket, 1
	case ']':
		return OpRBracket, 1
	case ';':
		return OpSemicolon, 1
	case ',':
		return OpComma, 1
	case ':':
		return OpColon, 1
	case '~':
		return OpTilde, 1
	case '@':
		return OpAt, 1
	case '.':
		if at(1) == '.' && at(2) == '.' {
			return OpEllipsis, 3
		}
		return OpDot, 1
	case '<':
		if at(1) == '<' {
			if at(2) == '=' {
				return OpShlAssign, 3
			}
			return OpShl, 2
		}
		if at(1) == '=' {
			return OpLessEq, 2
		}
		return OpLess, 1
	case '>':
		if at(1) == '>' {
			if at(2) == '>' {
				if at(3) == '=' {
					return OpUShrAssign, 4
				}
				return OpUShr, 3
			}
			if at(2) == '=' {
				return OpShrAssign, 3
			}
			return OpShr, 2
		}
		if at(1) == '=' {
			return OpGreaterEq, 2
		}
		return OpGreater, 1
	case '=':
		if at(1) == '=' {
			if at(2) == '=' {
				return OpStrictEq, 3
			}
			return OpEq, 2
		}
		if at(1) == '>' {
			return OpArrow, 2
		}
		return OpAssign, 1
	case '!':
		if at(1) == '=' {
			if at(2) == '=' {
				return OpStrictNotEq, 3
			}
			return OpNotEq, 2
		}
		return OpBang, 1
	case '+':
		if at(1) == '+' {
			return OpPlusPlus, 2
		}
		if at(1) == '=' {
			return OpPlusAssign, 2
		}
		return OpPlus, 1
	case '-':
		if at(1) == '-' {
			return OpMinusMinus, 2
		}
		if at(1) == '=' {
			return OpMinusAssign, 2
		}
		return OpMinus, 1
	case '*':
		if at(1) == '*' {
			if at(2) == '=' {
				return OpStarStarAssign, 3
			}
			return OpStarStar, 2
		}
		if at(1) == '=' {
			return OpStarAssign, 2
		}
		return OpStar, 1
	case '/':
		if at(1) == '=' {
			return OpSlashAssign, 2
		}
		return OpSlash, 1
	case '%':
		if at(1) == '=' {
			return OpPercentAssign, 2
		}
		return OpPercent, 1
	case '&':
		if at(1) == '&' {
			if at(2) == '=' {
				return OpAmpAmpAssign, 3
			}
			return OpAmpAmp, 2
		}
		if at(1) == '=' {
			return OpAmpAssign, 2
		}
		return OpAmp, 1
	case '|':
		if at(1) == '|' {
			if at(2) == '=' {
				return OpBarBarAssign, 3
			}
			return OpBarBar, 2
		}
		if at(1) == '=' {
			return OpBarAssign, 2
		}
		return OpBar, 1
	case '^':
		if at(1) == '=' {
			return OpCaretAssign, 2
		}
		return OpCaret, 1
	case '?':
		if at(1) == '?' {
			if at(2) == '=' {
				return OpQuestionQuestionAssign, 3
			}
			return OpQuestionQuestion, 2
		}
		if at(1) == '.' && !isDigit(at(2)) {
			return OpQuestionDot, 2
		}
		return OpQuestion, 1
	}
	return OpNone, 0
}

// ---------------------------------------------------------------------------
// context

// regexAllowed decides whether a '/' here starts a regular expression.
func (lx *lexer) regexAllowed() bool {
	switch lx.ctx {
	case cValue:
		return false
	}
	return true
}

func (lx *lexer) top() *lexBracket {
	if len(lx.stack) == 0 {
		return nil
	}
	return &lx.stack[len(lx.stack)-1]
}

// pendingQ is the count of open conditionals at the current level.
func (lx *lexer) pendingQ() *int32 {
	if b := lx.top(); b != nil {
		return &b.q
	}
	return &lx.baseQ
}

// effectiveCtx is the context the current token sees: a line break after
// a value or after return/yield/break/continue lets a statement start
// (automatic semicolon insertion), for the tokens where that matters.
func (lx *lexer) effectiveCtx() lexCtx {
	switch lx.ctx {
	case cReturn:
		if lx.newline {
			return cStmt
		}
		return cExpr
	case cValue:
		if lx.newline {
			return cStmt
		}
	}
	return lx.ctx
}

// significant appends a non-comment token and updates the context; val is
// an identifier's or keyword's name.
func (lx *lexer) significant(t Token, val string) {
	nl := lx.newline
	eff := lx.effectiveCtx()
	next := cValue
	depth := len(lx.stack)
	lx.note(&t, val, lx.n)
	// a TypeScript declaration head survives only identifiers, strings and
	// the punctuation of qualified names and type parameters
	if lx.declHead >= 0 {
		keep := t.Kind == TokIdent || t.Kind == TokString || t.Kind == TokKeyword && val == "extends"
		if t.Kind == TokPunct {
			switch t.Op {
			case OpDot, OpLess, OpGreater, OpComma, OpLBracket, OpRBracket, OpBar, OpAmp, OpLBrace:
				keep = true
			}
		}
		if !keep || depth < lx.declHead {
			lx.declHead = -1
		}
	}
	if lx.body.depth >= 0 && depth < lx.body.depth {
		lx.body.depth = -1
	}
	switch t.Kind {
	case TokIdent, TokKeyword:
		next = lx.wordCtx(&t, val, eff, nl, depth)
	case TokPunct:
		next = lx.punctCtx(&t, eff, nl)
	case TokTemplateHead, TokTemplateMiddle:
		next = cExpr
	}
	// the first token after a function's ')' tells whether a return type follows
	if lx.body.depth >= 0 && lx.prevKind == TokPunct && lx.prevOp == OpRParen && !lx.retColon {
		lx.retColon = t.Kind == TokPunct && t.Op == OpColon
	}
	lx.prevDot = lx.prevKind == TokPunct && (lx.prevOp == OpDot || lx.prevOp == OpQuestionDot)
	lx.ctxBefore = lx.ctx
	lx.ctx = next
	lx.prevKind = t.Kind
	lx.prevOp = t.Op
	lx.prevS, lx.prevE = t.Start, t.End
	lx.prevNL = nl
	if nl {
		t.Flags |= FlagNewlineBefore
	}
	lx.newline, lx.nlAny = false, false
	lx.push(t)
}

func (lx *lexer) afterDot() bool {
	return lx.prevKind == TokPunct && (lx.prevOp == OpDot || lx.prevOp == OpQuestionDot)
}

func (lx *lexer) wordCtx(t *Token, val string, eff lexCtx, nl bool, depth int) lexCtx {
	if lx.afterDot() {
		return cValue // a property name
	}
	if t.Flags&FlagEscaped != 0 {
		return cValue
	}
	if t.Kind == TokIdent {
		switch val {
		case "of", "await":
			return cExpr
		case "yield":
			return cReturn
		case "interface", "namespace", "module":
			if lx.lang == LangTS && eff == cStmt {
				lx.declHead = depth
			}
		}
		return cValue
	}
	switch val {
	case "this", "super", "null", "true", "false", "debugger", "import":
		return cValue
	case "return", "break", "continue":
		return cReturn
	case "do", "else", "try", "finally", "export":
		return cStmt
	case "default":
		return cDefault
	case "enum":
		lx.declHead = depth
		return cExpr
	case "function":
		before := eff
		// async function: what precedes `async`
		if lx.prevKind == TokIdent && lx.prevWordIs("async") && !nl && !lx.prevDot {
			before = lx.ctxBefore
			if before == cReturn {
				before = cExpr
				if lx.prevNL {
					before = cStmt
				}
			} else if before == cValue && lx.prevNL {
				before = cStmt
			}
		}
		lx.fn = pending{expr: before == cExpr, depth: depth}
		return cExpr
	case "class":
		lx.class = pending{expr: eff == cExpr, depth: depth}
		return cExpr
	}
	return cExpr
}

func (lx *lexer) punctCtx(t *Token, eff lexCtx, nl bool) lexCtx {
	switch t.Op {
	case OpLParen:
		kind := bParenOther
		if lx.prevKind == TokKeyword && !lx.prevDot {
			switch lx.s[lx.prevS:lx.prevE] {
			case "if", "while", "for", "with", "switch", "catch":
				kind = bParenControl
			}
		} else if lx.prevKind == TokIdent && lx.prevWordIs("await") && !lx.prevDot && lx.n > 0 {
			// for await (
			if p := lx.prevSignificant(1); p != nil && p.Kind == TokKeyword && lx.s[p.Start:p.End] == "for" {
				kind = bParenControl
			}
		}
		if lx.fn.depth == len(lx.stack) {
			kind = bParenFuncDecl
			if lx.fn.expr {
				kind = bParenFuncExpr
			}
			lx.fn.depth = -1
		}
		lx.stack = append(lx.stack, lexBracket{kind: kind, tok: int32(lx.n)})
		return cExpr
	case OpRParen:
		kind := bParenOther
		if b := lx.top(); b != nil && b.kind <= bParenFuncExpr {
			kind = b.kind
			lx.pair(b.tok, lx.n)
			lx.stack = lx.stack[:len(lx.stack)-1]
		} else if b != nil && b.kind != bBraceTemplate {
			lx.stack = lx.stack[:len(lx.stack)-1] // mismatched: keep the stack moving
		}
		switch kind {
		case bParenControl:
			return cStmt
		case bParenFuncDecl, bParenFuncExpr:
			lx.body = pending{expr: kind == bParenFuncExpr, depth: len(lx.stack)}
			lx.retColon = false
		}
		return cValue
	case OpLBracket:
		lx.stack = append(lx.stack, lexBracket{kind: bBracket, tok: int32(lx.n)})
		return cExpr
	case OpRBracket:
		if b := lx.top(); b != nil && b.kind != bBraceTemplate {
			if b.kind == bBracket {
				lx.pair(b.tok, lx.n)
			}
			lx.stack = lx.stack[:len(lx.stack)-1]
		}
		return cValue
	case OpLBrace:
		kind := lx.braceKind(eff)
		lx.stack = append(lx.stack, lexBracket{kind: kind, tok: int32(lx.n)})
		if kind == bBraceBlock {
			return cStmt
		}
		return cExpr
	case OpRBrace:
		kind := bBraceBlock
		if b := lx.top(); b != nil {
			kind = b.kind
			if kind == bBraceBlock || kind == bBraceExpr {
				lx.pair(b.tok, lx.n)
			}
			lx.stack = lx.stack[:len(lx.stack)-1]
		}
		if kind == bBraceExpr {
			return cValue
		}
		return cStmt
	case OpSemicolon:
		lx.fn.depth, lx.class.depth, lx.body.depth = -1, -1, -1
		return cStmt
	case OpQuestion:
		*lx.pendingQ()++
		return cExpr
	case OpColon:
		b := lx.top()
		if q := lx.pendingQ(); *q > 0 {
			*q--
			return cExpr
		}
		if b == nil || b.kind == bBraceBlock {
			return cStmt // a label, case or default
		}
		return cExpr
	case OpPlusPlus, OpMinusMinus, OpBang:
		if lx.ctx == cValue && !nl {
			return cValue // postfix, or TypeScript's non-null assertion
		}
		return cExpr
	}
	return cExpr
}

// braceKind classifies a '{' about to be pushed.
func (lx *lexer) braceKind(eff lexCtx) uint8 {
	depth := len(lx.stack)
	if lx.body.depth == depth {
		if lx.retColon && lx.prevKind == TokPunct && lx.prevOp == OpColon {
			return bBraceExpr // an object type as the return type
		}
		lx.body.depth = -1
		if lx.body.expr {
			return bBraceExpr
		}
		return bBraceBlock
	}
	if lx.class.depth == depth {
		lx.class.depth = -1
		if lx.class.expr {
			return bBraceExpr
		}
		return bBraceBlock
	}
	if lx.declHead == depth {
		lx.declHead = -1
		return bBraceBlock
	}
	if lx.prevKind == TokPunct && lx.prevOp == OpArrow {
		return bBraceBlock
	}
	switch eff {
	case cStmt:
		return bBraceBlock
	case cValue:
		// a method body after ')', a class or TypeScript declaration head
		// after a name
		if lx.prevKind == TokPunct && lx.prevOp != OpRParen {
			return bBraceExpr
		}
		return bBraceBlock
	}
	return bBraceExpr
}

// prevSignificant returns the n-th significant token before the current
// end (0: the last one).
func (lx *lexer) prevSignificant(n int) *Token {
	for k := lx.n - 1; k >= 0; k-- {
		if lx.toks[k].IsComment() {
			continue
		}
		if n == 0 {
			return &lx.toks[k]
		}
		n--
	}
	return nil
}

// ---------------------------------------------------------------------------
// literals

func (lx *lexer) regexp(start int) {
	j := start + 1
	inClass := false
	flags := TokenFlags(0)
	for {
		if j >= lx.end || lx.lineTerminatorAt(j) {
			flags = FlagUnterminated
			break
		}
		c := lx.src[j]
		if c == '\\' {
			j++
			if j < lx.end && !lx.lineTerminatorAt(j) {
				j += runeLen(lx.src, j, lx.end)
			}
			continue
		}
		j++
		if c == '[' {
			inClass = true
		} else if c == ']' {
			inClass = false
		} else if c == '/' && !inClass {
			// flags
			for j < lx.end {
				if isIDContinueByte(lx.src[j]) {
					j++
					continue
				}
				if lx.src[j] >= utf8.RuneSelf {
					r, size := utf8.DecodeRune(lx.src[j:lx.end])
					if isIDContinue(r) {
						j += size
						continue
					}
				}
				break
			}
			break
		}
	}
	lx.i = j
	lx.significant(Token{Kind: TokRegExp, Start: start, End: j, Flags: flags}, "")
}

func (lx *lexer) str(start int, quote byte) {
	j := start + 1
	flags := TokenFlags(0)
	escaped := false
	for {
		if j >= lx.end {
			flags |= FlagUnterminated
			break
		}
		c := lx.src[j]
		if c == quote {
			j++
			break
		}
		if c == '\n' || c == '\r' {
			flags |= FlagUnterminated
			break
		}
		if c == '\\' {
			escaped = true
			j++
			if j < lx.end {
				if lx.src[j] == '\r' && j+1 < lx.end && lx.src[j+1] == '\n' {
					j += 2
				} else {
					j += runeLen(lx.src, j, lx.end)
				}
			}
			continue
		}
		j++
	}
	bodyEnd := j
	if flags&FlagUnterminated == 0 {
		bodyEnd = j - 1
	}
	t := Token{Kind: TokString, Start: start, End: j}
	if escaped {
		v, f := decodeString(lx.s[start+1:bodyEnd], false)
		lx.keep(start, v)
		flags |= f | FlagEscaped
	}
	t.Flags = flags
	lx.i = j
	lx.significant(t, "")
}

// template lexes template text from i (after '`' or the '}' ending a
// substitution) to the closing '`' or the next "${".
func (lx *lexer) template(i, start int, middle bool, head int32) {
	j := i
	escaped := false
	cr := false
	flags := TokenFlags(0)
	kind := TokTemplate
	textEnd := j
	for {
		if j >= lx.end {
			flags |= FlagUnterminated
			textEnd = j
			if middle {
				kind = TokTemplateTail
			}
			break
		}
		c := lx.src[j]
		if c == '`' {
			textEnd = j
			j++
			if middle {
				kind = TokTemplateTail
			}
			break
		}
		if c == '$' && j+1 < lx.end && lx.src[j+1] == '{' {
			textEnd = j
			j += 2
			kind = TokTemplateHead
			if middle {
				kind = TokTemplateMiddle
			}
			break
		}
		if c == '\\' {
			escaped = true
			j++
			if j < lx.end {
				if lx.src[j] == '\r' && j+1 < lx.end && lx.src[j+1] == '\n' {
					j += 2
				} else {
					j += runeLen(lx.src, j, lx.end)
				}
			}
			continue
		}
		if c == '\r' {
			cr = true
		}
		j++
	}
	t := Token{Kind: kind, Start: start, End: j}
	raw := lx.s[i:textEnd]
	if escaped || cr {
		v, f := decodeString(raw, true)
		lx.keep(start, v)
		flags |= f
		if escaped {
			flags |= FlagEscaped
		}
	}
	t.Flags = flags
	lx.i = j
	if kind == TokTemplateHead {
		head = int32(lx.n)
	}
	if kind == TokTemplateHead || kind == TokTemplateMiddle {
		lx.stack = append(lx.stack, lexBracket{kind: bBraceTemplate, tok: head})
	} else if kind == TokTemplateTail && head >= 0 {
		lx.pair(head, lx.n)
	}
	lx.significant(t, "")
}

func (lx *lexer) number(start int) {
	src := lx.src
	j := start
	flags := TokenFlags(0)
	digits := func(ok func(byte) bool) (n int) {
		prevSep := true // no leading separator
		for j < lx.end {
			c := src[j]
			if c == '_' {
				if prevSep {
					flags |= FlagInvalid
				}
				prevSep = true
				j++
				continue
			}
			if !ok(c) {
				break
			}
			prevSep = false
			n++
			j++
		}
		if prevSep && n > 0 {
			flags |= FlagInvalid // trailing separator
		}
		return n
	}
	bigint := func() {
		if j < lx.end && src[j] == 'n' {
			j++
		}
	}
	if src[j] == '0' && j+1 < lx.end && (src[j+1]|0x20 == 'x' || src[j+1]|0x20 == 'o' || src[j+1]|0x20 == 'b') {
		var ok func(byte) bool
		switch src[j+1] | 0x20 {
		case 'x':
			ok = isHex
		case 'o':
			ok = func(c byte) bool { return c >= '0' && c <= '7' }
		default:
			ok = func(c byte) bool { return c == '0' || c == '1' }
		}
		j += 2
		if digits(ok) == 0 {
			flags |= FlagInvalid
		}
		bigint()
	} else if src[j] == '0' && j+1 < lx.end && isDigit(src[j+1]) {
		// legacy octal (010) or a decimal with a leading zero (089). As in
		// esbuild, a fraction or exponent follows only when the digit after
		// the 0 is 8 or 9 (08.5); 008.x is the number 008 and a member.
		decimal := src[j+1] >= '8'
		for j++; j < lx.end && isDigit(src[j]); j++ {
		}
		flags |= FlagLegacyOctal
		if decimal {
			lx.fraction(&j, &flags, digits)
		}
		if j < lx.end && (src[j] == '_' || src[j] == 'n') {
			flags |= FlagInvalid
			j++
		}
	} else {
		isInt := true
		if src[j] != '.' {
			digits(isDigit)
		}
		if j < lx.end && src[j] == '.' || j < lx.end && src[j]|0x20 == 'e' {
			isInt = false
		}
		lx.fraction(&j, &flags, digits)
		if isInt {
			bigint()
		}
	}
	// the character after a number may not start an identifier or be a digit
	if j < lx.end {
		c := src[j]
		if isIDStartByte(c) || isDigit(c) || c == '\\' {
			flags |= FlagInvalid
		} else if c >= utf8.RuneSelf {
			if r, _ := utf8.DecodeRune(src[j:lx.end]); isIDStart(r) {
				flags |= FlagInvalid
			}
		}
	}
	lx.i = j
	lx.significant(Token{Kind: TokNumber, Start: start, End: j, Flags: flags}, "")
}

// fraction reads an optional ".digits" and exponent after the integer part.
func (lx *lexer) fraction(j *int, flags *TokenFlags, digits func(func(byte) bool) int) {
	src := lx.src
	if *j < lx.end && src[*j] == '.' {
		*j++
		if *j < lx.end && src[*j] == '_' {
			*flags |= FlagInvalid
		}
		digits(isDigit)
	}
	if *j < lx.end && src[*j]|0x20 == 'e' {
		k := *j + 1
		if k < lx.end && (src[k] == '+' || src[k] == '-') {
			k++
		}
		if k < lx.end && isDigit(src[k]) {
			*j = k
			digits(isDigit)
		} else {
			*flags |= FlagInvalid
			*j = k
		}
	}
}

// identName reads an identifier name at i: ok is false when the first
// character cannot start one.
func (lx *lexer) identName(i int) (end int, value string, flags TokenFlags, ok bool) {
	src := lx.src
	j := i
	// ASCII fast path
	if isIDStartByte(src[j]) {
		j++
		for j < lx.end && isIDContinueByte(src[j]) {
			j++
		}
		if j >= lx.end || src[j] != '\\' && src[j] < utf8.RuneSelf {
			return j, lx.s[i:j], 0, true
		}
	}
	// general path: Unicode and escapes
	var b []byte
	escaped := false
	first := j == i
	for j < lx.end {
		c := src[j]
		var r rune
		size := 1
		fromEscape := false
		if c == '\\' {
			if j+1 >= lx.end || src[j+1] != 'u' {
				if first {
					return i, "", 0, false
				}
				break
			}
			rr, n, good := readUnicodeEscape(src[j+2 : lx.end])
			if !good {
				flags |= FlagInvalid
				size = 2 + n
				r = utf8.RuneError
			} else {
				r = rr
				size = 2 + n
			}
			fromEscape = true
			if !escaped {
				escaped = true
				b = append(b, src[i:j]...)
			}
		} else if c < utf8.RuneSelf {
			r = rune(c)
		} else {
			r, size = utf8.DecodeRune(src[j:lx.end])
		}
		valid := r != utf8.RuneError || fromEscape
		if first {
			valid = valid && isIDStart(r)
		} else {
			valid = valid && isIDContinue(r)
		}
		if !valid {
			if !fromEscape {
				if first {
					return i, "", 0, false
				}
				break
			}
			flags |= FlagInvalid
		}
		if escaped {
			if fromEscape {
				b = utf8.AppendRune(b, r)
			} else {
				b = append(b, src[j:j+size]...)
			}
		}
		j += size
		first = false
	}
	if escaped {
		return j, string(b), flags | FlagEscaped, true
	}
	return j, lx.s[i:j], flags, true
}

// readUnicodeEscape reads XXXX or {X…} after "\u": the code point, the
// bytes read, and whether it is well formed.
func readUnicodeEscape(s []byte) (rune, int, bool) {
	if len(s) > 0 && s[0] == '{' {
		var v rune
		k := 1
		for k < len(s) && isHex(s[k]) {
			v = v*16 + rune(hexVal(s[k]))
			if v > 0x10FFFF {
				v = 0x110000 // keep bounded; invalid below
			}
			k++
		}
		if k == 1 || k >= len(s) || s[k] != '}' {
			return 0, k, false
		}
		return v, k + 1, v <= 0x10FFFF
	}
	if len(s) < 4 {
		n := 0
		for n < len(s) && isHex(s[n]) {
			n++
		}
		return 0, n, false
	}
	var v rune
	for k := 0; k < 4; k++ {
		if !isHex(s[k]) {
			return 0, k, false
		}
		v = v*16 + rune(hexVal(s[k]))
	}
	return v, 4, true
}

// decodeString decodes the escapes of a string body (template: cooked
// template text, where legacy octal escapes are malformed and CR/CRLF
// become LF).
func decodeString(s string, template bool) (string, TokenFlags) {
	var b strings.Builder
	b.Grow(len(s))
	var flags TokenFlags
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\r' && template {
			b.WriteByte('\n')
			if i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
			continue
		}
		if c != '\\' {
			b.WriteByte(c)
			continue
		}
		i++
		if i >= len(s) {
			flags |= FlagInvalid
			break
		}
		switch e := s[i]; e {
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case 'r':
			b.WriteByte('\r')
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'v':
			b.WriteByte('\v')
		case '\r':
			if i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
		case '\n':
		case 'x':
			if i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
				b.WriteRune(rune(hexVal(s[i+1])<<4 | hexVal(s[i+2])))
				i += 2
			} else {
				flags |= FlagInvalid
			}
		case 'u':
			r, n, ok := readUnicodeEscape([]byte(s[i+1:]))
			if !ok {
				flags |= FlagInvalid
				i += n
				continue
			}
			i += n
			// a surrogate pair spelled as two escapes
			if r >= 0xD800 && r <= 0xDBFF && i+2 < len(s) && s[i+1] == '\\' && s[i+2] == 'u' {
				if lo, n2, ok2 := readUnicodeEscape([]byte(s[i+3:])); ok2 && lo >= 0xDC00 && lo <= 0xDFFF {
					r = (r-0xD800)<<10 + (lo - 0xDC00) + 0x10000
					i += 2 + n2
				}
			}
			b.WriteRune(r)
		case '0', '1', '2', '3', '4', '5', '6', '7':
			if e == '0' && (i+1 >= len(s) || !isDigit(s[i+1])) {
				b.WriteByte(0)
				continue
			}
			if template {
				flags |= FlagInvalid
				continue
			}
			// legacy octal: up to three digits, at most \377
			v := int(e - '0')
			max := 2
			if e >= '4' {
				max = 1
			}
			for k := 0; k < max && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '7'; k++ {
				i++
				v = v*8 + int(s[i]-'0')
			}
			b.WriteRune(rune(v))
			flags |= FlagLegacyOctal
		case '8', '9':
			if template {
				flags |= FlagInvalid
				continue
			}
			b.WriteByte(e)
		default:
			if e >= utf8.RuneSelf {
				r, size := utf8.DecodeRuneInString(s[i:])
				if r == '\u2028' || r == '\u2029' {
					i += size - 1
					continue // line continuation
				}
				b.WriteString(s[i : i+size])
				i += size - 1
				continue
			}
			b.WriteByte(e)
		}
	}
	return b.String(), flags
}

// ---------------------------------------------------------------------------
// characters

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isHex(c byte) bool { return c >= '0' && c <= '9' || c|0x20 >= 'a' && c|0x20 <= 'f' }

func hexVal(c byte) int32 {
	if c <= '9' {
		return int32(c - '0')
	}
	return int32(c|0x20-'a') + 10
}

func isIDStartByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == '$'
}

func isIDContinueByte(c byte) bool {
	return isIDStartByte(c) || c >= '0' && c <= '9'
}

// isIDStart is ID_Start (L, Nl, Other_ID_Start, minus Pattern_Syntax and
// Pattern_White_Space), '$' or '_'.
func isIDStart(r rune) bool {
	if r < utf8.RuneSelf {
		return isIDStartByte(byte(r))
	}
	if unicode.In(r, unicode.L, unicode.Nl, unicode.Other_ID_Start) {
		return !unicode.In(r, unicode.Pattern_Syntax, unicode.Pattern_White_Space)
	}
	return false
}

// isIDContinue is ID_Continue (ID_Start, Mn, Mc, Nd, Pc,
// Other_ID_Continue), '$', ZWNJ or ZWJ.
func isIDContinue(r rune) bool {
	if r < utf8.RuneSelf {
		return isIDContinueByte(byte(r))
	}
	if r == '\u200c' || r == '\u200d' {
		return true
	}
	if unicode.In(r, unicode.L, unicode.Nl, unicode.Other_ID_Start, unicode.Mn, unicode.Mc, unicode.Nd, unicode.Pc, unicode.Other_ID_Continue) {
		return !unicode.In(r, unicode.Pattern_Syntax, unicode.Pattern_White_Space)
	}
	return false
}

func runeLen(src []byte, j, end int) int {
	if src[j] < utf8.RuneSelf {
		return 1
	}
	_, size := utf8.DecodeRune(src[j:end])
	return size
}

// isReserved reports the reserved words lexed as TokKeyword.
func isReserved(s string) bool {
	if len(s) < 2 || len(s) > 10 {
		return false
	}
	switch s {
	case "break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete", "do",
		"else", "enum", "export", "extends", "false", "finally", "for", "function", "if", "import", "in",
		"instanceof", "new", "null", "return", "super", "switch", "this", "throw", "true", "try", "typeof",
		"var", "void", "while", "with":
		return true
	}
	return false
}
