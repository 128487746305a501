package report

// label is one value's name in Japanese and English.
type label struct{ ja, en string }

func (l label) in(lang string) string {
	if lang == "ja" {
		return l.ja
	}
	return l.en
}

// Label groups. Each names one vocabulary whose every value the report
// can show; labels_test.go checks each group against its source list.
const (
	groupStatus        = "status"
	groupSeverity      = "severity"
	groupGrade         = "grade"
	groupIncidentClass = "incident-class"
	groupDeadlineState = "deadline-state"
	groupRegister      = "register"
	groupLaw           = "law"
	groupStage         = "stage"
	groupRegistration  = "registration"
	groupBureau        = "bureau"
	groupDetermination = "determination"
	groupUI            = "ui"
)

// incidentClasses are the classes an IncidentDetermination can carry, as
// documented on himitsu.IncidentDetermination.Classes (the root package has
// no Values method for them).
var incidentClasses = []string{"secrecy-leak", "unauthorized-use", "unauthorized-obtaining", "personal-data-leak", "personal-data-only", "serious-outage", "near-miss", "suspicion"}

// deadlineStates are the values of himitsu.Deadline.State.
var deadlineStates = []string{"met", "late", "overdue", "pending", "unclear", "after-guidance", "past-guidance"}

// labels is read-only after initialisation: the report's own wording for
// every enumerated value and every heading it prints.
var labels = map[string]map[string]label{
	groupStatus: {
		"indicated":         {"該当", "Indicated"},
		"at-risk":           {"おそれあり", "At risk"},
		"not-indicated":     {"該当なし", "Not indicated"},
		"needs-attestation": {"要確認", "Needs attestation"},
		"not-applicable":    {"対象外", "Not applicable"},
	},
	groupSeverity: {
		"none":   {"なし", "None"},
		"low":    {"低", "Low"},
		"medium": {"中", "Medium"},
		"high":   {"高", "High"},
	},
	// Grade labels are a fallback: the catalog's own labels come first.
	groupGrade: {
		"no-concern": {"懸念なし", "No concern"},
		"advice":     {"自主改善", "Self-correction"},
		"guidance":   {"行政指導のおそれ", "Guidance likely"},
		"order-risk": {"業務改善命令のおそれ", "Order risk"},
	},
	groupIncidentClass: {
		"secrecy-leak":           {"通信の秘密の漏えい", "Leak of secrecy of communications"},
		"unauthorized-use":       {"通信の秘密の窃用", "Unauthorized use of secrecy"},
		"unauthorized-obtaining": {"通信の秘密の知得", "Unauthorized obtaining of secrecy"},
		"personal-data-leak":     {"個人データの漏えい", "Personal-data leak"},
		"personal-data-only":     {"個人情報のみの事案", "Personal data only"},
		"serious-outage":         {"重大な事故", "Serious outage"},
		"near-miss":              {"ヒヤリハット", "Near miss"},
		"suspicion":              {"疑い・内部調査", "Suspicion or investigation"},
	},
	groupDeadlineState: {
		"met":     {"期限内に提出", "Filed in time"},
		"late":    {"期限後に提出", "Filed late"},
		"overdue": {"期限超過・未提出", "Overdue, not filed"},
		"pending": {"未提出・期限前", "Pending, still in time"},
		// Only when the carrier chose include-first-day: under the Civil
		// Code (Art. 140) day 30 itself is in time.
		"unclear": {"要確認（初日算入では遅延、民法第140条の初日不算入では期限内）", "Unclear (late if the first day counts; in time under Civil Code Art. 140)"},
		// The APPI preliminary report's 3 to 5 days are the PPC's
		// guidance, not a statutory period: not "late".
		"after-guidance": {"提出済み（個人情報保護委員会の目安より後）", "Filed, later than the PPC's guidance"},
		"past-guidance":  {"未提出（個人情報保護委員会の目安を経過）", "Not filed, past the PPC's guidance"},
	},
	groupRegister: {
		"carrier":                  {"事業者", "Carrier"},
		"organisations":            {"組織", "Organisations"},
		"services":                 {"サービス", "Services"},
		"datasets":                 {"データセット", "Data sets"},
		"purposes":                 {"利用目的", "Purposes"},
		"policies":                 {"方針・規程", "Policies"},
		"persons":                  {"従事者", "Persons"},
		"accounts":                 {"アカウント", "Accounts"},
		"grants":                   {"アクセス権限", "Access grants"},
		"org_changes":              {"異動等", "Organisational changes"},
		"training":                 {"研修", "Training"},
		"takeouts":                 {"端末の持出し", "Terminal take-outs"},
		"areas":                    {"区域", "Areas"},
		"retention_rules":          {"保存期間の定め", "Retention rules"},
		"holdings":                 {"保有状況", "Holdings"},
		"extracts":                 {"複製・抽出物", "Extracts"},
		"system_changes":           {"システム変更", "System changes"},
		"protections":              {"安全対策", "Protections"},
		"risk_assessments":         {"リスク評価", "Risk assessments"},
		"controls":                 {"内部統制", "Controls"},
		"consents":                 {"同意", "Consents"},
		"incidents":                {"事故・事案", "Incidents"},
		"incident_classifications": {"事故の分類の履歴", "Incident classifications"},
		"recurrence_measures":      {"再発防止策", "Recurrence measures"},
		"regulator_reports":        {"当局への報告", "Regulator reports"},
		"notifications":            {"利用者への通知", "User notifications"},
		"complaints":               {"苦情・相談", "Complaints"},
		"desk":                     {"苦情・相談窓口", "Complaint desk"},
		"attestations":             {"申告", "Attestations"},
		"law_enforcement_requests": {"捜査機関からの要請", "Law-enforcement requests"},
		"access_events":            {"アクセス記録", "Access events"},
		"entry_logs":               {"入退室記録", "Entry logs"},
	},
	groupLaw: {
		"tba-28":   {"電気通信事業法第28条", "TBA Art. 28"},
		"appi-26":  {"個人情報保護法第26条", "APPI Art. 26"},
		"tba-27-5": {"電気通信事業法第27条の5（特定利用者情報）", "TBA Art. 27-5 (specified user information)"},
	},
	groupStage: {
		"first":       {"第一報", "First report"},
		"detailed":    {"詳細報告", "Detailed report"},
		"preliminary": {"速報", "Preliminary report"},
		"final":       {"確報", "Final report"},
	},
	groupRegistration: {
		"registered": {"登録（第9条）", "Registered (Art. 9)"},
		"notified":   {"届出（第16条第1項）", "Notified (Art. 16(1))"},
		"exempt":     {"適用除外（第164条第1項）", "Exempt (Art. 164(1))"},
	},
	groupBureau: {
		"hokkaido": {"北海道総合通信局", "Hokkaido Bureau of Telecommunications"},
		"tohoku":   {"東北総合通信局", "Tohoku Bureau of Telecommunications"},
		"kanto":    {"関東総合通信局", "Kanto Bureau of Telecommunications"},
		"shinetsu": {"信越総合通信局", "Shinetsu Bureau of Telecommunications"},
		"hokuriku": {"北陸総合通信局", "Hokuriku Bureau of Telecommunications"},
		"tokai":    {"東海総合通信局", "Tokai Bureau of Telecommunications"},
		"kinki":    {"近畿総合通信局", "Kinki Bureau of Telecommunications"},
		"chugoku":  {"中国総合通信局", "Chugoku Bureau of Telecommunications"},
		"shikoku":  {"四国総合通信局", "Shikoku Bureau of Telecommunications"},
		"kyushu":   {"九州総合通信局", "Kyushu Bureau of Telecommunications"},
		"okinawa":  {"沖縄総合通信事務所", "Okinawa Office of Telecommunications"},
	},
	groupDetermination: {
		"subject-to-order":     {"業務改善命令の対象となる", "Can receive a business improvement order"},
		"not-subject-to-order": {"業務改善命令の対象とならない", "Cannot receive a business improvement order"},
		"means-of-operations":  {"業務の方法に該当", "Means of conducting operations"},
		"not-means":            {"業務の方法に該当しない", "Not a means of conducting operations"},
		"holds-secrecy":        {"通信の秘密を扱う", "Handles secrecy"},
		"exempt":               {"適用除外", "Exempt"},
		"indirect-hindrance":   {"本体サービスに間接的な支障のおそれ", "May indirectly hinder the main service"},
	},
	groupUI: {
		"title":            {"通信の秘密の確保に関する自己評価報告書", "Self-assessment report on the secrecy of communications"},
		"carrier":          {"事業者", "Carrier"},
		"registration":     {"登録・届出", "Registration"},
		"bureau":           {"所管", "Bureau"},
		"as-of":            {"評価基準日", "As of"},
		"catalog":          {"カタログ版", "Catalog version"},
		"scope":            {"評価の範囲", "Scope"},
		"items-examined":   {"審査した想定事例", "Assumed cases examined"},
		"findings-total":   {"所見", "Findings"},
		"overall":          {"総合評価", "Overall grade"},
		"reasons":          {"理由", "Reasons"},
		"categories":       {"分野別の評価", "Grades by category"},
		"category":         {"分野", "Category"},
		"section":          {"節", "Section"},
		"grade":            {"評価", "Grade"},
		"score":            {"得点", "Score"},
		"findings":         {"所見数", "Findings"},
		"detail":           {"分野別の所見", "Findings by category"},
		"legend":           {"凡例", "Legend"},
		"summary":          {"概要", "Summary"},
		"evidence":         {"根拠記録", "Evidence"},
		"remediation":      {"是正策", "Remediation"},
		"severity":         {"重大度", "Severity"},
		"status":           {"判定", "Status"},
		"rule":             {"規則", "Rule"},
		"parameters":       {"評価の前提値", "Parameters of this assessment"},
		"parameters-note":  {"規則のしきい値、期間の数え方及び期限の繰下げに用いた祝日の暦の版（docs/rules.md）。しきい値は --thresholds で変更でき、既定値以外には「設定」と示す。", "Rule thresholds, the day-count convention and the version of the holiday calendar that moves deadlines (docs/rules.md). Thresholds can be changed with --thresholds; values other than the defaults are marked \"set\"."},
		"parameter":        {"前提値", "Parameter"},
		"value":            {"値", "Value"},
		"origin":           {"由来", "Origin"},
		"origin-default":   {"既定", "default"},
		"origin-set":       {"設定", "set"},
		"item":             {"項目", "Item"},
		"code":             {"コード", "Code"},
		"item-title":       {"表題", "Title"},
		"more":             {"ほか %d 件", "and %d more"},
		"questions":        {"要確認事項（申告による回答が必要）", "Questions needing attestation"},
		"no-questions":     {"要確認事項はない。", "No questions need attestation."},
		"question":         {"質問", "Question"},
		"determinations":   {"法的な位置付け", "Determinations"},
		"subject":          {"命令の対象となるか", "Subject to an order"},
		"services":         {"サービス", "Services"},
		"service":          {"サービス", "Service"},
		"incidents":        {"事故・事案と報告期限", "Incidents and reporting deadlines"},
		"no-incidents":     {"判定対象の事故・事案はない。", "No incidents to determine."},
		"no-services":      {"判定対象のサービスはない。", "No services to determine."},
		"incident":         {"事案", "Incident"},
		"classes":          {"区分", "Classes"},
		"deadlines":        {"報告期限", "Deadlines"},
		"law":              {"根拠法", "Law"},
		"stage":            {"段階", "Stage"},
		"due":              {"期限", "Due"},
		"filed":            {"提出", "Filed"},
		"state":            {"状況", "State"},
		"days-late":        {"%d 日遅延", "%d days late"},
		"counted-from":     {"。起算日 %s（%s）", "; counted from %s (%s)"},
		"not-filed":        {"未提出", "not filed"},
		"counts":           {"評価に用いた記録", "Records judged"},
		"complaint-stats":  {"苦情・相談窓口の統計（5(4)）", "Complaint desk figures (5(4))"},
		"figure":           {"項目", "Figure"},
		"register":         {"台帳", "Register"},
		"records":          {"件数", "Records"},
		"no-findings":      {"この分野の所見はない。", "No findings in this category."},
		"other-items":      {"カタログにない項目", "Items not in the catalog"},
		"top-findings":     {"最も重大な所見", "Most serious findings"},
		"no-top-findings":  {"該当又はおそれのある所見はない。", "No finding is indicated or at risk."},
		"cover":            {"経営層向け要約", "Summary for the board"},
		"chart":            {"分野別の得点（目盛は0から。破線は評価の境目）", "Score by category (axis from 0; dashed lines are grade thresholds)"},
		"appendix":         {"付録：評価の考え方", "Appendix: how the grades are aggregated"},
		"principles":       {"集計の原則", "Aggregation principles"},
		"thresholds":       {"分野の評価の境目", "Category grade thresholds"},
		"meaning":          {"意味", "Meaning"},
		"grade-scale":      {"評価の段階（総務省の対応を予測するものではない）", "The grades (they do not predict any step by MIC)"},
		"min-score":        {"最低得点", "Minimum score"},
		"severity-points":  {"重大度の点数", "Severity points"},
		"at-risk-factor":   {"おそれの係数", "At-risk factor"},
		"disclaimer":       {"免責事項と出典", "Disclaimer and source"},
		"yes":              {"はい", "yes"},
		"no":               {"いいえ", "no"},
		"reason":           {"理由", "Reason"},
		"none":             {"なし", "none"},
		"generated-from":   {"本報告書は基準日時点の記録から作成した。", "This report was made from the records as of the assessment day."},
		"overall-sentence": {"総合評価は「%s」である。", "The overall grade is \"%s\"."},
		"counts-sentence":  {"想定事例 %d 件を審査し、該当 %d 件、おそれ %d 件、要確認 %d 件であった。", "%d assumed cases examined: %d indicated, %d at risk, %d need attestation."},
		"oscal-import-ap":  {"評価計画は別途作成していない。himitsu の規則と同梱カタログが評価計画に当たる。", "No separate assessment plan exists: himitsu's rules and the bundled catalog are the plan."},
		"truncated-table":  {"表示は先頭 %d 件まで（全 %d 件）。", "Showing the first %d of %d."},
	},
}

// lbl returns the label of value in group, or the value itself when the
// table lacks it, so that an unknown value is shown rather than hidden.
func lbl(group, value, lang string) string {
	if l, ok := labels[group][value]; ok {
		return l.in(lang)
	}
	return value
}

// ui returns a heading or phrase of the report.
func ui(key, lang string) string { return lbl(groupUI, key, lang) }
