package sqlstore

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/seal"
	"github.com/himitsu-oss/himitsu/internal/storetest"
)

const (
	testKeyA = "3f1c9a0b7e2d4c5a6b8f90e1d2c3b4a5968778695a4b3c2d1e0f1a2b3c4d5e6f"
	testKeyB = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f91"
)

func keyring(t testing.TB, lines string) *seal.Keyring {
	t.Helper()
	k, err := seal.Parse([]byte(lines))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// rawTexts returns the complaint texts as the database holds them.
func rawTexts(t *testing.T, s *Store) []string {
	t.Helper()
	rows, err := s.db.Query(`SELECT "text" FROM complaints WHERE "text" <> '' ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		rows.Scan(&v)
		out = append(out, v)
	}
	return out
}

// TestComplaintTextSealedAtRest writes complaint texts through an import
// and through the record service, then reads the raw rows (and, on
// SQLite, every byte of the database files) and finds no plaintext; the
// texts still read back through the store, after a key rotation and after
// re-sealing under the new key alone.
func TestComplaintTextSealedAtRest(t *testing.T) {
	const secret = "元交際相手が私の通話相手を全部知っていました"
	for _, e := range engines {
		t.Run(e.name, func(t *testing.T) {
			var s *Store
			var dir string
			if e.name == EngineSQLite {
				dir = t.TempDir()
				var err error
				s, err = Open(context.Background(), filepath.Join(dir, "himitsu.db"))
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { s.Close() })
			} else {
				s = e.open(t)
			}
			s.UseTextKeys(keyring(t, "k1 "+testKeyA))
			ctx := readerCtx()
			rec, ev := storetest.Fixture("c1")
			fixtureText := rec.Complaints[0].Text
			if _, err := s.ReplaceWith(ctx, rec, ev, ReplaceOptions{}); err != nil {
				t.Fatal(err)
			}
			c := himitsu.Complaint{ID: "cp-sealed", ReceivedAt: time.Date(2025, 6, 1, 1, 0, 0, 0, time.UTC),
				Channel: "web", Category: "privacy", Text: secret}
			st, err := s.Complaints().Create(ctx, "c1", c)
			if err != nil {
				t.Fatal(err)
			}
			c.Text = secret + "（追記）"
			if _, err := s.Complaints().Update(ctx, "c1", c, st.Version); err != nil {
				t.Fatal(err)
			}
			raw := rawTexts(t, s)
			if len(raw) != 2 {
				t.Fatalf("got %d stored texts, want 2", len(raw))
			}
			for _, v := range raw {
				if seal.KeyID(v) != "k1" || strings.Contains(v, "通話") || strings.Contains(v, "交際") {
					t.Errorf("stored text %.40q is not sealed under k1", v)
				}
			}
			if dir != "" {
				s.Close()
				files, _ := filepath.Glob(filepath.Join(dir, "himitsu.db*"))
				for _, f := range files {
					b, _ := os.ReadFile(f)
					for _, plain := range []string{secret, fixtureText, "元交際相手", "同封されていました"} {
						if bytes.Contains(b, []byte(plain)) {
							t.Errorf("%s holds the plaintext %q", filepath.Base(f), plain)
						}
					}
				}
				s, err = Open(context.Background(), filepath.Join(dir, "himitsu.db"))
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { s.Close() })
			}
			read := func(what string) {
				t.Helper()
				got, err := s.Complaints().Get(ctx, "c1", "cp-sealed")
				if err != nil || got.Record.Text != secret+"（追記）" {
					t.Fatalf("%s: got %q, %v", what, got.Record.Text, err)
				}
				snap, err := s.Records(ctx, "c1")
				if err != nil || snap.Complaints[0].Text != fixtureText {
					t.Fatalf("%s: Records gave %v", what, err)
				}
			}
			// Without keys the sealed texts are refused, not shown as ciphertext.
			s.UseTextKeys(nil)
			if _, err := s.Complaints().Get(ctx, "c1", "cp-sealed"); himitsu.ErrorKind(err) != himitsu.KindPermission {
				t.Fatalf("read without keys: %v, want a permission error", err)
			}
			// Rotation: k2 seals, k1 still opens; reseal moves every text to k2.
			s.UseTextKeys(keyring(t, "k2 "+testKeyB+"\nk1 "+testKeyA))
			read("after rotation")
			n, err := s.ResealTexts(ctx)
			if err != nil || n != 2 {
				t.Fatalf("ResealTexts: %d, %v; want 2", n, err)
			}
			for _, v := range rawTexts(t, s) {
				if seal.KeyID(v) != "k2" {
					t.Errorf("after reseal a text is under %q", seal.KeyID(v))
				}
			}
			s.UseTextKeys(keyring(t, "k2 "+testKeyB))
			read("with k1 retired")
			if n, _ := s.ResealTexts(ctx); n != 0 {
				t.Errorf("a second reseal rewrote %d texts", n)
			}
			// A sealed text moved to another row does not open.
			if _, err := s.db.Exec(`UPDATE complaints SET "text" = (SELECT "text" FROM complaints WHERE id = 'cp-sealed') WHERE id = $1`, rec.Complaints[0].ID); err != nil {
				t.Fatal(err)
			}
			if _, err := s.Complaints().Get(ctx, "c1", rec.Complaints[0].ID); err == nil {
				t.Error("a text copied from another complaint opened")
			}
		})
	}
}

// TestPlainTextsWithoutKeys: a store without keys keeps texts readable
// (older deployments), reseal then encrypts them, and a plain text that
// looks sealed is refused rather than stored ambiguously.
func TestPlainTextsWithoutKeys(t *testing.T) {
	s := openSQLite(t)
	ctx := readerCtx()
	rec, ev := storetest.Fixture("c1")
	if _, err := s.ReplaceWith(ctx, rec, ev, ReplaceOptions{}); err != nil {
		t.Fatal(err)
	}
	if raw := rawTexts(t, s); len(raw) != 1 || seal.IsSealed(raw[0]) {
		t.Fatalf("without keys got %q, want the plain text", raw)
	}
	c := himitsu.Complaint{ID: "cp-x", ReceivedAt: time.Date(2025, 6, 1, 1, 0, 0, 0, time.UTC), Channel: "web", Category: "privacy", Text: "hxt1:k1:abc"}
	if _, err := s.Complaints().Create(ctx, "c1", c); himitsu.ErrorKind(err) != himitsu.KindInvalid {
		t.Errorf("plain text that looks sealed: %v, want refused", err)
	}
	s.UseTextKeys(keyring(t, "k1 "+testKeyA))
	if n, err := s.ResealTexts(ctx); err != nil || n != 1 {
		t.Fatalf("reseal of plain texts: %d, %v", n, err)
	}
	if raw := rawTexts(t, s); seal.KeyID(raw[0]) != "k1" {
		t.Errorf("after reseal got %.20q", raw[0])
	}
}
