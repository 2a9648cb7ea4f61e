package jsparse

import (
	"strconv"
	"strings"
)

// Guards before esbuild.
//
// esbuild's parser, visitor, renamer and printer recurse once per level of
// most constructs, and a Go stack overflow is fatal: no recover catches it,
// and `check` or the language server dies. Other shapes make esbuild work in
// quadratic (or cubic) time or memory. Before esbuild sees a file, the guard
// measures these shapes on the lexer's token stream, in one pass, and a file
// over a limit is refused with one SyntaxError whose ID is TooDeeplyNestedID
// ("too complex to examine safely"); its message says which shape, how big
// and where.
//
// Breaking points, measured by the stress harness (guard_stress_test.go) on
// esbuild v0.28.2 with Go's default 1 GB stack, Transform and Build alike;
// "levels" is repetitions of the construct:
//
//	stack overflow (fatal)
//	  prefix operators ! ~ - + typeof void delete await yield new ++ ...   about 165,000
//	  member, call, index, optional and tagged-template chains       about 165,000
//	  assignment and ** chains                                        about 130,000
//	  conditional chains (either branch), template and object nesting about 165,000
//	  else-if chains, loops and else without braces                   about 155,000
//	  parentheses                                                     about 235,000
//	  TypeScript <T> type assertions                                  about 400,000
//	time or memory (superlinear; CPU time, in this process)
//	  a => a => a …         renamer, cubic: 500 arrows 0.4 s, 1,000 2.8 s
//	  nested scopes         renamer, quadratic in depth: 1,000 nested functions 0.5 s,
//	                        blocks 0.14 s, classes (500) 0.25 s
//	  a, a, a …             printer, quadratic: 1,000 terms 12 ms, 4,000 0.19 s, 16,000 6.5 s
//	                        (in for(;;) heads and statements too)
//	  !!!! … a              boolean simplification, quadratic: 4,000 94 ms, 16,000 1.5 s
//	  L1: L2: L3: …         label checks, quadratic: 5,000 0.15 s, 16,000 2.9 s
//	  "ab" + "ab" + …       constant folding, quadratic memory: 8,000 terms 131 MB,
//	                        128,000 out of memory; 100-byte pieces: 8,000 6 GB
//	  {{{{ … }}}}, if(a)if(a)…, do do …   output indentation, quadratic: 16,000 levels 2.5 GB
//	  for(;;)for(;;)…       quadratic: 5,000 levels 90 ms
//	  let a; let a; …       each "already declared" note located from the file's
//	                        start, quadratic: 4,000 0.27 s, 16,000 4.2 s
//	not superlinear up to 4 MB: binary operator chains (+ || ?? & …), TypeScript
//	  types (A<B<…>>, unions, intersections, keyof, conditional and function
//	  types), as/satisfies chains, array elements, arguments, properties,
//	  template substitutions, statements, while and else-if nesting (until the
//	  stack overflows).
//
// The limits sit far above hand-written code and far below these points.
// 72 real events files (public Velo sites: brackets nest at most 12 deep,
// the combined depth 25) use at most 1.2% of any limit; 41 MB of bundled and
// minified JavaScript and TypeScript (code-server's node_modules) pass every
// file, the closest at 45% of the comma and scope budgets. Every stack
// measure is at most 10,000 levels, a 13-fold margin below the 130,000 of
// the cheapest shape; the deepest accepted files run in 32 MB of stack, a
// 32nd of Go's default (TestAcceptedInputsFitInAnEighthOfTheStack). Each
// superlinear shape is kept within a step budget that costs esbuild tens of
// milliseconds (plus a share proportional to the file's size).

// Limits of the guard. A file at a limit is parsed; one over it is refused.
const (
	// MaxNestingDepth bounds how deeply brackets ( [ { and template
	// substitutions may nest.
	MaxNestingDepth = 1000
	// MaxChain bounds each chain of one construct, counted within one
	// bracket level: prefix operators (! ~ - + typeof void delete await
	// yield new ++ -- ... and TypeScript <T> assertions), member accesses
	// and calls (. ?. [] () tagged templates, postfix ! ++ --), right-nested
	// operators (assignments, **, ?:, =>), and statements nested without
	// braces (if, else, for, while, do, with, labels).
	MaxChain = 5000
	// MaxDepth bounds all of these together: the sum, over the enclosing
	// bracket levels, of one per bracket and the chains open at each level.
	// It approximates how deep esbuild recurses.
	MaxDepth = 10000
	// MaxCommaSequence bounds a sequence of comma operators (a, b, c),
	// parenthesised left operands included.
	MaxCommaSequence = 2000
)

// Step budgets of the superlinear shapes: Floor steps for any file, plus
// PerByte steps per byte of source. The comments say what one step costs
// esbuild (measured on a 2-core machine).
const (
	notStepsFloor, notStepsPerByte       = 4_000_000, 8  // nested ! : 12 ns a step
	commaStepsFloor, commaStepsPerByte   = 2_000_000, 4  // comma sequences: 24 ns a step
	labelStepsFloor, labelStepsPerByte   = 2_000_000, 4  // nested labels: 14 ns a step
	stringBytesFloor, stringBytesPerByte = 32 << 20, 32  // folded strings: a byte allocated a step
	scopeStepsFloor, scopeStepsPerByte   = 4_000_000, 16 // renamer: 10 ns a step
	indentStepsFloor, indentStepsPerByte = 1_000_000, 4  // nested blocks, if, do, for: 10 to 25 ns a step
	redeclBytesFloor, redeclBytesPerByte = 16 << 20, 16  // redeclarations: 5 ns a byte scanned
)

// TooDeeplyNestedID is the SyntaxError.ID of a file refused by the guard:
// it is too complex to examine safely (nested too deep, a chain too long,
// or a shape on which esbuild would work superlinearly). The name is kept
// from when the guard measured brackets only.
const TooDeeplyNestedID = "too-deeply-nested"

// Shape names a construct the guard measures.
type Shape string

const (
	ShapeBrackets    Shape = "brackets"
	ShapePrefix      Shape = "prefix"
	ShapeSuffix      Shape = "suffix"
	ShapeRightNested Shape = "right-nested"
	ShapeStatements  Shape = "statements"
	ShapeDepth       Shape = "depth"
	ShapeComma       Shape = "comma"
	ShapeNotSteps    Shape = "not-steps"
	ShapeCommaSteps  Shape = "comma-steps"
	ShapeLabelSteps  Shape = "label-steps"
	ShapeStringBytes Shape = "string-bytes"
	ShapeScopeSteps  Shape = "scope-steps"
	ShapeIndentSteps Shape = "indent-steps"
	ShapeRedeclBytes Shape = "redeclaration-bytes"
)

// TooComplex says why the guard refuses a file.
type TooComplex struct {
	Shape  Shape
	Size   int // levels, operators, or steps for the budgets
	Limit  int
	Offset int // 0-based byte offset of the construct
	Line   int // 1-based line of Offset
	// Detail is the size of the largest single instance, for a budget
	// (Shape ending in -steps or -bytes): the longest run of !, comma
	// sequence, label chain, concatenation (in bytes) or nesting depth.
	Detail int
	what   string // set for right-nested chains: which operator dominates
}

// Error is the message: which shape, how big, where, and the limit, e.g.
// "a chain of 200,000 prefix operators at line 3; the limit is 5,000".
func (c *TooComplex) Error() string {
	at := " at line " + group(c.Line)
	n, lim := group(c.Size), group(c.Limit)
	switch c.Shape {
	case ShapeBrackets:
		return "brackets nest " + n + " levels deep" + at + "; the limit is " + lim
	case ShapePrefix:
		return "a chain of " + n + " prefix operators" + at + "; the limit is " + lim
	case ShapeSuffix:
		return "a chain of " + n + " member accesses and calls" + at + "; the limit is " + lim
	case ShapeRightNested:
		what := c.what
		if what == "" {
			what = "assignments, conditionals, arrow functions or ** operators"
		}
		return "a chain of " + n + " nested " + what + at + "; the limit is " + lim
	case ShapeStatements:
		return "statements nest " + n + " levels deep without braces (if, else, loops, labels)" + at + "; the limit is " + lim
	case ShapeDepth:
		return "expressions and statements nest " + n + " levels deep (brackets, operator chains and statements together)" + at + "; the limit is " + lim
	case ShapeComma:
		return "a sequence of " + n + " comma operators" + at + "; the limit is " + lim
	}
	var what, longest string
	switch c.Shape {
	case ShapeNotSteps:
		what, longest = "nested ! operators, which esbuild simplifies in quadratic time,", group(c.Detail)+" nested"
	case ShapeCommaSteps:
		what, longest = "comma sequences, which esbuild prints in quadratic time,", "the longest of "+group(c.Detail)
	case ShapeLabelSteps:
		what, longest = "nested labels, which esbuild checks in quadratic time,", group(c.Detail)+" nested"
	case ShapeStringBytes:
		what, longest = "string concatenations, which esbuild folds into quadratically many bytes,", group(c.Detail)+" bytes"
	case ShapeScopeSteps:
		what, longest = "nested scopes, whose names esbuild renames in quadratic time,", group(c.Detail)+" levels deep"
	case ShapeRedeclBytes:
		what, longest = "names declared twice, whose errors esbuild locates in quadratic time,", "the last"
	case ShapeIndentSteps:
		what, longest = "nested blocks and statements, which esbuild prints in quadratic time,", group(c.Detail)+" levels deep"
	}
	return what + " cost " + n + " steps (" + longest + at + "); the limit for this file is " + lim
}

// group writes n with thousands separators: 200000 is "200,000".
func group(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// NestingDepth returns the deepest nesting of (, [ and { in src, counted on
// the raw bytes: brackets in strings and comments count too, which only errs
// towards a larger depth. One pass, no allocation. Parse, when no guard ran
// before it, refuses a file deeper than MaxNestingDepth by this count.
func NestingDepth(src []byte) int {
	depth, max := 0, 0
	for _, c := range src {
		switch bracketDelta[c] {
		case 0:
		case 1:
			depth++
			if depth > max {
				max = depth
			}
		default:
			if depth > 0 {
				depth--
			}
		}
	}
	return max
}

// bracketDelta is +1 for an opening bracket, -1 for a closing one, 0 for
// every other byte: one table load per byte instead of six comparisons.
var bracketDelta = [256]int8{'(': 1, '[': 1, '{': 1, ')': -1, ']': -1, '}': -1}

// Complexity measures src and returns why the guard refuses it, or nil when
// every measure is within its limit. Linear in len(src): one lexer pass and
// one pass over the tokens. lang picks the lexer's language; the measures
// are the same for both.
func Complexity(src []byte, lang Lang) *TooComplex {
	return complexityOf(Lex(src, lang), lang)
}

// complexityOf is Complexity over ts, the tokens of a whole file lexed as
// lang.
func complexityOf(ts *Tokens, lang Lang) *TooComplex {
	src := ts.Src
	c := walkTokens(ts, lang).verdict()
	if c == nil {
		if d := NestingDepth(src); d > MaxNestingDepth {
			// The token walk found nothing (brackets in strings or
			// comments), but the raw count, cheap and what Parse refuses
			// on its own too, still refuses: a safety net for a token
			// stream the lexer reads differently from esbuild.
			return &TooComplex{Shape: ShapeBrackets, Size: d, Limit: MaxNestingDepth, Offset: 0, Line: 1}
		}
	}
	return c
}

// guardSource returns the error that stands for a parse of src when the
// guard refuses src (lexed as lang), or nil.
func guardSource(src []byte, lang Lang) *SyntaxError {
	return refusal(Complexity(src, lang))
}

// guardTokens is guardSource over ts, the tokens of a whole file.
func guardTokens(ts *Tokens, lang Lang) *SyntaxError {
	return refusal(complexityOf(ts, lang))
}

func refusal(c *TooComplex) *SyntaxError {
	if c == nil {
		return nil
	}
	return &SyntaxError{
		ID:      TooDeeplyNestedID,
		Message: "The file is too complex to examine safely: " + c.Error() + "; it was not parsed",
		// At the file's start: the refusal is about the whole file (none
		// of it was parsed); the message's line and TooComplex.Offset say
		// where the construct is.
		Range:      Range{0, 0},
		TooComplex: c,
	}
}

// lineOf is the 1-based line of offset (line terminators as esbuild counts
// them: \n, \r\n, \r, U+2028, U+2029).
func lineOf(src []byte, offset int) int {
	if offset > len(src) {
		offset = len(src)
	}
	line := 1
	for i := 0; i < offset; i++ {
		switch src[i] {
		case '\n':
			line++
		case '\r':
			if i+1 >= len(src) || src[i+1] != '\n' {
				line++
			}
		case 0xE2:
			if i+2 < len(src) && src[i+1] == 0x80 && (src[i+2] == 0xA8 || src[i+2] == 0xA9) {
				line++
			}
		}
	}
	return line
}
