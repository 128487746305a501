package assess

import (
	"fmt"
	"strings"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/policytext"
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

var askPurposes = tx("利用目的の台帳が空である。通信の秘密に係る情報を利用する目的ごとに、法的根拠（同意又は正当業務行為等）、対象データ、オプトアウト・撤回の手段を定めているか。",
	"The purpose register is empty. Has the carrier defined, for every purpose for which it uses secrecy-related information, its legal basis (consent, lawful business act, …), the data concerned and how users can opt out or withdraw?")

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

// policyReading is himitsu's own reading of a policy's text (5(1)): nil
// when the policy carries no text. Each text is analysed once per
// assessment.
func (e *env) policyReading(p *himitsu.Policy) *policytext.Report {
	if p.Text == "" || e.opts.Policies == nil {
		return nil
	}
	if r, ok := e.policyReports[p.ID]; ok {
		return r
	}
	if e.policyReports == nil {
		e.policyReports = map[string]*policytext.Report{}
	}
	name := p.ID + ".md"
	if strings.HasPrefix(strings.TrimSpace(p.Text), "<") {
		name = p.ID + ".html"
	}
	var rep *policytext.Report
	if d, err := policytext.ReadDocument(name, []byte(p.Text)); err == nil {
		r := e.opts.Policies.Analyse(d)
		rep = &r
	}
	e.policyReports[p.ID] = rep
	return rep
}

// passages returns the findings of a policy's text that match one of the
// labels, as evidence values: the quote, where it stands and the rule.
func (e *env) passages(p *himitsu.Policy, match func(policytext.Finding) bool) [][]string {
	r := e.policyReading(p)
	if r == nil {
		return nil
	}
	var out [][]string
	for _, f := range r.Findings {
		if !match(f) {
			continue
		}
		kv := []string{"screening_reading", f.Label, "page", fmt.Sprintf("%d/%d", f.Page, r.Pages)}
		if f.Quote != "" {
			kv = append(kv, "quote", f.Quote)
		} else {
			kv = append(kv, "measure", f.About.EN)
		}
		if f.Section != "" {
			kv = append(kv, "section", f.Section)
		}
		if len(f.Rules) > 0 {
			kv = append(kv, "screening_rule", strings.Join(f.Rules, ","))
		}
		out = append(out, kv)
	}
	return out
}

func labelIs(label string) func(policytext.Finding) bool {
	return func(f policytext.Finding) bool { return f.Label == label }
}
