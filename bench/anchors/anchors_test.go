package anchors

import (
	"context"
	"crypto/rand"
	"database/sql"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/himitsu-oss/himitsu/internal/auditlog"
	"github.com/himitsu-oss/himitsu/internal/sqlstore"
	"github.com/transparency-dev/merkle/compact"
	"github.com/transparency-dev/merkle/proof"
	"github.com/transparency-dev/merkle/rfc6962"
	"github.com/transparency-dev/tessera"
	"github.com/transparency-dev/tessera/storage/posix"
	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
	"k8s.io/klog/v2"
)

// recordSize is the size of a leaf: a typical read or change entry of the
// audit log is 200–300 bytes of JSON.
const recordSize = 256

// batch is B, the batch size of the durable-append comparisons.
const batch = 256

func leaf(i int) []byte {
	b := make([]byte, recordSize)
	copy(b, fmt.Sprintf("leaf %d ", i))
	return b
}

// L1: leaf hash + tree update in memory.

func BenchmarkL1TreeHimitsu(b *testing.B) {
	data := leaf(1)
	r := auditlog.NewRange()
	var dst []auditlog.Hash
	b.SetBytes(recordSize)
	b.ReportAllocs()
	n := int64(0)
	cpu := startCPU()
	for b.Loop() {
		dst = r.Append(data, dst[:0])
		n++
	}
	cpu.report(b, n, "cpu-ns/op")
}

func BenchmarkL1TreeMerkle(b *testing.B) {
	data := leaf(1)
	rf := compact.RangeFactory{Hash: rfc6962.DefaultHasher.HashChildren}
	r := rf.NewEmptyRange(0)
	b.SetBytes(recordSize)
	b.ReportAllocs()
	for b.Loop() {
		if err := r.Append(rfc6962.DefaultHasher.HashLeaf(data), nil); err != nil {
			b.Fatal(err)
		}
	}
}

// openLog opens a fresh SQLite store in a temporary folder.
func openLog(b *testing.B, opt auditlog.Options) *auditlog.Log {
	b.Helper()
	s, err := sqlstore.OpenWith(context.Background(), filepath.Join(b.TempDir(), "bench.db"), sqlstore.Options{Audit: opt})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s.Audit()
}

func entry(i int) *auditlog.Entry {
	return &auditlog.Entry{Kind: auditlog.KindRead, Actor: "bench", Purpose: fmt.Sprintf("purpose %d", i),
		Tool: "bench", Carrier: "c1", Body: []byte(`{"rows":140,"what":"records","note":"` + string(make80()) + `"}`)}
}

func make80() []byte {
	b := make([]byte, 80)
	for i := range b {
		b[i] = 'x'
	}
	return b
}

// L2: durable batched append of B entries (one transaction, SQLite with
// synchronous=FULL) vs raw write of B records + fsync, per record.

func BenchmarkL2DurableBatchHimitsu(b *testing.B) {
	l := openLog(b, auditlog.Options{Sync: true})
	ctx := context.Background()
	es := make([]*auditlog.Entry, batch)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		for j := range es {
			es[j] = entry(i)
			i++
		}
		if err := l.Append(ctx, es...); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*batch), "ns/record")
}

func BenchmarkL2RawFsyncBatch(b *testing.B) {
	f, err := os.OpenFile(filepath.Join(b.TempDir(), "raw.log"), os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	buf := make([]byte, 0, batch*recordSize)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		buf = buf[:0]
		for range batch {
			buf = append(buf, leaf(i)...)
			i++
		}
		if _, err := f.Write(buf); err != nil {
			b.Fatal(err)
		}
		if err := f.Sync(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*batch), "ns/record")
}

// L3: concurrent appenders, each waiting until its entry is durable, with
// the same batch size (B) and age (10 ms): himitsu's group commit vs
// Tessera's POSIX driver in-process.

const writers = 2 * batch

// appendConcurrently runs n appends spread over writers goroutines and
// returns the per-append latencies.
func appendConcurrently(b *testing.B, n int, add func(i int) error) []time.Duration {
	var next atomic.Int64
	lat := make([]time.Duration, n)
	var wg sync.WaitGroup
	for range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				t0 := time.Now()
				if err := add(i); err != nil {
					b.Error(err)
					return
				}
				lat[i] = time.Since(t0)
			}
		}()
	}
	wg.Wait()
	return lat
}

func percentile(lat []time.Duration, p float64) float64 {
	s := slices.Clone(lat)
	slices.Sort(s)
	return float64(s[int(float64(len(s)-1)*p)].Nanoseconds())
}

const appendsPerOp = 4096

func BenchmarkL3GroupCommitHimitsu(b *testing.B) {
	l := openLog(b, auditlog.Options{MaxAge: 10 * time.Millisecond, MaxBatch: batch})
	ctx := context.Background()
	var all []time.Duration
	for b.Loop() {
		all = append(all, appendConcurrently(b, appendsPerOp, func(i int) error { return l.Append(ctx, entry(i)) })...)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*appendsPerOp), "ns/entry")
	b.ReportMetric(percentile(all, 0.5), "p50-ns")
	b.ReportMetric(percentile(all, 0.99), "p99-ns")
}

func BenchmarkL3TesseraPOSIX(b *testing.B) {
	// Tessera logs through klog; its background integration keeps going
	// until ctx ends, so ctx is cancelled before the folder is removed.
	klog.LogToStderr(false)
	klog.SetOutput(io.Discard)
	ctx, cancel := context.WithCancel(context.Background())
	b.Cleanup(cancel)
	driver, err := posix.New(ctx, posix.Config{Path: filepath.Join(b.TempDir(), "tessera")})
	if err != nil {
		b.Fatal(err)
	}
	skey, _, err := note.GenerateKey(rand.Reader, "bench.example/log")
	if err != nil {
		b.Fatal(err)
	}
	signer, err := note.NewSigner(skey)
	if err != nil {
		b.Fatal(err)
	}
	app, shutdown, _, err := tessera.NewAppender(ctx, driver, tessera.NewAppendOptions().
		WithCheckpointSigner(signer).WithBatching(batch, 10*time.Millisecond).WithCheckpointInterval(time.Second))
	if err != nil {
		b.Fatal(err)
	}
	defer func() {
		shutdown(ctx)
		cancel()
		time.Sleep(200 * time.Millisecond)
	}()
	var all []time.Duration
	for b.Loop() {
		all = append(all, appendConcurrently(b, appendsPerOp, func(i int) error {
			data, err := entry(i).Encode()
			if err != nil {
				return err
			}
			_, err = app.Add(ctx, tessera.NewEntry(data))()
			return err
		})...)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*appendsPerOp), "ns/entry")
	b.ReportMetric(percentile(all, 0.5), "p50-ns")
	b.ReportMetric(percentile(all, 0.99), "p99-ns")
}

// L4: strictly synchronous "log before release": one entry, committed,
// per call, vs raw write + fsync of one record.

const latencySamples = 200

func BenchmarkL4SyncAppendHimitsu(b *testing.B) {
	l := openLog(b, auditlog.Options{Sync: true})
	ctx := context.Background()
	var all []time.Duration
	for b.Loop() {
		for i := range latencySamples {
			t0 := time.Now()
			if err := l.Append(ctx, entry(i)); err != nil {
				b.Fatal(err)
			}
			all = append(all, time.Since(t0))
		}
	}
	b.ReportMetric(percentile(all, 0.5), "p50-ns")
	b.ReportMetric(percentile(all, 0.99), "p99-ns")
}

func BenchmarkL4RawFsync(b *testing.B) {
	f, err := os.OpenFile(filepath.Join(b.TempDir(), "raw.log"), os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	var all []time.Duration
	for b.Loop() {
		for i := range latencySamples {
			t0 := time.Now()
			if _, err := f.Write(leaf(i)); err != nil {
				b.Fatal(err)
			}
			if err := f.Sync(); err != nil {
				b.Fatal(err)
			}
			all = append(all, time.Since(t0))
		}
	}
	b.ReportMetric(percentile(all, 0.5), "p50-ns")
	b.ReportMetric(percentile(all, 0.99), "p99-ns")
}

// L5: batched mode under a moderate load (8 writers, max age 10 ms):
// latency from Append to durable; compare its p99 with max age + 2× the
// raw fsync p99 of BenchmarkL4RawFsync in the same round.
func BenchmarkL5BatchedLatencyHimitsu(b *testing.B) {
	l := openLog(b, auditlog.Options{MaxAge: auditlog.MaxMaxAge, MaxBatch: batch})
	ctx := context.Background()
	const n, w = 400, 8
	var all []time.Duration
	for b.Loop() {
		var next atomic.Int64
		lat := make([]time.Duration, n)
		var wg sync.WaitGroup
		for range w {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					i := int(next.Add(1)) - 1
					if i >= n {
						return
					}
					t0 := time.Now()
					if err := l.Append(ctx, entry(i)); err != nil {
						b.Error(err)
						return
					}
					lat[i] = time.Since(t0)
				}
			}()
		}
		wg.Wait()
		all = append(all, lat...)
	}
	b.ReportMetric(percentile(all, 0.5), "p50-ns")
	b.ReportMetric(percentile(all, 0.99), "p99-ns")
}

// L6: proof verification (tlog vs merkle on the same proof) and proof
// generation from storage vs in memory.

const proofTree = 100_000

type memHashes []tlog.Hash

func (m memHashes) ReadHashes(ix []int64) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(ix))
	for i, x := range ix {
		out[i] = m[x]
	}
	return out, nil
}

var proofFixture struct {
	once   sync.Once
	stored memHashes
	root   tlog.Hash
	leaves []tlog.Hash
}

func fixture() {
	proofFixture.once.Do(func() {
		r := auditlog.NewRange()
		for i := range proofTree {
			d := leaf(i)
			proofFixture.leaves = append(proofFixture.leaves, tlog.RecordHash(d))
			proofFixture.stored = r.Append(d, proofFixture.stored)
		}
		proofFixture.root = r.Root()
	})
}

func BenchmarkL6VerifyTlog(b *testing.B) {
	fixture()
	n := int64(proofTree / 3)
	p, err := tlog.ProveRecord(proofTree, n, proofFixture.stored)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := tlog.CheckRecord(p, proofTree, proofFixture.root, n, proofFixture.leaves[n]); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkL6VerifyMerkle(b *testing.B) {
	fixture()
	n := int64(proofTree / 3)
	p, err := tlog.ProveRecord(proofTree, n, proofFixture.stored)
	if err != nil {
		b.Fatal(err)
	}
	pp := make([][]byte, len(p))
	for i := range p {
		pp[i] = p[i][:]
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := proof.VerifyInclusion(rfc6962.DefaultHasher, uint64(n), proofTree, proofFixture.leaves[n][:], pp, proofFixture.root[:]); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkL6ProveInMemory(b *testing.B) {
	fixture()
	b.ReportAllocs()
	i := int64(0)
	runtime.GC() // the fixture's garbage is not the proofs' CPU
	cpu := startCPU()
	for b.Loop() {
		if _, err := tlog.ProveRecord(proofTree, i%proofTree, proofFixture.stored); err != nil {
			b.Fatal(err)
		}
		i += 7919
	}
	cpu.report(b, i/7919, "cpu-ns/op")
}

// cpuClock measures the CPU time (user + system) of the whole process,
// which on the shared machine is steadier than the wall clock: a
// benchmark waiting for a core is not charged for the wait.
type cpuClock struct{ start int64 }

func cpuNow() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}

func startCPU() cpuClock { return cpuClock{cpuNow()} }

// report adds the CPU time per unit of n units since start.
func (c cpuClock) report(b *testing.B, n int64, unit string) {
	if n > 0 {
		b.ReportMetric(float64(cpuNow()-c.start)/float64(n), unit)
	}
}

func BenchmarkL6ProveFromSQLite(b *testing.B) {
	l := openLog(b, auditlog.Options{Sync: true})
	ctx := context.Background()
	var s *auditlog.Signer
	const size = 20_000
	es := make([]*auditlog.Entry, 0, 1000)
	for i := 0; i < size; i += 1000 {
		es = es[:0]
		for j := range 1000 {
			es = append(es, entry(i+j))
		}
		if err := l.Append(ctx, es...); err != nil {
			b.Fatal(err)
		}
	}
	k, _, err := auditlog.LoadKey(filepath.Join(b.TempDir(), "k"), "bench.example/audit")
	if err != nil {
		b.Fatal(err)
	}
	s = &k
	if _, err := l.Checkpoint(ctx, *s); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	i := int64(0)
	runtime.GC() // the fixture's garbage is not the proofs' CPU
	cpu := startCPU()
	for b.Loop() {
		if _, err := l.ProveInclusion(ctx, i%size, size); err != nil {
			b.Fatal(err)
		}
		i += 7919
	}
	cpu.report(b, i/7919, "cpu-ns/op")
}

// L8: stored node hashes per leaf, counted in the database.
func BenchmarkL8StoredHashesPerLeaf(b *testing.B) {
	for b.Loop() {
		const n = 10_000
		dir := b.TempDir()
		s, err := sqlstore.OpenWith(context.Background(), filepath.Join(dir, "l8.db"), sqlstore.Options{Audit: auditlog.Options{Sync: true}})
		if err != nil {
			b.Fatal(err)
		}
		es := make([]*auditlog.Entry, 0, n)
		for i := range n {
			es = append(es, entry(i))
		}
		if err := s.Audit().Append(context.Background(), es...); err != nil {
			b.Fatal(err)
		}
		s.Close()
		db, err := sql.Open("sqlite", filepath.Join(dir, "l8.db"))
		if err != nil {
			b.Fatal(err)
		}
		var rows int64
		if err := db.QueryRow(`SELECT sum(length(hashes)) / 32 FROM audit_entries`).Scan(&rows); err != nil {
			b.Fatal(err)
		}
		db.Close()
		// The leaf hashes are among the stored rows; the rest are nodes.
		b.ReportMetric(float64(rows)/n, "hashes/leaf")
		b.ReportMetric(float64(rows-n)/n, "node-hashes/leaf")
	}
}

// L7: full re-verification (himitsu audit verify's Log.Verify: read every
// entry, check its index, kind and carrier against its row, recompute the
// tree, compare every stored hash, check the checkpoint) of a log of
// l7Entries entries, per entry, with one and with two cores; compare with
// L1's per-leaf time in the same round (run.sh's L7 mode runs L1 at its
// usual benchtime: three iterations of L1 would time the timer). The
// issue's 10 M entries would take hours to build on the shared machine,
// so the log is smaller: the work per entry does not depend on the size.
var l7Entries = flag.Int("l7.entries", 200_000, "entries of the L7 log")

func BenchmarkL7Verify(b *testing.B) {
	l := openLog(b, auditlog.Options{Sync: true})
	ctx := context.Background()
	es := make([]*auditlog.Entry, 0, 2000)
	for i := 0; i < *l7Entries; i += 2000 {
		es = es[:0]
		for j := range min(2000, *l7Entries-i) {
			es = append(es, entry(i+j))
		}
		if err := l.Append(ctx, es...); err != nil {
			b.Fatal(err)
		}
	}
	k, _, err := auditlog.LoadKey(filepath.Join(b.TempDir(), "k"), "bench.example/audit")
	if err != nil {
		b.Fatal(err)
	}
	if _, err := l.Checkpoint(ctx, k); err != nil {
		b.Fatal(err)
	}
	for _, procs := range []int{1, 2} {
		b.Run(fmt.Sprintf("procs=%d", procs), func(b *testing.B) {
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
			cpu := startCPU()
			for b.Loop() {
				rep, err := l.Verify(ctx, nil)
				if err != nil || !rep.OK() || rep.Entries != int64(*l7Entries) {
					b.Fatalf("verify: %+v, %v", rep, err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N**l7Entries), "ns/entry")
			cpu.report(b, int64(b.N**l7Entries), "cpu-ns/entry")
		})
	}
}
