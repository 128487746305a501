package policytext

import (
	"bytes"
	"html"
	"path/filepath"
	"regexp"
	"strings"
	"unicode/utf8"

	himitsu "github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/pdftext"
)

// Section is a heading and the text under it, with the offset of its
// start in the document's text (in bytes of Document.Text).
type Section struct {
	Heading string
	Text    string
	Offset  int
}

// Document is a policy as plain text split into sections.
type Document struct {
	Name     string
	Lang     string
	Text     string
	Sections []Section
	// PageStarts are the byte offsets in Text where each page begins,
	// for a PDF, whose pages are known; empty when pages are estimated
	// from the length.
	PageStarts []int
}

// maxDocument bounds a document (a 30-page policy is about 40 kB).
const maxDocument = 8 << 20

// maxPDF bounds a PDF file, which carries fonts and images besides its
// text; the text read from it is still bounded by maxDocument.
const maxPDF = 64 << 20

// ReadDocument reads a document as plain text, Markdown (.md), HTML
// (.html, .htm) or PDF (.pdf, or data starting with %PDF-) with a text
// layer; a scanned or encrypted PDF gives an error saying so.
func ReadDocument(name string, data []byte) (*Document, error) {
	fail := func(kind himitsu.Kind, en, ja string) error {
		return &himitsu.Error{Op: "policy check", Kind: kind, File: name, Msg: en, MsgJA: ja}
	}
	isPDF := strings.EqualFold(filepath.Ext(name), ".pdf") || bytes.HasPrefix(data, []byte("%PDF-"))
	if len(data) > maxPDF || (!isPDF && len(data) > maxDocument) {
		return nil, fail(himitsu.KindInvalid, "larger than 8 MB (64 MB for a PDF)", "8MB（PDFは64MB）を超える")
	}
	var text string
	var pageStarts []int
	ext := strings.ToLower(filepath.Ext(name))
	switch {
	case isPDF:
		doc, err := pdftext.Extract(name, data)
		if err != nil {
			return nil, err
		}
		for i := range doc.Pages {
			doc.Pages[i] = strings.ReplaceAll(doc.Pages[i], "\r\n", "\n")
		}
		text = doc.Text()
		pageStarts = pageOffsets(doc.Pages)
		if len(text) > maxDocument {
			return nil, fail(himitsu.KindInvalid, "its text is larger than 8 MB", "本文が8MBを超える")
		}
	case ext == ".html" || ext == ".htm":
		text = htmlText(string(data))
	default:
		text = string(data)
	}
	if !utf8.ValidString(text) {
		return nil, fail(himitsu.KindInvalid, "not valid UTF-8 text", "UTF-8のテキストではない")
	}
	text = strings.ReplaceAll(text, "\r\n", "\n")
	if strings.TrimSpace(text) == "" {
		return nil, fail(himitsu.KindInvalid, "empty document", "空の文書")
	}
	d := &Document{Name: name, Lang: Lang(text), Text: text, PageStarts: pageStarts}
	d.Sections = splitSections(text)
	return d, nil
}

// pageOffsets gives where each page starts in the text pdftext joins
// with a blank line between pages.
func pageOffsets(pages []string) []int {
	out := make([]int, len(pages))
	off := 0
	for i, p := range pages {
		out[i] = off
		off += len(p) + len("\n\n")
	}
	return out
}

var headingRE = regexp.MustCompile(`^(#{1,6}\s+\S.*|第[0-9０-９一二三四五六七八九十百]+条.*|(Article|Section|Clause|ARTICLE|SECTION)\s+\d+.*)$`)

// splitSections cuts the text at headings: Markdown "#" lines, Japanese
// article headings (第N条) and English "Article N" or "Section N" lines.
// Text before the first heading is a section without a heading.
func splitSections(text string) []Section {
	var out []Section
	cur := Section{}
	var body strings.Builder
	offset := 0
	flush := func() {
		cur.Text = strings.TrimSpace(body.String())
		if cur.Heading != "" || cur.Text != "" {
			out = append(out, cur)
		}
		body.Reset()
	}
	for _, line := range strings.SplitAfter(text, "\n") {
		t := strings.TrimSpace(line)
		if len(t) < 200 && headingRE.MatchString(t) {
			flush()
			cur = Section{Heading: strings.TrimSpace(strings.TrimLeft(t, "#")), Offset: offset}
		} else {
			body.WriteString(line)
		}
		offset += len(line)
	}
	flush()
	return out
}

var (
	dropRE    = regexp.MustCompile(`(?is)<(script|style|head)\b.*?</(script|style|head)\s*>`)
	headRE    = regexp.MustCompile(`(?i)<h([1-6])\b[^>]*>`)
	headEndRE = regexp.MustCompile(`(?i)</h[1-6]\s*>`)
	blockRE   = regexp.MustCompile(`(?i)</?(p|div|br|li|tr|section|article|ul|ol|table|dd|dt|blockquote)\b[^>]*>`)
	tagRE     = regexp.MustCompile(`<[^>]*>`)
	blankRE   = regexp.MustCompile(`\n[ \t]*\n([ \t]*\n)+`)
)

// htmlText turns HTML into text with Markdown headings. It is not a full
// HTML parser; it keeps the words and the headings, which is what the
// checks need.
func htmlText(s string) string {
	s = dropRE.ReplaceAllString(s, "")
	s = headRE.ReplaceAllStringFunc(s, func(m string) string {
		return "\n" + strings.Repeat("#", int(headRE.FindStringSubmatch(m)[1][0]-'0')) + " "
	})
	s = headEndRE.ReplaceAllString(s, "\n")
	s = blockRE.ReplaceAllString(s, "\n")
	s = tagRE.ReplaceAllString(s, "")
	s = html.UnescapeString(s)
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSpace(l)
	}
	return strings.TrimSpace(blankRE.ReplaceAllString(strings.Join(lines, "\n"), "\n\n"))
}
