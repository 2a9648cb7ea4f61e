package sdk

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// tokKind is the kind of one token of TypeScript declaration text.
type tokKind uint8

const (
	tEOF      tokKind = iota
	tIdent            // identifiers and keywords: interface, Item, $1, _id
	tString           // '…' or "…"; text is the unescaped value
	tTemplate         // `…` with any ${…} inside; text is the raw source
	tNumber           // 12, 0x1f, 1.5e3
	tPunct            // one operator or bracket: { } ( ) [ ] < > ; , : ? . = | & => ... - + * ! @ #
)

// token is one lexeme. Doc is the text of the JSDoc comment (/** … */) that
// immediately precedes the token, if any: comments are never tokens.
type token struct {
	kind tokKind
	text string
	doc  string
	off  int  // byte offset of the token's first byte, 0-based
	end  int  // byte offset just past its last byte
	nl   bool // a line break separates it from the token before
}

// lex splits src into tokens. It never fails: an unterminated string,
// template or comment runs to the end of the input, and a byte that starts
// no token becomes a one-byte punctuation token, so that the parser always
// sees every byte and can skip what it does not understand.
func lex(src string) []token {
	var toks []token
	doc := ""
	nl := false
	i := 0
	for i < len(src) {
		c := src[i]
		switch {
		case c == '\n':
			nl = true
			i++
			continue
		case c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v':
			i++
			continue
		case c == '/' && i+1 < len(src) && src[i+1] == '/':
			for i < len(src) && src[i] != '\n' {
				i++
			}
			continue
		case c == '/' && i+1 < len(src) && src[i+1] == '*':
			end := strings.Index(src[i+2:], "*/")
			stop := len(src)
			if end >= 0 {
				stop = i + 2 + end + 2
			}
			if i+2 < len(src) && src[i+2] == '*' && stop-i > 4 {
				doc = src[i:stop]
			}
			if strings.Contains(src[i:stop], "\n") {
				nl = true
			}
			i = stop
			continue
		}
		start := i
		var kind tokKind
		var text string
		switch {
		case c == '\'' || c == '"':
			var val strings.Builder
			i++
			for i < len(src) && src[i] != c && src[i] != '\n' {
				if src[i] == '\\' && i+1 < len(src) {
					i++
					switch src[i] {
					case 'n':
						val.WriteByte('\n')
					case 't':
						val.WriteByte('\t')
					case 'r':
						val.WriteByte('\r')
					case '\n':
					default:
						val.WriteByte(src[i])
					}
					i++
					continue
				}
				val.WriteByte(src[i])
				i++
			}
			if i < len(src) && src[i] == c {
				i++
			}
			kind, text = tString, val.String()
		case c == '`':
			i = skipTemplate(src, i)
			kind, text = tTemplate, src[start:i]
		case c >= '0' && c <= '9' || c == '.' && i+1 < len(src) && src[i+1] >= '0' && src[i+1] <= '9':
			for i < len(src) && (isIdentByte(src[i]) || src[i] == '.' ||
				(src[i] == '+' || src[i] == '-') && (src[i-1] == 'e' || src[i-1] == 'E') && !strings.HasPrefix(src[start:], "0x")) {
				i++
			}
			kind, text = tNumber, src[start:i]
		case isIdentStart(src, i):
			for i < len(src) && isIdentPart(src, i) {
				_, n := utf8.DecodeRuneInString(src[i:])
				i += n
			}
			kind, text = tIdent, src[start:i]
		default:
			n := 1
			switch {
			case strings.HasPrefix(src[i:], "..."):
				n = 3
			case strings.HasPrefix(src[i:], "=>"):
				n = 2
			}
			if c >= utf8.RuneSelf {
				_, n = utf8.DecodeRuneInString(src[i:])
			}
			i += n
			kind, text = tPunct, src[start:i]
		}
		toks = append(toks, token{kind: kind, text: text, doc: doc, off: start, end: i, nl: nl || len(toks) == 0})
		doc, nl = "", false
	}
	return append(toks, token{kind: tEOF, off: len(src), end: len(src), nl: true})
}

// skipTemplate returns the offset just past the template literal that
// starts at src[i] (a backquote), following ${ … } substitutions, which may
// hold strings, templates and braces of their own.
func skipTemplate(src string, i int) int {
	i++
	for i < len(src) {
		switch src[i] {
		case '\\':
			i += 2
			continue
		case '`':
			return i + 1
		case '$':
			if i+1 < len(src) && src[i+1] == '{' {
				i = skipBraces(src, i+1)
				continue
			}
		}
		i++
	}
	return len(src)
}

// skipBraces returns the offset just past the brace block that starts at
// src[i] ('{'), skipping strings and templates inside it.
func skipBraces(src string, i int) int {
	depth := 0
	for i < len(src) {
		switch c := src[i]; c {
		case '{':
			depth++
		case '}':
			depth--
			if depth == 0 {
				return i + 1
			}
		case '`':
			i = skipTemplate(src, i)
			continue
		case '\'', '"':
			i++
			for i < len(src) && src[i] != c && src[i] != '\n' {
				if src[i] == '\\' {
					i++
				}
				i++
			}
		}
		i++
	}
	return len(src)
}

func isIdentByte(c byte) bool {
	return c == '_' || c == '$' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func isIdentStart(src string, i int) bool {
	c := src[i]
	if c < utf8.RuneSelf {
		return c == '_' || c == '$' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
	}
	r, _ := utf8.DecodeRuneInString(src[i:])
	return unicode.IsLetter(r)
}

func isIdentPart(src string, i int) bool {
	c := src[i]
	if c < utf8.RuneSelf {
		return isIdentByte(c)
	}
	r, _ := utf8.DecodeRuneInString(src[i:])
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r)
}
