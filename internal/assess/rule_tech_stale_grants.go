package assess

import (
	"fmt"

	"github.com/himitsu-oss/himitsu"
)

// TechStaleGrants judges 5(3)(iv)iii. Guidelines §5(3)(iv)iii: access
// control is inappropriate, and employees who no longer need to reach
// secrecy-related information after an organisational change can still
// reach it. The rule reads grants that survived a departure, transfer or
// reorganisation without review.
func (ruleSet) TechStaleGrants() rule {
	return rule{
		ID:   "tech.stale-grants",
		Item: "5(3)(iv)iii",
		Summary: tx("異動・退職後もアクセス権が残っている",
			"Access remains after transfers, reorganisations or departures"),
		Indicated: "a grant active on as_of to a secrecy data set whose person left, or had a transfer, role-change, project-end or reorganisation ≥ 30 days (opt) before as_of and after `granted_on`, with no `reviewed_on` after the change and no `access-recertification` control of the data set (or `all`) after it (medium; high when ≥ 10 grants or any person left); an account of a person who left is not disabled",
		AtRisk:    "—",
		Inputs:    inputs{Registers: []string{"accounts", "attestations", "controls", "datasets", "grants", "org_changes", "persons"}},
		Run:       techStaleGrants,
	}
}

func techStaleGrants(e *env) []outcome {
	if len(e.rec.Grants) == 0 {
		return e.ask(tx("アクセス権の台帳が空である", "The grant register is empty"),
			tx("異動・組織変更・プロジェクト終了・退職の際に、通信の秘密に係るアクセス権を30日以内に見直し、退職者のアカウントを無効化しているか。",
				"After every transfer, reorganisation, project end or departure, are grants to secrecy data reviewed within 30 days and the accounts of leavers disabled?"))
	}
	changes := map[string][]*himitsu.OrgChange{}
	for i := range e.rec.OrgChanges {
		c := &e.rec.OrgChanges[i]
		changes[c.Person] = append(changes[c.Person], c)
	}
	cutoff := e.asOf.AddDays(-e.th.StaleGrantDays)
	s := e.sampler()
	anyLeft := false
	grants := 0
	perDS := map[string]int{}
	perCause := map[string]int{}
	for i := range e.rec.Grants {
		g := &e.rec.Grants[i]
		if !e.secrecy[g.DataSet] || !g.ActiveOn(e.asOf) {
			continue
		}
		for _, pid := range e.grantHolders(g) {
			p := e.persons[pid]
			var why *staleChange
			if p != nil && !p.LeftOn.IsZero() && !p.LeftOn.After(e.asOf) {
				why = &staleChange{left: true}
			}
			if why == nil {
				for _, c := range changes[pid] {
					if c.Kind == himitsu.ChangeJoined || c.EffectiveOn.After(cutoff) || !c.EffectiveOn.After(g.GrantedOn) {
						continue
					}
					if !g.ReviewedOn.IsZero() && g.ReviewedOn.After(c.EffectiveOn) || e.recertifiedAfter(g.DataSet, c.EffectiveOn) {
						continue
					}
					if why == nil || c.EffectiveOn.After(why.change.EffectiveOn) {
						why = &staleChange{change: c, left: c.Kind == himitsu.ChangeLeave}
					}
				}
			}
			if why == nil {
				continue
			}
			grants++
			perDS[g.DataSet]++
			kv := []string{"person", pid, "dataset", g.DataSet, "scope", string(g.Scope), "granted_on", g.GrantedOn.String(), "reviewed_on", g.ReviewedOn.String()}
			if why.left {
				anyLeft = true
			}
			if c := why.change; c != nil {
				perCause[fmt.Sprintf("%s %04d-%02d", c.Kind, c.EffectiveOn.Year, c.EffectiveOn.Month)]++
				kv = append(kv, "change", c.ID, "kind", string(c.Kind), "effective_on", c.EffectiveOn.String(), "from_unit", c.FromUnit, "to_unit", c.ToUnit,
					"from_role", c.FromRole, "to_role", c.ToRole)
			} else {
				perCause["left"]++
				kv = append(kv, "left_on", p.LeftOn.String())
			}
			s.add("grants", g.ID, kv...)
		}
	}
	accounts := 0
	for i := range e.rec.Accounts {
		a := &e.rec.Accounts[i]
		p := e.persons[a.Person]
		if p == nil || p.LeftOn.IsZero() || p.LeftOn.After(e.asOf) {
			continue
		}
		if a.DisabledOn.IsZero() || a.DisabledOn.After(e.asOf) {
			accounts++
			anyLeft = true
			s.add("accounts", a.ID, "person", p.ID, "left_on", p.LeftOn.String(), "system", a.System, "disabled_on", "none")
		}
	}
	if s.total == 0 {
		return []outcome{e.fine(tf("通信の秘密に係る有効なアクセス権に、異動等から%[1]d日を超えて見直されていないものや退職者のものはなく、退職者のアカウントは無効化されている",
			"No active grant to secrecy data outlived a change by more than %[1]d days without review or belongs to a leaver, and leavers' accounts are disabled", e.th.StaleGrantDays))}
	}
	sev := himitsu.SeverityMedium
	if grants >= staleGrantHighCount || anyLeft {
		sev = himitsu.SeverityHigh
	}
	var parts []himitsu.Text
	if grants > 0 {
		parts = append(parts, tf("通信の秘密に係るアクセス権%[1]d件が異動・退職等の後も見直されずに有効である（データセット別：%[2]s；契機：%[3]s）",
			"Grants to secrecy data still active after a change without review: %[1]d (by data set: %[2]s; after: %[3]s)",
			grants, topCounts(perDS, 5, e.dsName), topCounts(perCause, 5, nil)))
	}
	if accounts > 0 {
		parts = append(parts, tf("退職者のアカウント%[1]d件が無効化されていない", "accounts of people who left not disabled: %[1]d", accounts))
	}
	return []outcome{e.indicated(sev, s, joinText(parts))}
}

// recertifiedAfter reports whether an access recertification of the data
// set (or of all) was performed after day d and by as_of: it reviews every
// grant to the data set, as reviewed_on does one grant.
func (e *env) recertifiedAfter(ds string, d himitsu.Date) bool {
	for i := range e.rec.Controls {
		c := &e.rec.Controls[i]
		if c.Kind == himitsu.ControlAccessRecertification && c.Result != "not-performed" && c.PerformedOn.After(d) && !c.PerformedOn.After(e.asOf) &&
			(c.Subject == ds || c.Subject == "all" || c.Subject == "") {
			return true
		}
	}
	return false
}
