package server

import (
	"bytes"
	"embed"
	"errors"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"slices"
	"strings"

	"github.com/himitsu-oss/himitsu"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// parsePages parses every template once, at start: a broken template
// stops the server from starting rather than failing a page later.
func parsePages() (*template.Template, error) {
	return template.New("").Funcs(template.FuncMap{
		"join": strings.Join,
		"add":  func(a, b int) int { return a + b },
		// pair passes two values to a sub-template: {{template "x" (pair $ .)}}.
		"pair": func(a, b any) struct{ A, B any } { return struct{ A, B any }{a, b} },
	}).ParseFS(templateFS, "templates/*.html")
}

// view is what every page template receives.
type view struct {
	s        *Server
	Lang     string
	Title    string
	Path     string
	User     *himitsu.User
	Carrier  himitsu.Carrier
	Carriers []himitsu.Carrier
	CSRF     string
	Nav      string
	Flash    string
	Body     template.HTML
	Data     any
}

func (v *view) T(key string) string           { return v.s.t(key, v.Lang) }
func (v *view) Reg(name string) string        { return registerLabel(name, v.Lang) }
func (v *view) FieldLabel(name string) string { return v.s.fieldLabel(name, v.Lang) }
func (v *view) RoleLabel() string {
	if v.User == nil {
		return ""
	}
	return roleLabel(v.User.Role, v.Lang)
}
func (v *view) RoleName(r himitsu.Role) string { return roleLabel(r, v.Lang) }
func (v *view) IsAdmin() bool                  { return v.User != nil && v.User.Role == himitsu.RoleAdmin }
func (v *view) CanImport() bool {
	return v.User != nil && slices.Contains(officers, v.User.Role)
}
func (v *view) CanLog() bool { return v.User != nil && slices.Contains(logReaders, v.User.Role) }

// Registers lists the registers the user may read, in menu order.
func (v *view) Registers() []string {
	var out []string
	for _, r := range registers() {
		if v.User != nil && slices.Contains(r.read, v.User.Role) {
			out = append(out, r.name)
		}
	}
	return out
}

// registerGroup is one heading of the menu's registers.
type registerGroup struct {
	Key   string // message key of the heading
	Names []string
}

// RegisterGroups sorts the registers the user may read under headings:
// the daily work, the set-up, the evidence, and the logs.
func (v *view) RegisterGroups() []registerGroup {
	groups := []registerGroup{{Key: "records"}, {Key: "reg_group_setup"}, {Key: "reg_group_proof"}, {Key: "reg_group_logs"}}
	setup := map[string]bool{"organisations": true, "services": true, "datasets": true, "purposes": true, "policies": true,
		"accounts": true, "areas": true, "retention_rules": true, "holdings": true, "extracts": true, "protections": true}
	for _, r := range registers() {
		if v.User == nil || !slices.Contains(r.read, v.User.Role) {
			continue
		}
		g := 2
		switch {
		case len(r.write) == 0:
			g = 3
		case setup[r.name]:
			g = 1
		case slices.ContainsFunc(setupRegisters(), func(o regConf) bool { return o.name == r.name }):
			g = 2
		default:
			g = 0
		}
		groups[g].Names = append(groups[g].Names, r.name)
	}
	var out []registerGroup
	for _, g := range groups {
		if len(g.Names) > 0 {
			out = append(out, g)
		}
	}
	return out
}

// CanWrite reports whether the user may change records of the register.
func (v *view) CanWrite(register string) bool {
	rc, ok := regConfOf(register)
	return ok && v.User != nil && slices.Contains(rc.write, v.User.Role)
}

// Label translates one value of a group the report knows.
func (v *view) Label(group, value string) string { return labelOf(group, value, v.Lang) }

// newView starts the view of a page for the call.
func (s *Server) newView(r *http.Request, c *call, title, nav string) *view {
	v := &view{s: s, Lang: c.lang, Title: title, Path: r.URL.Path, User: c.user, Nav: nav}
	if c.session != nil {
		v.CSRF = c.session.CSRF
	}
	if c.user != nil {
		all, err := s.store.Carriers(r.Context())
		if err == nil {
			for _, ca := range all {
				if c.user.Sees(ca.ID) {
					v.Carriers = append(v.Carriers, ca)
					if ca.ID == c.carrier {
						v.Carrier = ca
					}
				}
			}
		}
	}
	if f := r.URL.Query().Get("flash"); f != "" {
		v.Flash = s.t(f, c.lang)
	}
	return v
}

// page renders the template name into the layout.
func (s *Server) page(w http.ResponseWriter, status int, v *view, name string, data any) error {
	v.Data = data
	var body bytes.Buffer
	if err := s.pages.ExecuteTemplate(&body, name, v); err != nil {
		return err
	}
	v.Body = template.HTML(body.String())
	var out bytes.Buffer
	if err := s.pages.ExecuteTemplate(&out, "layout", v); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, err := w.Write(out.Bytes())
	return err
}

// errorPage shows an error in the user's language.
func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, c *call, status int, err error) {
	msg := errMessage(err, c.lang)
	if status >= 500 {
		msg = s.t("error", c.lang) + " (" + http.StatusText(status) + ")"
	}
	v := s.newView(r, c, s.t("error", c.lang), "")
	if perr := s.page(w, status, v, "error", map[string]any{"Status": status, "Message": msg}); perr != nil {
		http.Error(w, msg, status)
	}
}

// errMessage is an error's safe message in lang, without the operation.
func errMessage(err error, lang string) string {
	var he *himitsu.Error
	if !errors.As(err, &he) {
		return err.Error()
	}
	m := he.Msg
	if lang == "ja" && he.MsgJA != "" {
		m = he.MsgJA
	}
	if m == "" {
		return he.Localized(lang)
	}
	return m
}

func (s *Server) static(w http.ResponseWriter, r *http.Request, c *call) error {
	name := path.Clean(r.PathValue("file"))
	data, err := fs.ReadFile(staticFS, "static/"+name)
	if err != nil {
		return &himitsu.Error{Kind: himitsu.KindNotFound, Msg: "no such file", MsgJA: "ファイルがない"}
	}
	switch path.Ext(name) {
	case ".css":
		w.Header().Set("Content-Type", "text/css; charset=utf-8")
	case ".js":
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	}
	w.Header().Set("Cache-Control", "public, max-age=3600")
	_, err = w.Write(data)
	return err
}

// redirect after a successful form (POST/redirect/GET).
func redirect(w http.ResponseWriter, r *http.Request, to string) error {
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}
