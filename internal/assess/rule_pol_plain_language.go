package assess

import (
	"slices"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/policytext"
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
		Indicated: "a public policy (privacy-policy, secrecy-policy, consent-notice, terms) is not `plain_language`, or has > 20,000 characters (opt) without `layered_summary`, or lacks `ja` in languages, or its `text` measures unclear (a section past the readability limits, no summary up front, the secrecy of communications first mentioned past the first third, quoted) (low)",
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
		// The text, when given, is measured: each problem (an unclear
		// section, no summary up front, the secrecy of communications
		// first mentioned late) is evidence quoting its passage or measure.
		read := e.passages(p, func(f policytext.Finding) bool { return f.Item == "5(1)i" })
		if len(why) == 0 && len(read) == 0 {
			// Unknown flags are asked about unless himitsu read the text
			// itself: a text measured clear answers the question.
			if len(unknown) > 0 && e.policyReading(p) == nil {
				u.add("policies", p.ID, "kind", string(p.Kind), "characters", itoa(p.Characters), "unknown", join(unknown))
			}
			continue
		}
		names = append(names, p.ID)
		if len(why) > 0 {
			s.add("policies", p.ID, "kind", string(p.Kind), "problems", join(why), "characters", itoa(p.Characters),
				"layered_summary", factText(p.LayeredSummary), "languages", join(p.Languages))
		}
		for _, q := range read {
			s.add("policies", p.ID, append([]string{"kind", string(p.Kind), "plain_language", factText(p.PlainLanguage)}, q...)...)
		}
	}
	unknown := e.askUnknown(u, tf("利用者向けの方針・約款%[1]d件について、平易な言葉で書かれているか（長文では要約があるか）が記録されておらず、本文もない",
		"For %[1]d user-facing policies the records do not say whether they are in plain language (or, when long, open with a layered summary), and carry no text to read", u.total),
		tx("記録にない方針・約款は、平易な日本語で書かれ、長文のものは冒頭に要約があるか。", "Are the policies whose records do not say so written in plain Japanese, with a layered summary when long?"))
	if s.total > 0 {
		return append([]outcome{e.indicated(himitsu.SeverityLow, s, tf(
			"利用者向けの方針・約款%[1]d件中%[2]d件（%[3]s）が、平易でない、%[4]d字超で要約がない、日本語版がない、又は本文の読みやすさに問題がある（%[5]d箇所）",
			"%[2]d of %[1]d user-facing policies (%[3]s) are not in plain language, exceed %[4]d characters without a layered summary, lack Japanese, or measure unclear in their text (%[5]d points)",
			len(ps), len(names), list(names, 5), e.th.PolicyMaxCharacters, s.total))}, unknown...)
	}
	if unknown != nil {
		return unknown
	}
	return []outcome{e.fine(tf("利用者向けの方針・約款%[1]d件はいずれも平易で日本語版があり、長文には要約がある",
		"All %[1]d user-facing policies are in plain language with a Japanese version, and long ones have a layered summary", len(ps)))}
}
