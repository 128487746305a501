package report

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	himitsu "github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/catalog"
	"github.com/himitsu-oss/himitsu/internal/oscal"
)

// The OSCAL 1.1.2 assessment-results subset the report emits, written by
// hand (no OSCAL module is available). Field order follows NIST's schema.
type (
	arDocument struct {
		AssessmentResults arRoot `json:"assessment-results"`
	}
	arRoot struct {
		UUID     string     `json:"uuid"`
		Metadata arMetadata `json:"metadata"`
		ImportAP arImportAP `json:"import-ap"`
		Results  []arResult `json:"results"`
	}
	arMetadata struct {
		Title        string       `json:"title"`
		LastModified string       `json:"last-modified"`
		Version      string       `json:"version"`
		OSCALVersion string       `json:"oscal-version"`
		Props        []oscal.Prop `json:"props,omitempty"`
		Parties      []arParty    `json:"parties,omitempty"`
		Remarks      string       `json:"remarks,omitempty"`
	}
	arParty struct {
		UUID  string       `json:"uuid"`
		Type  string       `json:"type"`
		Name  string       `json:"name"`
		Props []oscal.Prop `json:"props,omitempty"`
	}
	arImportAP struct {
		Href    string `json:"href"`
		Remarks string `json:"remarks,omitempty"`
	}
	arResult struct {
		UUID             string          `json:"uuid"`
		Title            string          `json:"title"`
		Description      string          `json:"description"`
		Start            string          `json:"start"`
		Props            []oscal.Prop    `json:"props,omitempty"`
		ReviewedControls arReviewed      `json:"reviewed-controls"`
		Observations     []arObservation `json:"observations,omitempty"`
		Findings         []arFinding     `json:"findings,omitempty"`
		Remarks          string          `json:"remarks,omitempty"`
	}
	arReviewed struct {
		ControlSelections []arSelection `json:"control-selections"`
	}
	arSelection struct {
		IncludeAll struct{} `json:"include-all"`
	}
	arObservation struct {
		UUID             string       `json:"uuid"`
		Title            string       `json:"title,omitempty"`
		Description      string       `json:"description"`
		Props            []oscal.Prop `json:"props,omitempty"`
		Methods          []string     `json:"methods"`
		RelevantEvidence []arEvidence `json:"relevant-evidence,omitempty"`
		Collected        string       `json:"collected"`
		Remarks          string       `json:"remarks,omitempty"`
	}
	arEvidence struct {
		Description string       `json:"description"`
		Props       []oscal.Prop `json:"props,omitempty"`
	}
	arFinding struct {
		UUID                string         `json:"uuid"`
		Title               string         `json:"title"`
		Description         string         `json:"description"`
		Props               []oscal.Prop   `json:"props,omitempty"`
		Target              arTarget       `json:"target"`
		RelatedObservations []arRelatedObs `json:"related-observations,omitempty"`
		Remarks             string         `json:"remarks,omitempty"`
	}
	arTarget struct {
		Type     string   `json:"type"`
		TargetID string   `json:"target-id"`
		Status   arStatus `json:"status"`
	}
	arStatus struct {
		State  string `json:"state"`
		Reason string `json:"reason,omitempty"`
	}
	arRelatedObs struct {
		ObservationUUID string `json:"observation-uuid"`
	}
)

// oscalStatus maps a finding's status to an OSCAL objective status. Only a
// finding that was checked and found fine is satisfied; a question still
// open is not. The exact status travels in the himitsu "status" prop.
func oscalStatus(s himitsu.Status) arStatus {
	switch s {
	case himitsu.StatusNotIndicated:
		return arStatus{State: "satisfied", Reason: "pass"}
	case himitsu.StatusNotApplicable:
		return arStatus{State: "satisfied", Reason: "other"}
	case himitsu.StatusIndicated:
		return arStatus{State: "not-satisfied", Reason: "fail"}
	}
	return arStatus{State: "not-satisfied", Reason: "other"}
}

// oneLine makes s fit OSCAL's string type: no line breaks, no surrounding
// space, never empty.
func oneLine(s, fallback string) string {
	s = strings.Join(strings.Fields(s), " ")
	if s == "" {
		return fallback
	}
	return s
}

func renderOSCAL(w io.Writer, a *himitsu.Assessment, cat *catalog.Catalog, o Options) error {
	lang := o.Lang
	version := a.CatalogVersion
	if version == "" {
		version = cat.Version
	}
	start := a.AsOf.Time().Format("2006-01-02T15:04:05-07:00")
	if a.AsOf.IsZero() {
		// An assessment always has a day; this keeps a broken one valid OSCAL.
		start = "2000-01-01T00:00:00+09:00"
	}
	// Every UUID derives from this stem, so the same assessment always gets
	// the same identifiers and different ones never share them.
	stem := "https://github.com/himitsu-oss/himitsu/assessment/" + a.Carrier.ID + "/" + a.AsOf.String() + "/" + version
	id := func(parts ...string) string {
		return oscal.FormatUUID(oscal.UUIDv5(oscal.NamespaceURL, stem+"/"+strings.Join(parts, "/")))
	}
	carrierName := oneLine(a.Carrier.Name, a.Carrier.ID)
	if lang != "ja" && a.Carrier.NameEN != "" {
		carrierName = oneLine(a.Carrier.NameEN, carrierName)
	}
	title := oneLine(ui("title", lang)+": "+carrierName, "himitsu")

	overall := gradeOf(cat, a.Judgement.Overall, lang)
	doc := arDocument{AssessmentResults: arRoot{
		UUID: id("assessment-results"),
		Metadata: arMetadata{
			Title:        title,
			LastModified: start,
			Version:      oneLine(a.AsOf.String()+"+catalog."+version, "0"),
			OSCALVersion: oscal.Version,
			Props: []oscal.Prop{
				oscal.NSProp("catalog-version", oneLine(version, "unknown")),
				oscal.NSProp("language", lang),
			},
			Parties: []arParty{{
				UUID: id("party", a.Carrier.ID), Type: "organization", Name: carrierName,
				Props: nonEmptyProps(oscal.NSProp("carrier-id", a.Carrier.ID), oscal.NSProp("registration", string(a.Carrier.Registration)),
					oscal.NSProp("registration-number", a.Carrier.RegistrationNumber)),
			}},
			Remarks: cat.Source.In(lang),
		},
		ImportAP: arImportAP{Href: "#", Remarks: ui("oscal-import-ap", lang)},
	}}

	res := arResult{
		UUID:        id("result"),
		Title:       title,
		Description: oneLine(fmt.Sprintf(ui("overall-sentence", lang), overall.Label)+" "+overall.Meaning, overall.ID),
		Start:       start,
		Props: nonEmptyProps(
			oscal.NSProp("overall-grade", a.Judgement.Overall),
		),
		ReviewedControls: arReviewed{ControlSelections: []arSelection{{}}},
	}
	for _, c := range categoryRows(a, cat, lang) {
		p := oscal.NSProp("category-grade", c.Grade.ID)
		p.Class = oscal.ID(c.ID)
		s := oscal.NSProp("category-score", c.ScoreText)
		s.Class = p.Class
		res.Props = append(res.Props, nonEmptyProps(p, s)...)
	}
	var reasons []string
	for _, r := range a.Judgement.Reasons {
		reasons = append(reasons, "- "+r.In(lang))
	}
	res.Remarks = strings.Join(reasons, "\n")

	seen := map[string]int{}
	for _, f := range sortedFindings(a, cat) {
		key := f.Item + "/" + f.Rule + "/" + f.Code
		seen[key]++
		fid := key + "/" + strconv.Itoa(seen[key])
		fv := findingOf(f, cat, lang)
		af := arFinding{
			UUID:        id("finding", fid),
			Title:       oneLine(strings.TrimSpace(fv.Code+" "+fv.Title), f.Item),
			Description: oneLine(fv.Summary, fv.StatusLabel),
			Props: nonEmptyProps(
				oscal.NSProp("item", f.Item), oscal.NSProp("code", fv.Code), oscal.NSProp("rule", f.Rule),
				oscal.NSProp("status", string(f.Status)), oscal.NSProp("severity", string(f.Severity)),
			),
			Target: arTarget{Type: "objective-id", TargetID: oscal.ID(f.Item), Status: oscalStatus(f.Status)},
		}
		var remarks []string
		if fv.Question != "" {
			remarks = append(remarks, ui("question", lang)+": "+fv.Question)
		}
		if fv.Serious && fv.Remediation != "" {
			remarks = append(remarks, ui("remediation", lang)+": "+fv.Remediation)
		}
		af.Remarks = strings.Join(remarks, "\n\n")
		if len(f.Evidence) > 0 {
			ob := arObservation{
				UUID:        id("observation", fid),
				Title:       oneLine(fv.Code+" "+ui("evidence", lang), f.Item),
				Description: oneLine(fv.Summary, fv.StatusLabel),
				Props:       []oscal.Prop{oscal.NSProp("evidence-total", strconv.Itoa(max(f.EvidenceTotal, len(f.Evidence))))},
				Methods:     []string{"EXAMINE"},
				Collected:   start,
			}
			for _, e := range f.Evidence {
				ev := evidenceOf(e, lang)
				d := e.Register + "/" + e.ID
				if ev.Values != "" {
					d += " (" + ev.Values + ")"
				}
				ob.RelevantEvidence = append(ob.RelevantEvidence, arEvidence{
					Description: d,
					Props:       nonEmptyProps(oscal.NSProp("register", e.Register), oscal.NSProp("record-id", e.ID)),
				})
			}
			if more := f.EvidenceTotal - len(f.Evidence); more > 0 {
				ob.Remarks = fmt.Sprintf(ui("more", lang), more)
			}
			res.Observations = append(res.Observations, ob)
			af.RelatedObservations = []arRelatedObs{{ObservationUUID: ob.UUID}}
		}
		res.Findings = append(res.Findings, af)
	}
	doc.AssessmentResults.Results = []arResult{res}

	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(doc)
}

// nonEmptyProps drops props whose value is empty (OSCAL forbids them) and
// trims the others to one line.
func nonEmptyProps(ps ...oscal.Prop) []oscal.Prop {
	out := ps[:0:0]
	for _, p := range ps {
		if v := oneLine(p.Value, ""); v != "" {
			p.Value = v
			out = append(out, p)
		}
	}
	return out
}
