// Package report renders a himitsu assessment for people and machines: a
// terminal text report, JSON (with a JSON Schema in docs/schema), Markdown
// for wikis and pull requests, one self-contained print-friendly HTML file,
// and OSCAL 1.1.2 assessment results.
//
// Every format is deterministic: the report date is the assessment's as-of
// day, never the current time; lists are sorted and maps are never ranged
// over unsorted; OSCAL UUIDs are name-based (version 5) from stable
// strings. The same assessment and catalog give the same bytes.
package report

import (
	"bytes"
	"html/template"
	"io"
	"slices"
	"strings"
	"sync"

	himitsu "github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/catalog"
)

// Options choose the format and the language of a report.
type Options struct {
	Format string // text (default), json, markdown, html or oscal
	Lang   string // ja (default) or en; a tag such as "ja-JP" or "en-GB" is accepted
	// Era adds the Japanese era date (令和8年11月1日) beside each date of a
	// Japanese report.
	Era bool
}

// Formats lists the formats Render accepts, in the order a help text shows them.
func Formats() []string { return []string{"text", "json", "markdown", "html", "oscal"} }

// Renderer holds the parsed HTML templates. It is safe for concurrent use.
type Renderer struct {
	html *template.Template
}

// NewRenderer parses the embedded templates; an error means a template is
// broken, which the package tests rule out.
func NewRenderer() (*Renderer, error) {
	t, err := parseHTML()
	if err != nil {
		return nil, &himitsu.Error{Op: "report.NewRenderer", Kind: himitsu.KindInternal, Msg: "the HTML report template is broken", Err: err}
	}
	return &Renderer{html: t}, nil
}

// defaultRenderer parses the templates once per process.
var defaultRenderer = sync.OnceValues(NewRenderer)

// Render writes a in the format and language of opts, using the package's
// shared Renderer. See Renderer.Render.
func Render(w io.Writer, a *himitsu.Assessment, cat *catalog.Catalog, opts Options) error {
	r, err := defaultRenderer()
	if err != nil {
		return err
	}
	return r.Render(w, a, cat, opts)
}

// normalize fills in defaults and rejects unknown formats and languages
// with a KindInvalid error.
func normalize(o Options) (Options, error) {
	o.Format = strings.ToLower(strings.TrimSpace(o.Format))
	if o.Format == "" {
		o.Format = "text"
	}
	if o.Format == "md" {
		o.Format = "markdown"
	}
	if !slices.Contains(Formats(), o.Format) {
		return o, &himitsu.Error{Op: "report.Render", Kind: himitsu.KindInvalid, Field: "format",
			Msg: "unknown report format " + quote(o.Format) + "; use one of " + strings.Join(Formats(), ", ")}
	}
	lang := strings.ToLower(strings.TrimSpace(o.Lang))
	switch {
	case lang == "", lang == "ja", strings.HasPrefix(lang, "ja-"):
		o.Lang = "ja"
	case lang == "en", strings.HasPrefix(lang, "en-"):
		o.Lang = "en"
	default:
		return o, &himitsu.Error{Op: "report.Render", Kind: himitsu.KindInvalid, Field: "lang",
			Msg: "unknown report language " + quote(o.Lang) + "; use ja or en"}
	}
	return o, nil
}

func quote(s string) string { return "\"" + s + "\"" }

// Render writes a in the format and language of opts. The whole report is
// built in memory first, so a failure writes nothing. A nil assessment or
// catalog, or an unknown format or language, gives KindInvalid; a failed
// write gives KindInternal wrapping the writer's error.
func (r *Renderer) Render(w io.Writer, a *himitsu.Assessment, cat *catalog.Catalog, opts Options) error {
	if a == nil || cat == nil {
		return himitsu.Errorf(himitsu.KindInvalid, "report.Render needs an assessment and a catalog")
	}
	o, err := normalize(opts)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	switch o.Format {
	case "text":
		err = renderText(&buf, newView(a, cat, o))
	case "markdown":
		err = renderMarkdown(&buf, newView(a, cat, o))
	case "html":
		err = r.html.Execute(&buf, newView(a, cat, o))
	case "json":
		err = renderJSON(&buf, a, cat)
	case "oscal":
		err = renderOSCAL(&buf, a, cat, o)
	}
	if err != nil {
		return &himitsu.Error{Op: "report.Render", Kind: himitsu.KindInternal, Msg: "rendering the " + o.Format + " report failed", Err: err}
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return &himitsu.Error{Op: "report.Render", Kind: himitsu.KindInternal, Msg: "writing the report failed", Err: err}
	}
	return nil
}
