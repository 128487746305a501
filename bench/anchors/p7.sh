#!/bin/sh
# Runs P7 of docs/performance.md: `himitsu serve` against `opa run
# --server` over loopback HTTP, the same load generator and corpus, the
# servers taking turns (BenchmarkP7 in p7_test.go). Both binaries are
# built once into a temporary folder, removed at the end; nothing is
# committed. Extra arguments go to go test, e.g.
#   ./p7.sh -p7.rounds 7 -p7.clients 64 -p7.requests 20000
set -e
dir=$(mktemp -d "${TMPDIR:-/tmp}/himitsu-p7.XXXXXX")
trap 'rm -rf "$dir"' EXIT
(cd ../.. && go build -o "$dir/himitsu" ./cmd/himitsu)
# OPA's command in a module of its own, so its dependencies stay out of
# this module's go.sum; the version is the one P1–P6 measure.
mkdir "$dir/opa-module"
printf 'module p7opa\n\ngo 1.26\n\nrequire github.com/open-policy-agent/opa v1.22.3\n' > "$dir/opa-module/go.mod"
(cd "$dir/opa-module" && go build -mod=mod -o "$dir/opa" github.com/open-policy-agent/opa)
uptime
P7_HIMITSU="$dir/himitsu" P7_OPA="$dir/opa" go test -run '^$' -bench 'P7$' -benchtime 1x -timeout 60m -v "$@"
uptime
