package assess

import (
	"strings"

	"github.com/himitsu-oss/himitsu"
)

// OrgLeakDenied judges 5(3)(i)iii. Guidelines §5(3)(i)iii: although the
// carrier was aware of the possibility of an accident such as a leak, it
// concealed or falsified the fact. Hiding needs a statement against what
// the carrier knew: the rule reads attestations answering its question
// (whether no leak, unauthorised use or obtaining of secrecy, or
// personal-data leak was known, and every one is registered) with "yes",
// made on or after the day the carrier knew of one. A report
// filed late or not yet filed is not hiding but a failure of the reporting
// duty, judged by org.late-report under 5(3)(i)i. With an empty incident
// register the rule asks whether the register is complete; an answer "no"
// admits that it is not, which is a weakness rather than concealment.
func (ruleSet) OrgLeakDenied() rule {
	return rule{
		ID:   "org.leak-denied",
		Item: "5(3)(i)iii",
		Summary: tx("漏えい等を知った後に、知らないと申告している",
			"A statement made after a leak was known says none was known"),
		Indicated: "an attestation answering this rule's question (item `org.leak-denied`, or the item's ID or code with the question's words) answers `yes` (no leak known, the register complete) on or after the day a leak, unauthorized-use, unauthorized-obtaining or personal-data-leak incident was known (high)",
		AtRisk:    "the incident register is empty and an attestation answers `no` to whether it is complete",
		Inputs:    inputs{Registers: []string{"attestations", "incidents"}},
		Run:       orgLeakDenied,
	}
}

func orgLeakDenied(e *env) []outcome {
	if len(e.rec.Incidents) == 0 {
		out := e.ask(tx("事故が登録されていない", "No incident is registered"), askIncidents)
		for i := range out {
			if out[i].status == himitsu.StatusIndicated {
				// The carrier says its register is incomplete: an
				// admission, not hiding.
				out[i].status, out[i].severity = himitsu.StatusAtRisk, himitsu.SeverityLow
			}
		}
		return out
	}
	s := e.sampler()
	denials := 0
	for i := range e.rec.Attestations {
		a := &e.rec.Attestations[i]
		if a.Claim != "" && a.Claim != himitsu.ClaimNone || a.Answer != himitsu.AnswerYes {
			continue
		}
		// A denial answers this rule's question: addressed to the rule,
		// or to the item with the question's words. A "yes" to another
		// question on the item (say, whether a reporting channel exists)
		// denies nothing.
		q := strings.TrimSpace(a.Question)
		asked := q == askIncidents.JA || q == askIncidents.EN
		if a.Item != e.cur.ID && !(asked && (a.Item == e.curItem.ID || strings.EqualFold(a.Item, e.curItem.Code))) {
			continue
		}
		denials++
		var known []string
		for j := range e.rec.Incidents {
			in := &e.rec.Incidents[j]
			if (isViolation(in) || in.Kind == himitsu.IncidentPersonalDataLeak) && !himitsu.DateOf(in.KnownAt).After(a.On) {
				known = append(known, in.ID)
			}
		}
		if len(known) > 0 {
			s.add("attestations", a.ID, "answer", "yes", "by", a.By, "on", a.On.String(), "known_incidents", list(known, 5))
		}
	}
	if s.total > 0 {
		return []outcome{e.indicated(himitsu.SeverityHigh, s, tf(
			"漏えい等を知った後に、知っている事故はないと申告した証明が%[1]d件ある",
			"Attestations made after a leak was known that say none was known: %[1]d", s.total))}
	}
	return []outcome{e.fine(tf("事故%[1]d件が登録されており、知っていた事故を否定する申告はない（事故がないとする申告%[2]d件）",
		"%[1]d incidents are registered, and no statement denies one the carrier knew of (statements that none was known: %[2]d)",
		len(e.rec.Incidents), denials))}
}
