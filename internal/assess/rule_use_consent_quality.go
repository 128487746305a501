package assess

import (
	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/decide"
)

// UseConsentQuality judges 5(2)ii. Guidelines §5(2)ii: where no lawful act
// or lawful business act applies, secrecy is obtained or used without a
// proper consent that states the purpose clearly. Pre-ticked, unspecific
// or passive consents are not such a consent. Each consent is judged by
// the decision point's own evaluation (decide.ConsentDefects, whose first
// defect is decide.EvaluateConsent's verdict), so a consent this rule
// finds wanting is one the decision point refuses to rely on. Of its
// defects this rule takes those of 5(2)ii: not affirmative, purpose not
// specific, default-on without advance notice or without a free opt-out
// (indicated) and elements not listed (at risk); bundling in the terms is
// 5(2)i (use.terms-consent).
func (ruleSet) UseConsentQuality() rule {
	return rule{
		ID:   "use.consent-quality",
		Item: "5(2)ii",
		Summary: tx("同意が事前チェック、目的不特定又は能動的でない方法で取得されている",
			"Consents were pre-ticked, not purpose-specific or not affirmative"),
		Indicated: "consents `pre-ticked`, with `specific_purpose` or `affirmative` false, or `default-on-with-notice` with `advance_notice` or `free_opt_out` false (medium); counts are of consents (`count`)",
		AtRisk:    "consents with `elements_listed` false",
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
	// A row can stand for many consents (count): numbers are of consents.
	// A default-on-with-notice consent is a form of its own, not a
	// pre-ticked box: it needs no affirmative act, but the user must have
	// been told in advance and be able to switch the use off at any time
	// at no cost (advance_notice, free_opt_out).
	s, r, u := e.sampler(), e.sampler(), e.sampler()
	total, bad, weak, unknownN := 0, 0, 0, 0
	for i := range e.rec.Consents {
		c := &e.rec.Consents[i]
		n := c.N()
		total += n
		_, defects := decide.ConsentDefects(c, e.purposes[c.Purpose])
		var problems, unknown []string
		elementsFalse := false
		for _, d := range defects {
			switch d.Code {
			case decide.ConsentPreTicked, decide.ConsentNotSpecific, decide.ConsentDefaultNoNotice, decide.ConsentDefaultNoExit:
				if d.Unknown {
					unknown = append(unknown, d.Field)
				} else {
					problems = append(problems, d.Code)
				}
			case decide.ConsentNoElements:
				if d.Unknown {
					unknown = append(unknown, d.Field)
				} else {
					elementsFalse = true
				}
			}
		}
		if len(problems) > 0 {
			bad += n
			s.add("consents", c.ID, "purpose", c.Purpose, "method", string(c.Method), "problems", join(problems),
				"specific_purpose", factText(c.SpecificPurpose), "affirmative", factText(c.Affirmative), "count", itoa(n))
			continue
		}
		if len(unknown) > 0 {
			unknownN += n
			u.add("consents", c.ID, "purpose", c.Purpose, "method", string(c.Method), "unknown", join(unknown), "count", itoa(n))
			continue
		}
		if elementsFalse {
			weak += n
			r.add("consents", c.ID, "purpose", c.Purpose, "elements_listed", "false", "count", itoa(n))
		}
	}
	var out []outcome
	if bad > 0 {
		out = append(out, e.indicated(himitsu.SeverityMedium, s, tf(
			"同意%[1]d件中%[2]d件が事前チェック、目的不特定、能動的でない方法、又は事前の通知若しくは無償で随時のオプトアウトのない既定有効の方法で取得されている",
			"%[2]d of %[1]d consents were pre-ticked, not purpose-specific, not affirmative, or on by default without advance notice or a free opt-out at any time", total, bad)))
	}
	if weak > 0 {
		out = append(out, e.atRisk(r, tf("同意%[1]d件で取得する情報の項目が示されていない",
			"Consents obtained without listing the data elements: %[1]d", weak)))
	}
	out = append(out, e.askUnknown(u, tf("同意%[1]d件について、目的の特定、項目の明示、能動的な操作又は事前の通知・オプトアウトが記録されていない",
		"For %[1]d consents the records do not say whether they were purpose-specific, listed the elements, were affirmative, or (default-on) were noticed in advance with a free opt-out", unknownN),
		tx("記録にない同意は、目的を特定し、取得する情報の項目を示し、利用者の能動的な操作（既定で有効とする場合は事前の通知と無償で随時のオプトアウト）で取得したか。",
			"Were the consents whose records do not say so purpose-specific, listing the elements, and given by an affirmative act (or, when on by default, with advance notice and a free opt-out at any time)?"))...)
	if len(out) == 0 {
		out = append(out, e.fine(tf("同意%[1]d件はいずれも目的を特定し、項目を示し、能動的な操作（又は事前の通知と無償のオプトアウト）で取得されている",
			"All %[1]d consents are purpose-specific, list the elements and were given affirmatively (or with advance notice and a free opt-out)", total)))
	}
	return out
}
