package main

import (
	"database/sql"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAuditCommands runs the audit commands end to end on each database:
// a checkpoint after the example's import and reads, verify, a proof, an
// export verified with the public key pinned, a key rotation after which
// old and new checkpoints verify, and a changed row that verify names.
func TestAuditCommands(t *testing.T) {
	for name, newDB := range databases(t) {
		t.Run(name, func(t *testing.T) {
			db := newDB(t)
			dir := t.TempDir()
			vars := map[string]string{"HIMITSU_AUDIT_KEY_FILE": filepath.Join(dir, "keys", "audit.key")}
			must(t, himitsuCmd(t, nil, "quickstart", "--db", db, "--format", "json"))
			r := himitsuCmd(t, vars, "audit", "checkpoint", "--db", db, "--origin", "himitsu.test/cmd")
			must(t, r)
			if !strings.HasPrefix(r.stdout, "himitsu.test/cmd\n4\n") || !strings.Contains(r.stderr, "public key") {
				t.Fatalf("checkpoint: got stdout %q stderr %q, want a note of size 4 and the new public key", r.stdout, r.stderr)
			}
			secret, err := os.ReadFile(vars["HIMITSU_AUDIT_KEY_FILE"])
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(r.stdout+r.stderr, strings.TrimSpace(string(secret))) {
				t.Fatal("the private key was printed")
			}
			vkey := strings.TrimSpace(r.stderr[strings.LastIndex(r.stderr, " ")+1:])
			r = himitsuCmd(t, nil, "audit", "verify", "--db", db, "--trusted-key", vkey)
			must(t, r)
			if !strings.Contains(r.stdout, "OK:") {
				t.Errorf("verify: got %q, want OK", r.stdout)
			}
			r = himitsuCmd(t, nil, "audit", "prove", "--db", db, "--entry", "2", "--format", "json")
			must(t, r)
			var p struct {
				Index    int64 `json:"index"`
				TreeSize int64 `json:"tree_size"`
			}
			if err := json.Unmarshal([]byte(r.stdout), &p); err != nil || p.Index != 2 || p.TreeSize != 4 {
				t.Errorf("prove: got %+v (%v), want entry 2 in size 4", p, err)
			}
			ex := filepath.Join(dir, "export")
			must(t, himitsuCmd(t, vars, "audit", "export", "--db", db, ex))
			must(t, himitsuCmd(t, nil, "audit", "verify", "--export", ex, "--trusted-key", vkey))

			must(t, himitsuCmd(t, vars, "audit", "rotate-key", "--db", db, "--purpose", "yearly rotation"))
			// A read after the rotation grows the log past the checkpoint
			// both keys signed.
			must(t, himitsuCmd(t, nil, "assess", "--db", db, "--purpose", "audit test read", "--format", "json"))
			must(t, himitsuCmd(t, vars, "audit", "checkpoint", "--db", db))
			must(t, himitsuCmd(t, nil, "audit", "verify", "--db", db))
			must(t, himitsuCmd(t, nil, "audit", "prove", "--db", db, "--from", "4", "--to", "5"))
			if r := himitsuCmd(t, nil, "audit", "verify", "--db", db, "--trusted-key", vkey); r.code != exitFail {
				t.Errorf("verify pinning only the retired key: got exit %d, want %d", r.code, exitFail)
			}

			raw, err := sql.Open(driverOf(db), db)
			if err != nil {
				t.Fatal(err)
			}
			defer raw.Close()
			if _, err := raw.Exec(`UPDATE audit_entries SET data = replace(data, '"purpose":"', '"purpose":"curiosity, not ') WHERE idx = 1`); err != nil {
				t.Fatal(err)
			}
			r = himitsuCmd(t, nil, "audit", "verify", "--db", db, "--format", "json")
			if r.code != exitFail || !strings.Contains(r.stdout, `"entry": 1`) || !strings.Contains(r.stdout, `"what": "changed"`) {
				t.Errorf("verify after a change: got exit %d, %s, want exit 1 naming entry 1 as changed", r.code, r.stdout)
			}
			if r := himitsuCmd(t, map[string]string{"HIMITSU_LANG": "ja"}, "audit", "verify", "--db", db); !strings.Contains(r.stderr, "記録 1 が改変されている") {
				t.Errorf("verify in Japanese: got %q", r.stderr)
			}
		})
	}
}

func driverOf(dsn string) string {
	if strings.HasPrefix(dsn, "postgres") {
		return "pgx"
	}
	return "sqlite"
}

func TestAuditUsage(t *testing.T) {
	for _, c := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no subcommand", []string{"audit"}, exitUsage, "checkpoint|verify"},
		{"unknown", []string{"audit", "peek"}, exitUsage, `unknown subcommand "peek"`},
		{"help", []string{"audit", "verify", "-h"}, exitOK, "改変、削除又は並べ替えられた最初の記録"},
		{"prove both", []string{"audit", "prove", "--entry", "1", "--from", "1", "--to", "2"}, exitUsage, "either --entry"},
		{"rotate without purpose", []string{"audit", "rotate-key", "--key", "x"}, exitUsage, "purpose"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := himitsuCmd(t, nil, c.args...)
			if r.code != c.code || !strings.Contains(r.stdout+r.stderr, c.want) {
				t.Errorf("got exit %d, %q, want %d and %q", r.code, r.stderr, c.code, c.want)
			}
		})
	}
}

// TestAuditMigrateLegacy: a row left in the old read_log of a database
// from before the audit log moves into the log once ('himitsu migrate'
// and 'himitsu audit migrate-legacy' alike), 'himitsu log' shows it with
// its original time, and verify passes over it.
func TestAuditMigrateLegacy(t *testing.T) {
	for name, newDB := range databases(t) {
		t.Run(name, func(t *testing.T) {
			db := newDB(t)
			vars := map[string]string{"HIMITSU_AUDIT_KEY_FILE": filepath.Join(t.TempDir(), "audit.key")}
			must(t, himitsuCmd(t, nil, "quickstart", "--db", db, "--format", "json"))
			must(t, himitsuCmd(t, vars, "audit", "checkpoint", "--db", db))
			raw, err := sql.Open(driverOf(db), db)
			if err != nil {
				t.Fatal(err)
			}
			defer raw.Close()
			at := any("2024-04-01T09:30:00.000000Z")
			if name == "postgres" {
				at = "2024-04-01T09:30:00Z"
			}
			var carrier string
			if err := raw.QueryRow(`SELECT id FROM carriers LIMIT 1`).Scan(&carrier); err != nil {
				t.Fatal(err)
			}
			if _, err := raw.Exec(`INSERT INTO read_log (carrier_id, at, actor, purpose, tool, what, "rows") VALUES ($1, $2, 'legacy-reader', 'old audit', 'himitsu 0.1', 'records', 7)`, carrier, at); err != nil {
				t.Fatal(err)
			}
			r := himitsuCmd(t, nil, "migrate", "--db", db)
			must(t, r)
			if !strings.Contains(r.stdout, "moved 1 reads and 0 changes") {
				t.Errorf("migrate: got %q, want the move reported", r.stdout)
			}
			r = himitsuCmd(t, nil, "audit", "migrate-legacy", "--db", db)
			must(t, r)
			if !strings.Contains(r.stdout, "earlier") {
				t.Errorf("second move: got %q, want it to say the move was done earlier", r.stdout)
			}
			r = himitsuCmd(t, nil, "log", "--db", db, "--carrier", carrier, "--format", "json")
			must(t, r)
			if !strings.Contains(r.stdout, "legacy-reader") || !strings.Contains(r.stdout, "2024-04-01T09:30:00") {
				t.Errorf("log: the moved read with its original time is missing:\n%s", r.stdout)
			}
			must(t, himitsuCmd(t, vars, "audit", "checkpoint", "--db", db))
			must(t, himitsuCmd(t, nil, "audit", "verify", "--db", db))
		})
	}
}
