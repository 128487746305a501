package assess

import (
	"github.com/himitsu-oss/himitsu"
)

// TechExtractExposure judges 5(3)(iv)iv. Guidelines §5(3)(iv)iv:
// secrecy-related information was backed up without business need, and it
// could be taken out by people not permitted or approved to take it out.
// The rule reads extracts and backups of secrecy data sets.
func (ruleSet) TechExtractExposure() rule {
	return rule{
		ID:   "tech.extract-exposure",
		Item: "5(3)(iv)iv",
		Summary: tx("抽出・バックアップが不要に広く読める、暗号化・承認・業務上の必要がない",
			"Extracts or backups are widely readable, unencrypted, unapproved or unneeded"),
		Indicated: "an undeleted extract of a secrecy data set is readable by > 20 (opt) persons, or not encrypted, or not approved, or has no `business_need` (medium; high when readable by ≥ 100)",
		AtRisk:    "—",
		Inputs:    inputs{Registers: []string{"attestations", "datasets", "extracts"}},
		Run:       techExtractExposure,
	}
}

func techExtractExposure(e *env) []outcome {
	if len(e.rec.Extracts) == 0 {
		return e.ask(tx("抽出・バックアップの台帳が空である", "The extract register is empty"),
			tx("通信の秘密に係るデータのバックアップ・抽出・複製をすべて台帳で管理し、業務上必要なものに限り、承認を得て、暗号化し、閲覧者を限定しているか。",
				"Are all backups, extracts and replicas of secrecy data registered, limited to business need, approved, encrypted and readable only by a few people?"))
	}
	s, u := e.sampler(), e.sampler()
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
		if x.Encrypted.False() {
			why = append(why, "not-encrypted")
		}
		if x.Approved.False() {
			why = append(why, "not-approved")
		}
		if x.BusinessNeed == "" {
			why = append(why, "no-business-need")
		}
		if len(why) == 0 {
			if unk := unknownOf(fact{"encrypted", x.Encrypted}, fact{"approved", x.Approved}); unk != "" {
				u.add("extracts", x.ID, "dataset", x.DataSet, "location", x.Location, "unknown", unk)
			}
			continue
		}
		if x.ReadableBy >= extractHighReaders {
			sev = himitsu.SeverityHigh
		}
		s.add("extracts", x.ID, "dataset", x.DataSet, "location", x.Location, "readable_by", itoa(x.ReadableBy), "problems", join(why))
	}
	unknown := e.askUnknown(u, tf("通信の秘密に係る抽出・バックアップ%[1]d件について、暗号化又は承認の有無が記録されていない",
		"For %[1]d extracts of secrecy data the records do not say whether they are encrypted or approved", u.total),
		tx("記録にない抽出・バックアップは、暗号化され、承認を得ているか。", "Are the extracts whose records do not say so encrypted and approved?"))
	if s.total > 0 {
		return append([]outcome{e.indicated(sev, s, tf(
			"通信の秘密に係る抽出・バックアップ%[1]d件中%[2]d件が、%[3]d人超が閲覧可能、暗号化なし、未承認又は業務上の必要なしである",
			"Extracts of secrecy data readable by more than %[3]d people, unencrypted, unapproved or without business need: %[2]d of %[1]d", checked, s.total, e.th.ExtractMaxReaders))}, unknown...)
	}
	if unknown != nil {
		return unknown
	}
	return []outcome{e.fine(tf("通信の秘密に係る抽出・バックアップ%[1]d件はいずれも承認済み・暗号化済みで閲覧者が限られ、業務上の必要がある",
		"All %[1]d extracts of secrecy data are approved, encrypted, narrowly readable and needed", checked))}
}
