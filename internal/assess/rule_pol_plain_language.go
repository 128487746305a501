package assess

import (
	"slices"

	"github.com/himitsu-oss/himitsu"
)

// PolPlainLanguage judges 5(1)i. Guidelines §5(1)i: policies, agreements
// and the like that describe how secrecy-related information is handled
// hinder users when they are not written simply and understandably. The
// rule reads the carrier's public documents: plain language, a layered
// summary for long texts and a Japanese version.
func (ruleSet) PolPlainLanguage() rule {
	return rule{
		ID:   "pol.plain-language",
		Item: "5(1)i",
		Summary: tx("公開の方針・約款が平易でない、長文なのに要約がない、又は日本語版がない",
			"A public policy is not in plain language, is long without a layered summary, or has no Japanese version"),
		Indicated: "a public policy (privacy-policy, secrecy-policy, consent-notice, terms) is not `plain_language`, or has > 20,000 characters (opt) without `layered_summary`, or lacks `ja` in languages (low)",
		AtRisk:    "—",
		Inputs:    inputs{Registers: []string{"attestations", "policies"}},
		Run:       polPlainLanguage,
	}
}

func polPlainLanguage(e *env) []outcome {
	ps := e.userFacing()
	if len(ps) == 0 {
		return e.ask(tx("利用者向けの方針・約款が登録されていない", "No user-facing policy is registered"), askPolicies)
	}
	s, u := e.sampler(), e.sampler()
	var names []string
	for _, p := range ps {
		var why, unknown []string
		switch {
		case p.PlainLanguage.False():
			why = append(why, "not-plain-language")
		case !p.PlainLanguage.Known():
			unknown = append(unknown, "plain_language")
		}
		if p.Characters > e.th.PolicyMaxCharacters {
			switch {
			case p.LayeredSummary.False():
				why = append(why, "long-without-summary")
			case !p.LayeredSummary.Known():
				unknown = append(unknown, "layered_summary")
			}
		}
		if !slices.Contains(p.Languages, "ja") {
			why = append(why, "no-japanese")
		}
		if len(why) == 0 {
			if len(unknown) > 0 {
				u.add("policies", p.ID, "kind", string(p.Kind), "unknown", join(unknown))
			}
			continue
		}
		names = append(names, p.ID)
		s.add("policies", p.ID, "kind", string(p.Kind), "problems", join(why), "characters", itoa(p.Characters),
			"layered_summary", factText(p.LayeredSummary), "languages", join(p.Languages))
	}
	unknown := e.askUnknown(u, tf("利用者向けの方針・約款%[1]d件について、平易な言葉で書かれているか（長文では要約があるか）が記録されていない",
		"For %[1]d user-facing policies the records do not say whether they are in plain language (or, when long, open with a layered summary)", u.total),
		tx("記録にない方針・約款は、平易な日本語で書かれ、長文のものは冒頭に要約があるか。", "Are the policies whose records do not say so written in plain Japanese, with a layered summary when long?"))
	if s.total > 0 {
		return append([]outcome{e.indicated(himitsu.SeverityLow, s, tf(
			"利用者向けの方針・約款%[1]d件中%[2]d件（%[3]s）が、平易でない、%[4]d字超で要約がない、又は日本語版がない",
			"%[2]d of %[1]d user-facing policies (%[3]s) are not in plain language, exceed %[4]d characters without a layered summary, or lack Japanese",
			len(ps), s.total, list(names, 5), e.th.PolicyMaxCharacters))}, unknown...)
	}
	if unknown != nil {
		return unknown
	}
	return []outcome{e.fine(tf("利用者向けの方針・約款%[1]d件はいずれも平易で日本語版があり、長文には要約がある",
		"All %[1]d user-facing policies are in plain language with a Japanese version, and long ones have a layered summary", len(ps)))}
}
