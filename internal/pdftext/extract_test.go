package pdftext

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"strings"
	"testing"

	"github.com/himitsu-oss/himitsu"
)

// minimal builds a one-page PDF around a content stream, with a font F1
// given as the dict text font, and extra trailer entries.
func minimal(content, font, trailerExtra string, flate bool) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	stream := []byte(content)
	filter := ""
	if flate {
		var z bytes.Buffer
		w := zlib.NewWriter(&z)
		w.Write(stream)
		w.Close()
		stream = z.Bytes()
		filter = "/Filter /FlateDecode "
	}
	fmt.Fprintf(&b, "1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n")
	fmt.Fprintf(&b, "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 /Resources << /Font << /F1 5 0 R >> >> >> endobj\n")
	fmt.Fprintf(&b, "3 0 obj << /Type /Page /Parent 2 0 R /Contents 4 0 R >> endobj\n")
	fmt.Fprintf(&b, "4 0 obj << %s/Length %d >>\nstream\n%s\nendstream\nendobj\n", filter, len(stream), stream)
	fmt.Fprintf(&b, "5 0 obj %s endobj\n", font)
	fmt.Fprintf(&b, "trailer << /Root 1 0 R %s >>\n%%%%EOF\n", trailerExtra)
	return b.Bytes()
}

const helvetica = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"

func TestExtractSimpleFonts(t *testing.T) {
	tests := []struct {
		name    string
		content string
		flate   bool
		want    string
	}{
		{"Tj", "BT /F1 12 Tf 72 700 Td (Privacy Policy) Tj ET", false, "Privacy Policy"},
		{"TJ with word gap", "BT /F1 12 Tf 72 700 Td [(We never)-300(sell data)] TJ ET", true, "We never sell data"},
		{"two lines", "BT /F1 12 Tf 14 TL 72 700 Td (Line one) Tj T* (Line two) Tj ET", true, "Line one\nLine two"},
		{"escapes", `BT /F1 12 Tf 72 700 Td (a\(b\)c \101\n) Tj ET`, false, "a(b)c A"},
		{"inline image skipped", "BI /W 1 /H 1 ID \x00\xffEIgarbage EI BT /F1 12 Tf 72 700 Td (after) Tj ET", false, "after"},
		{"quote operator", "BT /F1 12 Tf 14 TL 72 700 Td (first) Tj (second) ' ET", false, "first\nsecond"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Extract("p.pdf", minimal(tt.content, helvetica, "", tt.flate))
			if err != nil {
				t.Fatal(err)
			}
			if got := doc.Text(); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestExtractToUnicodeCMap(t *testing.T) {
	// A composite font whose codes 0x0001–0x0003 map to 通信の and 0x0010
	// to 秘 by bfchar, with a bfrange for 密.
	cmap := `/CIDInit /ProcSet findresource begin 12 dict begin begincmap
1 begincodespacerange <0000> <FFFF> endcodespacerange
2 beginbfchar <0001> <901A> <0010> <79D8> endbfchar
2 beginbfrange <0002> <0002> <4FE1> <0003> <0004> [<306E> <5BC6>] endbfrange
endcmap CMapName currentdict /CMap defineresource pop end end`
	var b bytes.Buffer
	b.WriteString("%PDF-1.7\n")
	b.WriteString("1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n")
	b.WriteString("2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n")
	content := "BT /F1 10 Tf 50 800 Td <00010002000300100004> Tj ET"
	fmt.Fprintf(&b, "3 0 obj << /Type /Page /Parent 2 0 R /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >> endobj\n")
	fmt.Fprintf(&b, "4 0 obj << /Length %d >> stream\n%s\nendstream endobj\n", len(content), content)
	b.WriteString("5 0 obj << /Type /Font /Subtype /Type0 /Encoding /Identity-H /ToUnicode 6 0 R >> endobj\n")
	fmt.Fprintf(&b, "6 0 obj << /Length %d >> stream\n%s\nendstream endobj\n", len(cmap), cmap)
	b.WriteString("trailer << /Root 1 0 R >>\n%%EOF\n")
	doc, err := Extract("cmap.pdf", b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if got, want := doc.Text(), "通信の秘密"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestExtractErrors(t *testing.T) {
	noCMap := "<< /Type /Font /Subtype /Type0 /Encoding /Identity-H >>"
	tests := []struct {
		name   string
		data   []byte
		en, ja string
	}{
		{"not a PDF", []byte("hello, this is text"), "not a PDF", "PDFファイルではない"},
		{"encrypted", minimal("BT /F1 12 Tf (x) Tj ET", helvetica, "/Encrypt << /Filter /Standard /V 2 >>", false), "encrypted", "暗号化"},
		{"no text layer", minimal("q 100 0 0 100 0 0 cm /Im1 Do Q", helvetica, "", false), "no text layer", "テキスト層がありません"},
		{"codes without a map", minimal("BT /F1 12 Tf <00410042> Tj ET", noCMap, "", false), "no text layer", "テキスト層がありません"},
		{"no pages", []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>"), "no pages", "読み取れるページがありません"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Extract("policy.pdf", tt.data)
			if err == nil {
				t.Fatal("got no error")
			}
			var he *himitsu.Error
			if !asError(err, &he) || he.Kind != himitsu.KindInvalid {
				t.Fatalf("got %T %v, want a *himitsu.Error of kind invalid", err, err)
			}
			if en := he.Error(); !strings.Contains(en, "policy.pdf") || !strings.Contains(en, tt.en) {
				t.Errorf("English %q lacks the file name or %q", en, tt.en)
			}
			if ja := he.Localized("ja"); !strings.Contains(ja, "policy.pdf") || !strings.Contains(ja, tt.ja) {
				t.Errorf("Japanese %q lacks the file name or %q", ja, tt.ja)
			}
		})
	}
}

func asError(err error, target **himitsu.Error) bool {
	e, ok := err.(*himitsu.Error)
	*target = e
	return ok
}

func FuzzExtract(f *testing.F) {
	f.Add(minimal("BT /F1 12 Tf 72 700 Td [(We)-300(sell)] TJ ET", helvetica, "", true))
	f.Add(minimal("BT /F1 12 Tf <0001> Tj ET", "<< /Subtype /Type0 /ToUnicode 6 0 R >>", "", false))
	f.Add([]byte("%PDF-1.5\n1 0 obj << /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length 3 >> stream\nabc\nendstream endobj"))
	f.Add([]byte("%PDF-1.4\n1 0 obj [[[[[[[[ << /A << /B (((( endobj"))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := Extract("fuzz.pdf", data)
		if err == nil && doc == nil {
			t.Fatal("nil document without an error")
		}
	})
}

// TestFormBomb: a form that draws itself ten times would be walked 10^8
// times within the depth limit; the form budget stops it.
func TestFormBomb(t *testing.T) {
	form := strings.Repeat("/X1 Do ", 10) + "BT /F1 12 Tf (x) Tj ET"
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n")
	b.WriteString("2 0 obj << /Type /Pages /Kids [3 0 R] >> endobj\n")
	b.WriteString("3 0 obj << /Type /Page /Contents 4 0 R /Resources << /XObject << /X1 5 0 R >> /Font << /F1 6 0 R >> >> >> endobj\n")
	b.WriteString("4 0 obj << /Length 7 >> stream\n/X1 Do\nendstream endobj\n")
	fmt.Fprintf(&b, "5 0 obj << /Type /XObject /Subtype /Form /Length %d >> stream\n%s\nendstream endobj\n", len(form), form)
	b.WriteString("6 0 obj " + helvetica + " endobj\ntrailer << /Root 1 0 R >>\n")
	doc, err := Extract("bomb.pdf", b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(doc.Text(), "x"); n == 0 || n > maxForms {
		t.Errorf("drew the form's text %d times, want between 1 and %d", n, maxForms)
	}
}
