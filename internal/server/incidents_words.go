package server

import (
	"slices"
	"time"

	"github.com/himitsu-oss/himitsu"
)

// The incident workspace's words, field labels and enumeration labels.

func init() {
	messageSets = append(messageSets, func() map[string]msg {
		return map[string]msg{
			"inc_open":                   {"対応中", "Open"},
			"inc_closed":                 {"終結", "Closed"},
			"inc_refused":                {"この操作は受け付けられませんでした（何も変更していません）：", "This step was refused (nothing was changed):"},
			"inc_facts":                  {"事故の事実", "Facts of the incident"},
			"inc_edit_facts":             {"事実を記録・訂正する", "Record or correct the facts"},
			"inc_japan_time":             {"日本時間", "Japan time"},
			"inc_timeline":               {"経過（誰がいつ何を知ったか）", "Timeline: who learned what, when"},
			"inc_what":                   {"出来事", "Event"},
			"inc_counts":                 {"起算", "clock"},
			"inc_counts_help":            {"報告期限の起算点となる認知", "Knowledge from which the reporting periods run"},
			"inc_add_knowledge":          {"認知の記録を追加", "Add a knowledge event"},
			"inc_step":                   {"段階", "Step"},
			"inc_function":               {"部門", "Function"},
			"inc_learned":                {"知った内容", "What was learned"},
			"inc_record":                 {"記録する", "Record"},
			"inc_classification":         {"事故の分類", "Classification"},
			"inc_proposal":               {"himitsu の提案", "himitsu's proposal"},
			"inc_classify_as":            {"確認する分類", "Classify as"},
			"inc_reason_help":            {"提案と異なる分類、又は分類の変更には理由が必要です。", "A reason is required to depart from the proposal or to change a classification."},
			"inc_confirm":                {"確認する", "Confirm"},
			"inc_classification_history": {"分類の履歴（追記のみ）", "Classification history (append-only)"},
			"inc_from_to":                {"変更前 → 変更後", "From → to"},
			"inc_not_classified":         {"まだ誰も分類を確認していません。", "Nobody has confirmed a classification yet."},
			"inc_data":                   {"関係するデータ（データ目録）", "Data involved (data inventory)"},
			"inc_secrecy_proposal":       {"データ目録による通信の秘密の該当", "Secrecy of communications per the inventory"},
			"inc_recorded":               {"記録上", "recorded"},
			"inc_no_inventory":           {"データ目録にデータセットがありません。", "The data inventory holds no data sets."},
			"inc_people":                 {"関係する人・組織", "People and organisations involved"},
			"inc_comma":                  {"ID をカンマ区切りで", "IDs, comma-separated"},
			"inc_evidence":               {"証跡（参照のみ・複製しない）", "Evidence (linked, not copied)"},
			"inc_kind":                   {"種類", "Kind"},
			"inc_ref":                    {"参照（ID・位置）", "Reference (ID or position)"},
			"inc_note":                   {"メモ", "Note"},
			"inc_link":                   {"結び付ける", "Link"},
			"inc_measures":               {"再発防止策", "Recurrence measures"},
			"inc_update_measure":         {"進捗・検証を記録", "Record progress or verification"},
			"inc_add_measure":            {"再発防止策を追加", "Add a recurrence measure"},
			"inc_leaves_root":            {"根本原因が残る", "leaves the root cause"},
			"inc_add":                    {"追加", "Add"},
			"inc_notices":                {"利用者への通知・救済", "Notices and relief for users"},
			"inc_add_notice":             {"通知を記録", "Record a notice"},
			"inc_reports":                {"当局への報告", "Reports"},
			"inc_reports_none":           {"この事故について提出した報告はまだありません。", "No report about this incident has been filed yet."},
			"inc_frozen":                 {"凍結済み", "Frozen"},
			"inc_drafts":                 {"報告・通知の下書き", "Drafts of reports and notices"},
			"inc_draft_tba-28-first":     {"電気通信事業法第28条 速報", "TBA Art. 28 first report"},
			"inc_draft_tba-28-detailed":  {"電気通信事業法第28条 詳細報告", "TBA Art. 28 detailed report"},
			"inc_draft_appi-preliminary": {"個人情報保護法 速報", "APPI preliminary report"},
			"inc_draft_appi-final":       {"個人情報保護法 確報", "APPI final report"},
			"inc_draft_user-notice":      {"本人への通知", "Notice to the persons affected"},
			"inc_file_report":            {"報告を提出済みとして記録", "Record a report as filed"},
			"inc_report_kind":            {"報告の種類", "Report"},
			"inc_file_note":              {"その時点の下書きを凍結し、ハッシュを変更記録に残します。後の提出は新しい版になります。", "Freezes the draft as it stands, with its hash in the change log; a later filing is a new version."},
			"inc_close":                  {"事故を終結する", "Close the incident"},
			"inc_edited_after":           {"事後に訂正された事実", "Facts edited after the fact"},
			"inc_edited_after_help":      {"一度記録した値を後から変えた記録です。隠蔽や改ざんはここに現れます（指針5(3)(i)iii）。", "Values changed after they were first recorded. Concealment or falsification shows here (guideline 5(3)(i)iii)."},
			"inc_edited_badge":           {"事後訂正", "edited after the fact"},
			"inc_record_field":           {"記録・項目", "Record, field"},
			"inc_old":                    {"訂正前", "Old"},
			"inc_new":                    {"訂正後", "New"},
			"inc_no_edits":               {"事後の訂正はありません。", "Nothing was edited after the fact."},
			"inc_all_changes":            {"すべての変更", "All changes"},
			"inc_open_from_complaint":    {"この苦情から事故を開く", "Open an incident from this complaint"},
			"incident_opened":            {"苦情から事故を開きました。", "The incident was opened from the complaint."},
			"inc_unknown":                {"不明", "Unknown"},
			"inc_affected":               {"影響を受けた人・件数（データの種類別）", "Persons or records affected, per kind of data"},
			"inc_affected_data":          {"データの種類", "Kind of data"},
			"inc_affected_class":         {"区分", "Class"},
			"inc_affected_count":         {"数", "Count"},
			"inc_affected_unit":          {"単位", "Unit"},
			"inc_estimated":              {"推計", "estimated"},
			"inc_add_affected":           {"影響の数を追加", "Add a count"},
		}
	})
	fieldLabelSets = append(fieldLabelSets, func() map[string]string {
		return map[string]string{
			"origin": "端緒", "origin_ref": "端緒の参照", "datasets": "データセット", "data_elements": "データ要素",
			"persons": "関係者", "organisations": "関係組織", "evidence": "証跡", "root_cause": "根本原因", "closed_by": "終結者",
			"owner": "担当者", "status": "状況", "verification": "検証方法", "verification_result": "検証結果",
			"removes_root_cause": "根本原因の除去", "explains_what_to_do": "利用者が取るべき行動の説明",
			"secondary_damage": "二次被害又はそのおそれ", "user_advice": "利用者にお願いすること", "what_to_do": "通知で伝えた取るべき行動",
		}
	})
	enumLabelSets = append(enumLabelSets, func() map[string]map[string]msg {
		return map[string]map[string]msg{
			"IncidentOrigin": {"complaint": {"苦情・相談", "Complaint"}, "alert": {"監視の警報", "Alert"}, "access-log": {"アクセス記録の点検", "Access-log finding"},
				"contractor-report": {"委託先からの報告", "Contractor's report"}, "manual": {"手入力（報道・通報等）", "By hand (press, tip)"}},
			"MeasureStatus": {"planned": {"計画", "Planned"}, "in-progress": {"実施中", "In progress"}, "done": {"実施済み", "Done"},
				"verified": {"効果を検証済み", "Verified"}, "abandoned": {"取りやめ", "Abandoned"}},
			"VerificationResult": {"effective": {"効果あり", "Effective"}, "partial": {"一部効果", "Partly effective"}, "ineffective": {"効果なし", "Ineffective"}},
			"NoticeKind": {"public-notice": {"公表", "Public notice"}, "hotline": {"専用窓口", "Hotline"}, "individual-letter": {"個別の通知", "Individual letter"},
				"in-app-message": {"アプリ内の通知", "In-app message"}, "other": {"その他", "Other"}},
		}
	})
}

// incNestedLabels label the enumerations of nested records (knowledge
// events, evidence links), which the register pages do not show.
var incNestedLabels = map[string]map[string]msg{
	"KnowledgeStep": {"clue": {"手掛かり（未認知）", "Clue (not yet knowledge)"}, "detected": {"検知", "Detected"},
		"confirmed": {"事実の確認", "Confirmed"}, "escalated": {"上申", "Escalated"}},
	"CountUnit": {"persons": {"人", "persons"}, "lines": {"回線", "lines"}, "records": {"件", "records"}},
	"EvidenceKind": {"complaint": {"苦情", "Complaint"}, "access-event": {"アクセス記録", "Access event"},
		"audit-log": {"監査記録の項目", "Audit-log entry"}, "document": {"文書", "Document"}},
	"Function": {"front-line": {"窓口", "Front line"}, "customer-support": {"カスタマーサポート", "Customer support"},
		"network-operations": {"ネットワーク運用", "Network operations"}, "security": {"セキュリティ", "Security"}, "fraud": {"不正対策", "Fraud"},
		"development": {"開発", "Development"}, "compliance": {"コンプライアンス", "Compliance"}, "management": {"経営", "Management"},
		"contractor": {"委託先", "Contractor"}, "other": {"その他", "Other"}, "secrecy-officer": {"通信の秘密管理者", "Secrecy officer"},
		"privacy-office": {"個人情報保護室", "Privacy office"}, "incident-team": {"事故対応チーム", "Incident team"},
		"engineering": {"技術部門", "Engineering"}, "legal": {"法務", "Legal"}},
}

var incEnumValues = map[string][]string{
	"IncidentOrigin":     himitsu.IncidentOrigin("").Values(),
	"CauseCategory":      himitsu.CauseCategory("").Values(),
	"KnowledgeStep":      himitsu.KnowledgeStep("").Values(),
	"Function":           himitsu.Function("").Values(),
	"EvidenceKind":       himitsu.EvidenceKind("").Values(),
	"MeasureStatus":      himitsu.MeasureStatus("").Values(),
	"VerificationResult": himitsu.VerificationResult("").Values(),
	"NoticeKind":         himitsu.NoticeKind("").Values(),
	"Channel":            himitsu.Channel("").Values(),
	"CountUnit":          himitsu.CountUnit("").Values(),
	"SecrecyClass":       himitsu.SecrecyClass("").Values(),
}

// IncEnum names a value of an enumeration in the page's language.
func (v *view) IncEnum(typ, value string) string {
	if value == "" {
		return "—"
	}
	if m, ok := v.s.enums[typ][value]; ok {
		return m.in(v.Lang)
	}
	if m, ok := incNestedLabels[typ][value]; ok {
		return m.in(v.Lang)
	}
	return value
}

// IncValues lists the values of an enumeration.
func (v *view) IncValues(typ string) []string { return incEnumValues[typ] }

// IncTime shows a time in Japan time, or a dash.
func (v *view) IncTime(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.In(himitsu.Tokyo).Format("2006-01-02 15:04")
}

// IncFact shows a fact: yes, no or unknown.
func (v *view) IncFact(f himitsu.Fact) string {
	switch f {
	case himitsu.Yes:
		return v.T("yes")
	case himitsu.No:
		return v.T("no")
	}
	return v.T("inc_unknown")
}

// incFactInput is one yes/no/unknown select.
type incFactInput struct{ Name, ID, Value, Yes, No, Unknown string }

// IncFactInput is the select of a fact, preset to f.
func (v *view) IncFactInput(name string, f himitsu.Fact) incFactInput {
	in := incFactInput{Name: name, ID: "f-" + name, Yes: v.T("yes"), No: v.T("no"), Unknown: v.T("inc_unknown")}
	switch f {
	case himitsu.Yes:
		in.Value = "true"
	case himitsu.No:
		in.Value = "false"
	}
	return in
}

// IncFactInputFor is IncFactInput with an element ID of its own, for a
// form repeated on the page (one per measure).
func (v *view) IncFactInputFor(id, name string, f himitsu.Fact) incFactInput {
	in := v.IncFactInput(name, f)
	in.ID = id
	return in
}

// IncTimes are the times the facts form edits.
func (v *view) IncTimes() []string {
	return []string{"occurred_at", "detected_at", "known_at", "contained_at"}
}

// IncInput is a time of the incident as a datetime-local value.
func (v *view) IncInput(in himitsu.Incident, field string) string {
	var t time.Time
	switch field {
	case "occurred_at":
		t = in.OccurredAt
	case "detected_at":
		t = in.DetectedAt
	case "known_at":
		t = in.KnownAt
	case "contained_at":
		t = in.ContainedAt
	}
	if t.IsZero() {
		return ""
	}
	return t.In(himitsu.Tokyo).Format(timeLayout)
}

// CanOpenIncident reports whether the user may open an incident from a
// complaint (the desk's roles and the officers).
func (v *view) CanOpenIncident() bool {
	for _, rt := range v.s.routes {
		if rt.pattern == "/c/{carrier}/complaints/{id}/open-incident" {
			return v.User != nil && slices.Contains(rt.roles, v.User.Role)
		}
	}
	return false
}
