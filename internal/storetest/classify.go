package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/himitsu-oss/himitsu"
)

// RunClassify runs the tests of IncidentClassificationService.Classify.
// open returns a new, empty store; failEntryWrites makes every later
// write of a row into incident_classifications fail inside the database
// (each engine has its own way, such as a trigger), so that the test sees
// a failure after the incident's kind was already written in the same
// transaction.
func RunClassify(t *testing.T, open func(t *testing.T) Services, failEntryWrites func(t *testing.T, s Services)) {
	tests := []struct {
		name string
		fn   func(*testing.T, Services)
	}{
		{"KindAndEntryTogether", testClassifyTogether},
		{"StaleVersionChangesNothing", testClassifyStale},
		{"FailedEntryWriteChangesNothing", func(t *testing.T, s Services) {
			failEntryWrites(t, s)
			testClassifyFailure(t, s)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := open(t)
			rec, ev := Fixture("a")
			replace(t, s, rec, ev)
			tt.fn(t, s)
		})
	}
}

func classifyCtx() context.Context {
	return himitsu.WithAccessor(context.Background(), himitsu.Accessor{Actor: "hanako", Purpose: "incident handling", Tool: "test"})
}

// nearMiss is the entry that reclassifies the fixture's inc-1 (a leak)
// as a near miss.
func nearMiss() himitsu.IncidentClassification {
	return himitsu.IncidentClassification{ID: "inc-1.cls-2", Incident: "inc-1", At: time.Date(2025, 5, 6, 0, 0, 0, 0, time.UTC),
		By: "hanako", To: himitsu.IncidentNearMiss, Proposed: himitsu.IncidentLeak, Reason: "宛先は社内の検証用アドレスだった"}
}

// classifyState is what a classification may change.
type classifyState struct {
	incident himitsu.Stored[himitsu.Incident]
	entries  int
	changes  int
	records  int
}

func readClassifyState(t *testing.T, s Services) classifyState {
	t.Helper()
	ctx := classifyCtx()
	inc, err := s.Incidents().Get(ctx, "a", "inc-1")
	if err != nil {
		t.Fatal(err)
	}
	p, err := s.IncidentClassifications().List(ctx, "a", himitsu.ListOptions{Filter: map[string]string{"incident": "inc-1"}, Limit: himitsu.MaxPage})
	if err != nil {
		t.Fatal(err)
	}
	rl, err := s.RecordLog(context.Background(), "a", himitsu.RecordLogFilter{Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	return classifyState{incident: inc, entries: len(p.Items), changes: len(changeLog(t, s, "a")), records: len(rl)}
}

func checkUnchanged(t *testing.T, what string, s Services, was classifyState) {
	t.Helper()
	now := readClassifyState(t, s)
	if now.incident.Version != was.incident.Version || now.incident.Record.Kind != was.incident.Record.Kind {
		t.Errorf("%s: the incident changed: kind %s → %s, version %s → %s", what, was.incident.Record.Kind, now.incident.Record.Kind, was.incident.Version, now.incident.Version)
	}
	if now.entries != was.entries {
		t.Errorf("%s: %d classification entries, want %d", what, now.entries, was.entries)
	}
	if now.changes != was.changes || now.records != was.records {
		t.Errorf("%s: change log %d → %d entries, record log %d → %d, want no new entry", what, was.changes, now.changes, was.records, now.records)
	}
}

// testClassifyTogether: a classification saves the kind and its entry,
// under one change entry, with the record log showing both.
func testClassifyTogether(t *testing.T, s Services) {
	ctx := classifyCtx()
	was := readClassifyState(t, s)
	e := nearMiss()
	e.From = himitsu.IncidentSuspicion // wrong on purpose: the store records what it replaced
	got, err := s.IncidentClassifications().Classify(ctx, "a", e, was.incident.Version)
	if err != nil {
		t.Fatalf("Classify: %v", err)
	}
	now := readClassifyState(t, s)
	if got.Record.Kind != himitsu.IncidentNearMiss || now.incident.Record.Kind != himitsu.IncidentNearMiss || now.incident.Version != got.Version {
		t.Errorf("incident after Classify: returned %s (%s), stored %s (%s)", got.Record.Kind, got.Version, now.incident.Record.Kind, now.incident.Version)
	}
	entry, err := s.IncidentClassifications().Get(ctx, "a", e.ID)
	if err != nil {
		t.Fatalf("the entry was not appended: %v", err)
	}
	if entry.Record.From != himitsu.IncidentLeak || entry.Record.To != himitsu.IncidentNearMiss || entry.Record.Reason != e.Reason {
		t.Errorf("entry %+v, want from leak to near-miss with the reason", entry.Record)
	}
	log := changeLog(t, s, "a")
	if len(log) != was.changes+1 {
		t.Fatalf("Classify wrote %d change entries, want 1", len(log)-was.changes)
	}
	last := log[len(log)-1]
	if last.Action != himitsu.ChangeUpdate || last.Counts["incidents"] != 1 || last.Counts["incident_classifications"] != 1 || len(last.Counts) != 2 {
		t.Errorf("change entry %+v, want an update counting one incident and one classification", last)
	}
	rl, err := s.RecordLog(context.Background(), "a", himitsu.RecordLogFilter{Limit: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(rl) != 2 || rl[0].Register != "incident_classifications" || rl[0].RecordID != e.ID || rl[1].Register != "incidents" ||
		rl[1].VersionBefore != was.incident.Version || rl[1].VersionAfter != got.Version || len(rl[1].Before) == 0 || len(rl[1].After) == 0 {
		t.Errorf("record log %+v, want the incident's update (with its content) and the entry's creation", rl)
	}
}

// testClassifyStale: a classification based on an older version of the
// incident is refused and changes nothing.
func testClassifyStale(t *testing.T, s Services) {
	ctx := classifyCtx()
	was := readClassifyState(t, s)
	_, err := s.IncidentClassifications().Classify(ctx, "a", nearMiss(), "0123456789abcdef01234567")
	wantErr(t, "Classify with a stale version", err, himitsu.KindConflict, "version")
	checkUnchanged(t, "stale version", s, was)
	_, err = s.IncidentClassifications().Classify(ctx, "a", nearMiss(), "")
	wantErr(t, "Classify without a version", err, himitsu.KindInvalid, "version")
	// An entry that breaks its rules (departing from the proposal
	// without a reason) is refused before anything is written.
	e := nearMiss()
	e.Reason = ""
	_, err = s.IncidentClassifications().Classify(ctx, "a", e, was.incident.Version)
	wantErr(t, "Classify without a reason", err, himitsu.KindInvalid, "reason")
	// An entry ID that exists already.
	e = nearMiss()
	e.ID = "cls-1"
	_, err = s.IncidentClassifications().Classify(ctx, "a", e, was.incident.Version)
	wantErr(t, "Classify with an existing entry ID", err, himitsu.KindConflict, "id")
	checkUnchanged(t, "refused entries", s, was)
}

// testClassifyFailure: the database refuses the entry's row after the
// incident's row was written; the incident keeps its kind.
func testClassifyFailure(t *testing.T, s Services) {
	ctx := classifyCtx()
	was := readClassifyState(t, s)
	if _, err := s.IncidentClassifications().Classify(ctx, "a", nearMiss(), was.incident.Version); err == nil {
		t.Fatal("Classify succeeded although the entry's write was made to fail")
	}
	checkUnchanged(t, "failed entry write", s, was)
}
