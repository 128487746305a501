package drafts

import (
	"fmt"
	"time"

	"github.com/himitsu-oss/himitsu"
)

// FilingRequest is an officer's statement that a report was filed.
type FilingRequest struct {
	Report      Report
	Lang        string    // language of the frozen document: ja, or en (Japanese with English)
	SubmittedAt time.Time // when the report reached the authority
	To          string    // the authority, when it differs from the carrier's bureau
	Reference   string    // the authority's reference number, if it gave one
}

// clockSkew is how far in the future a filing time may lie, for clocks
// that differ by a little.
const clockSkew = 5 * time.Minute

// Filing turns a filing request into the regulator report to record: the
// draft rendered as of the filing time, frozen with its SHA-256, as the
// next version of this report for the incident. It refuses, with a
// bilingual invalid-input error and nothing recorded, a filing dated
// before the incident occurred, before the carrier knew of it (it did
// not exist as an incident yet), or in the future. The caller records the
// result through the regulator report service, which keeps it frozen.
func Filing(rec *himitsu.Records, incidentID string, req FilingRequest, now time.Time) (himitsu.RegulatorReport, error) {
	var out himitsu.RegulatorReport
	law, stage, ok := req.Report.LawStage()
	if !ok {
		if _, err := ParseReport(string(req.Report)); err != nil {
			return out, err
		}
		return out, &himitsu.Error{Op: "drafts.Filing", Kind: himitsu.KindInvalid, Field: "report",
			Msg:   fmt.Sprintf("%s is not a report to the authorities and is not filed; record the notice in the notifications register", req.Report),
			MsgJA: fmt.Sprintf("%s は当局への報告ではないため提出の記録はできない。通知は notifications の台帳に記録すること", req.Report)}
	}
	lang, err := CheckLang(req.Lang)
	if err != nil {
		return out, err
	}
	d, err := Build(req.Report, rec, incidentID, req.SubmittedAt)
	if err != nil {
		return out, err
	}
	inc := incidentOf(rec, incidentID)
	at := req.SubmittedAt
	bad := func(en, ja string, args ...any) error {
		return &himitsu.Error{Op: "drafts.Filing", Kind: himitsu.KindInvalid, Field: "submitted_at",
			Msg: fmt.Sprintf(en, args...), MsgJA: fmt.Sprintf(ja, args...)}
	}
	switch {
	case at.IsZero():
		return out, bad("is required: when the report reached the authority", "必須である（報告が当局に届いた日時）")
	case !inc.OccurredAt.IsZero() && at.Before(inc.OccurredAt):
		return out, bad("%s is before the incident occurred (%s): a report cannot be filed before what it reports",
			"%s は事案の発生（%s）より前であり、報告の対象より前に報告を提出することはできない",
			timeText(at).EN, timeText(inc.OccurredAt).EN)
	case at.Before(firstKnown(inc)):
		return out, bad("%s is before the carrier first knew of the incident (%s), when it did not yet exist as an incident",
			"%s は事業者が事案を最初に知った日時（%s）より前であり、その時点では事案は存在していない",
			timeText(at).EN, timeText(firstKnown(inc)).EN)
	case at.After(now.Add(clockSkew)):
		return out, bad("%s is in the future", "%s は将来の日時である", timeText(at).EN)
	}
	html, err := HTML(d, lang)
	if err != nil {
		return out, err
	}
	// The next version follows both the highest version recorded and
	// the number of filings, for reports recorded without a version.
	version, count := 1, 0
	for _, r := range rec.RegulatorReports {
		if r.Incident == incidentID && r.Law == law && r.Stage == stage {
			count++
			version = max(version, r.Version+1, count+1)
		}
	}
	doc := string(html)
	return himitsu.RegulatorReport{
		ID:       fmt.Sprintf("%s-%s-v%d", incidentID, req.Report, version),
		Incident: incidentID, Law: law, Stage: stage, SubmittedAt: at.UTC(),
		To: req.To, Reference: req.Reference, Version: version,
		CountedFrom: himitsu.DateOf(knewAt(inc)),
		Document:    doc, DocumentSHA256: himitsu.DocumentDigest(doc),
	}, nil
}

func incidentOf(rec *himitsu.Records, id string) *himitsu.Incident {
	for i := range rec.Incidents {
		if rec.Incidents[i].ID == id {
			return &rec.Incidents[i]
		}
	}
	return nil
}

// firstKnown is the earliest moment anything of the incident was known
// to the carrier: known_at, detection, or any knowledge event, clues
// included. Before it there was no incident to report.
func firstKnown(inc *himitsu.Incident) time.Time {
	at := inc.KnownAt
	consider := func(x time.Time) {
		if !x.IsZero() && (at.IsZero() || x.Before(at)) {
			at = x
		}
	}
	consider(inc.DetectedAt)
	for _, k := range inc.Knowledge {
		consider(k.At)
	}
	return at
}
