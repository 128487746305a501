package server

import (
	"html/template"
	"strings"
)

// The rows of a list page are written here rather than by the template:
// each printed value of a template action is a reflective call of its
// escaper, eight per row of the access log, and they were most of a
// page's time. The HTML is byte for byte what list.html writes for the
// same row (TestListTablesGolden, TestListRowHTMLMatchesTemplate); a row
// whose link would need the template's URL escaping is left to it.

// textEscaper escapes text in an element as html/template does (its
// escaper of text, which also escapes "+" and turns NUL into U+FFFD).
var textEscaper = strings.NewReplacer("\x00", "\uFFFD", `"`, "&#34;", "&", "&amp;", "'", "&#39;", "+", "&#43;", "<", "&lt;", ">", "&gt;")

// plainURLPart reports whether s is unchanged by html/template in a URL
// attribute (letters, digits, "-", ".", "_", "~"), so that it may be
// written as it is.
func plainURLPart(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~') {
			return false
		}
	}
	return true
}

// rowHTML writes the inside of the row's <tr> as list.html does, with the
// page's words for yes and no; ok is false when a link holds a character
// the template would escape, and the template writes that row.
func (r listRow) rowHTML(carrier, register, yes, no string) (h template.HTML, ok bool) {
	var b strings.Builder
	b.WriteString("\n    <td class=\"mono\">")
	if r.Href != "" {
		if !plainURLPart(carrier) || !plainURLPart(register) || !plainURLPart(r.ID) {
			return "", false
		}
		b.WriteString(`<a href="` + r.Href + `">`)
		textEscaper.WriteString(&b, r.ID)
		b.WriteString("</a>")
	} else {
		textEscaper.WriteString(&b, r.ID)
	}
	b.WriteString("</td>\n    ")
	for _, c := range r.Cells {
		if c.Num {
			b.WriteString(`<td class="num">`)
		} else {
			b.WriteString(`<td >`)
		}
		switch {
		case c.Yes:
			b.WriteString(`<span class="badge b-medium">`)
			textEscaper.WriteString(&b, yes)
			b.WriteString("</span>")
		case c.No:
			textEscaper.WriteString(&b, no)
		case c.Unknown:
			b.WriteString(`<span class="muted">?</span>`)
		case c.Dash:
			b.WriteString(`<span class="muted">—</span>`)
		case c.Ref != "":
			if !plainURLPart(carrier) || !plainURLPart(c.Ref) || !plainURLPart(c.Value) {
				return "", false
			}
			b.WriteString(`<a href="/c/` + carrier + "/" + c.Ref + "/" + c.Value + `" class="mono">`)
			textEscaper.WriteString(&b, c.Value)
			b.WriteString("</a>")
		default:
			textEscaper.WriteString(&b, c.Show)
		}
		b.WriteString("</td>")
	}
	b.WriteString("\n  ")
	return template.HTML(b.String()), true
}
