package assess

import (
	"time"

	"github.com/himitsu-oss/himitsu"
)

// CmpLeakClueEscalation judges 5(4)ii. Guidelines §5(4)ii: the complaint
// desk has lost substance, and important information that is a clue to
// accidents such as leaks is frequently overlooked. The rule reads
// leak-clue complaints that were not escalated, or late.
func (ruleSet) CmpLeakClueEscalation() rule {
	return rule{
		ID:   "cmp.leak-clue-escalation",
		Item: "5(4)ii",
		Summary: tx("漏えいの端緒となる苦情が上申されていない、又は遅れている",
			"Leak-clue complaints were not escalated, or late"),
		Indicated: "a complaint with `leak_clue` was closed without `escalated_at`, or escalated later than `desk.escalation_days` (default 2) (medium; high when ≥ 3)",
		AtRisk:    "a leak-clue complaint is open and not escalated",
		Inputs:    inputs{Registers: []string{"attestations", "complaints", "desk"}},
		Run:       cmpLeakClueEscalation,
	}
}

func cmpLeakClueEscalation(e *env) []outcome {
	if len(e.rec.Complaints) == 0 {
		return e.ask(tx("苦情が登録されていない", "No complaint is registered"), askComplaints)
	}
	days := e.rec.Desk.EscalationDays
	if days <= 0 {
		days = defaultEscalationDays
	}
	limit := time.Duration(days) * 24 * time.Hour
	asOfEnd := e.asOf.AddDays(1).Time()
	// A row can stand for many complaints (count): the numbers and the
	// severity are of complaints.
	s, r, u := e.sampler(), e.sampler(), e.sampler()
	clues, late, open, unknownN := 0, 0, 0, 0
	for i := range e.rec.Complaints {
		c := &e.rec.Complaints[i]
		if c.LeakClue.False() || !c.ReceivedAt.Before(asOfEnd) {
			continue
		}
		closed := !c.ClosedAt.IsZero() && c.ClosedAt.Before(asOfEnd)
		escalated := !c.EscalatedAt.IsZero() && c.EscalatedAt.Before(asOfEnd)
		if !c.LeakClue.Known() {
			// Whether it was a clue is not recorded; it matters only
			// when it was not escalated.
			if !escalated {
				unknownN += c.N()
				u.add("complaints", c.ID, "category", string(c.Category), "received_at", ts(c.ReceivedAt), "escalated_at", "none", "unknown", "leak_clue")
			}
			continue
		}
		clues += c.N()
		switch {
		case escalated && c.EscalatedAt.Sub(c.ReceivedAt) > limit, closed && !escalated:
			late += c.N()
		case !closed && !escalated:
			open += c.N()
		}
		switch {
		case escalated && c.EscalatedAt.Sub(c.ReceivedAt) > limit:
			s.add("complaints", c.ID, "received_at", ts(c.ReceivedAt), "escalated_at", ts(c.EscalatedAt),
				"hours_to_escalate", itoa(int(c.EscalatedAt.Sub(c.ReceivedAt).Hours())), "limit_days", itoa(days))
		case closed && !escalated:
			s.add("complaints", c.ID, "received_at", ts(c.ReceivedAt), "closed_at", ts(c.ClosedAt), "escalated_at", "none")
		case !closed && !escalated:
			r.add("complaints", c.ID, "received_at", ts(c.ReceivedAt), "state", "open", "escalated_at", "none")
		}
	}
	unknown := e.askUnknown(u, tf("上申されていない苦情%[1]d件について、漏えいの端緒であるかが記録されていない",
		"For %[1]d complaints not escalated the records do not say whether they were leak clues", unknownN),
		tx("記録にない苦情に、漏えいの端緒となるもの（上申すべきもの）はなかったか。", "Were none of the complaints whose records do not say so clues of a leak that had to be escalated?"))
	if clues == 0 && unknown != nil {
		return unknown
	}
	if clues == 0 {
		return []outcome{e.fine(tf("苦情%[1]d件に漏えいの端緒とされたものはない", "None of %[1]d complaints was marked as a leak clue", len(e.rec.Complaints)))}
	}
	var out []outcome
	if late > 0 {
		sev := himitsu.SeverityMedium
		if late >= leakClueHighCount {
			sev = himitsu.SeverityHigh
		}
		out = append(out, e.indicated(sev, s, tf("漏えいの端緒となる苦情%[1]d件中%[2]d件が上申されずに終了し、又は%[3]d日を超えて上申された",
			"Leak-clue complaints closed without escalation or escalated after more than %[3]d days: %[2]d of %[1]d", clues, late, days)))
	}
	if open > 0 {
		out = append(out, e.atRisk(r, tf("漏えいの端緒となる苦情%[1]d件が未処理のまま上申されていない", "Leak-clue complaints open and not escalated: %[1]d", open)))
	}
	out = append(out, unknown...)
	if len(out) == 0 {
		out = append(out, e.fine(tf("漏えいの端緒となる苦情%[1]d件はいずれも%[2]d日以内に上申されている",
			"All %[1]d leak-clue complaints were escalated within %[2]d days", clues, days)))
	}
	return out
}
