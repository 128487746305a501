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
