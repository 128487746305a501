package assess

import (
	"github.com/himitsu-oss/himitsu"
)

// TechSharedAccounts judges 5(3)(iv)iii. Guidelines §5(3)(iv)iii: access
// control is inappropriate. Shared accounts on systems holding secrecy
// make access unattributable, so nobody can tell whether a person who lost
// the need still reaches the data.
func (ruleSet) TechSharedAccounts() rule {
	return rule{
		ID:   "tech.shared-accounts",
		Item: "5(3)(iv)iii",
		Summary: tx("通信の秘密を扱うシステムで共用アカウントが使われている",
			"Shared accounts are used on systems holding secrecy"),
		Indicated: "a shared account not disabled is on a system holding a secrecy data set, or appears in access events on one (medium)",
		AtRisk:    "—",
		Inputs:    inputs{Registers: []string{"accounts", "attestations", "datasets"}, Logs: []string{"access_events"}},
		Stream:    func(e *env) any { return &sharedVisitor{e: e, perAccount: map[string]int{}} },
		Run:       techSharedAccounts,
	}
}

func techSharedAccounts(e *env) []outcome {
	if len(e.rec.Accounts) == 0 {
		return e.ask(tx("アカウントの台帳が空である", "The account register is empty"),
			tx("通信の秘密を扱うシステムのアカウントはすべて個人に割り当てられ、共用アカウントは使われていないか。",
				"Is every account on systems holding secrecy assigned to one person, with no shared account in use?"))
	}
	s, u := e.sampler(), e.sampler()
	used := visitorOf[*sharedVisitor](e, e.cur.ID).perAccount
	for i := range e.rec.Accounts {
		a := &e.rec.Accounts[i]
		if a.Shared.False() {
			continue
		}
		if !a.Shared.Known() {
			// Unknown is not shared: an account with no person whose
			// sharing is not recorded, on a system holding secrecy, is
			// asked about.
			active := a.DisabledOn.IsZero() || a.DisabledOn.After(e.asOf)
			if a.Person == "" && active && e.secrecySystems[a.System] {
				u.add("accounts", a.ID, "system", a.System, "person", "", "unknown", "shared")
			}
			continue
		}
		active := a.DisabledOn.IsZero() || a.DisabledOn.After(e.asOf)
		if active && e.secrecySystems[a.System] || used[a.ID] > 0 {
			s.add("accounts", a.ID, "system", a.System, "shared", "true", "disabled_on", a.DisabledOn.String(), "events_on_secrecy_data", itoa(used[a.ID]))
		}
	}
	unknown := e.askUnknown(u, tf("通信の秘密を扱うシステムの個人の記載のないアカウント%[1]d件について、共用かが記録されていない",
		"For %[1]d accounts without a person on systems holding secrecy the records do not say whether they are shared", u.total),
		tx("記録にないアカウントは、いずれも一人の者だけが使っているか。", "Is every account whose records do not say so used by one person only?"))
	if s.total > 0 {
		return append([]outcome{e.indicated(himitsu.SeverityMedium, s, tf(
			"通信の秘密を扱うシステムで共用アカウント%[1]d件が有効又は使用されている（使用回数：%[2]s）",
			"Shared accounts enabled on, or used on, systems holding secrecy: %[1]d (uses: %[2]s)", s.total, orDash(topCounts(used, 5, nil))))}, unknown...)
	}
	if unknown != nil {
		return unknown
	}
	return []outcome{e.fine(tf("アカウント%[1]d件を確認し、通信の秘密を扱うシステムに共用アカウントはない",
		"Checked %[1]d accounts: no shared account on systems holding secrecy", len(e.rec.Accounts)))}
}

// tech.shared-accounts: shared accounts seen on secrecy data sets.
type sharedVisitor struct {
	e          *env
	perAccount map[string]int
}

func (v *sharedVisitor) visitAccess(ev *himitsu.AccessEvent, _ himitsu.Date) {
	if ev.Account == "" || !v.e.secrecy[ev.DataSet] {
		return
	}
	if a, ok := v.e.accounts[ev.Account]; ok && a.Shared.True() {
		v.perAccount[ev.Account] += ev.N()
	}
}
