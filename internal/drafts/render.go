package drafts

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"strconv"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/pdfdoc"
)

//go:embed templates/draft.html
var templateFS embed.FS

type textPair struct {
	T  Text
	Bi bool
}

var page = template.Must(template.New("draft.html").Funcs(template.FuncMap{
	"pair": func(x Text, bi bool) textPair { return textPair{x, bi} },
	"inc":  func(i int) int { return i + 1 },
}).ParseFS(templateFS, "templates/draft.html"))

// CheckLang accepts "ja" (Japanese only) and "en" (Japanese with English
// alongside); empty means "ja".
func CheckLang(lang string) (string, error) {
	switch lang {
	case "", "ja":
		return "ja", nil
	case "en":
		return "en", nil
	}
	return "", &himitsu.Error{Op: "drafts", Kind: himitsu.KindInvalid, Field: "lang",
		Msg:   fmt.Sprintf("unknown language %q: expected ja or en", lang),
		MsgJA: fmt.Sprintf("言語 %q は使えません。ja または en を指定してください", lang)}
}

// HTML renders the draft as a standalone HTML page. lang "en" puts the
// English under each Japanese text; the filing itself is the Japanese.
func HTML(d *Draft, lang string) ([]byte, error) {
	var b bytes.Buffer
	err := page.Execute(&b, struct {
		D       *Draft
		Bi      bool
		Missing Text
	}{d, lang == "en", missing})
	if err != nil {
		return nil, fmt.Errorf("drafts: rendering HTML: %w", err)
	}
	return b.Bytes(), nil
}

// PDF renders the draft as an A4 PDF with the Japanese font embedded.
func PDF(d *Draft, lang string) ([]byte, error) {
	return pdfdoc.Render(Document(d, lang))
}

// Document lays the draft out as pdfdoc blocks.
func Document(d *Draft, lang string) pdfdoc.Document {
	bi := lang == "en"
	var bs []pdfdoc.Block
	para := func(x Text, small bool) {
		bs = append(bs, pdfdoc.Paragraph{Text: x.JA, Small: small})
		if bi && x.EN != "" && x.EN != x.JA {
			bs = append(bs, pdfdoc.Paragraph{Text: x.EN, Small: true})
		}
	}
	cell := func(x Text) string {
		if bi && x.EN != "" && x.EN != x.JA {
			return x.JA + "\n" + x.EN
		}
		return x.JA
	}
	for _, n := range d.Notes {
		para(n, true)
	}
	bs = append(bs, pdfdoc.Space(6))
	para(d.Date, false)
	para(d.To, false)
	para(d.From, false)
	bs = append(bs, pdfdoc.Heading{Level: 1, Text: d.Title.JA})
	if bi {
		bs = append(bs, pdfdoc.Paragraph{Text: d.Title.EN, Small: true})
	}
	para(d.Basis, true)
	para(d.Intro, false)
	for i, it := range d.Items {
		h := strconv.Itoa(i+1) + ". " + it.Heading.JA
		if bi {
			h += " / " + it.Heading.EN
		}
		bs = append(bs, pdfdoc.Heading{Level: 2, Text: h})
		for _, l := range it.Lines {
			para(l, false)
		}
		if it.Table != nil {
			tb := pdfdoc.Table{}
			for _, x := range it.Table.Header {
				tb.Header = append(tb.Header, cell(x))
			}
			for _, r := range it.Table.Rows {
				var row []string
				for _, x := range r {
					row = append(row, cell(x))
				}
				tb.Rows = append(tb.Rows, row)
			}
			bs = append(bs, tb)
		}
		if it.Missing && len(it.Lines) == 0 {
			para(missing, false)
		}
	}
	footer := d.Title.JA + "（草案） " + d.Incident
	return pdfdoc.Document{Title: d.Title.JA, Author: d.From.JA, Footer: footer, Blocks: bs}
}
