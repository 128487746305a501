package main

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/user"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/bundle"
	"github.com/himitsu-oss/himitsu/internal/sqlstore"
	"github.com/himitsu-oss/himitsu/internal/textwidth"
)

// exampleCounts returns what a full read of the example carrier delivers:
// the records Records loads (the carrier and the desk count one each), the
// access events and the entry logs, counted from the bundle itself.
func exampleCounts(t *testing.T, dir string) (records, access, entries int) {
	t.Helper()
	ctx := context.Background()
	b, err := bundle.Read(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	rv := reflect.ValueOf(b.Records).Elem()
	for i := range rv.NumField() {
		if f := rv.Field(i); f.Kind() == reflect.Slice {
			records += f.Len()
		} else {
			records++
		}
	}
	if err := b.AccessEvents(ctx, func(*himitsu.AccessEvent) error { access++; return nil }); err != nil {
		t.Fatal(err)
	}
	if err := b.EntryLogs(ctx, func(*himitsu.EntryLog) error { entries++; return nil }); err != nil {
		t.Fatal(err)
	}
	if records == 0 || access == 0 || entries == 0 {
		t.Fatalf("got %d records, %d access events, %d entry logs in the example; want some of each", records, access, entries)
	}
	return records, access, entries
}

// storeReadLog opens the database as the commands do and returns the read
// log of the example carrier.
func storeReadLog(t *testing.T, db string) []himitsu.ReadEntry {
	t.Helper()
	ctx := context.Background()
	s, err := sqlstore.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	got, err := s.ReadLog(ctx, "minato-mobile")
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// checkReadLog compares the entries with want, ignoring the IDs and times
// that the store assigns, but requiring both to increase.
func checkReadLog(t *testing.T, got, want []himitsu.ReadEntry) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d read log entries, want %d:\ngot  %+v\nwant %+v", len(got), len(want), got, want)
	}
	for i := range want {
		if i > 0 && (got[i].ID <= got[i-1].ID || got[i].At.Before(got[i-1].At)) {
			t.Errorf("entry %d: got ID %d at %v after ID %d at %v, want both increasing", i, got[i].ID, got[i].At, got[i-1].ID, got[i-1].At)
		}
		g := got[i]
		g.ID, g.At = 0, time.Time{}
		if g != want[i] {
			t.Errorf("entry %d: got %+v, want %+v", i, g, want[i])
		}
	}
}

// TestReadLogEndToEnd checks, on every engine, that the commands that read
// a carrier's records from the database leave one entry per read in the
// store's read log, naming the user, the stated purpose and the command,
// and that import, which only writes, leaves none.
func TestReadLogEndToEnd(t *testing.T) {
	dir := exampleDir(t)
	records, access, entries := exampleCounts(t, dir)
	actor := testActor(t)
	for name, newDB := range databases(t) {
		t.Run(name, func(t *testing.T) {
			db := newDB(t)
			must(t, himitsuCmd(t, nil, "import", "--purpose", "test", "--db", db, dir))
			if got := storeReadLog(t, db); len(got) != 0 {
				t.Fatalf("got %d entries after import, want 0: %+v", len(got), got)
			}
			const purpose = "annual audit / 年次監査"
			must(t, himitsuCmd(t, nil, "export", "--db", db, "--purpose", purpose, filepath.Join(t.TempDir(), "out")))
			must(t, himitsuCmd(t, nil, "assess", "--db", db, "--purpose", "board report", "--as-of", exampleAsOf, "--format", "json"))
			entry := func(purpose, tool, what string, rows int) himitsu.ReadEntry {
				return himitsu.ReadEntry{CarrierID: "minato-mobile", Actor: actor, Purpose: purpose, Tool: tool, What: what, Rows: rows}
			}
			checkReadLog(t, storeReadLog(t, db), []himitsu.ReadEntry{
				entry(purpose, "himitsu export", himitsu.ReadRecords, records),
				entry(purpose, "himitsu export", himitsu.ReadAccessEvents, access),
				entry(purpose, "himitsu export", himitsu.ReadEntryLogs, entries),
				// The case files go with the export: the read is on
				// record even when the carrier has none.
				entry(purpose, "himitsu export", "cases", 0),
				entry("board report", "himitsu assess", himitsu.ReadRecords, records),
				entry("board report", "himitsu assess", himitsu.ReadAccessEvents, access),
				entry("board report", "himitsu assess", himitsu.ReadEntryLogs, entries),
			})
		})
	}
}

// TestReadWithoutPurposeRefused checks that a blank or malformed purpose is
// a usage error, and that nothing is read, so nothing is recorded.
func TestReadWithoutPurposeRefused(t *testing.T) {
	db := filepath.Join(t.TempDir(), "himitsu.db")
	must(t, himitsuCmd(t, nil, "import", "--purpose", "test", "--db", db, exampleDir(t)))
	for _, args := range [][]string{
		{"export", "--db", db, "--purpose", " ", filepath.Join(t.TempDir(), "out")},
		{"assess", "--db", db, "--purpose", "", "--as-of", exampleAsOf},
		{"assess", "--db", db, "--purpose", "audit\nforged line", "--as-of", exampleAsOf},
		// Issue 11: no default purpose, and no invisible one.
		{"assess", "--db", db, "--as-of", exampleAsOf},
		{"export", "--db", db, filepath.Join(t.TempDir(), "out2")},
		{"assess", "--db", db, "--purpose", "\u200b", "--as-of", exampleAsOf},
		{"export", "--db", db, "--purpose", "\u200b\u2060 ", filepath.Join(t.TempDir(), "out3")},
	} {
		if r := himitsuCmd(t, nil, args...); r.code != exitUsage {
			t.Errorf("%q: got exit %d, want %d; stderr:\n%s", args, r.code, exitUsage, r.stderr)
		}
	}
	if got := storeReadLog(t, db); len(got) != 0 {
		t.Errorf("got %d entries after refused reads, want 0: %+v", len(got), got)
	}
}

func TestQuickstartReadLog(t *testing.T) {
	db := filepath.Join(t.TempDir(), "himitsu.db")
	must(t, himitsuCmd(t, nil, "quickstart", "--db", db, "--format", "json"))
	records, access, entries := exampleCounts(t, exampleDir(t))
	actor := testActor(t)
	e := himitsu.ReadEntry{CarrierID: "minato-mobile", Actor: actor, Purpose: quickstartAssessPurpose, Tool: "himitsu quickstart"}
	want := []himitsu.ReadEntry{e, e, e}
	want[0].What, want[0].Rows = himitsu.ReadRecords, records
	want[1].What, want[1].Rows = himitsu.ReadAccessEvents, access
	want[2].What, want[2].Rows = himitsu.ReadEntryLogs, entries
	checkReadLog(t, storeReadLog(t, db), want)
}

// TestOSActor reproduces issue 11's claimable actor: the actor came from
// $USER, which anyone can set, or was "unknown". Now it is the account of
// the process's user ID, or the ID itself, and $USER plays no part.
func TestOSActor(t *testing.T) {
	noUser := func(string) (*user.User, error) { return nil, errors.New("no passwd entry") }
	noCurrent := func() (*user.User, error) { return nil, errors.New("no token") }
	named := func(name string) func(string) (*user.User, error) {
		return func(id string) (*user.User, error) { return &user.User{Uid: id, Username: name}, nil }
	}
	tests := []struct {
		name     string
		lookupID func(string) (*user.User, error)
		current  func() (*user.User, error)
		uid      int
		want     string // "" when refused
	}{
		{"account name", named("hanako"), noCurrent, 1000, "hanako"},
		{"no passwd entry: the user ID", noUser, noCurrent, 1000, "uid:1000"},
		{"empty account name: the user ID", named(""), noCurrent, 1001, "uid:1001"},
		{"account called unknown: the user ID", named("unknown"), noCurrent, 1002, "uid:1002"},
		{"account name with a newline: the user ID", named("root\nforged"), noCurrent, 1003, "uid:1003"},
		{"no user ID (Windows): the token's account", noUser, func() (*user.User, error) { return &user.User{Username: `CORP\\hanako`}, nil }, -1, `CORP\\hanako`},
		{"no user ID and no account: refused", noUser, noCurrent, -1, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := osActor(tt.lookupID, tt.current, func() int { return tt.uid })
			if tt.want == "" {
				if himitsu.ErrorKind(err) != himitsu.KindPermission {
					t.Errorf("got %q, %v; want a permission error", got, err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("got %q, %v; want %q", got, err, tt.want)
			}
		})
	}
	// $USER is not consulted at all: the in-process commands run with an
	// environment whose USER names someone else.
	db := filepath.Join(t.TempDir(), "h.db")
	must(t, himitsuCmd(t, map[string]string{"USER": "someone-else"}, "import", "--db", db, "--purpose", "test", exampleDir(t)))
	for _, c := range storeChangeLog(t, db) {
		if c.Actor == "someone-else" {
			t.Errorf("change log: got actor %q taken from $USER, want the account", c.Actor)
		}
	}
}

func TestLogReads(t *testing.T) {
	db := filepath.Join(t.TempDir(), "h.db")
	must(t, himitsuCmd(t, nil, "import", "--purpose", "test", "--db", db, exampleDir(t)))
	r := himitsuCmd(t, nil, "log", "--db", db, "--kind", "reads")
	if r.code != exitOK || !strings.Contains(r.stdout, "no recorded reads") {
		t.Fatalf("before any read: got exit %d and\n%s%s", r.code, r.stdout, r.stderr)
	}
	must(t, himitsuCmd(t, nil, "export", "--db", db, "--purpose", "audit by the internal auditor", filepath.Join(t.TempDir(), "out")))
	r = himitsuCmd(t, nil, "log", "--db", db, "--kind", "reads", "--format", "json")
	if r.code != exitOK {
		t.Fatalf("got exit %d; stderr:\n%s", r.code, r.stderr)
	}
	var got struct {
		Carrier string              `json:"carrier"`
		Reads   []himitsu.ReadEntry `json:"reads"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
		t.Fatal(err)
	}
	if got.Carrier != "minato-mobile" || len(got.Reads) != 4 {
		t.Fatalf("got carrier %q and %d reads, want minato-mobile and 4 (records, access events, entry logs, case files)", got.Carrier, len(got.Reads))
	}
	for _, e := range got.Reads {
		if e.Purpose != "audit by the internal auditor" || e.Tool != "himitsu export" {
			t.Errorf("got read %+v, want the export's purpose and tool", e)
		}
	}
	text := himitsuCmd(t, nil, "log", "--db", db, "--kind", "reads")
	if !strings.Contains(text.stdout, "audit by the internal auditor") || !strings.Contains(text.stdout, "access_events") {
		t.Errorf("text listing lacks the read:\n%s", text.stdout)
	}
}

// bundleCounts returns what importing the bundle in dir must write, per
// register, counted from the bundle itself: every register of Records (the
// carrier and the desk count one each, empty registers zero) and both logs.
func bundleCounts(t *testing.T, dir string) map[string]int {
	t.Helper()
	ctx := context.Background()
	b, err := bundle.Read(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	rv := reflect.ValueOf(b.Records).Elem()
	for i := range rv.NumField() {
		name, _, _ := strings.Cut(rv.Type().Field(i).Tag.Get("json"), ",")
		if f := rv.Field(i); f.Kind() == reflect.Slice {
			counts[name] = f.Len()
		} else {
			counts[name] = 1
		}
	}
	if err := b.AccessEvents(ctx, func(*himitsu.AccessEvent) error { counts["access_events"]++; return nil }); err != nil {
		t.Fatal(err)
	}
	if err := b.EntryLogs(ctx, func(*himitsu.EntryLog) error { counts["entry_logs"]++; return nil }); err != nil {
		t.Fatal(err)
	}
	return counts
}

// storeChangeLog opens the database as the commands do and returns the
// change log of the example carrier.
func storeChangeLog(t *testing.T, db string) []himitsu.ChangeEntry {
	t.Helper()
	ctx := context.Background()
	s, err := sqlstore.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	got, err := s.ChangeLog(ctx, "minato-mobile")
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// TestChangeLogEndToEnd checks, on every engine, that each committed
// import leaves exactly one "replace" entry naming the user, the stated
// purpose, the command and what it wrote, while a failed import and a
// refused one leave none.
func TestChangeLogEndToEnd(t *testing.T) {
	actor := testActor(t)
	for name, newDB := range databases(t) {
		t.Run(name, func(t *testing.T) {
			db := newDB(t)
			first := exampleDir(t)
			const purpose = "initial load / 初回取込"
			must(t, himitsuCmd(t, nil, "import", "--db", db, "--purpose", purpose, first))

			bad := exampleDir(t)
			writeAccessEvents(t, filepath.Join(bad, "access_events.csv"), filepath.Join(first, "access_events.csv"), 3000, 2500)
			if r := himitsuCmd(t, nil, "import", "--purpose", "test", "--db", db, bad); r.code != exitFail {
				t.Fatalf("import of a bad bundle: got exit %d, want %d; stderr:\n%s", r.code, exitFail, r.stderr)
			}
			if r := himitsuCmd(t, nil, "import", "--db", db, "--purpose", "load\nforged line", first); r.code != exitUsage {
				t.Fatalf("import with a bad purpose: got exit %d, want %d; stderr:\n%s", r.code, exitUsage, r.stderr)
			}

			second := exampleDir(t)
			writeAccessEvents(t, filepath.Join(second, "access_events.csv"), filepath.Join(first, "access_events.csv"), 1200, 0)
			must(t, himitsuCmd(t, nil, "import", "--purpose", "test", "--db", db, second))

			firstCounts, secondCounts := bundleCounts(t, first), bundleCounts(t, second)
			if firstCounts["access_events"] == secondCounts["access_events"] {
				t.Fatalf("got %d access events in both bundles, want them to differ", firstCounts["access_events"])
			}
			got := storeChangeLog(t, db)
			want := []himitsu.ChangeEntry{
				{CarrierID: "minato-mobile", Actor: actor, Purpose: purpose, Tool: "himitsu import", Action: himitsu.ChangeReplace, Counts: firstCounts},
				{CarrierID: "minato-mobile", Actor: actor, Purpose: "test", Tool: "himitsu import", Action: himitsu.ChangeReplace, Counts: secondCounts},
			}
			if len(got) != len(want) {
				t.Fatalf("got %d change entries, want %d:\n%+v", len(got), len(want), got)
			}
			for i := range want {
				g := got[i]
				if i > 0 && (g.ID <= got[i-1].ID || g.At.Before(got[i-1].At)) {
					t.Errorf("entry %d: got ID %d at %v after ID %d at %v, want both increasing", i, g.ID, g.At, got[i-1].ID, got[i-1].At)
				}
				g.ID, g.At = 0, time.Time{}
				if !reflect.DeepEqual(g, want[i]) {
					t.Errorf("entry %d: got %+v, want %+v", i, g, want[i])
				}
			}

			// The command shows the same entries, and only them.
			r := himitsuCmd(t, nil, "log", "--db", db, "--kind", "changes", "--format", "json")
			if r.code != exitOK {
				t.Fatalf("log: got exit %d; stderr:\n%s", r.code, r.stderr)
			}
			var out map[string]json.RawMessage
			if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
				t.Fatal(err)
			}
			if _, ok := out["reads"]; ok {
				t.Errorf("log --kind changes: got a reads key, want none:\n%s", r.stdout)
			}
			var shown []himitsu.ChangeEntry
			if err := json.Unmarshal(out["changes"], &shown); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(shown, got) {
				t.Errorf("log --kind changes: got %+v, want %+v", shown, got)
			}
		})
	}
}

func TestQuickstartChangeLog(t *testing.T) {
	db := filepath.Join(t.TempDir(), "himitsu.db")
	must(t, himitsuCmd(t, nil, "quickstart", "--db", db, "--format", "json"))
	got := storeChangeLog(t, db)
	want := himitsu.ChangeEntry{CarrierID: "minato-mobile", Actor: testActor(t),
		Purpose: quickstartImportPurpose, Tool: "himitsu quickstart", Action: himitsu.ChangeReplace, Counts: bundleCounts(t, exampleDir(t))}
	if len(got) != 1 {
		t.Fatalf("got %d change entries, want 1: %+v", len(got), got)
	}
	got[0].ID, got[0].At = 0, time.Time{}
	if !reflect.DeepEqual(got[0], want) {
		t.Errorf("got %+v, want %+v", got[0], want)
	}
}

// TestLogCommand checks the sections and shapes of 'himitsu log' and that
// the columns of the change section line up by display width.
func TestLogCommand(t *testing.T) {
	db := filepath.Join(t.TempDir(), "h.db")
	const purpose = "月次取込"
	must(t, himitsuCmd(t, nil, "import", "--db", db, "--purpose", purpose, exampleDir(t)))
	must(t, himitsuCmd(t, nil, "export", "--db", db, "--purpose", "audit", filepath.Join(t.TempDir(), "out")))

	all := himitsuCmd(t, nil, "log", "--db", db)
	must(t, all)
	for _, want := range []string{"reads of carrier minato-mobile", "changes of carrier minato-mobile", "himitsu export", "access_events", "himitsu import", "replace", purpose} {
		if !strings.Contains(all.stdout, want) {
			t.Errorf("log: output lacks %q:\n%s", want, all.stdout)
		}
	}
	if strings.Index(all.stdout, "reads of carrier") > strings.Index(all.stdout, "changes of carrier") {
		t.Errorf("log: got changes before reads, want reads first:\n%s", all.stdout)
	}
	reads := himitsuCmd(t, nil, "log", "--db", db, "--kind", "reads")
	if !strings.Contains(reads.stdout, "reads of carrier") || strings.Contains(reads.stdout, "changes of carrier") {
		t.Errorf("log --kind reads: got\n%s\nwant the reads section only", reads.stdout)
	}
	changes := himitsuCmd(t, nil, "log", "--db", db, "--kind", "changes")
	if strings.Contains(changes.stdout, "reads of carrier") || !strings.Contains(changes.stdout, "changes of carrier") {
		t.Errorf("log --kind changes: got\n%s\nwant the changes section only", changes.stdout)
	}
	// The purpose column starts at the same display column in the heading
	// and in the row, although the purpose is Japanese.
	lines := strings.Split(strings.TrimSpace(changes.stdout), "\n")
	if len(lines) != 3 {
		t.Fatalf("log --kind changes: got %d lines, want a title, a heading and one row:\n%s", len(lines), changes.stdout)
	}
	col := func(line, s string) int { return textwidth.Width(line[:strings.Index(line, s)]) }
	if h, r := col(lines[1], "目的 PURPOSE"), col(lines[2], purpose); h != r {
		t.Errorf("purpose column: got heading at %d and value at %d, want the same:\n%s", h, r, changes.stdout)
	}
	if h, r := col(lines[1], "操作 ACTION"), col(lines[2], "replace"); h != r {
		t.Errorf("action column: got heading at %d and value at %d, want the same:\n%s", h, r, changes.stdout)
	}

	r := himitsuCmd(t, nil, "log", "--db", db, "--format", "json")
	var got struct {
		Carrier string                `json:"carrier"`
		Reads   []himitsu.ReadEntry   `json:"reads"`
		Changes []himitsu.ChangeEntry `json:"changes"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
		t.Fatalf("log --format json: %v\n%s", err, r.stdout)
	}
	if got.Carrier != "minato-mobile" || len(got.Reads) != 4 || len(got.Changes) != 1 || got.Changes[0].Purpose != purpose {
		t.Errorf("log --format json: got carrier %q, %d reads, changes %+v; want minato-mobile, 4 reads (the export's three and its case files) and the import", got.Carrier, len(got.Reads), got.Changes)
	}
	if r := himitsuCmd(t, nil, "log", "--db", db, "--kind", "writes"); r.code != exitUsage || !strings.Contains(r.stderr, "--kind") {
		t.Errorf("log --kind writes: got exit %d and\n%s\nwant a usage error about --kind", r.code, r.stderr)
	}
}

// TestLogOfEmptyChangeLog checks the wording when nothing was changed yet:
// the logs outlive a carrier, so one can be asked about by ID after it has
// gone, or before anything was imported into an empty database.
func TestLogOfEmptyChangeLog(t *testing.T) {
	db := filepath.Join(t.TempDir(), "h.db")
	must(t, himitsuCmd(t, nil, "migrate", "--db", db))
	r := himitsuCmd(t, nil, "log", "--db", db, "--carrier", "nobody")
	must(t, r)
	for _, want := range []string{"no recorded reads of carrier nobody", "no recorded changes of carrier nobody / 事業者 nobody の記録の変更はない"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("got\n%s\nwant it to contain %q", r.stdout, want)
		}
	}
	r = himitsuCmd(t, nil, "log", "--db", db, "--carrier", "nobody", "--format", "json")
	if want := "{\n  \"carrier\": \"nobody\",\n  \"reads\": [],\n  \"changes\": []\n}\n"; r.stdout != want {
		t.Errorf("got %q, want %q", r.stdout, want)
	}
}

// testActor is the actor the in-process commands record: the account of
// the user running the tests.
func testActor(t *testing.T) string {
	t.Helper()
	a, err := osActor(user.LookupId, user.Current, os.Getuid)
	if err != nil {
		t.Fatal(err)
	}
	return a
}
