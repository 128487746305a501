package assess

import (
	"fmt"
	"slices"
	"sort"
	"time"

	"github.com/himitsu-oss/himitsu"
)

func techChangeControl(e *env) []outcome {
	if len(e.rec.SystemChanges) == 0 {
		return e.ask(tx("システム変更の記録がない", "No system change is recorded"),
			tx("通信の秘密に影響し得るシステムの修理・変更は、すべて試験、第三者の確認、切戻し計画を経て行っているか。",
				"Is every repair or change of a system that can affect secrecy tested, reviewed by someone else and backed by a rollback plan?"))
	}
	linked := map[string][]string{}
	for i := range e.rec.Incidents {
		if c := e.rec.Incidents[i].Change; c != "" {
			linked[c] = append(linked[c], e.rec.Incidents[i].ID)
		}
	}
	s, r := e.sampler(), e.sampler()
	for i := range e.rec.SystemChanges {
		c := &e.rec.SystemChanges[i]
		if !c.AffectsSecrecy || c.Tested && c.Reviewed && c.RollbackPlan {
			continue
		}
		kv := []string{"system", c.System, "kind", string(c.Kind), "tested", yesNo(c.Tested), "reviewed", yesNo(c.Reviewed), "rollback_plan", yesNo(c.RollbackPlan)}
		if inc := linked[c.ID]; len(inc) > 0 {
			s.add("system_changes", c.ID, append(kv, "incidents", list(inc, 5))...)
		} else {
			r.add("system_changes", c.ID, kv...)
		}
	}
	var out []outcome
	if s.total > 0 {
		out = append(out, e.indicated(himitsu.SeverityHigh, s, tf(
			"試験・確認・切戻し計画のいずれかを欠く変更%[1]d件が事故につながった", "Changes without testing, review or a rollback plan that led to incidents: %[1]d", s.total)))
	}
	if r.total > 0 {
		out = append(out, e.atRisk(r, tf("通信の秘密に影響する変更%[1]d件が試験・確認・切戻し計画のいずれかを欠く",
			"Changes affecting secrecy without testing, review or a rollback plan: %[1]d", r.total)))
	}
	if len(out) == 0 {
		out = append(out, e.fine(tf("システム変更%[1]d件のうち通信の秘密に影響するものはすべて試験・確認・切戻し計画を経ている",
			"Every change affecting secrecy among %[1]d system changes was tested, reviewed and had a rollback plan", len(e.rec.SystemChanges))))
	}
	return out
}

func techSecurityProtections(e *env) []outcome {
	if len(e.rec.Accounts) == 0 && len(e.rec.Protections) == 0 {
		return e.ask(tx("アカウントと保護措置の台帳が空である", "The account and protection registers are empty"),
			tx("通信の秘密を扱うシステムの特権アカウントはすべて多要素認証を用い、必要なセキュリティ対策（ファイアウォール、パッチ適用、ログ監視等）を講じているか。",
				"Do all privileged accounts on systems holding secrecy use multi-factor authentication, and are the needed security protections (firewall, patching, log monitoring, …) in place?"))
	}
	s, r := e.sampler(), e.sampler()
	noMFA, missing := 0, 0
	for i := range e.rec.Accounts {
		a := &e.rec.Accounts[i]
		if !a.Privileged || a.MFA || !e.secrecySystems[a.System] || !a.DisabledOn.IsZero() && !a.DisabledOn.After(e.asOf) {
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
	if len(out) == 0 {
		out = append(out, e.fine(tf("アカウント%[1]d件と保護措置%[2]d件を確認し、特権アカウントは多要素認証を用い、セキュリティ対策は実施済みである",
			"Checked %[1]d accounts and %[2]d protections: privileged accounts use MFA and security protections are in place", len(e.rec.Accounts), len(e.rec.Protections))))
	}
	return out
}

func techEnvironmental(e *env) []outcome {
	if len(e.rec.Areas) == 0 {
		return e.ask(tx("区域が登録されていない", "No area is registered"),
			tx("通信の秘密に係るシステムを置く区域には、消火設備、無停電電源装置及び漏水検知を備えているか（自ら運用していなければ「はい」）。",
				"Are the areas housing systems with secrecy equipped with fire suppression, an uninterruptible power supply and water detection? (Answer yes if the carrier operates none itself.)"))
	}
	s, r := e.sampler(), e.sampler()
	controlled := 0
	for i := range e.rec.Areas {
		a := &e.rec.Areas[i]
		if a.Kind != himitsu.AreaControlled {
			continue
		}
		controlled++
		status := map[string]himitsu.ProtectionStatus{}
		for j := range e.rec.Protections {
			p := &e.rec.Protections[j]
			if p.Target != a.ID && (a.Site == "" || p.Target != a.Site) {
				continue
			}
			k := string(p.Kind)
			if cur, ok := status[k]; !ok || rankStatus(p.Status) > rankStatus(cur) {
				status[k] = p.Status
			}
		}
		var lack, weak []string
		for _, k := range []string{"fire-suppression", "ups"} {
			if status[k] != himitsu.ProtectionInPlace {
				lack = append(lack, k)
			}
		}
		if status["water-detection"] != himitsu.ProtectionInPlace && status["water-detection"] != himitsu.ProtectionPartial {
			weak = append(weak, "water-detection")
		}
		for _, k := range []string{"fire-suppression", "ups", "water-detection"} {
			if status[k] == himitsu.ProtectionPartial {
				weak = append(weak, k+":partial")
			}
		}
		switch {
		case len(lack) > 0:
			s.add("areas", a.ID, "site", a.Site, "lacks_in_place", join(lack))
		case len(weak) > 0:
			r.add("areas", a.ID, "site", a.Site, "weak", join(weak))
		}
	}
	if controlled == 0 {
		return e.notApplicable(tx("管理区域（サーバ室等）が登録されていない", "No controlled area (server room) is registered"))
	}
	var out []outcome
	if s.total > 0 {
		out = append(out, e.indicated(himitsu.SeverityMedium, s, tf("管理区域%[1]d件中%[2]d件に実施済みの消火設備又は無停電電源装置がない",
			"%[2]d of %[1]d controlled areas lack in-place fire suppression or a UPS", controlled, s.total)))
	}
	if r.total > 0 {
		out = append(out, e.atRisk(r, tf("管理区域%[1]d件で漏水検知がない、又は環境対策が一部実施にとどまる",
			"%[1]d controlled areas lack water detection or have an environmental protection only partly in place", r.total)))
	}
	if len(out) == 0 {
		out = append(out, e.fine(tf("管理区域%[1]d件はいずれも消火設備、無停電電源装置及び漏水検知を備える",
			"All %[1]d controlled areas have fire suppression, a UPS and water detection in place", controlled)))
	}
	return out
}

func rankStatus(s himitsu.ProtectionStatus) int {
	switch s {
	case himitsu.ProtectionInPlace:
		return 3
	case himitsu.ProtectionPartial:
		return 2
	case himitsu.ProtectionPlanned:
		return 1
	}
	return 0
}

// staleChange is the change that makes a grant stale.
type staleChange struct {
	change *himitsu.OrgChange // nil when the person left (persons.left_on)
	left   bool
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
		pid := e.grantPerson(g)
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
				if !g.ReviewedOn.IsZero() && g.ReviewedOn.After(c.EffectiveOn) {
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

func techSharedAccounts(e *env) []outcome {
	if len(e.rec.Accounts) == 0 {
		return e.ask(tx("アカウントの台帳が空である", "The account register is empty"),
			tx("通信の秘密を扱うシステムのアカウントはすべて個人に割り当てられ、共用アカウントは使われていないか。",
				"Is every account on systems holding secrecy assigned to one person, with no shared account in use?"))
	}
	s := e.sampler()
	used := e.acc.shared.perAccount
	for i := range e.rec.Accounts {
		a := &e.rec.Accounts[i]
		if !a.Shared {
			continue
		}
		active := a.DisabledOn.IsZero() || a.DisabledOn.After(e.asOf)
		if active && e.secrecySystems[a.System] || used[a.ID] > 0 {
			s.add("accounts", a.ID, "system", a.System, "shared", "true", "disabled_on", a.DisabledOn.String(), "events_on_secrecy_data", itoa(used[a.ID]))
		}
	}
	if s.total > 0 {
		return []outcome{e.indicated(himitsu.SeverityMedium, s, tf(
			"通信の秘密を扱うシステムで共用アカウント%[1]d件が有効又は使用されている（使用回数：%[2]s）",
			"Shared accounts enabled on, or used on, systems holding secrecy: %[1]d (uses: %[2]s)", s.total, orDash(topCounts(used, 5, nil))))}
	}
	return []outcome{e.fine(tf("アカウント%[1]d件を確認し、通信の秘密を扱うシステムに共用アカウントはない",
		"Checked %[1]d accounts: no shared account on systems holding secrecy", len(e.rec.Accounts)))}
}

func techExtractExposure(e *env) []outcome {
	if len(e.rec.Extracts) == 0 {
		return e.ask(tx("抽出・バックアップの台帳が空である", "The extract register is empty"),
			tx("通信の秘密に係るデータのバックアップ・抽出・複製をすべて台帳で管理し、業務上必要なものに限り、承認を得て、暗号化し、閲覧者を限定しているか。",
				"Are all backups, extracts and replicas of secrecy data registered, limited to business need, approved, encrypted and readable only by a few people?"))
	}
	s := e.sampler()
	sev := himitsu.SeverityMedium
	checked := 0
	for i := range e.rec.Extracts {
		x := &e.rec.Extracts[i]
		if !e.secrecy[x.DataSet] || !x.DeletedOn.IsZero() && !x.DeletedOn.After(e.asOf) {
			continue
		}
		checked++
		var why []string
		if x.ReadableBy > e.th.ExtractMaxReaders {
			why = append(why, "readable_by")
		}
		if !x.Encrypted {
			why = append(why, "not-encrypted")
		}
		if !x.Approved {
			why = append(why, "not-approved")
		}
		if x.BusinessNeed == "" {
			why = append(why, "no-business-need")
		}
		if len(why) == 0 {
			continue
		}
		if x.ReadableBy >= extractHighReaders {
			sev = himitsu.SeverityHigh
		}
		s.add("extracts", x.ID, "dataset", x.DataSet, "location", x.Location, "readable_by", itoa(x.ReadableBy), "problems", join(why))
	}
	if s.total > 0 {
		return []outcome{e.indicated(sev, s, tf(
			"通信の秘密に係る抽出・バックアップ%[1]d件中%[2]d件が、%[3]d人超が閲覧可能、暗号化なし、未承認又は業務上の必要なしである",
			"Extracts of secrecy data readable by more than %[3]d people, unencrypted, unapproved or without business need: %[2]d of %[1]d", checked, s.total, e.th.ExtractMaxReaders))}
	}
	return []outcome{e.fine(tf("通信の秘密に係る抽出・バックアップ%[1]d件はいずれも承認済み・暗号化済みで閲覧者が限られ、業務上の必要がある",
		"All %[1]d extracts of secrecy data are approved, encrypted, narrowly readable and needed", checked))}
}

func techUnapprovedExport(e *env) []outcome {
	if e.acc.judged == 0 {
		return e.ask(tx("アクセスログがない", "There are no access events"), askAccessEvents)
	}
	v := e.acc.unapproved
	if v.s.total > 0 {
		people := make([]string, 0, len(v.people))
		for p := range v.people {
			people = append(people, p)
		}
		return []outcome{e.indicated(himitsu.SeverityHigh, v.s, tf(
			"持出し権限のない%[1]d人（%[2]s）による持出し・印刷が%[3]d件ある（データセット別：%[4]s）",
			"Exports or prints without an export grant that day: %[3]d, by %[1]d (%[2]s; by data set: %[4]s)",
			len(people), list(people, 5), v.s.total, topCounts(v.perDS, 5, e.dsName)))}
	}
	return []outcome{e.fine(tf("持出し・印刷%[1]d件はいずれも当日有効な持出し権限に基づく",
		"All %[1]d exports and prints were covered by an export grant active that day", v.checked))}
}

func cmpRules(e *env) []outcome {
	if len(e.rec.Policies) == 0 && e.rec.Desk.ComplaintRule == "" && len(e.rec.Desk.Channels) == 0 {
		return e.ask(tx("方針と窓口の記録がない", "No policy and no desk are recorded"),
			tx("苦情・相談の処理手順（受付、記録、上申、回答の期限）を規程として定めているか。",
				"Has the carrier adopted a written rule for handling complaints and consultations (intake, records, escalation, response times)?"))
	}
	for i := range e.rec.Policies {
		if p := &e.rec.Policies[i]; p.Kind == himitsu.PolicyComplaintRule {
			return []outcome{e.fine(tf("苦情処理の規程（%[1]s）がある", "A complaint rule is in place (%[1]s)", p.ID))}
		}
	}
	if e.rec.Desk.ComplaintRule != "" {
		return []outcome{e.fine(tf("窓口の苦情処理規程（%[1]s）がある", "The desk names a complaint rule (%[1]s)", e.rec.Desk.ComplaintRule))}
	}
	s := e.sampler()
	s.add("desk", e.rec.Carrier.ID, "complaint_rule", "none", "complaint_rule_policies", "0")
	return []outcome{e.indicated(himitsu.SeverityMedium, s, tx("苦情処理の規程がなく、窓口も規程を定めていない", "There is no complaint-rule policy and the desk names no complaint rule"))}
}

var askComplaints = tx("苦情の記録がない。通信の秘密・漏えいの疑い・プライバシーに関する苦情や相談をすべて記録し、漏えいの端緒となるものは速やかに上申しているか。",
	"No complaint is recorded. Does the desk record every complaint or consultation about secrecy, suspected leaks or privacy, and escalate those that may reveal a leak promptly?")

func cmpBacklog(e *env) []outcome {
	if len(e.rec.Complaints) == 0 {
		return e.ask(tx("苦情が登録されていない", "No complaint is registered"), askComplaints)
	}
	closeLimit := time.Duration(e.th.ComplaintCloseDays) * 24 * time.Hour
	asOfEnd := e.asOf.AddDays(1).Time()
	var rel int
	s := e.sampler()
	for i := range e.rec.Complaints {
		c := &e.rec.Complaints[i]
		switch c.Category {
		case himitsu.ComplaintSecrecy, himitsu.ComplaintLeakSuspicion, himitsu.ComplaintPrivacy:
		default:
			continue
		}
		if !e.within(himitsu.DateOf(c.ReceivedAt), complaintWindowDays) {
			continue
		}
		rel++
		open := c.ClosedAt.IsZero() || !c.ClosedAt.Before(asOfEnd)
		// An open complaint counts once it has been open longer than the
		// closing period: one received last week can still close in time.
		switch {
		case open && asOfEnd.Sub(c.ReceivedAt) > closeLimit:
			s.add("complaints", c.ID, "category", string(c.Category), "received_at", ts(c.ReceivedAt), "state", "open")
		case !open && c.ClosedAt.Sub(c.ReceivedAt) > closeLimit:
			s.add("complaints", c.ID, "category", string(c.Category), "received_at", ts(c.ReceivedAt),
				"days_to_close", itoa(int(c.ClosedAt.Sub(c.ReceivedAt).Hours()/24)))
		}
	}
	if rel < e.th.ComplaintMinCount {
		return []outcome{e.fine(tf("過去1年の通信の秘密・漏えいの疑い・プライバシーに関する苦情は%[1]d件で、判断の基準（%[2]d件）に満たない",
			"%[1]d secrecy, leak-suspicion or privacy complaints in the past year, fewer than the %[2]d needed to judge a backlog", rel, e.th.ComplaintMinCount))}
	}
	share := float64(s.total) / float64(rel)
	if share > e.th.ComplaintBacklogShare {
		return []outcome{e.indicated(himitsu.SeverityMedium, s, tf(
			"過去1年の通信の秘密等に関する苦情%[1]d件中%[2]d件（%.0[3]f%%）が%[4]d日を超えて未処理又は処理に%[4]d日超を要した",
			"%[2]d of %[1]d secrecy-related complaints in the past year (%.0[3]f%%) stayed open or took more than %[4]d days to close",
			rel, s.total, share*100, e.th.ComplaintCloseDays))}
	}
	return []outcome{e.fine(tf("過去1年の通信の秘密等に関する苦情%[1]d件のうち滞留は%[2]d件で、基準（%.0[3]f%%）以下である",
		"%[2]d of %[1]d secrecy-related complaints in the past year were slow or open, within the %.0[3]f%% threshold", rel, s.total, e.th.ComplaintBacklogShare*100))}
}

func cmpLeakClueEscalation(e *env) []outcome {
	if len(e.rec.Complaints) == 0 {
		return e.ask(tx("苦情が登録されていない", "No complaint is registered"), askComplaints)
	}
	days := e.rec.Desk.EscalationDays
	if days <= 0 {
		days = defaultEscalationDays
	}
	limit := time.Duration(days) * 24 * time.Hour
	asOfEnd := e.asOf.AddDays(1).Time()
	s, r := e.sampler(), e.sampler()
	clues := 0
	for i := range e.rec.Complaints {
		c := &e.rec.Complaints[i]
		if !c.LeakClue || !c.ReceivedAt.Before(asOfEnd) {
			continue
		}
		clues++
		closed := !c.ClosedAt.IsZero() && c.ClosedAt.Before(asOfEnd)
		escalated := !c.EscalatedAt.IsZero() && c.EscalatedAt.Before(asOfEnd)
		switch {
		case escalated && c.EscalatedAt.Sub(c.ReceivedAt) > limit:
			s.add("complaints", c.ID, "received_at", ts(c.ReceivedAt), "escalated_at", ts(c.EscalatedAt),
				"hours_to_escalate", itoa(int(c.EscalatedAt.Sub(c.ReceivedAt).Hours())), "limit_days", itoa(days))
		case closed && !escalated:
			s.add("complaints", c.ID, "received_at", ts(c.ReceivedAt), "closed_at", ts(c.ClosedAt), "escalated_at", "none")
		case !closed && !escalated:
			r.add("complaints", c.ID, "received_at", ts(c.ReceivedAt), "state", "open", "escalated_at", "none")
		}
	}
	if clues == 0 {
		return []outcome{e.fine(tf("苦情%[1]d件に漏えいの端緒とされたものはない", "None of %[1]d complaints was marked as a leak clue", len(e.rec.Complaints)))}
	}
	var out []outcome
	if s.total > 0 {
		sev := himitsu.SeverityMedium
		if s.total >= leakClueHighCount {
			sev = himitsu.SeverityHigh
		}
		out = append(out, e.indicated(sev, s, tf("漏えいの端緒となる苦情%[1]d件中%[2]d件が上申されずに終了し、又は%[3]d日を超えて上申された",
			"Leak-clue complaints closed without escalation or escalated after more than %[3]d days: %[2]d of %[1]d", clues, s.total, days)))
	}
	if r.total > 0 {
		out = append(out, e.atRisk(r, tf("漏えいの端緒となる苦情%[1]d件が未処理のまま上申されていない", "Leak-clue complaints open and not escalated: %[1]d", r.total)))
	}
	if len(out) == 0 {
		out = append(out, e.fine(tf("漏えいの端緒となる苦情%[1]d件はいずれも%[2]d日以内に上申されている",
			"All %[1]d leak-clue complaints were escalated within %[2]d days", clues, days)))
	}
	return out
}

func cmpUserNotification(e *env) []outcome {
	if len(e.rec.Incidents) == 0 {
		return e.notApplicable(naNoIncidents)
	}
	s, r := e.sampler(), e.sampler()
	relevant := 0
	limit := time.Duration(e.th.NotificationDays) * 24 * time.Hour
	asOfEnd := e.asOf.AddDays(1).Time()
	for i := range e.rec.Incidents {
		in := &e.rec.Incidents[i]
		if !(in.SecrecyInvolved || isViolation(in)) || in.PersonsAffected == 0 || !in.KnownAt.Before(asOfEnd) {
			continue
		}
		relevant++
		ns := slices.Clone(e.notices[in.ID])
		sort.Slice(ns, func(a, b int) bool { return ns[a].SentAt.Before(ns[b].SentAt) })
		var first *himitsu.Notification
		if len(ns) > 0 && ns[0].SentAt.Before(asOfEnd) {
			first = ns[0]
		}
		switch {
		case first == nil && asOfEnd.Sub(in.KnownAt) > limit:
			s.add("incidents", in.ID, "known_at", ts(in.KnownAt), "persons_affected", itoa(in.PersonsAffected), "notifications", "0")
		case first != nil && first.SentAt.Sub(in.KnownAt) > limit:
			s.add("incidents", in.ID, "known_at", ts(in.KnownAt), "first_notification", first.ID,
				"days_to_notify", itoa(int(first.SentAt.Sub(in.KnownAt).Hours()/24)))
		}
		for _, n := range ns {
			if !n.ExplainsCause && n.SentAt.Before(asOfEnd) {
				r.add("notifications", n.ID, "incident", in.ID, "explains_cause", "false")
			}
		}
	}
	if relevant == 0 {
		return []outcome{e.fine(tf("事故%[1]d件に、利用者に影響した通信の秘密の事故はない", "None of %[1]d incidents is a secrecy incident affecting users", len(e.rec.Incidents)))}
	}
	var out []outcome
	if s.total > 0 {
		out = append(out, e.indicated(himitsu.SeverityMedium, s, tf(
			"利用者に影響した通信の秘密の事故%[1]d件中%[2]d件で、知ってから%[3]d日以内に利用者へ通知していない",
			"%[2]d of %[1]d secrecy incidents affecting users had no notification within %[3]d days of knowledge", relevant, s.total, e.th.NotificationDays)))
	}
	if r.total > 0 {
		out = append(out, e.atRisk(r, tf("利用者への通知%[1]d件が原因を説明していない", "Notifications to users that do not explain the cause: %[1]d", r.total)))
	}
	if len(out) == 0 {
		out = append(out, e.fine(tf("利用者に影響した通信の秘密の事故%[1]d件はいずれも%[2]d日以内に原因を説明して通知されている",
			"All %[1]d secrecy incidents affecting users were notified within %[2]d days, explaining the cause", relevant, e.th.NotificationDays)))
	}
	return out
}

// written channels let a user leave a record of what they said.
var writtenChannels = []himitsu.Channel{"email", "web", "mail", "fax", "chat"}

func cmpDeskChannels(e *env) []outcome {
	d := &e.rec.Desk
	if len(d.Channels) == 0 {
		return e.ask(tx("窓口の受付手段が登録されていない", "No desk channel is registered"),
			tx("苦情・相談窓口は、電話に加えて書面で残る手段（メール、ウェブフォーム、郵便、FAX等）を備え、合わせて週40時間以上受け付けているか。",
				"Does the complaint desk offer, besides the phone, a written channel (email, web form, mail, fax, …), open together at least 40 hours a week?"))
	}
	kinds := map[himitsu.Channel]bool{}
	written := false
	hours := 0.0
	for i := range d.Channels {
		c := &d.Channels[i]
		kinds[c.Kind] = true
		written = written || slices.Contains(writtenChannels, c.Kind)
		hours += c.WeeklyHours()
	}
	var names []string
	for k := range kinds {
		names = append(names, string(k))
	}
	sort.Strings(names)
	if len(kinds) < 2 || !written {
		s := e.sampler()
		s.add("desk", e.rec.Carrier.ID, "channel_kinds", join(names), "written_channel", yesNo(written))
		return []outcome{e.indicated(himitsu.SeverityMedium, s, tf("窓口の受付手段は%[1]d種類（%[2]s）で、2種類未満であるか書面で残る手段がない",
			"The desk has %[1]d channel kinds (%[2]s): fewer than two, or no written channel", len(kinds), join(names)))}
	}
	if hours < e.th.DeskMinWeeklyHours {
		s := e.sampler()
		s.add("desk", e.rec.Carrier.ID, "weekly_hours", fmt.Sprintf("%.1f", hours), "minimum", fmt.Sprintf("%.0f", e.th.DeskMinWeeklyHours))
		return []outcome{e.atRisk(s, tf("窓口の受付時間は全手段合計で週%.1[1]f時間であり、%.0[2]f時間に満たない",
			"The desk's channels are open %.1[1]f hours a week together, less than %.0[2]f", hours, e.th.DeskMinWeeklyHours))}
	}
	return []outcome{e.fine(tf("窓口は%[1]d種類の手段（%[2]s）を備え、週%.1[3]f時間受け付けている",
		"The desk offers %[1]d channel kinds (%[2]s), open %.1[3]f hours a week", len(kinds), join(names), hours))}
}

// ts renders a time in Japan, as every date in the report is reckoned there.
func ts(t time.Time) string { return t.In(himitsu.Tokyo).Format(time.RFC3339) }
