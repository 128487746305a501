package assess

import (
	"github.com/himitsu-oss/himitsu"
)

// UseNoWithdrawal judges 5(2)iv. Guidelines §5(2)iv: users are kept from
// deciding on consent or opting out, and the secrecy obtained is used in
// effect without limit. A consent-basis purpose with neither a withdrawal
// channel nor an opt-out leaves users no such decision.
func (ruleSet) UseNoWithdrawal() rule {
	return rule{
		ID:   "use.no-withdrawal",
		Item: "5(2)iv",
		Summary: tx("同意に基づく目的に撤回の手段もオプトアウトもない",
			"A consent-basis purpose has neither a withdrawal channel nor an opt-out"),
		Indicated: "a consent-basis purpose has no `withdrawal_channel` and no `opt_out` (medium)",
		AtRisk:    "—",
		Inputs:    inputs{Registers: []string{"attestations", "purposes"}},
		Run:       useNoWithdrawal,
	}
}

func useNoWithdrawal(e *env) []outcome {
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
		if p.WithdrawalChannel != "" || p.OptOut.True() {
			continue
		}
		if p.OptOut.False() {
			names = append(names, p.Name)
			s.add("purposes", p.ID, "withdrawal_channel", "", "opt_out", "false")
		} else {
			u.add("purposes", p.ID, "withdrawal_channel", "", "unknown", "opt_out")
		}
	}
	unknown := e.askUnknown(u, tf("撤回の手段のない同意に基づく目的%[1]d件について、オプトアウトできるかが記録されていない",
		"For %[1]d consent-basis purposes without a withdrawal channel the records do not say whether users can opt out", u.total),
		tx("記録にない目的について、利用者はいつでもオプトアウト又は同意の撤回ができるか。", "For the purposes whose records do not say so, can users opt out or withdraw consent at any time?"))
	if s.total > 0 {
		return append([]outcome{e.indicated(himitsu.SeverityMedium, s, tf(
			"同意に基づく目的%[1]d件（%[2]s）に撤回の手段もオプトアウトもない",
			"%[1]d consent-basis purposes have neither a withdrawal channel nor an opt-out: %[2]s", s.total, list(names, 5)))}, unknown...)
	}
	if unknown != nil {
		return unknown
	}
	return []outcome{e.fine(tf("同意に基づく目的%[1]d件にはいずれも撤回又はオプトアウトの手段がある",
		"All %[1]d consent-basis purposes offer withdrawal or opt-out", len(cps)))}
}
