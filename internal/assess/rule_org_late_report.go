package assess

import (
	"github.com/himitsu-oss/himitsu"
)

// OrgLateReport judges 5(3)(i)i. Guidelines §5(3)(i)i: an insufficient
// compliance system for the laws that protect secrecy. A report under TBA
// Art. 28 or APPI Art. 26 that is filed late or not at all is a failure of
// that system; it is not concealment (§5(3)(i)iii), which needs hiding or
// falsifying. The guidelines protect the secrecy of communications: an
// APPI filing late on an incident that involved personal data only (no
// secrecy, guidelines §1(1)) still shows a weak compliance system, but it
// weighs low here, since the PPC's own supervision answers for that duty.
func (ruleSet) OrgLateReport() rule {
	return rule{
		ID:   "org.late-report",
		Item: "5(3)(i)i",
		Summary: tx("第28条又は個人情報保護法の報告が遅れた、又は未提出である",
			"An Art. 28 or APPI report was late or is overdue"),
		Indicated: "an Art. 28 or APPI report was filed late or is overdue (medium; high when overdue or > 7 days late; low when every late duty is an APPI report on an incident of personal data only)",
		AtRisk:    "with `include-first-day` chosen, a filing falls on a day only the Civil Code's count makes timely (`unclear`); an APPI preliminary report was filed later than the PPC's guidance of about 3–5 days, or is unfiled past it",
		Inputs:    inputs{Registers: []string{"attestations", "complaints", "datasets", "incidents", "regulator_reports", "services"}},
		Run:       orgLateReport,
	}
}

func orgLateReport(e *env) []outcome {
	if len(e.rec.Incidents) == 0 {
		return e.notApplicable(naNoIncidents)
	}
	s, r, g, u := e.sampler(), e.sampler(), e.sampler(), e.sampler()
	sev := himitsu.SeverityLow
	duties := 0
	for _, d := range e.dets.Incidents {
		for _, dl := range d.Deadlines {
			duties++
			kv := []string{"incident", d.Incident, "law", string(dl.Law), "stage", string(dl.Stage), "due", dl.Due.String(),
				"state", dl.State, "days_late", itoa(dl.DaysLate)}
			if dl.Law == himitsu.LawAPPI26 && openField(d.Open, "strongly_encrypted") {
				// The exclusion is not claimed in the records; the duty
				// stands, and the determination asks about it.
				kv = append(kv, "strongly_encrypted", "unknown (exclusion not recorded)")
			}
			reg, id := "incidents", d.Incident
			if rep := e.filed(d.Incident, dl.Law, dl.Stage); rep != nil {
				reg, id = "regulator_reports", rep.ID
			}
			// A duty that is late only on a reading of an unknown fact
			// (an exclusion or a longer period it would settle) is asked.
			if f, ok := e.openDuty[dutyKey(d.Incident, dl.Law, dl.Stage)]; ok && dl.State != stateMet && dl.State != statePending {
				u.add(reg, id, append(kv, "unknown", f)...)
				continue
			}
			switch dl.State {
			case stateLate, stateOverdue:
				s.add(reg, id, kv...)
				switch {
				case dl.Law == himitsu.LawAPPI26 && personalDataOnly(d.Classes):
					// low: already the floor
				case dl.State == stateOverdue || dl.DaysLate > lateReportHighDays:
					sev = himitsu.SeverityHigh
				case sev == himitsu.SeverityLow:
					sev = himitsu.SeverityMedium
				}
			case stateUnclear:
				r.add(reg, id, kv...)
			case stateAfterGuidance, statePastGuidance:
				g.add(reg, id, kv...)
			}
		}
	}
	// Incidents for which whether a report is due at all turns on a fact
	// the records leave unknown, and no such report is on file.
	for _, d := range e.dets.Incidents {
		var fields []string
		for _, f := range e.openReport[d.Incident] {
			if e.filed(d.Incident, f.law, himitsu.StageFirst) == nil && e.filed(d.Incident, f.law, himitsu.StagePreliminary) == nil {
				fields = append(fields, f.field)
			}
		}
		if len(fields) > 0 {
			u.add("incidents", d.Incident, "unknown", join(fields))
		}
	}
	var out []outcome
	if s.total > 0 {
		out = append(out, e.indicated(sev, s, tf("報告義務%[1]d件中%[2]d件が遅延又は未提出である",
			"%[2]d of %[1]d reporting duties were filed late or are overdue", duties, s.total)))
	}
	if r.total > 0 {
		out = append(out, e.atRisk(r, tf("報告%[1]d件が、選択された初日算入の数え方では遅延、民法第140条の初日不算入では期限内となる日にかかる",
			"%[1]d reports fall on a day that is late under the include-first-day count chosen and in time under Civil Code Art. 140", r.total)))
	}
	if g.total > 0 {
		out = append(out, e.atRisk(g, tf("個人情報保護法の速報%[1]d件が、個人情報保護委員会のガイドラインの目安（概ね3〜5日）より後に提出され、又は未提出のまま目安を過ぎている",
			"%[1]d APPI preliminary reports were filed, or are still unfiled, later than the PPC's guidance of about 3 to 5 days", g.total)))
	}
	out = append(out, e.askUnknown(u, tf("事故%[1]d件について、報告を要するか、又は期限を過ぎたかが、記録されていない事実にかかっている",
		"For %[1]d incidents, whether a report is due, or was late, turns on facts the records leave unknown", u.total),
		tx("記録にない事実（根拠に示す事故と項目）を確かめたうえで、要する報告はいずれも期限内に提出されたか。",
			"Once the facts the records leave unknown (the incidents and fields in the evidence) are established, was every report they call for filed in time?"))...)
	if len(out) == 0 {
		out = append(out, e.fine(tf("事故%[1]d件の報告義務%[2]d件はいずれも期限内に提出済み又は期限前である",
			"All %[2]d reporting duties of %[1]d incidents were met or are not yet due", len(e.rec.Incidents), duties)))
	}
	return out
}

// personalDataOnly reports whether an incident's classes say it involved
// personal data and no secrecy of communications.
func personalDataOnly(classes []string) bool {
	for _, c := range classes {
		if c == classPersonalDataOnly {
			return true
		}
	}
	return false
}

func openField(os []himitsu.OpenQuestion, field string) bool {
	for _, o := range os {
		if o.Field == field {
			return true
		}
	}
	return false
}
