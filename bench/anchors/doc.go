// Package anchors holds benchmarks that compare himitsu with reference
// implementations (transparency-dev/merkle, Tessera's POSIX driver, raw
// write+fsync). It is a separate module, so the product never depends on
// the references. Run from this folder:
//
//	go test -run '^$' -bench . -count 5 -benchtime 2x
//
// and compare the pairs of each L-target in the same run (see
// docs/performance.md).
package anchors
