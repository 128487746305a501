package server

import (
	"html/template"
	"os"
	"strings"
	"testing"
)

// TestListRowHTMLMatchesTemplate writes rows of every kind of cell both
// ways, by rowHTML and by the rows part of templates/list.html, and
// requires the same bytes: text holding every character html/template
// escapes, NUL, invalid UTF-8 and Japanese; badges, words, dashes, links.
// A row whose link holds a character the template would escape must be
// left to the template.
func TestListRowHTMLMatchesTemplate(t *testing.T) {
	src, err := os.ReadFile("templates/list.html")
	if err != nil {
		t.Fatal(err)
	}
	text := string(src)
	i, j := strings.Index(text, "{{range .Data.Rows}}"), strings.Index(text, "</tr>{{else}}")
	if i < 0 || j < i {
		t.Fatal("templates/list.html: no rows part")
	}
	tmpl := template.Must(template.New("rows").Parse("<table><tbody>" + text[i:j] + "</tr>{{end}}</tbody></table>"))
	type carrier struct{ ID string }
	render := func(rows []listRow) string {
		var b strings.Builder
		data := map[string]any{"Data": map[string]any{"Rows": rows, "Yes": "はい", "No": "No & <no>"}, "Carrier": carrier{"a"}}
		if err := tmpl.Execute(&b, data); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	tricky := "a+b <i>&</i> 'q' \"r\" \x00 \xff\xfe 通話明細 — =`"
	plain := []listRow{
		{ID: "ev-1", Cells: []listCell{{Show: tricky}, {Num: true, Show: "42"}, {Yes: true}, {No: true}, {Unknown: true}, {Dash: true}, {}, {Ref: "persons", Value: "per-1.x_y~z"}}},
		{ID: "per+1<", Href: "", Cells: []listCell{{Show: "x"}}},
		{ID: "per-1", Href: "/c/a/persons/per-1", Cells: []listCell{{Num: true, Dash: true}, {Ref: "organisations", Value: "org-carrier"}}},
	}
	unsafe := []listRow{
		{ID: "per 1", Href: "/c/a/persons/per 1", Cells: []listCell{{Show: "x"}}},
		{ID: "ev-2", Cells: []listCell{{Ref: "persons", Value: "per+1"}}},
		{ID: "ev-3", Cells: []listCell{{Ref: "persons", Value: "per/../1"}}},
		{ID: "ev-4", Cells: []listCell{{Ref: "persons", Value: "javascript:alert(1)"}}},
	}
	for _, r := range plain {
		byTemplate := render([]listRow{r})
		h, ok := r.rowHTML("a", "persons", "はい", "No & <no>")
		if !ok {
			t.Fatalf("row %q: rowHTML left it to the template", r.ID)
		}
		r.HTML = h
		if byGo := render([]listRow{r}); byGo != byTemplate {
			t.Errorf("row %q:\n   by Go %q\nby template %q", r.ID, byGo, byTemplate)
		}
	}
	for _, r := range unsafe {
		if _, ok := r.rowHTML("a", "persons", "はい", "No"); ok {
			t.Errorf("row %q: rowHTML wrote a link the template would escape", r.ID)
		}
	}
}
