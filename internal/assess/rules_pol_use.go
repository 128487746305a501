package assess

import (
	"slices"

	"github.com/himitsu-oss/himitsu"
)

// userFacing lists the policies addressed to users (privacy policy,
// secrecy policy, consent notice, terms), published or not: what they say
// binds the carrier's relation with users either way.
func (e *env) userFacing() []*himitsu.Policy {
	var out []*himitsu.Policy
	for i := range e.rec.Policies {
		if p := &e.rec.Policies[i]; p.Kind.IsPublic() {
			out = append(out, p)
		}
	}
	return out
}

var askPolicies = tx("公開の方針・約款の記録がない。利用者向けの方針・約款（プライバシーポリシー、通信の秘密の取扱方針、同意画面の説明、約款）は、平易な日本語で書かれ、放棄条項や漏えい時の免責条項を含まないか。",
	"No user-facing policy is on record. Are the carrier's policies for users (privacy policy, secrecy policy, consent notices, terms) written in plain Japanese, free of any waiver of secrecy and of any disclaimer of liability for leaks?")

func polPlainLanguage(e *env) []outcome {
	ps := e.userFacing()
	if len(ps) == 0 {
		return e.ask(tx("利用者向けの方針・約款が登録されていない", "No user-facing policy is registered"), askPolicies)
	}
	s := e.sampler()
	var names []string
	for _, p := range ps {
		var why []string
		if !p.PlainLanguage {
			why = append(why, "not-plain-language")
		}
		if p.Characters > e.th.PolicyMaxCharacters && !p.LayeredSummary {
			why = append(why, "long-without-summary")
		}
		if !slices.Contains(p.Languages, "ja") {
			why = append(why, "no-japanese")
		}
		if len(why) == 0 {
			continue
		}
		names = append(names, p.ID)
		s.add("policies", p.ID, "kind", string(p.Kind), "problems", join(why), "characters", itoa(p.Characters),
			"layered_summary", yesNo(p.LayeredSummary), "languages", join(p.Languages))
	}
	if s.total > 0 {
		return []outcome{e.indicated(himitsu.SeverityLow, s, tf(
			"利用者向けの方針・約款%[1]d件中%[2]d件（%[3]s）が、平易でない、%[4]d字超で要約がない、又は日本語版がない",
			"%[2]d of %[1]d user-facing policies (%[3]s) are not in plain language, exceed %[4]d characters without a layered summary, or lack Japanese",
			len(ps), s.total, list(names, 5), e.th.PolicyMaxCharacters))}
	}
	return []outcome{e.fine(tf("利用者向けの方針・約款%[1]d件はいずれも平易で日本語版があり、長文には要約がある",
		"All %[1]d user-facing policies are in plain language with a Japanese version, and long ones have a layered summary", len(ps)))}
}

func polReachable(e *env) []outcome {
	if len(e.rec.Policies) == 0 {
		return e.ask(tx("方針の台帳が空である", "The policy register is empty"),
			tx("プライバシーポリシー又は通信の秘密の取扱方針をウェブサイトで公表しており、トップページから2回以内の操作で到達できるか。",
				"Does the carrier publish a privacy policy or secrecy policy on its website, reachable within two clicks from the top page?"))
	}
	var public []*himitsu.Policy
	s := e.sampler()
	for i := range e.rec.Policies {
		p := &e.rec.Policies[i]
		if p.Kind != himitsu.PolicyPrivacy && p.Kind != himitsu.PolicySecrecy {
			continue
		}
		if p.Public {
			public = append(public, p)
		} else {
			s.add("policies", p.ID, "kind", string(p.Kind), "public", "false")
		}
	}
	if len(public) == 0 {
		if s.total == 0 {
			s.add("carrier", e.rec.Carrier.ID, "public_privacy_or_secrecy_policies", "0")
		}
		return []outcome{e.indicated(himitsu.SeverityMedium, s, tx(
			"公開されたプライバシーポリシーも通信の秘密の取扱方針もない",
			"There is no public privacy policy or secrecy policy at all"))}
	}
	r := e.sampler()
	for _, p := range public {
		if p.URL == "" || p.ClicksFromTop > e.th.PolicyMaxClicks {
			r.add("policies", p.ID, "url", p.URL, "clicks_from_top", itoa(p.ClicksFromTop))
		}
	}
	if r.total > 0 {
		return []outcome{e.atRisk(r, tf("公開の方針%[1]d件中%[2]d件にURLがない、又はトップページから%[3]d回を超える操作を要する",
			"%[2]d of %[1]d public policies have no URL or take more than %[3]d clicks from the top page", len(public), r.total, e.th.PolicyMaxClicks))}
	}
	return []outcome{e.fine(tf("公開の方針%[1]d件はURLがあり、トップページから%[2]d回以内で到達できる",
		"%[1]d public policies have a URL and are within %[2]d clicks of the top page", len(public), e.th.PolicyMaxClicks))}
}

var askPurposes = tx("利用目的の台帳が空である。通信の秘密に係る情報を利用する目的ごとに、法的根拠（同意又は正当業務行為等）、対象データ、オプトアウト・撤回の手段を定めているか。",
	"The purpose register is empty. Has the carrier defined, for every purpose for which it uses secrecy-related information, its legal basis (consent, lawful business act, …), the data concerned and how users can opt out or withdraw?")

func polMandatory(e *env) []outcome {
	if len(e.rec.Purposes) == 0 {
		return e.ask(tx("利用目的が登録されていない", "No purpose is registered"), askPurposes)
	}
	s := e.sampler()
	var names []string
	for i := range e.rec.Purposes {
		p := &e.rec.Purposes[i]
		if p.MandatoryForService && !p.OperationallyNecessary && e.touchesSecrecy(p) {
			names = append(names, p.Name)
			s.add("purposes", p.ID, "mandatory_for_service", "true", "operationally_necessary", "false", "basis", string(p.Basis))
		}
	}
	if s.total > 0 {
		return []outcome{e.indicated(himitsu.SeverityMedium, s, tf(
			"業務上必要でない通信の秘密の利用%[1]d件（%[2]s）がサービス利用の条件になっている",
			"%[1]d purposes that use secrecy without operational need are conditions of the service: %[2]s", s.total, list(names, 5)))}
	}
	return []outcome{e.fine(tf("利用目的%[1]d件に、業務上必要でないのに利用の条件とされた通信の秘密の利用はない",
		"None of %[1]d purposes makes an operationally unnecessary use of secrecy a condition of the service", len(e.rec.Purposes)))}
}

func polWaiver(e *env) []outcome {
	ps := e.userFacing()
	if len(ps) == 0 {
		return e.ask(tx("利用者向けの方針・約款が登録されていない", "No user-facing policy is registered"), askPolicies)
	}
	s := e.sampler()
	for _, p := range ps {
		if p.WaiverClause {
			s.add("policies", p.ID, "kind", string(p.Kind), "waiver_clause", "true", "title", p.Title)
		}
	}
	if s.total > 0 {
		return []outcome{e.indicated(himitsu.SeverityHigh, s, tf(
			"利用者向けの文書%[1]d件が通信の秘密を事実上放棄させる条項を含む",
			"User-facing documents with a clause by which users in effect waive the secrecy of their communications: %[1]d", s.total))}
	}
	return []outcome{e.fine(tf("利用者向けの文書%[1]d件に放棄条項はない", "None of %[1]d user-facing documents contains a waiver clause", len(ps)))}
}

func (e *env) consentPurposes() []*himitsu.Purpose {
	var out []*himitsu.Purpose
	for i := range e.rec.Purposes {
		if p := &e.rec.Purposes[i]; p.Basis == himitsu.BasisConsent {
			out = append(out, p)
		}
	}
	return out
}

var naNoConsentPurposes = tx("同意を根拠とする利用目的がない", "No purpose rests on consent")

func polNoOptOut(e *env) []outcome {
	if len(e.rec.Purposes) == 0 {
		return e.ask(tx("利用目的が登録されていない", "No purpose is registered"), askPurposes)
	}
	cps := e.consentPurposes()
	if len(cps) == 0 {
		return e.notApplicable(naNoConsentPurposes)
	}
	s := e.sampler()
	var names []string
	for _, p := range cps {
		if p.DefaultOn && !p.OptOut {
			names = append(names, p.Name)
			s.add("purposes", p.ID, "default_on", "true", "opt_out", "false")
		}
	}
	if s.total > 0 {
		return []outcome{e.indicated(himitsu.SeverityMedium, s, tf(
			"既定で有効な同意目的%[1]d件（%[2]s）にオプトアウトの手段がない",
			"%[1]d consent-basis purposes are on by default without an opt-out: %[2]s", s.total, list(names, 5)))}
	}
	return []outcome{e.fine(tf("同意を根拠とする目的%[1]d件に、既定で有効なのにオプトアウトできないものはない",
		"None of %[1]d consent-basis purposes is on by default without an opt-out", len(cps)))}
}

func polLeakResponsibility(e *env) []outcome {
	ps := e.userFacing()
	if len(ps) == 0 {
		return e.ask(tx("利用者向けの方針・約款が登録されていない", "No user-facing policy is registered"), askPolicies)
	}
	s := e.sampler()
	states := 0
	for _, p := range ps {
		if p.DisclaimsLeakLiability {
			s.add("policies", p.ID, "kind", string(p.Kind), "disclaims_leak_liability", "true")
		}
		if p.StatesLeakResponsibility && p.Public {
			states++
		}
	}
	var out []outcome
	if s.total > 0 {
		out = append(out, e.indicated(himitsu.SeverityMedium, s, tf(
			"利用者向けの文書%[1]d件が漏えい時の責任を否認している", "User-facing documents disclaiming liability for leaks: %[1]d", s.total)))
	}
	if states == 0 {
		r := e.sampler()
		for _, p := range ps {
			r.add("policies", p.ID, "kind", string(p.Kind), "states_leak_responsibility", "false")
		}
		out = append(out, e.atRisk(r, tx("公開の文書のいずれも、漏えい時にどのように責任を負うかを述べていない",
			"No public document states how the carrier takes responsibility for leaks")))
	}
	if len(out) == 0 {
		out = append(out, e.fine(tf("公開の文書%[1]d件が漏えい時の責任を述べ、否認するものはない",
			"%[1]d public documents state the carrier's responsibility for leaks and none disclaims it", states)))
	}
	return out
}

func useTermsConsent(e *env) []outcome {
	if len(e.rec.Purposes) == 0 {
		return e.ask(tx("利用目的が登録されていない", "No purpose is registered"), askPurposes)
	}
	target := map[string]bool{}
	for _, p := range e.consentPurposes() {
		if e.touchesSecrecy(p) && !(p.DefaultOn && p.OptOut) {
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
	s := e.sampler()
	per := map[string]int{}
	checked := 0
	for i := range e.rec.Consents {
		c := &e.rec.Consents[i]
		if !target[c.Purpose] {
			continue
		}
		checked++
		if c.Method == himitsu.ConsentTermsBundled || !c.SeparateFromTerms {
			per[c.Purpose]++
			s.add("consents", c.ID, "purpose", c.Purpose, "method", string(c.Method), "separate_from_terms", yesNo(c.SeparateFromTerms))
		}
	}
	if s.total > 0 {
		sev := himitsu.SeverityMedium
		if s.total >= termsConsentHighCount {
			sev = himitsu.SeverityHigh
		}
		return []outcome{e.indicated(sev, s, tf(
			"通信の秘密に係る同意%[1]d件が約款と一体で取得されている（目的別：%[2]s）",
			"Consents to use secrecy obtained bundled with the terms: %[1]d (by purpose: %[2]s)", s.total, topCounts(per, 5, nil)))}
	}
	return []outcome{e.fine(tf("通信の秘密に係る同意%[1]d件はいずれも約款とは別に取得されている",
		"All %[1]d consents to use secrecy were obtained separately from the terms", checked))}
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

var askAccessEvents = tx("アクセスログが提供されていない。通信の秘密に係るデータセットへのアクセスは記録され、その記録は目的・同意と照合されているか。",
	"No access events were supplied. Are accesses to data sets holding secrecy logged, and is the log checked against purposes and consents?")

// consentEventsUndecidable is the outcome of the rules over accesses under
// consent-basis purposes when they cannot judge: not applicable without
// such purposes, a question without access events; nil when they can.
func (e *env) consentEventsUndecidable() []outcome {
	if len(e.rec.Purposes) > 0 && len(e.consentPurposes()) == 0 {
		return e.notApplicable(naNoConsentPurposes)
	}
	if e.acc.judged == 0 {
		return e.ask(tx("アクセスログがない", "There are no access events"), askAccessEvents)
	}
	return nil
}

func useEventWithoutConsent(e *env) []outcome {
	if out := e.consentEventsUndecidable(); out != nil {
		return out
	}
	v := e.acc.noConsent
	if v.s.total > 0 {
		return []outcome{e.indicated(himitsu.SeverityHigh, v.s, tf(
			"同意に基づく目的のアクセス%[1]d件について、その時点で有効な同意がない（目的別：%[2]s）",
			"Accesses under consent-basis purposes to subscribers with no consent active at the time: %[1]d (by purpose: %[2]s)",
			v.s.total, topCounts(v.perPurpose, 5, nil)))}
	}
	return []outcome{e.fine(tf("アクセス%[1]d件を確認し、同意に基づく目的のアクセス%[2]d件はいずれも有効な同意に基づく",
		"Checked %[1]d access events; all %[2]d under consent-basis purposes had an active consent", e.acc.judged, v.checked))}
}

func usePurposeMismatch(e *env) []outcome {
	if out := e.consentEventsUndecidable(); out != nil {
		return out
	}
	v := e.acc.mismatch
	if v.s.total > 0 {
		return []outcome{e.indicated(himitsu.SeverityMedium, v.s, tf(
			"同意に基づく目的のアクセス%[1]d件が、その目的の対象でないデータセットに及んでいる（目的 → データセット：%[2]s）",
			"Accesses under consent-basis purposes to data sets the purpose does not list: %[1]d (purpose → data set: %[2]s)",
			v.s.total, topCounts(v.perPurpose, 5, nil)))}
	}
	return []outcome{e.fine(tf("同意に基づく目的のアクセス%[1]d件はいずれも目的の対象データセットに限られる",
		"All %[1]d accesses under consent-basis purposes stayed within the purposes' data sets", v.checked))}
}

func useLawfulBusinessScope(e *env) []outcome {
	if len(e.rec.DataSets) == 0 {
		return e.ask(tx("データセットの台帳が空である", "The data set register is empty"),
			tx("通信の秘密に係る情報へのアクセスは、すべて定められた目的（正当業務行為の範囲）に基づいて行われているか。",
				"Does every access to secrecy-related information happen under a defined purpose within the scope of a lawful business act?"))
	}
	if len(e.secrecy) == 0 {
		return e.notApplicable(tx("通信の秘密に係るデータセットがない", "No data set holds secrecy"))
	}
	if e.acc.judged == 0 {
		return e.ask(tx("アクセスログがない", "There are no access events"), askAccessEvents)
	}
	v := e.acc.lawful
	if v.s.total > 0 {
		sev := himitsu.SeverityMedium
		if v.s.total >= lawfulScopeHighCount {
			sev = himitsu.SeverityHigh
		}
		return []outcome{e.indicated(sev, v.s, tf(
			"通信の秘密に係るデータセットへのアクセス%[1]d件が、目的なし（%[2]d件）又は正当業務行為の目的の範囲外である（データセット別：%[3]s）",
			"%[1]d accesses to secrecy data sets had no purpose (%[2]d) or a lawful-business purpose that does not cover the data set (by data set: %[3]s)",
			v.s.total, v.noPurp, topCounts(v.perDS, 5, e.dsName)))}
	}
	return []outcome{e.fine(tf("通信の秘密に係るデータセットへのアクセス%[1]d件はいずれも目的の範囲内である",
		"All %[1]d accesses to secrecy data sets were within a purpose that covers them", v.checked))}
}

func useNoWithdrawal(e *env) []outcome {
	if len(e.rec.Purposes) == 0 {
		return e.ask(tx("利用目的が登録されていない", "No purpose is registered"), askPurposes)
	}
	cps := e.consentPurposes()
	if len(cps) == 0 {
		return e.notApplicable(naNoConsentPurposes)
	}
	s := e.sampler()
	var names []string
	for _, p := range cps {
		if p.WithdrawalChannel == "" && !p.OptOut {
			names = append(names, p.Name)
			s.add("purposes", p.ID, "withdrawal_channel", "", "opt_out", "false")
		}
	}
	if s.total > 0 {
		return []outcome{e.indicated(himitsu.SeverityMedium, s, tf(
			"同意に基づく目的%[1]d件（%[2]s）に撤回の手段もオプトアウトもない",
			"%[1]d consent-basis purposes have neither a withdrawal channel nor an opt-out: %[2]s", s.total, list(names, 5)))}
	}
	return []outcome{e.fine(tf("同意に基づく目的%[1]d件にはいずれも撤回又はオプトアウトの手段がある",
		"All %[1]d consent-basis purposes offer withdrawal or opt-out", len(cps)))}
}
