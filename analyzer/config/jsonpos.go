package config

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// kind is the JSON type of a value.
type kind int

const (
	kindNull kind = iota
	kindBool
	kindNumber
	kindString
	kindArray
	kindObject
)

func (k kind) String() string {
	return [...]string{"null", "a boolean", "a number", "a string", "an array", "an object"}[k]
}

// value is a JSON value with the byte offset where it starts, so that errors
// can name a line and column. It is built from encoding/json's token stream.
type value struct {
	kind    kind
	off     int // byte offset of the value's first character
	boolean bool
	number  json.Number
	str     string
	elems   []*value
	members []member // in document order
}

type member struct {
	key    string
	keyOff int // byte offset of the key's opening quote
	val    *value
}

// syntaxError is a JSON syntax problem at a byte offset.
type syntaxError struct {
	off int
	msg string
}

func (e *syntaxError) Error() string { return e.msg }

// parseJSON parses data as exactly one JSON value. Duplicate object keys are
// syntax errors here (encoding/json would keep the last one silently).
func parseJSON(data []byte) (*value, error) {
	if bytes.HasPrefix(data, utf8BOM) {
		// Editors on Windows save a byte order mark; JSON does not allow
		// one. Read it as white space of the same length, so that every
		// offset still points into the file as saved.
		data = append([]byte("   "), data[len(utf8BOM):]...)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	p := &jsonParser{data: data, dec: dec}
	v, err := p.value()
	if err != nil {
		return nil, err
	}
	start := p.next()
	if _, err := dec.Token(); err != io.EOF {
		return nil, &syntaxError{start, "unexpected data after the top-level value"}
	}
	return v, nil
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

type jsonParser struct {
	data []byte
	dec  *json.Decoder
}

// next returns the offset of the next token: the decoder's input offset
// moved past white space and the separators ',' and ':', which Token
// consumes silently.
func (p *jsonParser) next() int {
	off := int(p.dec.InputOffset())
	for off < len(p.data) {
		switch p.data[off] {
		case ' ', '\t', '\n', '\r', ',', ':':
			off++
			continue
		}
		break
	}
	return off
}

func (p *jsonParser) token() (json.Token, int, error) {
	off := p.next()
	tok, err := p.dec.Token()
	if err != nil {
		var se *json.SyntaxError
		switch {
		case errors.As(err, &se):
			// The decoder's Offset is not consistent across kinds of
			// error (sometimes the offending byte, sometimes the end of
			// the previous token); the token being read never starts
			// before off, so take the later of the two.
			o := min(max(int(se.Offset), off), len(p.data))
			return nil, o, &syntaxError{o, "invalid JSON: " + se.Error()}
		case err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF):
			return nil, len(p.data), &syntaxError{len(p.data), "invalid JSON: unexpected end of file"}
		}
		return nil, off, &syntaxError{off, "invalid JSON: " + err.Error()}
	}
	return tok, off, nil
}

func (p *jsonParser) value() (*value, error) {
	tok, off, err := p.token()
	if err != nil {
		return nil, err
	}
	return p.valueFrom(tok, off)
}

func (p *jsonParser) valueFrom(tok json.Token, off int) (*value, error) {
	switch t := tok.(type) {
	case nil:
		return &value{kind: kindNull, off: off}, nil
	case bool:
		return &value{kind: kindBool, off: off, boolean: t}, nil
	case json.Number:
		return &value{kind: kindNumber, off: off, number: t}, nil
	case string:
		return &value{kind: kindString, off: off, str: t}, nil
	case json.Delim:
		switch t {
		case '[':
			v := &value{kind: kindArray, off: off}
			for {
				tok, eoff, err := p.token()
				if err != nil {
					return nil, err
				}
				if d, ok := tok.(json.Delim); ok && d == ']' {
					return v, nil
				}
				e, err := p.valueFrom(tok, eoff)
				if err != nil {
					return nil, err
				}
				v.elems = append(v.elems, e)
			}
		case '{':
			v := &value{kind: kindObject, off: off}
			seen := map[string]bool{}
			for {
				tok, koff, err := p.token()
				if err != nil {
					return nil, err
				}
				if d, ok := tok.(json.Delim); ok && d == '}' {
					return v, nil
				}
				key, ok := tok.(string)
				if !ok {
					return nil, &syntaxError{koff, "invalid JSON: object key is not a string"}
				}
				if seen[key] {
					return nil, &syntaxError{koff, fmt.Sprintf("duplicate key %q", key)}
				}
				seen[key] = true
				e, err := p.value()
				if err != nil {
					return nil, err
				}
				v.members = append(v.members, member{key: key, keyOff: koff, val: e})
			}
		}
	}
	return nil, &syntaxError{off, fmt.Sprintf("invalid JSON: unexpected %v", tok)}
}
