package assess

import (
	"slices"
	"strings"

	"github.com/himitsu-oss/himitsu"
)

func join(s []string) string { return strings.Join(s, ",") }

// performed reports whether a control of kind was performed (result other
// than not-performed) within days before as_of, for one of subjects (any
// subject when none are given).
func (e *env) performed(kind himitsu.ControlKind, days int, subjects ...string) *himitsu.Control {
	var best *himitsu.Control
	for i := range e.rec.Controls {
		c := &e.rec.Controls[i]
		if c.Kind != kind || c.Result == "not-performed" {
			continue
		}
		if days > 0 && !e.within(c.PerformedOn, days) || days == 0 && c.PerformedOn.After(e.asOf) {
			continue
		}
		if len(subjects) > 0 && !slices.Contains(subjects, c.Subject) {
			continue
		}
		if best == nil || c.PerformedOn.After(best.PerformedOn) {
			best = c
		}
	}
	return best
}

func orgRulesOfficer(e *env) []outcome {
	if len(e.rec.Controls) == 0 && len(e.rec.Policies) == 0 {
		return e.ask(tx("統制と方針の台帳が空である", "The control and policy registers are empty"),
			tx("通信の秘密の取扱規程を定め、その遵守に責任を負う者（責任者）を任命しているか。",
				"Has the carrier adopted a rule on handling secrecy and appointed an officer responsible for it?"))
	}
	rule := e.performed(himitsu.ControlSecrecyRule, 0)
	var internal *himitsu.Policy
	for i := range e.rec.Policies {
		if e.rec.Policies[i].Kind == himitsu.PolicyInternalRule {
			internal = &e.rec.Policies[i]
			break
		}
	}
	officer := e.performed(himitsu.ControlSecrecyOfficer, 0)
	if (rule != nil || internal != nil) && officer != nil {
		return []outcome{e.fine(tx("通信の秘密の取扱規程があり、責任者が任命されている", "A secrecy rule is in place and a secrecy officer is appointed"))}
	}
	s := e.sampler()
	var miss []himitsu.Text
	var kinds []string
	if rule == nil && internal == nil {
		kinds = append(kinds, "secrecy-rule")
		miss = append(miss, tx("通信の秘密の取扱規程", "a secrecy rule"))
	}
	if officer == nil {
		kinds = append(kinds, "secrecy-officer")
		miss = append(miss, tx("責任者の任命", "an appointed secrecy officer"))
	}
	s.add("carrier", e.rec.Carrier.ID, "missing_controls", join(kinds), "controls", itoa(len(e.rec.Controls)))
	m := joinText(miss)
	return []outcome{e.indicated(himitsu.SeverityMedium, s, tf("記録上、%[1]sがない", "The records show no %[2]s",
		strings.ReplaceAll(m.JA, "。", "及び"), strings.ReplaceAll(m.EN, "; ", " and ")))}
}

func orgAudits(e *env) []outcome {
	if len(e.rec.Controls) == 0 && len(e.rec.Organisations) == 0 {
		return e.ask(tx("統制と組織の台帳が空である", "The control and organisation registers are empty"),
			tx("過去1年以内に内部監査を行い、通信の秘密を扱う委託先をすべて監査したか。",
				"Within the past year, has the carrier run an internal audit and audited every contractor that handles secrecy?"))
	}
	s := e.sampler()
	var names []string
	handlers := 0
	for i := range e.rec.Organisations {
		o := &e.rec.Organisations[i]
		if o.Kind != himitsu.OrgContractor && o.Kind != himitsu.OrgSubcontractor || !o.HandlesSecrecy {
			continue
		}
		if !o.ContractEnd.IsZero() && o.ContractEnd.Before(e.asOf.AddDays(-e.th.AuditWindowDays)) {
			continue // the contract ended before the audit window
		}
		handlers++
		if e.performed(himitsu.ControlContractorAudit, e.th.AuditWindowDays, o.ID) == nil {
			names = append(names, o.Name)
			s.add("organisations", o.ID, "kind", string(o.Kind), "handles_secrecy", "true", "last_audit_within_days", "none")
		}
	}
	var out []outcome
	if s.total > 0 {
		out = append(out, e.indicated(himitsu.SeverityMedium, s, tf(
			"通信の秘密を扱う委託先%[1]d社中%[2]d社（%[3]s）に過去%[4]d日以内の監査がない",
			"%[2]d of %[1]d contractors handling secrecy had no audit within %[4]d days: %[3]s", handlers, s.total, list(names, 5), e.th.AuditWindowDays)))
	}
	if e.performed(himitsu.ControlInternalAudit, e.th.AuditWindowDays) == nil {
		r := e.sampler()
		r.add("carrier", e.rec.Carrier.ID, "missing_controls", "internal-audit", "window_days", itoa(e.th.AuditWindowDays))
		out = append(out, e.atRisk(r, tf("過去%[1]d日以内に内部監査の記録がない", "No internal audit within %[1]d days", e.th.AuditWindowDays)))
	}
	if len(out) == 0 {
		out = append(out, e.fine(tf("通信の秘密を扱う委託先%[1]d社はいずれも過去%[2]d日以内に監査され、内部監査も行われている",
			"All %[1]d contractors handling secrecy were audited within %[2]d days, and an internal audit took place", handlers, e.th.AuditWindowDays)))
	}
	return out
}

func orgLogReview(e *env) []outcome {
	if len(e.rec.DataSets) == 0 {
		return e.ask(tx("データセットの台帳が空である", "The data set register is empty"),
			tx("通信の秘密に係るデータの持出し・印刷のログを定期的（少なくとも90日ごと）に点検しているか。",
				"Are logs of exports and prints of secrecy data reviewed regularly, at least every 90 days?"))
	}
	if len(e.secrecy) == 0 {
		return e.notApplicable(tx("通信の秘密に係るデータセットがない", "No data set holds secrecy"))
	}
	if e.acc.judged == 0 {
		return e.ask(tx("アクセスログがない", "There are no access events"), askAccessEvents)
	}
	s := e.sampler()
	per := map[string]int{}
	w := e.th.LogReviewWindowDays
	for id, n := range e.acc.takeouts.perDS {
		if e.performed(himitsu.ControlLogReview, w, id, "all") == nil {
			per[id] = n
			s.add("datasets", id, "export_print_events", itoa(n), "window_days", itoa(w), "log_review", "none")
		}
	}
	if s.total > 0 {
		return []outcome{e.indicated(himitsu.SeverityMedium, s, tf(
			"過去%[1]d日に持出し・印刷のあった通信の秘密に係るデータセット%[2]d件のログが点検されていない（%[3]s）",
			"Secrecy data sets with exports or prints in the last %[1]d days but no log review: %[2]d (%[3]s)", w, s.total, topCounts(per, 5, e.dsName)))}
	}
	return []outcome{e.fine(tf("過去%[1]d日に持出し・印刷のあったデータセット%[2]d件はいずれもログが点検されている",
		"All %[2]d data sets with exports or prints in the last %[1]d days had their logs reviewed", w, len(e.acc.takeouts.perDS)))}
}

var askIncidents = tx("事故の台帳が空である。過去1年間に、通信の秘密の漏えい・窃用・知得、個人データの漏えい又は重大な事故を知ったことはなく、知った場合はすべて記録しているか。",
	"The incident register is empty. Is it true that in the past year the carrier learned of no leak, unauthorised use or obtaining of secrecy, personal-data leak or serious accident, and that it records every one it learns of?")

// naNoIncidents answers the rules that judge how incidents were handled
// when none is registered. Whether the empty register is complete is asked
// once, under the concealment case (org.unreported-known-leak), rather than
// under every incident rule.
var naNoIncidents = tx("事故が登録されていないため、対応の適否を判断する対象がない（台帳が網羅的かどうかは 5(3)(i)iii で確認する）",
	"No incident is registered, so there is no handling to judge (whether the register is complete is asked under 5(3)(i)iii)")

func orgLateReport(e *env) []outcome {
	if len(e.rec.Incidents) == 0 {
		return e.notApplicable(naNoIncidents)
	}
	s, r, g := e.sampler(), e.sampler(), e.sampler()
	sev := himitsu.SeverityMedium
	duties := 0
	for _, d := range e.dets.Incidents {
		for _, dl := range d.Deadlines {
			duties++
			kv := []string{"incident", d.Incident, "law", string(dl.Law), "stage", string(dl.Stage), "due", dl.Due.String(),
				"state", dl.State, "days_late", itoa(dl.DaysLate)}
			reg, id := "incidents", d.Incident
			if rep := e.filed(d.Incident, dl.Law, dl.Stage); rep != nil {
				reg, id = "regulator_reports", rep.ID
			}
			switch dl.State {
			case stateLate, stateOverdue:
				s.add(reg, id, kv...)
				if dl.State == stateOverdue || dl.DaysLate > lateReportHighDays {
					sev = himitsu.SeverityHigh
				}
			case stateUnclear:
				r.add(reg, id, kv...)
			case stateAfterGuidance, statePastGuidance:
				g.add(reg, id, kv...)
			}
		}
	}
	var out []outcome
	if s.total > 0 {
		out = append(out, e.indicated(sev, s, tf("報告義務%[1]d件中%[2]d件が遅延又は未提出である",
			"%[2]d of %[1]d reporting duties were filed late or are overdue", duties, s.total)))
	}
	if r.total > 0 {
		out = append(out, e.atRisk(r, tf("報告%[1]d件が、期間の数え方（初日算入・不算入）により期限内とも遅延とも評価され得る日にかかる",
			"%[1]d reports fall on the day where the two day-count conventions disagree", r.total)))
	}
	if g.total > 0 {
		out = append(out, e.atRisk(g, tf("個人情報保護法の速報%[1]d件が、個人情報保護委員会のガイドラインの目安（概ね3〜5日）より後に提出され、又は未提出のまま目安を過ぎている",
			"%[1]d APPI preliminary reports were filed, or are still unfiled, later than the PPC's guidance of about 3 to 5 days", g.total)))
	}
	if len(out) == 0 {
		out = append(out, e.fine(tf("事故%[1]d件の報告義務%[2]d件はいずれも期限内に提出済み又は期限前である",
			"All %[2]d reporting duties of %[1]d incidents were met or are not yet due", len(e.rec.Incidents), duties)))
	}
	return out
}

func orgSystemRisk(e *env) []outcome {
	if len(e.rec.Services) == 0 && len(e.rec.DataSets) == 0 {
		return e.ask(tx("サービスとデータセットの台帳が空である", "The service and data set registers are empty"),
			tx("通信の秘密に係るデータを扱うサービスとシステムについて、過去1年以内にリスク評価を行い、システム変更の前にもリスクを評価しているか。",
				"Has every service and system handling secrecy data had a risk assessment within the past year, and are system changes risk-assessed before they are made?"))
	}
	s := e.sampler()
	for i := range e.rec.Incidents {
		in := &e.rec.Incidents[i]
		if in.CauseCategory != "system-change" && in.CauseCategory != "malfunction" || in.Change == "" {
			continue
		}
		if c, ok := e.changes[in.Change]; ok && !c.RiskAssessed {
			s.add("incidents", in.ID, "cause_category", string(in.CauseCategory), "change", c.ID, "system", c.System, "risk_assessed", "false")
		}
	}
	var out []outcome
	if s.total > 0 {
		out = append(out, e.indicated(himitsu.SeverityHigh, s, tf(
			"リスク評価をしないシステム変更に起因する事故が%[1]d件ある", "Incidents arising from system changes that were not risk-assessed: %[1]d", s.total)))
	}
	r := e.sampler()
	checked := 0
	for i := range e.rec.Services {
		sv := &e.rec.Services[i]
		var systems []string
		holds := false
		for j := range e.rec.DataSets {
			d := &e.rec.DataSets[j]
			if d.Service == sv.ID && e.secrecy[d.ID] {
				holds = true
				if d.System != "" {
					systems = append(systems, d.System)
				}
			}
		}
		if !holds {
			continue
		}
		checked++
		if !e.riskAssessed(sv.ID, systems) {
			r.add("services", sv.ID, "risk_assessment_within_days", "none", "systems", list(systems, 5))
		}
	}
	if r.total > 0 {
		out = append(out, e.atRisk(r, tf("通信の秘密に係るデータを持つサービス%[1]d件中%[2]d件に、過去%[3]d日以内のリスク評価がない",
			"%[2]d of %[1]d services holding secrecy had no risk assessment within %[3]d days", checked, r.total, riskAssessmentWindow)))
	}
	if len(out) == 0 {
		out = append(out, e.fine(tf("通信の秘密に係るデータを持つサービス%[1]d件はいずれも過去%[2]d日以内にリスク評価されており、リスク評価のない変更に起因する事故はない",
			"All %[1]d services holding secrecy were risk-assessed within %[2]d days, and no incident arose from an unassessed change", checked, riskAssessmentWindow)))
	}
	return out
}

func (e *env) riskAssessed(service string, systems []string) bool {
	for i := range e.rec.RiskAssessments {
		ra := &e.rec.RiskAssessments[i]
		if !e.within(ra.PerformedOn, riskAssessmentWindow) {
			continue
		}
		if ra.Subject == service || slices.Contains(systems, ra.Subject) {
			return true
		}
	}
	return false
}

func orgUnreportedKnownLeak(e *env) []outcome {
	if len(e.rec.Incidents) == 0 {
		return e.ask(tx("事故が登録されていない", "No incident is registered"), askIncidents)
	}
	s := e.sampler()
	leaks := 0
	limit := e.asOf.AddDays(-e.th.UnreportedLeakDays)
	for i := range e.rec.Incidents {
		in := &e.rec.Incidents[i]
		if !isSecrecyLeak(in) {
			continue
		}
		leaks++
		known := himitsu.DateOf(in.KnownAt)
		if !known.Before(limit) {
			continue
		}
		reported := false
		for _, r := range e.reports[in.ID] {
			if r.Law == himitsu.LawTBA28 && !himitsu.DateOf(r.SubmittedAt).After(e.asOf) {
				reported = true
			}
		}
		if !reported {
			s.add("incidents", in.ID, "kind", string(in.Kind), "known_on", known.String(), "days_known", itoa(known.DaysUntil(e.asOf)), "tba_28_reports", "0")
		}
	}
	if s.total > 0 {
		return []outcome{e.indicated(himitsu.SeverityHigh, s, tf(
			"知ってから%[1]d日を超える通信の秘密の漏えい%[2]d件について、第28条の報告が一切ない",
			"%[2]d secrecy leaks known for more than %[1]d days have no TBA Art. 28 report at all", e.th.UnreportedLeakDays, s.total))}
	}
	return []outcome{e.fine(tf("通信の秘密の漏えい%[1]d件のうち、%[2]d日を超えて未報告のものはない",
		"None of %[1]d secrecy leaks has gone unreported for more than %[2]d days", leaks, e.th.UnreportedLeakDays))}
}

func orgRootCause(e *env) []outcome {
	if len(e.rec.Incidents) == 0 {
		return e.notApplicable(naNoIncidents)
	}
	s, r := e.sampler(), e.sampler()
	sev := himitsu.SeverityMedium
	limit := e.asOf.AddDays(-30)
	var noRoot, overdue, recur int
	for i := range e.rec.Incidents {
		in := &e.rec.Incidents[i]
		// A suspicion that turned out to be an incident has its root cause
		// and measures under that incident.
		if in.Kind == himitsu.IncidentNearMiss || in.TurnedOutToBe != "" {
			continue
		}
		known := himitsu.DateOf(in.KnownAt)
		old := known.Before(limit)
		if old && (in.RootCauseDoneOn.IsZero() || in.RootCauseDoneOn.After(e.asOf)) {
			noRoot++
			s.add("incidents", in.ID, "known_on", known.String(), "root_cause_done_on", "none")
		}
		if old && len(e.measures[in.ID]) == 0 {
			r.add("incidents", in.ID, "known_on", known.String(), "recurrence_measures", "0")
		}
	}
	for i := range e.rec.RecurrenceMeasures {
		m := &e.rec.RecurrenceMeasures[i]
		if !m.DueOn.IsZero() && m.DueOn.Before(e.asOf) && (m.DoneOn.IsZero() || m.DoneOn.After(e.asOf)) {
			overdue++
			s.add("recurrence_measures", m.ID, "incident", m.Incident, "due_on", m.DueOn.String(), "done_on", "none")
		}
	}
	// A recurrence: a later incident of the same established cause after a
	// measure for the earlier one was done, so the measure did not work.
	for i := range e.rec.Incidents {
		b := &e.rec.Incidents[i]
		if b.Kind == himitsu.IncidentNearMiss || b.CauseCategory == "" || b.CauseCategory == "unknown" {
			continue
		}
		bAt := b.OccurredAt
		if bAt.IsZero() {
			bAt = b.KnownAt
		}
		for j := range e.rec.Incidents {
			a := &e.rec.Incidents[j]
			if i == j || a.CauseCategory != b.CauseCategory || a.Kind == himitsu.IncidentNearMiss || !a.KnownAt.Before(bAt) {
				continue
			}
			var done *himitsu.RecurrenceMeasure
			for _, m := range e.measures[a.ID] {
				if !m.DoneOn.IsZero() && !m.DoneOn.After(himitsu.DateOf(bAt)) {
					done = m
					break
				}
			}
			if done != nil {
				recur++
				sev = himitsu.SeverityHigh
				e.recurrence = true
				s.add("incidents", b.ID, "recurrence_of", a.ID, "cause_category", string(b.CauseCategory), "measure", done.ID, "measure_done_on", done.DoneOn.String())
				break
			}
		}
	}
	var out []outcome
	if s.total > 0 {
		var parts []himitsu.Text
		if noRoot > 0 {
			parts = append(parts, tf("知ってから30日を超えて原因究明が終わっていない事故が%[1]d件ある", "Incidents known over 30 days without a completed root-cause analysis: %[1]d", noRoot))
		}
		if overdue > 0 {
			parts = append(parts, tf("期限を過ぎて未実施の再発防止策が%[1]d件ある", "Recurrence measures past due and not done: %[1]d", overdue))
		}
		if recur > 0 {
			parts = append(parts, tf("再発防止策の実施後に同じ原因で再発した事故が%[1]d件ある", "%[1]d incidents recurred from the same cause after a measure for the earlier one was done", recur))
		}
		out = append(out, e.indicated(sev, s, joinText(parts)))
	}
	if r.total > 0 {
		out = append(out, e.atRisk(r, tf("知ってから30日を超える事故%[1]d件に再発防止策がない", "Incidents known over 30 days without a recurrence measure: %[1]d", r.total)))
	}
	if len(out) == 0 {
		out = append(out, e.fine(tf("事故%[1]d件の原因究明と再発防止策は完了又は期限内であり、再発はない",
			"Root cause and recurrence measures of %[1]d incidents are done or in time, and nothing recurred", len(e.rec.Incidents))))
	}
	return out
}

// orgAttestationContradicted compares each "yes" claim with the results
// of the rules that judge the same control, which ran before it.
func orgAttestationContradicted(e *env) []outcome {
	claims := 0
	s := e.sampler()
	for i := range e.rec.Attestations {
		a := &e.rec.Attestations[i]
		if a.Claim == "" || a.Claim == "none" || a.Answer != "yes" {
			continue
		}
		claims++
		if by, n := e.contradiction(a.Claim); n > 0 {
			s.add("attestations", a.ID, "claim", string(a.Claim), "answer", "yes", "by", a.By, "on", a.On.String(),
				"contradicted_by", by, "records", itoa(n))
		}
	}
	if claims == 0 {
		return e.notApplicable(tx("統制の存在を肯定する証明はない", "No attestation claims a control"))
	}
	if s.total > 0 {
		return []outcome{e.indicated(himitsu.SeverityHigh, s, tf(
			"統制があるとの証明%[1]d件中%[2]d件が記録と矛盾する", "Attested controls contradicted by the records: %[2]d of %[1]d", claims, s.total))}
	}
	return []outcome{e.fine(tf("統制があるとの証明%[1]d件はいずれも記録と矛盾しない", "None of %[1]d attested controls is contradicted by the records", claims))}
}

// count returns how many records the outcomes of rule with one of the
// statuses named.
func (e *env) count(rule string, statuses ...himitsu.Status) int {
	n := 0
	for _, o := range e.results[rule] {
		if slices.Contains(statuses, o.status) && o.ev != nil {
			n += o.ev.total
		}
	}
	return n
}

// contradiction names the evidence against a claim and how many records.
func (e *env) contradiction(c himitsu.Claim) (string, int) {
	ind := himitsu.StatusIndicated
	risk := himitsu.StatusAtRisk
	switch c {
	case "usb-control":
		n := e.count("tech.unapproved-export", ind)
		for i := range e.rec.Takeouts {
			t := &e.rec.Takeouts[i]
			if !t.Approved && e.within(himitsu.DateOf(t.TakenAt), takeoutWindowDays) {
				n++
			}
		}
		return "tech.unapproved-export,takeouts", n
	case "logs-reviewed":
		return "org.log-review", e.count("org.log-review", ind)
	case "no-shared-accounts":
		return "tech.shared-accounts", e.count("tech.shared-accounts", ind)
	case "entry-records-kept":
		n := 0
		for i := range e.rec.Areas {
			a := &e.rec.Areas[i]
			if a.Kind == himitsu.AreaControlled && (!a.EntryLog || e.ent.records.lines[a.ID] == 0) {
				n++
			}
		}
		return "phy.entry-records", n
	case "retention-enforced":
		return "phy.retention-exceeded", e.count("phy.retention-exceeded", ind)
	case "training-complete":
		return "hum.training-coverage", e.count("hum.training-coverage", ind, risk)
	case "leak-clues-escalated":
		return "cmp.leak-clue-escalation", e.count("cmp.leak-clue-escalation", ind, risk)
	case "access-reviewed":
		return "tech.stale-grants", e.count("tech.stale-grants", ind)
	case "changes-tested":
		return "tech.change-control", e.count("tech.change-control", ind, risk)
	}
	return "", 0
}
