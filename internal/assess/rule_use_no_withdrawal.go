package assess

import (
	"github.com/himitsu-oss/himitsu"
)

// UseNoWithdrawal judges 5(2)iv. Guidelines §5(2)iv: users are kept from
// deciding on consent or opting out, and the secrecy obtained is used in
// effect without limit. Both halves make the case. A consent-basis purpose
// with neither a withdrawal channel nor an opt-out leaves users no such
// decision; the use is in fact unlimited when the purpose names no data
// set or class at all, when a secrecy data set it uses has no retention
// rule (kept without end), or when accesses under it reach data sets it
// does not list (use.purpose-mismatch). No way out without evidence of
// unlimited use is a weakness.
func (ruleSet) UseNoWithdrawal() rule {
	return rule{
		ID:   "use.no-withdrawal",
		Item: "5(2)iv",
		Summary: tx("同意に基づく目的に撤回の手段もオプトアウトもない",
			"A consent-basis purpose has neither a withdrawal channel nor an opt-out"),
		Indicated: "a consent-basis purpose has no `withdrawal_channel` and no `opt_out`, and its use is in fact unlimited: it lists no data sets or classes, a secrecy data set it lists has no retention rule, or accesses under it reach data sets it does not list (medium)",
		AtRisk:    "no withdrawal channel and no opt-out, without evidence of unlimited use",
		Inputs: inputs{
			Registers: []string{"attestations", "datasets", "purposes", "retention_rules"},
			Rules:     []string{"use.purpose-mismatch"},
		},
		Run: useNoWithdrawal,
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
	retained := map[string]bool{}
	for i := range e.rec.RetentionRules {
		retained[e.rec.RetentionRules[i].DataSet] = true
	}
	beyond := map[string]int{} // purpose → accesses to data sets it does not list
	for _, o := range e.result("use.purpose-mismatch") {
		if o.status == himitsu.StatusIndicated && o.ev != nil {
			for _, x := range o.ev.list() {
				beyond[x.Values["purpose"]]++
			}
		}
	}
	s, r, u := e.sampler(), e.sampler(), e.sampler()
	var names []string
	for _, p := range cps {
		if p.WithdrawalChannel != "" || p.OptOut.True() {
			continue
		}
		if !p.OptOut.Known() {
			// No channel on record, but an opt-out may exist: asked.
			u.add("purposes", p.ID, "withdrawal_channel", "none", "unknown", "opt_out")
			continue
		}
		var unlimited []string
		if len(p.DataSets) == 0 && len(p.Classes) == 0 {
			unlimited = append(unlimited, "no-scope")
		}
		for _, d := range p.DataSets {
			if e.secrecy[d] && !retained[d] {
				unlimited = append(unlimited, "no-retention:"+d)
			}
		}
		if n := beyond[p.ID]; n > 0 {
			unlimited = append(unlimited, "used-beyond-scope:"+itoa(n))
		}
		if len(unlimited) == 0 {
			r.add("purposes", p.ID, "withdrawal_channel", "none", "opt_out", "false")
			continue
		}
		names = append(names, p.Name)
		s.add("purposes", p.ID, "withdrawal_channel", "none", "opt_out", "false", "unlimited", join(unlimited))
	}
	var out []outcome
	if s.total > 0 {
		out = append(out, e.indicated(himitsu.SeverityMedium, s, tf(
			"同意に基づく目的%[1]d件（%[2]s）に撤回の手段もオプトアウトもなく、その利用は事実上無制限である（対象の定めなし、保存期間なし又は対象外への利用）",
			"%[1]d consent-basis purposes have neither a withdrawal channel nor an opt-out, and their use is in fact unlimited (no scope, no retention rule, or use beyond the listed data): %[2]s",
			s.total, list(names, 5))))
	}
	if r.total > 0 {
		out = append(out, e.atRisk(r, tf(
			"同意に基づく目的%[1]d件に撤回の手段もオプトアウトもない（利用が無制限であることを示す記録はない）",
			"%[1]d consent-basis purposes have neither a withdrawal channel nor an opt-out (nothing shows unlimited use)", r.total)))
	}
	out = append(out, e.askUnknown(u, tf("撤回の手段のない同意に基づく目的%[1]d件について、オプトアウトできるかが記録されていない",
		"For %[1]d consent-basis purposes without a withdrawal channel the records do not say whether users can opt out", u.total),
		tx("記録にない目的について、利用者はいつでもオプトアウト又は同意の撤回ができるか。", "For the purposes whose records do not say so, can users opt out or withdraw consent at any time?"))...)
	if len(out) == 0 {
		out = append(out, e.fine(tf("同意に基づく目的%[1]d件にはいずれも撤回又はオプトアウトの手段がある",
			"All %[1]d consent-basis purposes offer withdrawal or opt-out", len(cps))))
	}
	return out
}
