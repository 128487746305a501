package assess

import (
	"github.com/himitsu-oss/himitsu"
)

// HumDisclosureIncident judges 5(3)(ii)iii. Guidelines §5(3)(ii)iii:
// employees of the carrier or of its contractor told third parties secrecy
// learned at work without need, used it for an improper purpose, or leaked
// it through negligence. A deliberate act (staff acting intentionally, an
// improper purpose whoever acted, a contractor included, or unauthorised
// use) is high severity: a contractor selling call records is no less
// grave than an employee doing so.
func (ruleSet) HumDisclosureIncident() rule {
	return rule{
		ID:   "hum.disclosure-incident",
		Item: "5(3)(ii)iii",
		Summary: tx("従業者又は委託先による漏えい・窃用・知得がある",
			"A leak, use or obtaining of secrecy by staff or a contractor"),
		Indicated: "a leak, unauthorized-use or unauthorized-obtaining incident caused by `employee-negligence`, `employee-intentional` or `contractor` (high when deliberate: `employee-intentional`, `improper_purpose` whoever acted, or unauthorized-use; else medium)",
		AtRisk:    "—",
		Inputs:    inputs{Registers: []string{"incidents"}},
		Run:       humDisclosureIncident,
	}
}

func humDisclosureIncident(e *env) []outcome {
	if len(e.rec.Incidents) == 0 {
		return e.notApplicable(naNoIncidents)
	}
	s := e.sampler()
	sev := himitsu.SeverityMedium
	for i := range e.rec.Incidents {
		in := &e.rec.Incidents[i]
		switch in.Kind {
		case himitsu.IncidentLeak, himitsu.IncidentUnauthorizedUse, himitsu.IncidentUnauthorizedObtaining:
		default:
			continue
		}
		switch in.CauseCategory {
		case himitsu.CauseEmployeeNegligence, himitsu.CauseEmployeeIntentional, himitsu.CauseContractor:
		default:
			continue
		}
		if himitsu.DateOf(in.KnownAt).After(e.asOf) {
			continue
		}
		if deliberate(in) {
			// A deliberate act, a contractor's sale of call records
			// included, is the gravest form of the case.
			sev = himitsu.SeverityHigh
		}
		s.add("incidents", in.ID, "kind", string(in.Kind), "cause_category", string(in.CauseCategory),
			"actor_org", in.ActorOrg, "actor_person", in.ActorPerson, "known_on", himitsu.DateOf(in.KnownAt).String())
	}
	if s.total > 0 {
		en := "%[1]d leaks, unauthorised uses or obtainings of secrecy were caused by staff or contractors"
		if s.total == 1 {
			en = "%[1]d leak, unauthorised use or obtaining of secrecy was caused by staff or contractors"
		}
		return []outcome{e.indicated(sev, s, tf("従業者又は委託先による通信の秘密の漏えい・窃用・知得が%[1]d件ある", en, s.total))}
	}
	return []outcome{e.fine(tf("事故%[1]d件に、従業者又は委託先による漏えい・窃用・知得はない",
		"None of %[1]d incidents is a leak, use or obtaining caused by staff or contractors", len(e.rec.Incidents)))}
}
