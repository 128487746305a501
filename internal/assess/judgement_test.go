package assess

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/catalog"
)

func wellRun(t *testing.T) ruleCase {
	t.Helper()
	return loadCase(t, filepath.Join("testdata", "judgement", "well-run.yaml"))
}

func indicatedRules(a *himitsu.Assessment) []string {
	var out []string
	for _, f := range a.Findings {
		if f.Status == himitsu.StatusIndicated {
			out = append(out, f.Rule)
		}
	}
	return out
}

func reasonsMention(j himitsu.Judgement, principle string) bool {
	for _, r := range j.Reasons {
		if strings.Contains(r.EN, "["+principle+"]") && strings.Contains(r.JA, "["+principle+"]") ||
			strings.Contains(r.EN, "["+principle+"]") && strings.Contains(r.JA, "［"+principle+"］") {
			return true
		}
	}
	return false
}

// TestWellRunCarrier pins the fixture: its only indicated finding is the
// disclosure incident, and it has no at-risk finding, so the judgement
// tests below change exactly what they say.
func TestWellRunCarrier(t *testing.T) {
	c := wellRun(t)
	a := runCase(t, mustCatalog(t), &c)
	if got := indicatedRules(a); !slices.Equal(got, []string{"hum.disclosure-incident"}) {
		t.Errorf("got indicated %v, want only hum.disclosure-incident", got)
	}
	for _, f := range a.Findings {
		if f.Status == himitsu.StatusAtRisk || f.Status == himitsu.StatusNeedsAttestation {
			t.Errorf("%s: got %s (%s), want none in the well-run fixture", f.Rule, f.Status, f.Summary.EN)
		}
	}
}

func TestJudgement(t *testing.T) {
	cat := mustCatalog(t)
	ladder := newLadder(cat)
	tests := []struct {
		name       string
		change     func(r *ruleCase)
		want       string // exact overall grade, or
		atLeast    string // a minimum
		principles []string
		absent     []string // principles the reasons must not cite
	}{
		{name: "well-run with one prompt small leak", change: func(*ruleCase) {},
			want: "advice", principles: []string{"prompt-remedy"}},
		{name: "leak reported late is not remedied promptly", change: func(r *ruleCase) {
			r.Records.RegulatorReports[1].SubmittedAt = r.Records.RegulatorReports[1].SubmittedAt.AddDate(0, 0, 30)
		}, want: "guidance"},
		{name: "many findings in two categories", change: func(r *ruleCase) {
			r.Records.Policies[0].WaiverClause = himitsu.Yes // policies: high × 3
			r.Records.Persons[0].LeftOn = day("2026-09-01")  // technical: leaver with a grant, high
			r.Records.Extracts[0].Encrypted = himitsu.No     // technical: medium, with
			r.Records.Extracts[0].Approved = himitsu.No      // a needless copy
			r.Records.Accounts = append(r.Records.Accounts,  // technical: medium
				himitsu.Account{ID: "acc-ops", System: "sys-billing", Shared: himitsu.Yes})
		}, want: "order-risk", principles: []string{"cumulative"}},
		{name: "two categories at guidance without order-level scores", change: func(r *ruleCase) {
			r.Records.Policies[0].WaiverClause = himitsu.Yes // policies: high × 3 = 9
			r.Records.Persons[0].LeftOn = day("2026-09-01")  // technical: high × 2 = 6
		}, want: "guidance"},
		{name: "single high finding is capped", change: func(r *ruleCase) {
			r.Records.Incidents = nil
			r.Records.RecurrenceMeasures = nil
			r.Records.RegulatorReports = nil
			r.Records.Notifications = nil
			r.Records.Complaints[0].Incident = ""
			r.Records.Policies[0].WaiverClause = himitsu.Yes
		}, want: "guidance"},
		{name: "concealment is at least guidance", change: func(r *ruleCase) {
			// The entry log is claimed but has no line, and the carrier's
			// own audit had found that before it attested: concealment.
			r.EntryLogs = nil
			r.Records.Controls = append(r.Records.Controls, himitsu.Control{
				ID: "ctl-ea", Kind: himitsu.ControlInternalAudit, Subject: "area-dc", PerformedOn: day("2026-10-10"), Result: "issues", Findings: 1})
			r.Records.Attestations = append(r.Records.Attestations, himitsu.Attestation{
				ID: "att-2", Item: "5(3)(iii)ii", Claim: "entry-records-kept", Answer: "yes", By: "p1", On: day("2026-10-20")})
		}, want: "guidance", principles: []string{"concealment"}},
		{name: "a contradicted claim without knowledge is not concealment", change: func(r *ruleCase) {
			r.EntryLogs = nil
			r.Records.Attestations = append(r.Records.Attestations, himitsu.Attestation{
				ID: "att-2", Item: "5(3)(iii)ii", Claim: "entry-records-kept", Answer: "yes", By: "p1", On: day("2026-10-20")})
		}, want: "advice", absent: []string{"concealment"}},
		{name: "concealment with another category at guidance", change: func(r *ruleCase) {
			r.Records.Attestations = append(r.Records.Attestations, himitsu.Attestation{
				ID: "att-2", Item: "5(3)(iv)iii", Claim: "no-shared-accounts", Answer: "yes", By: "p1", On: day("2026-10-20")})
			r.Records.Accounts = append(r.Records.Accounts, himitsu.Account{ID: "acc-ops", System: "sys-billing", Shared: himitsu.Yes})
			r.Records.Controls = append(r.Records.Controls, himitsu.Control{
				ID: "ctl-sa", Kind: himitsu.ControlInternalAudit, Subject: "acc-ops", PerformedOn: day("2026-10-10"), Result: "issues", Findings: 1})
			r.Records.Persons[0].LeftOn = day("2026-09-01") // technical: guidance (10)
		}, want: "order-risk", principles: []string{"concealment"}},
		{name: "a deliberate sale reported on time is not self-correction", change: func(r *ruleCase) {
			// A contractor's staff sold call records; the carrier
			// reported and remedied it on time.
			in := &r.Records.Incidents[0]
			in.CauseCategory, in.ImproperPurpose, in.ActorOrg = "contractor", himitsu.Yes, "org-x"
		}, want: "guidance", principles: []string{"violation-is-hindrance"}, absent: []string{"prompt-remedy"}},
		{name: "an intentional act reported on time is not lowered", change: func(r *ruleCase) {
			r.Records.Incidents[0].CauseCategory = "employee-intentional"
		}, want: "guidance", principles: []string{"violation-is-hindrance", "prompt-remedy"}},
		{name: "a large leak is not small", change: func(r *ruleCase) {
			r.Records.Incidents[0].PersonsAffected = 5000
			r.Records.Notifications[0].Recipients = 5000
		}, want: "guidance", principles: []string{"violation-is-hindrance"}},
		{name: "an unremedied leak is in principle a hindrance", change: func(r *ruleCase) {
			r.Records.RecurrenceMeasures[0].DoneOn = himitsu.Date{}
			r.Records.RecurrenceMeasures[0].DueOn = day("2026-12-31")
		}, want: "guidance", principles: []string{"violation-is-hindrance"}},
		{name: "breadth raises medium findings in four categories", change: func(r *ruleCase) {
			r.Records.Areas[0].EntryLog = himitsu.No              // physical: medium × 1
			r.Records.Desk.Channels = r.Records.Desk.Channels[:1] // complaints: medium × 1
			r.Records.Training = r.Records.Training[:1]           // human: medium × 2
			for i := range r.Records.Protections {                // technical: medium × 1
				if r.Records.Protections[i].Kind == "ups" {
					r.Records.Protections[i].Status = himitsu.ProtectionMissing
				}
			}
		}, want: "guidance", principles: []string{"cumulative"}},
		{name: "recurrence after a done measure", change: func(r *ruleCase) {
			in := r.Records.Incidents[0]
			in.ID, in.OccurredAt, in.KnownAt = "inc-2", in.OccurredAt.AddDate(0, 2, 0), in.KnownAt.AddDate(0, 2, 0)
			r.Records.Incidents = append(r.Records.Incidents, in)
		}, want: "order-risk", principles: []string{"cumulative"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := wellRun(t)
			tt.change(&c)
			a := runCase(t, cat, &c)
			got := a.Judgement.Overall
			if tt.want != "" && got != tt.want {
				t.Errorf("got overall %s, want %s (indicated %v; categories %+v; reasons %v)", got, tt.want, indicatedRules(a), a.Judgement.Categories, a.Judgement.Reasons)
			}
			if tt.atLeast != "" && ladder.rank(got) < ladder.rank(tt.atLeast) {
				t.Errorf("got overall %s, want at least %s", got, tt.atLeast)
			}
			for _, p := range tt.principles {
				if !reasonsMention(a.Judgement, p) {
					t.Errorf("reasons do not mention principle %s: %v", p, a.Judgement.Reasons)
				}
			}
			for _, p := range tt.absent {
				if reasonsMention(a.Judgement, p) {
					t.Errorf("reasons cite principle %s: %v", p, a.Judgement.Reasons)
				}
			}
		})
	}
}

// TestSingleActCap runs under a catalog whose thresholds let one finding
// alone reach order-risk level, so the single-act principle must cap it.
func TestSingleActCap(t *testing.T) {
	cat := *mustCatalog(t)
	cat.Judgement.CategoryThresholds = []catalog.Threshold{
		{MinScore: 0, Grade: "no-concern"}, {MinScore: 0, Grade: "advice"},
		{MinScore: 4, Grade: "guidance"}, {MinScore: 9, Grade: "order-risk"}}
	c := wellRun(t)
	c.Records.Incidents = nil
	c.Records.RecurrenceMeasures = nil
	c.Records.RegulatorReports = nil
	c.Records.Notifications = nil
	c.Records.Complaints[0].Incident = ""
	c.Records.Policies[0].WaiverClause = himitsu.Yes // policies: high × 3 = 9
	a := runCase(t, &cat, &c)
	if got := a.Judgement.Categories[0]; got.Grade != "order-risk" {
		t.Fatalf("got policies category %+v, want order-risk before the cap", got)
	}
	if a.Judgement.Overall != "guidance" {
		t.Errorf("got overall %s, want guidance", a.Judgement.Overall)
	}
	if !reasonsMention(a.Judgement, "single-act") {
		t.Errorf("reasons do not mention single-act: %v", a.Judgement.Reasons)
	}
}

// TestOneFailureIsOneAct: one leak reported late and notified late trips
// three rules in three categories; under thresholds that let that reach
// order-risk level, the single-act principle still caps the grade,
// because the three findings are one act.
func TestOneFailureIsOneAct(t *testing.T) {
	cat := *mustCatalog(t)
	cat.Judgement.CategoryThresholds = []catalog.Threshold{
		{MinScore: 0, Grade: "no-concern"}, {MinScore: 0, Grade: "advice"},
		{MinScore: 2, Grade: "guidance"}, {MinScore: 4, Grade: "order-risk"}}
	c := wellRun(t)
	c.Records.RegulatorReports[0].SubmittedAt = c.Records.RegulatorReports[0].SubmittedAt.AddDate(0, 0, 20)
	c.Records.Notifications[0].SentAt = c.Records.Notifications[0].SentAt.AddDate(0, 0, 60)
	a := runCase(t, &cat, &c)
	if got := indicatedRules(a); len(got) < 3 {
		t.Fatalf("got indicated %v, want at least three rules tripped by inc-1", got)
	}
	var ind []*himitsu.Finding
	for i := range a.Findings {
		if a.Findings[i].Status == himitsu.StatusIndicated {
			ind = append(ind, &a.Findings[i])
		}
	}
	if got := acts(ind); got != 1 {
		t.Errorf("got %d acts, want 1 (every finding is about inc-1)", got)
	}
	if a.Judgement.Overall != "guidance" || !reasonsMention(a.Judgement, "single-act") {
		t.Errorf("got overall %s, want guidance capped by single-act: %v", a.Judgement.Overall, a.Judgement.Reasons)
	}
}

func TestActs(t *testing.T) {
	f := func(rule string, total int, evs ...himitsu.Evidence) *himitsu.Finding {
		return &himitsu.Finding{Rule: rule, Evidence: evs, EvidenceTotal: total}
	}
	tests := []struct {
		name string
		fs   []*himitsu.Finding
		want int
	}{
		{"none", nil, 0},
		{"a finding without evidence is one act", []*himitsu.Finding{f("a", 0)}, 1},
		{"two records are two acts", []*himitsu.Finding{f("a", 2, ev("grants", "g1"), ev("grants", "g2"))}, 2},
		{"a record shared by two rules is one act", []*himitsu.Finding{
			f("a", 1, ev("accounts", "acc-1")), f("b", 1, ev("accounts", "acc-1"))}, 1},
		{"an incident and its report are one act", []*himitsu.Finding{
			f("a", 1, ev("incidents", "inc-1")), f("b", 1, ev("regulator_reports", "rep-1", "incident", "inc-1"))}, 1},
		{"records beyond those kept count", []*himitsu.Finding{f("a", 5, ev("grants", "g1"))}, 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := acts(tt.fs); got != tt.want {
				t.Errorf("got %d acts, want %d", got, tt.want)
			}
		})
	}
}

// TestNoIncidentsAskedOnce checks that a carrier with an empty incident
// register is asked once, under the concealment case, whether the register
// is complete, and that the rules judging incident handling are not
// applicable rather than asking the same question again; an attestation
// for the item answers the question.
func TestNoIncidentsAskedOnce(t *testing.T) {
	cat := mustCatalog(t)
	c := wellRun(t)
	c.Records.Incidents = nil
	c.Records.RecurrenceMeasures = nil
	c.Records.RegulatorReports = nil
	c.Records.Notifications = nil
	for i := range c.Records.Complaints {
		c.Records.Complaints[i].Incident = ""
	}
	statusOf := func(a *himitsu.Assessment) map[string]himitsu.Status {
		m := map[string]himitsu.Status{}
		for _, f := range a.Findings {
			m[f.Rule] = f.Status
		}
		return m
	}
	got := statusOf(runCase(t, cat, &c))
	for rule, want := range map[string]himitsu.Status{
		"org.leak-denied":         himitsu.StatusNeedsAttestation,
		"org.late-report":         himitsu.StatusNotApplicable,
		"org.root-cause":          himitsu.StatusNotApplicable,
		"hum.disclosure-incident": himitsu.StatusNotApplicable,
		"cmp.user-notification":   himitsu.StatusNotApplicable,
	} {
		if got[rule] != want {
			t.Errorf("%s: got %s, want %s", rule, got[rule], want)
		}
	}
	c.Records.Attestations = append(c.Records.Attestations, himitsu.Attestation{
		ID: "att-incidents", Item: "5(3)(i)iii", Answer: "yes", By: "p1", On: day("2026-10-20"),
		Statement: "No incident was learned of in the year; every one would be registered."})
	if got := statusOf(runCase(t, cat, &c))["org.leak-denied"]; got != himitsu.StatusNotIndicated {
		t.Errorf("with the attestation: got %s, want not-indicated", got)
	}
}
