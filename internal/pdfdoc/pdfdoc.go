// Package pdfdoc writes simple A4 documents (headings, paragraphs, tables,
// page numbers) as PDF, in Japanese and English, with the IPAexGothic
// font embedded in the binary and in every PDF it writes.
//
// Layout is done here, not by the PDF library: gopdf places strings, and
// this package decides where lines break (BreakLines, with the Japanese
// kinsoku rules), when a page is full and how a table row that is taller
// than what is left of the page continues on the next. Text is never
// dropped: characters the font lacks become "?", control characters
// become spaces, and any input renders.
//
// The font is IPAexGothic (IPA Font License v1.0, font/IPA_Font_License_Agreement_v1.0.txt),
// which permits embedding it in documents; gopdf embeds only the glyphs
// a document uses, so a one-page report stays small.
package pdfdoc

import (
	_ "embed"
	"fmt"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/signintech/gopdf"
)

//go:embed font/ipaexg.ttf
var fontData []byte

// FontLicense is the licence of the embedded font, to ship with anything
// that redistributes it.
//
//go:embed font/IPA_Font_License_Agreement_v1.0.txt
var FontLicense string

const fontFamily = "ipaexg"

// Block is one element of a document, laid out top to bottom.
type Block interface{ isBlock() }

// Heading is a section title; Level 1 is the document title, 2 and 3
// are sections and subsections.
type Heading struct {
	Level int
	Text  string
}

// Paragraph is running text; newlines in Text are line breaks.
type Paragraph struct {
	Text string
	// Small sets the text in a smaller size, for notes.
	Small bool
}

// Table is a grid of text cells with an optional header row, repeated
// on every page the table spans. Widths are relative column widths;
// empty means equal columns.
type Table struct {
	Header []string
	Rows   [][]string
	Widths []float64
}

// Space is vertical space in points.
type Space float64

func (Heading) isBlock()   {}
func (Paragraph) isBlock() {}
func (Table) isBlock()     {}
func (Space) isBlock()     {}

// Document is what Render turns into a PDF.
type Document struct {
	Title  string // the PDF's title metadata
	Author string
	// Footer is printed at the bottom left of every page; the page
	// number ("n / N") is printed at the bottom right.
	Footer string
	Blocks []Block
}

// A4 in points, and the margins of the text area.
const (
	pageW   = 595.28
	pageH   = 841.89
	marginX = 56.0
	marginT = 56.0
	marginB = 64.0
	textW   = pageW - 2*marginX
	bodyPt  = 10.5
	smallPt = 8.5
	lineGap = 1.55 // line height as a multiple of the font size
	cellPad = 4.0
)

func headingSize(level int) float64 {
	switch level {
	case 1:
		return 16
	case 2:
		return 13
	default:
		return 11.5
	}
}

// metrics measures text in the embedded font without a PDF in progress,
// so layout can be done before drawing.
type metrics struct {
	font   gopdf.SubsetFontObj
	widths map[rune]float64 // advance per 1 pt of font size
	mu     sync.Mutex
}

var (
	fontOnce sync.Once
	fontM    *metrics
	fontErr  error
)

func loadMetrics() (*metrics, error) {
	fontOnce.Do(func() {
		m := &metrics{widths: map[rune]float64{}}
		if err := m.font.SetTTFData(fontData); err != nil {
			fontErr = fmt.Errorf("pdfdoc: the embedded font cannot be read: %w", err)
			return
		}
		fontM = m
	})
	return fontM, fontErr
}

// advance is the width of r at 1 pt, or -1 if the font has no glyph.
func (m *metrics) advance(r rune) float64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	if w, ok := m.widths[r]; ok {
		return w
	}
	w := -1.0
	if gid, err := m.font.CharCodeToGlyphIndex(r); err == nil && gid != 0 {
		w = float64(m.font.GlyphIndexToPdfWidth(gid)) / 1000
	}
	m.widths[r] = w
	return w
}

func (m *metrics) width(s string, size float64) float64 {
	w := 0.0
	for _, r := range s {
		if a := m.advance(r); a > 0 {
			w += a
		}
	}
	return w * size
}

// Clean makes text safe to draw: newlines normalised, tabs and other
// control or format characters turned into spaces, invalid UTF-8 and
// characters the font has no glyph for turned into "?". Newlines are
// kept.
func Clean(s string) string {
	m, err := loadMetrics()
	var b strings.Builder
	s = strings.ReplaceAll(s, "\r\n", "\n")
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		switch {
		case r == utf8.RuneError && n <= 1:
			b.WriteByte('?')
		case r == '\n' || r == '\r' || r == '\u2028' || r == '\u2029':
			b.WriteByte('\n')
		case r == ' ':
			b.WriteByte(' ')
		case unicode.IsControl(r) || unicode.IsSpace(r) || unicode.Is(unicode.Cf, r):
			b.WriteByte(' ')
		case err != nil || m.advance(r) < 0:
			b.WriteByte('?')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Wrap breaks text into lines that fit width points at size pt.
func Wrap(text string, width, size float64) []string {
	m, err := loadMetrics()
	if err != nil {
		return strings.Split(text, "\n")
	}
	return BreakLines(Clean(text), width, func(s string) float64 { return m.width(s, size) })
}

// op is one thing drawn on a page.
type op struct {
	text          string
	x, y, size    float64
	line          bool
	x2, y2        float64
	fill          bool // a grey rectangle x,y to x2,y2 (header cells)
	rightAlignedW float64
}

type layout struct {
	m     *metrics
	pages [][]op
	y     float64
}

func (l *layout) newPage() {
	l.pages = append(l.pages, nil)
	l.y = marginT
}

func (l *layout) add(o op) {
	l.pages[len(l.pages)-1] = append(l.pages[len(l.pages)-1], o)
}

func (l *layout) room() float64 { return pageH - marginB - l.y }

func (l *layout) lines(text string, size, indent float64) {
	lh := size * lineGap
	for _, ln := range BreakLines(text, textW-indent, func(s string) float64 { return l.m.width(s, size) }) {
		if l.room() < lh {
			l.newPage()
		}
		if ln != "" {
			l.add(op{text: ln, x: marginX + indent, y: l.y, size: size})
		}
		l.y += lh
	}
}

func (l *layout) heading(h Heading) {
	size := headingSize(h.Level)
	// Keep a heading with at least three lines of what follows.
	if l.room() < size*lineGap+3*bodyPt*lineGap && l.y > marginT {
		l.newPage()
	}
	if l.y > marginT {
		l.y += size * 0.6
	}
	l.lines(Clean(h.Text), size, 0)
	if h.Level <= 2 {
		l.add(op{line: true, x: marginX, y: l.y - size*0.25, x2: marginX + textW, y2: l.y - size*0.25})
	}
	l.y += size * 0.3
}

func (l *layout) table(t Table) {
	ncol := len(t.Header)
	for _, r := range t.Rows {
		ncol = max(ncol, len(r))
	}
	if ncol == 0 {
		return
	}
	widths := make([]float64, ncol)
	total := 0.0
	for i := range widths {
		w := 1.0
		if i < len(t.Widths) && t.Widths[i] > 0 && t.Widths[i] < 1e6 {
			w = t.Widths[i]
		}
		widths[i] = w
		total += w
	}
	for i := range widths {
		widths[i] = widths[i] / total * textW
	}
	size := bodyPt * 0.95
	lh := size * lineGap
	wrapRow := func(cells []string) [][]string {
		out := make([][]string, ncol)
		for i := range out {
			s := ""
			if i < len(cells) {
				s = Clean(cells[i])
			}
			out[i] = BreakLines(s, widths[i]-2*cellPad, func(s string) float64 { return l.m.width(s, size) })
		}
		return out
	}
	var header [][]string
	if len(t.Header) > 0 {
		header = wrapRow(t.Header)
	}
	drawRow := func(cells [][]string, from, n int, shade bool) {
		top := l.y
		h := float64(n)*lh + 2*cellPad
		x := marginX
		if shade {
			l.add(op{fill: true, x: marginX, y: top, x2: marginX + textW, y2: top + h})
		}
		for i, c := range cells {
			for k := from; k < from+n && k < len(c); k++ {
				if c[k] != "" {
					l.add(op{text: c[k], x: x + cellPad, y: top + cellPad + float64(k-from)*lh, size: size})
				}
			}
			l.add(op{line: true, x: x, y: top, x2: x, y2: top + h})
			x += widths[i]
		}
		l.add(op{line: true, x: marginX + textW, y: top, x2: marginX + textW, y2: top + h})
		l.add(op{line: true, x: marginX, y: top, x2: marginX + textW, y2: top})
		l.add(op{line: true, x: marginX, y: top + h, x2: marginX + textW, y2: top + h})
		l.y = top + h
	}
	height := func(cells [][]string) int {
		n := 1
		for _, c := range cells {
			n = max(n, len(c))
		}
		return n
	}
	fits := func(n int) int { return int((l.room() - 2*cellPad) / lh) }
	putHeader := func() {
		if header != nil {
			drawRow(header, 0, height(header), true)
		}
	}
	headerH := 0.0
	if header != nil {
		headerH = float64(height(header))*lh + 2*cellPad
	}
	if l.room() < headerH+lh+2*cellPad {
		l.newPage()
	}
	putHeader()
	for _, r := range t.Rows {
		cells := wrapRow(r)
		n := height(cells)
		done := 0
		for done < n {
			k := fits(n - done)
			if k < 1 || (k < n-done && k < 2 && l.y > marginT+headerH) {
				l.newPage()
				putHeader()
				continue
			}
			k = min(k, n-done)
			drawRow(cells, done, k, false)
			done += k
			if done < n {
				l.newPage()
				putHeader()
			}
		}
	}
	l.y += bodyPt * 0.6
}

// Render lays the document out on A4 pages and writes it as PDF.
func Render(doc Document) ([]byte, error) {
	m, err := loadMetrics()
	if err != nil {
		return nil, err
	}
	l := &layout{m: m}
	l.newPage()
	for _, b := range doc.Blocks {
		switch b := b.(type) {
		case Heading:
			l.heading(b)
		case Paragraph:
			size := bodyPt
			if b.Small {
				size = smallPt
			}
			l.lines(Clean(b.Text), size, 0)
			l.y += size * 0.5
		case Table:
			l.table(b)
		case Space:
			if v := float64(b); v > 0 && v < pageH {
				l.y += v
				if l.room() < 0 {
					l.newPage()
				}
			}
		}
	}

	pdf := &gopdf.GoPdf{}
	pdf.Start(gopdf.Config{PageSize: *gopdf.PageSizeA4, Unit: gopdf.UnitPT})
	pdf.SetInfo(gopdf.PdfInfo{Title: Clean(doc.Title), Author: Clean(doc.Author), Creator: "himitsu"})
	if err := pdf.AddTTFFontData(fontFamily, fontData); err != nil {
		return nil, fmt.Errorf("pdfdoc: embedding the font: %w", err)
	}
	footer := strings.ReplaceAll(Clean(doc.Footer), "\n", " ")
	for i, page := range l.pages {
		pdf.AddPage()
		pdf.SetLineWidth(0.5)
		for _, o := range page {
			switch {
			case o.fill:
				pdf.SetFillColor(235, 235, 235)
				pdf.RectFromUpperLeftWithStyle(o.x, o.y, o.x2-o.x, o.y2-o.y, "F")
				// The fill colour is also the colour of text in PDF.
				pdf.SetFillColor(0, 0, 0)
			case o.line:
				pdf.SetStrokeColor(80, 80, 80)
				pdf.Line(o.x, o.y, o.x2, o.y2)
			default:
				if err := drawText(pdf, o.text, o.x, o.y, o.size); err != nil {
					return nil, err
				}
			}
		}
		y := pageH - marginB + 16
		if footer != "" {
			lines := BreakLines(footer, textW-80, func(s string) float64 { return m.width(s, smallPt) })
			if err := drawText(pdf, lines[0], marginX, y, smallPt); err != nil {
				return nil, err
			}
		}
		num := fmt.Sprintf("%d / %d", i+1, len(l.pages))
		if err := drawText(pdf, num, marginX+textW-m.width(num, smallPt), y, smallPt); err != nil {
			return nil, err
		}
	}
	out, err := pdf.GetBytesPdfReturnErr()
	if err != nil {
		return nil, fmt.Errorf("pdfdoc: writing the PDF: %w", err)
	}
	return out, nil
}

func drawText(pdf *gopdf.GoPdf, s string, x, y, size float64) error {
	if err := pdf.SetFont(fontFamily, "", size); err != nil {
		return fmt.Errorf("pdfdoc: font: %w", err)
	}
	// Layout works with the top of a line; gopdf's Text takes the
	// baseline, which for this font sits about 0.88 em below the top.
	pdf.SetXY(x, y+size*0.88)
	if err := pdf.Text(s); err != nil {
		return fmt.Errorf("pdfdoc: text %.20q: %w", s, err)
	}
	return nil
}
