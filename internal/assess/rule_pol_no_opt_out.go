package assess

import (
	"github.com/himitsu-oss/himitsu"
)

// PolNoOptOut judges 5(1)iv. Guidelines §5(1)iv: users are made to give up
// secrecy in substance without an opportunity to consent or opt out. A
// consent-basis purpose switched on by default with no opt-out gives users
// neither.
func (ruleSet) PolNoOptOut() rule {
	return rule{
		ID:   "pol.no-opt-out",
		Item: "5(1)iv",
		Summary: tx("同意に基づく目的が既定で有効なのにオプトアウトできない",
			"A consent-basis purpose is on by default without an opt-out"),
		Indicated: "a consent-basis purpose is `default_on` without `opt_out` (medium)",
		AtRisk:    "—",
		Inputs:    inputs{Registers: []string{"attestations", "purposes"}},
		Run:       polNoOptOut,
	}
}

func polNoOptOut(e *env) []outcome {
	if len(e.rec.Purposes) == 0 {
		return e.ask(tx("利用目的が登録されていない", "No purpose is registered"), askPurposes)
	}
	cps := e.consentPurposes()
	if len(cps) == 0 {
		return e.notApplicable(naNoConsentPurposes)
	}
	s, u := e.sampler(), e.sampler()
	var names []string
	for _, p := range cps {
		switch {
		case p.DefaultOn.True() && p.OptOut.False():
			names = append(names, p.Name)
			s.add("purposes", p.ID, "default_on", "true", "opt_out", "false")
		case p.DefaultOn.False() || p.OptOut.True():
		default:
			u.add("purposes", p.ID, "unknown", unknownOf(fact{"default_on", p.DefaultOn}, fact{"opt_out", p.OptOut}))
		}
	}
	unknown := e.askUnknown(u, tf("同意を根拠とする目的%[1]d件について、既定で有効か、オプトアウトできるかが記録されていない",
		"For %[1]d consent-basis purposes the records do not say whether they are on by default or whether users can opt out", u.total),
		tx("記録にない目的のうち既定で有効なものは、いずれも利用者がオプトアウトできるか。", "Of the purposes whose records do not say so, can users opt out of every one that is on by default?"))
	if s.total > 0 {
		return append([]outcome{e.indicated(himitsu.SeverityMedium, s, tf(
			"既定で有効な同意目的%[1]d件（%[2]s）にオプトアウトの手段がない",
			"%[1]d consent-basis purposes are on by default without an opt-out: %[2]s", s.total, list(names, 5)))}, unknown...)
	}
	if unknown != nil {
		return unknown
	}
	return []outcome{e.fine(tf("同意を根拠とする目的%[1]d件に、既定で有効なのにオプトアウトできないものはない",
		"None of %[1]d consent-basis purposes is on by default without an opt-out", len(cps)))}
}
