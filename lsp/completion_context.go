package lsp

import (
	"bytes"
	"strings"

	"github.com/velo-lsp/velo-lsp/analyzer/jsparse"
)

// Completion context: what the text before the cursor asks for. It works on
// half-typed code: the line-based forms need no parse at all, and the
// enclosing handler of a member chain comes from the current tree when it
// places the cursor in an exported function's body, else from a textual scan
// backed by the document's last good parse.

type contextKind int

const (
	ctxNone        contextKind = iota
	ctxHandlerFunc             // export function |  /  export async function |
	ctxHandlerVar              // export const|let|var |
	ctxSpecifier               // export { local as | }
	ctxMember                  // <param>.a.b.|  inside a handler's body
)

type completionCtx struct {
	kind        contextKind
	prefixStart int    // byte offset where the word being typed starts
	prefix      string // the word being typed (may be empty)

	// ctxMember
	handler string   // the enclosing exported handler's name
	path    []string // member names between the parameter and the cursor
}

// isIdent reports whether b may appear in an identifier.
func isIdent(b byte) bool {
	return b == '_' || b == '$' || b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= 0x80
}

// contextWindow bounds how far back of the cursor the token stream is
// read (bytes): every form recognised here is short, and a line break or
// statement end bounds it anyway.
const contextWindow = 4096

// cursorTokens returns the code tokens (no comments) of the text before
// the cursor, lexed from a statement boundary at most contextWindow bytes
// back, and whether the cursor is in code at all (not inside a comment,
// string, template text or regular expression, which the last token would
// then be, unterminated at the cursor).
func cursorTokens(text []byte, lang jsparse.Lang, off int) (*jsparse.Tokens, []jsparse.Token, bool) {
	lo := max(off-contextWindow, 0)
	// Start at a line start: lexing from the middle of a token would read
	// its rest as code.
	if lo > 0 {
		if i := bytes.IndexByte(text[lo:off], '\n'); i >= 0 {
			lo += i + 1
		}
	}
	ts := jsparse.LexRange(text, lang, jsparse.Range{Start: lo, End: off})
	var code []jsparse.Token
	for _, t := range ts.List {
		if t.Kind == jsparse.TokEOF {
			break
		}
		if t.End == off && (t.IsComment() || t.Kind == jsparse.TokString || t.Kind == jsparse.TokRegExp ||
			t.Kind == jsparse.TokTemplate || t.Kind == jsparse.TokTemplateHead || t.Kind == jsparse.TokTemplateMiddle) {
			return nil, nil, false
		}
		if t.Kind == jsparse.TokLineComment && t.End >= off {
			return nil, nil, false
		}
		if !t.IsComment() {
			code = append(code, t)
		}
	}
	return ts, code, true
}

// findContext classifies the cursor at byte offset off of d, from the
// tokens before it.
func findContext(d *document, f *jsparse.File, off int) completionCtx {
	text := d.text
	if off > len(text) {
		off = len(text)
	}
	ts, toks, inCode := cursorTokens(text, d.lang, off)
	if !inCode {
		return completionCtx{}
	}
	isWord := func(t *jsparse.Token, w string) bool { return t != nil && ts.IsWord(*t, w) }
	// The word being typed ends at the cursor; before it, what asks.
	word, prefixStart := "", off
	n := len(toks)
	if n > 0 && toks[n-1].End == off && (toks[n-1].Kind == jsparse.TokIdent || toks[n-1].Kind == jsparse.TokKeyword) {
		word, prefixStart = string(text[toks[n-1].Start:off]), toks[n-1].Start
		n--
	}
	before := toks[:n]
	at := func(i int) *jsparse.Token {
		if i < 0 || i >= len(before) {
			return nil
		}
		return &before[len(before)-1-i] // 0: the token just before the word
	}
	isExport := func(t *jsparse.Token, i int) bool {
		if t == nil || !isWord(t, "export") {
			return false
		}
		p := at(i + 1)
		return p == nil || !(p.Is(jsparse.OpDot) || p.Is(jsparse.OpQuestionDot))
	}
	// export [async] function [*] |
	if i := 0; at(i) != nil {
		if at(i).Is(jsparse.OpStar) {
			i++
		}
		if t := at(i); t != nil && isWord(t, "function") {
			j := i + 1
			if t := at(j); t != nil && isWord(t, "async") {
				j++
			}
			if isExport(at(j), j) {
				return completionCtx{kind: ctxHandlerFunc, prefixStart: prefixStart, prefix: word}
			}
		}
	}
	// export const|let|var |
	if t := at(0); t != nil && (isWord(t, "const") || isWord(t, "let") || isWord(t, "var")) && isExport(at(1), 1) {
		return completionCtx{kind: ctxHandlerVar, prefixStart: prefixStart, prefix: word}
	}
	// export { local as |
	if t := at(0); t != nil && isWord(t, "as") {
		for i := 1; at(i) != nil && i < 512; i++ {
			t := at(i)
			if t.Is(jsparse.OpLBrace) {
				if isExport(at(i+1), i+1) {
					return completionCtx{kind: ctxSpecifier, prefixStart: prefixStart, prefix: word}
				}
				break
			}
			if !(t.Kind == jsparse.TokIdent || t.Kind == jsparse.TokKeyword || t.Kind == jsparse.TokString || t.Is(jsparse.OpComma)) {
				break
			}
		}
	}
	// param.a.b.|
	if t := at(0); t != nil && (t.Is(jsparse.OpDot) || t.Is(jsparse.OpQuestionDot)) {
		var path []string
		i := 1
		for {
			name := at(i)
			if name == nil || name.Kind != jsparse.TokIdent {
				return completionCtx{}
			}
			if dot := at(i + 1); dot != nil && (dot.Is(jsparse.OpDot) || dot.Is(jsparse.OpQuestionDot)) {
				path = append([]string{ts.Value(*name)}, path...)
				i += 2
				continue
			}
			handler, param := enclosingHandler(d, f, name.Start)
			if handler == "" || param != ts.Value(*name) {
				return completionCtx{}
			}
			return completionCtx{kind: ctxMember, prefixStart: prefixStart, prefix: word, handler: handler, path: path}
		}
	}
	return completionCtx{}
}

// enclosingHandler returns the name and first parameter of the exported
// function whose body holds off, in the structure f of d's text.
func enclosingHandler(d *document, f *jsparse.File, off int) (name, param string) {
	for _, e := range f.Exports {
		if e.Value == jsparse.ValueFunction && e.Body.Start >= 0 && e.Body.Start < off && off < e.Body.End {
			return e.Name, firstParam(d.text, e.Params)
		}
	}
	if !f.HasErrors {
		return "", "" // a sound tree: the cursor is in no handler
	}
	// The text is broken around the cursor (a body being typed): the
	// nearest export head above it, from the tokens.
	return nearestHandlerHead(d.text, d.lang, off)
}

// nearestHandlerHead finds, in the code tokens before off, the last head
// of an exported function with its first parameter:
//
//	export [async] function [*] name ( param
//	export const|let|var name = [async] function [name] ( param
//	export const|let|var name = [async] ( param
//	export const|let|var name = [async] param =>
func nearestHandlerHead(text []byte, lang jsparse.Lang, off int) (name, param string) {
	var code []jsparse.Token
	ts := jsparse.LexRange(text, lang, jsparse.Range{Start: 0, End: off})
	for _, t := range ts.List {
		if !t.IsComment() && t.Kind != jsparse.TokEOF {
			code = append(code, t)
		}
	}
	ident := func(i int) string {
		if i < len(code) && code[i].Kind == jsparse.TokIdent {
			return ts.Value(code[i])
		}
		return ""
	}
	word := func(i int, w string) bool { return i < len(code) && ts.IsWord(code[i], w) }
	op := func(i int, o jsparse.Op) bool { return i < len(code) && code[i].Is(o) }
	for k := len(code) - 1; k >= 0; k-- {
		if !word(k, "export") {
			continue
		}
		i := k + 1
		if word(i, "async") {
			i++
		}
		if word(i, "function") {
			i++
			if op(i, jsparse.OpStar) {
				i++
			}
			if n := ident(i); n != "" && op(i+1, jsparse.OpLParen) {
				return n, ident(i + 2)
			}
			continue
		}
		if !(word(i, "const") || word(i, "let") || word(i, "var")) {
			continue
		}
		n := ident(i + 1)
		if n == "" || !op(i+2, jsparse.OpAssign) {
			continue
		}
		j := i + 3
		if word(j, "async") {
			j++
		}
		switch {
		case word(j, "function"):
			j++
			if op(j, jsparse.OpStar) {
				j++
			}
			if ident(j) != "" {
				j++
			}
			if op(j, jsparse.OpLParen) {
				return n, ident(j + 1)
			}
		case op(j, jsparse.OpLParen):
			return n, ident(j + 1)
		case ident(j) != "" && op(j+1, jsparse.OpArrow):
			return n, ident(j)
		}
	}
	return "", ""
}

// firstParam returns the first simple parameter name of a parameter list
// range ("(event, ctx)" → "event"); "" for a destructuring pattern or none.
func firstParam(text []byte, r jsparse.Range) string {
	if r.Start < 0 || r.End > len(text) || r.Start >= r.End {
		return ""
	}
	s := strings.TrimSpace(string(text[r.Start:r.End]))
	s = strings.TrimPrefix(s, "(")
	s = skipSpaceAndComments(s)
	end := 0
	for end < len(s) && isIdent(s[end]) {
		end++
	}
	return s[:end]
}

// wordAt returns the identifier around off: [start, end).
func wordAt(text []byte, off int) (int, int) {
	if off > len(text) {
		off = len(text)
	}
	start, end := off, off
	for start > 0 && isIdent(text[start-1]) {
		start--
	}
	for end < len(text) && isIdent(text[end]) {
		end++
	}
	return start, end
}

// skipSpaceAndComments drops leading white space and comments.
func skipSpaceAndComments(s string) string {
	for {
		s = strings.TrimLeft(s, " \t\r\n")
		switch {
		case strings.HasPrefix(s, "/*"):
			i := strings.Index(s[2:], "*/")
			if i < 0 {
				return ""
			}
			s = s[2+i+2:]
		case strings.HasPrefix(s, "//"):
			i := strings.IndexByte(s, '\n')
			if i < 0 {
				return ""
			}
			s = s[i+1:]
		default:
			return s
		}
	}
}
