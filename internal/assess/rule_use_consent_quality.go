package assess

import (
	"github.com/himitsu-oss/himitsu"
)

// UseConsentQuality judges 5(2)ii. Guidelines §5(2)ii: where no lawful act
// or lawful business act applies, secrecy is obtained or used without a
// proper consent that states the purpose clearly. Pre-ticked, unspecific
// or passive consents are not such a consent.
func (ruleSet) UseConsentQuality() rule {
	return rule{
		ID:   "use.consent-quality",
		Item: "5(2)ii",
		Summary: tx("同意が事前チェック、目的不特定又は能動的でない方法で取得されている",
			"Consents were pre-ticked, not purpose-specific or not affirmative"),
		Indicated: "consents `pre-ticked`, or without `specific_purpose` or `affirmative` (medium)",
		AtRisk:    "consents without `elements_listed`",
		Inputs:    inputs{Registers: []string{"attestations", "consents", "purposes"}},
		Run:       useConsentQuality,
	}
}

func useConsentQuality(e *env) []outcome {
	if len(e.rec.Purposes) > 0 && len(e.consentPurposes()) == 0 {
		return e.notApplicable(naNoConsentPurposes)
	}
	if len(e.rec.Consents) == 0 {
		return e.ask(tx("同意の記録がない", "No consent is on record"),
			tx("通信の秘密に係る同意は、目的を特定し、取得する情報の項目を示し、利用者の能動的な操作（事前チェックなし）で取得しているか。",
				"Are consents to use secrecy obtained for a specific purpose, listing the data elements, by an affirmative act of the user (no pre-ticked box)?"))
	}
	s, r := e.sampler(), e.sampler()
	for i := range e.rec.Consents {
		c := &e.rec.Consents[i]
		if c.Method == himitsu.ConsentPreTicked || !c.SpecificPurpose || !c.Affirmative {
			s.add("consents", c.ID, "purpose", c.Purpose, "method", string(c.Method),
				"specific_purpose", yesNo(c.SpecificPurpose), "affirmative", yesNo(c.Affirmative))
		} else if !c.ElementsListed {
			r.add("consents", c.ID, "purpose", c.Purpose, "elements_listed", "false")
		}
	}
	var out []outcome
	if s.total > 0 {
		out = append(out, e.indicated(himitsu.SeverityMedium, s, tf(
			"同意%[1]d件中%[2]d件が事前チェック、目的不特定又は能動的でない方法で取得されている",
			"%[2]d of %[1]d consents were pre-ticked, not purpose-specific or not affirmative", len(e.rec.Consents), s.total)))
	}
	if r.total > 0 {
		out = append(out, e.atRisk(r, tf("同意%[1]d件で取得する情報の項目が示されていない",
			"Consents obtained without listing the data elements: %[1]d", r.total)))
	}
	if len(out) == 0 {
		out = append(out, e.fine(tf("同意%[1]d件はいずれも目的を特定し、項目を示し、能動的な操作で取得されている",
			"All %[1]d consents are purpose-specific, list the elements and were given affirmatively", len(e.rec.Consents))))
	}
	return out
}
