package assess

import (
	"github.com/himitsu-oss/himitsu"
)

// TechExtractExposure judges 5(3)(iv)iv. Guidelines §5(3)(iv)iv:
// secrecy-related information was backed up without business need, and it
// was in a state where people not permitted or approved could take it
// out. Both halves make the case: a needless copy that is locked away, or
// a needed copy that is exposed, is a weakness, not the case itself. The
// rule reads extracts and backups of secrecy data sets.
func (ruleSet) TechExtractExposure() rule {
	return rule{
		ID:   "tech.extract-exposure",
		Item: "5(3)(iv)iv",
		Summary: tx("業務上不要な抽出・バックアップが、持ち出され得る状態にある",
			"A needless extract or backup is in a state where it could be taken out"),
		Indicated: "an undeleted extract of a secrecy data set is needless (no `business_need`, or not `approved`) AND takeable (readable by > 20 (opt) persons, or not `encrypted`) (medium; high when readable by ≥ 100)",
		AtRisk:    "it has only one of the two: needless but locked away, or needed but takeable",
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
	// Guidelines §5(3)(iv)iv needs both halves: a copy made without
	// business need (none recorded, or never approved, so that no need was
	// ever established) AND a state in which people not permitted could
	// take it out (readable by many, or unencrypted). One half alone is a
	// weakness.
	s, r, u := e.sampler(), e.sampler(), e.sampler()
	sev := himitsu.SeverityMedium
	checked := 0
	for i := range e.rec.Extracts {
		x := &e.rec.Extracts[i]
		if !e.secrecy[x.DataSet] || !x.DeletedOn.IsZero() && !x.DeletedOn.After(e.asOf) {
			continue
		}
		checked++
		var needless, takeable []string
		if x.BusinessNeed == "" {
			needless = append(needless, "no-business-need")
		}
		if x.Approved.False() {
			needless = append(needless, "not-approved")
		}
		if x.ReadableBy > e.th.ExtractMaxReaders {
			takeable = append(takeable, "readable_by")
		}
		if x.Encrypted.False() {
			takeable = append(takeable, "not-encrypted")
		}
		if len(needless) == 0 && len(takeable) == 0 {
			// Nothing recorded against it, but approval or encryption
			// not recorded either: ask rather than pass.
			if unk := unknownOf(fact{"approved", x.Approved}, fact{"encrypted", x.Encrypted}); unk != "" {
				u.add("extracts", x.ID, "dataset", x.DataSet, "location", x.Location, "unknown", unk)
			}
			continue
		}
		kv := []string{"dataset", x.DataSet, "location", x.Location, "readable_by", itoa(x.ReadableBy),
			"needless", join(needless), "takeable", join(takeable)}
		if len(needless) > 0 && len(takeable) > 0 {
			if x.ReadableBy >= extractHighReaders {
				sev = himitsu.SeverityHigh
			}
			s.add("extracts", x.ID, kv...)
		} else {
			r.add("extracts", x.ID, kv...)
		}
	}
	var out []outcome
	if s.total > 0 {
		out = append(out, e.indicated(sev, s, tf(
			"通信の秘密に係る抽出・バックアップ%[1]d件中%[2]d件が、業務上の必要が確立されておらず（必要の記載なし又は未承認）、かつ持ち出され得る状態（%[3]d人超が閲覧可能又は暗号化なし）にある",
			"%[2]d of %[1]d extracts of secrecy data have no established business need (none recorded, or not approved) and could be taken out (readable by more than %[3]d people, or unencrypted)",
			checked, s.total, e.th.ExtractMaxReaders)))
	}
	if r.total > 0 {
		out = append(out, e.atRisk(r, tf(
			"通信の秘密に係る抽出・バックアップ%[1]d件が、業務上の必要の確立又は持出しへの備えのいずれか一方を欠く",
			"Extracts of secrecy data lacking either an established business need or protection against being taken out: %[1]d", r.total)))
	}
	out = append(out, e.askUnknown(u, tf("通信の秘密に係る抽出・バックアップ%[1]d件について、承認又は暗号化の有無が記録されていない",
		"For %[1]d extracts of secrecy data the records do not say whether they were approved or are encrypted", u.total),
		tx("記録にない抽出・バックアップは、承認を得て、暗号化されているか。", "Were the extracts whose records do not say so approved, and are they encrypted?"))...)
	if len(out) == 0 {
		out = append(out, e.fine(tf("通信の秘密に係る抽出・バックアップ%[1]d件はいずれも承認済み・暗号化済みで閲覧者が限られ、業務上の必要がある",
			"All %[1]d extracts of secrecy data are approved, encrypted, narrowly readable and needed", checked)))
	}
	return out
}
