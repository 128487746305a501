package pdftext

import (
	"bytes"
	"compress/flate"
	"compress/zlib"
	"encoding/ascii85"
	"errors"
	"io"
)

// The file is read by scanning for "n g obj" rather than trusting the
// cross-reference table: it recovers damaged files and files whose
// offsets were broken by an editor, and a later definition of an object
// (an incremental update) replaces an earlier one, as the xref would.
// Objects inside object streams (PDF 1.5) are read from those streams.

const (
	maxObjects = 1 << 20
	maxDecoded = 256 << 20 // total bytes decompressed from one file
)

var errDecodeLimit = errors.New("decoded data too large")

type file struct {
	objs    map[int]any // object number → value (stream for streams)
	trailer dict
	decoded int // bytes decompressed so far, against maxDecoded
	forms   int // form XObjects drawn so far, against maxForms
}

func parseFile(data []byte) (*file, error) {
	if !bytes.Contains(data[:min(len(data), 1024)], []byte("%PDF-")) {
		return nil, errNotPDF
	}
	f := &file{objs: map[int]any{}, trailer: dict{}}
	// Find "obj" keywords preceded by two integers.
	for i := 0; i < len(data) && len(f.objs) < maxObjects; {
		k := bytes.Index(data[i:], []byte("obj"))
		if k < 0 {
			break
		}
		at := i + k
		i = at + 3
		if at+3 < len(data) && !isSpace(data[at+3]) && !isDelim(data[at+3]) {
			continue // "objstm" or a word in a stream
		}
		num, gen, ok := headerBefore(data, at)
		if !ok || gen > 65535 {
			continue
		}
		_ = gen
		l := &lexer{b: data, pos: at + 3}
		v := l.object(0)
		if d, isDict := v.(dict); isDict {
			save := l.pos
			if tok, ok := l.token(); ok {
				if kw, isK := tok.(keyword); isK && kw == "stream" {
					raw, end := streamData(data, l.pos, d)
					v = &stream{dict: d, raw: raw}
					i = max(i, end)
				} else {
					l.pos = save
				}
			}
		}
		f.objs[num] = v
	}
	// Trailers: classic "trailer << >>" sections and cross-reference
	// streams; later ones win.
	for i := 0; i < len(data); {
		k := bytes.Index(data[i:], []byte("trailer"))
		if k < 0 {
			break
		}
		l := &lexer{b: data, pos: i + k + len("trailer")}
		if d, ok := l.object(0).(dict); ok {
			for key, v := range d {
				f.trailer[key] = v
			}
		}
		i += k + len("trailer")
	}
	for _, v := range f.objs {
		if s, ok := v.(*stream); ok && s.dict["Type"] == name("XRef") {
			for _, key := range []name{"Root", "Encrypt", "Info"} {
				if x, ok := s.dict[key]; ok {
					if _, have := f.trailer[key]; !have {
						f.trailer[key] = x
					}
				}
			}
		}
	}
	f.loadObjectStreams()
	return f, nil
}

// headerBefore reads "num gen " backwards from the "obj" keyword at.
func headerBefore(data []byte, at int) (num, gen int, ok bool) {
	j := at
	readInt := func() (int, bool) {
		for j > 0 && isSpace(data[j-1]) {
			j--
		}
		end := j
		for j > 0 && data[j-1] >= '0' && data[j-1] <= '9' && end-j < 10 {
			j--
		}
		if j == end {
			return 0, false
		}
		v := 0
		for _, c := range data[j:end] {
			v = v*10 + int(c-'0')
		}
		return v, true
	}
	if j > 0 && !isSpace(data[j-1]) {
		return 0, 0, false
	}
	gen, ok1 := readInt()
	num, ok2 := readInt()
	if !ok1 || !ok2 {
		return 0, 0, false
	}
	return num, gen, true
}

// streamData finds a stream's bytes: from after the "stream" line to
// /Length if that is a direct number that lands on "endstream", else to
// the next "endstream".
func streamData(data []byte, pos int, d dict) ([]byte, int) {
	if pos < len(data) && data[pos] == '\r' {
		pos++
	}
	if pos < len(data) && data[pos] == '\n' {
		pos++
	}
	if n, ok := d["Length"].(int); ok && n >= 0 && pos+n <= len(data) {
		rest := bytes.TrimLeft(data[pos+n:min(len(data), pos+n+32)], " \r\n\t\f\x00")
		if bytes.HasPrefix(rest, []byte("endstream")) {
			return data[pos : pos+n], pos + n
		}
	}
	e := bytes.Index(data[pos:], []byte("endstream"))
	if e < 0 {
		return data[pos:], len(data)
	}
	raw := data[pos : pos+e]
	raw = bytes.TrimSuffix(raw, []byte("\n"))
	raw = bytes.TrimSuffix(raw, []byte("\r"))
	return raw, pos + e
}

func (f *file) loadObjectStreams() {
	var stms []*stream
	for _, v := range f.objs {
		if s, ok := v.(*stream); ok && s.dict["Type"] == name("ObjStm") {
			stms = append(stms, s)
		}
	}
	for _, s := range stms {
		data, err := f.decode(s)
		if err != nil {
			continue
		}
		n, _ := f.resolve(s.dict["N"]).(int)
		first, _ := f.resolve(s.dict["First"]).(int)
		if n <= 0 || first < 0 || first > len(data) || n > maxObjects {
			continue
		}
		l := &lexer{b: data[:first]}
		for k := 0; k < n && len(f.objs) < maxObjects; k++ {
			num, ok1 := l.object(0).(int)
			off, ok2 := l.object(0).(int)
			if !ok1 || !ok2 || off < 0 || first+off > len(data) {
				break
			}
			if _, have := f.objs[num]; have {
				continue
			}
			ol := &lexer{b: data, pos: first + off}
			tok, ok := ol.token()
			if !ok {
				continue
			}
			f.objs[num] = ol.refOrValue(tok, 0)
		}
	}
}

// resolve follows references (a bounded number of times).
func (f *file) resolve(v any) any {
	for i := 0; i < 32; i++ {
		r, ok := v.(ref)
		if !ok {
			return v
		}
		v = f.objs[r.num]
	}
	return nil
}

func (f *file) dictOf(v any) dict {
	switch x := f.resolve(v).(type) {
	case dict:
		return x
	case *stream:
		return x.dict
	}
	return nil
}

// decode applies a stream's filters. Filters for images are not text
// and give an error.
func (f *file) decode(s *stream) ([]byte, error) {
	data := s.raw
	var filters []any
	switch x := f.resolve(s.dict["Filter"]).(type) {
	case name:
		filters = []any{x}
	case []any:
		filters = x
	}
	var parms []any
	switch x := f.resolve(s.dict["DecodeParms"]).(type) {
	case dict:
		parms = []any{x}
	case []any:
		parms = x
	}
	for i, fl := range filters {
		var p dict
		if i < len(parms) {
			p = f.dictOf(parms[i])
		}
		var err error
		switch f.resolve(fl) {
		case name("FlateDecode"), name("Fl"):
			data, err = f.inflate(data)
			if err == nil {
				data, err = f.predict(data, p)
			}
		case name("ASCIIHexDecode"), name("AHx"):
			l := &lexer{b: append(append([]byte("<"), data...), '>')}
			data = l.hexString()
		case name("ASCII85Decode"), name("A85"):
			data, err = decode85(data)
		default:
			return nil, errors.New("unsupported filter")
		}
		if err != nil {
			return nil, err
		}
	}
	return data, nil
}

func (f *file) inflate(data []byte) ([]byte, error) {
	var r io.Reader
	if zr, err := zlib.NewReader(bytes.NewReader(data)); err == nil {
		r = zr
	} else {
		r = flate.NewReader(bytes.NewReader(data))
	}
	budget := int64(maxDecoded - f.decoded)
	out, err := io.ReadAll(io.LimitReader(r, budget+1))
	f.decoded += len(out)
	if int64(len(out)) > budget {
		return nil, errDecodeLimit
	}
	if err != nil && len(out) == 0 {
		return nil, err
	}
	// A truncated stream still gives the text it has.
	return out, nil
}

// predict undoes the PNG predictors of /DecodeParms (used by object
// streams written by some tools).
func (f *file) predict(data []byte, p dict) ([]byte, error) {
	pred, _ := f.resolve(p["Predictor"]).(int)
	if pred < 10 {
		return data, nil
	}
	cols, _ := f.resolve(p["Columns"]).(int)
	if cols <= 0 {
		cols = 1
	}
	colors, _ := f.resolve(p["Colors"]).(int)
	if colors <= 0 {
		colors = 1
	}
	bpc, _ := f.resolve(p["BitsPerComponent"]).(int)
	if bpc <= 0 {
		bpc = 8
	}
	if cols > 1<<16 || colors > 4 || bpc > 16 {
		return nil, errors.New("bad predictor parameters")
	}
	bpp := max(1, colors*bpc/8)
	row := (cols*colors*bpc + 7) / 8
	var out []byte
	prev := make([]byte, row)
	for i := 0; i+1 <= len(data); i += row + 1 {
		typ := data[i]
		end := min(len(data), i+1+row)
		cur := make([]byte, row)
		copy(cur, data[i+1:end])
		for k := 0; k < row; k++ {
			var a, c byte
			if k >= bpp {
				a = cur[k-bpp]
				c = prev[k-bpp]
			}
			b := prev[k]
			switch typ {
			case 1:
				cur[k] += a
			case 2:
				cur[k] += b
			case 3:
				cur[k] += byte((int(a) + int(b)) / 2)
			case 4:
				cur[k] += paeth(a, b, c)
			}
		}
		out = append(out, cur...)
		prev = cur
	}
	return out, nil
}

func paeth(a, b, c byte) byte {
	p := int(a) + int(b) - int(c)
	pa, pb, pc := abs(p-int(a)), abs(p-int(b)), abs(p-int(c))
	if pa <= pb && pa <= pc {
		return a
	}
	if pb <= pc {
		return b
	}
	return c
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func decode85(data []byte) ([]byte, error) {
	data = bytes.TrimSpace(data)
	data = bytes.TrimPrefix(data, []byte("<~"))
	if i := bytes.Index(data, []byte("~>")); i >= 0 {
		data = data[:i]
	}
	out := make([]byte, 4*len(data)+8) // "z" stands for four bytes
	n, _, err := ascii85.Decode(out, data, true)
	if err != nil {
		return nil, err
	}
	return out[:n], nil
}
