#!/bin/sh
# Runs the L-benchmarks of docs/performance.md. The machines are shared
# and noisy, so each round runs every pair back to back (-count 1) and the
# rounds are repeated: compare the two sides of a pair within a round, and
# report the median and range of the per-round ratios (ratios.go).
# Usage, from bench/anchors: ./run.sh 5 > results.txt
# L7 (full re-verification, which builds a 100,000-entry log each round)
# runs apart, paired with L1 in each round: ./run.sh 5 L7 > results-l7.txt
set -e
rounds=${1:-5}
if [ "${2:-}" = L7 ]; then
	for i in $(seq "$rounds"); do
		go test -run '^$' -bench 'L1TreeHimitsu' -count 1
		go test -run '^$' -bench 'L7' -benchtime 3x -count 1 -args -l7.entries 100000
	done
	exit 0
fi
for i in $(seq "$rounds"); do
	go test -run '^$' -bench 'L1' -count 1
	go test -run '^$' -bench 'L2' -benchtime 40x -count 1
	go test -run '^$' -bench 'L3' -benchtime 3x -count 1
	go test -run '^$' -bench 'L4|L5' -benchtime 2x -count 1
	go test -run '^$' -bench 'L6' -count 1
done
go test -run '^$' -bench 'L8' -benchtime 1x -count 1
