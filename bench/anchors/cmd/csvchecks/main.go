//go:build duckdb

// Command csvchecks is the DuckDB side of issue 6 §5's end-to-end pair: it
// reads a bundle's CSV files with DuckDB and prints the counts of the four
// checks, for timing beside `himitsu assess BUNDLE` (see ../../duckdb.md).
//
//	go build -tags duckdb -o /tmp/csvchecks ./cmd/csvchecks
//	/tmp/csvchecks -as-of 2026-11-01 BUNDLE
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/himitsu-oss/himitsu/bench/anchors"
)

func main() {
	asOf := flag.String("as-of", "2026-11-01", "the day to judge (YYYY-MM-DD, Japan time)")
	threads := flag.Int("threads", 0, "DuckDB's worker threads (0: every core)")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: csvchecks [-as-of DATE] [-threads N] BUNDLE")
		os.Exit(2)
	}
	c, err := anchors.DuckDBCSVChecks(flag.Arg(0), *asOf, *threads)
	if err != nil {
		fmt.Fprintln(os.Stderr, "csvchecks:", err)
		os.Exit(1)
	}
	fmt.Printf("use.event-without-consent %d\nuse.purpose-mismatch %d\nuse.lawful-business-scope %d\ntech.unapproved-export %d\n",
		c.EventWithoutConsent, c.PurposeMismatch, c.LawfulScope, c.UnapprovedExport)
}
