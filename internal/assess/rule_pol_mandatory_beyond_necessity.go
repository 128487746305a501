package assess

import (
	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/policytext"
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
		Indicated: "a purpose is `mandatory_for_service`, not `operationally_necessary`, and touches secrecy (classes or data sets), or a user-facing policy's `text` refuses the service unless the user accepts an optional use such as advertising (quoted) (medium)",
		AtRisk:    "—",
		Inputs:    inputs{Registers: []string{"attestations", "datasets", "policies", "purposes"}},
		Run:       polMandatory,
	}
}

func polMandatory(e *env) []outcome {
	// A policy's text that makes an optional use a condition of the
	// service is the case whatever the purposes register says.
	s := e.sampler()
	for _, p := range e.userFacing() {
		for _, q := range e.passages(p, labelIs(policytext.LabelCondition)) {
			s.add("policies", p.ID, append([]string{"kind", string(p.Kind)}, q...)...)
		}
	}
	textual := s.total
	if len(e.rec.Purposes) == 0 && textual == 0 {
		return e.ask(tx("利用目的が登録されていない", "No purpose is registered"), askPurposes)
	}
	var names []string
	u := e.sampler()
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
		// One of the two is unknown and the other does not settle it.
		u.add("purposes", p.ID, "basis", string(p.Basis), "unknown", unknownOf(fact{"mandatory_for_service", p.MandatoryForService}, fact{"operationally_necessary", p.OperationallyNecessary}))
	}
	unknown := e.askUnknown(u, tf("通信の秘密を利用する目的%[1]d件について、サービス利用の条件か、業務上必要かが記録されていない",
		"For %[1]d purposes using secrecy the records do not say whether they are a condition of the service or operationally necessary", u.total),
		tx("記録にない目的のうち、サービス利用の条件とされているものは、いずれもサービスの提供に業務上必要か。",
			"Of the purposes whose records do not say so, is every one that is a condition of the service operationally necessary for it?"))
	if s.total > 0 {
		return append([]outcome{e.indicated(himitsu.SeverityMedium, s, tf(
			"業務上必要でない通信の秘密の利用%[1]d件（%[2]s）がサービス利用の条件になっている（文書の本文で任意の利用を条件とする箇所%[3]d件を含め、根拠に引用する）",
			"%[1]d purposes that use secrecy without operational need are conditions of the service: %[2]s (and %[3]d passages of policies making an optional use a condition, quoted in the evidence)", len(names), list(names, 5), textual))}, unknown...)
	}
	if unknown != nil {
		return unknown
	}
	return []outcome{e.fine(tf("利用目的%[1]d件に、業務上必要でないのに利用の条件とされた通信の秘密の利用はない",
		"None of %[1]d purposes makes an operationally unnecessary use of secrecy a condition of the service", len(e.rec.Purposes)))}
}
