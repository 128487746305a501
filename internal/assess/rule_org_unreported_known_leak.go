package assess

import (
	"github.com/himitsu-oss/himitsu"
)

// OrgUnreportedKnownLeak judges 5(3)(i)iii. Guidelines §5(3)(i)iii: the
// carrier knew of an accident such as a leak, or its possibility, and
// concealed it. A secrecy leak known for a long time with no Art. 28
// report at all is read as such hiding.
func (ruleSet) OrgUnreportedKnownLeak() rule {
	return rule{
		ID:   "org.unreported-known-leak",
		Item: "5(3)(i)iii",
		Summary: tx("知ってから相当期間を経た通信の秘密の漏えいが報告されていない",
			"A secrecy leak known for a long time has no Art. 28 report"),
		Indicated: "a secrecy-leak incident known more than 30 days (opt) before as_of has no `tba-28` report at all (high)",
		AtRisk:    "—",
		Inputs:    inputs{Registers: []string{"attestations", "incidents", "regulator_reports"}},
		Run:       orgUnreportedKnownLeak,
	}
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
