package assess

import (
	"github.com/himitsu-oss/himitsu"
)

// TechSecurityProtections judges 5(3)(iv)ii. Guidelines §5(3)(iv)ii:
// technical protection of equipment handling secrecy against security
// threats is insufficient. The rule reads privileged accounts without
// multi-factor authentication and the carrier's register of security
// protections.
func (ruleSet) TechSecurityProtections() rule {
	return rule{
		ID:   "tech.security-protections",
		Item: "5(3)(iv)ii",
		Summary: tx("特権アカウントの多要素認証やセキュリティ対策が欠けている",
			"Privileged accounts lack MFA, or security protections are missing"),
		Indicated: "a privileged account on a system holding a secrecy data set lacks MFA (medium); a security protection is `missing` (medium)",
		AtRisk:    "a security protection is `partial` or `planned`",
		Inputs:    inputs{Registers: []string{"accounts", "attestations", "datasets", "protections"}},
		Run:       techSecurityProtections,
	}
}

func techSecurityProtections(e *env) []outcome {
	if len(e.rec.Accounts) == 0 && len(e.rec.Protections) == 0 {
		return e.ask(tx("アカウントと保護措置の台帳が空である", "The account and protection registers are empty"),
			tx("通信の秘密を扱うシステムの特権アカウントはすべて多要素認証を用い、必要なセキュリティ対策（ファイアウォール、パッチ適用、ログ監視等）を講じているか。",
				"Do all privileged accounts on systems holding secrecy use multi-factor authentication, and are the needed security protections (firewall, patching, log monitoring, …) in place?"))
	}
	s, r, u := e.sampler(), e.sampler(), e.sampler()
	noMFA, missing := 0, 0
	for i := range e.rec.Accounts {
		a := &e.rec.Accounts[i]
		if a.Privileged.False() || a.MFA.True() || !e.secrecySystems[a.System] || !a.DisabledOn.IsZero() && !a.DisabledOn.After(e.asOf) {
			continue
		}
		if unk := unknownOf(fact{"privileged", a.Privileged}, fact{"mfa", a.MFA}); unk != "" {
			u.add("accounts", a.ID, "system", a.System, "person", a.Person, "unknown", unk)
			continue
		}
		noMFA++
		s.add("accounts", a.ID, "system", a.System, "privileged", "true", "mfa", "false", "person", a.Person)
	}
	for i := range e.rec.Protections {
		p := &e.rec.Protections[i]
		if p.Kind.IsEnvironmental() {
			continue
		}
		switch p.Status {
		case himitsu.ProtectionMissing:
			missing++
			s.add("protections", p.ID, "target", p.Target, "kind", string(p.Kind), "status", string(p.Status))
		case himitsu.ProtectionPartial, himitsu.ProtectionPlanned:
			r.add("protections", p.ID, "target", p.Target, "kind", string(p.Kind), "status", string(p.Status))
		}
	}
	var out []outcome
	if s.total > 0 {
		out = append(out, e.indicated(himitsu.SeverityMedium, s, tf(
			"通信の秘密を扱うシステムの特権アカウント%[1]d件に多要素認証がなく、セキュリティ対策%[2]d件が未実施である",
			"%[1]d privileged accounts on systems holding secrecy lack MFA, and %[2]d security protections are missing", noMFA, missing)))
	}
	if r.total > 0 {
		out = append(out, e.atRisk(r, tf("セキュリティ対策%[1]d件が一部実施又は計画中にとどまる", "Security protections only partial or planned: %[1]d", r.total)))
	}
	out = append(out, e.askUnknown(u, tf("通信の秘密を扱うシステムのアカウント%[1]d件について、特権の有無又は多要素認証の有無が記録されていない",
		"For %[1]d accounts on systems holding secrecy the records do not say whether they are privileged or use multi-factor authentication", u.total),
		tx("記録にないアカウントのうち特権を持つものは、いずれも多要素認証を用いているか。", "Of the accounts whose records do not say so, does every privileged one use multi-factor authentication?"))...)
	if len(out) == 0 {
		out = append(out, e.fine(tf("アカウント%[1]d件と保護措置%[2]d件を確認し、特権アカウントは多要素認証を用い、セキュリティ対策は実施済みである",
			"Checked %[1]d accounts and %[2]d protections: privileged accounts use MFA and security protections are in place", len(e.rec.Accounts), len(e.rec.Protections))))
	}
	return out
}
