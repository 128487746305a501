// Package drafts writes the drafts of the reports a carrier files about an
// incident, from its records: the Art. 28 first and detailed reports to
// MIC, the APPI preliminary and final reports (which a carrier files with
// MIC as the PPC's delegate), and the notice to the persons affected.
//
// A draft says only what the records say. Each item of a report is built
// by its own small function from the incident and the carrier's other
// registers; where the records hold nothing for an item the draft says so
// in plain words ("記載すべき事実が記録にありません / not in the records")
// instead of inventing, so the officer sees what is still to be found
// out before the report goes out. The drafts are in Japanese, the
// language of the filing; English alongside is for counsel and auditors
// who do not read Japanese.
//
// The items follow what the authorities ask for: for Act Art. 28, the ten
// items MIC's reporting page lists for the first report (corporate name,
// registration number, outline with occurrence, discovery and how it was
// found, what leaked, how many persons, cause, secondary damage,
// publication, handling of the persons affected, recurrence prevention),
// which the detailed report (Ordinance form 50-2) states in full; for
// APPI Art. 26, the items of PPC Rules Art. 8(1) (outline, items of
// personal data, number of persons, cause, secondary damage, response to
// the persons, publication, recurrence prevention, other matters) and,
// for the notice to the persons, those of Art. 10. The item lists are
// data in items.go, to be checked against the current forms [verify].
package drafts

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/himitsu-oss/himitsu"
)

// Report names a draft: the law, the stage, or the user notice.
type Report string

const (
	TBA28First      Report = "tba-28-first"
	TBA28Detailed   Report = "tba-28-detailed"
	APPIPreliminary Report = "appi-preliminary"
	APPIFinal       Report = "appi-final"
	UserNotice      Report = "user-notice"
)

// Reports lists the drafts himitsu writes, in the order they are usually
// needed.
func Reports() []Report {
	return []Report{TBA28First, TBA28Detailed, APPIPreliminary, APPIFinal, UserNotice}
}

// ParseReport checks a report name and returns it, or an invalid-input
// error listing the names that exist, in both languages.
func ParseReport(s string) (Report, error) {
	r := Report(s)
	if slices.Contains(Reports(), r) {
		return r, nil
	}
	names := make([]string, 0, 5)
	for _, x := range Reports() {
		names = append(names, string(x))
	}
	list := strings.Join(names, ", ")
	return "", &himitsu.Error{Op: "drafts", Kind: himitsu.KindInvalid, Field: "report",
		Msg:   fmt.Sprintf("unknown report %q: expected one of %s", s, list),
		MsgJA: fmt.Sprintf("報告の種類 %q はありません。次のいずれかを指定してください: %s", s, list)}
}

// LawStage is the law and stage a filing of this report records in the
// register of regulator reports; the user notice is not a filing.
func (r Report) LawStage() (himitsu.ReportLaw, himitsu.ReportStage, bool) {
	switch r {
	case TBA28First:
		return himitsu.LawTBA28, himitsu.StageFirst, true
	case TBA28Detailed:
		return himitsu.LawTBA28, himitsu.StageDetailed, true
	case APPIPreliminary:
		return himitsu.LawAPPI26, himitsu.StagePreliminary, true
	case APPIFinal:
		return himitsu.LawAPPI26, himitsu.StageFinal, true
	}
	return "", "", false
}

// ReportFor is the draft that a filing of law and stage is a version of.
func ReportFor(law himitsu.ReportLaw, stage himitsu.ReportStage) (Report, bool) {
	for _, r := range Reports() {
		if l, s, ok := r.LawStage(); ok && l == law && s == stage {
			return r, true
		}
	}
	return "", false
}

// Text is a piece of the draft in Japanese and in English.
type Text struct {
	JA string `json:"ja"`
	EN string `json:"en"`
}

func t(ja, en string) Text { return Text{JA: ja, EN: en} }

// same is a value that reads the same in both languages (a name, a
// number, free text as the carrier recorded it).
func same(s string) Text { return Text{JA: s, EN: s} }

// In is the text in lang ("en" gives English, anything else Japanese).
func (x Text) In(lang string) string {
	if lang == "en" && x.EN != "" {
		return x.EN
	}
	return x.JA
}

// missing is what a draft says where the records hold nothing.
var missing = t("記載すべき事実が記録にありません", "not in the records")

// Item is one numbered item of a report.
type Item struct {
	Key     string `json:"key"` // stable name of the item, e.g. "cause"
	Heading Text   `json:"heading"`
	// Lines are the statements of the item, one paragraph each.
	Lines []Text `json:"lines,omitempty"`
	// Table is a grid of values under the lines (measures, notices,
	// counts per kind of data).
	Table *Table `json:"table,omitempty"`
	// Missing is true when the records hold nothing for the item; the
	// draft then shows the missing-facts line.
	Missing bool `json:"missing,omitempty"`
}

// Table is a grid with a header row.
type Table struct {
	Header []Text   `json:"header"`
	Rows   [][]Text `json:"rows"`
}

// Draft is a report ready to be rendered as HTML or PDF.
type Draft struct {
	Report   Report `json:"report"`
	Title    Text   `json:"title"`
	Basis    Text   `json:"basis"`
	To       Text   `json:"to"`
	From     Text   `json:"from"`
	Date     Text   `json:"date"`
	Incident string `json:"incident"`
	// Notes are cautions for the officer (a report that may not be due
	// for this kind of incident, facts still missing); they are not part
	// of the report itself.
	Notes []Text `json:"notes,omitempty"`
	Intro Text   `json:"intro"`
	Items []Item `json:"items"`
	// MissingCount is how many items the records could not fill.
	MissingCount int `json:"missing_count"`
}

// Build writes the draft of report r for the incident with id from the
// carrier's records, dated now. It gives a not-found error when the
// records hold no such incident.
func Build(r Report, rec *himitsu.Records, id string, now time.Time) (*Draft, error) {
	if _, err := ParseReport(string(r)); err != nil {
		return nil, err
	}
	var inc *himitsu.Incident
	for i := range rec.Incidents {
		if rec.Incidents[i].ID == id {
			inc = &rec.Incidents[i]
		}
	}
	if inc == nil {
		return nil, &himitsu.Error{Op: "drafts", Kind: himitsu.KindNotFound, Field: "incident",
			Msg:   fmt.Sprintf("no incident %q in the records", id),
			MsgJA: fmt.Sprintf("事案 %q は記録にありません", id)}
	}
	in := &input{rec: rec, inc: inc, now: now}
	d := &Draft{Report: r, Incident: inc.ID, Date: dateText(now)}
	spec := specs[r]
	d.Title, d.Basis, d.Intro = spec.title, spec.basis, spec.intro
	d.To = addressee(r, rec)
	d.From = carrierName(rec)
	d.Notes = notes(r, in)
	for _, key := range spec.items {
		it := builders[key].build(in)
		it.Key = key
		it.Heading = builders[key].heading(r)
		if len(it.Lines) == 0 && it.Table == nil {
			it.Missing = true
		}
		if it.Missing {
			d.MissingCount++
		}
		d.Items = append(d.Items, it)
	}
	return d, nil
}

// input is what the item builders read.
type input struct {
	rec *himitsu.Records
	inc *himitsu.Incident
	now time.Time
}

func (in *input) measures() []himitsu.RecurrenceMeasure {
	var out []himitsu.RecurrenceMeasure
	for _, m := range in.rec.RecurrenceMeasures {
		if m.Incident == in.inc.ID {
			out = append(out, m)
		}
	}
	return out
}

func (in *input) notifications() []himitsu.Notification {
	var out []himitsu.Notification
	for _, n := range in.rec.Notifications {
		if n.Incident == in.inc.ID {
			out = append(out, n)
		}
	}
	slices.SortFunc(out, func(a, b himitsu.Notification) int { return a.SentAt.Compare(b.SentAt) })
	return out
}

func (in *input) filings() []himitsu.RegulatorReport {
	var out []himitsu.RegulatorReport
	for _, r := range in.rec.RegulatorReports {
		if r.Incident == in.inc.ID {
			out = append(out, r)
		}
	}
	slices.SortFunc(out, func(a, b himitsu.RegulatorReport) int { return a.SubmittedAt.Compare(b.SubmittedAt) })
	return out
}

func (in *input) service() *himitsu.Service {
	for i := range in.rec.Services {
		if in.rec.Services[i].ID == in.inc.Service {
			return &in.rec.Services[i]
		}
	}
	return nil
}

func (in *input) organisation(id string) *himitsu.Organisation {
	for i := range in.rec.Organisations {
		if in.rec.Organisations[i].ID == id {
			return &in.rec.Organisations[i]
		}
	}
	return nil
}

// Dates and times are given in Japan time, as the authorities reckon them.

func timeText(x time.Time) Text {
	if x.IsZero() {
		return missing
	}
	j := x.In(himitsu.Tokyo)
	return t(fmt.Sprintf("%d年%d月%d日 %d時%02d分", j.Year(), j.Month(), j.Day(), j.Hour(), j.Minute()),
		j.Format("2 January 2006, 15:04")+" JST")
}

func dateText(x time.Time) Text {
	if x.IsZero() {
		return missing
	}
	j := x.In(himitsu.Tokyo)
	return t(fmt.Sprintf("%d年%d月%d日", j.Year(), j.Month(), j.Day()), j.Format("2 January 2006"))
}

func dayText(d himitsu.Date) Text {
	if d.IsZero() {
		return missing
	}
	return dateText(d.Time())
}

func carrierName(rec *himitsu.Records) Text {
	c := rec.Carrier
	en := c.NameEN
	if en == "" {
		en = c.Name
	}
	return t(c.Name, en)
}

func addressee(r Report, rec *himitsu.Records) Text {
	if r == UserNotice {
		return t("お客さま各位", "To our customers")
	}
	b, ok := bureaus[rec.Carrier.HeadOfficeBureau]
	if !ok {
		return t("総合通信局長 殿（所管の局が記録にありません）", "Director-General of the Regional Bureau of Telecommunications (the bureau is not in the records)")
	}
	return t(b.JA+"長 殿", "Director-General, "+b.EN)
}

var bureaus = map[himitsu.Bureau]Text{
	himitsu.BureauHokkaido: t("北海道総合通信局", "Hokkaido Bureau of Telecommunications"),
	himitsu.BureauTohoku:   t("東北総合通信局", "Tohoku Bureau of Telecommunications"),
	himitsu.BureauKanto:    t("関東総合通信局", "Kanto Bureau of Telecommunications"),
	himitsu.BureauShinetsu: t("信越総合通信局", "Shinetsu Bureau of Telecommunications"),
	himitsu.BureauHokuriku: t("北陸総合通信局", "Hokuriku Bureau of Telecommunications"),
	himitsu.BureauTokai:    t("東海総合通信局", "Tokai Bureau of Telecommunications"),
	himitsu.BureauKinki:    t("近畿総合通信局", "Kinki Bureau of Telecommunications"),
	himitsu.BureauChugoku:  t("中国総合通信局", "Chugoku Bureau of Telecommunications"),
	himitsu.BureauShikoku:  t("四国総合通信局", "Shikoku Bureau of Telecommunications"),
	himitsu.BureauKyushu:   t("九州総合通信局", "Kyushu Bureau of Telecommunications"),
	himitsu.BureauOkinawa:  t("沖縄総合通信事務所", "Okinawa General Bureau, Telecommunications Office"),
}

// notes are the officer's cautions: whether this report fits the
// incident as recorded.
func notes(r Report, in *input) []Text {
	inc := in.inc
	var out []Text
	out = append(out, t("これは himitsu が記録から作成した草案です。提出前に内容を確認し、記録にない事項を補ってください。",
		"This is a draft himitsu wrote from the records. Check it and fill in what the records lack before filing."))
	switch r {
	case TBA28First, TBA28Detailed:
		if inc.Kind != himitsu.IncidentLeak && !inc.SecrecyInvolved.True() {
			out = append(out, t("この事案は通信の秘密の漏えいとして記録されていません。第28条の漏えい報告が必要か確認してください。",
				"The incident is not recorded as a leak of the secrecy of communications; check whether an Art. 28 leak report is due."))
		}
	case APPIPreliminary, APPIFinal, UserNotice:
		if inc.StronglyEncrypted.True() {
			out = append(out, t("記録では、対象の個人データは高度な暗号化等で保護されていました。この場合、報告・通知は要しないことがあります（個人情報保護委員会規則第7条）。",
				"The records say the personal data was protected by strong encryption; a report and notice may then not be required (PPC Rules Art. 7)."))
		}
	}
	return out
}
