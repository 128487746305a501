package pdftext

import (
	"bytes"
	"strconv"
)

// The PDF object syntax (ISO 32000-1 §7.3), read forgivingly: whatever
// cannot be read becomes null rather than an error, since a policy PDF
// with one odd object still has text worth reading. Depth and sizes are
// bounded so that no input can exhaust the stack or memory.

type name string

type ref struct{ num, gen int }

type dict map[name]any

type stream struct {
	dict dict
	raw  []byte
}

// keyword is a bare word in the syntax: an operator in a content stream,
// or obj/endobj/R/stream in the file.
type keyword string

const maxDepth = 64

type lexer struct {
	b   []byte
	pos int
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0
}

func isDelim(c byte) bool {
	switch c {
	case '(', ')', '<', '>', '[', ']', '{', '}', '/', '%':
		return true
	}
	return false
}

func (l *lexer) skipSpace() {
	for l.pos < len(l.b) {
		c := l.b[l.pos]
		if isSpace(c) {
			l.pos++
			continue
		}
		if c == '%' {
			for l.pos < len(l.b) && l.b[l.pos] != '\n' && l.b[l.pos] != '\r' {
				l.pos++
			}
			continue
		}
		return
	}
}

// token returns the next token: a delimiter as a keyword ("[", "<<"…),
// a name, a string ([]byte), a number (float64 or int) or a keyword.
// ok is false at the end of input.
func (l *lexer) token() (tok any, ok bool) {
	l.skipSpace()
	if l.pos >= len(l.b) {
		return nil, false
	}
	c := l.b[l.pos]
	switch c {
	case '[', ']', '{', '}':
		l.pos++
		return keyword(string(c)), true
	case '<':
		if l.pos+1 < len(l.b) && l.b[l.pos+1] == '<' {
			l.pos += 2
			return keyword("<<"), true
		}
		return l.hexString(), true
	case '>':
		if l.pos+1 < len(l.b) && l.b[l.pos+1] == '>' {
			l.pos += 2
			return keyword(">>"), true
		}
		l.pos++
		return keyword(">"), true
	case '(':
		return l.literalString(), true
	case ')':
		l.pos++
		return keyword(")"), true
	case '/':
		l.pos++
		start := l.pos
		for l.pos < len(l.b) && !isSpace(l.b[l.pos]) && !isDelim(l.b[l.pos]) {
			l.pos++
		}
		return name(decodeName(l.b[start:l.pos])), true
	}
	start := l.pos
	for l.pos < len(l.b) && !isSpace(l.b[l.pos]) && !isDelim(l.b[l.pos]) {
		l.pos++
	}
	if l.pos == start { // a lone delimiter we do not know
		l.pos++
		return keyword(string(c)), true
	}
	w := l.b[start:l.pos]
	if (w[0] >= '0' && w[0] <= '9') || w[0] == '-' || w[0] == '+' || w[0] == '.' {
		if i, err := strconv.Atoi(string(w)); err == nil {
			return i, true
		}
		if f, err := strconv.ParseFloat(string(w), 64); err == nil {
			return f, true
		}
	}
	return keyword(string(w)), true
}

func decodeName(b []byte) string {
	if bytes.IndexByte(b, '#') < 0 {
		return string(b)
	}
	var out []byte
	for i := 0; i < len(b); i++ {
		if b[i] == '#' && i+2 < len(b) {
			if v, err := strconv.ParseUint(string(b[i+1:i+3]), 16, 8); err == nil {
				out = append(out, byte(v))
				i += 2
				continue
			}
		}
		out = append(out, b[i])
	}
	return string(out)
}

func unhex(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

func (l *lexer) hexString() []byte {
	l.pos++ // '<'
	var out []byte
	var hi byte
	half := false
	for l.pos < len(l.b) {
		c := l.b[l.pos]
		l.pos++
		if c == '>' {
			break
		}
		v, ok := unhex(c)
		if !ok {
			continue
		}
		if half {
			out = append(out, hi<<4|v)
			half = false
		} else {
			hi, half = v, true
		}
	}
	if half {
		out = append(out, hi<<4)
	}
	return out
}

func (l *lexer) literalString() []byte {
	l.pos++ // '('
	depth := 1
	var out []byte
	for l.pos < len(l.b) {
		c := l.b[l.pos]
		l.pos++
		switch c {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return out
			}
		case '\\':
			if l.pos >= len(l.b) {
				return out
			}
			e := l.b[l.pos]
			l.pos++
			switch e {
			case 'n':
				c = '\n'
			case 'r':
				c = '\r'
			case 't':
				c = '\t'
			case 'b':
				c = '\b'
			case 'f':
				c = '\f'
			case '\r':
				if l.pos < len(l.b) && l.b[l.pos] == '\n' {
					l.pos++
				}
				continue
			case '\n':
				continue
			default:
				if e >= '0' && e <= '7' {
					v := int(e - '0')
					for k := 0; k < 2 && l.pos < len(l.b) && l.b[l.pos] >= '0' && l.b[l.pos] <= '7'; k++ {
						v = v*8 + int(l.b[l.pos]-'0')
						l.pos++
					}
					c = byte(v)
				} else {
					c = e
				}
			}
		}
		out = append(out, c)
	}
	return out
}

// object reads one object. It resolves "n g R" into a ref and
// "<< >> stream" is left to the caller (it returns the dict).
func (l *lexer) object(depth int) any {
	tok, ok := l.token()
	if !ok {
		return nil
	}
	return l.objectFrom(tok, depth)
}

func (l *lexer) objectFrom(tok any, depth int) any {
	if depth > maxDepth {
		return nil
	}
	switch t := tok.(type) {
	case keyword:
		switch t {
		case "[":
			var arr []any
			for {
				save := l.pos
				tok, ok := l.token()
				if !ok {
					return arr
				}
				if k, isK := tok.(keyword); isK && k == "]" {
					return arr
				}
				if k, isK := tok.(keyword); isK && (k == "endobj" || k == "stream" || k == ">>") {
					l.pos = save
					return arr
				}
				arr = append(arr, l.refOrValue(tok, depth+1))
			}
		case "<<":
			d := dict{}
			for {
				tok, ok := l.token()
				if !ok {
					return d
				}
				if k, isK := tok.(keyword); isK && (k == ">>" || k == "endobj" || k == "stream") {
					if k != ">>" {
						l.pos -= len(k)
					}
					return d
				}
				key, isName := tok.(name)
				if !isName {
					continue
				}
				v, ok := l.token()
				if !ok {
					return d
				}
				if k, isK := v.(keyword); isK && k == ">>" {
					d[key] = nil
					return d
				}
				d[key] = l.refOrValue(v, depth+1)
			}
		case "true":
			return true
		case "false":
			return false
		case "null":
			return nil
		}
		return t
	}
	return tok
}

// refOrValue reads a value that may be the first number of "n g R".
func (l *lexer) refOrValue(tok any, depth int) any {
	if n, ok := tok.(int); ok && n >= 0 {
		save := l.pos
		t2, ok2 := l.token()
		if g, isInt := t2.(int); ok2 && isInt && g >= 0 {
			t3, ok3 := l.token()
			if k, isK := t3.(keyword); ok3 && isK && k == "R" {
				return ref{n, g}
			}
		}
		l.pos = save
		return n
	}
	return l.objectFrom(tok, depth)
}
