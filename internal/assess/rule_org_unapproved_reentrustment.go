package assess

import (
	"github.com/himitsu-oss/himitsu"
)

// OrgUnapprovedReentrustment judges 5(3)(i)i. Guidelines §5(3)(i)i: the
// carrier's internal control system for secrecy, including compliance and
// risk management, is insufficient. Control over who handles secrecy on
// the carrier's behalf is part of that system: re-entrustment that was
// never approved puts secrecy in hands the carrier did not choose, and a
// contractor bound by no confidentiality clause is a weakness. What the
// contractor's staff then do with secrecy is §5(3)(ii)iii
// (hum.disclosure-incident).
func (ruleSet) OrgUnapprovedReentrustment() rule {
	return rule{
		ID:   "org.unapproved-reentrustment",
		Item: "5(3)(i)i",
		Summary: tx("通信の秘密を扱う再委託が承認されていない",
			"Re-entrustment of secrecy handling was not approved"),
		Indicated: "a subcontractor that `handles_secrecy` has no `reentrustment_approved` (medium)",
		AtRisk:    "a contractor or subcontractor that handles secrecy has no `confidentiality_clause`",
		Inputs:    inputs{Registers: []string{"attestations", "organisations"}},
		Run:       orgUnapprovedReentrustment,
	}
}

func orgUnapprovedReentrustment(e *env) []outcome {
	if len(e.rec.Organisations) == 0 {
		return e.ask(tx("組織の台帳が空である", "The organisation register is empty"),
			tx("通信の秘密を扱う業務を委託している場合、委託先には守秘義務を課し、再委託は事前に承認しているか（委託していなければ「はい」）。",
				"Where work handling secrecy is entrusted, do contracts impose confidentiality and is every re-entrustment approved in advance? (Answer yes if nothing is entrusted.)"))
	}
	s, r, u := e.sampler(), e.sampler(), e.sampler()
	handlers := 0
	for i := range e.rec.Organisations {
		o := &e.rec.Organisations[i]
		// A group company that also does contract work is judged as a
		// contractor (roles).
		sub := o.HasRole(himitsu.OrgSubcontractor)
		if !sub && !o.HasRole(himitsu.OrgContractor) || o.HandlesSecrecy.False() {
			continue
		}
		if o.HandlesSecrecy.True() {
			handlers++
		}
		var unk []string
		if !o.HandlesSecrecy.Known() {
			unk = append(unk, "handles_secrecy")
		}
		if sub && !o.ReentrustmentApproved.Known() {
			unk = append(unk, "reentrustment_approved")
		}
		if !o.ConfidentialityClause.Known() {
			unk = append(unk, "confidentiality_clause")
		}
		approved := !sub || o.ReentrustmentApproved.True()
		switch {
		case o.HandlesSecrecy.True() && sub && o.ReentrustmentApproved.False():
			s.add("organisations", o.ID, "kind", string(o.Kind), "parent", o.Parent, "reentrustment_approved", "false")
		case o.HandlesSecrecy.True() && o.ConfidentialityClause.False():
			r.add("organisations", o.ID, "kind", string(o.Kind), "confidentiality_clause", "false")
		case len(unk) > 0 && !(approved && o.ConfidentialityClause.True()):
			u.add("organisations", o.ID, "kind", string(o.Kind), "unknown", join(unk))
		}
	}
	unknown := e.askUnknown(u, tf("委託先%[1]d社について、通信の秘密の取扱い、守秘条項又は再委託の承認が記録されていない",
		"For %[1]d contractors the records do not say whether they handle secrecy, have a confidentiality clause, or had their re-entrustment approved", u.total),
		tx("記録にない委託先のうち通信の秘密を扱うものは、契約に守秘条項があり、再委託は事前に承認されたか。",
			"Of the contractors whose records do not say so, does every one handling secrecy have a confidentiality clause and an approved re-entrustment?"))
	if handlers == 0 && unknown != nil {
		return unknown
	}
	if handlers == 0 {
		return e.notApplicable(tx("通信の秘密を扱う委託先・再委託先はない", "No contractor or subcontractor handles secrecy"))
	}
	var out []outcome
	if s.total > 0 {
		out = append(out, e.indicated(himitsu.SeverityMedium, s, tf(
			"通信の秘密を扱う再委託先%[1]d社の再委託が承認されていない", "Subcontractors handling secrecy engaged without approval of the re-entrustment: %[1]d", s.total)))
	}
	if r.total > 0 {
		out = append(out, e.atRisk(r, tf("通信の秘密を扱う委託先%[1]d社との契約に守秘条項がない", "Contractors handling secrecy without a confidentiality clause: %[1]d", r.total)))
	}
	out = append(out, unknown...)
	if len(out) == 0 {
		out = append(out, e.fine(tf("通信の秘密を扱う委託先%[1]d社はいずれも守秘条項があり、再委託は承認されている",
			"All %[1]d contractors handling secrecy have a confidentiality clause and approved re-entrustment", handlers)))
	}
	return out
}
