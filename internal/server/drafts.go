package server

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/drafts"
)

// The drafts of an incident's reports to the authorities, and the record
// of their filing (issue 9). A draft is built from the records the store
// holds now, read under the route's purpose, so every draft shown is in
// the read log. Filing freezes the draft as rendered at the filing time:
// the store keeps its bytes and SHA-256 and puts the hash in the change
// log.

// draftRoles may read drafts: those who work the incident or examine it.
var draftRoles = []himitsu.Role{himitsu.RoleAdmin, himitsu.RoleOfficer, himitsu.RoleAuditor, himitsu.RoleRegulator}

// draftFor builds the draft the request names.
func (s *Server) draftFor(r *http.Request, c *call) (*drafts.Draft, error) {
	rep, err := drafts.ParseReport(r.PathValue("report"))
	if err != nil {
		return nil, err
	}
	rec, err := s.store.Records(c.ctx, c.carrier)
	if err != nil {
		return nil, err
	}
	return drafts.Build(rep, rec, r.PathValue("id"), s.cfg.Now())
}

func draftLang(r *http.Request, fallback string) (string, error) {
	lang := r.URL.Query().Get("lang")
	if lang == "" {
		lang = fallback
	}
	return drafts.CheckLang(lang)
}

// incidentDraft serves a draft as HTML (shown in the browser) or PDF
// (downloaded); the API also answers JSON.
func (s *Server) incidentDraft(w http.ResponseWriter, r *http.Request, c *call) error {
	format := r.URL.Query().Get("format")
	if format == "" {
		format = "html"
		if c.rt.api {
			format = "json"
		}
	}
	if format != "html" && format != "pdf" && !(c.rt.api && format == "json") {
		allowed := "html, pdf"
		if c.rt.api {
			allowed = "json, html, pdf"
		}
		return himitsu.FieldErrorJA("format", "is one of %s", "%s のいずれかである", allowed)
	}
	// A draft's language is the filing's, Japanese, unless English
	// alongside is asked for; the interface language does not change it.
	lang, err := draftLang(r, "ja")
	if err != nil {
		return err
	}
	d, err := s.draftFor(r, c)
	if err != nil {
		return err
	}
	name := fmt.Sprintf("%s-%s-%s", c.carrier, d.Incident, d.Report)
	switch format {
	case "json":
		return writeJSON(w, http.StatusOK, d)
	case "pdf":
		body, err := drafts.PDF(d, lang)
		if err != nil {
			return err
		}
		w.Header().Set("Content-Type", "application/pdf")
		w.Header().Set("Content-Disposition", contentDisposition("attachment", name+".pdf"))
		_, err = w.Write(body)
		return err
	}
	body, err := drafts.HTML(d, lang)
	if err != nil {
		return err
	}
	// The draft is a document of its own with inline styles and no
	// script; everything in it is escaped by html/template.
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'")
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Disposition", contentDisposition("inline", name+".html"))
	_, err = w.Write(body)
	return err
}

// contentDisposition names a file in ASCII and, for names with other
// characters, in UTF-8 as RFC 6266 allows.
func contentDisposition(kind, name string) string {
	ascii := strings.Map(func(r rune) rune {
		if r < 0x20 || r > 0x7e || r == '"' || r == '\\' {
			return '_'
		}
		return r
	}, name)
	return fmt.Sprintf(`%s; filename="%s"; filename*=UTF-8''%s`, kind, ascii, url.PathEscape(name))
}

// filingBody is what a filing states, from the API's JSON or the page's
// form.
type filingBody struct {
	Report      string `json:"report"`
	Lang        string `json:"lang,omitempty"`
	SubmittedAt string `json:"submitted_at"`
	To          string `json:"to,omitempty"`
	Reference   string `json:"reference,omitempty"`
}

// parseFilingTime reads RFC 3339, or a form's local date and time taken
// as Japan time.
func parseFilingTime(v string) (time.Time, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return time.Time{}, himitsu.FieldErrorJA("submitted_at", "is required: when the report reached the authority", "必須である（報告が当局に届いた日時）")
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t, nil
	}
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02T15:04:05", "2006-01-02 15:04"} {
		if t, err := time.ParseInLocation(layout, v, himitsu.Tokyo); err == nil {
			return t, nil
		}
	}
	return time.Time{}, himitsu.FieldErrorJA("submitted_at", "is a date and time (RFC 3339, or YYYY-MM-DDTHH:MM in Japan time), got %q",
		"日時（RFC 3339、又は日本時間の YYYY-MM-DDTHH:MM）である（値は「%s」）", v)
}

// file records a filing: the draft frozen as the next version.
func (s *Server) file(c *call, incident string, b filingBody) (himitsu.Stored[himitsu.RegulatorReport], error) {
	var out himitsu.Stored[himitsu.RegulatorReport]
	rep, err := drafts.ParseReport(b.Report)
	if err != nil {
		return out, err
	}
	at, err := parseFilingTime(b.SubmittedAt)
	if err != nil {
		return out, err
	}
	rec, err := s.store.Records(c.ctx, c.carrier)
	if err != nil {
		return out, err
	}
	lang := b.Lang
	if lang == "" {
		lang = "ja"
	}
	rr, err := drafts.Filing(rec, incident, drafts.FilingRequest{Report: rep, Lang: lang, SubmittedAt: at, To: b.To, Reference: b.Reference}, s.cfg.Now())
	if err != nil {
		return out, err
	}
	return s.store.RegulatorReports().Create(c.ctx, c.carrier, rr)
}

// fileReport is the page's form: it records the filing and shows the
// frozen report.
func (s *Server) fileReport(w http.ResponseWriter, r *http.Request, c *call) error {
	st, err := s.file(c, r.PathValue("id"), filingBody{
		Report: r.PostFormValue("report"), Lang: r.PostFormValue("lang"), SubmittedAt: r.PostFormValue("submitted_at"),
		To: r.PostFormValue("to"), Reference: r.PostFormValue("reference"),
	})
	if err != nil {
		return err
	}
	return redirect(w, r, "/c/"+url.PathEscape(c.carrier)+"/regulator_reports/"+url.PathEscape(st.Record.ID))
}

// apiFileReport records a filing and answers the frozen report.
func (s *Server) apiFileReport(w http.ResponseWriter, r *http.Request, c *call) error {
	var b filingBody
	if err := decode(r, &b); err != nil {
		return err
	}
	st, err := s.file(c, r.PathValue("id"), b)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/carriers/"+url.PathEscape(c.carrier)+"/regulator_reports/"+url.PathEscape(st.Record.ID))
	w.Header().Set("ETag", `"`+st.Version+`"`)
	return writeJSON(w, http.StatusCreated, st)
}
