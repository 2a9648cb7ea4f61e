package jsparse

// The guard's walk over the token stream: a stack of frames, one per open
// bracket, each counting the chains open at its level. It is not a parser:
// it tells an operand position from the position after a value by the
// previous token (as the lexer does for regular expressions), and errs
// towards larger counts where it cannot tell. Every token is looked at once
// (plus a look-ahead over comments), every frame is pushed and popped once,
// and the renamer model does one map look-up per identifier and undoes it
// once: linear time.

// gKind is what a frame's bracket is.
type gKind uint8

const (
	gTop      gKind = iota // the file
	gGroup                 // ( in operand position: a parenthesised expression or arrow parameters
	gCall                  // ( after a value or `function`: arguments, parameters
	gHead                  // ( after if, for, while, with, switch, catch
	gArray                 // [ in operand position
	gIndex                 // [ after a value
	gBlock                 // { of a block, a function or class body
	gObject                // { of an object literal, a type literal, a pattern
	gTemplate              // ${ … } of a template
)

// gShape indexes the walker's measures (the order of verdict's tiers).
type gShape uint8

const (
	gsBrackets gShape = iota
	gsPrefix
	gsSuffix
	gsRight
	gsStatements
	gsComma
	gsDepth
	gsNotSteps
	gsCommaSteps
	gsLabelSteps
	gsStringBytes
	gsScopeSteps
	gsIndentSteps
	gsRedeclBytes
	numGShapes
)

var gShapeNames = [numGShapes]Shape{
	ShapeBrackets, ShapePrefix, ShapeSuffix, ShapeRightNested, ShapeStatements, ShapeComma, ShapeDepth,
	ShapeNotSteps, ShapeCommaSteps, ShapeLabelSteps, ShapeStringBytes, ShapeScopeSteps, ShapeIndentSteps,
	ShapeRedeclBytes,
}

// right-nested operator kinds, for the message
const (
	rAssign = iota
	rExp
	rCond
	rArrow
)

var rightNames = [4]string{"assignments", "** operators", "conditional (?:) expressions", "arrow functions"}

type gFrame struct {
	kind  gKind
	start int

	// sums over the enclosing levels, taken when the frame opened
	base       int // combined depth, this frame's bracket included
	notBase    int // open ! operators
	labelBase  int // open labels
	indentBase int // indentation levels
	scopeMark  int // len(walker.marks) before the frame's own scope
	ownMark    int // len(walker.marks) with the frame's own scope
	exprMark   int // len(walker.marks) with the scopes of the statements open at this level

	// chains open at this level, and where each started
	prefix, suffix, right, stmt         int
	indent                              int // statements nested without braces that cost esbuild quadratic time (see stmtOp)
	prefixAt, suffixAt, rightAt, stmtAt int
	rk                                  [4]int // right-nested operators by kind
	nots, labels, arrows                int
	commas, commasAt                    int
	strRun                              int // bytes folded so far in the current + chain
	angle, anglePrefix                  int // open < of a TypeScript type assertion

	decl       bool // a var/let/const list: commas separate declarators
	declKind   int  // 1 var, 2 let or const
	plusBefore bool // gGroup, gTemplate: a binary + came before the bracket
	inCase     bool // a `case` whose ':' has not come
	ended      bool // a statement ended here; the next token decides whether a chain of statements goes on
	tpl        int  // gTemplate: offset of the template's first piece
	stmtBlock  bool // gBlock: a statement (a block, a declaration's body); else an expression's body, a value
	classBody  bool // gBlock: the body of a class: each member ends like a statement
}

type nameEntry struct {
	count int // open scopes in which the name occurs
	top   int // serial of the innermost of them

	declScope   int  // serial of the scope of its last declaration; 0 none
	declLexical bool // that declaration was let, const or class
}

type undoRec struct {
	e       *nameEntry
	prevTop int
}

type scopeMark struct {
	undo, serial int
	named        bool // a name has been counted in the scope
}

type gMax struct {
	size, at   int
	detail, dt int // budgets: the largest instance and where
	what       string
}

type walker struct {
	src    []byte
	lang   Lang
	frames []gFrame

	// the previous significant token
	prevValue   bool // it ends an operand
	prevKind    TokenKind
	prevOp      Op
	prevWord    string
	afterDot    bool   // it was . or ?.: an identifier is a property name
	afterPlus   bool   // it was a binary +
	headNext    bool   // the next ( is a statement head
	fnNext      bool   // the next ( holds parameters
	stmtStart   bool   // the next token starts a statement
	labelNext   bool   // the previous token was an identifier starting a statement: a ':' ends a label
	pending     string // an identifier for the renamer model, counted unless a ':' makes it a property name
	pendingAt   int
	pendingDecl int  // the pending identifier is declared: 1 by var, 2 by let, const or class
	nested      bool // walking the inside of a regular expression
	lead        bool // the token starts a statement, or follows only export/default/async/declare there
	declBody    int  // depth at which the body of a function or class declaration opens; -1 none
	classNext   int  // depth at which a class body opens; -1 none
	classDecl   bool // the last `class` declares (else it is an expression)

	// the renamer model
	names  map[string]*nameEntry
	undo   []undoRec
	marks  []scopeMark
	serial int

	max   [numGShapes]gMax
	steps [numGShapes]int
}

// walkSource runs the walk over the whole of src.
func walkSource(src []byte, lang Lang) *walker { return walkTokens(Lex(src, lang), lang) }

// walkTokens runs the walk over ts, the tokens of a whole file lexed as
// lang.
func walkTokens(ts *Tokens, lang Lang) *walker {
	// Sized for the file: most events files are small, and a map or stack
	// sized for a large one costs more to allocate and clear than the walk.
	// One name per 8 tokens, up to 256; the stack grows as brackets nest.
	w := &walker{src: ts.Src, lang: lang, names: make(map[string]*nameEntry, min(256, len(ts.List)/8)), declBody: -1, classNext: -1}
	w.frames = make([]gFrame, 1, 8)
	w.openScope() // the module scope
	w.frames[0].ownMark = len(w.marks)
	w.frames[0].exprMark = len(w.marks)
	w.stmtStart = true
	w.walk(ts)
	return w
}

func (w *walker) top() *gFrame { return &w.frames[len(w.frames)-1] }

// note records size for shape s at offset at when it is the largest yet.
func (w *walker) note(s gShape, size, at int) {
	if size > w.max[s].size {
		w.max[s].size, w.max[s].at = size, at
	}
}

// spend adds steps to budget s; instance is the size of the construct
// that costs them, for the message.
func (w *walker) spend(s gShape, steps, instance, at int) {
	w.steps[s] += steps
	if instance > w.max[s].detail {
		w.max[s].detail, w.max[s].dt = instance, at
	}
}

// valuedTok is a token with its value: what the walker needs of
// Tokens.Value (names of identifiers, keywords and private names; "" for
// every other kind, whose values it does not read).
type valuedTok struct {
	Token
	Value string
}

func (w *walker) walk(ts *Tokens) {
	defer func() {
		if w.pending != "" {
			w.scopeName(w.pending, w.pendingAt, w.pendingDecl)
			w.pending = ""
		}
	}()
	// t is a variable of this frame, not a field of the walker: writing
	// its Value (a string) then costs no write barrier per token.
	var t valuedTok
	for _, tok := range ts.List {
		switch tok.Kind {
		case TokLineComment, TokBlockComment, TokHashbang:
			continue
		case TokEOF:
			return
		case TokIdent, TokKeyword, TokPrivateName:
			t.Token, t.Value = tok, ts.Value(tok)
		default:
			t.Token, t.Value = tok, ""
		}
		w.token(&t)
	}
}

// token takes one significant token.
func (w *walker) token(t *valuedTok) {
	f := w.top()
	nl := t.NewlineBefore()
	if w.pending != "" {
		if !(t.Is(OpColon) && f.kind == gObject) {
			w.scopeName(w.pending, w.pendingAt, w.pendingDecl)
		}
		w.pending = ""
	}
	labelNext := w.labelNext
	w.labelNext = false

	// A line break after a value, before a token that cannot go on with
	// the expression, ends the statement (automatic semicolon insertion).
	if nl && w.prevValue && (f.kind == gTop || f.kind == gBlock) && startsStatement(t) {
		w.resetExpr(f)
		f.ended = true
	}
	if f.ended {
		f.ended = false
		if !(t.Kind == TokKeyword && (t.Value == "else" || t.Value == "catch" || t.Value == "finally")) {
			f.stmt, f.labels, f.indent = 0, 0, 0
			w.closeArrows(f)
			w.closeScopes(f.ownMark)
			f.exprMark = f.ownMark
		}
		w.stmtStart = true
	}
	start := w.stmtStart
	w.stmtStart = false
	lead := start || w.lead && w.prevWordIs("export", "default", "async", "declare", "abstract")
	w.lead = lead
	if start {
		w.resetExpr(f)
		f.decl, f.inCase = false, false
	}
	if start || nl {
		// esbuild prints each statement (and each line of a multi-line
		// literal) on its own line, indented by its depth.
		ind := f.indentBase + f.indent
		w.spend(gsIndentSteps, ind, ind, t.Start)
	}
	afterDot, afterPlus := w.afterDot, w.afterPlus
	w.afterDot, w.afterPlus = false, false

	switch t.Kind {
	case TokIdent, TokKeyword:
		w.word(t, f, start, afterDot)
	case TokPunct:
		w.punct(t, f, start, nl, afterPlus, labelNext)
	case TokString, TokTemplate:
		if t.Kind == TokTemplate && w.prevValue {
			w.suffixOp(f, t) // a tagged template
		} else {
			w.operand(f, true, t.End-t.Start, afterPlus)
		}
	case TokNumber:
		// 1 + 2 folds to a number; a number only lengthens a string
		w.operand(f, afterPlus && f.strRun > 0, t.End-t.Start, afterPlus)
	case TokTemplateHead:
		if w.prevValue {
			w.suffixOp(f, t)
		}
		g := w.push(gTemplate, t)
		g.tpl, g.plusBefore = t.Start, afterPlus
	case TokTemplateMiddle:
		tpl, plus := w.popTemplate(t)
		g := w.push(gTemplate, t)
		g.tpl, g.plusBefore = tpl, plus
	case TokTemplateTail:
		tpl, plus := w.popTemplate(t)
		w.operand(w.top(), true, t.End-tpl, plus)
	case TokRegExp:
		w.operand(f, false, 0, false)
		if t.End-t.Start > longRegExp && !w.nested {
			w.insideRegExp(t)
		}
	default: // private names, invalid characters
		w.operand(f, false, 0, false)
	}
	w.prevKind, w.prevOp = t.Kind, t.Op
	if t.Kind == TokIdent || t.Kind == TokKeyword {
		w.prevWord = t.Value
	} else {
		w.prevWord = ""
	}

	g := w.top()
	w.note(gsDepth, g.base+g.prefix+g.suffix+g.right+g.stmt, t.Start)
}

// popTemplate closes the frames up to the innermost template substitution
// (the lexer closed it) and returns where the template started and whether
// a binary + came before it.
func (w *walker) popTemplate(t *valuedTok) (int, bool) {
	for i := len(w.frames) - 1; i > 0; i-- {
		if w.frames[i].kind == gTemplate {
			tpl, plus := w.frames[i].tpl, w.frames[i].plusBefore
			for len(w.frames) > i {
				w.pop()
			}
			return tpl, plus
		}
	}
	return t.Start, false
}

// longRegExp: a regular expression longer than this is walked again as
// code. Where the lexer and esbuild disagree on whether a '/' divides (the
// corners in SCANNER_NOTES.md), the lexer's regular expression may be
// code to esbuild; it ends at the line's end, but a line can be the whole
// file. Walking its inside once more (not recursively) costs at most its
// length and counts whatever chains it would hold.
const longRegExp = 256

func (w *walker) insideRegExp(t *valuedTok) {
	depth, prev := len(w.frames), *w
	w.nested = true
	w.push(gGroup, t)
	w.stmtStart = true
	w.walk(LexRange(w.src, w.lang, Range{t.Start + 1, t.End}))
	for len(w.frames) > depth {
		w.pop()
	}
	// The measures stay; the previous-token facts are the regular
	// expression's own.
	w.nested = false
	w.prevValue, w.afterDot, w.afterPlus = true, false, false
	w.headNext, w.fnNext, w.labelNext, w.stmtStart = prev.headNext, prev.fnNext, false, false
	f := w.top()
	f.ended = false
}

// startsStatement: after a value and a line break, t cannot go on with the
// expression, so a new statement starts.
func startsStatement(t *valuedTok) bool {
	switch t.Kind {
	case TokIdent:
		return t.Value != "of" && t.Value != "as" && t.Value != "satisfies"
	case TokKeyword:
		return t.Value != "in" && t.Value != "instanceof"
	case TokNumber, TokString, TokRegExp, TokPrivateName:
		return true
	case TokPunct:
		switch t.Op {
		case OpLBrace, OpPlusPlus, OpMinusMinus, OpBang, OpTilde, OpAt:
			return true
		}
	}
	return false
}

// resetExpr ends the expression at level f: its operator chains close.
func (w *walker) resetExpr(f *gFrame) {
	f.prefix, f.suffix, f.right, f.nots = 0, 0, 0, 0
	f.rk = [4]int{}
	f.commas, f.strRun, f.angle = 0, 0, 0
	w.closeArrows(f)
}

// endOperand: a binary operator at level f ends the operands of the prefix
// operators and the chain of suffixes before it.
func endOperand(f *gFrame) {
	f.prefix, f.suffix, f.nots = 0, 0, 0
}

func (w *walker) prefixOp(f *gFrame, t *valuedTok) {
	if f.prefix == 0 {
		f.prefixAt = t.Start
	}
	f.prefix++
	w.note(gsPrefix, f.prefix, f.prefixAt)
	w.prevValue = false
}

func (w *walker) suffixOp(f *gFrame, t *valuedTok) {
	if f.suffix == 0 {
		f.suffixAt = t.Start
	}
	f.suffix++
	w.note(gsSuffix, f.suffix, f.suffixAt)
}

func (w *walker) rightOp(f *gFrame, t *valuedTok, kind int) {
	endOperand(f)
	f.strRun = 0
	if f.right == 0 {
		f.rightAt = t.Start
	}
	f.right++
	f.rk[kind]++
	if f.right > w.max[gsRight].size {
		best := 0
		for k := range f.rk {
			if f.rk[k] > f.rk[best] {
				best = k
			}
		}
		w.max[gsRight].what = rightNames[best]
	}
	w.note(gsRight, f.right, f.rightAt)
	w.prevValue = false
}

// stmtOp: a statement nested without braces (if, else, for, while, do,
// with, a label) opens at level f. A for statement is a scope too: its
// head's declarations are in scope in the body.
func (w *walker) stmtOp(f *gFrame, t *valuedTok, scope bool) {
	if f.stmt == 0 {
		f.stmtAt = t.Start
	}
	f.stmt++
	switch {
	case t.Value == "if" && !(w.prevKind == TokKeyword && w.prevWord == "else"), t.Value == "do", t.Value == "for":
		// esbuild's output puts a nested if in braces and a do's body on
		// its own lines, one level deeper; nested for loops cost it
		// quadratic time too. else if, while, with and labels stay on one
		// line.
		f.indent++
	}
	if scope {
		w.closeArrows(f)
		w.openScope()
		f.exprMark = len(w.marks)
	}
	w.note(gsStatements, f.stmt, f.stmtAt)
}

// operand: an identifier, literal or closed group at level f. A string,
// number or template joined by + to a chain of them is folded by esbuild
// into one new string: the chain's bytes so far are copied again.
func (w *walker) operand(f *gFrame, literal bool, n int, afterPlus bool) {
	switch {
	case !literal:
		f.strRun = 0
	case afterPlus && f.strRun > 0:
		f.strRun += n
		w.spend(gsStringBytes, f.strRun, f.strRun, f.start)
	default:
		f.strRun = n
	}
	w.prevValue = true
}

func (w *walker) word(t *valuedTok, f *gFrame, start, afterDot bool) {
	if afterDot {
		w.operand(f, false, 0, false) // a property name
		return
	}
	if t.Kind == TokKeyword {
		switch t.Value {
		case "if", "for", "while", "with":
			w.stmtOp(f, t, t.Value == "for")
			w.headNext = true
		case "switch", "catch":
			w.headNext = true
		case "else", "do":
			w.stmtOp(f, t, false)
			w.stmtStart = true
		case "try", "finally":
			w.stmtStart = true
		case "var", "const":
			f.decl = true
			f.declKind = 1
			if t.Value == "const" {
				f.declKind = 2
			}
		case "typeof", "void", "delete", "new":
			w.prefixOp(f, t)
			return
		case "this", "super", "null", "true", "false", "import":
			w.operand(f, false, 0, false)
			return
		case "function":
			w.fnNext = true
			if w.lead {
				w.declBody = len(w.frames)
			}
		case "class":
			w.classNext = len(w.frames)
			w.classDecl = w.lead // a class expression's name is scoped to the class
			if w.lead {
				w.declBody = len(w.frames)
			}
		case "case":
			f.inCase = true
		case "in", "instanceof":
			endOperand(f)
			f.strRun = 0
		}
		w.prevValue = false
		return
	}
	if t.Flags&FlagEscaped == 0 {
		switch t.Value {
		case "await", "yield":
			if !w.prevValue {
				w.prefixOp(f, t)
				return
			}
		case "let":
			if start || f.kind == gHead || w.prevWord == "export" {
				f.decl, f.declKind = true, 2
				w.prevValue = false
				return
			}
		case "of", "as", "satisfies":
			if w.prevValue {
				endOperand(f)
				f.strRun = 0
				w.prevValue = false
				return
			}
		}
	}
	w.labelNext = start && (f.kind == gTop || f.kind == gBlock)
	w.pending, w.pendingAt, w.pendingDecl = t.Value, t.Start, 0
	switch {
	case w.prevKind == TokKeyword && (w.prevWord == "const" || w.prevWord == "class" && w.classDecl),
		w.prevKind == TokIdent && w.prevWord == "let":
		w.pendingDecl = 2
	case w.prevKind == TokKeyword && w.prevWord == "var":
		w.pendingDecl = 1
	case w.prevKind == TokPunct && w.prevOp == OpComma && f.decl:
		w.pendingDecl = f.declKind
	}
	w.operand(f, false, 0, false)
}

func (w *walker) punct(t *valuedTok, f *gFrame, start, nl, afterPlus, labelNext bool) {
	switch t.Op {
	case OpLParen:
		kind := gGroup
		switch {
		case w.headNext:
			kind = gHead
		case w.prevValue || w.prevKind == TokPunct && (w.prevOp == OpGreater || w.prevOp == OpShr || w.prevOp == OpUShr):
			// a call, or after '>' possibly one with type arguments: f<T>()
			kind = gCall
			w.suffixOp(f, t)
		case w.fnNext:
			kind = gCall
		}
		w.headNext, w.fnNext = false, false
		g := w.push(kind, t)
		g.plusBefore = afterPlus
	case OpLBracket:
		if w.prevValue {
			w.suffixOp(f, t)
			w.push(gIndex, t)
		} else {
			w.push(gArray, t)
		}
	case OpLBrace:
		kind := gBlock
		depth := len(w.frames)
		class := depth == w.classNext
		if !start && !class && depth != w.declBody && w.objectPosition() {
			kind = gObject
		}
		stmt := start || depth == w.declBody
		if depth == w.declBody {
			w.declBody = -1
		}
		if class {
			w.classNext = -1
		}
		w.fnNext = false
		g := w.push(kind, t)
		g.stmtBlock, g.classBody = stmt, class
		if kind == gBlock {
			w.stmtStart = true
		}
	case OpRParen, OpRBracket, OpRBrace:
		w.pop()
	case OpSemicolon:
		w.resetExpr(f)
		f.decl = false
		if f.kind != gHead {
			f.ended = true
		}
		w.prevValue = false
	case OpComma:
		if !f.decl && commaIsOperator(f.kind) {
			if f.commas == 0 {
				f.commasAt = t.Start
			}
			w.spend(gsCommaSteps, f.commas, f.commas+1, f.commasAt)
			f.commas++
			w.note(gsComma, f.commas, f.commasAt)
		}
		endOperand(f)
		f.right, f.rk, f.strRun, f.angle = 0, [4]int{}, 0, 0
		w.closeArrows(f)
		w.prevValue = false
	case OpDot, OpQuestionDot:
		w.suffixOp(f, t)
		w.afterDot = true
		w.prevValue = false
	case OpPlusPlus, OpMinusMinus:
		if w.prevValue && !nl {
			w.suffixOp(f, t) // postfix
		} else {
			w.prefixOp(f, t)
		}
	case OpBang:
		if w.prevValue && !nl {
			w.suffixOp(f, t) // TypeScript's non-null assertion
			return
		}
		// esbuild's boolean simplification walks down the whole chain
		// of ! below each ! (ToBooleanWithSideEffects).
		open := f.notBase + f.nots
		w.spend(gsNotSteps, open, open+1, t.Start)
		f.nots++
		w.prefixOp(f, t)
	case OpTilde, OpEllipsis:
		w.prefixOp(f, t)
	case OpPlus, OpMinus:
		if !w.prevValue {
			w.prefixOp(f, t)
			return
		}
		endOperand(f)
		if t.Op == OpPlus {
			w.afterPlus = true
		} else {
			f.strRun = 0
		}
		w.prevValue = false
	case OpLess:
		switch {
		case f.angle > 0:
			f.angle++
		case !w.prevValue:
			// a TypeScript type assertion <T>x (or a generic arrow):
			// a prefix operator whose type runs to the matching '>'
			w.prefixOp(f, t)
			f.angle, f.anglePrefix = 1, f.prefix
		default:
			// a comparison, or type arguments f<T>(): the chain of
			// suffixes may go on
			w.suffixOp(f, t)
			f.strRun = 0
		}
		w.prevValue = false
	case OpGreater, OpShr, OpUShr:
		if f.angle > 0 {
			switch t.Op {
			case OpGreater:
				f.angle--
			case OpShr:
				f.angle -= 2
			default:
				f.angle -= 3
			}
			if f.angle <= 0 {
				f.angle = 0
				f.prefix = f.anglePrefix
			}
			w.prevValue = false
			return
		}
		if w.prevValue {
			w.suffixOp(f, t) // as for '<'
		}
		f.strRun = 0
		w.prevValue = false
	case OpArrow:
		w.rightOp(f, t, rArrow)
		f.arrows++
		w.openScope()
	case OpStarStar:
		w.rightOp(f, t, rExp)
	case OpQuestion:
		w.rightOp(f, t, rCond)
	case OpAssign, OpPlusAssign, OpMinusAssign, OpStarAssign, OpSlashAssign, OpPercentAssign,
		OpStarStarAssign, OpShlAssign, OpShrAssign, OpUShrAssign, OpAmpAssign, OpBarAssign,
		OpCaretAssign, OpAmpAmpAssign, OpBarBarAssign, OpQuestionQuestionAssign:
		w.rightOp(f, t, rAssign)
	case OpColon:
		switch {
		case labelNext:
			open := f.labelBase + f.labels
			w.spend(gsLabelSteps, open, open+1, t.Start)
			f.labels++
			w.stmtOp(f, t, false)
			w.stmtStart = true
		case f.inCase && f.kind != gObject, w.prevKind == TokKeyword && w.prevWord == "default" && f.kind != gObject:
			f.inCase = false
			w.stmtStart = true
		}
		endOperand(f)
		f.strRun = 0
		w.prevValue = false
	case OpAt:
		w.prevValue = false
	default: // binary operators
		endOperand(f)
		f.strRun = 0
		w.prevValue = false
	}
}

// commaIsOperator: in these frames a ',' is the comma operator; elsewhere
// (arguments, parameters, array and object literals) it separates.
func commaIsOperator(k gKind) bool {
	switch k {
	case gTop, gBlock, gGroup, gHead, gIndex, gTemplate:
		return true
	}
	return false
}

// prevWordIs: the previous token is one of these words.
func (w *walker) prevWordIs(words ...string) bool {
	if w.prevKind != TokIdent && w.prevKind != TokKeyword {
		return false
	}
	for _, x := range words {
		if w.prevWord == x {
			return true
		}
	}
	return false
}

// objectPosition: a '{' here starts an object literal (or a type literal),
// not a block.
func (w *walker) objectPosition() bool {
	if w.prevValue {
		return false
	}
	switch w.prevKind {
	case TokPunct:
		switch w.prevOp {
		case OpRParen, OpRBrace, OpRBracket, OpArrow, OpSemicolon:
			return false
		case OpGreater, OpShr, OpUShr:
			// the end of a TypeScript return type, m(): Promise<T> {
			return false
		}
		return true
	case TokKeyword:
		switch w.prevWord {
		case "return", "throw", "case", "default", "typeof", "void", "delete", "new", "in", "instanceof", "extends":
			return true
		}
		return false
	case TokIdent:
		return w.prevWord == "await" || w.prevWord == "yield" || w.prevWord == "of"
	case TokTemplateHead, TokTemplateMiddle:
		return true
	}
	return false
}

func (w *walker) push(kind gKind, t *valuedTok) *gFrame {
	o := w.top()
	g := gFrame{kind: kind, start: t.Start}
	g.base = o.base + o.prefix + o.suffix + o.right + o.stmt + 1
	g.notBase = o.notBase + o.nots
	g.labelBase = o.labelBase + o.labels
	g.indentBase = o.indentBase + o.indent
	if kind == gBlock || kind == gObject {
		g.indentBase++
	}
	// Blocks are scopes. Parentheses are not: parameters (and a for
	// head's declarations) count in the enclosing scope, which holds the
	// function's body (or the for statement's scope, see stmtOp) as esbuild's
	// function scope does.
	g.scopeMark = len(w.marks)
	if kind == gBlock {
		w.openScope()
	}
	g.ownMark = len(w.marks)
	g.exprMark = g.ownMark
	w.frames = append(w.frames, g)
	w.prevValue = false
	w.note(gsBrackets, len(w.frames)-1, t.Start)
	return &w.frames[len(w.frames)-1]
}

// pop closes the innermost bracket. An unbalanced closer is ignored.
func (w *walker) pop() {
	if len(w.frames) == 1 {
		w.prevValue = false
		return
	}
	g := w.frames[len(w.frames)-1]
	w.frames = w.frames[:len(w.frames)-1]
	w.closeScopes(g.scopeMark)
	o := w.top()
	w.headNext, w.fnNext, w.labelNext = false, false, false
	switch g.kind {
	case gHead:
		w.prevValue = false
		w.stmtStart = true // the statement's body
	case gBlock:
		// A statement ends here, or a member of a class body; any other
		// block is the body of a function, arrow or class expression: a
		// value.
		if g.stmtBlock || o.classBody {
			w.prevValue = false
			if o.kind == gTop || o.kind == gBlock {
				o.ended = true
			}
		} else {
			w.prevValue = true
		}
	case gGroup:
		// A comma sequence in parentheses joins the one around it: esbuild
		// drops the parentheses, and the printer's cost is quadratic in the
		// joined sequence.
		if g.commas > 0 && commaIsOperator(o.kind) && !o.decl {
			if o.commas == 0 {
				o.commasAt = g.commasAt
			}
			w.spend(gsCommaSteps, o.commas*g.commas, o.commas+g.commas, o.commasAt)
			o.commas += g.commas
			w.note(gsComma, o.commas, o.commasAt)
		}
		w.operand(o, g.strRun > 0, g.strRun, g.plusBefore)
	default:
		w.prevValue = true
	}
}

// openScope opens a scope of the renamer model.
func (w *walker) openScope() {
	w.serial++
	w.marks = append(w.marks, scopeMark{undo: len(w.undo), serial: w.serial})
}

// closeScopes closes the scopes above mark, undoing their names.
func (w *walker) closeScopes(mark int) {
	for len(w.marks) > mark {
		m := w.marks[len(w.marks)-1]
		w.marks = w.marks[:len(w.marks)-1]
		for len(w.undo) > m.undo {
			r := w.undo[len(w.undo)-1]
			w.undo = w.undo[:len(w.undo)-1]
			r.e.count--
			r.e.top = r.prevTop
		}
	}
}

// closeArrows closes the scopes of the arrow functions open at level f.
func (w *walker) closeArrows(f *gFrame) {
	if f.arrows > 0 {
		w.closeScopes(f.exprMark)
		f.arrows = 0
	}
}

// scopeVisitSteps is what one visit of a scope costs esbuild's renamer, in
// the steps of the scope budget (about 10 ns each): measured, nested
// scopes that each declare one distinct name cost 0.3 µs (blocks) to 1 µs
// (functions) per depth.
const scopeVisitSteps = 100

// scopeName counts an identifier for the renamer model. esbuild's renamer
// gives every symbol of a scope a name unused in the scope and all its
// parents: one map look-up per enclosing scope for each name it tries, and
// it tries one more name for each enclosing scope that holds the name
// already. The model counts every identifier once per scope (as if it were
// declared there), at the cost depth × (1 + enclosing scopes where it
// occurs), plus the scope's visits.
func (w *walker) scopeName(name string, at, decl int) {
	cur := w.marks[len(w.marks)-1].serial
	e := w.names[name]
	if e == nil {
		e = &nameEntry{top: -1}
		w.names[name] = e
	}
	if decl > 0 {
		// A name declared again in its scope (other than var after var)
		// is an error whose note points back at the first declaration:
		// esbuild's line and column tracker then scans the file from the
		// start to here, once per such error.
		if e.declScope == cur && (e.declLexical || decl == 2) {
			w.spend(gsRedeclBytes, at, at, at)
		}
		e.declScope, e.declLexical = cur, decl == 2
	}
	if e.top == cur {
		return
	}
	depth := len(w.marks)
	steps := depth * (1 + e.count)
	if m := &w.marks[len(w.marks)-1]; !m.named {
		// The renamer visits a scope that declares anything once for
		// each enclosing scope, each visit costing about 100 steps (a
		// new map and a pass over the members): quadratic in the depth
		// even when no name is shadowed.
		m.named = true
		steps += depth * scopeVisitSteps
	}
	w.spend(gsScopeSteps, steps, depth, at)
	w.undo = append(w.undo, undoRec{e, e.top})
	e.count++
	e.top = cur
}

// verdict picks the measure to report: a stack measure over its limit
// first (a fatal overflow), then the combined depth, then the budgets;
// within a tier, the one furthest over its limit.
func (w *walker) verdict() *TooComplex {
	limits := w.limits()
	tiers := [][]gShape{
		{gsBrackets, gsPrefix, gsSuffix, gsRight, gsStatements, gsComma},
		{gsDepth},
		{gsNotSteps, gsCommaSteps, gsLabelSteps, gsStringBytes, gsScopeSteps, gsIndentSteps, gsRedeclBytes},
	}
	for _, tier := range tiers {
		var best *TooComplex
		bestRatio := 1.0
		for _, s := range tier {
			size, at, detail := w.value(s)
			if size <= limits[s] {
				continue
			}
			if r := float64(size) / float64(limits[s]); r > bestRatio {
				bestRatio = r
				best = &TooComplex{Shape: gShapeNames[s], Size: size, Limit: limits[s], Offset: at, Detail: detail, what: w.max[s].what}
			}
		}
		if best != nil {
			best.Line = lineOf(w.src, best.Offset)
			return best
		}
	}
	return nil
}

// isBudget: the shape is measured in steps summed over the file.
func (s gShape) isBudget() bool { return s >= gsNotSteps }

// value is the measure s: its size, where, and for a budget the largest
// instance.
func (w *walker) value(s gShape) (size, at, detail int) {
	if s.isBudget() {
		return w.steps[s], w.max[s].dt, w.max[s].detail
	}
	return w.max[s].size, w.max[s].at, 0
}

// limits are the limits for this file (budgets grow with its size).
func (w *walker) limits() [numGShapes]int {
	n := len(w.src)
	return [numGShapes]int{
		gsBrackets: MaxNestingDepth, gsPrefix: MaxChain, gsSuffix: MaxChain, gsRight: MaxChain,
		gsStatements: MaxChain, gsComma: MaxCommaSequence, gsDepth: MaxDepth,
		gsNotSteps:    notStepsFloor + notStepsPerByte*n,
		gsCommaSteps:  commaStepsFloor + commaStepsPerByte*n,
		gsLabelSteps:  labelStepsFloor + labelStepsPerByte*n,
		gsStringBytes: stringBytesFloor + stringBytesPerByte*n,
		gsScopeSteps:  scopeStepsFloor + scopeStepsPerByte*n,
		gsIndentSteps: indentStepsFloor + indentStepsPerByte*n,
		gsRedeclBytes: redeclBytesFloor + redeclBytesPerByte*n,
	}
}
