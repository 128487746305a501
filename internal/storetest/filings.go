package storetest

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/himitsu-oss/himitsu"
)

// A regulator report filed with its document is frozen: its hash is in
// the change entry of the filing, an update is refused and changes
// nothing, a later filing is a new record (a new version) that leaves the
// earlier as it was, and a bundle import may not alter it.
func testFiledReportFrozen(t *testing.T, s Services) {
	ctx := readCtx()
	svc := s.RegulatorReports()
	filed := func(id string, version int, doc string) himitsu.RegulatorReport {
		return himitsu.RegulatorReport{ID: id, Incident: "inc-1", Law: himitsu.LawTBA28, Stage: himitsu.StageDetailed,
			SubmittedAt: time.Date(2025, 6, 1, 2, 0, 0, 0, time.UTC), To: "関東総合通信局", Version: version,
			Document: doc, DocumentSHA256: himitsu.DocumentDigest(doc)}
	}
	v1 := filed("inc-1-tba-28-detailed-v1", 1, "<h1>通信の秘密の漏えいに関する報告書</h1><p>第一版</p>")
	st1, err := svc.Create(ctx, "a", v1)
	if err != nil {
		t.Fatalf("filing version 1: %v", err)
	}
	log := changeLog(t, s, "a")
	last := log[len(log)-1]
	if last.Action != himitsu.ChangeCreate || last.Digests[v1.ID] != v1.DocumentSHA256 {
		t.Fatalf("the filing's change entry is %+v, want a create with digest %s for %s", last, v1.DocumentSHA256, v1.ID)
	}

	// An update, even of the reference only, is refused.
	changed := v1
	changed.Reference = "R7-0099"
	_, err = svc.Update(ctx, "a", changed, st1.Version)
	wantErr(t, "Update of a filed report", err, himitsu.KindPermission, "")
	if got := changeLog(t, s, "a"); len(got) != len(log) {
		t.Errorf("the refused update added %d change entries", len(got)-len(log))
	}

	// A hash that is not the document's is refused before anything is written.
	bad := filed("inc-1-tba-28-detailed-v9", 9, "<p>x</p>")
	bad.DocumentSHA256 = himitsu.DocumentDigest("<p>y</p>")
	_, err = svc.Create(ctx, "a", bad)
	wantErr(t, "Create with a wrong hash", err, himitsu.KindInvalid, "document_sha256")

	// Version 2 is a new record; version 1 stays as filed.
	v2 := filed("inc-1-tba-28-detailed-v2", 2, "<h1>通信の秘密の漏えいに関する報告書</h1><p>第二版</p>")
	if _, err := svc.Create(ctx, "a", v2); err != nil {
		t.Fatalf("filing version 2: %v", err)
	}
	got, err := svc.Get(ctx, "a", v1.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Version != st1.Version || got.Record.Document != v1.Document || got.Record.Reference != "" {
		t.Errorf("version 1 changed after version 2 was filed: %+v", got.Record)
	}

	// A bundle import that carries a filed report must carry it as filed.
	rec, err := s.Records(ctx, "a")
	if err != nil {
		t.Fatal(err)
	}
	ev := &himitsu.EventSlices{}
	keep := *rec
	if _, err := s.Replace(ctx, &keep, ev); err != nil {
		t.Fatalf("re-importing the records as they are: %v", err)
	}
	alter := *rec
	alter.RegulatorReports = append([]himitsu.RegulatorReport(nil), rec.RegulatorReports...)
	for i := range alter.RegulatorReports {
		if alter.RegulatorReports[i].ID == v1.ID {
			alter.RegulatorReports[i].Document = "<p>書き換え</p>"
			alter.RegulatorReports[i].DocumentSHA256 = himitsu.DocumentDigest("<p>書き換え</p>")
		}
	}
	_, err = s.Replace(ctx, &alter, ev)
	wantErr(t, "Replace that alters a filed report", err, himitsu.KindConflict, "regulator_reports")
	if got, err := svc.Get(ctx, "a", v1.ID); err != nil || got.Record.Document != v1.Document {
		t.Errorf("version 1 after the refused imports: %v %+v", err, got.Record)
	}

	// A bundle that leaves the filed reports out keeps them as filed, and
	// says so; the reports never filed with a document go as usual.
	omit := *rec
	omit.RegulatorReports = nil
	for _, r := range rec.RegulatorReports {
		if !r.Frozen() {
			omit.RegulatorReports = append(omit.RegulatorReports, r)
		}
	}
	sum, err := s.Replace(ctx, &omit, ev)
	if err != nil {
		t.Fatalf("a bundle without the filed reports: %v", err)
	}
	var filedIDs []string
	for _, r := range rec.RegulatorReports {
		if r.Frozen() {
			filedIDs = append(filedIDs, r.ID)
		}
	}
	if len(filedIDs) < 3 || !slices.Equal(sum.Kept, filedIDs) || sum.Counts["regulator_reports"] != len(rec.RegulatorReports) {
		t.Errorf("import summary: kept %v, counted %d reports; want kept %v of %d", sum.Kept, sum.Counts["regulator_reports"], filedIDs, len(rec.RegulatorReports))
	}
	for _, id := range filedIDs {
		got, err := svc.Get(ctx, "a", id)
		want := rec.RegulatorReports[slices.IndexFunc(rec.RegulatorReports, func(r himitsu.RegulatorReport) bool { return r.ID == id })]
		if err != nil || himitsu.VersionOf(got.Record) != himitsu.VersionOf(want) {
			t.Errorf("filed report %s after an import that left it out: %v %+v", id, err, got.Record)
		}
	}
	// Leaving out the incident a filed report is about is refused,
	// naming both, and changes nothing.
	before, err := s.Records(ctx, "a")
	if err != nil {
		t.Fatal(err)
	}
	noInc := omit
	noInc.Incidents = nil
	for _, in := range omit.Incidents {
		if in.ID != "inc-1" {
			noInc.Incidents = append(noInc.Incidents, in)
		}
	}
	noInc.IncidentClassifications, noInc.RecurrenceMeasures, noInc.Notifications, noInc.RegulatorReports = nil, nil, nil, nil
	noInc.Complaints = append([]himitsu.Complaint(nil), omit.Complaints...)
	for i := range noInc.Complaints {
		if noInc.Complaints[i].Incident == "inc-1" {
			noInc.Complaints[i].Incident = ""
		}
	}
	for i := range noInc.Incidents {
		if noInc.Incidents[i].TurnedOutToBe == "inc-1" {
			noInc.Incidents[i].TurnedOutToBe = ""
		}
	}
	_, err = s.Replace(ctx, &noInc, ev)
	wantErr(t, "Replace without the incident of a filed report", err, himitsu.KindConflict, "incidents")
	if err != nil && (!strings.Contains(err.Error(), "inc-1") || !strings.Contains(err.Error(), v1.ID)) {
		t.Errorf("the refusal does not name the incident and the report: %v", err)
	}
	after, err := s.Records(ctx, "a")
	if err != nil {
		t.Fatal(err)
	}
	if d := Diff(after, before); d != "" {
		t.Errorf("the refused import changed the records: %s", d)
	}
}
