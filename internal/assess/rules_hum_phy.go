package assess

import (
	"sort"

	"github.com/himitsu-oss/himitsu"
)

// secrecyHolders returns the active persons holding a grant active on
// as_of to a secrecy data set, with one such grant each.
func (e *env) secrecyHolders() map[string]*himitsu.Grant {
	out := map[string]*himitsu.Grant{}
	for i := range e.rec.Grants {
		g := &e.rec.Grants[i]
		if !e.secrecy[g.DataSet] || !g.ActiveOn(e.asOf) {
			continue
		}
		pid := e.grantPerson(g)
		p, ok := e.persons[pid]
		if !ok || !e.activePerson(p) {
			continue
		}
		if _, seen := out[pid]; !seen {
			out[pid] = g
		}
	}
	return out
}

func humTrainingCoverage(e *env) []outcome {
	if len(e.rec.Persons) == 0 || len(e.rec.Grants) == 0 {
		return e.ask(tx("従業者又はアクセス権の台帳が空である", "The person or grant register is empty"),
			tx("通信の秘密に係る情報にアクセスできる従業者（派遣・委託先の者を含む）は全員、過去1年以内に通信の秘密に関する研修を受け、理解度を確認されているか。",
				"Has everyone who can access secrecy-related information (temporary, dispatched and contractor staff included) passed training on the secrecy of communications within the past year?"))
	}
	holders := e.secrecyHolders()
	if len(holders) == 0 {
		return e.notApplicable(tx("通信の秘密に係るデータセットへの有効なアクセス権を持つ在籍者がいない", "No active person holds an active grant to a secrecy data set"))
	}
	trained := map[string]bool{}
	for i := range e.rec.Training {
		t := &e.rec.Training[i]
		if t.CoversSecrecy && t.Passed && e.within(t.CompletedOn, trainingWindowDays) {
			trained[t.Person] = true
		}
	}
	s := e.sampler()
	for pid, g := range holders {
		if !trained[pid] {
			p := e.persons[pid]
			s.add("persons", pid, "kind", string(p.Kind), "unit", p.Unit, "grant", g.ID, "dataset", g.DataSet, "secrecy_training_within_days", "none")
		}
	}
	share := float64(s.total) / float64(len(holders))
	switch {
	case s.total > 0 && share >= e.th.TrainingGapShare:
		return []outcome{e.indicated(himitsu.SeverityMedium, s, tf(
			"通信の秘密に係るアクセス権を持つ%[1]d人中%[2]d人（%.0[3]f%%）が過去%[4]d日以内に通信の秘密の研修を修了していない",
			"%[2]d of %[1]d people with access to secrecy data (%.0[3]f%%) have not passed secrecy training within %[4]d days",
			len(holders), s.total, share*100, trainingWindowDays))}
	case s.total > 0:
		return []outcome{e.atRisk(s, tf(
			"通信の秘密に係るアクセス権を持つ%[1]d人中%[2]d人が研修未修了である（基準%.0[3]f%%未満）",
			"%[2]d of %[1]d people with access to secrecy data lack secrecy training (below the %.0[3]f%% threshold)",
			len(holders), s.total, e.th.TrainingGapShare*100))}
	}
	return []outcome{e.fine(tf("通信の秘密に係るアクセス権を持つ%[1]d人は全員、過去%[2]d日以内に研修を修了している",
		"All %[1]d people with access to secrecy data passed secrecy training within %[2]d days", len(holders), trainingWindowDays))}
}

func humRepeatedTakeout(e *env) []outcome {
	if len(e.rec.Takeouts) == 0 {
		return e.ask(tx("端末の持出しの記録がない", "No terminal take-out is recorded"),
			tx("業務用端末の持出しは承認制で記録されており、無承認の持出しを把握した場合は必ず対処しているか。",
				"Are take-outs of business terminals approved and recorded, and is every unapproved take-out the carrier notices acted upon?"))
	}
	type tally struct {
		ids             []string
		noticed, action bool
	}
	per := map[string]*tally{}
	for i := range e.rec.Takeouts {
		t := &e.rec.Takeouts[i]
		if !t.HandlesSecrecy || t.Approved || !e.within(himitsu.DateOf(t.TakenAt), takeoutWindowDays) {
			continue
		}
		c := per[t.Person]
		if c == nil {
			c = &tally{}
			per[t.Person] = c
		}
		c.ids = append(c.ids, t.ID)
		c.noticed = c.noticed || t.Noticed
		c.action = c.action || t.ActionTaken != ""
	}
	s, r := e.sampler(), e.sampler()
	var people, riskPeople []string
	for pid, c := range per {
		switch {
		case len(c.ids) >= e.th.TakeoutRepeat && c.noticed && !c.action:
			people = append(people, pid)
			for _, id := range c.ids {
				s.add("takeouts", id, "person", pid, "unapproved_in_year", itoa(len(c.ids)), "noticed", "true", "action_taken", "none")
			}
		case len(c.ids) >= 2:
			riskPeople = append(riskPeople, pid)
			for _, id := range c.ids {
				r.add("takeouts", id, "person", pid, "unapproved_in_year", itoa(len(c.ids)))
			}
		}
	}
	var out []outcome
	if len(people) > 0 {
		out = append(out, e.indicated(himitsu.SeverityMedium, s, tf(
			"%[1]d人（%[2]s）が過去1年に無承認で端末を%[3]d回以上持ち出し、把握されながら対処されていない",
			"People who took out terminals without approval %[3]d or more times in a year, noticed and left alone: %[1]d (%[2]s)",
			len(people), list(people, 5), e.th.TakeoutRepeat)))
	}
	if len(riskPeople) > 0 {
		out = append(out, e.atRisk(r, tf("%[1]d人（%[2]s）が過去1年に2回以上無承認で端末を持ち出している",
			"People who took out terminals without approval twice or more in a year: %[1]d (%[2]s)", len(riskPeople), list(riskPeople, 5))))
	}
	if len(out) == 0 {
		out = append(out, e.fine(tf("持出し%[1]d件に、無承認の持出しの繰返しはない", "No repeated unapproved take-out among %[1]d take-outs", len(e.rec.Takeouts))))
	}
	return out
}

func humDisclosureIncident(e *env) []outcome {
	if len(e.rec.Incidents) == 0 {
		return e.notApplicable(naNoIncidents)
	}
	s := e.sampler()
	sev := himitsu.SeverityMedium
	for i := range e.rec.Incidents {
		in := &e.rec.Incidents[i]
		switch in.Kind {
		case himitsu.IncidentLeak, himitsu.IncidentUnauthorizedUse, himitsu.IncidentUnauthorizedObtaining:
		default:
			continue
		}
		switch in.CauseCategory {
		case "employee-negligence", "employee-intentional", "contractor":
		default:
			continue
		}
		if himitsu.DateOf(in.KnownAt).After(e.asOf) {
			continue
		}
		if in.CauseCategory == "employee-intentional" {
			sev = himitsu.SeverityHigh
		}
		s.add("incidents", in.ID, "kind", string(in.Kind), "cause_category", string(in.CauseCategory),
			"actor_org", in.ActorOrg, "actor_person", in.ActorPerson, "known_on", himitsu.DateOf(in.KnownAt).String())
	}
	if s.total > 0 {
		return []outcome{e.indicated(sev, s, tf(
			"従業者又は委託先による通信の秘密の漏えい・窃用・知得が%[1]d件ある", "%[1]d leaks, unauthorised uses or obtainings of secrecy were caused by staff or contractors", s.total))}
	}
	return []outcome{e.fine(tf("事故%[1]d件に、従業者又は委託先による漏えい・窃用・知得はない",
		"None of %[1]d incidents is a leak, use or obtaining caused by staff or contractors", len(e.rec.Incidents)))}
}

func humUnapprovedReentrustment(e *env) []outcome {
	if len(e.rec.Organisations) == 0 {
		return e.ask(tx("組織の台帳が空である", "The organisation register is empty"),
			tx("通信の秘密を扱う業務を委託している場合、委託先には守秘義務を課し、再委託は事前に承認しているか（委託していなければ「はい」）。",
				"Where work handling secrecy is entrusted, do contracts impose confidentiality and is every re-entrustment approved in advance? (Answer yes if nothing is entrusted.)"))
	}
	s, r := e.sampler(), e.sampler()
	handlers := 0
	for i := range e.rec.Organisations {
		o := &e.rec.Organisations[i]
		if o.Kind != himitsu.OrgContractor && o.Kind != himitsu.OrgSubcontractor || !o.HandlesSecrecy {
			continue
		}
		handlers++
		if o.Kind == himitsu.OrgSubcontractor && !o.ReentrustmentApproved {
			s.add("organisations", o.ID, "kind", string(o.Kind), "parent", o.Parent, "reentrustment_approved", "false")
		} else if !o.ConfidentialityClause {
			r.add("organisations", o.ID, "kind", string(o.Kind), "confidentiality_clause", "false")
		}
	}
	if handlers == 0 {
		return e.notApplicable(tx("通信の秘密を扱う委託先・再委託先はない", "No contractor or subcontractor handles secrecy"))
	}
	var out []outcome
	if s.total > 0 {
		out = append(out, e.indicated(himitsu.SeverityMedium, s, tf(
			"通信の秘密を扱う再委託先%[1]d社の再委託が承認されていない", "Subcontractors handling secrecy engaged without approval of the re-entrustment: %[1]d", s.total)))
	}
	if r.total > 0 {
		out = append(out, e.atRisk(r, tf("通信の秘密を扱う委託先%[1]d社との契約に守秘条項がない", "Contractors handling secrecy without a confidentiality clause: %[1]d", r.total)))
	}
	if len(out) == 0 {
		out = append(out, e.fine(tf("通信の秘密を扱う委託先%[1]d社はいずれも守秘条項があり、再委託は承認されている",
			"All %[1]d contractors handling secrecy have a confidentiality clause and approved re-entrustment", handlers)))
	}
	return out
}

var askAreas = tx("区域の台帳が空である。通信の秘密に係る情報を扱うサーバ室や事務室を運用しているか。運用している場合、入退室はカードや生体認証で管理し、記録しているか（自ら運用していなければ「はい」）。",
	"The area register is empty. Does the carrier operate any controlled area (server rooms) or handling area (offices) for secrecy-related information, and if so, is entry controlled by card or biometrics and recorded? (Answer yes if it operates none itself.)")

func phyAreaControl(e *env) []outcome {
	if len(e.rec.Areas) == 0 {
		return e.ask(tx("区域が登録されていない", "No area is registered"), askAreas)
	}
	s := e.sampler()
	weak := 0
	for i := range e.rec.Areas {
		a := &e.rec.Areas[i]
		if a.AccessControl == "none" || a.AccessControl == "key" {
			weak++
			s.add("areas", a.ID, "kind", string(a.Kind), "access_control", string(a.AccessControl))
		}
	}
	v := e.ent.unauthorised
	for _, x := range v.s.ev {
		s.put(x)
	}
	s.total += v.s.total
	if s.total > 0 {
		return []outcome{e.indicated(himitsu.SeverityMedium, s, tf(
			"入退管理が鍵又はなしの区域が%[1]d件、管理区域への権限も同行もない入室が%[2]d件ある（区域別：%[3]s）",
			"%[1]d areas are controlled by key or not at all, and %[2]d entries into controlled areas were by people neither authorised nor escorted (by area: %[3]s)",
			weak, v.s.total, orDash(topCounts(v.perArea, 5, nil))))}
	}
	return []outcome{e.fine(tf("区域%[1]d件はいずれも鍵以外の方法で入退管理され、入退室記録%[2]d件に権限のない入室はない",
		"All %[1]d areas have entry control better than a key, and none of %[2]d entry log lines shows an unauthorised, unescorted entry", len(e.rec.Areas), e.ent.judged))}
}

func phyEntryRecords(e *env) []outcome {
	if len(e.rec.Areas) == 0 {
		return e.ask(tx("区域が登録されていない", "No area is registered"), askAreas)
	}
	s, r := e.sampler(), e.sampler()
	controlled := 0
	for i := range e.rec.Areas {
		a := &e.rec.Areas[i]
		if a.Kind != himitsu.AreaControlled {
			continue
		}
		controlled++
		last := e.ent.records.last[a.ID]
		switch {
		case !a.EntryLog:
			s.add("areas", a.ID, "entry_log", "false", "name", a.Name)
		case !e.within(last, entryLogWindowDays):
			r.add("areas", a.ID, "entry_log", "true", "last_entry_line", orDash(last.String()), "window_days", itoa(entryLogWindowDays))
		}
	}
	if controlled == 0 {
		return e.notApplicable(tx("管理区域（サーバ室等）が登録されていない", "No controlled area (server room) is registered"))
	}
	var out []outcome
	if s.total > 0 {
		out = append(out, e.indicated(himitsu.SeverityMedium, s, tf("管理区域%[1]d件中%[2]d件で入退室を記録していない",
			"Controlled areas keeping no entry records: %[2]d of %[1]d", controlled, s.total)))
	}
	if r.total > 0 {
		out = append(out, e.atRisk(r, tf("入退室記録があるとされる管理区域%[1]d件に、過去%[2]d日の記録が1件もない",
			"%[1]d controlled areas said to keep entry records have no entry line in the last %[2]d days", r.total, entryLogWindowDays)))
	}
	if len(out) == 0 {
		out = append(out, e.fine(tf("管理区域%[1]d件はいずれも入退室を記録し、過去%[2]d日の記録がある",
			"All %[1]d controlled areas keep entry records, with lines in the last %[2]d days", controlled, entryLogWindowDays)))
	}
	return out
}

func phyRetentionExceeded(e *env) []outcome {
	if len(e.rec.Holdings) == 0 {
		return e.ask(tx("保有状況の記録がない", "No holding is recorded"),
			tx("各データセットについて、実際に保有している最古のデータが定めた保存期間内であることを確認しているか。",
				"For each data set, has the carrier checked that the oldest data it actually holds is within the retention period it set?"))
	}
	maxDays := map[string]int{}
	for i := range e.rec.RetentionRules {
		rr := &e.rec.RetentionRules[i]
		if m, ok := maxDays[rr.DataSet]; !ok || rr.MaxDays < m {
			maxDays[rr.DataSet] = rr.MaxDays // the strictest rule applies
		}
	}
	s := e.sampler()
	sev := himitsu.SeverityMedium
	checked := 0
	per := map[string]int{}
	for i := range e.rec.Holdings {
		h := &e.rec.Holdings[i]
		m, ok := maxDays[h.DataSet]
		if !ok {
			continue
		}
		checked++
		age := h.Oldest.DaysUntil(h.ObservedOn)
		if age <= m {
			continue
		}
		if age > 2*m {
			sev = himitsu.SeverityHigh
		}
		per[h.DataSet]++
		s.add("holdings", h.ID, "dataset", h.DataSet, "oldest", h.Oldest.String(), "observed_on", h.ObservedOn.String(),
			"age_days", itoa(age), "max_days", itoa(m), "location", h.Location)
	}
	if s.total > 0 {
		return []outcome{e.indicated(sev, s, tf("保有状況%[1]d件が保存期間を超えている（データセット別：%[2]s）",
			"Holdings keeping data beyond the retention period: %[1]d (by data set: %[2]s)", s.total, topCounts(per, 5, e.dsName)))}
	}
	return []outcome{e.fine(tf("保存期間の定めがある保有状況%[1]d件はいずれも期間内である",
		"All %[1]d holdings with a retention rule are within their period", checked))}
}

func phyNoRetentionRule(e *env) []outcome {
	if len(e.rec.DataSets) == 0 {
		return e.ask(tx("データセットの台帳が空である", "The data set register is empty"),
			tx("通信の秘密に係るデータセットのすべてに保存期間を定めているか。", "Has the carrier set a retention period for every data set holding secrecy?"))
	}
	if len(e.secrecy) == 0 {
		return e.notApplicable(tx("通信の秘密に係るデータセットがない", "No data set holds secrecy"))
	}
	has := map[string]bool{}
	for i := range e.rec.RetentionRules {
		has[e.rec.RetentionRules[i].DataSet] = true
	}
	s := e.sampler()
	var ids []string
	for id := range e.secrecy {
		if !has[id] {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	for _, id := range ids {
		s.add("datasets", id, "retention_rule", "none", "name", e.ds[id].Name)
	}
	if s.total > 0 {
		return []outcome{e.atRisk(s, tf("通信の秘密に係るデータセット%[1]d件中%[2]d件（%[3]s）に保存期間の定めがない",
			"%[2]d of %[1]d secrecy data sets have no retention rule: %[3]s", len(e.secrecy), s.total, list(ids, 5)))}
	}
	return []outcome{e.fine(tf("通信の秘密に係るデータセット%[1]d件のすべてに保存期間の定めがある",
		"All %[1]d secrecy data sets have a retention rule", len(e.secrecy)))}
}
