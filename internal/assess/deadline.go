package assess

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/jpcal"
)

// start is the day a reporting period runs from and the record that set
// it; note, when set, is said on every deadline counted from it.
type start struct {
	day   himitsu.Date
	basis string
	note  himitsu.Text
}

// knowledge is when the carrier knew of an incident, and the reason that
// explains it when knowledge events were recorded.
type knowledge struct {
	start start
	// at is the time of the event start.day comes from: what a period
	// counted in hours or whole days from the knowledge runs from.
	at     time.Time
	reason himitsu.Text
}

// links are the records that point at an incident, indexed once per
// assessment: complaints the desk linked to it and suspicions that turned
// out to be it.
type links struct {
	complaints map[string][]*himitsu.Complaint
	suspicions map[string][]*himitsu.Incident
}

func (e *env) links() links {
	lk := links{complaints: map[string][]*himitsu.Complaint{}, suspicions: map[string][]*himitsu.Incident{}}
	for i := range e.rec.Complaints {
		if c := &e.rec.Complaints[i]; c.Incident != "" {
			lk.complaints[c.Incident] = append(lk.complaints[c.Incident], c)
		}
	}
	for i := range e.rec.Incidents {
		if s := &e.rec.Incidents[i]; s.Kind == himitsu.IncidentSuspicion && s.TurnedOutToBe != "" {
			lk.suspicions[s.TurnedOutToBe] = append(lk.suspicions[s.TurnedOutToBe], s)
		}
	}
	return lk
}

// knowEvent is one moment the carrier, or part of it, learned something.
type knowEvent struct {
	at       time.Time
	basis    string
	step     himitsu.KnowledgeStep
	function himitsu.Function
	person   string
}

var stepLabel = map[himitsu.KnowledgeStep]himitsu.Text{
	himitsu.KnowledgeClue:      {JA: "手がかりを得た", EN: "had a clue"},
	himitsu.KnowledgeDetected:  {JA: "検知した", EN: "detected it"},
	himitsu.KnowledgeConfirmed: {JA: "事実を確認した", EN: "confirmed it"},
	himitsu.KnowledgeEscalated: {JA: "報告を受けた", EN: "was informed"},
}

var functionLabel = map[himitsu.Function]himitsu.Text{
	"front-line":         {JA: "現場（店舗・窓口）", EN: "front line"},
	"customer-support":   {JA: "顧客対応部門", EN: "customer support"},
	"network-operations": {JA: "ネットワーク運用部門", EN: "network operations"},
	"security":           {JA: "セキュリティ部門", EN: "security"},
	"fraud":              {JA: "不正対策部門", EN: "fraud team"},
	"development":        {JA: "開発部門", EN: "development"},
	"compliance":         {JA: "コンプライアンス部門", EN: "compliance"},
	"management":         {JA: "経営陣", EN: "management"},
	"contractor":         {JA: "委託先", EN: "contractor"},
	"other":              {JA: "その他の部門", EN: "another function"},
	"secrecy-officer":    {JA: "通信の秘密管理者", EN: "the secrecy officer"},
	"privacy-office":     {JA: "個人情報保護部門", EN: "the privacy office"},
	"incident-team":      {JA: "事故対応チーム", EN: "the incident team"},
	"engineering":        {JA: "技術部門", EN: "engineering"},
	"legal":              {JA: "法務部門", EN: "legal"},
	"complaint-desk":     {JA: "苦情・相談窓口", EN: "the complaint desk"},
}

// reportLawName names a law in a sentence, not by its code (tba-28).
var reportLawName = map[himitsu.ReportLaw]himitsu.Text{
	"tba-28":   {JA: "電気通信事業法第28条", EN: "TBA Art. 28"},
	"appi-26":  {JA: "個人情報保護法第26条", EN: "APPI Art. 26"},
	"tba-27-5": {JA: "電気通信事業法第27条の5", EN: "TBA Art. 27-5"},
}

func stamp(t time.Time) string { return t.In(himitsu.Tokyo).Format("2006-01-02 15:04") }

// knowledgeOf finds when the carrier knew of in. The Ordinance (Art. 57)
// and the PPC Rules (Art. 8) run from the day the carrier knew, and a
// carrier knows when any part of it that handles the matter knows (for
// the APPI, the PPC's guidelines say: when any department knew), not only
// when compliance is told. So the period runs from the earliest of
// known_at and the knowledge events that are knowledge (not a mere clue),
// including those of a suspicion or investigation that turned out to be
// this incident. The reason lists the events and says when known_at is
// later than that day.
func (e *env) knowledgeOf(in *himitsu.Incident, lk links) knowledge {
	evs := []knowEvent{{at: in.KnownAt, basis: "known_at", step: himitsu.KnowledgeConfirmed}}
	for i, k := range in.Knowledge {
		evs = append(evs, knowEvent{at: k.At, basis: fmt.Sprintf("knowledge[%d]", i), step: k.Step, function: k.Function, person: k.Person})
	}
	// A complaint the desk linked to the incident is a clue: it shows when
	// the front line first heard of the matter, which a failure to
	// escalate turns on, but it does not by itself start a period.
	for _, c := range lk.complaints[in.ID] {
		evs = append(evs, knowEvent{at: c.ReceivedAt, basis: "complaints/" + c.ID, step: himitsu.KnowledgeClue, function: "complaint-desk"})
	}
	var linked []string
	for _, s := range lk.suspicions[in.ID] {
		linked = append(linked, s.ID)
		evs = append(evs, knowEvent{at: s.KnownAt, basis: s.ID + "/known_at", step: himitsu.KnowledgeClue})
		for j, k := range s.Knowledge {
			evs = append(evs, knowEvent{at: k.At, basis: fmt.Sprintf("%s/knowledge[%d]", s.ID, j), step: k.Step, function: k.Function, person: k.Person})
		}
	}
	slices.SortStableFunc(evs, func(a, b knowEvent) int { return a.at.Compare(b.at) })
	first := evs[0]
	for _, ev := range evs {
		if ev.step.Counts() {
			first = ev
			break
		}
	}
	kn := knowledge{start: start{day: himitsu.DateOf(first.at), basis: first.basis}, at: first.at}
	if len(evs) == 1 {
		return kn
	}
	var ja, en []string
	for _, ev := range evs {
		if ev.basis == "known_at" {
			ja = append(ja, fmt.Sprintf("%s 記録上の認知日時（known_at）", stamp(ev.at)))
			en = append(en, fmt.Sprintf("%s recorded known_at", stamp(ev.at)))
			continue
		}
		fn, ok := functionLabel[ev.function]
		if !ok {
			fn = himitsu.Text{JA: "会社", EN: "the carrier"}
		}
		if ev.person != "" {
			fn = himitsu.Text{JA: fn.JA + "の" + ev.person, EN: fn.EN + " (" + ev.person + ")"}
		}
		st := stepLabel[ev.step]
		ja = append(ja, fmt.Sprintf("%s %sが%s（%s）", stamp(ev.at), fn.JA, st.JA, ev.basis))
		en = append(en, fmt.Sprintf("%s %s %s (%s)", stamp(ev.at), fn.EN, st.EN, ev.basis))
	}
	r := tf("会社が知った時点の記録：%[1]s。報告期限は、知ったことに当たる最も早い時点である %[2]s（%[3]s）から数える（施行規則第57条、個人情報保護委員会規則第8条：会社のいずれかの部署が知った時点。手がかりにとどまるものは含めない）。",
		"When the carrier knew: %[4]s. The periods run from the earliest that is knowledge, %[2]s (%[3]s), under Ordinance Art. 57 and PPC Rules Art. 8: the carrier knows when any part of it knows, and a mere clue does not count.",
		strings.Join(ja, "；"), kn.start.day.String(), kn.start.basis, strings.Join(en, "; "))
	parts := []himitsu.Text{r}
	if in.Kind == himitsu.IncidentOutage {
		parts = append(parts, tx("ただし、重大な事故の報告期限は、知った時点ではなく発生した時点から数える（施行規則第57条）。",
			"A serious accident's reports, however, run from when it occurred, not from when the carrier knew (Ordinance Art. 57)."))
	}
	if recorded := himitsu.DateOf(in.KnownAt); kn.start.day.Before(recorded) {
		parts = append(parts, tf("記録上の認知日 %[1]s は、会社が実際に知った日 %[2]s より遅い。コンプライアンス部門等が知った日から数えると期限を誤る。",
			"The recorded known_at, %[1]s, is later than the day the carrier knew, %[2]s: counting from when compliance (or another later function) learned gets the deadlines wrong.",
			recorded.String(), kn.start.day.String()))
	}
	if len(linked) > 0 {
		parts = append(parts, tf("この事故であったことが判明した疑い・内部調査：%[1]s。", "Suspicions or investigations that turned out to be this incident: %[1]s.", strings.Join(linked, ", ")))
	}
	kn.reason = sentences(parts)
	return kn
}

// correspondingStage maps a stage of one law's report to the stage of
// another law's report that the same filing can be: the TBA first report
// and the APPI preliminary report, the TBA detailed report and the APPI
// final report.
func correspondingStage(stage himitsu.ReportStage, law himitsu.ReportLaw) himitsu.ReportStage {
	appi := law == himitsu.LawAPPI26
	switch stage {
	case himitsu.StageFirst, himitsu.StagePreliminary:
		if appi {
			return himitsu.StagePreliminary
		}
		return himitsu.StageFirst
	case himitsu.StageDetailed, himitsu.StageFinal:
		if appi {
			return himitsu.StageFinal
		}
		return himitsu.StageDetailed
	}
	return stage
}

// filed returns the earliest report of the incident that discharges the
// duty under law and stage: a report under that law and stage, or one
// under another law whose also_under names this law (a joint filing to
// MIC as the PPC's delegate, APPI Art. 150).
func (e *env) filed(incident string, law himitsu.ReportLaw, stage himitsu.ReportStage) *himitsu.RegulatorReport {
	var best *himitsu.RegulatorReport
	for _, r := range e.reports[incident] {
		ok := r.Law == law && r.Stage == stage ||
			slices.Contains(r.AlsoUnder, law) && correspondingStage(r.Stage, law) == stage
		if ok && (best == nil || r.SubmittedAt.Before(best.SubmittedAt)) {
			best = r
		}
	}
	return best
}

// filingNotes are the notes every deadline with a filing carries: a joint
// filing, and a report that states a later start than the one counted.
func filingNotes(r *himitsu.RegulatorReport, law himitsu.ReportLaw, from start) []himitsu.Text {
	var out []himitsu.Text
	if r.Law != law {
		name, ok := reportLawName[r.Law]
		if !ok {
			name = himitsu.Text{JA: string(r.Law), EN: string(r.Law)}
		}
		out = append(out, himitsu.Text{
			JA: fmt.Sprintf("%sの報告 %s が、この報告を兼ねている（also_under）。", name.JA, r.ID),
			EN: fmt.Sprintf("Report %s under %s also discharges this one (also_under).", r.ID, name.EN)})
	}
	if !r.CountedFrom.IsZero() && from.day.Before(r.CountedFrom) {
		out = append(out, tf("報告 %[1]s は期間を %[2]s から数えているが、会社が知った（又は事故が発生した）のは %[3]s（%[4]s）であり、そこから数える。",
			"Report %[1]s counts its period from %[2]s, but the carrier knew (or the accident occurred) on %[3]s (%[4]s), from which the period runs.",
			r.ID, r.CountedFrom.String(), from.day.String(), from.basis))
	}
	return out
}

// promptDeadline judges a duty "without delay", which has no fixed day:
// a filing within metDays calendar days of the start (Japan dates) is met;
// beyond lateDays it is late (DaysLate counts the days past lateDays);
// in between it is met with a note asking for the delay to be explained.
// No statutory period ends, so Art. 2 of the Act on Holidays of
// Administrative Organs does not apply.
func (e *env) promptDeadline(in *himitsu.Incident, law himitsu.ReportLaw, stage himitsu.ReportStage, from start, metDays, lateDays int, due himitsu.Text) himitsu.Deadline {
	dl := himitsu.Deadline{Law: law, Stage: stage, From: from.day, Basis: from.basis,
		DueText: himitsu.Text{
			JA: fmt.Sprintf("%s。本評価では%sから%d日以内を適時、%d日を超えると遅延とみなす。", due.JA, from.day, metDays, lateDays),
			EN: fmt.Sprintf("%s; this assessment treats %d days from %s as in time and more than %d days as late.", due.EN, metDays, from.day, lateDays),
		},
		Convention: fmt.Sprintf("calendar days in Japan from %s (%s); no statutory period", from.day, from.basis),
	}
	notes := []himitsu.Text{from.note}
	if r := e.filed(in.ID, law, stage); r != nil {
		dl.FiledAt = r.SubmittedAt
		days := from.day.DaysUntil(himitsu.DateOf(r.SubmittedAt))
		switch {
		case days <= metDays:
			dl.State = stateMet
		case days <= lateDays:
			dl.State = stateMet
			notes = append(notes, tf("%[1]d日後の提出であり、遅滞がなかったことを説明できるようにしておく。", "Filed %[1]d days later; be ready to explain why this was without delay.", days))
		default:
			dl.State, dl.DaysLate = stateLate, days-lateDays
		}
		dl.Note = sentences(append(notes, filingNotes(r, law, from)...))
		return dl
	}
	age := from.day.DaysUntil(e.asOf)
	if age > lateDays {
		dl.State, dl.DaysLate = stateOverdue, age-lateDays
	} else {
		dl.State = statePending
	}
	dl.Note = sentences(notes)
	return dl
}

// guidanceDeadline judges a duty "promptly" whose usual time comes from a
// regulator's guidance, not from a statute: the APPI preliminary report
// (PPC Rules Art. 8(1): 速やかに; the PPC's guidelines: about 3 to 5 days).
// Past the guidance it is "after-guidance" or "past-guidance", never
// "late": a filing after the guidance's days is not for that reason a
// breach of a statutory period.
func (e *env) guidanceDeadline(in *himitsu.Incident, law himitsu.ReportLaw, stage himitsu.ReportStage, from start, guidanceDays int, due himitsu.Text) himitsu.Deadline {
	dl := himitsu.Deadline{Law: law, Stage: stage, From: from.day, Basis: from.basis, DueText: due,
		Convention: fmt.Sprintf("calendar days in Japan from %s (%s); the guidance's %d days, no statutory period", from.day, from.basis, guidanceDays)}
	notes := []himitsu.Text{from.note}
	if r := e.filed(in.ID, law, stage); r != nil {
		dl.FiledAt = r.SubmittedAt
		days := from.day.DaysUntil(himitsu.DateOf(r.SubmittedAt))
		dl.State = stateMet
		if days > guidanceDays {
			dl.State = stateAfterGuidance
			notes = append(notes, tf("知った日から%[1]d日後の提出であり、個人情報保護委員会のガイドラインの目安（概ね3〜5日）より遅い。規則の求める「速やかに」に当たる理由を説明できるようにしておく。",
				"Filed %[1]d days after the carrier knew, later than the PPC's guidance (about 3 to 5 days); be ready to explain why it was still prompt as the Rules require.", days))
		}
		dl.Note = sentences(append(notes, filingNotes(r, law, from)...))
		return dl
	}
	dl.State = statePending
	if age := from.day.DaysUntil(e.asOf); age > guidanceDays {
		dl.State = statePastGuidance
		notes = append(notes, tf("知った日から%[1]d日が経過し、個人情報保護委員会のガイドラインの目安（概ね3〜5日）を過ぎている。速やかに提出すること。",
			"%[1]d days have passed since the carrier knew, beyond the PPC's guidance (about 3 to 5 days); file promptly.", age))
	}
	dl.Note = sentences(notes)
	return dl
}

// countedDeadline judges a duty "within N days from" a day (Ordinance Art.
// 57; PPC Rules Art. 8(2)). Under the Civil Code (Art. 140: the first day
// is not counted; Art. 141: the period ends at the end of its last day)
// the last day is from + N; the carrier may choose to count the first day
// (Options.DayCount), making it from + N - 1. When the last day falls on an
// administrative holiday, the next open day is the deadline (Act on
// Holidays of Administrative Organs Art. 2). A filing that only the Civil
// Code's reading makes timely is "unclear" under include-first-day; under
// the default it is met. For the APPI final report a [verify] note says
// when a filing relies on the first day being excluded.
func (e *env) countedDeadline(in *himitsu.Incident, law himitsu.ReportLaw, stage himitsu.ReportStage, from start, days int, due himitsu.Text, appi bool) himitsu.Deadline {
	cal := e.opts.Calendar
	exclude := cal.NextOpenDay(from.day.AddDays(days))
	include := cal.NextOpenDay(from.day.AddDays(days - 1))
	dl := himitsu.Deadline{Law: law, Stage: stage, DueText: due, From: from.day, Basis: from.basis}
	chosen := exclude
	if e.opts.DayCount == IncludeFirstDay {
		chosen = include
		dl.Convention = fmt.Sprintf("include-first-day: %s (%s) counts as day 1, so day %d is %s", from.day, from.basis, days, include.From)
	} else {
		dl.Convention = fmt.Sprintf("exclude-first-day (Civil Code Art. 140): counting starts the day after %s (%s), so day %d is %s", from.day, from.basis, days, exclude.From)
	}
	dl.Due, dl.Counted = chosen.To, chosen.From
	notes := []himitsu.Text{from.note}
	if chosen.Moved() {
		dl.Convention += fmt.Sprintf("; moved to %s (Act on Holidays of Administrative Organs Art. 2)", chosen.To)
		notes = append(notes, shiftNote(chosen))
	}
	if chosen.Unknown {
		first, last := cal.Years()
		notes = append(notes, tf("［要確認］%[1]d年の祝日は暦のデータ（版 %[2]s、%[3]d〜%[4]d年）にないため、期限がさらに後になる可能性がある。",
			"[verify] the national holidays of %[1]d are not in the calendar data (version %[2]s, %[3]d–%[4]d), so the deadline may be later.",
			chosen.To.Year, cal.Version(), first, last))
	}
	// The days only the Civil Code's reading makes timely.
	disputed := func(d himitsu.Date) bool { return d.After(include.To) && !d.After(exclude.To) }
	unclear := tf("%[1]s までの提出は、初日不算入（民法第140条）によれば期限内であり、選択された初日算入の数え方によれば遅延となる。",
		"A filing by %[1]s is in time with the first day excluded (Civil Code Art. 140) and late under the include-first-day count chosen.", exclude.To)
	appiNote := tf("［要確認］この提出は初日を算入しないこと（民法第140条）により期限内となる。個人情報保護委員会が確報の期限を知った日を1日目として数えるかを確かめること（その場合の期限は %[1]s）。",
		"[verify] this filing is in time because the first day is not counted (Civil Code Art. 140); check whether the PPC counts the day the carrier knew as day 1 for the final report (which would make %[1]s the deadline).", include.To)
	if r := e.filed(in.ID, law, stage); r != nil {
		dl.FiledAt = r.SubmittedAt
		fd := himitsu.DateOf(r.SubmittedAt)
		switch {
		case e.opts.DayCount == IncludeFirstDay && disputed(fd):
			dl.State = stateUnclear
			notes = append(notes, unclear)
		case !fd.After(dl.Due):
			dl.State = stateMet
			if appi && disputed(fd) {
				notes = append(notes, appiNote)
			}
		default:
			dl.State, dl.DaysLate = stateLate, dl.Due.DaysUntil(fd)
		}
		dl.Note = sentences(append(notes, filingNotes(r, law, from)...))
		return dl
	}
	switch {
	case e.opts.DayCount == IncludeFirstDay && disputed(e.asOf):
		dl.State = stateUnclear
		notes = append(notes, unclear)
	case e.asOf.After(dl.Due):
		dl.State, dl.DaysLate = stateOverdue, dl.Due.DaysUntil(e.asOf)
	default:
		dl.State = statePending
		if appi && disputed(e.asOf) {
			notes = append(notes, appiNote)
		}
	}
	dl.Note = sentences(notes)
	return dl
}

// shiftNote explains a deadline moved past administrative holidays.
func shiftNote(s jpcal.Shift) himitsu.Text {
	var ja, en []string
	for _, k := range s.Skipped {
		ja = append(ja, fmt.Sprintf("%s %s", k.Date, k.Reason.JA))
		en = append(en, fmt.Sprintf("%s %s", k.Date, k.Reason.EN))
	}
	return tf("期間の末日 %[1]s は行政機関の休日に当たるため（%[2]s）、行政機関の休日に関する法律第2条により %[3]s が期限となる。",
		"The period's last day, %[1]s, is an administrative holiday (%[4]s), so under the Act on Holidays of Administrative Organs Art. 2 the deadline is %[3]s.",
		s.From, strings.Join(ja, "、"), s.To, strings.Join(en, ", "))
}

// sentences joins full sentences (each ending in its own punctuation),
// skipping empty ones.
func sentences(ts []himitsu.Text) himitsu.Text {
	var ja, en []string
	for _, t := range ts {
		if t.JA != "" || t.EN != "" {
			ja, en = append(ja, t.JA), append(en, t.EN)
		}
	}
	return himitsu.Text{JA: strings.Join(ja, ""), EN: strings.Join(en, " ")}
}
