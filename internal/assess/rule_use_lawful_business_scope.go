package assess

import (
	"github.com/himitsu-oss/himitsu"
)

// UseLawfulBusinessScope judges 5(2)iii. Guidelines §5(2)iii: secrecy is
// obtained or used beyond the scope assumed for a lawful act or lawful
// business act, without a justification such as consent. The rule reads
// accesses to secrecy data sets with no purpose, or under a
// lawful-business purpose that does not cover the data set. It also checks
// that a purpose the carrier calls a lawful business act is one: the
// Guidelines (§1(1) and footnote 7, after Art. 32 of the Guidelines for
// Protection of Personal Information in Telecommunications Business and
// its commentary) name charging fees, issuing invoices, responding to
// complaints, preventing unauthorised use, and operating the network.
// Their list ends with "other operations", which the records cannot
// judge: a purpose whose operation is "other" or unnamed is not shown to
// be a lawful business act, so accesses under it need another
// justification such as consent [verify for the carrier's own
// operations].
func (ruleSet) UseLawfulBusinessScope() rule {
	return rule{
		ID:   "use.lawful-business-scope",
		Item: "5(2)iii",
		Summary: tx("目的のない、又は正当業務行為の範囲外の通信の秘密へのアクセスがある",
			"Accesses to secrecy with no purpose or outside the lawful business purpose"),
		Indicated: "an access event on a secrecy data set has no purpose, or a lawful-business purpose whose `lawful_business` is not charging, billing, complaints, fraud-prevention or network-operation, or one that does not list the data set (medium; high when ≥ 100 events)",
		AtRisk:    "a lawful-business purpose touching secrecy names no such operation (`other` or none), even without accesses",
		Inputs:    inputs{Registers: []string{"attestations", "datasets", "purposes"}, Logs: []string{"access_events"}},
		Stream:    func(e *env) any { return &lawfulVisitor{e: e, s: e.sampler(), perDS: map[string]int{}} },
		Run:       useLawfulBusinessScope,
	}
}

func useLawfulBusinessScope(e *env) []outcome {
	if len(e.rec.DataSets) == 0 {
		return e.ask(tx("データセットの台帳が空である", "The data set register is empty"),
			tx("通信の秘密に係る情報へのアクセスは、すべて定められた目的（正当業務行為の範囲）に基づいて行われているか。",
				"Does every access to secrecy-related information happen under a defined purpose within the scope of a lawful business act?"))
	}
	if len(e.secrecy) == 0 {
		return e.notApplicable(tx("通信の秘密に係るデータセットがない", "No data set holds secrecy"))
	}
	if e.acc.judged == 0 {
		return e.ask(tx("アクセスログがない", "There are no access events"), askAccessEvents)
	}
	v := visitorOf[*lawfulVisitor](e, e.cur.ID)
	var out []outcome
	if v.n > 0 {
		sev := himitsu.SeverityMedium
		if v.n >= lawfulScopeHighCount {
			sev = himitsu.SeverityHigh
		}
		out = append(out, e.indicated(sev, v.s, tf(
			"通信の秘密に係るデータセットへのアクセス%[1]d件が、目的なし（%[2]d件）、正当業務行為と認められない業務の目的（%[4]d件）又は正当業務行為の目的の範囲外である（データセット別：%[3]s）",
			"%[1]d accesses to secrecy data sets had no purpose (%[2]d), a purpose whose operation is not a lawful business act (%[4]d), or a lawful-business purpose that does not cover the data set (by data set: %[3]s)",
			v.n, v.noPurp, topCounts(v.perDS, 5, e.dsName), v.notLawful)))
	}
	r := e.sampler()
	for i := range e.rec.Purposes {
		p := &e.rec.Purposes[i]
		if p.Basis == himitsu.BasisLawfulBusiness && !lawfulOperation(p.LawfulBusiness) && e.touchesSecrecy(p) {
			lb := string(p.LawfulBusiness)
			if lb == "" {
				lb = "none"
			}
			r.add("purposes", p.ID, "basis", string(p.Basis), "lawful_business", lb)
		}
	}
	if r.total > 0 {
		out = append(out, e.atRisk(r, tf(
			"正当業務行為とされる目的%[1]d件が、発動指針の挙げる業務（料金の課金・請求、苦情対応、不正利用の防止、ネットワークの運用）のいずれにも当たらない",
			"%[1]d purposes called lawful business acts name none of the operations the Guidelines list (charging, billing, complaints, preventing unauthorised use, operating the network)", r.total)))
	}
	if len(out) == 0 {
		out = append(out, e.fine(tf("通信の秘密に係るデータセットへのアクセス%[1]d件はいずれも目的の範囲内である",
			"All %[1]d accesses to secrecy data sets were within a purpose that covers them", v.checked)))
	}
	return out
}

// lawfulOperation reports whether an operation is one the Guidelines name
// as a lawful business act (§1(1), footnote 7).
func lawfulOperation(lb himitsu.LawfulBusiness) bool {
	switch lb {
	case himitsu.LawfulCharging, himitsu.LawfulBilling, himitsu.LawfulComplaints, himitsu.LawfulFraudPrevention, himitsu.LawfulNetworkOperation:
		return true
	}
	return false
}

// use.lawful-business-scope: an event on a secrecy data set with no
// purpose, or with a lawful-business purpose that does not list it.
type lawfulVisitor struct {
	e         *env
	s         *sampler
	checked   int
	perDS     map[string]int
	noPurp    int
	notLawful int // under a purpose whose operation is not a lawful business act
	n         int // accesses flagged: the sum of the rows' counts
}

func (v *lawfulVisitor) visitAccess(ev *himitsu.AccessEvent, _ himitsu.Date) {
	if !v.e.secrecy[ev.DataSet] {
		return
	}
	v.checked += ev.N()
	p, ok := v.e.purposes[ev.Purpose]
	why := ""
	switch {
	case !ok:
		why = "no-purpose"
		v.noPurp += ev.N()
	case p.Basis == himitsu.BasisLawfulBusiness && !lawfulOperation(p.LawfulBusiness):
		why = "operation-not-lawful-business"
		v.notLawful += ev.N()
	case p.Basis == himitsu.BasisLawfulBusiness && !v.e.purposeDS[p.ID][ev.DataSet]:
		why = "dataset-not-listed"
	default:
		return
	}
	v.perDS[ev.DataSet] += ev.N()
	v.n += ev.N()
	if v.s.accept("access_events", ev.ID) {
		v.s.put(eventEvidence(ev, "reason", why))
	}
}
