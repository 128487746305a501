package sqlstore

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"maps"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"testing"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/storetest"
)

// postgresEnv names the variable holding a PostgreSQL DSN for the tests.
// When it is set, a failure to connect fails the tests (CI must not pass
// by skipping); when unset, PostgreSQL tests skip.
const postgresEnv = "HIMITSU_TEST_POSTGRES"

func openSQLite(t testing.TB) *Store {
	t.Helper()
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "himitsu.db"))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// openPostgres opens a store in a fresh schema of the database named by
// HIMITSU_TEST_POSTGRES, dropped at cleanup, so that tests never see each
// other's rows.
func openPostgres(t testing.TB) *Store {
	t.Helper()
	dsn := os.Getenv(postgresEnv)
	if dsn == "" {
		t.Skipf("%s is not set: skipping the PostgreSQL store tests", postgresEnv)
	}
	ctx := context.Background()
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatalf("%s: %v", postgresEnv, err)
	}
	t.Cleanup(func() { admin.Close() })
	var b [6]byte
	rand.Read(b[:])
	schema := "himitsu_test_" + hex.EncodeToString(b[:])
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("cannot create a test schema in %s: %v", postgresEnv, err)
	}
	t.Cleanup(func() {
		if _, err := admin.ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatalf("%s is not a URL: %v", postgresEnv, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	s, err := Open(ctx, u.String())
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

var engines = []struct {
	name string
	open func(testing.TB) *Store
}{
	{EngineSQLite, openSQLite},
	{EnginePostgres, openPostgres},
}

func TestConformance(t *testing.T) {
	for _, e := range engines {
		t.Run(e.name, func(t *testing.T) {
			e.open(t) // skip or fail early, once, when PostgreSQL is absent
			storetest.Run(t, func(t *testing.T) himitsu.Store { return e.open(t) })
		})
	}
}

func TestEngine(t *testing.T) {
	for _, e := range engines {
		t.Run(e.name, func(t *testing.T) {
			if got := e.open(t).Engine(); got != e.name {
				t.Errorf("got engine %q, want %q", got, e.name)
			}
		})
	}
}

// TestSchemaMatchesModel checks every table against the json fields of its
// Go type, names and column types both, so that the schema cannot drift
// from the model: a field added to a register needs a migration.
func TestSchemaMatchesModel(t *testing.T) {
	for _, e := range engines {
		t.Run(e.name, func(t *testing.T) {
			s := e.open(t)
			ctx := context.Background()
			tables := map[string]bool{"schema_migrations": true}
			for _, tb := range s.tables {
				tables[tb.name] = true
				want := map[string]string{}
				if tb.keyed {
					want["carrier_id"] = columnType(s.pg, kText)
				}
				for _, c := range tb.cols {
					want[c.name] = columnType(s.pg, c.kind)
				}
				got := s.columns(t, ctx, tb.name)
				for name, typ := range want {
					if g, ok := got[name]; !ok {
						t.Errorf("%s.%s: no such column, want %s", tb.name, name, typ)
					} else if g != typ {
						t.Errorf("%s.%s: got type %s, want %s", tb.name, name, g, typ)
					}
				}
				for name := range got {
					if _, ok := want[name]; !ok {
						t.Errorf("%s.%s: column has no field in %s", tb.name, name, tb.reg.Type)
					}
				}
				// A fact may be unknown, which is NULL; every other
				// column but dates, times and lists is NOT NULL.
				nullable := s.nullable(t, ctx, tb.name)
				for _, c := range tb.cols {
					switch c.kind {
					case kFact:
						if !nullable[c.name] {
							t.Errorf("%s.%s: a fact column is NOT NULL; unknown facts need NULL", tb.name, c.name)
						}
					case kText, kInt:
						if nullable[c.name] {
							t.Errorf("%s.%s: column is nullable, want NOT NULL", tb.name, c.name)
						}
					}
				}
			}
			// The read and change logs are the store's own tables, not
			// registers. sqlite_sequence is SQLite's own, made by its
			// AUTOINCREMENT.
			tables["read_log"], tables["change_log"], tables["sqlite_sequence"] = true, true, !s.pg
			// The audit log's tables (internal/auditlog, migration 0050);
			// read_log and change_log stay for databases that have rows
			// in them but are no longer written.
			for _, name := range []string{"audit_entries", "audit_checkpoints", "audit_keys", "audit_meta"} {
				tables[name] = true
			}
			for _, name := range serviceTables {
				tables[name] = true
			}
			wantLog := map[string]string{"id": columnType(s.pg, kInt), "carrier_id": columnType(s.pg, kText),
				"at": columnType(s.pg, kTime), "actor": columnType(s.pg, kText), "purpose": columnType(s.pg, kText),
				"tool": columnType(s.pg, kText), "what": columnType(s.pg, kText), "rows": columnType(s.pg, kInt)}
			if got := s.columns(t, ctx, "read_log"); !maps.Equal(got, wantLog) {
				t.Errorf("read_log: got columns %v, want %v", got, wantLog)
			}
			wantChanges := map[string]string{"id": columnType(s.pg, kInt), "carrier_id": columnType(s.pg, kText),
				"at": columnType(s.pg, kTime), "actor": columnType(s.pg, kText), "purpose": columnType(s.pg, kText),
				"tool": columnType(s.pg, kText), "action": columnType(s.pg, kText), "counts": columnType(s.pg, kJSON)}
			if got := s.columns(t, ctx, "change_log"); !maps.Equal(got, wantChanges) {
				t.Errorf("change_log: got columns %v, want %v", got, wantChanges)
			}
			tables["pseudonym_keys"] = true
			wantKeys := map[string]string{"carrier_id": columnType(s.pg, kText), "fingerprint": columnType(s.pg, kText), "at": columnType(s.pg, kTime)}
			if got := s.columns(t, ctx, "pseudonym_keys"); !maps.Equal(got, wantKeys) {
				t.Errorf("pseudonym_keys: got columns %v, want %v", got, wantKeys)
			}
			// Secrets every instance shares (migration 0210), hex.
			tables["shared_secrets"] = true
			wantSecrets := map[string]string{"name": columnType(s.pg, kText), "secret": columnType(s.pg, kText), "created_at": columnType(s.pg, kTime)}
			if got := s.columns(t, ctx, "shared_secrets"); !maps.Equal(got, wantSecrets) {
				t.Errorf("shared_secrets: got columns %v, want %v", got, wantSecrets)
			}
			for _, name := range s.tableNames(t, ctx) {
				if !tables[name] {
					t.Errorf("table %s: no register", name)
				}
			}
		})
	}
}

func columnType(pg bool, k kind) string {
	if pg {
		return [...]string{kText: "text", kInt: "bigint", kFact: "boolean", kDate: "date",
			kTime: "timestamp with time zone", kJSON: "jsonb"}[k]
	}
	return [...]string{kText: "TEXT", kInt: "INTEGER", kFact: "BOOLEAN", kDate: "TEXT", kTime: "TEXT", kJSON: "TEXT"}[k]
}

// columns returns the column names and declared types of a table.
func (s *Store) columns(t *testing.T, ctx context.Context, table string) map[string]string {
	t.Helper()
	q := `SELECT name, type FROM pragma_table_info($1)`
	if s.pg {
		q = `SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1`
	}
	rows, err := s.rdb.QueryContext(ctx, q, table)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var n, typ string
		if err := rows.Scan(&n, &typ); err != nil {
			t.Fatal(err)
		}
		out[n] = typ
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// nullable reports which columns of a table accept NULL.
func (s *Store) nullable(t *testing.T, ctx context.Context, table string) map[string]bool {
	t.Helper()
	q := `SELECT name, "notnull" = 0 FROM pragma_table_info($1)`
	if s.pg {
		q = `SELECT column_name, is_nullable = 'YES' FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1`
	}
	rows, err := s.rdb.QueryContext(ctx, q, table)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var n string
		var null bool
		if err := rows.Scan(&n, &null); err != nil {
			t.Fatal(err)
		}
		out[n] = null
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func (s *Store) tableNames(t *testing.T, ctx context.Context) []string {
	t.Helper()
	// SQLite's own tables (sqlite_stat1 and sqlite_stat4, written by the
	// ANALYZE after an import) are no registers.
	q := `SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\'`
	if s.pg {
		q = `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()`
	}
	rows, err := s.rdb.QueryContext(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		out = append(out, n)
	}
	return out
}

func TestMigrationFilesMatch(t *testing.T) {
	lite, err := migrationFiles(EngineSQLite)
	if err != nil {
		t.Fatal(err)
	}
	pg, err := migrationFiles(EnginePostgres)
	if err != nil {
		t.Fatal(err)
	}
	if len(lite) == 0 {
		t.Fatal("got no migrations, want at least one")
	}
	if !slices.Equal(lite, pg) {
		t.Errorf("got sqlite migrations %q and postgres %q, want the same names", lite, pg)
	}
}

func TestMigrate(t *testing.T) {
	for _, e := range engines {
		t.Run(e.name, func(t *testing.T) {
			s := e.open(t)
			ctx := context.Background()
			applied, err := s.Migrate(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(applied) != 0 {
				t.Errorf("second Migrate applied %q, want nothing", applied)
			}
			names, _ := migrationFiles(e.name)
			rows, err := s.rdb.QueryContext(ctx, `SELECT version FROM schema_migrations`)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			var got []string
			for rows.Next() {
				var v string
				rows.Scan(&v)
				got = append(got, v)
			}
			sort.Strings(got)
			if !slices.Equal(got, names) {
				t.Errorf("got recorded migrations %q, want %q", got, names)
			}
		})
	}
}

func TestOpenRejectsMemory(t *testing.T) {
	_, err := Open(context.Background(), ":memory:")
	if himitsu.ErrorKind(err) != himitsu.KindInvalid {
		t.Errorf("got %v, want a KindInvalid error", err)
	}
}

// TestReopen checks that a SQLite file keeps its carriers across Open.
func TestReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "h.db")
	ctx := context.Background()
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	rec, ev := storetest.Fixture("c1")
	if _, err := s.Replace(himitsu.WithAccessor(ctx, himitsu.Accessor{Actor: "sqlstore test", Purpose: "reopen check"}), rec, ev); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	got, err := s.Records(himitsu.WithAccessor(ctx, himitsu.Accessor{Actor: "sqlstore test", Purpose: "reopen check"}), "c1")
	if err != nil {
		t.Fatal(err)
	}
	if d := storetest.Diff(got, rec); d != "" {
		t.Error(d)
	}
}

// TestChangeNotMadeWhenItCannotBeRecorded checks the other half of "the
// entry is written inside the change's transaction": when the entry cannot
// be written, the change is rolled back too. The change log is dropped
// behind the store's back to make its INSERT fail: the audit log's
// entries table, which holds the change log, is renamed away and back.
func TestChangeNotMadeWhenItCannotBeRecorded(t *testing.T) {
	for _, e := range engines {
		t.Run(e.name, func(t *testing.T) {
			s := e.open(t)
			ctx := himitsu.WithAccessor(context.Background(), himitsu.Accessor{Actor: "sqlstore test", Purpose: "unrecorded change"})
			rec, ev := storetest.Fixture("a")
			if _, err := s.Replace(ctx, rec, ev); err != nil {
				t.Fatal(err)
			}
			before := storetest.Snapshot(t, s)
			if _, err := s.db.ExecContext(ctx, `ALTER TABLE audit_entries RENAME TO audit_entries_away`); err != nil {
				t.Fatal(err)
			}
			// A change of the carrier's name alone: the import is valid,
			// only its change entry cannot be written.
			small := *rec
			small.Carrier.Name = "改名後"
			if _, err := s.Replace(ctx, &small, &himitsu.EventSlices{}); himitsu.ErrorKind(err) != himitsu.KindInternal {
				t.Errorf("Replace: got %v, want KindInternal", err)
			}
			recB, evB := storetest.Fixture("b")
			if _, err := s.Replace(ctx, recB, evB); himitsu.ErrorKind(err) != himitsu.KindInternal {
				t.Errorf("Replace of a new carrier: got %v, want KindInternal", err)
			}
			if err := s.DeleteCarrier(ctx, "a"); himitsu.ErrorKind(err) != himitsu.KindInternal {
				t.Errorf("DeleteCarrier: got %v, want KindInternal", err)
			}
			if _, err := s.db.ExecContext(ctx, `ALTER TABLE audit_entries_away RENAME TO audit_entries`); err != nil {
				t.Fatal(err)
			}
			if d := storetest.Diff(storetest.Snapshot(t, s), before); d != "" {
				t.Errorf("store changed by changes that could not be recorded: %s", d)
			}
		})
	}
}

// TestFactMigrationKeepsFalse applies the migrations before 0030 to a
// SQLite file, stores false facts as the old schema did, and checks that
// migration 0030 keeps them false (not unknown) and lets a fact be NULL.
func TestFactMigrationKeepsFalse(t *testing.T) {
	ctx := context.Background()
	file := filepath.Join(t.TempDir(), "old.db")
	db, err := sql.Open("sqlite", file)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, `CREATE TABLE schema_migrations (version TEXT NOT NULL PRIMARY KEY, applied_at TEXT NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	names, err := migrationFiles("sqlite")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range names {
		if name >= "0030" {
			break
		}
		body, err := migrationFS.ReadFile("migrations/sqlite/" + name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.ExecContext(ctx, string(body)); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if _, err := db.ExecContext(ctx, `INSERT INTO schema_migrations VALUES ($1, '2026-01-01T00:00:00Z')`, name); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.ExecContext(ctx, `INSERT INTO carriers (id, name, name_en, registration, registration_number, head_office_bureau, designated_specified_user_info, subscribers)
		VALUES ('c1', 'テスト通信', '', 'registered', '', 'kanto', false, 0)`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, `INSERT INTO organisations (carrier_id, id, name, kind, parent, handles_secrecy, reentrustment_approved, confidentiality_clause)
		VALUES ('c1', 'o1', 'テスト通信', 'carrier', '', true, false, false)`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if err := os.Chmod(file, 0o600); err != nil {
		t.Fatal(err)
	}

	s, err := Open(ctx, file)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var designated, handles, clause sql.NullBool
	if err := s.db.QueryRowContext(ctx, `SELECT designated_specified_user_info FROM carriers WHERE id = 'c1'`).Scan(&designated); err != nil {
		t.Fatal(err)
	}
	if err := s.db.QueryRowContext(ctx, `SELECT handles_secrecy, confidentiality_clause FROM organisations WHERE carrier_id = 'c1' AND id = 'o1'`).Scan(&handles, &clause); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name      string
		got, want sql.NullBool
	}{
		{"designated_specified_user_info", designated, sql.NullBool{Valid: true}},
		{"handles_secrecy", handles, sql.NullBool{Bool: true, Valid: true}},
		{"confidentiality_clause", clause, sql.NullBool{Valid: true}},
	} {
		if c.got != c.want {
			t.Errorf("%s: got %+v, want %+v", c.name, c.got, c.want)
		}
	}
	if _, err := s.db.ExecContext(ctx, `UPDATE organisations SET confidentiality_clause = NULL WHERE id = 'o1'`); err != nil {
		t.Errorf("a fact column refuses NULL after the migration: %v", err)
	}
}
