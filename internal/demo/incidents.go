package demo

import (
	"math/rand/v2"
	"time"

	"github.com/himitsu-oss/himitsu"
)

// The two incidents of the year, both handled by the book.
const (
	leakDay   = -156 // the day the leak became known
	outageDay = -75
	chgLeak   = "chg-0201"
	incLeak   = "inc-2026-001"
	incOutage = "inc-2026-002"
)

// incidentComplaints are the complaints tied to the incidents: the one
// that revealed the leak, and those that followed each incident.
func (g *gen) incidentComplaints(r *rand.Rand) []tagged {
	var out []tagged
	first := at(g.day(leakDay), 10, 24)
	out = append(out, tagged{c: himitsu.Complaint{ReceivedAt: first, Channel: "phone", Category: "leak-suspicion",
		Subscriber: g.subs[r.IntN(len(g.subs))], Summary: complaintSummaries["leak-suspicion"][0], LeakClue: himitsu.Yes,
		EscalatedAt: first.Add(41 * time.Minute), EscalatedTo: himitsu.FunctionIncidentTeam, ClosedAt: first.Add(9 * 24 * time.Hour),
		Resolution: "漏えいを確認し事故対応へ / Leak confirmed; handled as an incident", Incident: incLeak}})
	for k := range 3 {
		rc := at(g.day(leakDay+4+k), 11+k, 5)
		out = append(out, tagged{c: himitsu.Complaint{ReceivedAt: rc, Channel: "email", Category: "secrecy",
			Subscriber: g.subs[r.IntN(len(g.subs))], Summary: "明細の誤送付について / About the misdirected bill details", LeakClue: himitsu.Yes,
			EscalatedAt: rc.Add(30 * time.Minute), EscalatedTo: himitsu.FunctionIncidentTeam, ClosedAt: rc.Add(6 * 24 * time.Hour),
			Resolution: "経緯を説明し謝罪 / Cause explained; apology made", Incident: incLeak}})
	}
	for k := range 12 {
		rc := at(g.day(outageDay), 14, 15+3*k)
		out = append(out, tagged{c: himitsu.Complaint{ReceivedAt: rc, Channel: "phone", Category: "quality",
			Subscriber: g.subs[r.IntN(g.nMobile)], Summary: "データ通信ができない / Mobile data does not work",
			ClosedAt: rc.Add(26 * time.Hour), Resolution: "障害復旧を案内 / Told the outage was over", Incident: incOutage}})
	}
	return out
}

// incidents writes a small secrecy leak (found through a complaint,
// reported, investigated, fixed and notified on time) and an outage.
func (g *gen) incidents() {
	known := at(g.day(leakDay), 11, 5)
	g.leakIncident = incLeak
	g.rec.Incidents = []himitsu.Incident{
		{ID: incLeak, Title: "料金明細の誤表示 (bill details shown to the wrong subscribers)", Kind: himitsu.IncidentLeak, Service: svcBilling,
			OccurredAt: at(g.day(leakDay-2), 2, 40), DetectedAt: known.Add(-20 * time.Minute), KnownAt: known,
			ContainedAt: at(g.day(leakDay), 16, 30), SecrecyInvolved: himitsu.Yes, Classes: []himitsu.SecrecyClass{"identifier", "datetime", "count"},
			PersonsAffected: 37, UsersAffected: 37, CauseCategory: "system-change",
			Cause:  "家族割の複数回線で明細PDFの紐付けが入れ替わった / For multi-line family contracts the new template paired bill details with the wrong line",
			Change: chgLeak, RootCauseDoneOn: g.day(leakDay + 16), PublicisedOn: g.day(leakDay + 5),
			Summary: "37名分の通話明細が同一契約グループ内の別回線のマイページに表示された。 / Call details of 37 subscribers appeared on another line's My Page within the same family contract."},
		{ID: incOutage, Title: "大雨による光ファイバ断 (fibre cut by heavy rain)", Kind: himitsu.IncidentOutage, Service: svcData,
			OccurredAt: at(g.day(outageDay), 14, 5), DetectedAt: at(g.day(outageDay), 14, 9), KnownAt: at(g.day(outageDay), 14, 20),
			ContainedAt: at(g.day(outageDay), 15, 30), UsersAffected: 3800, DurationMinutes: 85, CauseCategory: "environmental",
			Cause:           "土砂崩れで相互接続点への架空ケーブルが切断 / A landslide cut the aerial cable to the interconnection point",
			RootCauseDoneOn: g.day(outageDay + 15),
			Summary:         "データ通信の一部利用者が85分間通信できなかった。 / Some mobile data users had no service for 85 minutes."},
	}
	g.rec.RecurrenceMeasures = []himitsu.RecurrenceMeasure{
		{ID: "rm-001", Incident: incLeak, Description: "家族割の複数回線を試験データに追加 / Multi-line family contracts added to the test data",
			DueOn: g.day(leakDay + 30), DoneOn: g.day(leakDay + 21), VerifiedOn: g.day(leakDay + 45),
			Status: himitsu.MeasureVerified, VerificationResult: himitsu.VerificationEffective, RemovesRootCause: himitsu.Yes},
		{ID: "rm-002", Incident: incLeak, Description: "明細出力時の契約者照合チェックを追加 / Bill output now checks the owner of every line",
			DueOn: g.day(leakDay + 45), DoneOn: g.day(leakDay + 35), VerifiedOn: g.day(leakDay + 60),
			Status: himitsu.MeasureVerified, VerificationResult: himitsu.VerificationEffective, RemovesRootCause: himitsu.Yes},
		{ID: "rm-003", Incident: incOutage, Description: "相互接続点への経路を二重化 / Second route to the interconnection point",
			DueOn: g.day(outageDay + 60), DoneOn: g.day(outageDay + 48), VerifiedOn: g.day(outageDay + 62),
			Status: himitsu.MeasureVerified, VerificationResult: himitsu.VerificationEffective, RemovesRootCause: himitsu.Yes},
	}
	g.rec.RegulatorReports = []himitsu.RegulatorReport{
		{ID: "rr-001", Incident: incLeak, Law: himitsu.LawTBA28, Stage: himitsu.StageFirst, SubmittedAt: at(g.day(leakDay), 18, 10),
			To: "東北総合通信局 (Tohoku Bureau of Telecommunications)", Reference: "電話・電子メールにて (by phone and e-mail)"},
		{ID: "rr-002", Incident: incLeak, Law: himitsu.LawTBA28, Stage: himitsu.StageDetailed, SubmittedAt: at(g.day(leakDay+14), 15, 0),
			To: "東北総合通信局 (Tohoku Bureau of Telecommunications)", Reference: "様式第50の2 (form 50-2)"},
		{ID: "rr-003", Incident: incOutage, Law: himitsu.LawTBA28, Stage: himitsu.StageFirst, SubmittedAt: at(g.day(outageDay), 17, 30),
			To: "東北総合通信局 (Tohoku Bureau of Telecommunications)", Reference: "任意の報告 (voluntary report)"},
		{ID: "rr-004", Incident: incOutage, Law: himitsu.LawTBA28, Stage: himitsu.StageDetailed, SubmittedAt: at(g.day(outageDay+18), 15, 0),
			To: "東北総合通信局 (Tohoku Bureau of Telecommunications)", Reference: "任意の報告 (voluntary report)"},
	}
	g.rec.Notifications = []himitsu.Notification{
		{ID: "nt-001", Incident: incLeak, Channel: "email", SentAt: at(g.day(leakDay+3), 17, 0), Recipients: 31, ExplainsCause: himitsu.Yes, ReliefOffered: himitsu.Yes},
		{ID: "nt-002", Incident: incLeak, Channel: "mail", SentAt: at(g.day(leakDay+4), 10, 0), Recipients: 6, ExplainsCause: himitsu.Yes, ReliefOffered: himitsu.Yes},
		{ID: "nt-003", Incident: incOutage, Channel: "web", SentAt: at(g.day(outageDay), 14, 45), Recipients: 3800, ExplainsCause: himitsu.Yes},
	}
}
