package auditlog_test

import (
	"context"
	"testing"

	"github.com/himitsu-oss/himitsu/internal/auditlog"
	"golang.org/x/mod/sumdb/tlog"
)

// TestProofsOverKeptUpperLevels proves entries of a log large enough to
// have stored hashes above the level kept in memory (2,000 entries: levels
// up to 10), in two checkpoints, each entry twice (the second time from
// the kept hashes), and checks every proof with tlog against the
// checkpoint's root independently of ProveInclusion's own check.
func TestProofsOverKeptUpperLevels(t *testing.T) {
	for _, e := range engines(t) {
		t.Run(e.name, func(t *testing.T) {
			ctx := context.Background()
			l := e.open(t, auditlog.Options{Sync: true}).Audit()
			k := key(t, t.TempDir())
			var roots []*auditlog.Checkpoint
			for _, size := range []int{1500, 2000} {
				for n, _ := l.Size(ctx); n < int64(size); n += 250 {
					es := make([]*auditlog.Entry, 250)
					for i := range es {
						es[i] = entry(int(n) + i)
					}
					if err := l.Append(ctx, es...); err != nil {
						t.Fatal(err)
					}
				}
				cp, err := l.Checkpoint(ctx, k)
				if err != nil {
					t.Fatal(err)
				}
				roots = append(roots, cp)
			}
			for round := range 2 {
				for _, cp := range roots {
					for n := int64(round); n < cp.Size; n += 37 {
						p, err := l.ProveInclusion(ctx, n, cp.Size)
						if err != nil {
							t.Fatalf("round %d: inclusion of %d in %d: %v", round, n, cp.Size, err)
						}
						if err := tlog.CheckRecord(p.Proof, cp.Size, cp.Root, n, auditlog.LeafHash([]byte(p.Data))); err != nil {
							t.Fatalf("round %d: proof of %d in %d does not check: %v", round, n, cp.Size, err)
						}
					}
				}
			}
		})
	}
}
