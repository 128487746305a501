package auditlog

import (
	"fmt"
	"testing"

	"golang.org/x/mod/sumdb/tlog"
)

// TestRangeMatchesTlog checks the compact range against tlog's own
// StoredHashes and TreeHash for every size up to 300, so that the layout
// the verifier recomputes is the one tlog's proofs read.
func TestRangeMatchesTlog(t *testing.T) {
	var stored []Hash
	reader := tlog.HashReaderFunc(func(ix []int64) ([]Hash, error) {
		out := make([]Hash, len(ix))
		for i, x := range ix {
			out[i] = stored[x]
		}
		return out, nil
	})
	r := NewRange()
	for n := int64(0); n < 300; n++ {
		data := []byte(fmt.Sprintf("leaf %d", n))
		want, err := tlog.StoredHashes(n, data, reader)
		if err != nil {
			t.Fatal(err)
		}
		got := r.Append(data, nil)
		if len(got) != len(want) {
			t.Fatalf("leaf %d: got %d stored hashes, want %d", n, len(got), len(want))
		}
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("leaf %d: stored hash %d: got %v, want %v", n, i, got[i], want[i])
			}
		}
		if int64(len(stored)) != tlog.StoredHashIndex(0, n) {
			t.Fatalf("leaf %d: stored at %d, want %d", n, len(stored), tlog.StoredHashIndex(0, n))
		}
		stored = append(stored, got...)
		th, err := tlog.TreeHash(n+1, reader)
		if err != nil {
			t.Fatal(err)
		}
		if got := r.Root(); got != th {
			t.Fatalf("size %d: got root %v, want %v", n+1, got, th)
		}
		// A range rebuilt from the stored edge continues identically.
		edge, err := reader.ReadHashes(EdgeIndexes(n + 1))
		if err != nil {
			t.Fatal(err)
		}
		if got := RangeFrom(n+1, edge).Root(); got != th {
			t.Fatalf("size %d: range from edge: got root %v, want %v", n+1, got, th)
		}
	}
}
