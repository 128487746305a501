package report

import (
	"embed"
	"fmt"
	"html/template"
)

//go:embed templates/*.tmpl
var templateFS embed.FS

// parseHTML parses the embedded HTML report template. Template functions
// are not needed: the view carries every value ready to print, and its
// methods give the language-dependent phrases.
func parseHTML() (*template.Template, error) {
	return template.ParseFS(templateFS, "templates/report.html.tmpl")
}

// T returns a heading or phrase in the view's language (for templates).
func (v *view) T(key string) string { return ui(key, v.Lang) }

// CountsSentence summarises what was examined.
func (v *view) CountsSentence() string {
	return fmt.Sprintf(ui("counts-sentence", v.Lang), v.Examined, v.Indicated, v.AtRisk, v.Attest)
}

// OverallSentence states the overall grade in words, followed by what the
// grade means.
func (v *view) OverallSentence() string {
	s := fmt.Sprintf(ui("overall-sentence", v.Lang), v.Overall.Label)
	if v.Overall.Meaning == "" {
		return s
	}
	if v.Lang == "ja" {
		return s + v.Overall.Meaning
	}
	return s + " " + v.Overall.Meaning
}
