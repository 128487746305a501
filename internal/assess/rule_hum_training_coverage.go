package assess

import (
	"github.com/himitsu-oss/himitsu"
)

// HumTrainingCoverage judges 5(3)(ii)i. Guidelines §5(3)(ii)i: in-house
// dissemination, education and training on secrecy are inappropriate, so
// employees (footnote 19: anyone working under the carrier's direction)
// understand secrecy poorly. The rule reads the training of people who
// hold access to secrecy data.
func (ruleSet) HumTrainingCoverage() rule {
	return rule{
		ID:   "hum.training-coverage",
		Item: "5(3)(ii)i",
		Summary: tx("通信の秘密へのアクセス権を持つ者の教育が不足している",
			"People with access to secrecy lack training"),
		Indicated: "≥ 10% (opt) of active persons holding an active grant to a secrecy data set lack a passed `covers_secrecy` training within 365 days (medium)",
		AtRisk:    "some, below that share",
		Inputs:    inputs{Registers: []string{"accounts", "attestations", "datasets", "grants", "persons", "training"}},
		Run:       humTrainingCoverage,
	}
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
	// A course of the year whose coverage or result is unknown may be the
	// training: its holder is asked about, not counted as untrained.
	trained, maybe := map[string]bool{}, map[string]string{}
	for i := range e.rec.Training {
		t := &e.rec.Training[i]
		if !e.within(t.CompletedOn, trainingWindowDays) || t.CoversSecrecy.False() || t.Passed.False() {
			continue
		}
		if t.CoversSecrecy.True() && t.Passed.True() {
			trained[t.Person] = true
		} else {
			maybe[t.Person] = t.ID + ":" + unknownOf(fact{"covers_secrecy", t.CoversSecrecy}, fact{"passed", t.Passed})
		}
	}
	s, u := e.sampler(), e.sampler()
	for pid, g := range holders {
		if trained[pid] {
			continue
		}
		p := e.persons[pid]
		if m, ok := maybe[pid]; ok {
			u.add("persons", pid, "kind", string(p.Kind), "grant", g.ID, "training_with_unknown_facts", m)
			continue
		}
		s.add("persons", pid, "kind", string(p.Kind), "unit", p.Unit, "grant", g.ID, "dataset", g.DataSet, "secrecy_training_within_days", "none")
	}
	unknown := e.askUnknown(u, tf("アクセス権を持つ%[1]d人について、過去1年の研修が通信の秘密を扱い、修了したかが記録されていない",
		"For %[1]d people with access the records do not say whether their training of the year covered secrecy or was passed", u.total),
		tx("記録にない研修は通信の秘密を扱うもので、受講者は理解度の確認に合格したか。", "Did the trainings whose records do not say so cover the secrecy of communications, and did the people pass them?"))
	share := float64(s.total) / float64(len(holders))
	switch {
	case s.total > 0 && share >= e.th.TrainingGapShare:
		return append([]outcome{e.indicated(himitsu.SeverityMedium, s, tf(
			"通信の秘密に係るアクセス権を持つ%[1]d人中%[2]d人（%.0[3]f%%）が過去%[4]d日以内に通信の秘密の研修を修了していない",
			"%[2]d of %[1]d people with access to secrecy data (%.0[3]f%%) have not passed secrecy training within %[4]d days",
			len(holders), s.total, share*100, trainingWindowDays))}, unknown...)
	case s.total > 0:
		return append([]outcome{e.atRisk(s, tf(
			"通信の秘密に係るアクセス権を持つ%[1]d人中%[2]d人が研修未修了である（基準%.0[3]f%%未満）",
			"%[2]d of %[1]d people with access to secrecy data lack secrecy training (below the %.0[3]f%% threshold)",
			len(holders), s.total, e.th.TrainingGapShare*100))}, unknown...)
	case unknown != nil:
		return unknown
	}
	return []outcome{e.fine(tf("通信の秘密に係るアクセス権を持つ%[1]d人は全員、過去%[2]d日以内に研修を修了している",
		"All %[1]d people with access to secrecy data passed secrecy training within %[2]d days", len(holders), trainingWindowDays))}
}
