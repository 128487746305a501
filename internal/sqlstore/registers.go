package sqlstore

import (
	"reflect"

	"github.com/himitsu-oss/himitsu"
)

// The registers kept one record at a time besides the daily ones: what a
// carrier sets up once and changes now and then (its organisations,
// services, data sets, purposes, policies, areas, retention rules,
// protections…) and the evidence it accumulates (training, system changes,
// controls, attestations, law-enforcement requests). They share the
// generic record service; this file says, per register, which time bounds
// its lists and whether a record may be deleted.
//
// A register whose records are evidence of something done or said (a
// training completed, a change made, a control performed, an attestation
// given, a warrant answered) keeps them: deleting one would rewrite the
// history an examiner checks. The others may be deleted while no record
// refers to them; the store refuses while one does.

// deletable is the delete rule of registers whose records may go while
// nothing refers to them.
func deletable(reflect.Value) bool { return true }

func otherSpecs() []spec {
	return []spec{
		{register: "organisations", timeField: "contract_start", deletable: deletable},
		{register: "services", timeField: "launched_on", deletable: deletable},
		{register: "datasets", deletable: deletable},
		{register: "purposes", deletable: deletable},
		{register: "policies", timeField: "published_on",
			deletable: func(rv reflect.Value) bool { return rv.Interface().(himitsu.Policy).PublishedOn.IsZero() },
			keep:      "a published policy is evidence of what users were told; record a new version instead",
			keepJA:    "公表した方針は利用者に示した内容の証跡であるため削除できない。新しい版を登録すること"},
		{register: "accounts", timeField: "created_on", deletable: deletable},
		{register: "org_changes", timeField: "effective_on", deletable: never,
			keep:   "an organisational change is part of the personnel history that access reviews rely on (guideline 5(2)); correct it instead",
			keepJA: "異動等の記録はアクセス権見直しの根拠となる人事の履歴であるため削除できない（指針5(2)）。誤りは訂正すること"},
		{register: "training", timeField: "completed_on", deletable: never,
			keep:   "a completed training is evidence of the education the guideline asks for (5(2)); correct it instead",
			keepJA: "研修の受講記録は指針が求める教育の証跡であるため削除できない（指針5(2)）。誤りは訂正すること"},
		{register: "takeouts", timeField: "taken_at", deletable: never,
			keep:   "a take-out of a terminal is evidence of where secrecy information went",
			keepJA: "端末の持出しは通信の秘密に係る情報の所在の証跡であるため削除できない"},
		{register: "areas", deletable: deletable},
		{register: "retention_rules", deletable: deletable},
		{register: "holdings", timeField: "observed_on", deletable: deletable},
		{register: "extracts", timeField: "created_on",
			deletable: func(rv reflect.Value) bool { return rv.Interface().(himitsu.Extract).DeletedOn.IsZero() },
			keep:      "the record of an extract that was deleted is the evidence of its deletion",
			keepJA:    "削除済みの複製・抽出物の記録は、その削除の証跡であるため削除できない"},
		{register: "system_changes", timeField: "changed_at", deletable: never,
			keep:   "a system change is evidence of the change management the guideline asks for (5(2)); correct it instead",
			keepJA: "システム変更の記録は指針が求める変更管理の証跡であるため削除できない（指針5(2)）。誤りは訂正すること"},
		{register: "protections", timeField: "tested_on", deletable: deletable},
		{register: "risk_assessments", timeField: "performed_on", deletable: never,
			keep:   "a risk assessment that was performed is evidence and is kept",
			keepJA: "実施したリスク評価は証跡として保存する"},
		{register: "controls", timeField: "performed_on", deletable: never,
			keep:   "a control that was performed is audit evidence and is kept",
			keepJA: "実施した内部統制の記録は監査の証跡として保存する"},
		{register: "attestations", timeField: "on", deletable: never,
			keep:   "an attestation is a statement the carrier made; record a new one instead",
			keepJA: "申告は事業者が行った表明であるため削除できない。新たな申告を登録すること"},
		{register: "law_enforcement_requests", timeField: "received_at", deletable: never,
			keep:   "the register of law-enforcement requests shows what was disclosed and on what authority; it is kept",
			keepJA: "捜査機関からの要請の記録は、何をどの根拠で開示したかを示すものであり保存する"},
		{register: "entry_logs", timeField: "at", deletable: never,
			keep:   "the entry log is what the door systems recorded and is never edited",
			keepJA: "入退室記録は入退室管理の仕組みが記録したものであり、編集しない"},
	}
}
