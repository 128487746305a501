package report

import (
	"fmt"
	"testing"
	"time"

	himitsu "github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/catalog"
)

func loadCatalog(t testing.TB) *catalog.Catalog {
	t.Helper()
	cat, err := catalog.Default()
	if err != nil {
		t.Fatalf("catalog.Default: %v", err)
	}
	return cat
}

func tx(ja, en string) himitsu.Text { return himitsu.Text{JA: ja, EN: en} }

func jst(y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, himitsu.Tokyo)
}

func day(y int, m time.Month, d int) himitsu.Date { return himitsu.Date{Year: y, Month: m, Day: d} }

// sampleAssessment is a realistic assessment of a mid-sized carrier: all
// 27 assumed cases examined, several indicated and at-risk findings with
// evidence, questions that need attestation, a leak whose detailed report
// was filed late, and an overall grade of "guidance".
func sampleAssessment(t testing.TB) *himitsu.Assessment {
	cat := loadCatalog(t)
	type override struct {
		status   himitsu.Status
		severity himitsu.Severity
		summary  himitsu.Text
		evidence []himitsu.Evidence
		total    int
		question himitsu.Text
	}
	overrides := map[string]override{
		"5(3)(iv)iii": {himitsu.StatusIndicated, himitsu.SeverityHigh,
			tx("異動又は退職後も見直されていない通信履歴データセットへのアクセス権限が14件ある（退職者2名を含む）。",
				"14 grants to call-detail data sets survived a transfer or departure without review, two of them held by people who have left."),
			staleGrants(8), 14, himitsu.Text{}},
		"5(2)i": {himitsu.StatusIndicated, himitsu.SeverityHigh,
			tx("広告配信目的の位置情報利用について、12,480件の同意が利用規約への一括同意として取得されている。",
				"12,480 consents to the advertising use of location data were obtained bundled with the general terms."),
			[]himitsu.Evidence{
				{Register: "purposes", ID: "PUR-ADS-LOC", Values: map[string]string{"basis": "consent", "default_on": "true"}},
				{Register: "consents", ID: "CON-000118", Values: map[string]string{"method": "terms-bundled", "purpose": "PUR-ADS-LOC"}},
				{Register: "consents", ID: "CON-000131", Values: map[string]string{"method": "terms-bundled", "purpose": "PUR-ADS-LOC"}},
			}, 12481, himitsu.Text{}},
		"5(3)(i)i": {himitsu.StatusIndicated, himitsu.SeverityMedium,
			tx("INC-2026-004 の第28条詳細報告が期限の3日後に提出された。",
				"The Art. 28 detailed report on INC-2026-004 was filed three days after its due date."),
			[]himitsu.Evidence{
				{Register: "incidents", ID: "INC-2026-004", Values: map[string]string{"known_at": "2026-08-03T10:20:00+09:00"}},
				{Register: "regulator_reports", ID: "RR-2026-011", Values: map[string]string{"stage": "detailed", "submitted_at": "2026-09-05T16:00:00+09:00"}},
			}, 2, himitsu.Text{}},
		"5(3)(iii)iii": {himitsu.StatusIndicated, himitsu.SeverityMedium,
			tx("認証ログの保有が社内規程の保存期間（365日）を超えている（最古の記録は2025年2月1日）。",
				"Authentication logs are kept beyond the carrier's own 365-day period; the oldest record dates from 1 February 2025."),
			[]himitsu.Evidence{{Register: "holdings", ID: "HLD-AUTHLOG-2026Q4", Values: map[string]string{"dataset": "DS-AUTHLOG", "max_days": "365", "oldest": "2025-02-01"}}},
			1, himitsu.Text{}},
		"5(4)ii": {himitsu.StatusAtRisk, himitsu.SeverityMedium,
			tx("漏えいの手掛かりを含む苦情1件が、受付から5日を経ても未エスカレーションのまま処理中である。",
				"One complaint carrying a leak clue has been open for five days without escalation."),
			[]himitsu.Evidence{{Register: "complaints", ID: "CMP-2026-0912", Values: map[string]string{"category": "leak-suspicion", "received_at": "2026-10-27T09:12:00+09:00"}}},
			1, himitsu.Text{}},
		"5(3)(iv)ii": {himitsu.StatusAtRisk, himitsu.SeverityLow,
			tx("課金システムの特権アクセス管理が「計画中」のままである。", "Privileged access management for the billing system is still only planned."),
			[]himitsu.Evidence{{Register: "protections", ID: "PRT-BILL-PAM", Values: map[string]string{"kind": "privileged-access-management", "status": "planned"}}},
			1, himitsu.Text{}},
		"5(1)v": {himitsu.StatusAtRisk, himitsu.SeverityLow,
			tx("公開している方針のいずれにも、漏えい時の責任の所在が記載されていない。", "No public policy says how the carrier takes responsibility for leaks."),
			[]himitsu.Evidence{{Register: "policies", ID: "POL-PRIVACY-v7"}, {Register: "policies", ID: "POL-TERMS-v12"}},
			2, himitsu.Text{}},
		"5(3)(ii)i": {himitsu.StatusAtRisk, himitsu.SeverityMedium,
			tx("通信履歴へのアクセス権限を持つ従事者318名のうち21名（6.6%）が、直近1年間に通信の秘密に関する研修を修了していない。",
				"21 of the 318 people who hold grants to call-detail data (6.6%) have not passed secrecy training in the past year."),
			[]himitsu.Evidence{{Register: "persons", ID: "P-0412"}, {Register: "persons", ID: "P-0588"}, {Register: "persons", ID: "P-0733"},
				{Register: "persons", ID: "P-0801"}, {Register: "persons", ID: "P-0950"}, {Register: "persons", ID: "P-1021"}},
			21, himitsu.Text{}},
		"5(3)(ii)ii": {status: himitsu.StatusNeedsAttestation, severity: himitsu.SeverityNone,
			summary:  tx("端末の持出し記録がないため判断できない。", "No take-out records, so the rule cannot decide."),
			question: tx("通信の秘密を扱う業務用端末の無許可の持出しを把握し、是正する手順はあるか。", "Do you detect and act on unapproved take-outs of business terminals that handle secrecy?")},
		"5(4)iv": {status: himitsu.StatusNeedsAttestation, severity: himitsu.SeverityNone,
			summary:  tx("窓口の設定が登録されていない。", "The complaint desk is not configured."),
			question: tx("苦情・相談の受付手段（電話、郵便、電子メール等）と受付時間を教えてほしい。", "Which channels (telephone, post, e-mail, …) and hours does the complaint desk offer?")},
		"5(3)(i)iv": {status: himitsu.StatusNeedsAttestation, severity: himitsu.SeverityNone,
			summary:  tx("再発防止策の記録が登録されていない。", "No recurrence measures are recorded."),
			question: tx("INC-2026-004 について、根本原因の究明と再発防止策の実施状況はどうか。", "For INC-2026-004, has the root cause been established and which recurrence measures are in place?")},
	}
	a := &himitsu.Assessment{
		Carrier: himitsu.Carrier{
			ID: "minato-tel", Name: "株式会社みなと通信", NameEN: "Minato Telecom K.K.",
			Registration: himitsu.Registered, RegistrationNumber: "第456号", HeadOfficeBureau: "kanto", Subscribers: 182000,
		},
		AsOf:           day(2026, time.November, 1),
		CatalogVersion: cat.Version,
		Counts: map[string]int{
			"persons": 412, "grants": 1830, "accounts": 655, "consents": 98214, "complaints": 1204,
			"incidents": 9, "access_events": 2450381, "entry_logs": 188204, "policies": 14, "services": 4,
			"datasets": 23, "regulator_reports": 6,
		},
		Parameters: []himitsu.Parameter{
			{Name: "day_count", Value: "exclude-first-day", Default: true},
			{Name: "stale_grant_days", Value: "14", Default: false},
			{Name: "training_gap_share", Value: "0.1", Default: true},
		},
	}
	for _, it := range cat.AssumedCases() {
		f := himitsu.Finding{Item: it.ID, Code: it.Code, Rule: it.Rules[0], Status: himitsu.StatusNotIndicated, Severity: himitsu.SeverityNone,
			Summary: tx("記録上、該当する事実は見当たらない。", "The records show nothing of the kind.")}
		if o, ok := overrides[it.ID]; ok {
			f.Status, f.Severity, f.Summary, f.Evidence, f.EvidenceTotal, f.Question = o.status, o.severity, o.summary, o.evidence, o.total, o.question
		}
		a.Findings = append(a.Findings, f)
	}
	a.Judgement = himitsu.Judgement{
		Overall: "guidance",
		Categories: []himitsu.CategoryJudgement{
			{Category: "policies", Grade: "advice", Score: 0.5, Findings: 1},
			{Category: "obtaining-use", Grade: "advice", Score: 3, Findings: 1},
			{Category: "org-security", Grade: "advice", Score: 2, Findings: 1},
			{Category: "human-security", Grade: "advice", Score: 1, Findings: 1},
			{Category: "physical-security", Grade: "advice", Score: 2, Findings: 1},
			{Category: "technical-security", Grade: "guidance", Score: 6.5, Findings: 2},
			{Category: "complaints", Grade: "advice", Score: 1, Findings: 1},
		},
		Reasons: []himitsu.Text{
			tx("技術的安全管理措置の分野が得点6.5で「行政指導相当」である。", "Technical security control scores 6.5, which is \"guidance\"."),
			tx("「行政指導相当」以上の分野は一つだけであり、隠蔽・改ざんの所見もないため、全体の評価は「行政指導相当」を上限とする。",
				"Only one category is at \"guidance\" or above and there is no concealment finding, so the overall grade is capped at \"guidance\"."),
		},
	}
	a.Determinations = himitsu.Determinations{
		Subject: himitsu.SubjectDetermination{SubjectToOrder: true,
			Reason: tx("電気通信事業法第9条の登録を受けた電気通信事業者であるため。", "The carrier is registered under TBA Art. 9.")},
		Services: []himitsu.ServiceDetermination{
			{Service: "SVC-MOBILE-APP", MeansOfOperations: true, HoldsSecrecy: true,
				Reason: tx("電気通信役務の利用に基づいて提供され、位置情報を扱う。", "Offered on the basis of the telecom service and handles location data.")},
			{Service: "SVC-FTTH", MeansOfOperations: true, HoldsSecrecy: true,
				Reason: tx("電気通信役務そのものである。", "It is a telecommunications service itself.")},
			{Service: "SVC-COMMUNITY", Exempt: true, IndirectHindrance: true,
				Reason: tx("第164条第1項第3号により適用除外だが、FTTHの会員認証を共用している。", "Exempt under Art. 164(1)(iii), but shares the FTTH member login.")},
		},
		Incidents: []himitsu.IncidentDetermination{
			{Incident: "INC-2026-009", Classes: []string{"near-miss"},
				Reasons: []himitsu.Text{tx("誤送信は送信前に検知され、外部への送信はなかった。", "The misdirected mail was stopped before it left the carrier.")}},
			{Incident: "INC-2026-004", Classes: []string{"secrecy-leak", "personal-data-leak"},
				Reasons: []himitsu.Text{
					tx("通話明細（通信日時、相手方番号）を含むファイルが委託先以外に送付された。", "A file with call details (times and called numbers) was sent to a party other than the contractor."),
					tx("影響を受けた本人が1,000人を超える。", "More than 1,000 persons are affected."),
				},
				Deadlines: []himitsu.Deadline{
					{Law: himitsu.LawTBA28, Stage: himitsu.StageFirst, DueText: tx("知った後速やかに", "promptly after knowing"),
						FiledAt: jst(2026, time.August, 3, 17, 30), State: "met"},
					{Law: himitsu.LawTBA28, Stage: himitsu.StageDetailed, Due: day(2026, time.September, 2),
						DueText: tx("知った日から30日以内", "within 30 days of the day it knew"), Convention: "civil-code-140",
						FiledAt: jst(2026, time.September, 5, 16, 0), State: "late", DaysLate: 3,
						Note: tx("初日不算入で計算した。", "Counted without the first day (Civil Code Art. 140).")},
					{Law: himitsu.LawAPPI26, Stage: himitsu.StagePreliminary, DueText: tx("速やかに（概ね3〜5日）", "promptly (about 3 to 5 days)"),
						FiledAt: jst(2026, time.August, 5, 11, 0), State: "met"},
					{Law: himitsu.LawAPPI26, Stage: himitsu.StageFinal, Due: day(2026, time.September, 2),
						DueText: tx("知った日から30日以内", "within 30 days of the day it knew"),
						FiledAt: jst(2026, time.September, 1, 10, 0), State: "met"},
				}},
		},
	}
	return a
}

func staleGrants(n int) []himitsu.Evidence {
	out := make([]himitsu.Evidence, n)
	for i := range out {
		out[i] = himitsu.Evidence{Register: "grants", ID: fmt.Sprintf("GR-%04d", 1200+i*7),
			Values: map[string]string{"dataset": "DS-CDR", "person": fmt.Sprintf("P-%04d", 300+i), "change": "transfer"}}
	}
	out[0].Values["change"] = "left"
	return out
}
