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
	}{
		{name: "well-run with one prompt small leak", change: func(*ruleCase) {},
			want: "advice", principles: []string{"prompt-remedy"}},
		{name: "leak reported late is not remedied promptly", change: func(r *ruleCase) {
			r.Records.RegulatorReports[1].SubmittedAt = r.Records.RegulatorReports[1].SubmittedAt.AddDate(0, 0, 30)
		}, want: "guidance"},
		{name: "many findings in two categories", change: func(r *ruleCase) {
			r.Records.Policies[0].WaiverClause = himitsu.Yes // policies: high × 3
			r.Records.Persons[0].LeftOn = day("2026-09-01")  // technical: leaver with a grant, high
			r.Records.Extracts[0].Encrypted = himitsu.No     // technical: medium
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
			// The entry log is claimed but has no line: only at-risk in
			// physical security, yet the false claim is concealment.
			r.EntryLogs = nil
			r.Records.Attestations = append(r.Records.Attestations, himitsu.Attestation{
				ID: "att-2", Item: "5(3)(iii)ii", Claim: "entry-records-kept", Answer: "yes", By: "p1", On: day("2026-10-20")})
		}, atLeast: "guidance"},
		{name: "concealment with another category at guidance", change: func(r *ruleCase) {
			r.Records.Attestations = append(r.Records.Attestations, himitsu.Attestation{
				ID: "att-2", Item: "5(3)(iv)iii", Claim: "no-shared-accounts", Answer: "yes", By: "p1", On: day("2026-10-20")})
			r.Records.Accounts = append(r.Records.Accounts, himitsu.Account{ID: "acc-ops", System: "sys-billing", Shared: himitsu.Yes})
			r.Records.Persons[0].LeftOn = day("2026-09-01") // technical: guidance (10)
		}, want: "order-risk", principles: []string{"concealment"}},
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
		"org.unreported-known-leak": himitsu.StatusNeedsAttestation,
		"org.late-report":           himitsu.StatusNotApplicable,
		"org.root-cause":            himitsu.StatusNotApplicable,
		"hum.disclosure-incident":   himitsu.StatusNotApplicable,
		"cmp.user-notification":     himitsu.StatusNotApplicable,
	} {
		if got[rule] != want {
			t.Errorf("%s: got %s, want %s", rule, got[rule], want)
		}
	}
	c.Records.Attestations = append(c.Records.Attestations, himitsu.Attestation{
		ID: "att-incidents", Item: "5(3)(i)iii", Answer: "yes", By: "p1", On: day("2026-10-20"),
		Statement: "No incident was learned of in the year; every one would be registered."})
	if got := statusOf(runCase(t, cat, &c))["org.unreported-known-leak"]; got != himitsu.StatusNotIndicated {
		t.Errorf("with the attestation: got %s, want not-indicated", got)
	}
}
