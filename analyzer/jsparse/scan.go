package jsparse

import (
	"fmt"
	"sort"
	"strings"
	"unsafe"
)

// The structural scanner: Parse reads the tokens of Lex with a recursive
// descent parser that follows esbuild's grammar decisions (its parse pass,
// not its AST). Top-level statements and expressions are parsed in full;
// the insides of function and class bodies are skipped by bracket
// matching on tokens, except when they hold a token that can change the
// module format: an unbound `module`/`exports` reference must be told from
// a local of the same name, and a top-level arrow function's `this` is the
// module's. Such a body is parsed like the top level, with scopes.
//
// Broken input. On a token the grammar does not allow, the scanner records
// an error range from that token to where it resumes, and resumes at the
// next line that starts (at column 0) with a token that can start a
// top-level statement. A function body left open runs to that point (or to
// the end of the file): a handler being typed keeps its Params and Body,
// which is what completion inside it needs. Everything before the broken
// statement is found as usual; HasErrors is set and ErrorRanges says where.

// maxErrorRanges bounds File.ErrorRanges.
const maxErrorRanges = 8

var noRange = Range{-1, -1}

// Parse reads src and returns its exports, top-level declarations, module
// format and syntax-error locations (see the package documentation). It
// never panics and never returns nil. Safe for concurrent use.
func Parse(src []byte, lang Lang) *File {
	f, _ := scan(src, lang)
	return f
}

// scan is Parse, also returning the facts behind the format.
func scan(src []byte, lang Lang) (f *File, facts scanFacts) {
	f = &File{Lang: lang}
	if NestingDepth(src) > MaxNestingDepth {
		// Too deep to read safely (see MaxNestingDepth): an empty, broken file.
		f.HasErrors = true
		f.ErrorRanges = []Range{{0, len(src)}}
		return f, facts
	}
	// The tokens live only while the file is parsed (the File keeps copies
	// of the names it needs), so their arrays are reused, and the values
	// are substrings of src itself rather than of a copy: nothing that
	// outlives this call points into src.
	buf := lexBufferPool.Get().(*lexBuffers)
	lx := newLexerIn(src, unsafe.String(unsafe.SliceData(src), len(src)), lang, 0, len(src), buf)
	facts = parseTokens(lx.run(), lang, f)
	lexBufferPool.Put(lx.buffers())
	return f, facts
}

// parseTokens fills f from ts, the tokens of a whole file lexed with the
// scanner's index (scan's pooled ones, or lexShared's), and
// returns the facts behind the format. The caller has refused files
// nested deeper than MaxNestingDepth; a panic (an internal error) marks
// the whole file broken.
func parseTokens(ts *Tokens, lang Lang, f *File) (facts scanFacts) {
	defer func() {
		if r := recover(); r != nil {
			f.HasErrors = true
			f.ErrorRanges = append(f.ErrorRanges, Range{0, len(ts.Src)})
			f.internalError = fmt.Sprint(r)
		}
	}()
	p := newParser(ts, lang, f)
	p.parseProgram()
	p.x.finish()
	return p.x.facts()
}

// scanFacts are what the scanner saw that decides the module format, for
// Check to combine with esbuild's own verdict.
type scanFacts struct {
	esm        bool // export statement, import.meta or top-level await
	importStmt bool // an import statement (not TypeScript's import x = …)
	cjs        bool // unbound module/exports, top-level this or return
	directEval bool // eval(…): esbuild's bundler then assumes CommonJS
}

// ---------------------------------------------------------------------------
// parser

type parseError struct{ tok int }

type parser struct {
	ts    *Tokens
	src   []byte
	toks  []Token
	match []int32 // index of the matching closer for ( [ { and a template head; -1 when unmatched
	lang  Lang
	isTS  bool
	x     *extractor

	i       int // current significant token
	prevEnd int // end of the previous significant token
	gtSplit int // '>' characters already taken from the current token (TypeScript type arguments)

	depth     int  // nesting of expressions and statements being parsed (see maxDepth)
	fnDepth   int  // >0 inside a function or class body: await and return are not the module's
	thisDepth int  // >0 inside a non-arrow function or a class body: this is not the module's
	allowIn   bool // the 'in' operator is allowed (false in for-loop heads)

	scopes []scope

	// sorted token indices of tokens that make a skipped body worth parsing
	modCands  []int32 // module / exports (not a property name)
	thisCands []int32 // this (not a property name)

	stmtCands []int32 // export/import statements starting a line: never inside a function body
	badToks   []int32 // malformed tokens

	nsTypeOnly   *bool // inside a TypeScript namespace body: cleared by a value statement
	nsDeclare    bool  // the namespace holds `export declare`
	declareDepth int   // >0 under TypeScript's declare: nothing has a runtime value
}

func newParser(ts *Tokens, lang Lang, f *File) *parser {
	p := &parser{ts: ts, src: ts.Src, toks: ts.List, lang: lang, isTS: lang == LangTS, allowIn: true}
	p.x = newExtractor(p, f)
	fx := &ts.facts
	p.match, p.modCands, p.thisCands, p.stmtCands, p.badToks = fx.match, fx.modCands, fx.thisCands, fx.stmtCands, fx.badToks
	p.x.importMeta, p.x.directEval = fx.importMeta, fx.directEval
	p.i = -1
	p.advanceFrom(0)
	return p
}

// nextSig returns the index of the first significant token after i.
func (p *parser) nextSig(i int) int {
	for i++; i < len(p.toks)-1; i++ {
		if k := p.toks[i].Kind; k != TokLineComment && k != TokBlockComment && k != TokHashbang {
			return i
		}
	}
	return len(p.toks) - 1
}

// advanceFrom moves to the first significant token at or after i.
func (p *parser) advanceFrom(i int) {
	for i < len(p.toks)-1 {
		if k := p.toks[i].Kind; k != TokLineComment && k != TokBlockComment && k != TokHashbang {
			break
		}
		i++
	}
	p.i = i
}

func (p *parser) tok() *Token { return &p.toks[p.i] }

// val is a token's value (see Tokens.Value).
func (p *parser) val(t *Token) string { return p.ts.Value(*t) }

// tw reports whether t spells word (see Tokens.IsWord).
func (p *parser) tw(t *Token, word string) bool { return p.ts.IsWord(*t, word) }

// next consumes the current token.
func (p *parser) next() {
	t := &p.toks[p.i]
	if t.Flags&(FlagInvalid|FlagUnterminated) != 0 && (t.Flags&FlagUnterminated != 0 || t.Kind != TokTemplate && t.Kind != TokTemplateHead && t.Kind != TokTemplateMiddle && t.Kind != TokTemplateTail) {
		p.fail() // malformed: esbuild rejects it (a template's bad escape is allowed when tagged)
	}
	p.prevEnd = t.End
	p.gtSplit = 0
	if t.Kind == TokEOF {
		return
	}
	p.advanceFrom(p.i + 1)
}

// seek moves to token index i (significant), for backtracking.
func (p *parser) seek(i, prevEnd int) {
	p.i = i
	p.prevEnd = prevEnd
	p.gtSplit = 0
}

func (p *parser) peek() *Token { return &p.toks[p.nextSig(p.i)] }

func (p *parser) fail() {
	panic(parseError{p.i})
}

func (p *parser) op() Op {
	t := &p.toks[p.i]
	if t.Kind != TokPunct {
		return OpNone
	}
	if p.gtSplit > 0 {
		return splitGreater(t.Op, p.gtSplit)
	}
	return t.Op
}

func (p *parser) isOp(op Op) bool { return p.op() == op }

func (p *parser) eat(op Op) bool {
	if p.isOp(op) {
		p.next()
		return true
	}
	return false
}

func (p *parser) expect(op Op) {
	if !p.isOp(op) {
		p.fail()
	}
	p.next()
}

// isWord reports an identifier or keyword spelling w without escapes.
func (p *parser) isWord(w string) bool { return p.tw(&p.toks[p.i], w) }

func (p *parser) isKeyword(w string) bool {
	t := &p.toks[p.i]
	return t.Kind == TokKeyword && p.val(t) == w
}

// isIdent reports a binding identifier (contextual keywords included).
func (p *parser) isIdent() bool { return p.toks[p.i].Kind == TokIdent }

// isIdentName reports any identifier name (reserved words included).
func (p *parser) isIdentName() bool {
	k := p.toks[p.i].Kind
	return k == TokIdent || k == TokKeyword
}

func (p *parser) newlineBefore() bool { return p.toks[p.i].NewlineBefore() }

// semicolon consumes ';' or accepts an automatic one.
func (p *parser) semicolon() {
	if p.isOp(OpSemicolon) {
		p.next()
		return
	}
	if p.isOp(OpRBrace) || p.tok().Kind == TokEOF || p.newlineBefore() {
		return
	}
	p.fail()
}

// splitGreater is the operator left of a '>'-family token after n of its
// leading '>' are taken.
func splitGreater(op Op, n int) Op {
	text := op.String()
	if n >= len(text) {
		return OpNone
	}
	switch text[n:] {
	case ">":
		return OpGreater
	case ">>":
		return OpShr
	case ">=":
		return OpGreaterEq
	case ">>=":
		return OpShrAssign
	case "=":
		return OpAssign
	}
	return OpNone
}

// expectGreater consumes one '>' (splitting '>>', '>=', … as TypeScript does).
func (p *parser) expectGreater() {
	switch p.op() {
	case OpGreater:
		p.next()
	case OpShr, OpUShr, OpGreaterEq, OpShrAssign, OpUShrAssign:
		p.gtSplit++
	default:
		p.fail()
	}
}

// try runs f and reports whether it parsed; on failure the position is
// restored (TypeScript's backtracking).
func (p *parser) try(f func()) (ok bool) {
	i, pe, gt, depth := p.i, p.prevEnd, p.gtSplit, p.depth
	ns := len(p.scopes)
	x := p.x.mark()
	defer func() {
		if r := recover(); r != nil {
			if _, isParse := r.(parseError); !isParse {
				panic(r)
			}
			p.i, p.prevEnd, p.gtSplit, p.depth = i, pe, gt, depth
			p.scopes = p.scopes[:ns]
			p.x.reset(x)
			ok = false
		}
	}()
	f()
	return true
}

// hasCand reports a candidate token strictly between token indices a and b.
func hasCand(c []int32, a, b int) bool {
	k := sort.Search(len(c), func(j int) bool { return int(c[j]) > a })
	return k < len(c) && int(c[k]) < b
}

// ---------------------------------------------------------------------------
// scopes (only `module` and `exports` are tracked: bit 1 and bit 2)

type scope struct {
	fn      bool  // a function scope (the target of var)
	module  bool  // the module scope
	lexDecl uint8 // declared by let/const/class/function/import/params
	varDecl uint8 // declared by var
	refs    uint8 // referenced here or in an inner scope, unresolved
}

func nameBit(name string) uint8 {
	switch name {
	case "module":
		return 1
	case "exports":
		return 2
	}
	return 0
}

func (p *parser) pushScope(fn bool) {
	p.scopes = append(p.scopes, scope{fn: fn})
}

func (p *parser) popScope() {
	n := len(p.scopes) - 1
	s := p.scopes[n]
	p.scopes = p.scopes[:n]
	if un := s.refs &^ (s.lexDecl | s.varDecl); un != 0 && n > 0 {
		p.scopes[n-1].refs |= un
	}
}

func (p *parser) declareLex(name string) {
	if b := nameBit(name); b != 0 {
		p.scopes[len(p.scopes)-1].lexDecl |= b
	}
}

func (p *parser) declareVar(name string) {
	b := nameBit(name)
	if b == 0 {
		return
	}
	for k := len(p.scopes) - 1; k >= 0; k-- {
		if p.scopes[k].fn || p.scopes[k].module {
			p.scopes[k].varDecl |= b
			return
		}
	}
}

func (p *parser) reference(name string) {
	if b := nameBit(name); b != 0 {
		p.scopes[len(p.scopes)-1].refs |= b
	}
}

// ---------------------------------------------------------------------------
// program and statements

type stmtCtx struct {
	top         bool // a direct child of the program
	namespace   bool // inside a TypeScript namespace or declare module body
	declare     bool // under TypeScript's declare
	export      bool // after `export`
	exportStart int  // export: the token the export statement starts at
	declStart   int  // declare: the `declare` token (-1 when none)
}

func (p *parser) parseProgram() {
	p.scopes = append(p.scopes, scope{module: true})
	for p.tok().Kind != TokEOF {
		start := p.i
		p.topStatement()
		if p.i == start && p.tok().Kind != TokEOF {
			// no progress: never loop
			p.recordError(p.i, p.i+1)
			p.next()
		}
	}
	s := p.scopes[0]
	// a top-level `var module` merges with CommonJS's own (esbuild does the same)
	if s.refs&^s.lexDecl != 0 {
		p.x.cjsRef = true
	}
}

// topStatement parses one top-level statement, recovering from errors.
func (p *parser) topStatement() {
	start := p.i
	depth := len(p.scopes)
	fnDepth, thisDepth := p.fnDepth, p.thisDepth
	defer func() {
		if r := recover(); r != nil {
			e, isParse := r.(parseError)
			if !isParse {
				panic(r)
			}
			p.scopes = p.scopes[:depth]
			p.fnDepth, p.thisDepth, p.allowIn, p.depth = fnDepth, thisDepth, true, 0
			p.nsTypeOnly, p.declareDepth = nil, 0
			p.recover(start, e.tok)
		}
	}()
	p.parseStmt(stmtCtx{top: true, declStart: -1})
}

// recover records the error at token bad and moves to the next line that
// starts with a token that can start a top-level statement (the bad token
// itself when it is one and the statement made progress). A statement
// records its exports and declarations only once it is read whole, so the
// broken one leaves none.
func (p *parser) recover(start, bad int) {
	if bad < start {
		bad = start
	}
	j := bad + 1
	if p.toks[bad].Kind == TokEOF || bad > start && p.canResumeAt(bad) {
		j = bad
	}
	for ; j < len(p.toks)-1; j++ {
		if p.canResumeAt(j) {
			break
		}
	}
	if j >= len(p.toks) {
		j = len(p.toks) - 1
	}
	p.recordError(bad, j)
	p.advanceFrom(j)
	if p.i > 0 {
		p.prevEnd = p.toks[p.i-1].End
	}
}

// canResumeAt: token j begins a line at column 0 and can start a
// top-level statement.
func (p *parser) canResumeAt(j int) bool {
	t := &p.toks[j]
	if t.IsComment() || t.Kind == TokHashbang {
		return false
	}
	if t.Start > 0 {
		c := p.src[t.Start-1]
		if c != '\n' && c != '\r' {
			return false
		}
	}
	switch t.Kind {
	case TokKeyword:
		switch p.val(t) {
		case "export", "import", "function", "class", "const", "var", "if", "for", "while", "try", "switch", "do", "return", "throw":
			return true
		}
	case TokIdent:
		return true
	case TokPunct:
		return t.Op == OpAt
	}
	return false
}

func (p *parser) recordErrorRange(r Range) {
	f := p.x.f
	f.HasErrors = true
	if len(f.ErrorRanges) < maxErrorRanges {
		f.ErrorRanges = append(f.ErrorRanges, r)
	}
}

func (p *parser) recordError(from, to int) {
	f := p.x.f
	f.HasErrors = true
	if len(f.ErrorRanges) >= maxErrorRanges {
		return
	}
	start := p.toks[from].Start
	end := p.toks[from].End
	if to > from && to < len(p.toks) {
		end = p.toks[to-1].End
		if end < start {
			end = start
		}
	}
	f.ErrorRanges = append(f.ErrorRanges, Range{start, end})
}

// stmtRange is the range of a statement that started at token start.
func (p *parser) stmtRange(start int) Range {
	return Range{p.toks[start].Start, p.prevEnd}
}

func (p *parser) parseStmt(c stmtCtx) {
	p.depth++
	if p.depth > maxDepth {
		p.fail()
	}
	p.stmt(c)
	p.depth--
}

func (p *parser) stmt(c stmtCtx) {
	start := p.i
	t := p.tok()
	switch t.Kind {
	case TokPunct:
		switch t.Op {
		case OpSemicolon:
			p.next()
			p.nsValue()
			return
		case OpLBrace:
			p.nsValue()
			p.block()
			return
		case OpAt:
			decStart := p.i
			p.decorators()
			if p.isKeyword("export") && c.top {
				p.exportStmt(start, c)
				return
			}
			if p.isKeyword("class") || p.isWord("abstract") {
				p.classStmt(decStart, c)
				return
			}
			p.fail()
		}
	case TokKeyword:
		switch p.val(t) {
		case "var", "const":
			if p.val(t) == "const" && p.isTS && p.tw(p.peek(), "enum") {
				p.next()
				p.enumStmt(start, c)
				return
			}
			p.nsValue()
			p.varStmt(start, c, p.val(t) == "var")
			return
		case "function":
			p.nsValue()
			p.functionStmt(start, c, false)
			return
		case "class":
			p.nsValue()
			p.classStmt(start, c)
			return
		case "enum":
			p.enumStmt(start, c)
			return
		case "export":
			if c.top || c.namespace {
				p.exportStmt(start, c)
				return
			}
			p.fail()
		case "import":
			n := p.peek()
			if !n.Is(OpLParen) && !n.Is(OpDot) {
				p.importStmt(start, c)
				return
			}
		case "if":
			p.nsValue()
			p.next()
			p.parenExprSkipTypes()
			p.parseStmt(stmtCtx{namespace: false})
			if p.isKeyword("else") {
				p.next()
				p.parseStmt(stmtCtx{})
			}
			return
		case "for":
			p.nsValue()
			p.forStmt()
			return
		case "while", "with":
			p.nsValue()
			p.next()
			p.parenExprSkipTypes()
			p.parseStmt(stmtCtx{})
			return
		case "do":
			p.nsValue()
			p.next()
			p.parseStmt(stmtCtx{})
			if !p.isKeyword("while") {
				p.fail()
			}
			p.next()
			p.parenExprSkipTypes()
			p.eat(OpSemicolon)
			return
		case "return":
			p.nsValue()
			p.next()
			if p.fnDepth == 0 {
				p.x.topReturn = true
			}
			if !p.isOp(OpSemicolon) && !p.newlineBefore() && !p.isOp(OpRBrace) && p.tok().Kind != TokEOF {
				p.expr(lLowest)
			}
			p.semicolon()
			return
		case "break", "continue":
			p.nsValue()
			p.next()
			if p.isIdent() && !p.newlineBefore() {
				p.next()
			}
			p.semicolon()
			return
		case "throw":
			p.nsValue()
			p.next()
			p.expr(lLowest)
			p.semicolon()
			return
		case "debugger":
			p.nsValue()
			p.next()
			p.semicolon()
			return
		case "try":
			p.nsValue()
			p.next()
			p.block()
			if p.isKeyword("catch") {
				p.next()
				p.pushScope(false)
				if p.eat(OpLParen) {
					p.binding(func(name string, r Range) { p.declareLex(name) })
					if p.isTS && p.eat(OpColon) {
						p.skipType()
					}
					p.expect(OpRParen)
				}
				p.block()
				p.popScope()
			}
			if p.isKeyword("finally") {
				p.next()
				p.block()
			}
			return
		case "switch":
			p.nsValue()
			p.next()
			p.parenExprSkipTypes()
			p.expect(OpLBrace)
			p.pushScope(false)
			for !p.isOp(OpRBrace) {
				if p.tok().Kind == TokEOF {
					p.fail()
				}
				if p.isKeyword("case") {
					p.next()
					p.expr(lLowest)
					p.expect(OpColon)
				} else if p.isKeyword("default") {
					p.next()
					p.expect(OpColon)
				} else {
					p.parseStmt(stmtCtx{})
				}
			}
			p.next()
			p.popScope()
			return
		}
	case TokIdent:
		if t.Flags&FlagEscaped == 0 && p.identStmt(start, c) {
			return
		}
	}
	p.expressionStmt(start, c)
}

// nsValue notes a statement with a runtime value inside a namespace body.
func (p *parser) nsValue() {
	if p.nsTypeOnly != nil && p.declareDepth == 0 {
		*p.nsTypeOnly = false
	}
}

// identStmt handles statements that start with a contextual keyword: let,
// using, async function, TypeScript declarations, labels. It reports false
// when the statement is an expression statement.
func (p *parser) identStmt(start int, c stmtCtx) bool {
	t := p.tok()
	n := p.peek()
	sameLine := !n.NewlineBefore()
	switch p.val(t) {
	case "let":
		if n.Kind == TokIdent || n.Is(OpLBracket) || n.Is(OpLBrace) || n.Kind == TokKeyword && (p.val(n) == "yield" || p.val(n) == "await") {
			p.nsValue()
			p.varStmt(start, c, false)
			return true
		}
	case "using":
		if sameLine && n.Kind == TokIdent && !p.tw(n, "in") && !p.tw(n, "of") {
			p.nsValue()
			p.varStmt(start, c, false)
			return true
		}
	case "await":
		if sameLine && p.tw(n, "using") && p.fnDepth == 0 {
			if m := &p.toks[p.nextSig(p.nextSig(p.i))]; m.Kind == TokIdent && !m.NewlineBefore() {
				p.x.tla = true
				p.nsValue()
				p.next()
				p.varStmt(start, c, false)
				return true
			}
		}
	case "async":
		if sameLine && p.tw(n, "function") {
			p.nsValue()
			p.functionStmt(start, c, true)
			return true
		}
	}
	if n.Is(OpColon) {
		// label
		p.nsValue()
		p.next()
		p.next()
		p.parseStmt(stmtCtx{})
		return true
	}
	if !p.isTS {
		return false
	}
	// esbuild reads the word as an expression first and drops TypeScript's
	// non-null `!`: `namespace! A {}` is a namespace too
	if n.Is(OpBang) && !n.NewlineBefore() {
		last := p.nextSig(p.i)
		for {
			k := p.nextSig(last)
			if !p.toks[k].Is(OpBang) || p.toks[k].NewlineBefore() {
				break
			}
			last = k
		}
		after := &p.toks[p.nextSig(last)]
		switch p.val(t) {
		case "type", "interface", "namespace", "module", "declare":
			if after.NewlineBefore() || !(after.Kind == TokIdent || after.Kind == TokKeyword || after.Kind == TokString) {
				return false
			}
			save := p.i
			p.seek(last, p.toks[last].Start)
			n, sameLine = after, true
			if !p.tsContextualStmt(start, c, t, n) {
				p.seek(save, p.toks[save].Start)
				return false
			}
			return true
		}
		return false
	}
	if !sameLine {
		return false
	}
	return p.tsContextualStmt(start, c, t, n)
}

// tsContextualStmt parses the TypeScript statements that start with a
// contextual keyword t (the current token, or the last `!` after it),
// followed by n.
func (p *parser) tsContextualStmt(start int, c stmtCtx, t, n *Token) bool {
	switch p.val(t) {
	case "type":
		if n.Kind == TokIdent || n.Kind == TokKeyword && !c.export {
			if n.Kind == TokKeyword {
				return false
			}
			p.typeAliasStmt(start, c)
			return true
		}
	case "interface":
		if n.Kind == TokIdent || n.Kind == TokKeyword {
			p.interfaceStmt(start, c)
			return true
		}
	case "namespace", "module":
		if n.Kind == TokIdent || n.Kind == TokString && (c.declare || c.namespace || p.val(t) == "module") {
			p.namespaceStmt(start, c)
			return true
		}
	case "abstract":
		if p.tw(n, "class") {
			p.nsValue()
			p.classStmt(start, c)
			return true
		}
	case "global":
		if c.declare && n.Is(OpLBrace) {
			p.next()
			p.namespaceBody(nil)
			return true
		}
	case "declare":
		if n.Kind == TokIdent || n.Kind == TokKeyword || n.Is(OpAt) {
			p.declareStmt(start, c)
			return true
		}
	}
	return false
}

// block parses { statements } in a new block scope.
func (p *parser) block() {
	if !p.isOp(OpLBrace) {
		p.fail()
	}
	p.next()
	p.pushScope(false)
	for !p.isOp(OpRBrace) {
		if p.tok().Kind == TokEOF {
			p.fail()
		}
		p.parseStmt(stmtCtx{})
	}
	p.next()
	p.popScope()
}

// parenExprSkipTypes parses ( expression ).
func (p *parser) parenExprSkipTypes() {
	p.expect(OpLParen)
	old := p.allowIn
	p.allowIn = true
	p.expr(lLowest)
	p.allowIn = old
	p.expect(OpRParen)
}

func (p *parser) forStmt() {
	start := p.i
	p.next() // for
	if p.isWord("await") {
		if p.fnDepth == 0 {
			p.x.tla = true
		}
		p.next()
	}
	p.expect(OpLParen)
	p.pushScope(false)
	old := p.allowIn
	p.allowIn = false
	if !p.isOp(OpSemicolon) {
		isDecl := p.isKeyword("var") || p.isKeyword("const")
		if p.isWord("let") {
			n := p.peek()
			isDecl = n.Kind == TokIdent || n.Is(OpLBracket) || n.Is(OpLBrace)
		}
		if p.isWord("using") && p.peek().Kind == TokIdent && !p.tw(p.peek(), "of") {
			isDecl = true
		}
		if p.isWord("await") && p.tw(p.peek(), "using") {
			if p.fnDepth == 0 {
				p.x.tla = true
			}
			p.next()
			isDecl = true
		}
		if isDecl {
			isVar := p.isKeyword("var")
			p.next()
			var decls []declarator
			p.declarators(isVar, &decls)
			if isVar && p.moduleLevel() {
				defer func() { p.x.nestedVar(decls, p.stmtRange(start)) }()
			}
		} else {
			p.expr(lLowest)
		}
	}
	p.allowIn = old
	if p.isWord("of") || p.isKeyword("in") {
		p.next()
		p.expr(lLowest)
	} else {
		p.expect(OpSemicolon)
		if !p.isOp(OpSemicolon) {
			p.expr(lLowest)
		}
		p.expect(OpSemicolon)
		if !p.isOp(OpRParen) {
			p.expr(lLowest)
		}
	}
	p.expect(OpRParen)
	p.parseStmt(stmtCtx{})
	p.popScope()
}

// expressionStmt parses an expression statement; at the top level its
// CommonJS shapes are recorded.
func (p *parser) expressionStmt(start int, c stmtCtx) {
	p.nsValue()
	first := p.tok().Kind
	n := p.expr(lLowest)
	if first == TokIdent && p.isOp(OpColon) {
		// a label: esbuild drops TypeScript's x! and x as T, so `x!:` is one too
		inner := &n
		for inner.kind == nWrap {
			inner = inner.inner
		}
		if inner.kind == nIdent {
			p.next()
			p.parseStmt(stmtCtx{declStart: -1})
			return
		}
	}
	p.semicolon()
	if c.top {
		p.x.expressionStatement(n, p.stmtRange(start))
	}
}

// varStmt parses var/let/const/using declarations.
func (p *parser) varStmt(start int, c stmtCtx, isVar bool) {
	p.next() // var, let, const, using
	var decls []declarator
	p.declarators(isVar, &decls)
	p.semicolon()
	if c.top {
		p.x.variableDeclaration(decls, p.declStmtRange(start, c), c)
	} else if isVar && p.moduleLevel() && !c.declare {
		p.x.nestedVar(decls, p.stmtRange(start))
	}
}

// moduleLevel: not inside a function, class or namespace (a var here binds
// a module-level name).
func (p *parser) moduleLevel() bool {
	return p.fnDepth == 0 && p.nsTypeOnly == nil && p.declareDepth == 0
}

// declarator is one `name = value` of a declaration, for the extractor.
type declarator struct {
	names   []nameAt // the bound names (one for a plain identifier)
	pattern bool
	value   *node // nil when none
}

type nameAt struct {
	name string
	r    Range
}

func (p *parser) declarators(isVar bool, out *[]declarator) {
	for {
		var d declarator
		d.pattern = p.isOp(OpLBracket) || p.isOp(OpLBrace)
		p.binding(func(name string, r Range) {
			d.names = append(d.names, nameAt{name, r})
			if isVar {
				p.declareVar(name)
			} else {
				p.declareLex(name)
			}
		})
		if p.isTS {
			p.eat(OpBang)
			if p.eat(OpColon) {
				p.skipType()
			}
		}
		if p.eat(OpAssign) {
			v := p.expr(lComma)
			d.value = &v
		}
		if out != nil {
			*out = append(*out, d)
		}
		if !p.eat(OpComma) {
			return
		}
	}
}

// binding parses a binding identifier or pattern, calling declare for each
// bound name in source order.
func (p *parser) binding(declare func(name string, r Range)) {
	t := p.tok()
	switch {
	case t.Kind == TokIdent || t.Kind == TokKeyword && (p.val(t) == "this" || p.val(t) == "yield" || p.val(t) == "await"):
		declare(p.val(t), Range{t.Start, t.End})
		p.next()
	case t.Is(OpLBracket):
		p.next()
		for !p.isOp(OpRBracket) {
			if p.isOp(OpComma) {
				p.next()
				continue
			}
			p.eat(OpEllipsis)
			p.binding(declare)
			if p.eat(OpAssign) {
				p.expr(lComma)
			}
			if !p.eat(OpComma) {
				break
			}
		}
		p.expect(OpRBracket)
	case t.Is(OpLBrace):
		p.next()
		for !p.isOp(OpRBrace) {
			if p.eat(OpEllipsis) {
				p.binding(declare)
			} else {
				k := p.tok()
				shorthand := k.Kind == TokIdent
				if p.isOp(OpLBracket) {
					p.next()
					p.expr(lComma)
					p.expect(OpRBracket)
					shorthand = false
				} else if p.isIdentName() || k.Kind == TokString || k.Kind == TokNumber {
					p.next()
				} else {
					p.fail()
				}
				if p.eat(OpColon) {
					p.binding(declare)
				} else if shorthand {
					declare(p.val(k), Range{k.Start, k.End})
				} else {
					p.fail()
				}
				if p.eat(OpAssign) {
					p.expr(lComma)
				}
			}
			if !p.eat(OpComma) {
				break
			}
		}
		p.expect(OpRBrace)
	default:
		p.fail()
	}
}

// ---------------------------------------------------------------------------
// functions and classes as statements

func (p *parser) functionStmt(start int, c stmtCtx, async bool) {
	if async {
		p.next()
	}
	p.next() // function
	p.eat(OpStar)
	var name nameAt
	hasName := false
	if p.isIdent() || p.isKeyword("yield") || p.isKeyword("await") {
		t := p.tok()
		name = nameAt{p.val(t), Range{t.Start, t.End}}
		hasName = true
		p.next()
	}
	if hasName {
		p.declareLex(name.name)
	}
	fn := p.functionRest(start, async, false)
	signature := fn.body.Start < 0 && !fn.broken
	if !signature {
		p.nsValue()
	}
	n := &node{kind: nFunc, start: p.toks[start].Start, end: p.prevEnd, fn: fn}
	if c.top {
		p.x.functionDeclaration(name, hasName, n, signature, p.declStmtRange(start, c), c)
	}
}

// functionRest parses [type parameters] (params) [: return type] and the
// body (or, in TypeScript, no body: an overload or a declared function).
// The function's tokens start at token start.
func (p *parser) functionRest(start int, async, method bool) fnInfo {
	fn := fnInfo{async: async, params: noRange, body: noRange}
	if p.isTS {
		p.typeParams()
	}
	if !p.isOp(OpLParen) {
		p.fail()
	}
	open := p.i
	close := int(p.match[open])
	if p.regionBroken(open, close) {
		fn.params = p.brokenBody(open)
		fn.broken = true
		return fn
	}
	fn.params = Range{p.toks[open].Start, p.toks[close].End}
	p.seek(close, p.toks[close].Start)
	p.next()
	if p.isTS && p.isOp(OpColon) {
		p.next()
		p.skipReturnType()
	}
	if !p.isOp(OpLBrace) {
		// a TypeScript overload or declared function
		if !p.isTS {
			p.fail()
		}
		if !method {
			p.semicolon()
		}
		return fn
	}
	bodyOpen := p.i
	bodyClose := int(p.match[bodyOpen])
	if p.regionBroken(bodyOpen, bodyClose) {
		fn.body = p.brokenBody(bodyOpen)
		fn.broken = true
		return fn
	}
	fn.body = Range{p.toks[bodyOpen].Start, p.toks[bodyClose].End}
	if parseEveryBody || hasCand(p.modCands, open, bodyClose) {
		// parse params and body: a module/exports inside may be bound there
		p.seek(open, p.toks[open].Start)
		p.withFunctionScope(false, func() {
			p.params()
			if p.isTS && p.eat(OpColon) {
				p.skipReturnType()
			}
			p.functionBody()
		})
		return fn
	}
	p.checkSkipped(bodyOpen, bodyClose)
	p.seek(bodyClose, p.toks[bodyClose].Start)
	p.next()
	return fn
}

// regionBroken reports a bracketed region of broken input: it never
// closes, or a line inside it starts an export or import statement (which
// no function or class body can hold).
func (p *parser) regionBroken(open, close int) bool {
	return close < 0 || hasCand(p.stmtCands, open, close)
}

// brokenBody handles a region of broken input opened at token open
// (typically the body of a handler being typed): it runs to the next line
// that starts an export or import statement, or to the end of the input.
// The error is recorded and parsing resumes there. It returns the
// region's range.
func (p *parser) brokenBody(open int) Range {
	resume := len(p.toks) - 1
	k := sort.Search(len(p.stmtCands), func(j int) bool { return int(p.stmtCands[j]) > open })
	if k < len(p.stmtCands) {
		resume = int(p.stmtCands[k])
	}
	end := p.toks[open].End
	for j := resume - 1; j > open; j-- {
		if !p.toks[j].IsComment() {
			end = p.toks[j].End
			break
		}
	}
	if resume == len(p.toks)-1 {
		end = len(p.src)
	}
	p.recordErrorRange(Range{p.toks[open].Start, end})
	p.seek(resume, end)
	return Range{p.toks[open].Start, end}
}

// checkSkipped: a malformed token in a skipped region makes it broken.
func (p *parser) checkSkipped(open, close int) {
	if k := sort.Search(len(p.badToks), func(j int) bool { return int(p.badToks[j]) > open }); k < len(p.badToks) && int(p.badToks[k]) < close {
		panic(parseError{int(p.badToks[k])})
	}
}

// withFunctionScope runs f inside a function scope (arrow: this is kept).
func (p *parser) withFunctionScope(arrow bool, f func()) {
	p.pushScope(true)
	p.fnDepth++
	if !arrow {
		p.thisDepth++
	}
	f()
	p.fnDepth--
	if !arrow {
		p.thisDepth--
	}
	p.popScope()
}

// params parses a parameter list, declaring its names.
func (p *parser) params() {
	p.expect(OpLParen)
	old := p.allowIn
	p.allowIn = true
	for !p.isOp(OpRParen) {
		p.skipParamDecorators()
		if p.isTS {
			for p.isWord("public") || p.isWord("private") || p.isWord("protected") || p.isWord("readonly") || p.isWord("override") {
				if n := p.peek(); n.Is(OpComma) || n.Is(OpRParen) || n.Is(OpColon) || n.Is(OpAssign) || n.Is(OpQuestion) {
					break
				}
				p.next()
			}
		}
		p.eat(OpEllipsis)
		p.binding(func(name string, r Range) { p.declareLex(name) })
		if p.isTS {
			p.eat(OpQuestion)
			if p.eat(OpColon) {
				p.skipType()
			}
		}
		if p.eat(OpAssign) {
			p.expr(lComma)
		}
		if !p.eat(OpComma) {
			break
		}
	}
	p.expect(OpRParen)
	p.allowIn = old
}

func (p *parser) skipParamDecorators() {
	for p.isOp(OpAt) {
		p.decorator()
	}
}

// functionBody parses { statements } (the function scope is already
// pushed).
func (p *parser) functionBody() {
	if !p.isOp(OpLBrace) {
		p.fail()
	}
	p.next()
	for !p.isOp(OpRBrace) {
		if p.tok().Kind == TokEOF {
			p.fail()
		}
		p.parseStmt(stmtCtx{declStart: -1})
	}
	p.next()
}

// classStmt parses a class declaration; start is its first token (its
// decorators, when it has some).
func (p *parser) classStmt(start int, c stmtCtx) {
	if p.isWord("abstract") {
		p.next()
	}
	if !p.isKeyword("class") {
		p.fail()
	}
	p.next()
	var name nameAt
	hasName := false
	if p.isIdent() && !p.isWord("implements") {
		t := p.tok()
		name = nameAt{p.val(t), Range{t.Start, t.End}}
		hasName = true
		p.next()
	}
	if hasName {
		p.declareLex(name.name)
	}
	p.classRest()
	if !c.declare {
		p.nsValue()
	}
	n := &node{kind: nClass, start: p.toks[start].Start, end: p.prevEnd}
	if c.top {
		p.x.classDeclaration(name, hasName, n, p.declStmtRange(start, c), c)
	}
}

// classRest parses [type parameters] [extends E] [implements T] { body }.
func (p *parser) classRest() {
	if p.isTS {
		p.typeParams()
	}
	if p.isKeyword("extends") {
		p.next()
		old := p.allowIn
		p.allowIn = true
		p.expr(lNew) // a left-hand-side expression
		p.allowIn = old
		if p.isTS && p.isOp(OpLess) {
			p.typeArgs()
		}
	}
	if p.isTS && p.isWord("implements") {
		p.next()
		for {
			p.skipType()
			if !p.eat(OpComma) {
				break
			}
		}
	}
	if !p.isOp(OpLBrace) {
		p.fail()
	}
	open := p.i
	close := int(p.match[open])
	if p.regionBroken(open, close) {
		p.brokenBody(open)
		return
	}
	if parseEveryBody || hasCand(p.modCands, open, close) {
		p.next()
		p.withFunctionScope(false, func() { p.classBody() })
		return
	}
	p.checkSkipped(open, close)
	p.seek(close, p.toks[close].Start)
	p.next()
}

// classBody parses class members (the opening brace consumed).
func (p *parser) classBody() {
	for !p.isOp(OpRBrace) {
		if p.tok().Kind == TokEOF {
			p.fail()
		}
		if p.eat(OpSemicolon) {
			continue
		}
		p.skipParamDecorators()
		// modifiers
		for {
			t := p.tok()
			if t.Kind != TokIdent && !(t.Kind == TokKeyword && p.val(t) == "declare") {
				break
			}
			switch p.val(t) {
			case "static", "public", "private", "protected", "readonly", "abstract", "override", "declare", "accessor", "async", "get", "set":
				n := p.peek()
				if n.Is(OpLParen) || n.Is(OpAssign) || n.Is(OpSemicolon) || n.Is(OpRBrace) || n.Is(OpColon) || n.Is(OpQuestion) || n.Is(OpBang) || n.Is(OpLess) || n.NewlineBefore() && p.val(t) != "static" {
					goto key
				}
				if p.val(t) == "static" && n.Is(OpLBrace) {
					p.next()
					p.withFunctionScope(false, func() { p.functionBody() })
					goto done
				}
				p.next()
				continue
			}
			break
		}
	key:
		p.eat(OpStar)
		if p.isOp(OpLBracket) {
			// computed key, or a TypeScript index signature
			p.next()
			if p.isTS && p.isIdent() && p.peek().Is(OpColon) {
				p.next()
				p.next()
				p.skipType()
				p.expect(OpRBracket)
				if p.eat(OpColon) {
					p.skipType()
				}
				p.semicolon()
				continue
			}
			p.expr(lComma)
			p.expect(OpRBracket)
		} else if p.isIdentName() || p.tok().Kind == TokString || p.tok().Kind == TokNumber || p.tok().Kind == TokPrivateName {
			p.next()
		} else {
			p.fail()
		}
		if p.isTS {
			if !p.eat(OpQuestion) {
				p.eat(OpBang)
			}
		}
		if p.isOp(OpLParen) || p.isOp(OpLess) {
			start := p.i
			p.functionRest(start, false, true)
			continue
		}
		if p.isTS && p.eat(OpColon) {
			p.skipType()
		}
		if p.eat(OpAssign) {
			p.withFunctionScope(false, func() { p.expr(lComma) })
		}
		p.semicolon()
	done:
	}
	p.next()
}

// decorators parses @decorator… before a class or export.
func (p *parser) decorators() {
	for p.isOp(OpAt) {
		p.decorator()
	}
}

func (p *parser) decorator() {
	p.expect(OpAt)
	if p.isOp(OpLParen) {
		p.next()
		p.expr(lLowest)
		p.expect(OpRParen)
		return
	}
	if !p.isIdentName() {
		p.fail()
	}
	p.primaryForDecorator()
}

// primaryForDecorator parses name(.name)* [type args] [(args)].
func (p *parser) primaryForDecorator() {
	t := p.tok()
	if t.Kind == TokIdent {
		p.reference(p.val(t))
	}
	p.next()
	for {
		switch {
		case p.isOp(OpDot):
			p.next()
			if !p.isIdentName() && p.tok().Kind != TokPrivateName {
				p.fail()
			}
			p.next()
		case p.isOp(OpLParen):
			p.callArgs()
		case p.isTS && p.isOp(OpLess):
			p.typeArgs()
		default:
			return
		}
	}
}

// ---------------------------------------------------------------------------
// strings for extracted names (no reference into the whole source)

func clone(s string) string { return strings.Clone(s) }

// parseEveryBody makes the scanner parse every function and class body
// instead of skipping the ones that cannot change the result (tests: the
// results must be the same, and the parser must read every body of a file
// esbuild accepts).
var parseEveryBody = false
