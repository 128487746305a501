package main

import (
	"context"
	"encoding/json"
	"errors"
	"os/user"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/bundle"
	"github.com/himitsu-oss/himitsu/internal/sqlstore"
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
	actor := osActor(user.Current, func(string) string { return "" })
	for name, newDB := range databases(t) {
		t.Run(name, func(t *testing.T) {
			db := newDB(t)
			must(t, himitsuCmd(t, nil, "import", "--db", db, dir))
			if got := storeReadLog(t, db); len(got) != 0 {
				t.Fatalf("got %d entries after import, want 0: %+v", len(got), got)
			}
			const purpose = "annual audit / 年次監査"
			must(t, himitsuCmd(t, nil, "export", "--db", db, "--purpose", purpose, filepath.Join(t.TempDir(), "out")))
			must(t, himitsuCmd(t, nil, "assess", "--db", db, "--as-of", exampleAsOf, "--format", "json"))
			entry := func(purpose, tool, what string, rows int) himitsu.ReadEntry {
				return himitsu.ReadEntry{CarrierID: "minato-mobile", Actor: actor, Purpose: purpose, Tool: tool, What: what, Rows: rows}
			}
			checkReadLog(t, storeReadLog(t, db), []himitsu.ReadEntry{
				entry(purpose, "himitsu export", himitsu.ReadRecords, records),
				entry(purpose, "himitsu export", himitsu.ReadAccessEvents, access),
				entry(purpose, "himitsu export", himitsu.ReadEntryLogs, entries),
				entry("assessment", "himitsu assess", himitsu.ReadRecords, records),
				entry("assessment", "himitsu assess", himitsu.ReadAccessEvents, access),
				entry("assessment", "himitsu assess", himitsu.ReadEntryLogs, entries),
			})
		})
	}
}

// TestReadWithoutPurposeRefused checks that a blank or malformed purpose is
// a usage error, and that nothing is read, so nothing is recorded.
func TestReadWithoutPurposeRefused(t *testing.T) {
	db := filepath.Join(t.TempDir(), "himitsu.db")
	must(t, himitsuCmd(t, nil, "import", "--db", db, exampleDir(t)))
	for _, args := range [][]string{
		{"export", "--db", db, "--purpose", " ", filepath.Join(t.TempDir(), "out")},
		{"assess", "--db", db, "--purpose", "", "--as-of", exampleAsOf},
		{"assess", "--db", db, "--purpose", "audit\nforged line", "--as-of", exampleAsOf},
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
	actor := osActor(user.Current, func(string) string { return "" })
	e := himitsu.ReadEntry{CarrierID: "minato-mobile", Actor: actor, Purpose: "assessment", Tool: "himitsu quickstart"}
	want := []himitsu.ReadEntry{e, e, e}
	want[0].What, want[0].Rows = himitsu.ReadRecords, records
	want[1].What, want[1].Rows = himitsu.ReadAccessEvents, access
	want[2].What, want[2].Rows = himitsu.ReadEntryLogs, entries
	checkReadLog(t, storeReadLog(t, db), want)
}

func TestOSActor(t *testing.T) {
	noUser := func() (*user.User, error) { return nil, errors.New("no passwd entry") }
	tests := []struct {
		name    string
		current func() (*user.User, error)
		env     map[string]string
		want    string
	}{
		{"account name", func() (*user.User, error) { return &user.User{Username: "hanako"}, nil }, map[string]string{"USER": "other"}, "hanako"},
		{"no account: $USER", noUser, map[string]string{"USER": "taro"}, "taro"},
		{"empty account name: $USER", func() (*user.User, error) { return &user.User{}, nil }, map[string]string{"USER": "taro"}, "taro"},
		{"neither", noUser, nil, "unknown"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := osActor(tt.current, func(k string) string { return tt.env[k] }); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestReadLogCommand(t *testing.T) {
	db := filepath.Join(t.TempDir(), "h.db")
	must(t, himitsuCmd(t, nil, "import", "--db", db, exampleDir(t)))
	r := himitsuCmd(t, nil, "readlog", "--db", db)
	if r.code != exitOK || !strings.Contains(r.stdout, "no recorded reads") {
		t.Fatalf("before any read: got exit %d and\n%s%s", r.code, r.stdout, r.stderr)
	}
	must(t, himitsuCmd(t, nil, "export", "--db", db, "--purpose", "audit by the internal auditor", filepath.Join(t.TempDir(), "out")))
	r = himitsuCmd(t, nil, "readlog", "--db", db, "--format", "json")
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
	if got.Carrier != "minato-mobile" || len(got.Reads) != 3 {
		t.Fatalf("got carrier %q and %d reads, want minato-mobile and 3 (records, access events, entry logs)", got.Carrier, len(got.Reads))
	}
	for _, e := range got.Reads {
		if e.Purpose != "audit by the internal auditor" || e.Tool != "himitsu export" {
			t.Errorf("got read %+v, want the export's purpose and tool", e)
		}
	}
	text := himitsuCmd(t, nil, "readlog", "--db", db)
	if !strings.Contains(text.stdout, "audit by the internal auditor") || !strings.Contains(text.stdout, "access_events") {
		t.Errorf("text listing lacks the read:\n%s", text.stdout)
	}
}
