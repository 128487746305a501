package assess

import (
	"github.com/himitsu-oss/himitsu"
)

// OrgRootCause judges 5(3)(i)iv. Guidelines §5(3)(i)iv: after an accident
// such as a leak, the cause was investigated insufficiently and the
// measures against recurrence are insufficient or do not work in practice.
// A recurrence from the same cause after its measure was done shows that
// the measure did not work. So does a measure whose verification found it
// ineffective. An incident whose measures all leave the root cause in
// place (removes_root_cause false on at least one, true on none) has its
// symptom treated: the same cause can produce the same incident again,
// which is exactly the insufficient recurrence prevention the item names,
// so it is a finding too, whether or not the measures were done (an
// abandoned measure is no longer a measure). A symptomatic measure beside
// one that removes the root cause (a reminder to staff beside automatic
// addressing, say) is a supplement, not an insufficiency: the item asks
// whether recurrence is prevented, and the other measure does that; if
// that measure fails, its verification or a recurrence shows it.
func (ruleSet) OrgRootCause() rule {
	return rule{
		ID:   "org.root-cause",
		Item: "5(3)(i)iv",
		Summary: tx("原因究明・再発防止が未了、期限切れ、又は機能していない",
			"Root cause or recurrence prevention is missing, overdue or did not work"),
		Indicated: "an incident (other than a near-miss or a suspicion with `turned_out_to_be`) known > 30 days ago has no `root_cause_done_on`; or a recurrence measure is past `due_on` and not done; or an incident's measures leave its root cause in place (`removes_root_cause: false` on one, `true` on none); or a measure's `verification_result` is `ineffective` by `verified_on`; or an incident with the same `cause_category` recurred after a measure for the earlier one was done (high) (medium otherwise)",
		AtRisk:    "an incident known > 30 days ago has no recurrence measure",
		Inputs:    inputs{Registers: []string{"incidents", "recurrence_measures"}, Recurrence: true},
		Run:       orgRootCause,
	}
}

func orgRootCause(e *env) []outcome {
	if len(e.rec.Incidents) == 0 {
		return e.notApplicable(naNoIncidents)
	}
	s, r := e.sampler(), e.sampler()
	sev := himitsu.SeverityMedium
	limit := e.asOf.AddDays(-30)
	var noRoot, overdue, recur, leavesRoot, ineffective int
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
	// The incidents with a live measure that removes the root cause.
	rootRemoved := map[string]bool{}
	for i := range e.rec.RecurrenceMeasures {
		if m := &e.rec.RecurrenceMeasures[i]; m.Status != himitsu.MeasureAbandoned && m.RemovesRootCause.True() {
			rootRemoved[m.Incident] = true
		}
	}
	for i := range e.rec.RecurrenceMeasures {
		m := &e.rec.RecurrenceMeasures[i]
		if !m.DueOn.IsZero() && m.DueOn.Before(e.asOf) && (m.DoneOn.IsZero() || m.DoneOn.After(e.asOf)) {
			overdue++
			s.add("recurrence_measures", m.ID, "incident", m.Incident, "due_on", m.DueOn.String(), "done_on", "none")
		}
		if m.Status == himitsu.MeasureAbandoned {
			continue
		}
		if m.RemovesRootCause.False() && !rootRemoved[m.Incident] {
			leavesRoot++
			s.add("recurrence_measures", m.ID, "incident", m.Incident, "removes_root_cause", "false")
		}
		if m.VerificationResult == himitsu.VerificationIneffective && !m.VerifiedOn.IsZero() && !m.VerifiedOn.After(e.asOf) {
			ineffective++
			s.add("recurrence_measures", m.ID, "incident", m.Incident, "verified_on", m.VerifiedOn.String(), "verification_result", "ineffective")
		}
	}
	for _, rc := range e.recur {
		recur++
		sev = himitsu.SeverityHigh
		s.add("incidents", rc.later.ID, "recurrence_of", rc.earlier.ID, "cause_category", string(rc.later.CauseCategory), "measure", rc.measure.ID, "measure_done_on", rc.measure.DoneOn.String())
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
		if leavesRoot > 0 {
			parts = append(parts, tf("根本原因を残したままの再発防止策が%[1]d件ある", "Recurrence measures that leave the root cause in place: %[1]d", leavesRoot))
		}
		if ineffective > 0 {
			parts = append(parts, tf("検証で効果がないと判明した再発防止策が%[1]d件ある", "Recurrence measures found ineffective when verified: %[1]d", ineffective))
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
