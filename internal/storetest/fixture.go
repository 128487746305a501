package storetest

import (
	"fmt"
	"time"

	"github.com/himitsu-oss/himitsu"
)

// Fixture returns a small carrier in which every register has at least one
// record and every field of every register (and of the nested data
// elements and desk channels) is set in at least one record, so that a
// round trip through a store exercises every column. The records are
// valid, their references resolve, and each register is in ID order.
// Record IDs are the same for every carrierID, which lets tests check that
// carriers sharing IDs stay apart. Times are UTC with microsecond precision,
// which is what a store keeps.
func Fixture(carrierID string) (*himitsu.Records, *himitsu.EventSlices) {
	c := carrierID
	at := func(day, hour int) time.Time {
		return time.Date(2025, time.April, day, hour, 30, 15, 123456000, time.UTC)
	}
	d := func(m time.Month, day int) himitsu.Date { return himitsu.Date{Year: 2025, Month: m, Day: day} }
	rec := &himitsu.Records{
		Carrier: himitsu.Carrier{
			ID: c, Name: "テスト通信 " + c, NameEN: "Test Telecom " + c,
			Registration: himitsu.Registered, RegistrationNumber: "第001-23号",
			HeadOfficeBureau: "kanto", DesignatedSpecifiedUserInfo: himitsu.Yes, Subscribers: 120000,
		},
		Organisations: []himitsu.Organisation{
			{CarrierID: c, ID: "org-carrier", Name: "テスト通信株式会社", Kind: himitsu.OrgCarrier, HandlesSecrecy: himitsu.Yes},
			{CarrierID: c, ID: "org-contractor", Name: "保守委託株式会社", Kind: himitsu.OrgContractor, Parent: "org-carrier",
				HandlesSecrecy: himitsu.Yes, ReentrustmentApproved: himitsu.Yes, ConfidentialityClause: himitsu.Yes,
				ContractStart: d(time.January, 1), ContractEnd: d(time.December, 31),
				Roles: []himitsu.OrgKind{himitsu.OrgGroupCompany}, Owner: "org-carrier", OwnerShare: 51, Country: "JP"},
		},
		Services: []himitsu.Service{
			{CarrierID: c, ID: "svc-app", Name: "位置検索アプリ", Kind: himitsu.ServiceBasedOn, Exempt: himitsu.Yes, Exemption: "164-1-iii",
				MainService: "svc-main", Subscribers: 5000, LaunchedOn: d(time.February, 1), Description: "端末位置の検索"},
			{CarrierID: c, ID: "svc-main", Name: "モバイル音声", Kind: himitsu.ServiceTelecom, Exempt: himitsu.No, Subscribers: 100000, Charging: himitsu.ChargingPaid, Voice: himitsu.Yes},
		},
		DataSets: []himitsu.DataSet{
			{CarrierID: c, ID: "ds-cdr", Name: "通話明細", Service: "svc-main", System: "billing-db", Location: "東京DC",
				Elements: []himitsu.DataElement{
					{Name: "caller", Class: himitsu.ClassIdentifier, Description: "発信者番号"},
					{Name: "started", Class: himitsu.ClassDateTime},
				},
				Description: "課金用の通話記録", StoredIn: []string{"JP"}, OperatedFrom: []string{"JP", "VN"}},
		},
		Purposes: []himitsu.Purpose{
			{CarrierID: c, ID: "pur-billing", Name: "料金請求", Description: "通話料の計算",
				Basis: himitsu.BasisLawfulBusiness, LawfulBusiness: "billing",
				DataSets: []string{"ds-cdr"}, Classes: []himitsu.SecrecyClass{himitsu.ClassDateTime, himitsu.ClassIdentifier},
				Services: []string{"svc-main"}, MandatoryForService: himitsu.Yes, OperationallyNecessary: himitsu.Yes,
				OptOut: himitsu.Yes, DefaultOn: himitsu.Yes, WithdrawalChannel: "web"},
		},
		Policies: []himitsu.Policy{
			{CarrierID: c, ID: "pol-complaint", Title: "苦情処理規程", Kind: "complaint-rule"},
			{CarrierID: c, ID: "pol-privacy", Title: "プライバシーポリシー", Kind: "privacy-policy", Version: "3.1",
				URL: "https://example.jp/privacy", Public: himitsu.Yes, PublishedOn: d(time.January, 10), ReviewedOn: d(time.March, 1),
				Languages: []string{"ja", "en"}, ClicksFromTop: 2, Characters: 8000, PlainLanguage: himitsu.Yes, LayeredSummary: himitsu.Yes,
				StatesLeakResponsibility: himitsu.Yes, DisclaimsLeakLiability: himitsu.Yes, WaiverClause: himitsu.Yes, ApprovedBy: "per-1",
				StatesForeignHandling: himitsu.Yes, ForeignCountries: []string{"VN"},
				Text: "# プライバシーポリシー\n\n当社は通信の秘密を守ります。\n"},
		},
		Persons: []himitsu.Person{
			{CarrierID: c, ID: "per-1", Name: "山田 花子", Kind: "employee", Employer: "org-carrier", Unit: "情報セキュリティ部",
				Role: "管理者", JoinedOn: d(time.January, 6), LeftOn: d(time.September, 30)},
			{CarrierID: c, ID: "per-2", Kind: "contractor-staff", Employer: "org-contractor"},
		},
		Accounts: []himitsu.Account{
			{CarrierID: c, ID: "acc-1", System: "billing-db", Person: "per-1", Privileged: himitsu.Yes, MFA: himitsu.Yes,
				CreatedOn: d(time.January, 6), DisabledOn: d(time.October, 1), LastUsedOn: d(time.September, 29)},
			{CarrierID: c, ID: "acc-shared", System: "billing-db", Shared: himitsu.Yes, Privileged: himitsu.No, Users: []string{"per-1", "per-2"}},
		},
		Grants: []himitsu.Grant{
			{CarrierID: c, ID: "gr-1", Person: "per-1", Account: "acc-1", DataSet: "ds-cdr", Scope: "export",
				Purpose: "pur-billing", GrantedOn: d(time.January, 7), ExpiresOn: d(time.December, 31),
				RevokedOn: d(time.October, 1), Approver: "per-2", ReviewedOn: d(time.June, 30)},
			{CarrierID: c, ID: "gr-2", Group: "課金運用チーム", Members: []string{"per-1", "per-2"}, DataSet: "ds-cdr", Scope: "read",
				Purpose: "pur-billing", GrantedOn: d(time.January, 7)},
		},
		OrgChanges: []himitsu.OrgChange{
			{CarrierID: c, ID: "oc-1", Person: "per-1", Kind: "transfer", FromUnit: "営業部", ToUnit: "情報セキュリティ部",
				FromRole: "担当", ToRole: "管理者", EffectiveOn: d(time.April, 1)},
		},
		Training: []himitsu.Training{
			{CarrierID: c, ID: "tr-1", Person: "per-1", Course: "通信の秘密研修", CoversSecrecy: himitsu.Yes, CompletedOn: d(time.May, 15), Passed: himitsu.Yes},
		},
		Takeouts: []himitsu.Takeout{
			{CarrierID: c, ID: "to-1", Person: "per-1", Device: "PC-0042", TakenAt: at(3, 9), ReturnedAt: at(4, 18),
				Approved: himitsu.Yes, HandlesSecrecy: himitsu.Yes, Noticed: himitsu.Yes, ActionTaken: "申請を確認"},
		},
		Areas: []himitsu.Area{
			{CarrierID: c, ID: "area-dc", Name: "サーバ室", Kind: "controlled", Site: "東京DC", AccessControl: "card+biometric",
				EntryLog: himitsu.Yes, CCTV: himitsu.Yes, Authorised: []string{"per-1", "per-2"}, DataSets: []string{"ds-cdr"}},
		},
		RetentionRules: []himitsu.RetentionRule{
			{CarrierID: c, ID: "rr-1", DataSet: "ds-cdr", MaxDays: 180, MinDays: 90, Basis: "課金の確定", Policy: "pol-privacy"},
		},
		Holdings: []himitsu.Holding{
			{CarrierID: c, ID: "h-1", DataSet: "ds-cdr", Location: "東京DC", Oldest: d(time.January, 2), ObservedOn: d(time.April, 1), Records: 987654},
		},
		Extracts: []himitsu.Extract{
			{CarrierID: c, ID: "ex-1", DataSet: "ds-cdr", Kind: "backup", Location: "大阪DC", CreatedOn: d(time.February, 1),
				ReadableBy: 3, Encrypted: himitsu.Yes, Approved: himitsu.Yes, BusinessNeed: "災害対策", DeletedOn: d(time.August, 1)},
		},
		SystemChanges: []himitsu.SystemChange{
			{CarrierID: c, ID: "sc-1", System: "billing-db", Kind: "deploy", Description: "集計処理の更新", ChangedAt: at(2, 22),
				AffectsSecrecy: himitsu.Yes, RiskAssessed: himitsu.Yes, Tested: himitsu.Yes, Reviewed: himitsu.Yes, RollbackPlan: himitsu.Yes, Approver: "per-2"},
		},
		Protections: []himitsu.Protection{
			{CarrierID: c, ID: "pr-1", Target: "billing-db", Kind: "mfa", Status: "in-place", TestedOn: d(time.March, 3), Note: "全管理者に適用"},
		},
		RiskAssessments: []himitsu.RiskAssessment{
			{CarrierID: c, ID: "ra-1", Kind: "service-secrecy", Subject: "svc-main", PerformedOn: d(time.March, 1),
				NextDue: d(time.September, 1), CoversSecrecy: himitsu.Yes, OpenFindings: 2, ApprovedBy: "per-1"},
		},
		Controls: []himitsu.Control{
			{CarrierID: c, ID: "ctl-1", Kind: "log-review", Subject: "billing-db", PerformedOn: d(time.April, 30),
				Result: "issues", Findings: 1, Person: "per-1", Note: "深夜の出力を確認"},
		},
		Consents: []himitsu.Consent{
			{CarrierID: c, ID: "con-1", Subscriber: "sub_0123456789abcdef0123456789abcdef", Service: "svc-main", Purpose: "pur-billing",
				NoticeVersion: "2025-01", Method: "separate-screen", SpecificPurpose: himitsu.Yes, ElementsListed: himitsu.Yes,
				SeparateFromTerms: himitsu.Yes, Affirmative: himitsu.Yes, WithdrawalChannel: "app", GivenAt: at(1, 10), WithdrawnAt: at(20, 11),
				Elements: []string{"calling_number", "started_at"}},
			{CarrierID: c, ID: "con-2", Service: "svc-main", Purpose: "pur-billing", Method: himitsu.ConsentDefaultOnWithNotice,
				AdvanceNotice: himitsu.Yes, FreeOptOut: himitsu.No, GivenAt: at(2, 10), Count: 3200000},
		},
		Incidents: []himitsu.Incident{
			{CarrierID: c, ID: "inc-1", Title: "通話明細の誤送付", Kind: "leak", Service: "svc-main",
				OccurredAt: at(5, 1), DetectedAt: at(5, 3), KnownAt: at(5, 4), ContainedAt: at(5, 6),
				SecrecyInvolved: himitsu.Yes, Classes: []himitsu.SecrecyClass{himitsu.ClassIdentifier}, PersonsAffected: 12,
				UsersAffected: 12, DurationMinutes: 300, EmergencyCalls: himitsu.Yes, SensitiveData: himitsu.Yes, FinancialRisk: himitsu.Yes,
				ImproperPurpose: himitsu.Yes, CauseCategory: "system-change", Cause: "宛先設定の誤り", ActorOrg: "org-contractor",
				ActorPerson: "per-2", Change: "sc-1", RootCauseDoneOn: d(time.April, 20), PublicisedOn: d(time.April, 8),
				Summary: "設定変更で明細が別の利用者に送付された",
				Knowledge: []himitsu.KnowledgeEvent{
					{At: at(5, 3), Step: himitsu.KnowledgeDetected, Function: "customer-support", Person: "per-1", Learned: "誤送付の申告"},
					{At: at(5, 4), Step: himitsu.KnowledgeEscalated, Function: "compliance"},
				},
				Affected: []himitsu.AffectedCount{
					{Data: "通話明細", Class: himitsu.ClassIdentifier, Count: 12, Unit: himitsu.UnitPersons},
					{Data: "回線", Count: 14, Unit: himitsu.UnitLines, Estimated: himitsu.Yes},
				},
				StronglyEncrypted: himitsu.Yes, CriticalFacility: himitsu.Yes,
				Origin: himitsu.OriginComplaint, OriginRef: "cmp-1", DataSets: []string{"ds-cdr"},
				DataElements: []himitsu.ElementRef{{DataSet: "ds-cdr", Element: "caller"}},
				Persons:      []string{"per-1", "per-2"}, Organisations: []string{"org-contractor"},
				Evidence: []himitsu.EvidenceLink{{Kind: himitsu.EvidenceComplaint, Ref: "cmp-1", Note: "利用者の申告"},
					{Kind: himitsu.EvidenceAuditLog, Ref: "42"}},
				RootCause: "変更手順に二重確認がなかった", ClosedAt: at(9, 30), ClosedBy: "hanako",
				SecondaryDamage: "誤送付先からの二次利用の申告はない", UserAdvice: "不審な連絡は窓口へ"},
			{CarrierID: c, ID: "inc-2", Title: "不審な明細照会の調査", Kind: "suspicion", KnownAt: at(5, 2), TurnedOutToBe: "inc-1"},
		},
		IncidentClassifications: []himitsu.IncidentClassification{
			{CarrierID: c, ID: "cls-1", Incident: "inc-1", At: at(5, 5), By: "hanako", From: himitsu.IncidentSuspicion,
				To: himitsu.IncidentLeak, Proposed: himitsu.IncidentLeak, Reason: "提案どおり漏えいと確認"},
		},
		RecurrenceMeasures: []himitsu.RecurrenceMeasure{
			{CarrierID: c, ID: "rm-1", Incident: "inc-1", Description: "変更時の二重確認", DueOn: d(time.May, 31),
				DoneOn: d(time.May, 20), VerifiedOn: d(time.June, 15), Owner: "per-1", Status: himitsu.MeasureVerified,
				Verification: "翌月の変更10件を抽出して確認", VerificationResult: himitsu.VerificationEffective, RemovesRootCause: himitsu.Yes},
		},
		RegulatorReports: []himitsu.RegulatorReport{
			{CarrierID: c, ID: "rep-1", Incident: "inc-1", Law: "tba-28", Stage: "first", SubmittedAt: at(6, 9),
				To: "関東総合通信局", Reference: "R7-0001", AlsoUnder: []himitsu.ReportLaw{himitsu.LawAPPI26}, CountedFrom: d(time.May, 4),
				Version: 1, Document: "<h1>通信の秘密の漏えいに関する報告（第一報）</h1>", DocumentSHA256: himitsu.DocumentDigest("<h1>通信の秘密の漏えいに関する報告（第一報）</h1>")},
		},
		Notifications: []himitsu.Notification{
			{CarrierID: c, ID: "n-1", Incident: "inc-1", Channel: "email", SentAt: at(7, 12), Recipients: 12,
				ExplainsCause: himitsu.Yes, ReliefOffered: himitsu.Yes, Kind: himitsu.NoticeIndividualLetter, ExplainsWhatToDo: himitsu.No,
				WhatToDo: "（記載なし）"},
		},
		Complaints: []himitsu.Complaint{
			{CarrierID: c, ID: "cmp-1", ReceivedAt: at(5, 2), Channel: "phone", Category: "leak-suspicion",
				Subscriber: "sub_fedcba9876543210fedcba9876543210", Summary: "他人の明細が届いた", LeakClue: himitsu.Yes,
				EscalatedAt: at(5, 3), ClosedAt: at(9, 17), Resolution: "調査の上で謝罪", Incident: "inc-1", Count: 2, EscalatedTo: "incident-team",
				Text: "請求書と一緒に、別の人の通話明細が同封されていました。", FirstResponseAt: at(5, 2)},
		},
		Desk: himitsu.Desk{
			CarrierID: c,
			Channels: []himitsu.DeskChannel{
				{Kind: "phone", Contact: "0120-000-000", WeekdayHours: "09:00-18:00", SaturdayHours: "10:00-17:00",
					SundayHours: "10:00-15:00", Accessibility: "聴覚障害者向けFAX併設"},
				{Kind: "web", Contact: "https://example.jp/contact", AlwaysOpen: himitsu.Yes, Languages: []string{"ja", "en"}},
			},
			ComplaintRule: "pol-complaint", ClueFunctions: []himitsu.Function{"privacy-office", "incident-team"}, EscalationDays: 3, Languages: []string{"ja", "en"},
			ComplaintRuleVersion: "3.1", ClueRecipient: "通信の秘密管理者",
		},
		LawEnforcementRequests: []himitsu.LawEnforcementRequest{
			{CarrierID: c, ID: "le-1", Kind: himitsu.RequestWarrant, Authority: "警視庁", Reference: "令和7年(む)第123号",
				ReceivedAt: at(12, 10), DataSets: []string{"ds-cdr"}, Purpose: "pur-billing", Answer: himitsu.AnswerDisclosedWithinScope,
				Subjects: []string{"sub_0123456789abcdef0123456789abcdef"}, Elements: []string{"calling_number"}, ValidFrom: at(12, 10), ValidUntil: at(19, 23),
				AnsweredAt: at(13, 16), ApprovedBy: "per-1", Note: "令状記載の期間の通話記録のみ"},
			{CarrierID: c, ID: "le-2", Kind: himitsu.RequestInquiry, ReceivedAt: at(14, 9), Answer: himitsu.AnswerRefusedPendingWarrant},
		},
		Attestations: []himitsu.Attestation{
			{CarrierID: c, ID: "att-1", Item: "5.3.4.iii", Claim: "usb-control", Question: "USB媒体を制御しているか",
				Answer: "yes", Statement: "全端末でUSB書込みを禁止", By: "per-1", On: d(time.April, 30),
				Evidence: []string{"ctl-1", "pr-1"}},
		},
	}
	ev := &himitsu.EventSlices{}
	for i := range 5 {
		ev.Access = append(ev.Access, himitsu.AccessEvent{
			CarrierID: c, ID: fmt.Sprintf("ae-%04d", i+1), At: at(10, i), Account: "acc-1", Person: "per-1",
			DataSet: "ds-cdr", Action: "export", Purpose: "pur-billing",
			Subscriber: "sub_0123456789abcdef0123456789abcdef", Records: 5 + i, Count: i,
		})
	}
	ev.Entries = []himitsu.EntryLog{
		{CarrierID: c, ID: "el-0001", Area: "area-dc", Person: "per-1", Visitor: "保守業者 佐藤", Direction: "in",
			At: at(11, 8), Method: "card", Escorted: himitsu.Yes},
		{CarrierID: c, ID: "el-0002", Area: "area-dc", Person: "per-1", Direction: "out", At: at(11, 9)},
	}
	return rec, ev
}
