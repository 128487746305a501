// Command ratios reads the output of run.sh and prints, for each L-target
// of docs/performance.md, the per-round ratio of the two sides of its pair
// as a median and range.
//
//	go run ./ratios < results.txt
package main

import (
	"bufio"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
)

func main() {
	// metrics[benchmark][unit] lists the values in the order of the rounds.
	metrics := map[string]map[string][]float64{}
	sc := bufio.NewScanner(os.Stdin)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") {
			continue
		}
		name := strings.TrimPrefix(f[0], "Benchmark")
		if i := strings.LastIndex(name, "-"); i > 0 {
			name = name[:i]
		}
		if metrics[name] == nil {
			metrics[name] = map[string][]float64{}
		}
		for i := 2; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				continue
			}
			metrics[name][f[i+1]] = append(metrics[name][f[i+1]], v)
		}
	}
	get := func(b, unit string) []float64 { return metrics[b][unit] }
	ratio := func(id, what string, num, den []float64, f func(n, d float64) float64) {
		k := min(len(num), len(den))
		if k == 0 {
			fmt.Printf("%s  %s: no data\n", id, what)
			return
		}
		rs := make([]float64, k)
		for i := range k {
			rs[i] = f(num[i], den[i])
		}
		s := slices.Clone(rs)
		slices.Sort(s)
		fmt.Printf("%s  %s: median %.2f (range %.2f–%.2f, %d rounds)\n", id, what, s[k/2], s[0], s[k-1], k)
	}
	div := func(n, d float64) float64 { return n / d }
	ratio("L1", "himitsu speed ÷ transparency-dev/merkle speed (leaf hash + tree update)",
		get("L1TreeMerkle", "ns/op"), get("L1TreeHimitsu", "ns/op"), div)
	ratio("L2", "durable batched append ÷ raw write+fsync, records/s at B=256",
		get("L2RawFsyncBatch", "ns/record"), get("L2DurableBatchHimitsu", "ns/record"), div)
	ratio("L3", "himitsu group commit ÷ Tessera POSIX, entries/s (B=256, age 10 ms, 512 writers)",
		get("L3TesseraPOSIX", "ns/entry"), get("L3GroupCommitHimitsu", "ns/entry"), div)
	ratio("L4", "synchronous append p50 ÷ raw fsync p50",
		get("L4SyncAppendHimitsu", "p50-ns"), get("L4RawFsync", "p50-ns"), div)
	ratio("L5", "batched p99 ÷ (10 ms + 2 × raw fsync p99), 8 writers",
		get("L5BatchedLatencyHimitsu", "p99-ns"), get("L4RawFsync", "p99-ns"), func(n, d float64) float64 { return n / (10e6 + 2*d) })
	ratio("L6", "inclusion-proof verification, tlog speed ÷ merkle speed",
		get("L6VerifyMerkle", "ns/op"), get("L6VerifyTlog", "ns/op"), div)
	ratio("L6", "proof generation from SQLite ÷ in memory (time)",
		get("L6ProveFromSQLite", "ns/op"), get("L6ProveInMemory", "ns/op"), div)
	ratio("L6", "proof generation from SQLite ÷ in memory (CPU time of the process)",
		get("L6ProveFromSQLite", "cpu-ns/op"), get("L6ProveInMemory", "cpu-ns/op"), div)
	for _, procs := range []string{"1", "2"} {
		ratio("L7", "full re-verification rate with "+procs+" core(s) ÷ L1 rate (himitsu, per entry)",
			get("L1TreeHimitsu", "ns/op"), get("L7Verify/procs="+procs, "ns/entry"), div)
		ratio("L7", "the same with CPU time per entry (all cores' CPU, so it shows the work, not the gain of a second core)",
			get("L1TreeHimitsu", "cpu-ns/op"), get("L7Verify/procs="+procs, "cpu-ns/entry"), div)
	}
	if v := get("L8StoredHashesPerLeaf", "node-hashes/leaf"); len(v) > 0 {
		fmt.Printf("L8  stored node hashes per leaf: %.4f (all stored hashes, leaf hashes included: %.4f)\n", v[0], get("L8StoredHashesPerLeaf", "hashes/leaf")[0])
	}
	for _, b := range []string{"L1TreeHimitsu", "L1TreeMerkle", "L2DurableBatchHimitsu", "L2RawFsyncBatch", "L3GroupCommitHimitsu", "L3TesseraPOSIX",
		"L4SyncAppendHimitsu", "L4RawFsync", "L5BatchedLatencyHimitsu", "L6VerifyTlog", "L6VerifyMerkle", "L6ProveInMemory", "L6ProveFromSQLite", "L7Verify/procs=1", "L7Verify/procs=2"} {
		for _, unit := range []string{"ns/op", "cpu-ns/op", "ns/record", "ns/entry", "cpu-ns/entry", "p50-ns", "p99-ns", "allocs/op"} {
			v := slices.Clone(get(b, unit))
			if len(v) == 0 || (unit == "ns/op" && (strings.HasPrefix(b, "L2") || strings.HasPrefix(b, "L3") || strings.HasPrefix(b, "L4") || strings.HasPrefix(b, "L5") || strings.HasPrefix(b, "L7"))) {
				continue
			}
			slices.Sort(v)
			fmt.Printf("    %-26s %-10s median %.0f (range %.0f–%.0f)\n", b, unit, v[len(v)/2], v[0], v[len(v)-1])
		}
	}
}
