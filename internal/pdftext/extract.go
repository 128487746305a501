// Package pdftext reads the text layer of a PDF: enough to test that the
// PDFs himitsu writes carry their Japanese text, and to read carriers'
// policy documents published as PDF.
//
// It is a small reader of its own rather than a dependency: what is
// needed is narrow (page order, fonts' ToUnicode CMaps, Flate streams,
// the text operators), and a reader that scans for objects instead of
// trusting the cross-reference table also reads damaged files. Scanned
// documents (no text layer) and encrypted ones are refused with an error
// that says so in Japanese and English; no input makes it panic (see
// the fuzz test).
package pdftext

import (
	"bytes"
	"errors"
	"math"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/himitsu-oss/himitsu"
)

var errNotPDF = errors.New("not a PDF")

const (
	maxPages     = 10000
	maxFormDepth = 8
	// maxForms bounds the form XObjects drawn in one file, so a form
	// drawn many times by forms drawn many times cannot multiply into
	// an endless walk.
	maxForms = 10000
)

// Document is the text of a PDF, page by page.
type Document struct {
	Pages []string
}

// Text is the text of all pages, pages separated by a blank line.
func (d *Document) Text() string { return strings.Join(d.Pages, "\n\n") }

// Extract reads the text layer of a PDF. name is the file name used in
// errors. The errors are *himitsu.Error of KindInvalid, in both
// languages: not a PDF or damaged, encrypted, or without a text layer.
func Extract(name string, data []byte) (*Document, error) {
	f, err := parseFile(data)
	if err != nil {
		return nil, fileError(name, "is not a PDF file or is damaged beyond reading",
			"PDFファイルではないか、読み取れないほど壊れています")
	}
	if enc := f.resolve(f.trailer["Encrypt"]); enc != nil {
		return nil, fileError(name, "is encrypted (password-protected or with restrictions); save an unencrypted copy and read that",
			"暗号化（パスワードまたは利用制限）されています。暗号化を外したコピーを保存して読み込んでください")
	}
	pages := f.pages()
	if len(pages) == 0 {
		return nil, fileError(name, "has no pages that can be read; the file may be damaged",
			"読み取れるページがありません。ファイルが壊れている可能性があります")
	}
	doc := &Document{}
	any := false
	for _, p := range pages {
		t := f.pageText(p)
		if strings.TrimSpace(t) != "" {
			any = true
		}
		doc.Pages = append(doc.Pages, t)
	}
	if !any {
		return nil, fileError(name, "has no text layer (it may be a scan, or its fonts do not say which characters they draw); run OCR or use the document's text or HTML version",
			"テキスト層がありません（スキャン画像か、フォントが文字の対応を持たない可能性があります）。OCRにかけるか、本文のテキスト版・HTML版を使ってください")
	}
	return doc, nil
}

func fileError(file, en, ja string) error {
	return &himitsu.Error{Op: "pdftext.Extract", Kind: himitsu.KindInvalid, File: file,
		Msg: "the PDF " + en, MsgJA: "このPDFは" + ja}
}

// page is a leaf of the page tree with its inherited resources.
type page struct {
	d   dict
	res dict
}

func (f *file) pages() []page {
	root := f.dictOf(f.trailer["Root"])
	if root == nil || root["Pages"] == nil {
		// No usable trailer: look for the catalog itself.
		for _, v := range f.objs {
			if d, ok := v.(dict); ok && d["Type"] == name("Catalog") {
				root = d
				break
			}
		}
	}
	var out []page
	seen := map[ref]bool{}
	var walk func(v any, res dict, depth int)
	walk = func(v any, res dict, depth int) {
		if depth > 64 || len(out) >= maxPages {
			return
		}
		if r, ok := v.(ref); ok {
			if seen[r] {
				return
			}
			seen[r] = true
		}
		d := f.dictOf(v)
		if d == nil {
			return
		}
		if r := f.dictOf(d["Resources"]); r != nil {
			res = r
		}
		kids, isArr := f.resolve(d["Kids"]).([]any)
		if d["Type"] == name("Page") || !isArr {
			if d["Type"] == name("Page") || d["Contents"] != nil {
				out = append(out, page{d: d, res: res})
			}
			return
		}
		for _, k := range kids {
			walk(k, res, depth+1)
		}
	}
	if root != nil {
		walk(root["Pages"], nil, 0)
	}
	if len(out) == 0 {
		// A broken page tree: take every page object in file order.
		nums := make([]int, 0)
		for n, v := range f.objs {
			if d := f.dictOf(v); d != nil && d["Type"] == name("Page") {
				nums = append(nums, n)
			}
		}
		sortInts(nums)
		for _, n := range nums {
			d := f.dictOf(f.objs[n])
			out = append(out, page{d: d, res: f.dictOf(d["Resources"])})
		}
	}
	return out
}

func sortInts(a []int) {
	for i := 1; i < len(a); i++ {
		for j := i; j > 0 && a[j] < a[j-1]; j-- {
			a[j], a[j-1] = a[j-1], a[j]
		}
	}
}

func (f *file) pageText(p page) string {
	var content []byte
	switch c := f.resolve(p.d["Contents"]).(type) {
	case *stream:
		content, _ = f.decode(c)
	case []any:
		for _, part := range c {
			if s, ok := f.resolve(part).(*stream); ok {
				if b, err := f.decode(s); err == nil {
					content = append(content, b...)
					content = append(content, '\n')
				}
			}
		}
	}
	w := &textWriter{}
	f.run(content, p.res, w, 0)
	return w.String()
}

// textWriter assembles shown strings into lines: a move down starts a
// new line, a jump to the right in Latin text becomes a space.
type textWriter struct {
	b          []byte
	lastY      float64
	lastX      float64
	started    bool
	pendingGap bool
}

func (w *textWriter) String() string {
	lines := strings.Split(string(w.b), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.TrimSpace(strings.Join(lines, "\n"))
}

func (w *textWriter) moveTo(x, y float64) {
	if w.started && math.Abs(y-w.lastY) > 1 {
		if len(w.b) > 0 && w.b[len(w.b)-1] != '\n' {
			w.b = append(w.b, '\n')
		}
	} else if w.started && x > w.lastX+1 {
		w.pendingGap = true
	}
	w.lastX, w.lastY = x, y
}

func (w *textWriter) write(s []byte) {
	if len(s) == 0 {
		return
	}
	if w.pendingGap {
		w.space(s)
		w.pendingGap = false
	}
	w.started = true
	w.b = append(w.b, s...)
}

// space adds a space before s unless the text on either side is
// Japanese, where a gap is layout, not a word boundary.
func (w *textWriter) space(next []byte) {
	if len(w.b) == 0 || w.b[len(w.b)-1] == ' ' || w.b[len(w.b)-1] == '\n' {
		return
	}
	prev, _ := utf8.DecodeLastRune(w.b)
	first, _ := utf8.DecodeRune(next)
	if wide(prev) || wide(first) {
		return
	}
	w.b = append(w.b, ' ')
}

func wide(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana) ||
		(r >= 0x3000 && r <= 0x303F) || (r >= 0xFF00 && r <= 0xFFEF)
}

// run interprets a content stream's text operators (§9.4).
func (f *file) run(content []byte, res dict, w *textWriter, depth int) {
	if depth > maxFormDepth || len(content) == 0 {
		return
	}
	fonts := f.dictOf(res["Font"])
	xobjs := f.dictOf(res["XObject"])
	cache := map[name]*font{}
	var cur *font
	var tx, ty, lx, ly, leading float64 // text position, line start, leading
	var stack []any
	l := &lexer{b: content}
	num := func(i int) float64 {
		if i < 0 || i >= len(stack) {
			return 0
		}
		switch v := stack[i].(type) {
		case int:
			return float64(v)
		case float64:
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return 0
			}
			return v
		}
		return 0
	}
	arg := func(k int) int { return len(stack) - k } // k-th operand from the end
	show := func(s []byte) {
		if cur == nil {
			cur = &font{known: true}
		}
		w.write(cur.decode(s, nil))
	}
	for {
		tok, ok := l.token()
		if !ok {
			return
		}
		kw, isK := tok.(keyword)
		if !isK || kw == "[" || kw == "<<" {
			if isK {
				tok = l.objectFrom(tok, 0)
			}
			stack = append(stack, tok)
			if len(stack) > 1024 {
				stack = stack[len(stack)-1024:]
			}
			continue
		}
		switch kw {
		case "BI": // inline image: skip its binary data up to EI
			if i := bytes.Index(content[l.pos:], []byte("ID")); i >= 0 {
				l.pos += i + 2
				for {
					j := bytes.Index(content[l.pos:], []byte("EI"))
					if j < 0 {
						l.pos = len(content)
						break
					}
					l.pos += j + 2
					if isSpace(content[l.pos-3]) && (l.pos >= len(content) || isSpace(content[l.pos]) || isDelim(content[l.pos])) {
						break
					}
				}
			}
		case "BT":
			tx, ty, lx, ly = 0, 0, 0, 0
		case "Tf":
			if n, ok := at[name](stack, arg(2)); ok {
				if ft, seen := cache[n]; seen {
					cur = ft
				} else {
					cur = f.loadFont(fonts[n])
					cache[n] = cur
				}
			}
		case "TL":
			leading = num(arg(1))
		case "Td", "TD":
			lx += num(arg(2))
			ly += num(arg(1))
			if kw == "TD" {
				leading = -num(arg(1))
			}
			tx, ty = lx, ly
			w.moveTo(tx, ty)
		case "Tm":
			lx, ly = num(arg(2)), num(arg(1))
			tx, ty = lx, ly
			w.moveTo(tx, ty)
		case "T*":
			ly -= leading
			tx, ty = lx, ly
			w.moveTo(tx, ty)
		case "Tj":
			if s, ok := at[[]byte](stack, arg(1)); ok {
				show(s)
			}
		case "'", "\"":
			ly -= leading
			tx, ty = lx, ly
			w.moveTo(tx, ty)
			if s, ok := at[[]byte](stack, arg(1)); ok {
				show(s)
			}
		case "TJ":
			if arr, ok := at[[]any](stack, arg(1)); ok {
				for _, e := range arr {
					switch v := e.(type) {
					case []byte:
						show(v)
					case int:
						if v < -200 {
							w.pendingGap = true
						}
					case float64:
						if v < -200 {
							w.pendingGap = true
						}
					}
				}
			}
		case "Do":
			if n, ok := at[name](stack, arg(1)); ok && xobjs != nil {
				if s, ok := f.resolve(xobjs[n]).(*stream); ok && s.dict["Subtype"] == name("Form") && f.forms < maxForms {
					f.forms++
					if b, err := f.decode(s); err == nil {
						r := f.dictOf(s.dict["Resources"])
						if r == nil {
							r = res
						}
						f.run(b, r, w, depth+1)
					}
				}
			}
		}
		_ = tx
		_ = ty
		stack = stack[:0]
	}
}

func at[T any](stack []any, i int) (T, bool) {
	var zero T
	if i < 0 || i >= len(stack) {
		return zero, false
	}
	v, ok := stack[i].(T)
	return v, ok
}
