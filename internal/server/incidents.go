package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/drafts"
	"github.com/himitsu-oss/himitsu/internal/incidentclass"
)

// The incident workspace (issue 9, "the incident, while it happens"): one
// page per incident at /c/{carrier}/incidents/{id} where the privacy office
// records what it learns as it learns it — knowledge events, the data and
// people involved, evidence links, the classification (proposed by
// himitsu, confirmed by a person), recurrence measures and their
// verification, notices to users, closure — and sees every change, with
// facts edited after they were first recorded marked as such (guideline
// 5(3)(i)iii). Each form posts to its own route; a refused step shows its
// message next to the form and changes nothing.

const incidentPurpose = "incident work"

// incidentRoutes are the workspace's routes, listed in the route table.
func (s *Server) incidentRoutes() []route {
	desk := []himitsu.Role{himitsu.RoleAdmin, himitsu.RoleOfficer, himitsu.RoleDesk}
	base := "/c/{carrier}/incidents/{id}"
	api := "/api/v1/carriers/{carrier}/incidents/{id}"
	w := func(suffix, summary string, h handler) route {
		return route{method: "POST", pattern: base + suffix, roles: officers, purpose: incidentPurpose, summary: summary, h: h, register: "incidents"}
	}
	return []route{
		w("/facts", "record or correct an incident's facts (the fields of the facts form)", s.incidentUpdate),
		w("/knowledge", "record a knowledge event of an incident", s.incKnowledge),
		w("/data", "set the data sets and elements an incident involves", s.incData),
		w("/secrecy", "confirm whether secrecy of communications is involved", s.incSecrecy),
		w("/people", "set the people and organisations an incident involves", s.incPeople),
		w("/affected", "record how many persons, lines or records are affected, per kind of data", s.incAffected),
		w("/evidence", "link a record as evidence of an incident", s.incEvidence),
		w("/classification", "confirm or change an incident's classification", s.incClassify),
		w("/measures", "add or update a recurrence measure of an incident", s.incMeasure),
		w("/notices", "record a notice to users about an incident", s.incNotice),
		w("/close", "close an incident", s.incClose),
		{method: "POST", pattern: "/c/{carrier}/complaints/{id}/open-incident", roles: desk, purpose: "incident opened from a complaint",
			summary: "open an incident from a complaint in one step", h: s.openFromComplaint, register: "complaints"},
		{method: "GET", pattern: api + "/workspace", roles: allRoles, api: true, purpose: incidentPurpose,
			summary: "an incident with its classification proposal, classification history, measures, notices and the facts edited after the fact", h: s.apiIncidentWorkspace, register: "incidents"},
		{method: "POST", pattern: api + "/classification", roles: officers, api: true, purpose: incidentPurpose,
			summary: "confirm or change an incident's classification (to, reason); recorded in incident_classifications", h: s.apiIncidentClassify, register: "incidents"},
		{method: "POST", pattern: "/api/v1/carriers/{carrier}/complaints/{id}/incident", roles: desk, api: true, purpose: "incident opened from a complaint",
			summary: "open an incident from a complaint in one step", h: s.apiOpenFromComplaint, register: "complaints"},
	}
}

// incidentHandlers replace the generic detail of the incidents register
// with the workspace; the generic edit form stays for the whole record.
func (s *Server) incidentHandlers(rc regConf) (detail, editForm, update handler) {
	if rc.name != "incidents" {
		return s.detail, s.editForm, s.update
	}
	return s.incidentPage, s.editForm, s.update
}

// ---- the page ----

// incTimelineRow is one moment of the incident's timeline.
type incTimelineRow struct {
	At     time.Time
	What   string
	Who    string
	Detail string
	// Counts marks a knowledge event from which reporting periods run.
	Counts bool
}

// incFactEdit is a fact changed after it was first recorded.
type incFactEdit struct {
	Register, RecordID, Field string
	At                        time.Time
	Actor, Purpose            string
	Old, New                  string
}

// incChangeRow is one change of the incident or what hangs on it.
type incChangeRow struct {
	himitsu.RecordChange
	Fields []string
}

// incMeasureRow is a recurrence measure with its version.
type incMeasureRow struct {
	M       himitsu.RecurrenceMeasure
	Version string
}

// incIncidentData is what the incident template receives.
type incIncidentData struct {
	Inc      himitsu.Incident
	Version  string
	Proposal incidentclass.Proposal
	History  []himitsu.IncidentClassification
	Timeline []incTimelineRow
	Measures []incMeasureRow
	Notices  []himitsu.Notification
	// Filed are the reports filed about the incident; Drafts the
	// reports a draft can be made of (internal/drafts).
	Filed      []himitsu.RegulatorReport
	Drafts     []string
	Inventory  []himitsu.DataSet
	Edits      []incFactEdit
	Changes    []incChangeRow
	Involved   map[string]bool // "dataset|element" and "dataset|" checked
	FirstKnown time.Time
	// Form and Error name the form a refused step came from and why;
	// Field the field at fault.
	Form, Error, Field string
	Kinds              []string
	Now                string
	// Posted holds the refused form's values, to show them again.
	Posted url.Values
}

// Value is the refused form's value of name, or def.
func (d *incIncidentData) Value(form, name, def string) string {
	if d.Form == form && d.Posted != nil && d.Posted.Has(name) {
		return d.Posted.Get(name)
	}
	return def
}

// Involves reports whether the element (or, with el empty, the data set)
// is among those the incident involves.
func (d *incIncidentData) Involves(ds, el string) bool { return d.Involved[ds+"|"+el] }

func (s *Server) incidentService() himitsu.IncidentService { return s.store.Incidents() }

// inventory reads the carrier's data inventory, which decides whether an
// incident involves the secrecy of communications, and only it where the
// store can: the read log then names datasets rather than every register
// (the consents, grants and complaints the page never shows).
func (s *Server) inventory(c *call) ([]himitsu.DataSet, error) {
	if ro, ok := s.store.(recordsOf); ok {
		rec, err := ro.RecordsOf(c.ctx, c.carrier, "datasets")
		if err != nil {
			return nil, err
		}
		return rec.DataSets, nil
	}
	rec, err := s.store.Records(c.ctx, c.carrier)
	if err != nil {
		return nil, err
	}
	return rec.DataSets, nil
}

// loadIncidentData gathers everything the page shows.
func (s *Server) loadIncidentData(r *http.Request, c *call, id string) (*incIncidentData, error) {
	st, err := s.incidentService().Get(c.ctx, c.carrier, id)
	if err != nil {
		return nil, err
	}
	d := &incIncidentData{Inc: st.Record, Version: st.Version, Involved: map[string]bool{}, Kinds: himitsu.IncidentKind("").Values(),
		Now: s.cfg.Now().In(himitsu.Tokyo).Format(timeLayout)}
	in := &d.Inc
	for _, ds := range in.DataSets {
		d.Involved[ds+"|"] = true
	}
	for _, el := range in.DataElements {
		d.Involved[el.DataSet+"|"+el.Element] = true
	}
	inventory, err := s.inventory(c)
	if err != nil {
		return nil, err
	}
	d.Inventory = inventory
	var events []himitsu.AccessEvent
	for _, ev := range in.Evidence {
		if ev.Kind != himitsu.EvidenceAccessEvent || len(events) >= 100 {
			continue
		}
		if e, err := s.accessEvent(c, ev.Ref); err == nil {
			events = append(events, e)
		}
	}
	d.Proposal = incidentclass.Propose(incidentclass.Facts{Incident: in, DataSets: inventory, AccessEvents: events})
	cls, err := s.store.IncidentClassifications().List(c.ctx, c.carrier, himitsu.ListOptions{Filter: map[string]string{"incident": id}, Limit: himitsu.MaxPage})
	if err != nil {
		return nil, err
	}
	for _, it := range cls.Items {
		d.History = append(d.History, it.Record)
	}
	sort.SliceStable(d.History, func(i, j int) bool { return d.History[i].At.Before(d.History[j].At) })
	ms, err := s.store.RecurrenceMeasures().List(c.ctx, c.carrier, himitsu.ListOptions{Filter: map[string]string{"incident": id}, Limit: himitsu.MaxPage})
	if err != nil {
		return nil, err
	}
	for _, it := range ms.Items {
		d.Measures = append(d.Measures, incMeasureRow{it.Record, it.Version})
	}
	ns, err := s.store.Notifications().List(c.ctx, c.carrier, himitsu.ListOptions{Filter: map[string]string{"incident": id}, Limit: himitsu.MaxPage})
	if err != nil {
		return nil, err
	}
	for _, it := range ns.Items {
		d.Notices = append(d.Notices, it.Record)
	}
	rs, err := s.store.RegulatorReports().List(c.ctx, c.carrier, himitsu.ListOptions{Filter: map[string]string{"incident": id}, Limit: himitsu.MaxPage})
	if err != nil {
		return nil, err
	}
	for _, it := range rs.Items {
		d.Filed = append(d.Filed, it.Record)
	}
	for _, r := range drafts.Reports() {
		d.Drafts = append(d.Drafts, string(r))
	}
	first, _, err := s.firstKnown(c, in)
	if err != nil {
		return nil, err
	}
	d.FirstKnown = first
	d.Timeline = incIncidentTimeline(in, d.History, d.Measures, d.Notices, c.lang)
	// The history: the incident's changes and those of its measures and
	// notices, newest first.
	logs := []struct{ reg, id string }{{"incidents", id}}
	for _, m := range d.Measures {
		logs = append(logs, struct{ reg, id string }{"recurrence_measures", m.M.ID})
	}
	for _, n := range d.Notices {
		logs = append(logs, struct{ reg, id string }{"notifications", n.ID})
	}
	for _, l := range logs {
		rl, err := s.store.RecordLog(r.Context(), c.carrier, himitsu.RecordLogFilter{Register: l.reg, RecordID: l.id, Limit: 200})
		if err != nil {
			return nil, err
		}
		for _, ch := range rl {
			edits, changed := incDiffRecord(ch)
			d.Edits = append(d.Edits, edits...)
			d.Changes = append(d.Changes, incChangeRow{ch, changed})
		}
	}
	sort.SliceStable(d.Changes, func(i, j int) bool { return d.Changes[i].At.After(d.Changes[j].At) })
	sort.SliceStable(d.Edits, func(i, j int) bool { return d.Edits[i].At.After(d.Edits[j].At) })
	return d, nil
}

// firstKnown is the earliest moment the carrier's records show that it
// knew or suspected the incident: the incident's own known_at, detected_at
// and knowledge events, and those of suspicions that turned out to be it.
func (s *Server) firstKnown(c *call, in *himitsu.Incident) (time.Time, string, error) {
	first, field := in.FirstKnown()
	sus, err := s.incidentService().List(c.ctx, c.carrier, himitsu.ListOptions{Filter: map[string]string{"turned_out_to_be": in.ID}, Limit: himitsu.MaxPage})
	if err != nil {
		return first, field, err
	}
	for _, it := range sus.Items {
		if t, _ := it.Record.FirstKnown(); !t.IsZero() && (first.IsZero() || t.Before(first)) {
			first, field = t, "incidents "+it.Record.ID
		}
	}
	return first, field, nil
}

// checkContainment refuses a containment before anyone at the carrier
// knew or suspected the incident.
func (s *Server) checkContainment(c *call, in *himitsu.Incident) error {
	if in.ContainedAt.IsZero() {
		return nil
	}
	first, field, err := s.firstKnown(c, in)
	if err != nil {
		return err
	}
	if !first.IsZero() && in.ContainedAt.Before(first) {
		return himitsu.FieldErrorJA("contained_at", "%s is before anyone knew of the incident (%s, %s)", "%s は事故を誰かが知った時点（%s、%s）より前である",
			in.ContainedAt.In(himitsu.Tokyo).Format(timeLayout), field, first.In(himitsu.Tokyo).Format(timeLayout))
	}
	return nil
}

func incIncidentTimeline(in *himitsu.Incident, hist []himitsu.IncidentClassification, ms []incMeasureRow, ns []himitsu.Notification, lang string) []incTimelineRow {
	var rows []incTimelineRow
	add := func(at time.Time, what msg, who, detail string, counts bool) {
		if !at.IsZero() {
			rows = append(rows, incTimelineRow{At: at, What: what.in(lang), Who: who, Detail: detail, Counts: counts})
		}
	}
	add(in.OccurredAt, msg{"発生", "Occurred"}, "", "", false)
	add(in.DetectedAt, msg{"検知", "Detected"}, "", "", false)
	add(in.KnownAt, msg{"認知（記録上）", "Known (as recorded)"}, "", "", true)
	for _, k := range in.Knowledge {
		who := labelOf("function", string(k.Function), lang)
		if k.Person != "" {
			who += " · " + k.Person
		}
		add(k.At, msg{"認知：" + incStepLabel(k.Step, "ja"), "Knowledge: " + incStepLabel(k.Step, "en")}, who, k.Learned, k.Step.Counts())
	}
	add(in.ContainedAt, msg{"封じ込め", "Contained"}, "", "", false)
	for _, h := range hist {
		to := msg{string(h.To), string(h.To)}
		if l, ok := enumLabels()["IncidentKind"][string(h.To)]; ok {
			to = l
		}
		add(h.At, msg{"分類の確認：" + to.ja, "Classified: " + to.en}, h.By, h.Reason, false)
	}
	for _, m := range ms {
		add(incDateTime(m.M.DoneOn), msg{"再発防止策の実施", "Measure done"}, m.M.Owner, m.M.Description, false)
		add(incDateTime(m.M.VerifiedOn), msg{"再発防止策の検証", "Measure verified"}, m.M.Owner, m.M.Verification, false)
	}
	for _, n := range ns {
		add(n.SentAt, msg{"利用者への通知", "Notice to users"}, "", fmt.Sprintf("%s · %d", n.Kind, n.Recipients), false)
	}
	add(in.ClosedAt, msg{"終結", "Closed"}, in.ClosedBy, "", false)
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].At.Before(rows[j].At) })
	return rows
}

func incDateTime(d himitsu.Date) time.Time {
	if d.IsZero() {
		return time.Time{}
	}
	return d.Time()
}

func incStepLabel(k himitsu.KnowledgeStep, lang string) string {
	m := map[himitsu.KnowledgeStep]msg{
		himitsu.KnowledgeClue: {"手掛かり", "clue"}, himitsu.KnowledgeDetected: {"検知", "detected"},
		himitsu.KnowledgeConfirmed: {"確認", "confirmed"}, himitsu.KnowledgeEscalated: {"上申", "escalated"},
	}
	if l, ok := m[k]; ok {
		return l.in(lang)
	}
	return string(k)
}

// incDiffRecord compares the content before and after a change, field by
// field. changed lists the fields that differ; an edit after the fact is
// a field that held a value and now holds another or none (a list to which
// items were only appended is not one: that is recording more, not
// changing what was recorded).
func incDiffRecord(ch himitsu.RecordChange) (edits []incFactEdit, changed []string) {
	if len(ch.Before) == 0 && len(ch.After) == 0 {
		return nil, nil
	}
	var before, after map[string]json.RawMessage
	if len(ch.Before) > 0 {
		if json.Unmarshal(ch.Before, &before) != nil {
			return nil, nil
		}
	}
	if len(ch.After) > 0 {
		if json.Unmarshal(ch.After, &after) != nil {
			return nil, nil
		}
	}
	names := map[string]bool{}
	for k := range before {
		names[k] = true
	}
	for k := range after {
		names[k] = true
	}
	keys := make([]string, 0, len(names))
	for k := range names {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		b, a := before[k], after[k]
		if bytes.Equal(b, a) {
			continue
		}
		changed = append(changed, k)
		if incProgress[ch.Register+"."+k] || len(before) == 0 || len(b) == 0 || incIsEmptyJSON(b) || incAppended(b, a) {
			continue
		}
		edits = append(edits, incFactEdit{Register: ch.Register, RecordID: ch.RecordID, Field: k, At: ch.At, Actor: ch.Actor,
			Purpose: ch.Purpose, Old: incShortJSON(b), New: incShortJSON(a)})
	}
	return edits, changed
}

// incProgress are the fields whose change is the normal course of the work,
// not a correction of what was recorded: a measure's status, an incident's
// kind (each change of which the classification history records with who
// and why) and its closure.
var incProgress = map[string]bool{"recurrence_measures.status": true, "incidents.kind": true,
	"incidents.closed_at": true, "incidents.closed_by": true}

func incIsEmptyJSON(b json.RawMessage) bool {
	s := string(b)
	return s == `""` || s == "null" || s == "[]" || s == "0" || s == "{}"
}

// incAppended reports whether the JSON list a starts with every item of b.
func incAppended(b, a json.RawMessage) bool {
	var lb, la []json.RawMessage
	if json.Unmarshal(b, &lb) != nil || json.Unmarshal(a, &la) != nil || len(la) < len(lb) {
		return false
	}
	for i := range lb {
		if !bytes.Equal(lb[i], la[i]) {
			return false
		}
	}
	return true
}

func incShortJSON(b json.RawMessage) string {
	if len(b) == 0 || incIsEmptyJSON(b) {
		return "—"
	}
	var s string
	if json.Unmarshal(b, &s) == nil {
		if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
			return t.In(himitsu.Tokyo).Format("2006-01-02 15:04")
		}
		return s
	}
	out := string(b)
	if len(out) > 300 {
		out = out[:300] + "…"
	}
	return out
}

func (s *Server) incidentPage(w http.ResponseWriter, r *http.Request, c *call) error {
	return s.renderIncident(w, r, c, r.PathValue("id"), http.StatusOK, "", nil)
}

// renderIncident shows the workspace; a refused step (form, err) shows its
// message next to its form, with status 422.
func (s *Server) renderIncident(w http.ResponseWriter, r *http.Request, c *call, id string, status int, form string, stepErr error) error {
	d, err := s.loadIncidentData(r, c, id)
	if err != nil {
		return err
	}
	if stepErr != nil {
		d.Form, d.Error, d.Field, d.Posted = form, errMessage(stepErr, c.lang), himitsu.ErrorField(stepErr), r.PostForm
	}
	title := registerLabel("incidents", c.lang) + " " + id
	v := s.newView(r, c, title, "incidents")
	return s.page(w, status, v, "incident", d)
}

// stepFailed answers a refused step: for the errors a person can correct
// (invalid input, a conflict with someone else's change, a record the law
// keeps), the page again with the message; anything else as an error.
func (s *Server) stepFailed(w http.ResponseWriter, r *http.Request, c *call, form string, err error) error {
	switch himitsu.ErrorKind(err) {
	case himitsu.KindInvalid, himitsu.KindConflict:
		return s.renderIncident(w, r, c, r.PathValue("id"), http.StatusUnprocessableEntity, form, err)
	}
	return err
}

// ---- form parsing ----

func incFormTime(form url.Values, name string) (time.Time, error) {
	raw := strings.TrimSpace(form.Get(name))
	if raw == "" {
		return time.Time{}, nil
	}
	t, err := time.ParseInLocation(timeLayout, raw, himitsu.Tokyo)
	if err != nil {
		t, err = time.Parse(time.RFC3339, raw)
	}
	if err != nil {
		return time.Time{}, himitsu.FieldErrorJA(name, "%q is not a time YYYY-MM-DDTHH:MM (Japan time)", "「%s」は日時（YYYY-MM-DDTHH:MM、日本時間）ではない", raw)
	}
	return t.UTC(), nil
}

func incFormDate(form url.Values, name string) (himitsu.Date, error) {
	raw := strings.TrimSpace(form.Get(name))
	if raw == "" {
		return himitsu.Date{}, nil
	}
	d, err := himitsu.ParseDate(raw)
	if err != nil {
		return d, himitsu.FieldErrorJA(name, "%q is not a date YYYY-MM-DD", "「%s」は日付（YYYY-MM-DD）ではない", raw)
	}
	return d, nil
}

func incFormInt(form url.Values, name string) (int, error) {
	raw := strings.TrimSpace(form.Get(name))
	if raw == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(raw)
	if err != nil {
		return 0, himitsu.FieldErrorJA(name, "%q is not a whole number", "「%s」は整数ではない", raw)
	}
	return n, nil
}

func incFormFact(form url.Values, name string) himitsu.Fact {
	switch form.Get(name) {
	case "true", "yes":
		return himitsu.Yes
	case "false", "no":
		return himitsu.No
	}
	return himitsu.Unknown
}

func incFormList(form url.Values, name string) []string {
	var out []string
	for _, p := range strings.Split(form.Get(name), ",") {
		if p = strings.TrimSpace(p); p != "" && !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}

// ---- steps ----

// changeIncident loads the incident at the version the form was based on,
// applies fn and saves it: the store validates the whole record, and a
// refused change writes nothing.
func (s *Server) changeIncident(w http.ResponseWriter, r *http.Request, c *call, form string, fn func(in *himitsu.Incident) error) error {
	id := r.PathValue("id")
	st, err := s.incidentService().Get(c.ctx, c.carrier, id)
	if err != nil {
		return err
	}
	version := r.PostFormValue("version")
	if version == "" {
		version = st.Version
	}
	in := st.Record
	if err := fn(&in); err != nil {
		return s.stepFailed(w, r, c, form, err)
	}
	// Validate first with the times in Japan time, so that a refusal
	// names them as the person entered them; the store keeps UTC.
	local := incInTokyo(in)
	if err := local.Validate(); err != nil {
		return s.stepFailed(w, r, c, form, err)
	}
	if err := s.checkContainment(c, &in); err != nil {
		return s.stepFailed(w, r, c, form, err)
	}
	if _, err := s.incidentService().Update(c.ctx, c.carrier, in, version); err != nil {
		return s.stepFailed(w, r, c, form, err)
	}
	return redirect(w, r, incidentURL(c, id, form))
}

// incInTokyo is a copy of the incident with its times in Japan time.
func incInTokyo(in himitsu.Incident) himitsu.Incident {
	for _, t := range []*time.Time{&in.OccurredAt, &in.DetectedAt, &in.KnownAt, &in.ContainedAt, &in.ClosedAt} {
		if !t.IsZero() {
			*t = t.In(himitsu.Tokyo)
		}
	}
	in.Knowledge = slices.Clone(in.Knowledge)
	for i := range in.Knowledge {
		in.Knowledge[i].At = in.Knowledge[i].At.In(himitsu.Tokyo)
	}
	return in
}

func incidentURL(c *call, id, anchor string) string {
	u := "/c/" + c.carrier + "/incidents/" + url.PathEscape(id) + "?flash=saved"
	if anchor != "" {
		u += "#" + anchor
	}
	return u
}

func (s *Server) incKnowledge(w http.ResponseWriter, r *http.Request, c *call) error {
	return s.changeIncident(w, r, c, "knowledge", func(in *himitsu.Incident) error {
		at, err := incFormTime(r.PostForm, "at")
		if err != nil {
			return err
		}
		k := himitsu.KnowledgeEvent{At: at, Step: himitsu.KnowledgeStep(r.PostFormValue("step")), Function: himitsu.Function(r.PostFormValue("function")),
			Person: strings.TrimSpace(r.PostFormValue("person")), Learned: strings.TrimSpace(r.PostFormValue("learned"))}
		in.Knowledge = append(in.Knowledge, k)
		return nil
	})
}

// incidentUpdate saves the incident's facts from the facts form: the
// fields it shows, merged onto the stored record.
func (s *Server) incidentUpdate(w http.ResponseWriter, r *http.Request, c *call) error {
	return s.changeIncident(w, r, c, "facts", func(in *himitsu.Incident) error {
		f := r.PostForm
		var err error
		set := func(name string, dst *time.Time) {
			if err == nil {
				*dst, err = incFormTime(f, name)
			}
		}
		set("occurred_at", &in.OccurredAt)
		set("detected_at", &in.DetectedAt)
		set("known_at", &in.KnownAt)
		set("contained_at", &in.ContainedAt)
		if err != nil {
			return err
		}
		if in.RootCauseDoneOn, err = incFormDate(f, "root_cause_done_on"); err != nil {
			return err
		}
		if in.PersonsAffected, err = incFormInt(f, "persons_affected"); err != nil {
			return err
		}
		in.Title = strings.TrimSpace(f.Get("title"))
		in.Summary = strings.TrimSpace(f.Get("summary"))
		in.Origin = himitsu.IncidentOrigin(f.Get("origin"))
		in.OriginRef = strings.TrimSpace(f.Get("origin_ref"))
		in.CauseCategory = himitsu.CauseCategory(f.Get("cause_category"))
		in.Cause = strings.TrimSpace(f.Get("cause"))
		in.RootCause = strings.TrimSpace(f.Get("root_cause"))
		in.SecondaryDamage = strings.TrimSpace(f.Get("secondary_damage"))
		in.UserAdvice = strings.TrimSpace(f.Get("user_advice"))
		in.ImproperPurpose = incFormFact(f, "improper_purpose")
		in.FinancialRisk = incFormFact(f, "financial_risk")
		return nil
	})
}

func (s *Server) incData(w http.ResponseWriter, r *http.Request, c *call) error {
	return s.changeIncident(w, r, c, "data", func(in *himitsu.Incident) error {
		in.DataSets, in.DataElements = nil, nil
		for _, ds := range r.PostForm["dataset"] {
			if ds != "" && !slices.Contains(in.DataSets, ds) {
				in.DataSets = append(in.DataSets, ds)
			}
		}
		for _, v := range r.PostForm["element"] {
			ds, el, ok := strings.Cut(v, "|")
			if !ok || ds == "" || el == "" {
				continue
			}
			if !slices.Contains(in.DataSets, ds) {
				in.DataSets = append(in.DataSets, ds)
			}
			in.DataElements = append(in.DataElements, himitsu.ElementRef{DataSet: ds, Element: el})
		}
		return nil
	})
}

func (s *Server) incSecrecy(w http.ResponseWriter, r *http.Request, c *call) error {
	return s.changeIncident(w, r, c, "secrecy", func(in *himitsu.Incident) error {
		in.SecrecyInvolved = incFormFact(r.PostForm, "secrecy_involved")
		if r.PostFormValue("classes") == "proposal" {
			inventory, err := s.inventory(c)
			if err != nil {
				return err
			}
			in.Classes = incidentclass.Propose(incidentclass.Facts{Incident: in, DataSets: inventory}).Classes
		}
		return nil
	})
}

func (s *Server) incPeople(w http.ResponseWriter, r *http.Request, c *call) error {
	return s.changeIncident(w, r, c, "people", func(in *himitsu.Incident) error {
		in.Persons = incFormList(r.PostForm, "persons")
		in.Organisations = incFormList(r.PostForm, "organisations")
		return nil
	})
}

func (s *Server) incAffected(w http.ResponseWriter, r *http.Request, c *call) error {
	return s.changeIncident(w, r, c, "affected", func(in *himitsu.Incident) error {
		n, err := incFormInt(r.PostForm, "count")
		if err != nil {
			return err
		}
		in.Affected = append(in.Affected, himitsu.AffectedCount{Data: strings.TrimSpace(r.PostFormValue("data")),
			Class: himitsu.SecrecyClass(r.PostFormValue("class")), Count: n, Unit: himitsu.CountUnit(r.PostFormValue("unit")),
			Estimated: incFormFact(r.PostForm, "estimated")})
		return nil
	})
}

func (s *Server) incEvidence(w http.ResponseWriter, r *http.Request, c *call) error {
	return s.changeIncident(w, r, c, "evidence", func(in *himitsu.Incident) error {
		l := himitsu.EvidenceLink{Kind: himitsu.EvidenceKind(r.PostFormValue("kind")), Ref: strings.TrimSpace(r.PostFormValue("ref")),
			Note: strings.TrimSpace(r.PostFormValue("note"))}
		if err := s.checkEvidence(c, l); err != nil {
			return err
		}
		if slices.ContainsFunc(in.Evidence, func(e himitsu.EvidenceLink) bool { return e.Kind == l.Kind && e.Ref == l.Ref }) {
			return himitsu.FieldErrorJA("evidence", "%s %s is already linked", "%s %s は既に証跡として結び付けられている", l.Kind, l.Ref)
		}
		in.Evidence = append(in.Evidence, l)
		return nil
	})
}

// checkEvidence checks that a linked complaint or access event exists, so
// that a link does not point at nothing; audit-log positions and
// documents are references the store cannot check.
func (s *Server) checkEvidence(c *call, l himitsu.EvidenceLink) error {
	var err error
	switch l.Kind {
	case himitsu.EvidenceComplaint:
		_, err = s.store.Complaints().Get(c.ctx, c.carrier, l.Ref)
	case himitsu.EvidenceAccessEvent:
		_, err = s.accessEvent(c, l.Ref)
	case himitsu.EvidenceAuditLog:
		if n, perr := strconv.ParseInt(l.Ref, 10, 64); perr != nil || n < 1 {
			return himitsu.FieldErrorJA("ref", "an audit-log entry is named by its position, a whole number from 1, got %q", "監査記録の項目は位置（1以上の整数）で指定する（値は「%s」）", l.Ref)
		}
	}
	if himitsu.ErrorKind(err) == himitsu.KindNotFound {
		return himitsu.FieldErrorJA("ref", "there is no %s %q", "%s「%s」は存在しない", l.Kind, l.Ref)
	}
	return err
}

// accessEvent reads one access event by ID. The access log has no Get:
// the page that ends just above the ID, in descending order, starts with
// it (no valid ID lies between id and id+"\x01").
func (s *Server) accessEvent(c *call, id string) (himitsu.AccessEvent, error) {
	p, err := s.store.AccessEvents().List(c.ctx, c.carrier, himitsu.ListOptions{After: id + "\x01", Desc: true, Limit: 1})
	if err != nil {
		return himitsu.AccessEvent{}, err
	}
	if len(p.Items) == 0 || p.Items[0].Record.ID != id {
		return himitsu.AccessEvent{}, &himitsu.Error{Kind: himitsu.KindNotFound, Field: "id", Msg: "no such access event", MsgJA: "そのアクセス記録はない"}
	}
	return p.Items[0].Record, nil
}

// classify records a person's confirmation or change of the
// classification: the entry is checked first, then the incident's kind
// and the entry are saved in one transaction (Classify).
func (s *Server) classify(c *call, id, version string, to himitsu.IncidentKind, reason string) error {
	st, err := s.incidentService().Get(c.ctx, c.carrier, id)
	if err != nil {
		return err
	}
	if version == "" {
		version = st.Version
	}
	in := st.Record
	inventory, err := s.inventory(c)
	if err != nil {
		return err
	}
	p := incidentclass.Propose(incidentclass.Facts{Incident: &in, DataSets: inventory})
	prev, err := s.store.IncidentClassifications().List(c.ctx, c.carrier, himitsu.ListOptions{Filter: map[string]string{"incident": id}, Limit: himitsu.MaxPage})
	if err != nil {
		return err
	}
	e := himitsu.IncidentClassification{ID: fmt.Sprintf("%s.cls-%d", id, len(prev.Items)+1), Incident: id, At: s.cfg.Now().UTC().Truncate(time.Microsecond),
		By: c.user.Name, From: in.Kind, To: to, Proposed: p.Kind, Reason: reason}
	if p.Kind == himitsu.IncidentSuspicion {
		e.Proposed = "" // no proposal was possible
	}
	if err := e.Validate(); err != nil {
		return err
	}
	_, err = s.store.IncidentClassifications().Classify(c.ctx, c.carrier, e, version)
	return err
}

func (s *Server) incClassify(w http.ResponseWriter, r *http.Request, c *call) error {
	id := r.PathValue("id")
	if err := s.classify(c, id, r.PostFormValue("version"), himitsu.IncidentKind(r.PostFormValue("to")), strings.TrimSpace(r.PostFormValue("reason"))); err != nil {
		return s.stepFailed(w, r, c, "classification", err)
	}
	return redirect(w, r, incidentURL(c, id, "classification"))
}

// incMeasure adds a measure (no "measure" in the form) or updates one.
func (s *Server) incMeasure(w http.ResponseWriter, r *http.Request, c *call) error {
	id := r.PathValue("id")
	f := r.PostForm
	svc := s.store.RecurrenceMeasures()
	err := func() error {
		if _, err := s.incidentService().Get(c.ctx, c.carrier, id); err != nil {
			return err
		}
		var m himitsu.RecurrenceMeasure
		mid := f.Get("measure")
		version := f.Get("version")
		if mid != "" {
			st, err := svc.Get(c.ctx, c.carrier, mid)
			if err != nil {
				return err
			}
			if st.Record.Incident != id {
				return himitsu.FieldErrorJA("measure", "measure %s belongs to incident %s", "再発防止策 %s は事故 %s のものである", mid, st.Record.Incident)
			}
			m = st.Record
			if version == "" {
				version = st.Version
			}
		} else {
			p, err := svc.List(c.ctx, c.carrier, himitsu.ListOptions{Filter: map[string]string{"incident": id}, Limit: himitsu.MaxPage})
			if err != nil {
				return err
			}
			m = himitsu.RecurrenceMeasure{ID: fmt.Sprintf("%s.rm-%d", id, len(p.Items)+1), Incident: id, Status: himitsu.MeasurePlanned}
		}
		var err error
		if f.Has("description") {
			m.Description = strings.TrimSpace(f.Get("description"))
		}
		if f.Has("owner") {
			m.Owner = strings.TrimSpace(f.Get("owner"))
		}
		for _, d := range []struct {
			name string
			dst  *himitsu.Date
		}{{"due_on", &m.DueOn}, {"done_on", &m.DoneOn}, {"verified_on", &m.VerifiedOn}} {
			if f.Has(d.name) {
				if *d.dst, err = incFormDate(f, d.name); err != nil {
					return err
				}
			}
		}
		if f.Has("status") {
			m.Status = himitsu.MeasureStatus(f.Get("status"))
		}
		if f.Has("verification") {
			m.Verification = strings.TrimSpace(f.Get("verification"))
		}
		if f.Has("verification_result") {
			m.VerificationResult = himitsu.VerificationResult(f.Get("verification_result"))
		}
		if f.Has("removes_root_cause") {
			m.RemovesRootCause = incFormFact(f, "removes_root_cause")
		}
		if mid == "" {
			_, err = svc.Create(c.ctx, c.carrier, m)
		} else {
			_, err = svc.Update(c.ctx, c.carrier, m, version)
		}
		return err
	}()
	if err != nil {
		return s.stepFailed(w, r, c, "measures", err)
	}
	return redirect(w, r, incidentURL(c, id, "measures"))
}

func (s *Server) incNotice(w http.ResponseWriter, r *http.Request, c *call) error {
	id := r.PathValue("id")
	f := r.PostForm
	err := func() error {
		in, err := s.incidentService().Get(c.ctx, c.carrier, id)
		if err != nil {
			return err
		}
		sent, err := incFormTime(f, "sent_at")
		if err != nil {
			return err
		}
		n, err := incFormInt(f, "recipients")
		if err != nil {
			return err
		}
		if first, _ := in.Record.FirstKnown(); !sent.IsZero() && !first.IsZero() && sent.Before(first) {
			return himitsu.FieldErrorJA("sent_at", "a notice about the incident cannot go out before anyone knew of it (%s)", "事故を知る前（%s）に通知は送れない",
				first.In(himitsu.Tokyo).Format(timeLayout))
		}
		p, err := s.store.Notifications().List(c.ctx, c.carrier, himitsu.ListOptions{Filter: map[string]string{"incident": id}, Limit: himitsu.MaxPage})
		if err != nil {
			return err
		}
		_, err = s.store.Notifications().Create(c.ctx, c.carrier, himitsu.Notification{ID: fmt.Sprintf("%s.n-%d", id, len(p.Items)+1), Incident: id,
			Kind: himitsu.NoticeKind(f.Get("kind")), Channel: himitsu.Channel(f.Get("channel")), SentAt: sent, Recipients: n,
			ExplainsCause: incFormFact(f, "explains_cause"), ExplainsWhatToDo: incFormFact(f, "explains_what_to_do"), ReliefOffered: incFormFact(f, "relief_offered"),
			WhatToDo: strings.TrimSpace(f.Get("what_to_do"))})
		return err
	}()
	if err != nil {
		return s.stepFailed(w, r, c, "notices", err)
	}
	return redirect(w, r, incidentURL(c, id, "notices"))
}

// incClose closes the incident. It must be contained and its root cause
// recorded: closing an incident whose cause nobody found leaves guideline
// 5(3)(i)iv unanswered.
func (s *Server) incClose(w http.ResponseWriter, r *http.Request, c *call) error {
	return s.changeIncident(w, r, c, "close", func(in *himitsu.Incident) error {
		if !in.ClosedAt.IsZero() {
			return himitsu.FieldErrorJA("closed_at", "the incident was already closed", "事故は既に終結している")
		}
		if in.ContainedAt.IsZero() {
			return himitsu.FieldErrorJA("contained_at", "record when the incident was contained before closing it", "終結する前に封じ込めの日時を記録すること")
		}
		if in.RootCause == "" {
			return himitsu.FieldErrorJA("root_cause", "record the root cause before closing the incident (guideline 5(3)(i)iv)", "終結する前に根本原因を記録すること（指針5(3)(i)iv）")
		}
		at, err := incFormTime(r.PostForm, "closed_at")
		if err != nil {
			return err
		}
		if at.IsZero() {
			at = s.cfg.Now().UTC().Truncate(time.Minute)
		}
		in.ClosedAt, in.ClosedBy = at, c.user.Name
		return nil
	})
}

// ---- opening an incident from a complaint ----

// openFromComplaint opens an incident from a complaint in one step: the
// incident (a suspicion until a person classifies it) with origin
// complaint, the complaint's receipt as a clue and its escalation to the
// privacy office as knowledge events, and the complaint as evidence; the
// complaint is then linked to the incident and marked escalated. A clue
// is not yet knowledge of an incident, so both events are clues: the
// person who confirms what happened records that step.
func (s *Server) openFromComplaint(w http.ResponseWriter, r *http.Request, c *call) error {
	id, err := s.openIncident(c, r.PathValue("id"))
	if err != nil {
		return err
	}
	return redirect(w, r, "/c/"+c.carrier+"/incidents/"+url.PathEscape(id)+"?flash=incident_opened")
}

func (s *Server) openIncident(c *call, complaintID string) (string, error) {
	cs, err := s.store.Complaints().Get(c.ctx, c.carrier, complaintID)
	if err != nil {
		return "", err
	}
	cm := cs.Record
	if cm.Incident != "" {
		return "", &himitsu.Error{Kind: himitsu.KindConflict, Field: "incident",
			Msg:   fmt.Sprintf("complaint %s is already linked to incident %s", cm.ID, cm.Incident),
			MsgJA: fmt.Sprintf("苦情 %s は既に事故 %s に結び付けられている", cm.ID, cm.Incident)}
	}
	now := s.cfg.Now().UTC().Truncate(time.Second)
	id := "inc-" + cm.ID
	if len(id) > 120 {
		id = id[:120]
	}
	for n := 2; ; n++ {
		_, err := s.incidentService().Get(c.ctx, c.carrier, id)
		if himitsu.ErrorKind(err) == himitsu.KindNotFound {
			break
		}
		if err != nil {
			return "", err
		}
		id = fmt.Sprintf("inc-%s-%d", cm.ID, n)
	}
	to := cm.EscalatedTo
	if to == "" {
		to = himitsu.FunctionPrivacyOffice
	}
	escAt := cm.EscalatedAt
	if escAt.IsZero() {
		escAt = now
	}
	learned := cm.Summary
	if learned == "" {
		learned = msg{"苦情 " + cm.ID, "Complaint " + cm.ID}.in(c.lang)
	}
	in := himitsu.Incident{ID: id, Title: msg{"苦情 " + cm.ID + " の漏えいの手掛かり", "Leak clue from complaint " + cm.ID}.in(c.lang),
		Kind: himitsu.IncidentSuspicion, KnownAt: now, Origin: himitsu.OriginComplaint, OriginRef: cm.ID, Summary: cm.Summary,
		Knowledge: []himitsu.KnowledgeEvent{
			{At: cm.ReceivedAt, Step: himitsu.KnowledgeClue, Function: himitsu.FunctionFrontLine, Learned: learned},
			{At: escAt, Step: himitsu.KnowledgeClue, Function: to, Learned: msg{"苦情 " + cm.ID + " の上申（" + c.user.Name + "）", "Complaint " + cm.ID + " escalated (" + c.user.Name + ")"}.in(c.lang)},
		},
		Evidence: []himitsu.EvidenceLink{{Kind: himitsu.EvidenceComplaint, Ref: cm.ID, Note: msg{"事故を開いた苦情", "The complaint that opened the incident"}.in(c.lang)}},
	}
	if _, err := s.incidentService().Create(c.ctx, c.carrier, in); err != nil {
		return "", err
	}
	cm.Incident = id
	if cm.EscalatedAt.IsZero() {
		cm.EscalatedAt, cm.EscalatedTo = escAt, to
	}
	if _, err := s.store.Complaints().Update(c.ctx, c.carrier, cm, cs.Version); err != nil {
		return id, err
	}
	return id, nil
}

// ---- the API ----

// incIncidentWorkspace is the API's view of the workspace.
type incIncidentWorkspace struct {
	Incident       himitsu.Stored[himitsu.Incident] `json:"incident"`
	Proposal       incidentclass.Proposal           `json:"proposal"`
	Classification []himitsu.IncidentClassification `json:"classification_history"`
	Measures       []himitsu.RecurrenceMeasure      `json:"measures"`
	Notices        []himitsu.Notification           `json:"notices"`
	EditedAfter    []incFactEditJSON                `json:"edited_after_the_fact"`
	Changes        []himitsu.RecordChange           `json:"changes"`
	FirstKnown     *time.Time                       `json:"first_known,omitempty"`
}

type incFactEditJSON struct {
	Register string    `json:"register"`
	RecordID string    `json:"record_id"`
	Field    string    `json:"field"`
	At       time.Time `json:"at"`
	Actor    string    `json:"actor"`
	Purpose  string    `json:"purpose"`
	Old      string    `json:"old"`
	New      string    `json:"new"`
}

func (s *Server) apiIncidentWorkspace(w http.ResponseWriter, r *http.Request, c *call) error {
	d, err := s.loadIncidentData(r, c, r.PathValue("id"))
	if err != nil {
		return err
	}
	out := incIncidentWorkspace{Incident: himitsu.Stored[himitsu.Incident]{Record: d.Inc, Version: d.Version}, Proposal: d.Proposal,
		Classification: d.History, Notices: d.Notices, Measures: []himitsu.RecurrenceMeasure{}, EditedAfter: []incFactEditJSON{}, Changes: []himitsu.RecordChange{}}
	if out.Classification == nil {
		out.Classification = []himitsu.IncidentClassification{}
	}
	if out.Notices == nil {
		out.Notices = []himitsu.Notification{}
	}
	for _, m := range d.Measures {
		out.Measures = append(out.Measures, m.M)
	}
	for _, e := range d.Edits {
		out.EditedAfter = append(out.EditedAfter, incFactEditJSON(e))
	}
	for _, ch := range d.Changes {
		out.Changes = append(out.Changes, ch.RecordChange)
	}
	if !d.FirstKnown.IsZero() {
		out.FirstKnown = &d.FirstKnown
	}
	return writeJSON(w, http.StatusOK, out)
}

// incClassifyRequest is the body of a classification through the API.
type incClassifyRequest struct {
	To      himitsu.IncidentKind `json:"to"`
	Reason  string               `json:"reason,omitempty"`
	Version string               `json:"version,omitempty"`
}

func (s *Server) apiIncidentClassify(w http.ResponseWriter, r *http.Request, c *call) error {
	var body incClassifyRequest
	if err := decode(r, &body); err != nil {
		return err
	}
	id := r.PathValue("id")
	if err := s.classify(c, id, ifMatch(r, body.Version), body.To, body.Reason); err != nil {
		return err
	}
	return s.apiIncidentWorkspace(w, r, c)
}

func (s *Server) apiOpenFromComplaint(w http.ResponseWriter, r *http.Request, c *call) error {
	id, err := s.openIncident(c, r.PathValue("id"))
	if err != nil {
		return err
	}
	st, err := s.incidentService().Get(c.ctx, c.carrier, id)
	if err != nil {
		return err
	}
	w.Header().Set("ETag", `"`+st.Version+`"`)
	w.Header().Set("Location", "/api/v1/carriers/"+c.carrier+"/incidents/"+url.PathEscape(id))
	return writeJSON(w, http.StatusCreated, st)
}

// incidentWorkspaceSchema is the OpenAPI schema of incIncidentWorkspace.
func incidentWorkspaceSchema() map[string]any {
	arr := func(item map[string]any) map[string]any { return map[string]any{"type": "array", "items": item} }
	text := map[string]any{"type": "object", "properties": map[string]any{"ja": map[string]any{"type": "string"}, "en": map[string]any{"type": "string"}}}
	return map[string]any{"type": "object", "required": []string{"incident", "proposal", "classification_history", "measures", "notices", "edited_after_the_fact", "changes"},
		"properties": map[string]any{
			"incident": map[string]any{"$ref": "#/components/schemas/IncidentsStored"},
			"proposal": map[string]any{"type": "object", "required": []string{"kind", "reasons"}, "properties": map[string]any{
				"kind": map[string]any{"type": "string", "enum": himitsu.IncidentKind("").Values()}, "secrecy": map[string]any{"type": []string{"boolean", "null"}},
				"classes": arr(map[string]any{"type": "string"}), "reasons": arr(text)},
				"description": "himitsu's proposal from the incident's facts and the data inventory, with its reasons; a person confirms."},
			"classification_history": arr(map[string]any{"type": "object"}),
			"measures":               arr(map[string]any{"$ref": "#/components/schemas/RecurrenceMeasures"}),
			"notices":                arr(map[string]any{"$ref": "#/components/schemas/Notifications"}),
			"edited_after_the_fact": arr(map[string]any{"type": "object", "required": []string{"register", "record_id", "field", "at", "actor", "old", "new"},
				"description": "a fact changed after it was first recorded (guideline 5(3)(i)iii)"}),
			"changes":     arr(map[string]any{"type": "object"}),
			"first_known": map[string]any{"type": "string", "format": "date-time"},
		}}
}

func classifyRequestSchema() map[string]any {
	return map[string]any{"type": "object", "required": []string{"to"}, "additionalProperties": false, "properties": map[string]any{
		"to":      map[string]any{"type": "string", "enum": himitsu.IncidentKind("").Values()},
		"reason":  map[string]any{"type": "string", "description": "Why; required when departing from the proposal or changing a classification."},
		"version": map[string]any{"type": "string", "description": "The incident's version the classification is based on (or If-Match)."},
	}}
}
