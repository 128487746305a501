package server

import (
	"errors"
	"net/http"
	"reflect"

	"github.com/himitsu-oss/himitsu"
)

// The words of the set-up and evidence registers' pages (organisations,
// services, data sets, purposes, policies, areas, retention, protections,
// training, system changes, controls, attestations, law-enforcement
// requests…): their field names and the names of their enumerations'
// values, registered with the other areas' words.

// undated are the registers without a principal day or time, whose lists
// offer no from/to bounds (the store's specs say which field bounds the
// others).
var undated = map[string]bool{"datasets": true, "purposes": true, "areas": true, "retention_rules": true}

func init() {
	messageSets = append(messageSets, func() map[string]msg {
		return map[string]msg{
			"reg_group_daily": {"日々の台帳", "Daily registers"},
			"reg_group_setup": {"体制・設備の台帳", "Set-up registers"},
			"reg_group_proof": {"証跡の台帳", "Evidence registers"},
			"reg_group_logs":  {"記録（ログ）", "Logs"},
			"add_row":         {"行を追加", "Add a row"},
			"remove_row":      {"削除", "Remove"},
			"unknown":         {"不明", "Unknown"},
			"reg_checking":    {"確認中…", "Checking…"},
		}
	})
	fieldLabelSets = append(fieldLabelSets, func() map[string]string {
		return map[string]string{
			// organisations, services
			"parent": "親組織", "handles_secrecy": "通信の秘密を取り扱う", "reentrustment_approved": "再委託の承認",
			"confidentiality_clause": "守秘義務条項", "contract_start": "契約開始日", "contract_end": "契約終了日",
			"roles": "役割", "owner": "親会社等", "owner_share": "出資比率（%）", "country": "国（ISO 3166-1）",
			"exempt": "適用除外", "exemption": "適用除外の根拠", "main_service": "主たるサービス", "subscribers": "利用者数",
			"launched_on": "提供開始日", "charging": "料金", "voice": "音声伝送役務",
			// datasets, purposes
			"system": "システム", "location": "所在", "elements": "データ項目", "stored_in": "保存国", "operated_from": "運用国",
			"class": "情報の区分", "basis": "根拠", "lawful_business": "正当業務の内容", "datasets": "データセット",
			"services": "サービス", "mandatory_for_service": "サービスに必須", "operationally_necessary": "業務上必要",
			"opt_out": "オプトアウト可", "default_on": "既定で有効",
			// policies
			"version": "版", "url": "URL", "public": "公開", "published_on": "公表日", "languages": "言語",
			"clicks_from_top": "トップからのクリック数", "characters": "文字数", "plain_language": "平易な表現",
			"layered_summary": "階層的な概要", "states_leak_responsibility": "漏えい時の責任を明記",
			"disclaims_leak_liability": "漏えいの責任を免除", "waiver_clause": "免責条項", "approved_by": "承認者", "text": "本文",
			// accounts, org changes, training, takeouts
			"users": "利用者", "shared": "共用", "privileged": "特権", "mfa": "多要素認証", "created_on": "作成日",
			"disabled_on": "無効化日", "last_used_on": "最終利用日", "group": "グループ", "members": "構成員",
			"from_unit": "異動元部署", "to_unit": "異動先部署", "from_role": "異動前の役職", "to_role": "異動後の役職",
			"effective_on": "発令日", "course": "研修名", "covers_secrecy": "通信の秘密を扱う", "completed_on": "修了日",
			"passed": "合格", "device": "端末", "taken_at": "持出し日時", "returned_at": "返却日時", "approved": "承認済み",
			"noticed": "周知済み", "action_taken": "講じた措置",
			// areas, retention, holdings, extracts
			"site": "拠点", "access_control": "入退室管理の方式", "entry_log": "入退室記録", "cctv": "監視カメラ",
			"authorised": "入室を認められた者", "max_days": "保存期間の上限（日）", "min_days": "保存期間の下限（日）",
			"policy": "規程", "oldest": "最古の記録", "observed_on": "確認日", "readable_by": "閲覧可能な人数",
			"encrypted": "暗号化", "business_need": "業務上の必要性", "deleted_on": "削除日",
			// system changes, protections, risk, controls
			"changed_at": "変更日時", "affects_secrecy": "通信の秘密に影響", "risk_assessed": "リスク評価済み",
			"tested": "試験済み", "reviewed": "レビュー済み", "rollback_plan": "切戻し計画", "target": "対象",
			"status": "状況", "tested_on": "確認日", "note": "備考", "subject": "対象", "performed_on": "実施日",
			"next_due": "次回期限", "open_findings": "未解決の指摘数", "result": "結果", "findings": "指摘数",
			// attestations, law-enforcement requests, entry logs
			"item": "想定事例の項目", "claim": "申告の種類", "question": "質問", "answer": "回答", "statement": "説明",
			"by": "申告者", "on": "申告日", "evidence": "根拠資料", "authority": "要請元", "received_at": "受付日時",
			"answered_at": "回答日時", "element": "データ項目", "ref": "参照", "document": "文書", "document_sha256": "文書のSHA-256",
			"states_foreign_handling": "外国での取扱いを明記", "foreign_countries": "外国の国名", "subjects": "対象の利用者（仮名）", "valid_from": "有効期間の始期", "valid_until": "有効期間の終期",
			"area": "区域", "visitor": "来訪者", "direction": "入退の別", "escorted": "同行あり",
			// sub-records
			"step": "段階", "function": "部門", "learned": "知った内容", "knowledge": "認知の経過", "affected": "影響の内訳",
			"data": "情報の種類", "count": "件数", "unit": "単位", "estimated": "推計値", "strongly_encrypted": "高度な暗号化",
			"critical_facility": "重要設備", "turned_out_to_be": "判明した事故", "escalated_to": "上申先",
			"first_response_at": "初回応答日時", "also_under": "併せて該当する法令", "counted_from": "起算日",
			"advance_notice": "事前の通知", "free_opt_out": "無償のオプトアウト", "registration_number": "登録番号",
		}
	})
	enumLabelSets = append(enumLabelSets, func() map[string]map[string]msg {
		return map[string]map[string]msg{
			"OrgKind": {"carrier": {"電気通信事業者", "Carrier"}, "group-company": {"グループ会社", "Group company"},
				"contractor": {"委託先", "Contractor"}, "subcontractor": {"再委託先", "Subcontractor"}},
			"ServiceKind": {"telecom": {"電気通信役務", "Telecommunications"}, "ancillary": {"附帯サービス", "Ancillary"},
				"based-on": {"電気通信役務を基にしたサービス", "Based on telecommunications"}, "business-work": {"事業者の業務", "Business work"}},
			"Exemption": {"164-1-i": {"第164条第1項第1号", "Art. 164(1)(i)"}, "164-1-ii": {"第164条第1項第2号", "Art. 164(1)(ii)"},
				"164-1-iii": {"第164条第1項第3号", "Art. 164(1)(iii)"}},
			"Charging": {"paid": {"有料", "Paid"}, "free": {"無料", "Free"}},
			"SecrecyClass": {"content": {"通信内容", "Content"}, "datetime": {"通信日時", "Date and time"}, "place": {"通信場所", "Place"},
				"party-name": {"当事者の氏名", "Party's name"}, "party-address": {"当事者の住所", "Party's address"},
				"party-location": {"当事者の所在", "Party's location"}, "identifier": {"識別符号", "Identifier"}, "count": {"通信回数", "Count"},
				"existence": {"通信の存在", "Existence"}, "location-registration": {"位置登録情報", "Location registration"},
				"personal": {"個人情報（通信の秘密以外）", "Personal (not secrecy)"}, "other": {"その他", "Other"}},
			"Basis": {"consent": {"同意", "Consent"}, "lawful-business": {"正当業務行為", "Lawful business"}, "law": {"法令に基づく", "Required by law"},
				"self-defence": {"正当防衛", "Self-defence"}, "necessity": {"緊急避難", "Necessity"}},
			"LawfulBusiness": {"charging": {"課金", "Charging"}, "billing": {"料金請求", "Billing"}, "complaints": {"苦情対応", "Complaints"},
				"fraud-prevention": {"不正利用の防止", "Fraud prevention"}, "network-operation": {"ネットワークの運用", "Network operation"}, "other": {"その他", "Other"}},
			"PolicyKind": {"privacy-policy": {"プライバシーポリシー", "Privacy policy"}, "terms": {"利用規約・約款", "Terms"},
				"secrecy-policy": {"通信の秘密の保護方針", "Secrecy policy"}, "consent-notice": {"同意取得時の説明", "Consent notice"},
				"internal-rule": {"社内規程", "Internal rule"}, "complaint-rule": {"苦情処理規程", "Complaint rule"},
				"retention-rule": {"保存期間規程", "Retention rule"}, "incident-rule": {"事故対応規程", "Incident rule"},
				"security-rule": {"安全管理規程", "Security rule"}, "takeout-rule": {"持出し規程", "Take-out rule"}},
			"OrgChangeKind": {"joined": {"着任", "Joined"}, "transfer": {"異動", "Transfer"}, "role-change": {"役職の変更", "Role change"},
				"project-end": {"業務終了", "Project end"}, "reorganisation": {"組織改編", "Reorganisation"}, "leave": {"休職・退職", "Leave"}},
			"AreaKind":     {"controlled": {"管理区域", "Controlled area"}, "handling": {"取扱区域", "Handling area"}},
			"EntryControl": {"card": {"ICカード", "Card"}, "biometric": {"生体認証", "Biometric"}, "card+biometric": {"ICカード＋生体認証", "Card and biometric"}, "key": {"鍵", "Key"}, "pin": {"暗証番号", "PIN"}, "staffed": {"有人受付", "Staffed"}, "none": {"なし", "None"}},
			"ExtractKind":  {"backup": {"バックアップ", "Backup"}, "extract": {"抽出", "Extract"}, "export": {"出力", "Export"}, "replica": {"複製", "Replica"}},
			"ChangeKind":   {"repair": {"修理", "Repair"}, "config": {"設定変更", "Configuration"}, "deploy": {"リリース", "Deployment"}, "migration": {"移行", "Migration"}, "patch": {"パッチ適用", "Patch"}},
			"ProtectionKind": {"mfa": {"多要素認証", "MFA"}, "firewall": {"ファイアウォール", "Firewall"}, "segmentation": {"ネットワーク分離", "Segmentation"},
				"encryption-at-rest": {"保存時の暗号化", "Encryption at rest"}, "encryption-in-transit": {"通信時の暗号化", "Encryption in transit"},
				"edr": {"EDR", "EDR"}, "patching": {"脆弱性修正", "Patching"}, "log-monitoring": {"ログ監視", "Log monitoring"},
				"usb-control": {"外部媒体の制御", "USB control"}, "dlp": {"情報漏えい対策（DLP）", "DLP"},
				"privileged-access-management": {"特権アクセス管理", "Privileged access management"}, "vulnerability-scanning": {"脆弱性診断", "Vulnerability scanning"},
				"rate-limiting": {"試行回数の制限", "Rate limiting"}, "bot-detection": {"ボット検知", "Bot detection"},
				"shared-identity-platform": {"共通認証基盤", "Shared identity platform"}, "fire-suppression": {"消火設備", "Fire suppression"},
				"water-detection": {"漏水検知", "Water detection"}, "ups": {"無停電電源装置", "UPS"}, "generator": {"発電機", "Generator"},
				"seismic": {"耐震・免震", "Seismic"}, "hvac": {"空調", "HVAC"}},
			"ProtectionStatus": {"in-place": {"実施済み", "In place"}, "partial": {"一部実施", "Partial"}, "planned": {"計画中", "Planned"}, "missing": {"未実施", "Missing"}},
			"RiskKind":         {"service-secrecy": {"サービスの通信の秘密リスク", "Service secrecy risk"}, "system-risk": {"システムのリスク", "System risk"}},
			"ControlKind": {"secrecy-rule": {"通信の秘密の規程", "Secrecy rule"}, "secrecy-officer": {"通信の秘密の管理者", "Secrecy officer"},
				"internal-audit": {"内部監査", "Internal audit"}, "contractor-audit": {"委託先監査", "Contractor audit"}, "log-review": {"ログの点検", "Log review"},
				"board-report": {"取締役会への報告", "Board report"}, "incident-procedure": {"事故対応手順", "Incident procedure"},
				"access-recertification": {"アクセス権の棚卸し", "Access recertification"}, "retention-audit": {"保存期間の点検", "Retention audit"}},
			"ControlResult": {"ok": {"問題なし", "OK"}, "issues": {"指摘あり", "Issues"}, "not-performed": {"未実施", "Not performed"}},
			"KnowledgeStep": {"clue": {"端緒", "Clue"}, "detected": {"検知", "Detected"}, "confirmed": {"確認", "Confirmed"}, "escalated": {"上申", "Escalated"}},
			"Function": {"front-line": {"現場", "Front line"}, "customer-support": {"お客様窓口", "Customer support"}, "network-operations": {"ネットワーク運用", "Network operations"},
				"security": {"セキュリティ", "Security"}, "fraud": {"不正対策", "Fraud"}, "development": {"開発", "Development"}, "compliance": {"コンプライアンス", "Compliance"},
				"management": {"経営", "Management"}, "contractor": {"委託先", "Contractor"}, "other": {"その他", "Other"},
				"secrecy-officer": {"通信の秘密の管理者", "Secrecy officer"}, "privacy-office": {"個人情報保護部門", "Privacy office"},
				"incident-team": {"事故対応チーム", "Incident team"}, "engineering": {"技術部門", "Engineering"}, "legal": {"法務", "Legal"}},
			"CountUnit":   {"persons": {"人", "Persons"}, "lines": {"回線", "Lines"}, "records": {"件", "Records"}},
			"ReportLaw":   {"tba-28": {"電気通信事業法第28条", "TBA Art. 28"}, "appi-26": {"個人情報保護法第26条", "APPI Art. 26"}, "tba-27-5": {"電気通信事業法第27条の5", "TBA Art. 27-5"}},
			"ReportStage": {"first": {"速報", "First"}, "detailed": {"詳報", "Detailed"}, "preliminary": {"速報（個人情報保護委員会）", "Preliminary (PPC)"}, "final": {"確報（個人情報保護委員会）", "Final (PPC)"}},
			"Claim": {"usb-control": {"外部媒体の制御", "USB control"}, "logs-reviewed": {"ログを点検している", "Logs reviewed"},
				"no-shared-accounts": {"共用アカウントがない", "No shared accounts"}, "entry-records-kept": {"入退室記録を保存している", "Entry records kept"},
				"retention-enforced": {"保存期間を守っている", "Retention enforced"}, "training-complete": {"研修を全員が修了", "Training complete"},
				"leak-clues-escalated": {"漏えいの端緒を上申している", "Leak clues escalated"}, "access-reviewed": {"アクセス権を見直している", "Access reviewed"},
				"changes-tested": {"変更を試験している", "Changes tested"}, "dlp": {"情報漏えい対策（DLP）", "DLP"}, "encryption-at-rest": {"保存時の暗号化", "Encryption at rest"},
				"portal-rate-limiting": {"ポータルの試行回数制限", "Portal rate limiting"}, "portal-bot-detection": {"ポータルのボット検知", "Portal bot detection"},
				"shared-identity-platform": {"共通認証基盤", "Shared identity platform"}, "access-recertified": {"アクセス権を棚卸ししている", "Access recertified"},
				"retention-audited": {"保存期間を点検している", "Retention audited"}, "none": {"なし", "None"}},
			"Answer":        {"yes": {"はい", "Yes"}, "no": {"いいえ", "No"}, "partial": {"一部", "Partly"}, "unknown": {"不明", "Unknown"}},
			"RequestKind":   {"warrant": {"令状", "Warrant"}, "inquiry": {"照会", "Inquiry"}, "emergency": {"緊急の要請", "Emergency"}, "other": {"その他", "Other"}},
			"RequestAnswer": {"disclosed-within-scope": {"範囲内で開示", "Disclosed within scope"}, "disclosed-beyond-scope": {"範囲を超えて開示", "Disclosed beyond scope"}, "refused-pending-warrant": {"令状があるまで拒否", "Refused pending a warrant"}, "refused": {"拒否", "Refused"}, "pending": {"検討中", "Pending"}},
			"Direction":     {"in": {"入室", "In"}, "out": {"退室", "Out"}},
			"EvidenceKind":  {"complaint": {"苦情・相談", "Complaint"}, "access-event": {"アクセス記録", "Access event"}, "audit-log": {"監査ログ", "Audit log"}, "document": {"文書", "Document"}},
		}
	})
}

// typeFieldJA names in Japanese the fields whose meaning depends on the
// record: a data set's name is no person's name (氏名), an affected
// count's unit no department (部署).
var typeFieldJA = map[string]string{
	"Organisation.name": "名称", "Service.name": "名称", "DataSet.name": "名称", "Purpose.name": "名称",
	"Area.name": "名称", "DataElement.name": "項目名", "AffectedCount.unit": "単位", "EntryLog.method": "入退室の方法",
	"Account.users": "利用する従事者", "Consent.elements": "同意の対象となるデータ項目",
	"LawEnforcementRequest.elements": "要請の対象となるデータ項目", "Grant.group": "グループ", "Policy.version": "規程の版",
}

// typeFieldLabel is the label of field name of record type t.
func (s *Server) typeFieldLabel(t reflect.Type, name, lang string) string {
	if lang == "ja" {
		if l, ok := typeFieldJA[t.Name()+"."+name]; ok {
			return l
		}
	}
	return s.fieldLabel(name, lang)
}

// checkForm validates a form without saving it, for the inline messages
// next to the fields while the user fills it in (htmx posts the form here
// on each change). It answers the fields' message boxes, each swapped in
// by its id; the references to other records and the version are checked
// only when the form is saved, as they need the store.
func (s *Server) checkForm(w http.ResponseWriter, r *http.Request, c *call) error {
	reg := c.rt.register
	id := r.URL.Query().Get("id")
	rv, errs := parseRecord(reg, r.PostForm, id)
	if v, ok := rv.Addr().Interface().(interface{ Validate() error }); ok && len(errs) == 0 {
		if err := v.Validate(); err != nil {
			f := himitsu.ErrorField(err)
			if f == "" {
				f = "id"
			}
			errs[fieldKey(reg, f)] = innermost(err, c.lang)
		}
	}
	fields := s.fields(rv, c.lang, errs)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	return s.pages.ExecuteTemplate(w, "checks", fields)
}

// innermost is the message of the innermost error of a chain that has
// one: the words about the field itself, without the record around it.
func innermost(err error, lang string) string {
	out := errMessage(err, lang)
	for e := err; e != nil; {
		var he *himitsu.Error
		if !errors.As(e, &he) {
			break
		}
		if he.Msg != "" {
			out = errMessage(he, lang)
		}
		e = he.Err
	}
	return out
}
