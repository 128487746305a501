package main

import (
	"context"
	"fmt"
	"io"
	"slices"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/bundle"
)

func runImport(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "import", "[--db DSN] [--dry-run] BUNDLE",
		`Validate a carrier bundle (see docs/bundle.md) and replace that carrier's
records in the database with it, in one transaction. Any bad value stops the
import with "file:line: field: reason" and leaves the database unchanged.
With --dry-run the bundle is only validated.`,
		"himitsu import --db himitsu.db examples/minato-mobile")
	db := dbFlag(e, fs)
	dryRun := fs.Bool("dry-run", false, "validate the bundle without writing")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("expected one bundle directory, got %d arguments", fs.NArg())
	}
	b, err := bundle.Read(ctx, fs.Arg(0))
	if err != nil {
		return err
	}
	if *dryRun {
		if err := b.Validate(ctx); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "%s: valid bundle for carrier %s (nothing written)\n", fs.Arg(0), b.Records.Carrier.ID)
		return nil
	}
	s, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	sum, err := s.Replace(ctx, b.Records, b)
	if err != nil {
		return err
	}
	printSummary(e.stdout, fmt.Sprintf("imported carrier %s (%s) into %s", b.Records.Carrier.ID, b.Records.Carrier.Name, redactDSN(*db)), sum)
	return nil
}

// printSummary prints the records per register, in register order.
func printSummary(w io.Writer, title string, sum himitsu.ImportSummary) {
	fmt.Fprintln(w, title)
	total := 0
	for _, r := range himitsu.RegisterList {
		if n, ok := sum.Counts[r.Name]; ok && n > 0 {
			fmt.Fprintf(w, "  %-20s %10d\n", r.Name, n)
			total += n
		}
	}
	var extra []string
	for k := range sum.Counts {
		if _, ok := himitsu.LookupRegister(k); !ok {
			extra = append(extra, k)
		}
	}
	slices.Sort(extra)
	for _, k := range extra {
		fmt.Fprintf(w, "  %-20s %10d\n", k, sum.Counts[k])
	}
	fmt.Fprintf(w, "  %-20s %10d\n", "total", total)
}
