package assess

import (
	"github.com/himitsu-oss/himitsu"
	"slices"
)

// TechUnapprovedExport judges 5(3)(iv)iv. Guidelines §5(3)(iv)iv:
// secrecy-related information could be taken out by people not permitted
// or approved to. The rule reads export and print events by people without
// an export grant for the data set that day.
func (ruleSet) TechUnapprovedExport() rule {
	return rule{
		ID:   "tech.unapproved-export",
		Item: "5(3)(iv)iv",
		Summary: tx("持出し権限のない者による持出し・印刷がある",
			"Exports or prints by people without an export grant"),
		Indicated: "an export or print event by a person who had no active grant with scope export or admin for that data set that day (high); not an export answering a warrant or emergency request disclosed within scope (`law_enforcement_requests`: under its purpose, on one of its data sets, between its receipt and its answer), which is an act under law",
		AtRisk:    "—",
		Inputs:    inputs{Registers: []string{"accounts", "attestations", "datasets", "grants", "law_enforcement_requests"}, Logs: []string{"access_events"}},
		Stream:    func(e *env) any { return &unapprovedExportVisitor{e: e, s: e.sampler(), perDS: map[string]int{}} },
		Run:       techUnapprovedExport,
	}
}

func techUnapprovedExport(e *env) []outcome {
	if e.acc.judged == 0 {
		return e.ask(tx("アクセスログがない", "There are no access events"), askAccessEvents)
	}
	v := visitorOf[*unapprovedExportVisitor](e, e.cur.ID)
	if v.n > 0 {
		people := make([]string, 0, len(v.people))
		for p := range v.people {
			people = append(people, p)
		}
		return []outcome{e.indicated(himitsu.SeverityHigh, v.s, tf(
			"持出し権限のない%[1]d人（%[2]s）による持出し・印刷が%[3]d件ある（データセット別：%[4]s）",
			"Exports or prints without an export grant that day: %[3]d, by %[1]d (%[2]s; by data set: %[4]s)",
			len(people), list(people, 5), v.n, topCounts(v.perDS, 5, e.dsName)))}
	}
	return []outcome{e.fine(tf("持出し・印刷%[1]d件はいずれも当日有効な持出し権限に基づく",
		"All %[1]d exports and prints were covered by an export grant active that day", v.checked))}
}

// tech.unapproved-export: an export or print by someone without an export
// or admin grant for the data set active that day.
type unapprovedExportVisitor struct {
	e       *env
	s       *sampler
	checked int
	perDS   map[string]int
	people  map[string]bool // bounded by persons and accounts
	n       int             // accesses flagged: the sum of the rows' counts
}

func (v *unapprovedExportVisitor) visitAccess(ev *himitsu.AccessEvent, day himitsu.Date) {
	if !ev.Action.TakesOut() || v.e.actUnderLaw(ev) {
		return
	}
	v.checked += ev.N()
	person := ev.Person
	if person == "" {
		if a, ok := v.e.accounts[ev.Account]; ok {
			person = a.Person
		}
	}
	if hasExportGrant(v.e.grantsByPerson[person], ev.DataSet, day) || hasExportGrant(v.e.grantsByAcct[ev.Account], ev.DataSet, day) {
		return
	}
	v.perDS[ev.DataSet] += ev.N()
	v.n += ev.N()
	if v.people == nil {
		v.people = map[string]bool{}
	}
	who := person
	if who == "" {
		who = ev.Account
	}
	v.people[who] = true
	if v.s.accept("access_events", ev.ID) {
		v.s.put(eventEvidence(ev))
	}
}

// actUnderLaw reports whether an access answers a law-enforcement request
// that the carrier was bound or allowed to answer — a warrant, or an
// emergency (necessity) — and answered within scope: logged under the
// request's purpose, on one of its data sets, between its receipt and the
// day it was answered. Such a disclosure is an act under law, not a leak
// or an unapproved export.
func (e *env) actUnderLaw(ev *himitsu.AccessEvent) bool {
	if ev.Purpose == "" {
		return false
	}
	for i := range e.rec.LawEnforcementRequests {
		r := &e.rec.LawEnforcementRequests[i]
		if r.Purpose != ev.Purpose || r.Answer != himitsu.AnswerDisclosedWithinScope ||
			r.Kind != himitsu.RequestWarrant && r.Kind != himitsu.RequestEmergency || !slices.Contains(r.DataSets, ev.DataSet) {
			continue
		}
		if ev.At.Before(r.ReceivedAt) || himitsu.DateOf(ev.At).After(himitsu.DateOf(r.AnsweredAt)) {
			continue
		}
		return true
	}
	return false
}
