package auditlog_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/himitsu-oss/himitsu/internal/auditlog"
	tlogfmt "github.com/transparency-dev/formats/log"
	"github.com/transparency-dev/merkle/compact"
	"github.com/transparency-dev/merkle/proof"
	"github.com/transparency-dev/merkle/rfc6962"
	"golang.org/x/mod/sumdb/note"
)

// TestIndependentVerifier checks an export with a second implementation:
// transparency-dev/merkle recomputes every checkpoint's root from
// entries.jsonl, transparency-dev/formats parses and verifies each
// checkpoint, and merkle's proof package checks himitsu's inclusion and
// consistency proofs.
func TestIndependentVerifier(t *testing.T) {
	e := engines(t)[0]
	ctx := context.Background()
	l := e.open(t).Audit()
	k := key(t, t.TempDir())
	cps := fill(t, l, k, 37)
	dir := filepath.Join(t.TempDir(), "export")
	if _, err := l.Export(ctx, dir); err != nil {
		t.Fatal(err)
	}

	var m struct {
		Origin string `json:"origin"`
	}
	b, err := os.ReadFile(filepath.Join(dir, auditlog.ExportManifest))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	verifier, err := note.NewVerifier(k.VKey)
	if err != nil {
		t.Fatal(err)
	}
	roots := map[uint64][]byte{}
	f, err := os.Open(filepath.Join(dir, auditlog.ExportCheckpoints))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	dec := json.NewDecoder(f)
	for dec.More() {
		var c struct {
			TreeSize int64  `json:"tree_size"`
			Note     string `json:"note"`
		}
		if err := dec.Decode(&c); err != nil {
			t.Fatal(err)
		}
		cp, _, _, err := tlogfmt.ParseCheckpoint([]byte(c.Note), m.Origin, verifier)
		if err != nil {
			t.Fatalf("checkpoint %d: %v", c.TreeSize, err)
		}
		if int64(cp.Size) != c.TreeSize {
			t.Fatalf("got size %d, want %d", cp.Size, c.TreeSize)
		}
		roots[cp.Size] = cp.Hash
	}
	if len(roots) != len(cps) {
		t.Fatalf("got %d checkpoints, want %d", len(roots), len(cps))
	}

	rf := compact.RangeFactory{Hash: rfc6962.DefaultHasher.HashChildren}
	r := rf.NewEmptyRange(0)
	ef, err := os.Open(filepath.Join(dir, auditlog.ExportEntries))
	if err != nil {
		t.Fatal(err)
	}
	defer ef.Close()
	sc := bufio.NewScanner(ef)
	var leaves [][]byte
	matched := 0
	for sc.Scan() {
		h := rfc6962.DefaultHasher.HashLeaf(sc.Bytes())
		leaves = append(leaves, h)
		if err := r.Append(h, nil); err != nil {
			t.Fatal(err)
		}
		if want, ok := roots[r.End()]; ok {
			got, err := r.GetRootHash(nil)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != string(want) {
				t.Fatalf("size %d: merkle computes root %x, the checkpoint says %x", r.End(), got, want)
			}
			matched++
		}
	}
	if matched != len(roots) {
		t.Fatalf("matched %d checkpoints, want %d", matched, len(roots))
	}

	for _, cp := range cps {
		for n := int64(0); n < cp.Size; n++ {
			p, err := l.ProveInclusion(ctx, n, cp.Size)
			if err != nil {
				t.Fatal(err)
			}
			if err := proof.VerifyInclusion(rfc6962.DefaultHasher, uint64(n), uint64(cp.Size), leaves[n], hashes(p.Proof), roots[uint64(cp.Size)]); err != nil {
				t.Fatalf("merkle rejects inclusion of %d in %d: %v", n, cp.Size, err)
			}
		}
		for _, to := range cps {
			if to.Size <= cp.Size {
				continue
			}
			p, err := l.ProveConsistency(ctx, cp.Size, to.Size)
			if err != nil {
				t.Fatal(err)
			}
			if err := proof.VerifyConsistency(rfc6962.DefaultHasher, uint64(cp.Size), uint64(to.Size), hashes(p.Proof),
				roots[uint64(cp.Size)], roots[uint64(to.Size)]); err != nil {
				t.Fatalf("merkle rejects consistency %d→%d: %v", cp.Size, to.Size, err)
			}
		}
	}
}

func hashes[H ~[32]byte](hs []H) [][]byte {
	out := make([][]byte, len(hs))
	for i := range hs {
		out[i] = hs[i][:]
	}
	return out
}

// TestRotationKeepsOldCheckpoints rotates the signing key: checkpoints
// signed before stay valid under the old public key, the new key signs
// from the rotation on, the old key is refused afterwards, and the
// rotation itself is an entry.
func TestRotationKeepsOldCheckpoints(t *testing.T) {
	for _, e := range engines(t) {
		t.Run(e.name, func(t *testing.T) {
			ctx := context.Background()
			l := e.open(t).Audit()
			dir := t.TempDir()
			old := key(t, dir)
			fill(t, l, old, 5)
			next, err := auditlog.NewKey(filepath.Join(dir, "next.key"), "himitsu.test/audit")
			if err != nil {
				t.Fatal(err)
			}
			cp, err := l.RotateKey(ctx, old, next, "admin", "yearly key rotation")
			if err != nil {
				t.Fatal(err)
			}
			if cp.Size != 6 {
				t.Errorf("got rotation checkpoint of size %d, want 6", cp.Size)
			}
			if err := l.Append(ctx, entry(6)); err != nil {
				t.Fatal(err)
			}
			if _, err := l.Checkpoint(ctx, old); err == nil {
				t.Errorf("checkpoint with the retired key: got no error")
			}
			if _, err := l.Checkpoint(ctx, next); err != nil {
				t.Fatal(err)
			}
			mustVerify(t, l, 7)
			ks, err := l.Keys(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(ks) != 2 || ks[0].VKey != old.VKey || ks[0].UntilSize == nil || *ks[0].UntilSize != 6 || ks[1].SinceSize != 6 {
				t.Errorf("got keys %+v, want the old one valid until 6 and the new one from 6", ks)
			}
			// An auditor who pins only the new key cannot vouch for the
			// checkpoints before it; pinning both passes.
			if rep, err := l.Verify(ctx, []string{next.VKey}); err != nil || rep.OK() {
				t.Errorf("verify pinning only the new key: got %+v, %v, want the old checkpoints refused", rep, err)
			}
			if rep, err := l.Verify(ctx, []string{old.VKey, next.VKey}); err != nil || !rep.OK() {
				t.Errorf("verify pinning both keys: got %+v, %v", rep, err)
			}
		})
	}
}

// TestKeyFile checks that the key file is created readable by its owner
// only, that a file others can read is refused, and that no message
// quotes the private key.
func TestKeyFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "keys", "audit.key")
	_, created, err := auditlog.LoadKey(path, "himitsu.test/audit")
	if err != nil || !created {
		t.Fatalf("got created %v, %v, want a new key", created, err)
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o600 {
		t.Errorf("got mode %v, want 0600", info.Mode().Perm())
	}
	if _, created, err := auditlog.LoadKey(path, ""); err != nil || created {
		t.Errorf("reload: got created %v, %v", created, err)
	}
	secret, _ := os.ReadFile(path)
	os.Chmod(path, 0o644)
	_, _, err = auditlog.LoadKey(path, "")
	if err == nil {
		t.Fatal("a key file others can read: got no error")
	}
	if want := "chmod 600"; !contains(err.Error(), want) {
		t.Errorf("got %v, want it to say %q", err, want)
	}
	os.WriteFile(path, []byte("PRIVATE+KEY+x+00000000+garbage\n"), 0o600)
	if _, _, err := auditlog.LoadKey(path, ""); err == nil || contains(err.Error(), "garbage") || contains(err.Error(), string(secret)) {
		t.Errorf("malformed key: got %v, want an error that quotes nothing of the file", err)
	}
}

func contains(s, sub string) bool { return sub != "" && strings.Contains(s, sub) }

// TestConcurrentAppenders appends from several stores at once, each with
// its own connections (as separate processes would have), in batched and
// synchronous mode: every entry is there exactly once, the indexes are
// 0…n-1 without gap, times never decrease with the index, and verify
// passes.
func TestConcurrentAppenders(t *testing.T) {
	const writers, each = 4, 40
	for _, e := range engines(t) {
		t.Run(e.name, func(t *testing.T) {
			ctx := context.Background()
			var wg sync.WaitGroup
			errs := make(chan error, writers)
			for w := range writers {
				st := e.open(t, auditlog.Options{Sync: w%2 == 0})
				wg.Add(1)
				go func() {
					defer wg.Done()
					for i := range each {
						en := entry(0)
						en.Purpose = fmt.Sprintf("writer %d entry %d", w, i)
						if err := st.Audit().Append(ctx, en); err != nil {
							errs <- err
							return
						}
					}
				}()
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Fatal(err)
			}
			l := e.open(t).Audit()
			if _, err := l.Checkpoint(ctx, key(t, t.TempDir())); err != nil {
				t.Fatal(err)
			}
			mustVerify(t, l, writers*each)
			rows, err := e.raw.Query(`SELECT idx, data FROM audit_entries ORDER BY idx`)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			seen := map[string]bool{}
			var last string
			var want int64
			for rows.Next() {
				var idx int64
				var data string
				rows.Scan(&idx, &data)
				var en auditlog.Entry
				json.Unmarshal([]byte(data), &en)
				if idx != want || seen[en.Purpose] {
					t.Fatalf("got index %d (%q), want %d and no duplicate", idx, en.Purpose, want)
				}
				seen[en.Purpose] = true
				if at := en.At.Format("2006-01-02T15:04:05.000000"); at < last {
					t.Errorf("entry %d at %s before its predecessor's %s", idx, at, last)
				} else {
					last = at
				}
				want++
			}
			if len(seen) != writers*each {
				t.Errorf("got %d distinct entries, want %d", len(seen), writers*each)
			}
		})
	}
}
