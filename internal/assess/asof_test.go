package assess_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/assess"
	"github.com/himitsu-oss/himitsu/internal/bundle"
	"github.com/himitsu-oss/himitsu/internal/catalog"
)

// keep drops from s the records whose day is after d; a zero day keeps.
func keep[T any](s []T, d himitsu.Date, day func(*T) himitsu.Date) []T {
	var out []T
	for i := range s {
		if x := day(&s[i]); x.IsZero() || !x.After(d) {
			out = append(out, s[i])
		}
	}
	return out
}

// removedAfter is the bundle with the records made after d taken out,
// written by hand per register (not through the asof tags Run uses), so
// that the test checks Run's reading of "as of" against an independent one.
func removedAfter(rec *himitsu.Records, ev *himitsu.EventSlices, d himitsu.Date) (*himitsu.Records, *himitsu.EventSlices) {
	r := *rec
	t := func(x time.Time) himitsu.Date {
		if x.IsZero() {
			return himitsu.Date{}
		}
		return himitsu.DateOf(x)
	}
	r.Services = keep(r.Services, d, func(x *himitsu.Service) himitsu.Date { return x.LaunchedOn })
	r.Policies = keep(r.Policies, d, func(x *himitsu.Policy) himitsu.Date { return x.PublishedOn })
	r.Persons = keep(r.Persons, d, func(x *himitsu.Person) himitsu.Date { return x.JoinedOn })
	r.Accounts = keep(r.Accounts, d, func(x *himitsu.Account) himitsu.Date { return x.CreatedOn })
	r.Grants = keep(r.Grants, d, func(x *himitsu.Grant) himitsu.Date { return x.GrantedOn })
	r.OrgChanges = keep(r.OrgChanges, d, func(x *himitsu.OrgChange) himitsu.Date { return x.EffectiveOn })
	r.Training = keep(r.Training, d, func(x *himitsu.Training) himitsu.Date { return x.CompletedOn })
	r.Takeouts = keep(r.Takeouts, d, func(x *himitsu.Takeout) himitsu.Date { return t(x.TakenAt) })
	r.Holdings = keep(r.Holdings, d, func(x *himitsu.Holding) himitsu.Date { return x.ObservedOn })
	r.Extracts = keep(r.Extracts, d, func(x *himitsu.Extract) himitsu.Date { return x.CreatedOn })
	r.SystemChanges = keep(r.SystemChanges, d, func(x *himitsu.SystemChange) himitsu.Date { return t(x.ChangedAt) })
	r.RiskAssessments = keep(r.RiskAssessments, d, func(x *himitsu.RiskAssessment) himitsu.Date { return x.PerformedOn })
	r.Controls = keep(r.Controls, d, func(x *himitsu.Control) himitsu.Date { return x.PerformedOn })
	r.Consents = keep(r.Consents, d, func(x *himitsu.Consent) himitsu.Date { return t(x.GivenAt) })
	r.Incidents = keep(r.Incidents, d, func(x *himitsu.Incident) himitsu.Date { return t(x.KnownAt) })
	r.RegulatorReports = keep(r.RegulatorReports, d, func(x *himitsu.RegulatorReport) himitsu.Date { return t(x.SubmittedAt) })
	r.Notifications = keep(r.Notifications, d, func(x *himitsu.Notification) himitsu.Date { return t(x.SentAt) })
	r.Complaints = keep(r.Complaints, d, func(x *himitsu.Complaint) himitsu.Date { return t(x.ReceivedAt) })
	r.Attestations = keep(r.Attestations, d, func(x *himitsu.Attestation) himitsu.Date { return x.On })
	e := &himitsu.EventSlices{
		Access:  keep(ev.Access, d, func(x *himitsu.AccessEvent) himitsu.Date { return t(x.At) }),
		Entries: keep(ev.Entries, d, func(x *himitsu.EntryLog) himitsu.Date { return t(x.At) }),
	}
	return &r, e
}

// TestAsOfSeesNoLaterRecords: assessing the example bundle as of an
// earlier day equals assessing it with the records made after that day
// removed, for days across the example's history.
func TestAsOfSeesNoLaterRecords(t *testing.T) {
	ctx := context.Background()
	b, err := bundle.Read(ctx, "../../examples/minato-mobile")
	if err != nil {
		t.Fatal(err)
	}
	ev := &himitsu.EventSlices{}
	if err := b.AccessEvents(ctx, func(e *himitsu.AccessEvent) error { ev.Access = append(ev.Access, *e); return nil }); err != nil {
		t.Fatal(err)
	}
	if err := b.EntryLogs(ctx, func(e *himitsu.EntryLog) error { ev.Entries = append(ev.Entries, *e); return nil }); err != nil {
		t.Fatal(err)
	}
	cat, err := catalog.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, day := range []string{"2025-10-01", "2026-04-01", "2026-08-20", "2026-10-15"} {
		t.Run(day, func(t *testing.T) {
			d, err := himitsu.ParseDate(day)
			if err != nil {
				t.Fatal(err)
			}
			rec2, ev2 := removedAfter(b.Records, ev, d)
			removed := len(ev.Access) - len(ev2.Access) + len(b.Records.Consents) - len(rec2.Consents) +
				len(b.Records.Incidents) - len(rec2.Incidents) + len(b.Records.Grants) - len(rec2.Grants) +
				len(b.Records.Complaints) - len(rec2.Complaints)
			if removed == 0 && day != "2026-10-15" {
				t.Fatalf("nothing of the example is after %s; the test checks nothing", day)
			}
			opts := assess.Options{AsOf: d}
			got, err := assess.Run(ctx, cat, b.Records, ev, opts)
			if err != nil {
				t.Fatal(err)
			}
			want, err := assess.Run(ctx, cat, rec2, ev2, opts)
			if err != nil {
				t.Fatal(err)
			}
			gj, _ := json.MarshalIndent(got, "", " ")
			wj, _ := json.MarshalIndent(want, "", " ")
			if string(gj) != string(wj) {
				t.Errorf("as of %s the full bundle and the bundle without later records assess differently (%d records removed):\n%s",
					day, removed, firstDiff(string(gj), string(wj)))
			}
		})
	}
}

// firstDiff shows the first line at which a and b differ.
func firstDiff(a, b string) string {
	la, lb := splitLines(a), splitLines(b)
	for i := range min(len(la), len(lb)) {
		if la[i] != lb[i] {
			return "line " + itoa(i+1) + ":\n  as of:   " + la[i] + "\n  removed: " + lb[i]
		}
	}
	return "lengths differ"
}

func splitLines(s string) []string {
	var out []string
	start := 0
	for i := range len(s) {
		if s[i] == '\n' {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}
