package server

import (
	"fmt"
	"html/template"
	"maps"
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
	// Selected holds the chosen options of a multiple choice ("multi").
	Selected map[string]bool
	// A list of sub-records ("table"): the inputs of each row, named
	// field.index.subfield, and of a blank row to add one (Blank, several
	// when the user asked for more).
	Rows  [][]formField
	Blank [][]formField
	// Extra is how many blank rows the form shows beyond the first.
	Extra int
	// Lang is the page's language, for the words of a fact.
	Lang string
}

// Show is the value as a page shows it: a time with a space, not the
// "T" of the input format; an enumeration's and a fact's words.
func (f formField) Show() string {
	switch {
	case f.Kind == "datetime":
		return strings.Replace(f.Value, "T", " ", 1)
	case f.Kind == "enum" && f.OptionLabels[f.Value] != "":
		return f.OptionLabels[f.Value]
	case f.Kind == "fact":
		return factWords[f.Value].in(f.Lang)
	case f.Kind == "multi":
		var out []string
		for _, o := range f.Options {
			if f.Selected[o] {
				out = append(out, f.OptionLabel(o))
			}
		}
		return strings.Join(out, "、")
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

// factWords name the three values of a himitsu.Fact; the form's value
// of an unknown fact is empty.
var factWords = map[string]msg{
	"true":  {"はい", "Yes"},
	"false": {"いいえ", "No"},
	"":      {"不明（未記録）", "Unknown (not recorded)"},
}

// timeLayout is how a time is shown and entered: minutes in Japan time.
const timeLayout = "2006-01-02T15:04"

var (
	timeType = reflect.TypeFor[time.Time]()
	dateType = reflect.TypeFor[himitsu.Date]()
	factType = reflect.TypeFor[himitsu.Fact]()
)

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
	case himitsu.Fact:
		if !v.Known() {
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

// subRecords reports whether a field holds a list of sub-records (an
// incident's knowledge events, a data set's elements).
func subRecords(t reflect.Type) bool {
	return t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Struct && t.Elem() != timeType && t.Elem() != dateType
}

// fields describes the record rv (a struct value) as form fields.
func (s *Server) fields(rv reflect.Value, lang string, errs map[string]string) []formField {
	return s.fieldsAt(rv, "", lang, errs, nil)
}

// fieldsAt describes rv with input names under prefix ("knowledge.0.");
// extra asks for more blank rows of lists of sub-records, by field name.
func (s *Server) fieldsAt(rv reflect.Value, prefix, lang string, errs map[string]string, extra map[string]int) []formField {
	var out []formField
	for _, f := range himitsu.Fields(rv.Type()) {
		name := inputName(prefix, f.Name)
		ff := formField{Name: name, Label: s.typeFieldLabel(rv.Type(), f.Name, lang), Required: f.Required, Options: f.Enum, Ref: f.Ref, Error: errs[name], Lang: lang}
		fv := rv.Field(f.Index)
		ff.Value = showValue(fv)
		switch {
		case f.Type == timeType:
			ff.Kind = "datetime"
			ff.Help = msg{"日本時間", "Japan time"}.in(lang)
		case f.Type == dateType:
			ff.Kind = "date"
		case f.Type == factType:
			ff.Kind = "fact"
			ff.Options = []string{"true", "false"}
			ff.OptionLabels = map[string]string{"true": factWords["true"].in(lang), "false": factWords["false"].in(lang), "unknown": factWords[""].in(lang)}
		case f.Type.Kind() == reflect.Bool:
			ff.Kind, ff.Checked = "bool", fv.Bool()
		case f.Type.Kind() == reflect.Int:
			ff.Kind = "int"
		case subRecords(f.Type):
			ff.Kind = "table"
			ff.Value = strconv.Itoa(fv.Len())
			for i := range fv.Len() {
				ff.Rows = append(ff.Rows, s.fieldsAt(fv.Index(i), fmt.Sprintf("%s.%d.", name, i), lang, errs, nil))
			}
			ff.Extra = extra[name]
			for i := range ff.Extra + 1 {
				ff.Blank = append(ff.Blank, s.fieldsAt(reflect.New(f.Type.Elem()).Elem(), fmt.Sprintf("%s.%d.", name, fv.Len()+i), lang, nil, nil))
			}
			if ff.Error == "" {
				ff.Error = nestedError(errs, name)
			}
			ff.Help = msg{"空の行は保存されません。行を消すには「削除」に印を付けてください。", "Empty rows are not saved. Tick \u201cremove\u201d to take a row out."}.in(lang)
		case f.Type.Kind() == reflect.Slice && len(f.Enum) > 0:
			ff.Kind = "multi"
			ff.Selected = map[string]bool{}
			for i := range fv.Len() {
				ff.Selected[fv.Index(i).String()] = true
			}
			ff.OptionLabels = s.optionLabels(f.Type.Elem(), lang)
			if ff.Error == "" {
				ff.Error = nestedError(errs, name)
			}
		case f.Type.Kind() == reflect.Slice:
			ff.Kind = "list"
			ff.Help = msg{"カンマ区切り", "comma-separated"}.in(lang)
			if ff.Error == "" {
				ff.Error = nestedError(errs, name)
			}
		case len(f.Enum) > 0:
			ff.Kind = "enum"
			ff.OptionLabels = s.optionLabels(f.Type, lang)
		case longText(f.Name) && prefix == "":
			ff.Kind = "textarea"
		default:
			ff.Kind = "text"
		}
		out = append(out, ff)
	}
	return out
}

// longText names the fields that hold prose rather than a word or a code.
func longText(name string) bool {
	switch name {
	case "summary", "description", "resolution", "cause", "text", "note", "statement", "learned", "business_need", "action_taken", "question":
		return true
	}
	return false
}

// optionLabels names the values of the enumeration type t in lang.
func (s *Server) optionLabels(t reflect.Type, lang string) map[string]string {
	ls, ok := s.enums[t.Name()]
	if !ok {
		return nil
	}
	out := make(map[string]string, len(ls))
	for v, m := range ls {
		out[v] = m.in(lang)
	}
	return out
}

// nestedError is the first message about an element of the list field
// name ("elements.1.name"), shown next to the list as a whole.
func nestedError(errs map[string]string, name string) string {
	for _, k := range slices.Sorted(maps.Keys(errs)) {
		if strings.HasPrefix(k, name+".") {
			return errs[k]
		}
	}
	return ""
}

// reservedInputs are the names the form itself uses: the CSRF token, the
// version the edit is based on, the "more rows" button.
var reservedInputs = map[string]bool{"csrf": true, "version": true, "_more": true}

// inputName is the form input of a record's field: the field's name
// under prefix, except that a field named like one of the form's own
// inputs (a policy's version) is field.version.
func inputName(prefix, name string) string {
	if prefix == "" && reservedInputs[name] {
		return "field." + name
	}
	return prefix + name
}

// errorKey turns the field of a validation error ("elements[1].name")
// into the name of the form's input ("elements.1.name").
func errorKey(field string) string {
	r := strings.NewReplacer("[", ".", "]", "")
	return r.Replace(field)
}

// fieldKey is the input an error of the register's record is shown next
// to: errorKey, and a record field named like one of the form's own
// inputs is field.name (a policy's version, not the edit's version).
func fieldKey(register, field string) string {
	k := errorKey(field)
	if reservedInputs[k] {
		for _, f := range himitsu.Fields(recordType(register)) {
			if f.Name == k {
				return inputName("", k)
			}
		}
	}
	return k
}

// parseRecord reads a record of the register from a form. Values that
// cannot be parsed at all (a date that is no date) are reported per
// field; everything else is left to the record's Validate in the store.
func parseRecord(register string, form url.Values, id string) (reflect.Value, map[string]string) {
	rv := reflect.New(recordType(register)).Elem()
	errs := map[string]string{}
	parseInto(rv, form, "", id, errs)
	return rv, errs
}

// parseInto fills the struct value rv from the form's inputs under prefix.
func parseInto(rv reflect.Value, form url.Values, prefix, id string, errs map[string]string) {
	for _, f := range himitsu.Fields(rv.Type()) {
		fv := rv.Field(f.Index)
		name := inputName(prefix, f.Name)
		raw := strings.TrimSpace(form.Get(name))
		if name == "id" && id != "" {
			raw = id
		}
		switch {
		case f.Type == timeType:
			if raw == "" {
				continue
			}
			t, err := time.ParseInLocation(timeLayout, raw, himitsu.Tokyo)
			if err != nil {
				t, err = time.Parse(time.RFC3339, raw)
			}
			if err != nil {
				errs[name] = "YYYY-MM-DDTHH:MM"
				continue
			}
			fv.Set(reflect.ValueOf(t.UTC()))
		case f.Type == dateType:
			if raw == "" {
				continue
			}
			d, err := himitsu.ParseDate(raw)
			if err != nil {
				errs[name] = "YYYY-MM-DD"
				continue
			}
			fv.Set(reflect.ValueOf(d))
		case f.Type == factType:
			switch raw {
			case "true", "on", "yes":
				fv.Set(reflect.ValueOf(himitsu.Yes))
			case "false", "no":
				fv.Set(reflect.ValueOf(himitsu.No))
			case "", "unknown":
			default:
				errs[name] = "true / false"
			}
		case f.Type.Kind() == reflect.Bool:
			fv.SetBool(raw == "true" || raw == "on")
		case f.Type.Kind() == reflect.Int:
			if raw == "" {
				continue
			}
			n, err := strconv.Atoi(raw)
			if err != nil {
				errs[name] = "0-9"
				continue
			}
			fv.SetInt(int64(n))
		case subRecords(f.Type):
			fv.Set(parseRows(f.Type, form, name, errs))
		case f.Type.Kind() == reflect.Slice && f.Type.Elem().Kind() == reflect.String:
			// A multiple choice sends one value per ticked box; a list
			// typed by hand is one comma-separated value.
			var parts []string
			for _, v := range form[name] {
				parts = append(parts, strings.Split(v, ",")...)
			}
			sl := reflect.MakeSlice(f.Type, 0, len(parts))
			for _, p := range parts {
				if p = strings.TrimSpace(p); p != "" {
					sl = reflect.Append(sl, reflect.ValueOf(p).Convert(f.Type.Elem()))
				}
			}
			if sl.Len() > 0 {
				fv.Set(sl)
			}
		case f.Type.Kind() == reflect.String:
			fv.SetString(raw)
		}
	}
}

// maxSubRows bounds the rows of a list of sub-records a form may send.
const maxSubRows = 200

// parseRows reads the rows name.0., name.1. … of a list of sub-records,
// in index order, leaving out the rows marked for removal and the empty
// ones (the blank row a form offers for adding).
func parseRows(t reflect.Type, form url.Values, name string, errs map[string]string) reflect.Value {
	var idx []int
	seen := map[int]bool{}
	for k := range form {
		rest, ok := strings.CutPrefix(k, name+".")
		if !ok {
			continue
		}
		n, _, _ := strings.Cut(rest, ".")
		i, err := strconv.Atoi(n)
		if err != nil || i < 0 || i >= maxSubRows || seen[i] {
			continue
		}
		seen[i] = true
		idx = append(idx, i)
	}
	slices.Sort(idx)
	out := reflect.MakeSlice(t, 0, len(idx))
	for _, i := range idx {
		prefix := fmt.Sprintf("%s.%d.", name, i)
		if form.Get(prefix+"_remove") != "" {
			continue
		}
		el := reflect.New(t.Elem()).Elem()
		rowErrs := map[string]string{}
		parseInto(el, form, prefix, "", rowErrs)
		if el.IsZero() && len(rowErrs) == 0 {
			continue
		}
		// The row's place in the record may differ from its index in the
		// form (rows before it removed or empty): errors follow the record.
		at := fmt.Sprintf("%s.%d.", name, out.Len())
		for k, v := range rowErrs {
			errs[at+strings.TrimPrefix(k, prefix)] = v
		}
		out = reflect.Append(out, el)
	}
	if out.Len() == 0 {
		return reflect.Zero(t)
	}
	return out
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
	hidden := withheldFor(register, c.user.Role)
	for _, f := range hidden {
		if _, ok := o.Filter[f]; ok {
			return himitsu.Page[any]{}, errWithheldFilter(f)
		}
	}
	o.QuerySkip = append(o.QuerySkip, hidden...)
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
	p, err := svc.List(c.ctx, c.carrier, o)
	if err != nil {
		return p, err
	}
	return withholdPage(register, c.user.Role, p), nil
}

// listRow is one row of a register's list page, decided in Go once per
// cell so that the template only prints: each function call of a
// template (eq, a method, a translation) is a reflective call, and the
// 50 rows of a page made thousands of them.
type listRow struct {
	ID string
	// Href is the record's page, when the register has one.
	Href  string
	Cells []listCell
	// HTML is the row written in Go (rowHTML); empty, the template
	// writes it from Cells.
	HTML template.HTML
}

// listCell is one cell of a list row: at most one of the flags is set;
// otherwise a link when Ref is set, else Show.
type listCell struct {
	// Num right-aligns a number.
	Num bool
	// Yes is a true boolean or fact, No a false fact, Unknown a fact not
	// recorded, Dash a time or date not recorded.
	Yes, No, Unknown, Dash bool
	// Ref is the register a non-empty Value refers to.
	Ref, Value string
	// Show is the value as the page shows it (formField.Show).
	Show string
}

// newListCell decides how the list page shows one field.
func newListCell(ff formField) listCell {
	c := listCell{Num: ff.Kind == "int"}
	switch {
	case ff.Kind == "bool":
		c.Yes = ff.Checked
	case ff.Kind == "fact":
		c.Yes, c.No, c.Unknown = ff.Value == "true", ff.Value == "false", ff.Value != "true" && ff.Value != "false"
	case (ff.Kind == "datetime" || ff.Kind == "date") && ff.Value == "":
		c.Dash = true
	case ff.Ref != "" && ff.Value != "":
		c.Ref, c.Value = ff.Ref, ff.Value
	default:
		c.Show = ff.Show()
	}
	return c
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
	detail := len(rc.write) > 0
	var rows []listRow
	for _, it := range page.Items {
		rv := reflect.ValueOf(it.Record)
		all := s.fields(rv, c.lang, nil)
		row := listRow{ID: rv.FieldByName("ID").String(), Cells: make([]listCell, 0, len(rc.columns))}
		if detail {
			row.Href = "/c/" + c.carrier + "/" + reg + "/" + row.ID
		}
		for _, col := range rc.columns {
			for _, ff := range all {
				if ff.Name == col {
					row.Cells = append(row.Cells, newListCell(ff))
				}
			}
		}
		rows = append(rows, row)
	}
	var heads []string
	for _, col := range rc.columns {
		heads = append(heads, s.typeFieldLabel(rt, col, c.lang))
	}
	// Filters offered: the enumerations and booleans of the record, and
	// open/closed for the register's "ended" field.
	var filters []formField
	for _, ff := range s.fields(reflect.New(rt).Elem(), c.lang, nil) {
		if ff.Kind == "enum" || ff.Kind == "bool" || ff.Kind == "fact" {
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
	yes, no := v.T("yes"), v.T("no")
	for i := range rows {
		rows[i].HTML, _ = rows[i].rowHTML(c.carrier, reg, yes, no)
	}
	return s.page(w, http.StatusOK, v, "list", map[string]any{
		"Register": reg, "Heads": heads, "Rows": rows, "Filters": filters, "Q": q.Get("q"), "From": q.Get("from"), "To": q.Get("to"),
		"Next": nextURL, "First": "?" + firstQ.Encode(), "Paged": q.Get("after") != "", "Error": formErr, "Detail": detail,
		"Dated": !undated[reg], "Yes": yes, "No": no,
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
		if len(other.write) == 0 || !slices.Contains(other.read, c.user.Role) {
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
	hidden := withheldFor(reg, c.user.Role)
	fields := s.fields(reflect.ValueOf(withhold(reg, c.user.Role, st.Record)), c.lang, nil)
	for i := range fields {
		if slices.Contains(hidden, fields[i].Name) {
			fields[i].Value = withheldNotice.in(c.lang)
		}
	}
	return s.page(w, http.StatusOK, v, "detail", map[string]any{
		"Register": reg, "ID": id, "Fields": fields, "Version": st.Version,
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
	// Check is where the page's script posts the form to have it checked
	// while it is filled in (empty: no inline checks).
	Check  string
	New    bool
	Fields []formField
	Error  string
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
	return s.page(w, http.StatusOK, v, "form", formData{Register: reg, New: true, Action: "/c/" + c.carrier + "/" + reg, Check: checkURL(c, reg, ""), Fields: s.fields(rv, c.lang, nil)})
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
	return s.page(w, http.StatusOK, v, "form", formData{Register: reg, ID: id, Version: st.Version, Check: checkURL(c, reg, id),
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
		errs[fieldKey(fd.Register, f)] = errMessage(err, c.lang)
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
	fd.Fields = s.fieldsAt(rv, "", c.lang, errs, moreRows(r))
	fd.Check = checkURL(c, fd.Register, fd.ID)
	title := s.t("edit", c.lang)
	if fd.New {
		title = s.t("new", c.lang)
	}
	v := s.newView(r, c, title+" · "+registerLabel(fd.Register, c.lang), fd.Register)
	return s.page(w, status, v, "form", fd)
}

// checkURL is where a form of the register is checked while it is filled in.
func checkURL(c *call, reg, id string) string {
	u := "/c/" + c.carrier + "/" + reg + "/_check"
	if id != "" {
		u += "?id=" + url.QueryEscape(id)
	}
	return u
}

// keepPrecision copies into the form's record rv the stored times (of
// the record, and of its sub-records at the same place) that the form
// shows unchanged: a form holds minutes, the record may hold seconds.
func keepPrecision(rv, stored reflect.Value) {
	for _, f := range himitsu.Fields(rv.Type()) {
		fv, sv := rv.Field(f.Index), stored.Field(f.Index)
		switch {
		case f.Type == timeType:
			if !fv.IsZero() && showValue(fv) == showValue(sv) {
				fv.Set(sv)
			}
		case subRecords(f.Type):
			for i := range min(fv.Len(), sv.Len()) {
				keepPrecision(fv.Index(i), sv.Index(i))
			}
		}
	}
}

// more reports whether the form was sent to add a row to a list of
// sub-records ("more" button) rather than to save.
func more(r *http.Request) bool { return r.PostFormValue("_more") != "" }

// moreRows asks for a second blank row in the list of sub-records whose
// "more" button was pressed. (Rows filled in before pressing it are
// rows of the record by then; the blank row is always there.)
func moreRows(r *http.Request) map[string]int {
	if m := r.PostFormValue("_more"); m != "" {
		return map[string]int{m: 1}
	}
	return nil
}

// formAgain shows the form with what the user entered and one more blank
// row where they asked for it; nothing is saved.
func (s *Server) formAgain(w http.ResponseWriter, r *http.Request, c *call, fd formData, rv reflect.Value, errs map[string]string) error {
	fd.Fields = s.fieldsAt(rv, "", c.lang, errs, moreRows(r))
	fd.Check = checkURL(c, fd.Register, fd.ID)
	title := s.t("edit", c.lang)
	if fd.New {
		title = s.t("new", c.lang)
	}
	v := s.newView(r, c, title+" · "+registerLabel(fd.Register, c.lang), fd.Register)
	return s.page(w, http.StatusOK, v, "form", fd)
}

func (s *Server) create(w http.ResponseWriter, r *http.Request, c *call) error {
	reg := c.rt.register
	svc, err := s.service(reg)
	if err != nil {
		return err
	}
	rv, errs := parseRecord(reg, r.PostForm, "")
	fd := formData{Register: reg, New: true, Action: "/c/" + c.carrier + "/" + reg}
	if more(r) {
		return s.formAgain(w, r, c, fd, rv, errs)
	}
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
	if more(r) {
		return s.formAgain(w, r, c, fd, rv, errs)
	}
	if len(errs) > 0 {
		return s.formFailed(w, r, c, fd, rv, errs, nil)
	}
	// A time is entered to the minute; one the user left as it was keeps
	// the seconds it was stored with.
	if cur, err := svc.Get(c.ctx, c.carrier, id); err == nil && cur.Version == fd.Version {
		keepPrecision(rv, reflect.ValueOf(cur.Record))
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

// withhold returns a copy of the record (a struct value of the register's
// type) with the fields the role may not see set to their zero value, so
// that they are absent from JSON and empty on pages.
func withhold(register string, role himitsu.Role, rec any) any {
	names := withheldFor(register, role)
	if len(names) == 0 || rec == nil {
		return rec
	}
	rv := reflect.ValueOf(rec)
	cp := reflect.New(rv.Type()).Elem()
	cp.Set(rv)
	for _, f := range himitsu.Fields(rv.Type()) {
		if slices.Contains(names, f.Name) {
			cp.Field(f.Index).SetZero()
		}
	}
	return cp.Interface()
}

// withholdPage applies withhold to every record of a page.
func withholdPage(register string, role himitsu.Role, p himitsu.Page[any]) himitsu.Page[any] {
	if len(withheldFor(register, role)) == 0 {
		return p
	}
	out := himitsu.Page[any]{Next: p.Next, Items: make([]himitsu.Stored[any], len(p.Items))}
	for i, it := range p.Items {
		out.Items[i] = himitsu.Stored[any]{Record: withhold(register, role, it.Record), Version: it.Version}
	}
	return out
}

// errWithheldFilter refuses a filter on a withheld field: the records it
// returns would reveal the field's value.
func errWithheldFilter(field string) error {
	return &himitsu.Error{Op: "server", Kind: himitsu.KindPermission, Field: "filter." + field,
		Msg: "your role may not filter on this field", MsgJA: "この役割ではこの項目で絞り込めない"}
}

// withheldNotice is what a page shows in place of a withheld field.
var withheldNotice = msg{"（非表示：窓口の役割のみ閲覧可）", "(withheld: desk roles only)"}
