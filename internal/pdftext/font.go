package pdftext

import (
	"unicode/utf16"
	"unicode/utf8"
)

// font turns the bytes of a shown string into text. A PDF string holds
// character codes of the current font, one or more bytes each; the
// font's /ToUnicode CMap (§9.10.3) maps them to Unicode. Without one,
// simple fonts are read as WinAnsi (near Latin-1) and composite fonts
// with a Unicode encoding (UniJIS-UCS2-H and the like) as UTF-16.
type font struct {
	// widths lists the code lengths the CMap's codespace ranges allow,
	// as (length, low, high) per range.
	ranges []codeRange
	toUni  map[uint32]string
	// fallback decodes a code the CMap does not map.
	twoByte bool // composite font: codes are two bytes by default
	utf16   bool // composite font with a Unicode CMap
	known   bool // false when nothing says how to decode the codes
}

type codeRange struct {
	n         int
	low, high uint32
}

const maxCMapEntries = 1 << 17

func (f *file) loadFont(v any) *font {
	d := f.dictOf(v)
	ft := &font{toUni: map[uint32]string{}}
	if d == nil {
		return ft
	}
	sub, _ := f.resolve(d["Subtype"]).(name)
	ft.twoByte = sub == "Type0"
	if enc, ok := f.resolve(d["Encoding"]).(name); ok && ft.twoByte {
		switch enc {
		case "UniJIS-UCS2-H", "UniJIS-UCS2-HW-H", "UniJIS-UTF16-H", "UniGB-UCS2-H", "UniGB-UTF16-H",
			"UniCNS-UCS2-H", "UniCNS-UTF16-H", "UniKS-UCS2-H", "UniKS-UTF16-H":
			ft.utf16, ft.known = true, true
		}
	}
	if !ft.twoByte {
		ft.known = true
	}
	if s, ok := f.resolve(d["ToUnicode"]).(*stream); ok {
		if data, err := f.decode(s); err == nil {
			ft.parseCMap(data)
			if len(ft.toUni) > 0 {
				ft.known = true
			}
		}
	}
	return ft
}

func bytesToCode(b []byte) uint32 {
	var v uint32
	for _, c := range b {
		v = v<<8 | uint32(c)
	}
	return v
}

// utf16Text reads a CMap destination: UTF-16BE, as the spec says.
func utf16Text(b []byte) string {
	if len(b) == 1 {
		return string(rune(b[0]))
	}
	u := make([]uint16, 0, len(b)/2)
	for i := 0; i+1 < len(b); i += 2 {
		u = append(u, uint16(b[i])<<8|uint16(b[i+1]))
	}
	return string(utf16.Decode(u))
}

func (ft *font) parseCMap(data []byte) {
	l := &lexer{b: data}
	var ops []any
	for {
		tok, ok := l.token()
		if !ok {
			return
		}
		kw, isK := tok.(keyword)
		if !isK || kw == "[" {
			if isK {
				tok = l.objectFrom(tok, 0)
			}
			ops = append(ops, tok)
			if len(ops) > 4096 {
				ops = ops[len(ops)-4096:]
			}
			continue
		}
		switch kw {
		case "begincodespacerange", "beginbfchar", "beginbfrange", "begincidrange", "begincidchar":
			ops = ops[:0]
		case "endcodespacerange":
			for i := 0; i+1 < len(ops); i += 2 {
				lo, ok1 := ops[i].([]byte)
				hi, ok2 := ops[i+1].([]byte)
				if ok1 && ok2 && len(lo) == len(hi) && len(lo) >= 1 && len(lo) <= 4 {
					ft.ranges = append(ft.ranges, codeRange{len(lo), bytesToCode(lo), bytesToCode(hi)})
				}
			}
			ops = ops[:0]
		case "endbfchar":
			for i := 0; i+1 < len(ops) && len(ft.toUni) < maxCMapEntries; i += 2 {
				src, ok1 := ops[i].([]byte)
				dst, ok2 := ops[i+1].([]byte)
				if ok1 && ok2 && len(src) <= 4 {
					ft.toUni[bytesToCode(src)] = utf16Text(dst)
					ft.noteLen(len(src))
				}
			}
			ops = ops[:0]
		case "endbfrange":
			for i := 0; i+2 < len(ops); i += 3 {
				lo, ok1 := ops[i].([]byte)
				hi, ok2 := ops[i+1].([]byte)
				if !ok1 || !ok2 || len(lo) > 4 || len(hi) > 4 {
					continue
				}
				a, b := bytesToCode(lo), bytesToCode(hi)
				if b < a || b-a > maxCMapEntries || len(ft.toUni) > maxCMapEntries {
					continue
				}
				ft.noteLen(len(lo))
				switch dst := ops[i+2].(type) {
				case []byte:
					base := []rune(utf16Text(dst))
					if len(base) == 0 {
						continue
					}
					for c := a; c <= b; c++ {
						r := make([]rune, len(base))
						copy(r, base)
						r[len(r)-1] += rune(c - a)
						ft.toUni[c] = string(r)
					}
				case []any:
					for k, x := range dst {
						if s, ok := x.([]byte); ok && a+uint32(k) <= b {
							ft.toUni[a+uint32(k)] = utf16Text(s)
						}
					}
				}
			}
			ops = ops[:0]
		case "endcidrange", "endcidchar":
			ops = ops[:0]
		default:
			ops = ops[:0]
		}
	}
}

// noteLen remembers a code length seen in the mappings, for CMaps that
// omit their codespace ranges.
func (ft *font) noteLen(n int) {
	if len(ft.ranges) == 0 && n == 1 {
		ft.twoByte = false
	}
}

// codeLen is the length of the code that starts b.
func (ft *font) codeLen(b []byte) int {
	for _, r := range ft.ranges {
		if r.n <= len(b) {
			c := bytesToCode(b[:r.n])
			if c >= r.low && c <= r.high {
				return r.n
			}
		}
	}
	if ft.twoByte && len(b) >= 2 {
		return 2
	}
	return 1
}

// decode appends the text of a shown string to out.
func (ft *font) decode(b []byte, out []byte) []byte {
	if ft.utf16 && len(ft.toUni) == 0 {
		return append(out, utf16Text(b)...)
	}
	for len(b) > 0 {
		n := ft.codeLen(b)
		code := bytesToCode(b[:n])
		b = b[n:]
		if s, ok := ft.toUni[code]; ok {
			out = append(out, s...)
			continue
		}
		if !ft.known || ft.twoByte {
			continue // a glyph id we cannot name
		}
		out = utf8.AppendRune(out, winAnsi(byte(code)))
	}
	return out
}

// winAnsi maps a WinAnsiEncoding byte to Unicode (the 0x80–0x9F block
// differs from Latin-1).
func winAnsi(c byte) rune {
	if c >= 0x80 && c <= 0x9f {
		if r := cp1252[c-0x80]; r != 0 {
			return r
		}
		return ' '
	}
	if c < 0x20 {
		return ' '
	}
	return rune(c)
}

var cp1252 = [32]rune{
	'€', 0, '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', 0, 'Ž', 0,
	0, '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', 0, 'ž', 'Ÿ',
}
