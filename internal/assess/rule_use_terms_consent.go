package assess

import (
	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/decide"
)

// UseTermsConsent judges 5(2)i. Guidelines §5(2)i: consent under the terms
// of a policy or agreement is applied across the board, with no rational
// reason, to obtain or use secrecy. Consents bundled with the terms are
// that case, unless the purpose runs by default with notice and an
// opt-out. Whether a consent was bundled is the decision point's judgement
// (the ConsentBundled defect of decide.ConsentDefects), so this rule and
// the decision point never disagree about a consent.
func (ruleSet) UseTermsConsent() rule {
	return rule{
		ID:   "use.terms-consent",
		Item: "5(2)i",
		Summary: tx("通信の秘密に係る同意が約款と一体で取得されている",
			"Consents to use secrecy were obtained bundled with the terms"),
		Indicated: "consents to a consent-basis purpose touching secrecy were obtained `terms-bundled` or not `separate_from_terms`, and the purpose is not a default-on purpose with opt-out (medium; high when ≥ 1,000 consents)",
		AtRisk:    "—",
		Inputs:    inputs{Registers: []string{"attestations", "consents", "datasets", "purposes"}},
		Run:       useTermsConsent,
	}
}

func useTermsConsent(e *env) []outcome {
	if len(e.rec.Purposes) == 0 {
		return e.ask(tx("利用目的が登録されていない", "No purpose is registered"), askPurposes)
	}
	target := map[string]bool{}
	for _, p := range e.consentPurposes() {
		if e.touchesSecrecy(p) && !(p.DefaultOn.True() && p.OptOut.True()) {
			target[p.ID] = true
		}
	}
	if len(target) == 0 {
		return e.notApplicable(tx("通信の秘密に係る、同意を根拠とする目的（オプトアウト付きの既定有効のものを除く）がない",
			"No consent-basis purpose touches secrecy (other than default-on purposes with an opt-out)"))
	}
	if len(e.rec.Consents) == 0 {
		return e.ask(tx("同意の記録がない", "No consent is on record"),
			tx("同意を根拠とする目的について、同意は約款への同意とは別の画面・手続で、個別に取得しているか。",
				"For the consent-basis purposes, are consents obtained separately from acceptance of the terms, on their own screen or step?"))
	}
	// A row can stand for many consents (count): the numbers and the
	// severity are of consents, not of rows.
	s, u := e.sampler(), e.sampler()
	per := map[string]int{}
	checked, bundled, unknownN := 0, 0, 0
	for i := range e.rec.Consents {
		c := &e.rec.Consents[i]
		if !target[c.Purpose] {
			continue
		}
		checked += c.N()
		_, defects := decide.ConsentDefects(c, e.purposes[c.Purpose])
		for _, d := range defects {
			if d.Code != decide.ConsentBundled {
				continue
			}
			if d.Unknown {
				unknownN += c.N()
				u.add("consents", c.ID, "purpose", c.Purpose, "method", string(c.Method), "unknown", d.Field, "count", itoa(c.N()))
			} else {
				per[c.Purpose] += c.N()
				bundled += c.N()
				s.add("consents", c.ID, "purpose", c.Purpose, "method", string(c.Method), "separate_from_terms", factText(c.SeparateFromTerms), "count", itoa(c.N()))
			}
			break
		}
	}
	unknown := e.askUnknown(u, tf("通信の秘密に係る同意%[1]d件について、約款とは別に取得したかが記録されていない",
		"For %[1]d consents to use secrecy the records do not say whether they were obtained separately from the terms", unknownN),
		tx("記録にない同意は、約款への同意とは別の画面・手続で個別に取得したか。", "Were the consents whose records do not say so obtained separately from acceptance of the terms, on their own screen or step?"))
	if bundled > 0 {
		sev := himitsu.SeverityMedium
		if bundled >= termsConsentHighCount {
			sev = himitsu.SeverityHigh
		}
		return append([]outcome{e.indicated(sev, s, tf(
			"通信の秘密に係る同意%[1]d件が約款と一体で取得されている（目的別：%[2]s）",
			"Consents to use secrecy obtained bundled with the terms: %[1]d (by purpose: %[2]s)", bundled, topCounts(per, 5, nil)))}, unknown...)
	}
	if unknown != nil {
		return unknown
	}
	return []outcome{e.fine(tf("通信の秘密に係る同意%[1]d件はいずれも約款とは別に取得されている",
		"All %[1]d consents to use secrecy were obtained separately from the terms", checked))}
}
