//go:build treesitter

package jsparse

import (
	"context"

	sitter "github.com/smacker/go-tree-sitter"
)

// Skipping function bodies.
//
// Exports, top-level declarations and CommonJS assignments all live at the
// top level; most of a handler file's bytes are inside function bodies. When
// esbuild has already accepted a file, Check parses it with tree-sitter while
// leaving out the inside of every outermost block that follows `)` or `=>`
// (function, arrow and method bodies, and the blocks of if/for/while/catch):
// tree-sitter's included ranges make `{ … }` read as `{}` with every byte
// offset unchanged.
//
// The block finder (bodyRanges) is a small lexer that knows strings,
// template literals, comments and regular expressions. It gives up on
// anything it is unsure about, and the result is checked: the tree must have
// no error and every left-out range must be the inside of a statement_block
// or switch_body node of the tree. Otherwise Check parses the whole file, so
// the shortcut changes speed, never results (TestCheckMatchesParse).

// bodyRanges returns the insides [open+1, close) of the outermost blocks
// that follow `)` or `=>` and of the outermost template literals (whose
// value never matters here: a template is a literal, a tagged one a call),
// in order, or ok=false when the source is not lexed with confidence.
func bodyRanges(src []byte) (out []Range, ok bool) {
	const (
		prevNone = iota
		prevIdent
		prevKeywordRegex // a keyword after which '/' starts a regex
		prevValue        // number, string, template, regex
		prevCloseParen
		prevCloseBracket
		prevCloseBrace
		prevArrow
		prevPunct
	)
	prev := prevNone
	// stack of open braces: '{' a block or object, '$' a template substitution
	stack := make([]byte, 0, 32)
	skipFrom, skipDepth := -1, 0
	// the outermost template literal being left out, whole
	tmplFrom, tmplDepth := -1, 0
	endTemplate := func(closeTick int) {
		if tmplFrom >= 0 && len(stack) == tmplDepth {
			if closeTick > tmplFrom {
				out = append(out, Range{tmplFrom, closeTick})
			}
			tmplFrom = -1
		}
	}
	n := len(src)
	i := 0
	if n > 1 && src[0] == '#' && src[1] == '!' {
		for i < n && src[i] != '\n' {
			i++
		}
	}
	// scanTemplate scans template text from i (just after '`' or a
	// substitution's '}') to the closing '`' (returns the index after it,
	// inSub=false) or to a "${" (returns the index after it, inSub=true).
	scanTemplate := func(i int) (int, bool, bool) {
		for i < n {
			switch src[i] {
			case '\\':
				i += 2
				continue
			case '`':
				return i + 1, false, true
			case '$':
				if i+1 < n && src[i+1] == '{' {
					return i + 2, true, true
				}
			}
			i++
		}
		return i, false, false
	}
	for i < n {
		c := src[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f':
			i++
		case c == '/' && i+1 < n && src[i+1] == '/':
			for i < n && src[i] != '\n' && src[i] != '\r' {
				i++
			}
		case c == '/' && i+1 < n && src[i+1] == '*':
			end := indexFrom(src, i+2, "*/")
			if end < 0 {
				return nil, false
			}
			i = end + 2
		case c == '\'' || c == '"':
			i++
			for {
				if i >= n || src[i] == '\n' || src[i] == '\r' {
					return nil, false
				}
				if src[i] == '\\' {
					i += 2
					continue
				}
				if src[i] == c {
					i++
					break
				}
				i++
			}
			prev = prevValue
		case c == '`':
			if skipFrom < 0 && tmplFrom < 0 {
				tmplFrom, tmplDepth = i+1, len(stack)
			}
			j, inSub, good := scanTemplate(i + 1)
			if !good {
				return nil, false
			}
			i = j
			if inSub {
				stack = append(stack, '$')
				prev = prevPunct
			} else {
				endTemplate(j - 1)
				prev = prevValue
			}
		case c == '/':
			regex := prev == prevNone || prev == prevKeywordRegex || prev == prevArrow || prev == prevPunct || prev == prevCloseBrace
			if !regex {
				i++
				if i < n && src[i] == '=' {
					i++
				}
				prev = prevPunct
				continue
			}
			i++
			inClass := false
			for {
				if i >= n || src[i] == '\n' || src[i] == '\r' {
					return nil, false
				}
				b := src[i]
				if b == '\\' {
					i += 2
					continue
				}
				i++
				if b == '[' {
					inClass = true
				} else if b == ']' {
					inClass = false
				} else if b == '/' && !inClass {
					break
				}
			}
			for i < n && isIdentByte(src[i]) {
				i++
			}
			prev = prevValue
		case c == '{':
			stack = append(stack, '{')
			if skipFrom < 0 && tmplFrom < 0 && (prev == prevCloseParen || prev == prevArrow) {
				skipFrom, skipDepth = i+1, len(stack)
			}
			i++
			prev = prevPunct
		case c == '}':
			if len(stack) == 0 {
				return nil, false
			}
			top := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if top == '$' {
				j, inSub, good := scanTemplate(i + 1)
				if !good {
					return nil, false
				}
				i = j
				if inSub {
					stack = append(stack, '$')
					prev = prevPunct
				} else {
					endTemplate(j - 1)
					prev = prevValue
				}
				continue
			}
			if skipFrom >= 0 && len(stack)+1 == skipDepth {
				if i > skipFrom {
					out = append(out, Range{skipFrom, i})
				}
				skipFrom = -1
			}
			i++
			prev = prevCloseBrace
		case c == ')':
			i++
			prev = prevCloseParen
		case c == ']':
			i++
			prev = prevCloseBracket
		case c == '=' && i+1 < n && src[i+1] == '>':
			i += 2
			prev = prevArrow
		case isIdentByte(c) || c == '#' || c == '\\':
			start := i
			for i < n && (isIdentByte(src[i]) || src[i] == '\\') {
				i++
			}
			if i == start {
				i++
			}
			if c >= '0' && c <= '9' {
				// numbers: 1.5e+3
				for i < n && (src[i] == '.' || isIdentByte(src[i]) || (src[i] == '+' || src[i] == '-') && (src[i-1] == 'e' || src[i-1] == 'E')) {
					i++
				}
				prev = prevValue
			} else if regexKeywords[string(src[start:i])] {
				prev = prevKeywordRegex
			} else {
				prev = prevIdent
			}
		case c == '.' && i+1 < n && src[i+1] >= '0' && src[i+1] <= '9':
			i++
			for i < n && (src[i] == '.' || isIdentByte(src[i])) {
				i++
			}
			prev = prevValue
		default:
			i++
			prev = prevPunct
		}
	}
	if len(stack) != 0 || skipFrom >= 0 || tmplFrom >= 0 {
		return nil, false
	}
	return out, true
}

var regexKeywords = map[string]bool{
	"return": true, "typeof": true, "instanceof": true, "in": true, "of": true, "new": true, "delete": true,
	"void": true, "throw": true, "case": true, "do": true, "else": true, "yield": true, "await": true,
}

func indexFrom(src []byte, from int, sub string) int {
	for i := from; i+len(sub) <= len(src); i++ {
		if src[i] == sub[0] && string(src[i:i+len(sub)]) == sub {
			return i
		}
	}
	return -1
}

// includedRanges turns left-out ranges into tree-sitter's included ranges
// (their complement), with row/column points.
func includedRanges(src []byte, skip []Range) []sitter.Range {
	out := make([]sitter.Range, 0, len(skip)+1)
	row, col := uint32(0), uint32(0)
	pos := 0
	advance := func(to int) sitter.Point {
		for ; pos < to; pos++ {
			if src[pos] == '\n' {
				row++
				col = 0
			} else {
				col++
			}
		}
		return sitter.Point{Row: row, Column: col}
	}
	start, startPt := 0, sitter.Point{}
	for _, r := range skip {
		endPt := advance(r.Start)
		out = append(out, sitter.Range{StartPoint: startPt, EndPoint: endPt, StartByte: uint32(start), EndByte: uint32(r.Start)})
		startPt = advance(r.End)
		start = r.End
	}
	endPt := advance(len(src))
	out = append(out, sitter.Range{StartPoint: startPt, EndPoint: endPt, StartByte: uint32(start), EndByte: uint32(len(src))})
	return out
}

// parseSkippingBodies parses src leaving out function-body interiors. ok is
// false when the shortcut cannot be trusted; f is then nil.
func parseSkippingBodies(src []byte, lang Lang) (f *File, ok bool) {
	defer func() {
		if r := recover(); r != nil {
			f, ok = nil, false
		}
	}()
	skip, good := bodyRanges(src)
	if !good || len(skip) == 0 {
		return nil, false
	}
	g := grammarFor(lang)
	p := g.skipPool.Get().(*sitter.Parser)
	p.SetIncludedRanges(includedRanges(src, skip))
	tree, err := p.ParseCtx(context.Background(), nil, src)
	g.skipPool.Put(p)
	if err != nil || tree == nil {
		return nil, false
	}
	defer tree.Close()
	root := tree.RootNode()
	if root.HasError() {
		return nil, false
	}
	x := &tsExtractor{src: src, g: g, f: &File{Lang: lang}, bindings: map[string]*tsBinding{}}
	if !x.blocksAt(root, skip) {
		return nil, false
	}
	x.run(root)
	return x.f, true
}

// blocksAt checks that every left-out range is exactly the inside of a
// block node of the tree.
func (x *tsExtractor) blocksAt(root *sitter.Node, skip []Range) bool {
	cur := sitter.NewTreeCursor(root)
	defer cur.Close()
	for _, r := range skip {
		open := r.Start - 1
		cur.Reset(root)
		found := false
		for !found && cur.GoToFirstChildForByte(uint32(open)) >= 0 {
			n := cur.CurrentNode()
			for int(n.EndByte()) <= open && cur.GoToNextSibling() {
				n = cur.CurrentNode()
			}
			if int(n.StartByte()) > open {
				break
			}
			if int(n.StartByte()) == open {
				t := x.typ(n)
				found = (t == "statement_block" || t == "switch_body" || t == "class_body" || t == "template_string") && int(n.EndByte()) == r.End+1
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// CheckTreeSitter is Check as it was with tree-sitter (one Transform and a
// tree-sitter parse that skips function bodies, run at the same time), kept
// for the side-by-side benchmarks.
func CheckTreeSitter(path string, src []byte, lang Lang) (Validation, *File) {
	if e := tooDeep(src); e != nil {
		return Validation{Error: e}, ParseTreeSitter(src, lang)
	}
	type skipped struct {
		f  *File
		ok bool
	}
	done := make(chan skipped, 1)
	go func() {
		f, ok := parseSkippingBodies(src, lang)
		done <- skipped{f, ok}
	}()
	v, code := transform(src, lang, true)
	r := <-done
	if v.Error != nil {
		return v, ParseTreeSitter(src, lang)
	}
	wrapped := isCJSWrapper(code)
	f, ok := r.f, r.ok
	if !ok || !wrapped && f.Format != FormatESM {
		f = ParseTreeSitter(src, lang)
	}
	switch {
	case wrapped:
		v.Format = FormatCJS
	case f.Format == FormatESM:
		v.Format = FormatESM
	default:
		v.Format = FormatNone
	}
	f.Format = v.Format
	return v, f
}
