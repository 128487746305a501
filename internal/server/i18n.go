package server

import (
	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/report"
)

// msg is one text of the pages in Japanese and English.
type msg struct{ ja, en string }

func (m msg) in(lang string) string {
	if lang == "en" {
		return m.en
	}
	return m.ja
}

// messages are the pages' own words. The law's terms follow the report
// (internal/report labels) so that the web and the report say the same.
func messages() map[string]msg {
	m := baseMessages()
	for _, set := range messageSets {
		for k, v := range set() {
			m[k] = v
		}
	}
	return m
}

// messageSets are the words of the server's other areas (incidents,
// cases, deadlines…), each kept in its area's own file and registered
// there with an init function, so that an area's pages and words change
// together. A key defined twice is a mistake TestMessageKeysUnique finds.
var messageSets []func() map[string]msg

func baseMessages() map[string]msg {
	return map[string]msg{
		"app":             {"himitsu 通信の秘密 管理", "himitsu secrecy compliance"},
		"dashboard":       {"ダッシュボード", "Dashboard"},
		"catalog":         {"想定事例カタログ", "Catalog"},
		"assessments":     {"評価", "Assessments"},
		"log":             {"閲覧・変更の記録", "Reads and changes"},
		"import":          {"バンドル取込み", "Import bundle"},
		"settings":        {"設定", "Settings"},
		"users":           {"利用者管理", "Users"},
		"logout":          {"サインアウト", "Sign out"},
		"logout_all":      {"すべての端末からサインアウト", "Sign out everywhere"},
		"login":           {"サインイン", "Sign in"},
		"username":        {"利用者名", "User name"},
		"password":        {"パスワード", "Password"},
		"display_name":    {"表示名", "Display name"},
		"role":            {"役割", "Role"},
		"carriers":        {"担当事業者", "Carriers"},
		"language":        {"表示言語", "Language"},
		"setup":           {"最初の管理者の作成", "Create the first administrator"},
		"setup_intro":     {"この画面は一度だけ使えます。作成した管理者でサインインし、他の利用者を登録してください。", "This page works once. Sign in with the administrator you create here, then add the other users."},
		"create":          {"作成", "Create"},
		"save":            {"保存", "Save"},
		"edit":            {"編集", "Edit"},
		"delete":          {"削除", "Delete"},
		"new":             {"新規登録", "New"},
		"search":          {"検索", "Search"},
		"filter":          {"絞り込み", "Filter"},
		"from":            {"開始日", "From"},
		"to":              {"終了日", "To"},
		"next_page":       {"次のページ", "Next page"},
		"first_page":      {"最初のページ", "First page"},
		"no_records":      {"該当する記録はありません。", "No records match."},
		"any":             {"すべて", "Any"},
		"open_only":       {"未完了のみ", "Open only"},
		"overall":         {"総合評価", "Overall"},
		"by_category":     {"分類別の評価", "By category"},
		"trend":           {"評価の推移", "How the grade moved"},
		"open_findings":   {"未解決の指摘（重要度別）", "Open findings by severity"},
		"deadlines":       {"報告期限", "Reporting deadlines"},
		"late":            {"期限超過・遅延", "Late or overdue"},
		"escalations":     {"最近の上申（苦情）", "Recent escalations (complaints)"},
		"no_run":          {"まだ評価を実行していません。", "No assessment has been run yet."},
		"run_now":         {"今の記録で評価を実行", "Assess the records held now"},
		"as_of":           {"評価基準日", "As of"},
		"ran_at":          {"実行日時", "Ran at"},
		"ran_by":          {"実行者", "Run by"},
		"compare":         {"比較", "Compare"},
		"compare_prev":    {"前回と比較", "Compare with previous"},
		"download":        {"ダウンロード", "Download"},
		"findings":        {"指摘", "Findings"},
		"evidence":        {"根拠となる記録", "Evidence"},
		"rules":           {"判定ルール", "Rules"},
		"statement":       {"内容", "Statement"},
		"citation":        {"根拠規定", "Citation"},
		"remediation":     {"対応", "Remediation"},
		"item":            {"項目", "Item"},
		"status":          {"判定", "Status"},
		"severity":        {"重要度", "Severity"},
		"summary":         {"概要", "Summary"},
		"new_findings":    {"新たな指摘", "New findings"},
		"resolved":        {"解消した指摘", "Resolved findings"},
		"changed":         {"判定が変わった指摘", "Changed findings"},
		"unchanged_grade": {"総合評価は変わっていません", "The overall grade did not change"},
		"history":         {"変更履歴", "Change history"},
		"reads":           {"閲覧の記録", "Reads"},
		"changes":         {"変更の記録", "Changes"},
		"record_changes":  {"記録ごとの変更", "Record changes"},
		"when":            {"日時", "When"},
		"who":             {"誰が", "Who"},
		"why":             {"目的", "Why"},
		"what":            {"対象", "What"},
		"rows":            {"件数", "Rows"},
		"action":          {"操作", "Action"},
		"tool":            {"手段", "Tool"},
		"conflict":        {"他の利用者がこの記録を変更しました", "Someone else changed this record"},
		"conflict_help":   {"あなたが編集を始めた後に、この記録は保存し直されています。下の「現在の内容」を確認し、必要ならあなたの変更をもう一度入力して保存してください（フォームは現在の版に更新済みです）。", "The record was saved again after you began editing. Check the current values below; if your change is still needed, enter it again and save (the form now holds the current version)."},
		"current_values":  {"現在の内容", "Current values"},
		"your_values":     {"あなたの入力", "Your input"},
		"fix_errors":      {"入力に誤りがあります。各項目の説明を確認してください。", "Some values need correcting; see the messages next to the fields."},
		"saved":           {"保存しました。", "Saved."},
		"upload":          {"アップロードして取り込む", "Upload and import"},
		"upload_help":     {"事業者バンドル（carrier.yaml と CSV 等を含むディレクトリ）を ZIP にしてアップロードしてください。取り込みは全件成功した場合のみ反映されます。", "Upload a carrier bundle (the directory with carrier.yaml and the CSV files) as a ZIP file. The import is all or nothing."},
		"import_errors":   {"取り込めませんでした。次の誤りを直してください。", "Nothing was imported. Correct these errors:"},
		"file":            {"ファイル", "File"},
		"line":            {"行", "Line"},
		"field":           {"項目", "Field"},
		"message":         {"内容", "Message"},
		"imported":        {"取り込みました", "Imported"},
		"tokens":          {"APIトークン", "API tokens"},
		"token_name":      {"名前（用途）", "Name (what it is for)"},
		"scope":           {"権限", "Scope"},
		"token_created":   {"トークンを作成しました。この値は二度と表示されません。", "Token created. It will not be shown again:"},
		"revoke":          {"失効", "Revoke"},
		"revoked":         {"失効済み", "Revoked"},
		"disabled":        {"無効", "Disabled"},
		"error":           {"エラー", "Error"},
		"back":            {"戻る", "Back"},
		"print":           {"印刷", "Print"},
		"records":         {"台帳", "Registers"},
		"all_carriers":    {"事業者", "Carrier"},
		"yes":             {"はい", "Yes"},
		"no":              {"いいえ", "No"},
		"not_set":         {"—", "—"},
		"open":            {"未完了", "Open"},
		"related":         {"関連する記録", "Related records"},
		"findings_on":     {"この記録を根拠とする指摘", "Findings that cite this record"},
		"delete_confirm":  {"この記録を削除します。よろしいですか。", "Delete this record?"},
		"cannot_delete":   {"削除できません", "Cannot be deleted"},
		"due":             {"期限", "Due"},
		"state":           {"状況", "State"},
		"incident":        {"事故", "Incident"},
		"law":             {"法令", "Law"},
		"stage":           {"段階", "Stage"},
		"no_deadlines":    {"報告期限のある事故はありません。", "No incident has a reporting deadline."},
		"none_late":       {"遅延・超過はありません。", "Nothing is late."},
		"none_open":       {"未解決の指摘はありません。", "No open findings."},
		"lang_ja":         {"日本語", "日本語"},
		"lang_en":         {"English", "English"},
		"welcome":         {"ようこそ", "Welcome"},
		"no_carrier":      {"担当する事業者がありません。管理者に付与を依頼するか、バンドルを取り込んでください。", "No carrier is granted to you. Ask an administrator, or import a bundle."},
		"read_only":       {"閲覧のみ", "Read only"},
		"required":        {"必須", "required"},
		"version":         {"版", "Version"},
		"locked":          {"ロック中", "Locked"},
		"sessions_ended":  {"すべての端末からサインアウトしました。", "Signed out everywhere."},
	}
}

// fieldLabels are the Japanese names of register fields; the English
// name is the field's own name with spaces.
func fieldLabels() map[string]string {
	m := map[string]string{
		"id": "ID", "received_at": "受付日時", "channel": "経路", "category": "分類", "subscriber": "利用者（仮名）",
		"summary": "概要", "leak_clue": "漏えいの端緒", "escalated_at": "上申日時", "closed_at": "完了日時",
		"resolution": "対応結果", "incident": "事故", "title": "件名", "kind": "種別", "service": "サービス",
		"occurred_at": "発生日時", "detected_at": "検知日時", "known_at": "認知日時", "contained_at": "収束日時",
		"secrecy_involved": "通信の秘密に関係", "classes": "情報の区分", "persons_affected": "影響人数",
		"users_affected": "影響利用者数", "duration_minutes": "継続時間（分）", "emergency_calls": "緊急通報への影響",
		"sensitive_data": "要配慮個人情報", "financial_risk": "財産的被害のおそれ", "improper_purpose": "不正の目的のおそれ",
		"cause_category": "原因の区分", "cause": "原因", "actor_org": "原因となった組織", "actor_person": "原因となった者",
		"change": "原因となった変更", "root_cause_done_on": "原因分析完了日", "publicised_on": "公表日",
		"description": "内容", "due_on": "期限", "done_on": "実施日", "verified_on": "検証日",
		"law": "法令", "stage": "段階", "submitted_at": "提出日時", "to": "提出先", "reference": "受付番号",
		"sent_at": "送付日時", "recipients": "送付人数", "explains_cause": "原因の説明", "relief_offered": "救済の提示",
		"name": "氏名", "employer": "所属組織", "unit": "部署", "role": "役職", "joined_on": "着任日", "left_on": "離任日",
		"person": "従事者", "account": "アカウント", "dataset": "データセット", "scope": "権限", "purpose": "目的",
		"granted_on": "付与日", "expires_on": "有効期限", "revoked_on": "失効日", "approver": "承認者", "reviewed_on": "見直し日",
		"notice_version": "通知の版", "method": "取得方法", "specific_purpose": "目的の特定", "elements_listed": "情報の列挙",
		"separate_from_terms": "約款と別の同意", "affirmative": "積極的な同意", "withdrawal_channel": "撤回の方法",
		"given_at": "同意日時", "withdrawn_at": "撤回日時", "at": "日時", "action": "操作", "records": "件数",
	}
	for _, set := range fieldLabelSets {
		for k, v := range set() {
			if _, ok := m[k]; !ok {
				m[k] = v
			}
		}
	}
	return m
}

// fieldLabelSets and enumLabelSets are the field and value names of the
// server's other areas, registered like messageSets. A name already
// defined keeps its first label, so that a field means the same on every
// page.
var (
	fieldLabelSets []func() map[string]string
	enumLabelSets  []func() map[string]map[string]msg
)

func (s *Server) t(key, lang string) string {
	if m, ok := s.msgs[key]; ok {
		return m.in(lang)
	}
	return key
}

func (s *Server) fieldLabel(name, lang string) string {
	if lang == "ja" {
		if l, ok := s.fieldJA[name]; ok {
			return l
		}
	}
	out := []byte(name)
	for i, b := range out {
		if b == '_' {
			out[i] = ' '
		}
	}
	if len(out) > 0 && out[0] >= 'a' && out[0] <= 'z' {
		out[0] -= 'a' - 'A'
	}
	return string(out)
}

func roleLabel(r himitsu.Role, lang string) string {
	labels := map[himitsu.Role]msg{
		himitsu.RoleAdmin:     {"管理者", "Administrator"},
		himitsu.RoleOfficer:   {"コンプライアンス担当", "Compliance officer"},
		himitsu.RoleDesk:      {"窓口担当", "Desk agent"},
		himitsu.RoleEngineer:  {"技術担当", "Engineer"},
		himitsu.RoleAuditor:   {"内部監査（閲覧のみ）", "Internal auditor (read only)"},
		himitsu.RoleRegulator: {"規制当局（閲覧のみ・一事業者）", "Regulator (read only, one carrier)"},
	}
	if m, ok := labels[r]; ok {
		return m.in(lang)
	}
	return string(r)
}

func registerLabel(name, lang string) string {
	// Reads that are not of one register: the whole set of registers
	// (Store.Records) and the kept assessment results.
	switch name {
	case himitsu.ReadRecords:
		return msg{"全台帳", "All registers"}.in(lang)
	case "assessment_runs":
		return msg{"評価結果", "Assessment results"}.in(lang)
	}
	return report.Label("register", name, lang)
}

// enumLabels name the values of the enumerations the register pages show,
// by Go type name; a value without a label is shown as it is.
func enumLabels() map[string]map[string]msg {
	m := map[string]map[string]msg{
		"Channel": {"phone": {"電話", "Phone"}, "mail": {"郵送", "Mail"}, "fax": {"FAX", "Fax"}, "email": {"電子メール", "Email"},
			"web": {"Webフォーム", "Web form"}, "chat": {"チャット", "Chat"}, "in-person": {"対面", "In person"}, "sms": {"SMS", "SMS"},
			"app": {"アプリ", "App"}, "text-relay": {"文字中継", "Text relay"}, "sign-language": {"手話", "Sign language"}},
		"ComplaintCategory": {"secrecy": {"通信の秘密", "Secrecy"}, "leak-suspicion": {"漏えいの疑い", "Leak suspicion"},
			"privacy": {"プライバシー", "Privacy"}, "billing": {"料金", "Billing"}, "quality": {"品質", "Quality"}, "other": {"その他", "Other"}},
		"IncidentKind": {"leak": {"漏えい", "Leak"}, "unauthorized-use": {"不正利用", "Unauthorized use"}, "unauthorized-obtaining": {"不正取得", "Unauthorized obtaining"},
			"personal-data-leak": {"個人データ漏えい", "Personal data leak"}, "outage": {"障害", "Outage"}, "near-miss": {"ヒヤリハット", "Near miss"},
			"personal-data-loss": {"個人データ滅失", "Personal data loss"}, "personal-data-damage": {"個人データ毀損", "Personal data damage"}, "suspicion": {"疑い", "Suspicion"}},
		"CauseCategory": {"employee-negligence": {"従業者の過失", "Employee negligence"}, "employee-intentional": {"従業者の故意", "Employee, intentional"},
			"contractor": {"委託先", "Contractor"}, "system-change": {"システム変更", "System change"}, "malfunction": {"誤作動・故障", "Malfunction"},
			"attack": {"攻撃", "Attack"}, "environmental": {"環境要因", "Environmental"}, "unknown": {"不明", "Unknown"}},
		"PersonKind": {"employee": {"正社員", "Employee"}, "contract-employee": {"契約社員", "Contract employee"}, "part-timer": {"パート・アルバイト", "Part-timer"},
			"temporary": {"臨時", "Temporary"}, "dispatched": {"派遣", "Dispatched"}, "director": {"取締役", "Director"}, "officer": {"役員", "Officer"},
			"auditor": {"監査役", "Auditor"}, "contractor-staff": {"委託先従業者", "Contractor staff"}},
		"GrantScope":    {"read": {"閲覧", "Read"}, "export": {"出力", "Export"}, "admin": {"管理", "Admin"}},
		"ConsentMethod": {"separate-screen": {"別画面", "Separate screen"}, "in-app-dialog": {"アプリ内ダイアログ", "In-app dialog"}, "paper": {"書面", "Paper"}, "verbal": {"口頭", "Verbal"}, "terms-bundled": {"約款と一括", "Bundled with terms"}, "pre-ticked": {"事前チェック済み", "Pre-ticked"}, "default-on-with-notice": {"事前通知・オプトアウト付きの既定有効", "On by default, with notice and opt-out"}},
		"Action":        {"read": {"閲覧", "Read"}, "query": {"検索", "Query"}, "export": {"出力", "Export"}, "print": {"印刷", "Print"}, "modify": {"変更", "Modify"}, "delete": {"削除", "Delete"}},
	}
	for _, set := range enumLabelSets {
		for k, v := range set() {
			if _, ok := m[k]; !ok {
				m[k] = v
			}
		}
	}
	return m
}
