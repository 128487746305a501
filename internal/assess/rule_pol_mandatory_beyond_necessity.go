package assess

import (
	"github.com/himitsu-oss/himitsu"
)

// PolMandatoryBeyondNecessity judges 5(1)iii. Guidelines §5(1)iii: using
// secrecy-related information beyond what is operationally necessary to
// provide the service is made a condition of using the service. The rule
// reads purposes that are mandatory for the service, touch secrecy and are
// not operationally necessary.
func (ruleSet) PolMandatoryBeyondNecessity() rule {
	return rule{
		ID:   "pol.mandatory-beyond-necessity",
		Item: "5(1)iii",
		Summary: tx("業務上必要でない通信の秘密の利用がサービス利用の条件になっている",
			"Using secrecy beyond operational need is a condition of the service"),
		Indicated: "a purpose is `mandatory_for_service`, not `operationally_necessary`, and touches secrecy (classes or data sets) (medium)",
		AtRisk:    "—",
		Inputs:    inputs{Registers: []string{"attestations", "datasets", "purposes"}},
		Run:       polMandatory,
	}
}

func polMandatory(e *env) []outcome {
	if len(e.rec.Purposes) == 0 {
		return e.ask(tx("利用目的が登録されていない", "No purpose is registered"), askPurposes)
	}
	s, u := e.sampler(), e.sampler()
	var names []string
	for i := range e.rec.Purposes {
		p := &e.rec.Purposes[i]
		if !e.touchesSecrecy(p) || p.MandatoryForService.False() || p.OperationallyNecessary.True() {
			continue
		}
		if p.MandatoryForService.True() && p.OperationallyNecessary.False() {
			names = append(names, p.Name)
			s.add("purposes", p.ID, "mandatory_for_service", "true", "operationally_necessary", "false", "basis", string(p.Basis))
			continue
		}
		u.add("purposes", p.ID, "unknown", unknownOf(fact{"mandatory_for_service", p.MandatoryForService}, fact{"operationally_necessary", p.OperationallyNecessary}))
	}
	unknown := e.askUnknown(u, tf("通信の秘密を利用する目的%[1]d件について、サービス利用の条件か、業務上必要かが記録されていない",
		"For %[1]d purposes using secrecy the records do not say whether they are a condition of the service or operationally necessary", u.total),
		tx("記録にない目的のうち、サービス利用の条件とされているものは、いずれもサービスの提供に業務上必要か。",
			"Of the purposes whose records do not say so, is every one that is a condition of the service operationally necessary for it?"))
	if s.total > 0 {
		return append([]outcome{e.indicated(himitsu.SeverityMedium, s, tf(
			"業務上必要でない通信の秘密の利用%[1]d件（%[2]s）がサービス利用の条件になっている",
			"%[1]d purposes that use secrecy without operational need are conditions of the service: %[2]s", s.total, list(names, 5)))}, unknown...)
	}
	if unknown != nil {
		return unknown
	}
	return []outcome{e.fine(tf("利用目的%[1]d件に、業務上必要でないのに利用の条件とされた通信の秘密の利用はない",
		"None of %[1]d purposes makes an operationally unnecessary use of secrecy a condition of the service", len(e.rec.Purposes)))}
}
