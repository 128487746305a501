package assess

import (
	"fmt"
	"slices"
	"strings"

	"github.com/himitsu-oss/himitsu"
)

// Incident classes of himitsu.IncidentDetermination.
const (
	classSecrecyLeak      = "secrecy-leak"
	classUnauthorizedUse  = "unauthorized-use"
	classUnauthorizedObt  = "unauthorized-obtaining"
	classPersonalDataLeak = "personal-data-leak"
	classPersonalDataOnly = "personal-data-only"
	classSeriousOutage    = "serious-outage"
	classNearMiss         = "near-miss"
)

// Deadline states.
const (
	stateMet     = "met"
	stateLate    = "late"
	stateOverdue = "overdue"
	statePending = "pending"
	stateUnclear = "unclear"
)

// outageService is the service type of a row of the Ordinance Art. 58 table.
type outageService string

const (
	outageVoiceEmergency outageService = "voice-emergency" // voice services that carry emergency calls
	outageVoice          outageService = "voice"           // other voice services
	outageOtherPaid      outageService = "other-paid"      // other paid services, e.g. data
)

// outageThreshold: an outage of a service of this type is serious when it
// lasts at least MinMinutes and affects at least MinUsers.
type outageThreshold struct {
	Service    outageService
	MinMinutes int
	MinUsers   int
}

// outageTable is a version of the Ordinance Art. 58 thresholds.
type outageTable struct {
	EffectiveFrom himitsu.Date
	Note          himitsu.Text
	Rows          []outageThreshold
}

// ordinance58 returns the serious-accident thresholds of the Ordinance for
// Enforcement of the TBA, Art. 58, as summarised in MIC's material. Free
// large-scale internet services and satellite or submarine-cable
// facilities have rows of their own that the records cannot distinguish,
// so they are not encoded.
func ordinance58() outageTable {
	return outageTable{
		// The effective date is the one from which this engine applies the
		// table; it is a placeholder until checked against the Ordinance.
		EffectiveFrom: himitsu.Date{Year: 2015, Month: 4, Day: 1},
		Note: tx("[要確認] 施行規則第58条の現行の表及び施行日と照合していない。2025年の情報通信審議会報告はデータ通信の基準の引下げを提案している。",
			"[verify] not checked against the current table and commencement date of Ordinance Art. 58; a 2025 Information and Communications Council report proposes lower thresholds for data services."),
		Rows: []outageThreshold{
			{outageVoiceEmergency, 60, 30000},
			{outageVoice, 120, 30000},
			{outageVoice, 60, 100000},
			{outageOtherPaid, 120, 30000},
			{outageOtherPaid, 60, 1000000},
		},
	}
}

// outageServiceOf approximates the service type, which the records do not
// hold: emergency_calls marks a voice service with emergency calls; a
// service whose name, ID or description speaks of voice or telephony is
// voice; anything else is another paid service.
func (e *env) outageServiceOf(in *himitsu.Incident) outageService {
	if in.EmergencyCalls.True() {
		return outageVoiceEmergency
	}
	for i := range e.rec.Services {
		s := &e.rec.Services[i]
		if s.ID != in.Service {
			continue
		}
		hay := strings.ToLower(s.ID + " " + s.Name + " " + s.Description)
		for _, w := range []string{"voice", "phone", "telephon", "call", "音声", "電話", "通話"} {
			if strings.Contains(hay, w) {
				return outageVoice
			}
		}
	}
	return outageOtherPaid
}

// seriousOutage reports the row of the table that an outage meets.
func (e *env) seriousOutage(in *himitsu.Incident) (outageThreshold, bool) {
	if in.Kind != himitsu.IncidentOutage {
		return outageThreshold{}, false
	}
	svc := e.outageServiceOf(in)
	for _, r := range ordinance58().Rows {
		if r.Service == svc && in.DurationMinutes >= r.MinMinutes && in.UsersAffected >= r.MinUsers {
			return r, true
		}
	}
	return outageThreshold{Service: svc}, false
}

// determine makes the legal determinations: who the carrier is, which
// services are means of conducting operations, and what each incident is
// and which reports it calls for.
func (e *env) determine() {
	e.dets.Subject = e.subject()
	e.dets.Services = []himitsu.ServiceDetermination{}
	for i := range e.rec.Services {
		e.dets.Services = append(e.dets.Services, e.service(&e.rec.Services[i]))
	}
	// By ID, so the result does not depend on the order records came in
	// (a bundle keeps the file's order, the store returns ID order).
	slices.SortFunc(e.dets.Services, func(a, b himitsu.ServiceDetermination) int { return strings.Compare(a.Service, b.Service) })
	e.dets.Incidents = []himitsu.IncidentDetermination{}
	incs := slices.Clone(e.rec.Incidents)
	slices.SortStableFunc(incs, func(a, b himitsu.Incident) int {
		if c := a.KnownAt.Compare(b.KnownAt); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	for i := range incs {
		d := e.incident(&incs[i])
		e.deadline[d.Incident] = d.Deadlines
		e.dets.Incidents = append(e.dets.Incidents, d)
	}
}

func (e *env) subject() himitsu.SubjectDetermination {
	c := e.rec.Carrier
	switch c.Registration {
	case himitsu.Registered:
		return himitsu.SubjectDetermination{SubjectToOrder: true, Reason: tf(
			"%[1]s は電気通信事業法第9条の登録を受けた電気通信事業者（登録番号 %[2]s）であり、第29条第1項第1号の業務改善命令の対象となる。",
			"%[1]s is a carrier registered under TBA Art. 9 (number %[2]s) and can therefore receive a business improvement order under Art. 29(1)(i).",
			c.Name, orDash(c.RegistrationNumber))}
	case himitsu.Notified:
		return himitsu.SubjectDetermination{SubjectToOrder: true, Reason: tf(
			"%[1]s は電気通信事業法第16条第1項の届出をした電気通信事業者（届出番号 %[2]s）であり、第29条第1項第1号の業務改善命令の対象となる。",
			"%[1]s is a carrier that notified under TBA Art. 16(1) (number %[2]s) and can therefore receive a business improvement order under Art. 29(1)(i).",
			c.Name, orDash(c.RegistrationNumber))}
	}
	return himitsu.SubjectDetermination{SubjectToOrder: false, Reason: tf(
		"%[1]s は第164条第1項により法の適用が除外される事業を営む者であり、業務改善命令の直接の対象ではない。ただし同条第3項により第4条の通信の秘密の保護は及ぶため、評価は引き続き意味を持つ。",
		"%[1]s runs a business exempted by TBA Art. 164(1) and is not directly subject to a business improvement order; Art. 164(3) still applies the secrecy of communications of Art. 4, so the assessment still matters.",
		c.Name)}
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

func (e *env) service(s *himitsu.Service) himitsu.ServiceDetermination {
	holds := false
	var sets []string
	for i := range e.rec.DataSets {
		d := &e.rec.DataSets[i]
		if d.Service == s.ID && e.secrecy[d.ID] {
			holds = true
			sets = append(sets, d.ID)
		}
	}
	sd := himitsu.ServiceDetermination{Service: s.ID, HoldsSecrecy: holds, Exempt: s.Exempt.True(), MeansOfOperations: !s.Exempt.True()}
	var kind himitsu.Text
	switch s.Kind {
	case himitsu.ServiceTelecom:
		kind = tx("電気通信役務そのものである", "it is a telecommunications service itself")
	case himitsu.ServiceAncillary:
		kind = tx("電気通信役務と不可分一体の付随的なサービスである", "it is ancillary to and inseparable from a telecommunications service")
	case himitsu.ServiceBasedOn:
		kind = tx("電気通信役務の利用を前提とするサービスである", "it is built on the use of a telecommunications service")
	default:
		kind = tx("委託業務、料金回収、保守等の業務である", "it is business work such as contracted work, charge collection or maintenance")
	}
	secrecy := tx("通信の秘密に係るデータセットを保有しない", "it holds no data set within the secrecy of communications")
	if holds {
		secrecy = tf("通信の秘密に係るデータセット（%[1]s）を保有する", "it holds data sets within the secrecy of communications (%[1]s)", list(sets, 5))
	}
	switch {
	case !s.Exempt.True():
		sd.Reason = tf("発動指針3により「業務の方法」に含まれる。%[1]s。%[2]s。", "Within the \"means of conducting operations\" (Guidelines §3): %[3]s; %[4]s.",
			kind.JA, secrecy.JA, kind.EN, secrecy.EN)
	case holds && s.MainService != "":
		sd.IndirectHindrance = true
		sd.Reason = tf("第164条第1項により適用除外（%[1]s）であるが、%[2]s。本来のサービス %[3]s における通信の秘密の確保を間接的に妨げ得るため、評価の対象とする（発動指針2）。",
			"Exempt under TBA Art. 164(1) (%[1]s), but %[4]s; it can indirectly hinder secrecy in the main service %[3]s, so it is assessed (Guidelines §2).",
			orDash(string(s.Exemption)), secrecy.JA, s.MainService, secrecy.EN)
	default:
		sd.Reason = tf("第164条第1項により適用除外（%[1]s）であり、業務改善命令の対象となる業務の方法ではない。第164条第3項により通信の秘密の保護は及ぶ。%[2]s。",
			"Exempt under TBA Art. 164(1) (%[1]s), so not a means of operations an order can reach; Art. 164(3) still protects secrecy. %[3]s.",
			orDash(string(s.Exemption)), secrecy.JA, capitalise(secrecy.EN))
	}
	return sd
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// personalData reports whether an incident involved personal data: a
// personal-data leak, or a secrecy incident with affected persons or the
// personal class. Communications data about identifiable subscribers is
// personal data too, which is why affected persons suffice.
func personalData(in *himitsu.Incident) bool {
	if in.Kind == himitsu.IncidentPersonalDataLeak {
		return true
	}
	return in.PersonsAffected > 0 || slices.Contains(in.Classes, himitsu.ClassPersonal)
}

// isSecrecyLeak: a leak (or a leak recorded as personal-data leak) in which
// secrecy was involved.
func isSecrecyLeak(in *himitsu.Incident) bool {
	return (in.Kind == himitsu.IncidentLeak || in.Kind == himitsu.IncidentPersonalDataLeak) && in.SecrecyInvolved.True()
}

// isViolation: an actual infringement of Art. 4(1): secrecy leaked, used
// or obtained without justification.
func isViolation(in *himitsu.Incident) bool {
	return isSecrecyLeak(in) || in.Kind == himitsu.IncidentUnauthorizedUse || in.Kind == himitsu.IncidentUnauthorizedObtaining
}

func (e *env) incident(in *himitsu.Incident) himitsu.IncidentDetermination {
	d := himitsu.IncidentDetermination{Incident: in.ID, Classes: []string{}, Reasons: []himitsu.Text{}}
	known := himitsu.DateOf(in.KnownAt)
	add := func(class string, why himitsu.Text) {
		d.Classes = append(d.Classes, class)
		d.Reasons = append(d.Reasons, why)
	}
	secrecyLeak := isSecrecyLeak(in)
	if secrecyLeak {
		add(classSecrecyLeak, tx("通信の秘密が関わる漏えいであり、電気通信事業法第28条第1項第2号イの報告対象である（件数の下限はない）。",
			"A leak involving the secrecy of communications: reportable under TBA Art. 28(1)(ii)(a), whatever its size."))
	}
	switch in.Kind {
	case himitsu.IncidentUnauthorizedUse:
		add(classUnauthorizedUse, tx("通信の秘密の窃用であり第4条第1項の侵害に当たる。第28条の「漏えい」に当たらない限り同条の報告は要しないと解する［要確認］。",
			"Unauthorised use of secrecy, an infringement of Art. 4(1); unless it also leaked, Art. 28 is read as not requiring a report [verify]."))
	case himitsu.IncidentUnauthorizedObtaining:
		add(classUnauthorizedObt, tx("通信の秘密の知得であり第4条第1項の侵害に当たる。第28条の「漏えい」に当たらない限り同条の報告は要しないと解する［要確認］。",
			"Unauthorised obtaining of secrecy, an infringement of Art. 4(1); unless it also leaked, Art. 28 is read as not requiring a report [verify]."))
	case himitsu.IncidentNearMiss:
		add(classNearMiss, tx("ヒヤリハットであり報告義務は生じないが、原因と再発防止の記録が望ましい。",
			"A near miss: no report is due, but its cause and prevention should be recorded."))
	}
	leakLike := in.Kind == himitsu.IncidentLeak || in.Kind == himitsu.IncidentPersonalDataLeak
	appiPersonal := leakLike && personalData(in)
	if appiPersonal {
		if secrecyLeak {
			add(classPersonalDataLeak, tx("通信の秘密に加えて個人データが漏えいしている（個人情報保護法第26条）。",
				"Personal data leaked as well as secrecy (APPI Art. 26)."))
		} else {
			add(classPersonalDataLeak, tx("個人データの漏えいである（個人情報保護法第26条）。", "A personal-data leak (APPI Art. 26)."))
			add(classPersonalDataOnly, tx("通信の秘密は関わらないため、電気通信事業法第28条の漏えい報告の対象ではない。",
				"Secrecy is not involved, so no TBA Art. 28 leak report is due."))
		}
	}
	row, serious := e.seriousOutage(in)
	if in.Kind == himitsu.IncidentOutage {
		approx := tf("役務の区分は記録から推定した（%[1]s：emergency_calls の有無とサービス名による）。",
			"The service type was approximated as %[1]s from the emergency_calls flag and the service's name.", string(row.Service))
		tbl := ordinance58()
		if serious {
			add(classSeriousOutage, joinText([]himitsu.Text{tf(
				"%[1]d分間・%[2]d利用者に影響しており、施行規則第58条の基準（%[3]s：%[4]d分以上かつ%[5]d利用者以上）を満たす重大な事故である",
				"Affected %[2]d users for %[1]d minutes, meeting the Ordinance Art. 58 threshold for %[3]s (≥ %[4]d minutes and ≥ %[5]d users): a serious accident",
				in.DurationMinutes, in.UsersAffected, string(row.Service), row.MinMinutes, row.MinUsers), approx, tbl.Note}))
		} else {
			d.Reasons = append(d.Reasons, joinText([]himitsu.Text{tf(
				"%[1]d分間・%[2]d利用者の障害であり、施行規則第58条の重大な事故の基準を満たさない",
				"An outage of %[1]d minutes affecting %[2]d users, below the Ordinance Art. 58 thresholds for a serious accident",
				in.DurationMinutes, in.UsersAffected), approx, tbl.Note}))
		}
	}
	if secrecyLeak && e.rec.Carrier.DesignatedSpecifiedUserInfo.True() {
		d.Reasons = append(d.Reasons, tx("第27条の5の指定を受けた事業者であり、特定利用者情報の漏えい報告も要し得る（本評価では期限を計算しない）。",
			"The carrier is designated under Art. 27-5, so a specified-user-information report may also be due (its deadline is not computed here)."))
	}

	if secrecyLeak {
		d.Deadlines = append(d.Deadlines,
			e.promptDeadline(in, himitsu.LawTBA28, himitsu.StageFirst, known, e.th.FirstReportMetDays, e.th.FirstReportLateDays,
				tx("知った後遅滞なく（速やかに）", "without delay after the carrier knew")),
			e.countedDeadline(in, himitsu.LawTBA28, himitsu.StageDetailed, known, 30,
				tx("知った日から30日以内（施行規則第57条）", "within 30 days from the day the carrier knew (Ordinance Art. 57)")))
	}
	if serious {
		occ := known
		if !in.OccurredAt.IsZero() {
			occ = himitsu.DateOf(in.OccurredAt)
		}
		d.Deadlines = append(d.Deadlines,
			e.promptDeadline(in, himitsu.LawTBA28, himitsu.StageFirst, known, e.th.FirstReportMetDays, e.th.FirstReportLateDays,
				tx("知った後遅滞なく（速やかに）", "without delay after the carrier knew")),
			e.countedDeadline(in, himitsu.LawTBA28, himitsu.StageDetailed, occ, 30,
				tx("発生した日から30日以内（施行規則第57条）", "within 30 days from the day it occurred (Ordinance Art. 57)")))
	}
	if appiPersonal && (in.PersonsAffected > appiPersonsThreshold || in.SensitiveData.True() || in.FinancialRisk.True() || in.ImproperPurpose.True()) {
		var why []string
		if in.PersonsAffected > appiPersonsThreshold {
			why = append(why, fmt.Sprintf("persons_affected %d > %d", in.PersonsAffected, appiPersonsThreshold))
		}
		if in.SensitiveData.True() {
			why = append(why, "sensitive_data")
		}
		if in.FinancialRisk.True() {
			why = append(why, "financial_risk")
		}
		if in.ImproperPurpose.True() {
			why = append(why, "improper_purpose")
		}
		d.Reasons = append(d.Reasons, tf("個人情報保護法第26条の報告対象である（%[1]s）。", "Reportable under APPI Art. 26 (%[1]s).", strings.Join(why, ", ")))
		days, label := 30, tx("知った日から30日以内", "within 30 days from the day the carrier knew")
		if in.ImproperPurpose.True() {
			days, label = 60, tx("不正の目的によるおそれがあるため、知った日から60日以内", "within 60 days from the day the carrier knew, as an improper purpose is suspected")
		}
		d.Deadlines = append(d.Deadlines,
			e.promptDeadline(in, himitsu.LawAPPI26, himitsu.StagePreliminary, known, e.th.APPIPreliminaryLateDays, e.th.APPIPreliminaryLateDays,
				tx("速やかに（概ね3〜5日以内）", "promptly (in practice within about 3 to 5 days)")),
			e.countedDeadline(in, himitsu.LawAPPI26, himitsu.StageFinal, known, days, label))
	} else if appiPersonal {
		// Say why no APPI report is due, so that a reader does not take
		// the personal-data class for a reporting duty.
		d.Reasons = append(d.Reasons, tf("個人情報保護法第26条の報告対象には当たらない（本人の数%[1]d人は%[2]d人以下で、要配慮個人情報、財産的被害のおそれ又は不正の目的のおそれの記録がない）。",
			"Not reportable under APPI Art. 26: %[1]d persons affected, not more than %[2]d, and no sensitive data, risk of financial loss or suspected improper purpose is recorded.",
			in.PersonsAffected, appiPersonsThreshold))
	}
	return d
}

// filed returns the earliest report of the incident under law and stage.
func (e *env) filed(incident string, law himitsu.ReportLaw, stage himitsu.ReportStage) *himitsu.RegulatorReport {
	var best *himitsu.RegulatorReport
	for _, r := range e.reports[incident] {
		if r.Law == law && r.Stage == stage && (best == nil || r.SubmittedAt.Before(best.SubmittedAt)) {
			best = r
		}
	}
	return best
}

// promptDeadline judges a duty "without delay", which has no fixed day:
// a filing within metDays calendar days of knowledge (Japan dates) is met;
// beyond lateDays it is late (DaysLate counts the days past lateDays);
// in between it is met with a note asking for the delay to be explained.
func (e *env) promptDeadline(in *himitsu.Incident, law himitsu.ReportLaw, stage himitsu.ReportStage, known himitsu.Date, metDays, lateDays int, due himitsu.Text) himitsu.Deadline {
	dl := himitsu.Deadline{Law: law, Stage: stage,
		DueText: himitsu.Text{
			JA: fmt.Sprintf("%s。本評価では知った日から%d日以内を適時、%d日を超えると遅延とみなす。", due.JA, metDays, lateDays),
			EN: fmt.Sprintf("%s; this assessment treats %d days from knowledge as in time and more than %d days as late.", due.EN, metDays, lateDays),
		},
		Convention: fmt.Sprintf("calendar days in Japan from the day of knowledge (%s); no statutory period", known),
	}
	if r := e.filed(in.ID, law, stage); r != nil {
		dl.FiledAt = r.SubmittedAt
		days := known.DaysUntil(himitsu.DateOf(r.SubmittedAt))
		switch {
		case days <= metDays:
			dl.State = stateMet
		case days <= lateDays:
			dl.State = stateMet
			dl.Note = tf("知った日から%[1]d日後の提出であり、遅滞がなかったことを説明できるようにしておく。", "Filed %[1]d days after knowledge; be ready to explain why this was without delay.", days)
		default:
			dl.State, dl.DaysLate = stateLate, days-lateDays
		}
		return dl
	}
	age := known.DaysUntil(e.asOf)
	if age > lateDays {
		dl.State, dl.DaysLate = stateOverdue, age-lateDays
	} else {
		dl.State = statePending
	}
	return dl
}

// countedDeadline judges a duty "within N days from" a day. The convention
// of Options.DayCount decides the due day; when the filing (or, unfiled,
// the day judged) falls on the one day where the two conventions disagree,
// the state is unclear, because which reading MIC applies is to be verified.
func (e *env) countedDeadline(in *himitsu.Incident, law himitsu.ReportLaw, stage himitsu.ReportStage, from himitsu.Date, days int, due himitsu.Text) himitsu.Deadline {
	exclude := from.AddDays(days)
	include := from.AddDays(days - 1)
	dl := himitsu.Deadline{Law: law, Stage: stage, DueText: due}
	if e.opts.DayCount == IncludeFirstDay {
		dl.Due = include
		dl.Convention = fmt.Sprintf("include-first-day: %s counts as day 1, so day %d is %s", from, days, include)
	} else {
		dl.Due = exclude
		dl.Convention = fmt.Sprintf("exclude-first-day (Civil Code Art. 140): counting starts the day after %s, so day %d is %s", from, days, exclude)
	}
	unclear := func(d himitsu.Date) bool { return d == exclude }
	note := tf("%[1]s は、初日不算入（民法第140条）なら期限内、初日算入なら1日遅れとなる日である。どちらの数え方によるかは要確認［要確認］。",
		"%[1]s is on time if the first day is excluded (Civil Code Art. 140) and one day late if it is included; which reading applies is to be verified [verify].", exclude)
	if r := e.filed(in.ID, law, stage); r != nil {
		dl.FiledAt = r.SubmittedAt
		fd := himitsu.DateOf(r.SubmittedAt)
		switch {
		case unclear(fd):
			dl.State, dl.Note = stateUnclear, note
		case !fd.After(dl.Due):
			dl.State = stateMet
		default:
			dl.State, dl.DaysLate = stateLate, dl.Due.DaysUntil(fd)
		}
		return dl
	}
	switch {
	case unclear(e.asOf):
		dl.State, dl.Note = stateUnclear, note
	case e.asOf.After(dl.Due):
		dl.State, dl.DaysLate = stateOverdue, dl.Due.DaysUntil(e.asOf)
	default:
		dl.State = statePending
	}
	return dl
}
