package server

import (
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/himitsu-oss/himitsu"
)

// The register pages: one list, detail and form for every register with a
// per-record service, built from the fields of its Go type, so that a
// field added to the model appears on the pages without a template change.

// recordType is the Go type of a register's records.
func recordType(register string) reflect.Type {
	reg, _ := himitsu.LookupRegister(register)
	return reg.Type
}

// formField is one input of a form, or one row of a detail page.
type formField struct {
	Name, Label, Kind, Value, Error, Help string
	Required, Checked                     bool
	Options                               []string
	// OptionLabels name the options in the page's language.
	OptionLabels map[string]string
	Ref          string // register the value refers to
}

// Show is the value as a page shows it: a time with a space, not the
// "T" of the input format.
func (f formField) Show() string {
	switch {
	case f.Kind == "datetime":
		return strings.Replace(f.Value, "T", " ", 1)
	case f.Kind == "enum" && f.OptionLabels[f.Value] != "":
		return f.OptionLabels[f.Value]
	}
	return f.Value
}

// OptionLabel names one option.
func (f formField) OptionLabel(v string) string {
	if l := f.OptionLabels[v]; l != "" {
		return l
	}
	return v
}

// timeLayout is how a time is shown and entered: minutes in Japan time.
const timeLayout = "2006-01-02T15:04"

func showValue(fv reflect.Value) string {
	switch v := fv.Interface().(type) {
	case time.Time:
		if v.IsZero() {
			return ""
		}
		return v.In(himitsu.Tokyo).Format(timeLayout)
	case himitsu.Date:
		if v.IsZero() {
			return ""
		}
		return v.String()
	case bool:
		if v {
			return "true"
		}
		return ""
	case int:
		if v == 0 {
			return ""
		}
		return strconv.Itoa(v)
	}
	if fv.Kind() == reflect.Slice {
		parts := make([]string, fv.Len())
		for i := range fv.Len() {
			parts[i] = fmt.Sprint(fv.Index(i).Interface())
		}
		return strings.Join(parts, ", ")
	}
	if fv.Kind() == reflect.String {
		return fv.String()
	}
	return fmt.Sprint(fv.Interface())
}

// fields describes the record rv (a struct value) as form fields.
func (s *Server) fields(rv reflect.Value, lang string, errs map[string]string) []formField {
	var out []formField
	for _, f := range himitsu.Fields(rv.Type()) {
		ff := formField{Name: f.Name, Label: s.fieldLabel(f.Name, lang), Required: f.Required, Options: f.Enum, Ref: f.Ref, Error: errs[f.Name]}
		fv := rv.Field(f.Index)
		ff.Value = showValue(fv)
		switch {
		case f.Type == reflect.TypeFor[time.Time]():
			ff.Kind = "datetime"
			ff.Help = msg{"日本時間", "Japan time"}.in(lang)
		case f.Type == reflect.TypeFor[himitsu.Date]():
			ff.Kind = "date"
		case f.Type.Kind() == reflect.Bool:
			ff.Kind, ff.Checked = "bool", fv.Bool()
		case f.Type.Kind() == reflect.Int:
			ff.Kind = "int"
		case f.Type.Kind() == reflect.Slice:
			ff.Kind = "list"
			ff.Help = msg{"カンマ区切り", "comma-separated"}.in(lang)
			if len(f.Enum) > 0 {
				ff.Help += ": " + strings.Join(f.Enum, ", ")
			}
		case len(f.Enum) > 0:
			ff.Kind = "enum"
			if ls, ok := s.enums[f.Type.Name()]; ok {
				ff.OptionLabels = make(map[string]string, len(ls))
				for v, m := range ls {
					ff.OptionLabels[v] = m.in(lang)
				}
			}
		case f.Name == "summary" || f.Name == "description" || f.Name == "resolution" || f.Name == "cause":
			ff.Kind = "textarea"
		default:
			ff.Kind = "text"
		}
		out = append(out, ff)
	}
	return out
}

// parseRecord reads a record of the register from a form. Values that
// cannot be parsed at all (a date that is no date) are reported per
// field; everything else is left to the record's Validate in the store.
func parseRecord(register string, form url.Values, id string) (reflect.Value, map[string]string) {
	rt := recordType(register)
	rv := reflect.New(rt).Elem()
	errs := map[string]string{}
	for _, f := range himitsu.Fields(rt) {
		fv := rv.Field(f.Index)
		raw := strings.TrimSpace(form.Get(f.Name))
		if f.Name == "id" && id != "" {
			raw = id
		}
		switch {
		case f.Type == reflect.TypeFor[time.Time]():
			if raw == "" {
				continue
			}
			t, err := time.ParseInLocation(timeLayout, raw, himitsu.Tokyo)
			if err != nil {
				t, err = time.Parse(time.RFC3339, raw)
			}
			if err != nil {
				errs[f.Name] = "YYYY-MM-DDTHH:MM"
				continue
			}
			fv.Set(reflect.ValueOf(t.UTC()))
		case f.Type == reflect.TypeFor[himitsu.Date]():
			if raw == "" {
				continue
			}
			d, err := himitsu.ParseDate(raw)
			if err != nil {
				errs[f.Name] = "YYYY-MM-DD"
				continue
			}
			fv.Set(reflect.ValueOf(d))
		case f.Type.Kind() == reflect.Bool:
			fv.SetBool(raw == "true" || raw == "on")
		case f.Type.Kind() == reflect.Int:
			if raw == "" {
				continue
			}
			n, err := strconv.Atoi(raw)
			if err != nil {
				errs[f.Name] = "0-9"
				continue
			}
			fv.SetInt(int64(n))
		case f.Type.Kind() == reflect.Slice && f.Type.Elem().Kind() == reflect.String:
			if raw == "" {
				continue
			}
			parts := strings.Split(raw, ",")
			sl := reflect.MakeSlice(f.Type, 0, len(parts))
			for _, p := range parts {
				if p = strings.TrimSpace(p); p != "" {
					sl = reflect.Append(sl, reflect.ValueOf(p).Convert(f.Type.Elem()))
				}
			}
			fv.Set(sl)
		case f.Type.Kind() == reflect.String:
			fv.SetString(raw)
		}
	}
	return rv, errs
}

// listOptions reads filters and the page cursor from the query.
func listOptions(q url.Values) (himitsu.ListOptions, error) {
	o := himitsu.ListOptions{Query: q.Get("q"), After: q.Get("after"), Desc: q.Get("order") == "desc", Filter: map[string]string{}}
	for k, vs := range q {
		if name, ok := strings.CutPrefix(k, "f."); ok && len(vs) > 0 && vs[0] != "" {
			o.Filter[name] = vs[0]
		}
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return o, himitsu.FieldErrorJA("limit", "is a positive whole number", "正の整数である")
		}
		o.Limit = n
	}
	for _, b := range []struct {
		name string
		d    *himitsu.Date
	}{{"from", &o.From}, {"to", &o.To}} {
		if v := q.Get(b.name); v != "" {
			d, err := himitsu.ParseDate(v)
			if err != nil {
				return o, himitsu.FieldErrorJA(b.name, "is a date YYYY-MM-DD", "YYYY-MM-DD 形式の日付である")
			}
			*b.d = d
		}
	}
	return o, nil
}

// listSource lists any register, the access log included.
func (s *Server) listPage(c *call, register string, o himitsu.ListOptions) (himitsu.Page[any], error) {
	if register == "access_events" {
		p, err := s.store.AccessEvents().List(c.ctx, c.carrier, o)
		if err != nil {
			return himitsu.Page[any]{}, err
		}
		out := himitsu.Page[any]{Next: p.Next, Items: make([]himitsu.Stored[any], len(p.Items))}
		for i, it := range p.Items {
			out.Items[i] = himitsu.Stored[any]{Record: it.Record, Version: it.Version}
		}
		return out, nil
	}
	svc, ok := s.store.RecordService(register)
	if !ok {
		return himitsu.Page[any]{}, &himitsu.Error{Kind: himitsu.KindNotFound, Msg: "no such register", MsgJA: "その台帳はない"}
	}
	return svc.List(c.ctx, c.carrier, o)
}

type listRow struct {
	ID    string
	Cells []formField
}

func (s *Server) list(w http.ResponseWriter, r *http.Request, c *call) error {
	reg := c.rt.register
	rc, _ := regConfOf(reg)
	q := r.URL.Query()
	o, err := listOptions(q)
	if err != nil {
		return err
	}
	if reg == "access_events" && q.Get("order") == "" {
		o.Desc = true
	}
	page, err := s.listPage(c, reg, o)
	var formErr string
	if err != nil {
		if himitsu.ErrorKind(err) != himitsu.KindInvalid {
			return err
		}
		formErr = errMessage(err, c.lang)
	}
	rt := recordType(reg)
	var rows []listRow
	for _, it := range page.Items {
		rv := reflect.ValueOf(it.Record)
		all := s.fields(rv, c.lang, nil)
		row := listRow{ID: rv.FieldByName("ID").String()}
		for _, col := range rc.columns {
			for _, ff := range all {
				if ff.Name == col {
					row.Cells = append(row.Cells, ff)
				}
			}
		}
		rows = append(rows, row)
	}
	var heads []string
	for _, col := range rc.columns {
		heads = append(heads, s.fieldLabel(col, c.lang))
	}
	// Filters offered: the enumerations and booleans of the record, and
	// open/closed for the register's "ended" field.
	var filters []formField
	for _, ff := range s.fields(reflect.New(rt).Elem(), c.lang, nil) {
		if ff.Kind == "enum" || ff.Kind == "bool" {
			ff.Value = q.Get("f." + ff.Name)
			filters = append(filters, ff)
		}
	}
	var nextURL string
	if page.Next != "" {
		nq := url.Values{}
		for k, v := range q {
			nq[k] = v
		}
		nq.Set("after", page.Next)
		nextURL = "?" + nq.Encode()
	}
	firstQ := url.Values{}
	for k, v := range q {
		firstQ[k] = v
	}
	firstQ.Del("after")
	v := s.newView(r, c, registerLabel(reg, c.lang), reg)
	return s.page(w, http.StatusOK, v, "list", map[string]any{
		"Register": reg, "Heads": heads, "Rows": rows, "Filters": filters, "Q": q.Get("q"), "From": q.Get("from"), "To": q.Get("to"),
		"Next": nextURL, "First": "?" + firstQ.Encode(), "Paged": q.Get("after") != "", "Error": formErr, "Detail": reg != "access_events",
	})
}

func (s *Server) service(reg string) (himitsu.RecordService[any], error) {
	svc, ok := s.store.RecordService(reg)
	if !ok {
		return nil, &himitsu.Error{Kind: himitsu.KindNotFound, Msg: "no such register", MsgJA: "その台帳はない"}
	}
	return svc, nil
}

func (s *Server) detail(w http.ResponseWriter, r *http.Request, c *call) error {
	reg := c.rt.register
	svc, err := s.service(reg)
	if err != nil {
		return err
	}
	st, err := svc.Get(c.ctx, c.carrier, r.PathValue("id"))
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	changes, err := s.store.RecordLog(r.Context(), c.carrier, himitsu.RecordLogFilter{Register: reg, RecordID: id, Limit: 20})
	if err != nil {
		return err
	}
	// Records of other registers that refer to this one, for an incident
	// its measures, reports and notices.
	type related struct {
		Register string
		IDs      []string
	}
	var rel []related
	for _, other := range registers() {
		if other.name == "access_events" || !slices.Contains(other.read, c.user.Role) {
			continue
		}
		for _, f := range himitsu.Fields(recordType(other.name)) {
			if f.Ref != reg || f.Type.Kind() != reflect.String {
				continue
			}
			osvc, err := s.service(other.name)
			if err != nil {
				return err
			}
			p, err := osvc.List(c.ctx, c.carrier, himitsu.ListOptions{Filter: map[string]string{f.Name: id}, Limit: 20})
			if err != nil {
				return err
			}
			var ids []string
			for _, it := range p.Items {
				ids = append(ids, reflect.ValueOf(it.Record).FieldByName("ID").String())
			}
			if len(ids) > 0 {
				rel = append(rel, related{other.name, ids})
			}
		}
	}
	findings := s.findingsCiting(r, c, reg, id)
	v := s.newView(r, c, registerLabel(reg, c.lang)+" "+id, reg)
	return s.page(w, http.StatusOK, v, "detail", map[string]any{
		"Register": reg, "ID": id, "Fields": s.fields(reflect.ValueOf(st.Record), c.lang, nil), "Version": st.Version,
		"Changes": changes, "Related": rel, "Findings": findings,
	})
}

// findingsCiting returns the findings of the latest run that cite the
// record as evidence.
func (s *Server) findingsCiting(r *http.Request, c *call, reg, id string) []himitsu.Finding {
	runs, err := s.store.Runs(r.Context(), c.carrier, 1)
	if err != nil || len(runs) == 0 {
		return nil
	}
	run, err := s.store.Run(c.ctx, c.carrier, runs[0].ID)
	if err != nil {
		return nil
	}
	var out []himitsu.Finding
	for _, f := range run.Assessment.Findings {
		for _, e := range f.Evidence {
			if e.Register == reg && e.ID == id {
				out = append(out, f)
				break
			}
		}
	}
	return out
}

// formData is what the form template receives.
type formData struct {
	Register, ID, Version, Action string
	New                           bool
	Fields                        []formField
	Error                         string
	// Conflict holds the stored values when the save was refused because
	// someone else saved first.
	Conflict []formField
}

func (s *Server) newForm(w http.ResponseWriter, r *http.Request, c *call) error {
	reg := c.rt.register
	rv := reflect.New(recordType(reg)).Elem()
	// Preset references from the query (a measure for an incident).
	for _, f := range himitsu.Fields(rv.Type()) {
		if v := r.URL.Query().Get(f.Name); v != "" && f.Type.Kind() == reflect.String {
			rv.Field(f.Index).SetString(v)
		}
	}
	v := s.newView(r, c, s.t("new", c.lang)+" · "+registerLabel(reg, c.lang), reg)
	return s.page(w, http.StatusOK, v, "form", formData{Register: reg, New: true, Action: "/c/" + c.carrier + "/" + reg, Fields: s.fields(rv, c.lang, nil)})
}

func (s *Server) editForm(w http.ResponseWriter, r *http.Request, c *call) error {
	reg := c.rt.register
	svc, err := s.service(reg)
	if err != nil {
		return err
	}
	st, err := svc.Get(c.ctx, c.carrier, r.PathValue("id"))
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	v := s.newView(r, c, s.t("edit", c.lang)+" · "+registerLabel(reg, c.lang)+" "+id, reg)
	return s.page(w, http.StatusOK, v, "form", formData{Register: reg, ID: id, Version: st.Version,
		Action: "/c/" + c.carrier + "/" + reg + "/" + id, Fields: s.fields(reflect.ValueOf(st.Record), c.lang, nil)})
}

// formFailed shows the form again with the messages next to the fields
// (KindInvalid) or the stored values beside the user's (KindConflict).
func (s *Server) formFailed(w http.ResponseWriter, r *http.Request, c *call, fd formData, rv reflect.Value, errs map[string]string, err error) error {
	status := http.StatusUnprocessableEntity
	switch himitsu.ErrorKind(err) {
	case himitsu.KindInvalid:
		f := himitsu.ErrorField(err)
		if f == "" {
			f = "id"
		}
		errs[f] = errMessage(err, c.lang)
		fd.Error = s.t("fix_errors", c.lang)
	case himitsu.KindConflict:
		status = http.StatusConflict
		if himitsu.ErrorField(err) == "version" {
			svc, _ := s.service(fd.Register)
			cur, gerr := svc.Get(c.ctx, c.carrier, fd.ID)
			if gerr != nil {
				return gerr
			}
			fd.Conflict = s.fields(reflect.ValueOf(cur.Record), c.lang, nil)
			fd.Version = cur.Version
		} else {
			errs[fieldOr(err, "id")] = errMessage(err, c.lang)
			fd.Error = errMessage(err, c.lang)
		}
	default:
		if err != nil {
			return err
		}
		fd.Error = s.t("fix_errors", c.lang)
	}
	fd.Fields = s.fields(rv, c.lang, errs)
	title := s.t("edit", c.lang)
	if fd.New {
		title = s.t("new", c.lang)
	}
	v := s.newView(r, c, title+" · "+registerLabel(fd.Register, c.lang), fd.Register)
	return s.page(w, status, v, "form", fd)
}

func (s *Server) create(w http.ResponseWriter, r *http.Request, c *call) error {
	reg := c.rt.register
	svc, err := s.service(reg)
	if err != nil {
		return err
	}
	rv, errs := parseRecord(reg, r.PostForm, "")
	fd := formData{Register: reg, New: true, Action: "/c/" + c.carrier + "/" + reg}
	if len(errs) > 0 {
		return s.formFailed(w, r, c, fd, rv, errs, nil)
	}
	st, err := svc.Create(c.ctx, c.carrier, rv.Interface())
	if err != nil {
		return s.formFailed(w, r, c, fd, rv, errs, err)
	}
	id := reflect.ValueOf(st.Record).FieldByName("ID").String()
	return redirect(w, r, "/c/"+c.carrier+"/"+reg+"/"+url.PathEscape(id)+"?flash=saved")
}

func (s *Server) update(w http.ResponseWriter, r *http.Request, c *call) error {
	reg := c.rt.register
	svc, err := s.service(reg)
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	rv, errs := parseRecord(reg, r.PostForm, id)
	fd := formData{Register: reg, ID: id, Version: r.PostFormValue("version"), Action: "/c/" + c.carrier + "/" + reg + "/" + id}
	if len(errs) > 0 {
		return s.formFailed(w, r, c, fd, rv, errs, nil)
	}
	if _, err := svc.Update(c.ctx, c.carrier, rv.Interface(), fd.Version); err != nil {
		return s.formFailed(w, r, c, fd, rv, errs, err)
	}
	return redirect(w, r, "/c/"+c.carrier+"/"+reg+"/"+url.PathEscape(id)+"?flash=saved")
}

func (s *Server) delete(w http.ResponseWriter, r *http.Request, c *call) error {
	reg := c.rt.register
	svc, err := s.service(reg)
	if err != nil {
		return err
	}
	if err := svc.Delete(c.ctx, c.carrier, r.PathValue("id"), r.PostFormValue("version")); err != nil {
		return err
	}
	return redirect(w, r, "/c/"+c.carrier+"/"+reg+"?flash=saved")
}
