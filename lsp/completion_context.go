package lsp

import (
	"bytes"
	"regexp"
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

var (
	reFuncHead = regexp.MustCompile(`(?:^|[;}\s])export\s+(?:async\s+)?function\s*\*?\s*([\w$]*)$`)
	reVarHead  = regexp.MustCompile(`(?:^|[;}\s])export\s+(?:const|let|var)\s+([\w$]*)$`)
	reAsTail   = regexp.MustCompile(`\bas\s+([\w$]*)$`)
	reChain    = regexp.MustCompile(`([A-Za-z_$][\w$]*)((?:\s*\??\.\s*[A-Za-z_$][\w$]*)*)\s*\??\.\s*([\w$]*)$`)
	// A top-level exported function head with its first parameter.
	reHandlerHead = regexp.MustCompile(`(?m)^[ \t]*export\s+(?:async\s+)?function\s*\*?\s*([\w$]+)\s*\(\s*([\w$]*)|^[ \t]*export\s+(?:const|let|var)\s+([\w$]+)\s*=\s*(?:async\s+)?(?:function\s*[\w$]*\s*)?(?:\(\s*([\w$]*)|([\w$]+)\s*=>)`)
)

// isIdent reports whether b may appear in an identifier.
func isIdent(b byte) bool {
	return b == '_' || b == '$' || b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= 0x80
}

// findContext classifies the cursor at byte offset off of d.
func findContext(d *document, st *store, off int) completionCtx {
	text := d.text
	if off > len(text) {
		off = len(text)
	}
	lineStart := bytes.LastIndexByte(text[:off], '\n') + 1
	// Look back a little further than the line, for heads split over lines.
	windowStart := lineStart
	if ls := bytes.LastIndexByte(text[:max(lineStart-1, 0)], '\n') + 1; lineStart > 0 {
		windowStart = ls
	}
	before := string(text[windowStart:off])

	if m := reFuncHead.FindStringSubmatchIndex(before); m != nil {
		return completionCtx{kind: ctxHandlerFunc, prefixStart: windowStart + m[2], prefix: before[m[2]:m[3]]}
	}
	if m := reVarHead.FindStringSubmatchIndex(before); m != nil {
		return completionCtx{kind: ctxHandlerVar, prefixStart: windowStart + m[2], prefix: before[m[2]:m[3]]}
	}
	if c, ok := specifierContext(text, off); ok {
		return c
	}
	if c, ok := memberContext(d, st, off, lineStart); ok {
		return c
	}
	return completionCtx{}
}

// specifierContext recognizes the alias position of `export { local as |`.
func specifierContext(text []byte, off int) (completionCtx, bool) {
	// The nearest unclosed '{' before the cursor, within a bounded window.
	lo := max(off-2000, 0)
	open := -1
	for i := off - 1; i >= lo; i-- {
		c := text[i]
		if c == '}' || c == ';' || c == '(' || c == ')' {
			return completionCtx{}, false
		}
		if c == '{' {
			open = i
			break
		}
	}
	if open < 0 {
		return completionCtx{}, false
	}
	head := strings.TrimRight(string(text[max(open-64, 0):open]), " \t\r\n")
	if !strings.HasSuffix(head, "export") {
		return completionCtx{}, false
	}
	if len(head) > len("export") && isIdent(head[len(head)-len("export")-1]) {
		return completionCtx{}, false
	}
	inner := string(text[open+1 : off])
	if i := strings.LastIndexByte(inner, ','); i >= 0 {
		inner = inner[i+1:]
	}
	m := reAsTail.FindStringSubmatchIndex(inner)
	if m == nil {
		return completionCtx{}, false
	}
	start := off - (len(inner) - m[2])
	return completionCtx{kind: ctxSpecifier, prefixStart: start, prefix: inner[m[2]:m[3]]}, true
}

// memberContext recognizes `param.a.b.|` where param is the first parameter
// of the exported handler whose body holds the cursor.
func memberContext(d *document, st *store, off, lineStart int) (completionCtx, bool) {
	lo := max(lineStart-512, 0)
	seg := string(d.text[lo:off])
	m := reChain.FindStringSubmatchIndex(seg)
	if m == nil {
		return completionCtx{}, false
	}
	root := seg[m[2]:m[3]]
	var path []string
	for _, p := range strings.Split(seg[m[4]:m[5]], ".") {
		p = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(p), "?"))
		if p != "" {
			path = append(path, p)
		}
	}
	name, param := enclosingHandler(d, st, lo+m[0])
	if name == "" || param != root {
		return completionCtx{}, false
	}
	return completionCtx{kind: ctxMember, prefixStart: lo + m[6], prefix: seg[m[6]:m[7]], handler: name, path: path}, true
}

// enclosingHandler returns the name and first parameter of the exported
// function whose body holds off.
func enclosingHandler(d *document, st *store, off int) (name, param string) {
	v := st.view(d)
	o := v.toOld(off)
	for _, e := range v.file.Exports {
		if e.Value == jsparse.ValueFunction && e.Body.Start >= 0 && e.Body.Start < o && o < e.Body.End {
			return e.Name, firstParam(v.text, e.Params)
		}
	}
	if !v.file.HasErrors && v.fresh {
		return "", "" // a sound, current tree: the cursor is in no handler
	}
	// The tree is broken around the cursor: the nearest export head above
	// it, textually.
	heads := reHandlerHead.FindAllSubmatchIndex(d.text[:off], -1)
	if len(heads) == 0 {
		return "", ""
	}
	h := heads[len(heads)-1]
	get := func(i int) string {
		if h[2*i] < 0 {
			return ""
		}
		return string(d.text[h[2*i]:h[2*i+1]])
	}
	if name = get(1); name != "" {
		param = get(2)
	} else {
		name = get(3)
		param = get(4)
		if param == "" {
			param = get(5)
		}
	}
	// Prefer the last good parse's view of that handler's parameter.
	if g := st.lastGoodOf(d.uri); g != nil {
		for _, e := range g.file.Exports {
			if e.Name == name && e.Value == jsparse.ValueFunction {
				if p := firstParam(g.text, e.Params); p != "" {
					param = p
				}
			}
		}
	}
	return name, param
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
