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

// Deadline states (himitsu.Deadline.State).
const (
	stateMet           = "met"
	stateLate          = "late"
	stateOverdue       = "overdue"
	statePending       = "pending"
	stateUnclear       = "unclear"
	stateAfterGuidance = "after-guidance"
	statePastGuidance  = "past-guidance"
)

// classSuspicion marks a suspicion or internal investigation.
const classSuspicion = "suspicion"

// outageService is the service type of a row of the Ordinance Art. 58 table.
type outageService string

const (
	outageVoiceEmergency outageService = "voice-emergency" // voice services that carry emergency calls (緊急通報を取り扱う音声伝送役務)
	outageVoice          outageService = "voice"           // other voice services (緊急通報を取り扱わない音声伝送役務)
	outageFreeInternet   outageService = "free-internet"   // internet services users do not pay for (利用者から料金の支払を受けないインターネット関連サービス)
	outageOther          outageService = "other"           // other services, e.g. paid data (その他の電気通信役務)
	outageFacility       outageService = "critical-facility"
)

// outageThreshold: an outage of a service of this type is serious when it
// lasts at least MinMinutes and affects at least MinUsers (0: any number).
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

// ordinance58 returns the versions of the serious-accident thresholds of
// the Ordinance for Enforcement of the TBA (電気通信事業法施行規則) Art. 58,
// oldest first, as summarised in MIC's material. An outage is judged by
// the version in force on the day it occurred. A revision (lower
// thresholds for data services and large free services, proposed by the
// Information and Communications Council in 2025) is under discussion; it
// is not encoded until it is promulgated with its commencement date.
func ordinance58() []outageTable {
	return []outageTable{{
		// The effective date is the one from which this engine applies the
		// table; it is a placeholder until checked against the Ordinance.
		EffectiveFrom: himitsu.Date{Year: 2015, Month: 4, Day: 1},
		Note: tx("［要確認］施行規則第58条の表は総務省資料の要約によるもので、現行の条文及び施行日と照合していない。2025年の情報通信審議会の報告が基準の見直しを提案しており、改正されれば版を追加する。",
			"[verify] the Ordinance Art. 58 table follows MIC's summaries and has not been checked against the current text and its commencement date; a 2025 Information and Communications Council report proposes new thresholds, which will be a new version when enacted."),
		Rows: []outageThreshold{
			{outageVoiceEmergency, 60, 30000},
			{outageVoice, 120, 30000},
			{outageVoice, 60, 100000},
			{outageFreeInternet, 720, 1000000},
			{outageFreeInternet, 1440, 100000},
			{outageOther, 120, 30000},
			{outageOther, 60, 1000000},
			// Satellite, submarine cable or an equivalent important
			// facility: all its communications interrupted for 2 hours.
			{outageFacility, 120, 0},
		},
	}}
}

// outageTableAt returns the version of tables (oldest first) in force on
// d. For a day before the first version it returns the first with a
// [verify] note added: the thresholds then in force are not encoded.
func outageTableAt(tables []outageTable, d himitsu.Date) outageTable {
	t := tables[0]
	if d.Before(t.EffectiveFrom) {
		t.Note = sentences([]himitsu.Text{t.Note, tf("［要確認］発生日 %[1]s は、本評価が持つ最も古い表の適用日 %[2]s より前であり、その日に効力を有した基準は収録していない。",
			"[verify] the day of occurrence, %[1]s, is before %[2]s, the first day of the oldest table held; the thresholds in force then are not encoded.", d, t.EffectiveFrom)})
		return t
	}
	for _, v := range tables[1:] {
		if !d.Before(v.EffectiveFrom) {
			t = v
		}
	}
	return t
}

// outageServiceOf finds the service type: emergency_calls marks a voice
// service with emergency calls; the service's voice fact marks a voice
// service, and where it is not recorded a service whose name, ID or
// description speaks of voice or telephony is taken for one, said as a
// guess; otherwise the service's charging decides between the free-internet
// row and the other row. Unknown charging is judged as paid, the stricter
// row, and said (approx).
func (e *env) outageServiceOf(in *himitsu.Incident) (svc outageService, approx himitsu.Text) {
	if in.EmergencyCalls.True() {
		return outageVoiceEmergency, tx("緊急通報への影響の記録（emergency_calls）による", "from the emergency_calls flag")
	}
	var s *himitsu.Service
	for i := range e.rec.Services {
		if e.rec.Services[i].ID == in.Service {
			s = &e.rec.Services[i]
		}
	}
	if s == nil {
		return outageOther, tx("影響を受けたサービスが記録されていないため、有料のその他の役務とみなした［要確認］", "no affected service is recorded, so it was judged as another, paid service [verify]")
	}
	switch {
	case s.Voice.True():
		return outageVoice, tf("サービス %[1]s は音声伝送役務である（voice: true）", "service %[1]s is a voice transmission service (voice: true)", s.ID)
	case !s.Voice.Known():
		hay := strings.ToLower(s.ID + " " + s.Name + " " + s.Description)
		for _, w := range []string{"voice", "phone", "telephon", "call", "音声", "電話", "通話"} {
			if strings.Contains(hay, w) {
				return outageVoice, tf("サービス %[1]s は音声伝送役務か記録されていないため、名称等から音声伝送役務と推定した［要確認］", "whether service %[1]s is a voice service is not recorded (voice), so it was taken for one from its name [verify]", s.ID)
			}
		}
	}
	switch s.Charging {
	case himitsu.ChargingFree:
		return outageFreeInternet, tf("サービス %[1]s は無料（charging: free）である", "service %[1]s is free of charge (charging: free)", s.ID)
	case himitsu.ChargingPaid:
		return outageOther, tf("サービス %[1]s は有料（charging: paid）である", "service %[1]s is paid (charging: paid)", s.ID)
	}
	return outageOther, tf("サービス %[1]s の有料・無料が記録されていないため、基準の厳しい有料の役務とみなした［要確認］",
		"whether service %[1]s is paid is not recorded, so the stricter paid row was applied [verify]", s.ID)
}

// seriousOutage reports the row of the table in force that an outage
// meets, the service type and how it was found.
func (e *env) seriousOutage(in *himitsu.Incident) (row outageThreshold, tbl outageTable, serious bool, approx himitsu.Text) {
	if in.Kind != himitsu.IncidentOutage {
		return outageThreshold{}, outageTable{}, false, himitsu.Text{}
	}
	day := himitsu.DateOf(in.OccurredAt)
	if in.OccurredAt.IsZero() {
		day = himitsu.DateOf(in.KnownAt)
	}
	tbl = outageTableAt(ordinance58(), day)
	svc, approx := e.outageServiceOf(in)
	for _, r := range tbl.Rows {
		match := r.Service == svc || r.Service == outageFacility && in.CriticalFacility.True()
		if match && in.DurationMinutes >= r.MinMinutes && in.UsersAffected >= r.MinUsers {
			return r, tbl, true, approx
		}
	}
	return outageThreshold{Service: svc}, tbl, false, approx
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
	lk := e.links()
	for i := range incs {
		d := e.incident(&incs[i], lk)
		e.deadline[d.Incident] = d.Deadlines
		e.dets.Incidents = append(e.dets.Incidents, d)
	}
}

func (e *env) subject() himitsu.SubjectDetermination {
	c := e.rec.Carrier
	// The Japanese sentence names the carrier by its Japanese name, written
	// without a space before は; the English one by its English name when
	// there is one.
	named := func(ja, en string, args ...any) himitsu.Text {
		t := tf(ja, en, args...)
		if c.NameEN != "" {
			t.EN = fmt.Sprintf(en, append([]any{c.NameEN}, args[1:]...)...)
		}
		return t
	}
	switch c.Registration {
	case himitsu.Registered:
		return himitsu.SubjectDetermination{SubjectToOrder: true, Reason: named(
			"%[1]sは電気通信事業法第9条の登録を受けた電気通信事業者（登録番号 %[2]s）であり、第29条第1項第1号の業務改善命令の対象となる。",
			"%[1]s is a carrier registered under TBA Art. 9 (number %[2]s) and can therefore receive a business improvement order under Art. 29(1)(i).",
			c.Name, orDash(c.RegistrationNumber))}
	case himitsu.Notified:
		return himitsu.SubjectDetermination{SubjectToOrder: true, Reason: named(
			"%[1]sは電気通信事業法第16条第1項の届出をした電気通信事業者（届出番号 %[2]s）であり、第29条第1項第1号の業務改善命令の対象となる。",
			"%[1]s is a carrier that notified under TBA Art. 16(1) (number %[2]s) and can therefore receive a business improvement order under Art. 29(1)(i).",
			c.Name, orDash(c.RegistrationNumber))}
	}
	return himitsu.SubjectDetermination{SubjectToOrder: false, Reason: named(
		"%[1]sは第164条第1項により法の適用が除外される事業を営む者であり、業務改善命令の直接の対象ではない。ただし同条第3項により第4条の通信の秘密の保護は及ぶため、評価は引き続き意味を持つ。",
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
	case !s.Exempt.Known():
		// Unknown is not "not exempt": the service is assessed as a means
		// of operations, the stricter reading, and the question is asked.
		q := tf("サービス %[1]s は第164条第1項により適用除外とされる事業（同項各号）に当たるか（services.exempt）。",
			"Is service %[1]s a business exempted by TBA Art. 164(1) (services.exempt)?", s.ID)
		sd.Open = []himitsu.OpenQuestion{{Record: "services/" + s.ID, Field: "exempt", Question: q}}
		sd.Reason = tf("第164条第1項の適用除外に当たるかが記録されていない［要確認］。答えが得られるまで、発動指針3の「業務の方法」に含まれるものとして評価する。%[1]s。%[2]s。",
			"Whether it is exempt under TBA Art. 164(1) is not recorded [open question]; until answered it is assessed as within the \"means of conducting operations\" (Guidelines §3): %[3]s; %[4]s.",
			kind.JA, secrecy.JA, kind.EN, secrecy.EN)
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
// personal-data leak, loss or damage, or a secrecy incident with affected
// persons or the personal class. Communications data about identifiable
// subscribers is personal data too, which is why affected persons suffice.
func personalData(in *himitsu.Incident) bool {
	switch in.Kind {
	case himitsu.IncidentPersonalDataLeak, himitsu.IncidentPersonalDataLoss, himitsu.IncidentPersonalDataDamage:
		return true
	}
	if in.PersonsAffected > 0 || slices.Contains(in.Classes, himitsu.ClassPersonal) {
		return true
	}
	for _, a := range in.Affected {
		if a.Unit == himitsu.UnitPersons || a.Unit == himitsu.UnitLines {
			return true
		}
	}
	return false
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

// appiEvent reports whether the incident is a leak, loss or damage (漏えい
// 、滅失若しくは毀損, PPC Rules Art. 7) of personal data.
func appiEvent(in *himitsu.Incident) bool {
	switch in.Kind {
	case himitsu.IncidentLeak, himitsu.IncidentPersonalDataLeak, himitsu.IncidentPersonalDataLoss, himitsu.IncidentPersonalDataDamage:
		return personalData(in)
	}
	return false
}

// personsCount is the number of persons (本人の数) the APPI threshold is
// judged on: the largest count of persons recorded, because the counts per
// kind of data overlap (the call records of 410,000 of 1.2 M subscribers
// are 1.2 M persons, not 1.61 M). Lines are not persons; linesOnly says a
// larger count of lines than of persons is recorded.
func personsCount(in *himitsu.Incident) (persons int, estimated bool, lines int) {
	persons = in.PersonsAffected
	for _, a := range in.Affected {
		switch a.Unit {
		case himitsu.UnitPersons:
			if a.Count > persons {
				persons, estimated = a.Count, a.Estimated.True()
			}
		case himitsu.UnitLines:
			lines = max(lines, a.Count)
		}
	}
	return persons, estimated, lines
}

func (e *env) incident(in *himitsu.Incident, lk links) himitsu.IncidentDetermination {
	d := himitsu.IncidentDetermination{Incident: in.ID, Classes: []string{}, Reasons: []himitsu.Text{}}
	add := func(class string, why himitsu.Text) {
		d.Classes = append(d.Classes, class)
		d.Reasons = append(d.Reasons, why)
	}
	if in.Kind == himitsu.IncidentSuspicion {
		if in.TurnedOutToBe != "" {
			add(classSuspicion, tf("疑い又は内部調査であり、事故 %[1]s であったことが判明した。この記録で会社が知った時点は、%[1]s の報告期限の起算に含めて判断する。",
				"A suspicion or internal investigation that turned out to be incident %[1]s; what the carrier knew here counts toward %[1]s's reporting periods.", in.TurnedOutToBe))
		} else {
			add(classSuspicion, tx("疑い又は内部調査であり、事故であることはまだ確認されていない。確認されれば、この記録で知った時点から報告期限を数える。",
				"A suspicion or internal investigation not (yet) established as an incident; if it is, the reporting periods run from what the carrier knew here."))
		}
		return d
	}
	kn := e.knowledgeOf(in, lk)
	if kn.reason.EN != "" {
		d.Reasons = append(d.Reasons, kn.reason)
	}
	if len(in.Affected) > 0 {
		d.Reasons = append(d.Reasons, affectedText(in.Affected))
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
	appi := appiEvent(in)
	if appi {
		what := tx("漏えい", "leak")
		switch in.Kind {
		case himitsu.IncidentPersonalDataLoss:
			what = tx("滅失", "loss")
		case himitsu.IncidentPersonalDataDamage:
			what = tx("毀損", "damage")
		}
		if secrecyLeak {
			add(classPersonalDataLeak, tx("通信の秘密に加えて個人データが漏えいしている（個人情報保護法第26条）。",
				"Personal data leaked as well as secrecy (APPI Art. 26)."))
		} else {
			add(classPersonalDataLeak, tf("個人データの%[1]sである（個人情報保護法第26条、個人情報保護委員会規則第7条の「漏えい等」）。",
				"A personal-data %[2]s (APPI Art. 26; a 漏えい等 under PPC Rules Art. 7).", what.JA, what.EN))
			add(classPersonalDataOnly, tx("通信の秘密の漏えいではないため、電気通信事業法第28条の漏えい報告の対象ではない。",
				"No secrecy leaked, so no TBA Art. 28 leak report is due."))
		}
	}
	row, tbl, serious, approx := e.seriousOutage(in)
	if in.Kind == himitsu.IncidentOutage {
		how := tf("役務の区分：%[1]s（%[2]s）。", "Service type %[1]s (%[3]s).", string(row.Service), approx.JA, approx.EN)
		if serious {
			meets := tf("%[1]d分間・%[2]d利用者に影響しており、施行規則第58条の基準（%[3]s：%[4]d分以上かつ%[5]d利用者以上）を満たす重大な事故である",
				"Affected %[2]d users for %[1]d minutes, meeting the Ordinance Art. 58 threshold for %[3]s (≥ %[4]d minutes and ≥ %[5]d users): a serious accident",
				in.DurationMinutes, in.UsersAffected, string(row.Service), row.MinMinutes, row.MinUsers)
			if row.Service == outageFacility {
				meets = tf("衛星、海底ケーブルその他これに準ずる重要な電気通信設備を利用する全ての通信が%[1]d分間停止しており、施行規則第58条の基準（%[2]d分以上）を満たす重大な事故である",
					"All communications over a satellite, submarine cable or equivalent important facility stopped for %[1]d minutes, meeting the Ordinance Art. 58 threshold (≥ %[2]d minutes): a serious accident",
					in.DurationMinutes, row.MinMinutes)
			}
			add(classSeriousOutage, sentences([]himitsu.Text{{JA: meets.JA + "。", EN: meets.EN + "."}, how, tbl.Note}))
		} else {
			d.Reasons = append(d.Reasons, sentences([]himitsu.Text{tf(
				"%[1]d分間・%[2]d利用者の障害であり、施行規則第58条の重大な事故の基準を満たさない。",
				"An outage of %[1]d minutes affecting %[2]d users, below the Ordinance Art. 58 thresholds for a serious accident.",
				in.DurationMinutes, in.UsersAffected), how, tbl.Note}))
		}
	}
	e.openIncidentFacts(in, kn.start, serious, &d)
	if secrecyLeak && e.rec.Carrier.DesignatedSpecifiedUserInfo.True() {
		d.Reasons = append(d.Reasons, tx("第27条の5の指定を受けた事業者であり、特定利用者情報の漏えい報告も要し得る（本評価では期限を計算しない）。",
			"The carrier is designated under Art. 27-5, so a specified-user-information report may also be due (its deadline is not computed here)."))
	}

	if secrecyLeak {
		d.Deadlines = append(d.Deadlines,
			e.promptDeadline(in, himitsu.LawTBA28, himitsu.StageFirst, kn.start, e.th.FirstReportMetDays, e.th.FirstReportLateDays,
				tx("知った後遅滞なく（速やかに）（電気通信事業法第28条、施行規則第57条）", "without delay after the carrier knew (TBA Art. 28; Ordinance Art. 57)")),
			e.countedDeadline(in, himitsu.LawTBA28, himitsu.StageDetailed, kn.start, 30,
				tx("知った日から30日以内（施行規則第57条）", "within 30 days from the day the carrier knew (Ordinance Art. 57)"), false))
	}
	if serious {
		// A serious accident is reported after it occurred (Ordinance
		// Art. 57: 発生した後速やかに; 発生した日から30日以内), not after
		// the carrier learned of it.
		occ := start{day: himitsu.DateOf(in.OccurredAt), basis: "occurred_at"}
		if in.OccurredAt.IsZero() {
			occ = kn.start
			occ.note = tx("発生日時（occurred_at）が記録されていないため、知った日から数えた［要確認］。", "occurred_at is not recorded, so the period was counted from the day the carrier knew [verify].")
		}
		d.Deadlines = append(d.Deadlines,
			e.promptDeadline(in, himitsu.LawTBA28, himitsu.StageFirst, occ, e.th.FirstReportMetDays, e.th.FirstReportLateDays,
				tx("発生した後速やかに（電気通信事業法第28条、施行規則第57条）", "promptly after it occurred (TBA Art. 28; Ordinance Art. 57)")),
			e.countedDeadline(in, himitsu.LawTBA28, himitsu.StageDetailed, occ, 30,
				tx("発生した日から30日以内（施行規則第57条）", "within 30 days from the day it occurred (Ordinance Art. 57)"), false))
	}
	if appi {
		d.Reasons = append(d.Reasons, e.appiDuty(in, kn.start, &d)...)
	}
	return d
}

// appiDuty decides whether an APPI Art. 26 report is due (PPC Rules Art. 7)
// and, if it is, adds its deadlines (Art. 8) to d. It returns the reasons.
func (e *env) appiDuty(in *himitsu.Incident, kn start, d *himitsu.IncidentDetermination) []himitsu.Text {
	persons, estimated, lines := personsCount(in)
	var why []string
	if persons > appiPersonsThreshold {
		n := fmt.Sprintf("persons %d > %d", persons, appiPersonsThreshold)
		if estimated {
			n += " (estimated)"
		}
		why = append(why, n)
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
	var out []himitsu.Text
	if lines > appiPersonsThreshold && persons <= appiPersonsThreshold {
		out = append(out, tf("%[1]d回線が関わるが、回線数は本人の数ではない（1人が複数の回線を持ち得る）。本人の数が%[2]d人を超えるかを確かめること［要確認］。",
			"%[1]d lines are involved, but lines are not persons (one person can hold several); check whether more than %[2]d persons are involved [verify].", lines, appiPersonsThreshold))
	}
	if len(why) == 0 {
		// Unknown grounds are not absent grounds: the duty is open until
		// they are answered.
		if unk := unknownOf(fact{"sensitive_data", in.SensitiveData}, fact{"financial_risk", in.FinancialRisk}, fact{"improper_purpose", in.ImproperPurpose}); unk != "" {
			q := tf("事故 %[1]s の個人データに要配慮個人情報が含まれたか、財産的被害のおそれがあるか、不正の目的によるおそれがあるか（%[2]s）。いずれかに当たれば個人情報保護法第26条の報告を要する（本人の数%[3]d人）。",
				"For incident %[1]s: did the personal data include sensitive data, is there a risk of financial loss, or is an improper purpose suspected (%[2]s)? Any one makes an APPI Art. 26 report due (%[3]d persons affected).", in.ID, unk, persons)
			for _, f := range strings.Split(unk, ";") {
				d.Open = append(d.Open, himitsu.OpenQuestion{Record: "incidents/" + in.ID, Field: f, Question: q})
				e.openReport[in.ID] = append(e.openReport[in.ID], openFact{f, himitsu.LawAPPI26})
			}
			return append(out, sentences([]himitsu.Text{tf("個人情報保護法第26条の報告対象か否かは決まらない。本人の数%[1]d人は%[2]d人以下だが、報告事由の有無（%[3]s）が記録されていない［要確認］。",
				"Whether an APPI Art. 26 report is due is open: %[1]d persons are affected, not more than %[2]d, but the records do not say whether a ground applies (%[3]s) [open question].",
				persons, appiPersonsThreshold, unk), q}))
		}
		// Say why no APPI report is due, so that a reader does not take
		// the personal-data class for a reporting duty.
		return append(out, tf("個人情報保護法第26条の報告対象には当たらない（本人の数%[1]d人は%[2]d人以下で、要配慮個人情報、財産的被害のおそれ又は不正の目的のおそれの記録がない）。",
			"Not reportable under APPI Art. 26: %[1]d persons affected, not more than %[2]d, and no sensitive data, risk of financial loss or suspected improper purpose is recorded.",
			persons, appiPersonsThreshold))
	}
	openQ := func(field string, q himitsu.Text) {
		d.Open = append(d.Open, himitsu.OpenQuestion{Record: "incidents/" + in.ID, Field: field, Question: q})
		out = append(out, tf("［要確認］%[1]s", "[open question] %[2]s", q.JA, q.EN))
	}
	if !in.StronglyEncrypted.Known() {
		// The exclusion of PPC Rules Art. 7(i) is for the carrier that
		// relies on it to establish (it alone knows how the data was
		// kept): the duty the recorded grounds give stands, and the
		// question is asked beside it.
		openQ("strongly_encrypted", tf(
			"事故 %[1]s の個人データは、高度な暗号化等の秘匿化がされていたか（strongly_encrypted）。されていれば報告対象から除かれる（個人情報保護委員会規則第7条第1号括弧書き）。",
			"For incident %[1]s: was the personal data protected by strong encryption or equivalent (strongly_encrypted)? If so it is excluded from the report (PPC Rules Art. 7(i), parenthesis).", in.ID))
	}
	if in.StronglyEncrypted.True() {
		return append(out, tf("個人情報保護法第26条の報告対象となる事由（%[1]s）はあるが、個人データは高度な暗号化等の秘匿化がされていたと記録されており、報告対象から除かれる（個人情報保護委員会規則第7条第1号括弧書き）。鍵が漏えいしていないこと、暗号化が委員会の示す水準にあることを確かめること［要確認］。",
			"There is a ground for an APPI Art. 26 report (%[1]s), but the personal data is recorded as protected by strong encryption or equivalent, which excludes it (PPC Rules Art. 7(i), parenthesis). Check that the key was not exposed and that the encryption meets the PPC's standard [verify].", strings.Join(why, ", ")))
	}
	out = append(out, tf("個人情報保護法第26条の報告対象である（%[1]s）。報告先は総務大臣（個人情報保護法第150条による権限の委任）であり、電気通信事業法の報告と一つの報告で行うことができる。",
		"Reportable under APPI Art. 26 (%[1]s). The report goes to MIC, to which the PPC's power is delegated (APPI Art. 150), and can be one filing with the TBA report.", strings.Join(why, ", ")))
	days, label := 30, tx("知った日から30日以内（個人情報保護委員会規則第8条第2項）", "within 30 days from the day the carrier knew (PPC Rules Art. 8(2))")
	if in.ImproperPurpose.True() {
		days, label = 60, tx("不正の目的によるおそれがあるため、知った日から60日以内（個人情報保護委員会規則第8条第2項）", "within 60 days from the day the carrier knew, as an improper purpose is suspected (PPC Rules Art. 8(2))")
	}
	final := e.countedDeadline(in, himitsu.LawAPPI26, himitsu.StageFinal, kn, days, label, true)
	if !in.ImproperPurpose.Known() {
		openQ("improper_purpose", tf(
			"事故 %[1]s は不正の目的によるおそれがあるか（improper_purpose）。あれば確報の期限は知った日から60日となる（30日として計算した）。",
			"For incident %[1]s: is an improper purpose suspected (improper_purpose)? If so the final report is due 60 days from knowledge (30 were counted).", in.ID))
		// Late at 30 days but in time at 60: whether it was late turns on
		// the unknown fact, so org.late-report asks rather than finds.
		// (The 60-day period is not an exclusion the carrier invokes but
		// the period the law sets for the case; unknown is not "no".)
		if alt := e.countedDeadline(in, himitsu.LawAPPI26, himitsu.StageFinal, kn, 60, label, true); isLate(final.State) && !isLate(alt.State) {
			e.openDuty[dutyKey(in.ID, himitsu.LawAPPI26, himitsu.StageFinal)] = "improper_purpose"
		}
	}
	d.Deadlines = append(d.Deadlines,
		e.guidanceDeadline(in, himitsu.LawAPPI26, himitsu.StagePreliminary, kn, e.th.APPIPreliminaryLateDays,
			tx("知った後速やかに（個人情報保護委員会規則第8条第1項。概ね3〜5日以内は同委員会のガイドラインの目安）", "promptly after the carrier knew (PPC Rules Art. 8(1); about 3 to 5 days is the PPC's guidance)")),
		final)
	return out
}

var unitLabel = map[himitsu.CountUnit]himitsu.Text{
	himitsu.UnitPersons: {JA: "人", EN: "persons"},
	himitsu.UnitLines:   {JA: "回線", EN: "lines"},
	himitsu.UnitRecords: {JA: "件", EN: "records"},
}

// affectedText lists what an incident involved, per kind of data, saying
// which counts are estimates.
func affectedText(as []himitsu.AffectedCount) himitsu.Text {
	var ja, en []string
	for _, a := range as {
		u := unitLabel[a.Unit]
		unitEN := u.EN
		if a.Count == 1 { // "1 person", not "1 persons"
			unitEN = strings.TrimSuffix(strings.Replace(unitEN, "persons", "person", 1), "s")
		}
		j, n := fmt.Sprintf("%s %d%s", a.Data, a.Count, u.JA), fmt.Sprintf("%s: %d %s", a.Data, a.Count, unitEN)
		if a.Estimated.True() {
			j, n = j+"（推計）", n+" (estimated)"
		}
		ja, en = append(ja, j), append(en, n)
	}
	return tf("関わった情報：%[1]s。", "Involved: %[2]s.", strings.Join(ja, "、"), strings.Join(en, "; "))
}

// openIncidentFacts adds to d the questions whose answers could change
// what the incident is or which reports it calls for: facts the records
// leave unknown are neither read as "no" nor as "yes" (an unknown
// secrecy_involved is not a leak of secrecy, and not a leak without it).
func (e *env) openIncidentFacts(in *himitsu.Incident, from start, serious bool, d *himitsu.IncidentDetermination) {
	rec := "incidents/" + in.ID
	ask := func(field string, q himitsu.Text) {
		e.openReport[in.ID] = append(e.openReport[in.ID], openFact{field, himitsu.LawTBA28})
		d.Open = append(d.Open, himitsu.OpenQuestion{Record: rec, Field: field, Question: q})
		d.Reasons = append(d.Reasons, tf("［要確認］%[1]s", "[open question] %[2]s", q.JA, q.EN))
	}
	if (in.Kind == himitsu.IncidentLeak || in.Kind == himitsu.IncidentPersonalDataLeak) && !in.SecrecyInvolved.Known() {
		due := e.countedDeadline(in, himitsu.LawTBA28, himitsu.StageDetailed, from, 30, himitsu.Text{}, false).Due
		ask("secrecy_involved", tf("事故 %[1]s で通信の秘密が漏えいしたか（secrecy_involved）が記録されていない。漏えいしていれば電気通信事業法第28条第1項第2号イの報告を要し、速報は知った後遅滞なく、詳報は%[2]sまでとなる。",
			"Whether the secrecy of communications was involved in incident %[1]s (secrecy_involved) is not recorded. If it was, a TBA Art. 28(1)(ii)(a) report is due: the first without delay after the carrier knew, the detailed one by %[2]s.", in.ID, due))
	}
	if in.Kind == himitsu.IncidentOutage && !serious {
		day := himitsu.DateOf(in.OccurredAt)
		if in.OccurredAt.IsZero() {
			day = himitsu.DateOf(in.KnownAt)
		}
		tbl := outageTableAt(ordinance58(), day)
		svc, _ := e.outageServiceOf(in)
		asked := map[outageService]bool{}
		for _, r := range tbl.Rows {
			if in.DurationMinutes < r.MinMinutes || in.UsersAffected < r.MinUsers || asked[r.Service] {
				continue
			}
			switch {
			case r.Service == outageVoiceEmergency && svc == outageVoice && !in.EmergencyCalls.Known():
				asked[r.Service] = true
				ask("emergency_calls", tf("事故 %[1]s の役務が緊急通報を取り扱うか（emergency_calls）が記録されていない。取り扱うなら%[2]d分以上・%[3]d利用者以上で施行規則第58条の重大な事故に当たり、発生した日から報告を要する。",
					"Whether the service of incident %[1]s carries emergency calls (emergency_calls) is not recorded. If it does, %[2]d minutes or more and %[3]d users or more make it a serious accident under Ordinance Art. 58, to be reported from the day it occurred.", in.ID, r.MinMinutes, r.MinUsers))
			case r.Service == outageFacility && !in.CriticalFacility.Known():
				asked[r.Service] = true
				ask("critical_facility", tf("事故 %[1]s が衛星、海底ケーブルその他これに準ずる重要な電気通信設備を利用する全ての通信の停止であるか（critical_facility）が記録されていない。そうであれば%[2]d分以上で施行規則第58条の重大な事故に当たる。",
					"Whether incident %[1]s stopped all communications over a satellite, submarine cable or equivalent important facility (critical_facility) is not recorded. If it did, %[2]d minutes or more make it a serious accident under Ordinance Art. 58.", in.ID, r.MinMinutes))
			}
		}
	}
	if isSecrecyLeak(in) && !e.rec.Carrier.DesignatedSpecifiedUserInfo.Known() {
		q := tx("事業者は第27条の5の指定を受けているか（designated_specified_user_info）。受けていれば特定利用者情報の漏えい報告も要し得る。",
			"Is the carrier designated under TBA Art. 27-5 (designated_specified_user_info)? If so, a specified-user-information report may also be due.")
		d.Open = append(d.Open, himitsu.OpenQuestion{Record: "carrier/" + e.rec.Carrier.ID, Field: "designated_specified_user_info", Question: q})
		d.Reasons = append(d.Reasons, tf("［要確認］%[1]s", "[open question] %[2]s", q.JA, q.EN))
	}
}

// dutyKey names one reporting duty of an incident.
func dutyKey(incident string, law himitsu.ReportLaw, stage himitsu.ReportStage) string {
	return incident + "\x00" + string(law) + "\x00" + string(stage)
}

func isLate(state string) bool { return state == stateLate || state == stateOverdue }

// openFact is an unknown fact on which a duty to report under law turns.
type openFact struct {
	field string
	law   himitsu.ReportLaw
}
