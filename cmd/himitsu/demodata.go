package main

import (
	"context"
	"fmt"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/bundle"
	"github.com/himitsu-oss/himitsu/internal/demo"
	"github.com/himitsu-oss/himitsu/internal/outfile"
)

func runDemoData(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "demo-data", "[--seed N] [--scale N] [--as-of DATE] [--tabular csv|jsonl] -o DIR",
		`Generate a realistic mid-size carrier (an MVNO and ISP with about 20,000
subscribers, 300 staff and 1,000,000 access events over six months at scale 1)
with deliberate weaknesses, as a bundle. The same seed gives the same bytes.
--scale multiplies subscribers, consents, events and complaints (scale 100
gives 100 million access events, streamed to disk).`,
		"himitsu demo-data --seed 1 --scale 1 -o out/aoba")
	seed := fs.Int64("seed", 1, "random seed")
	scale := fs.Int("scale", 1, "size multiplier (1 = 1,000,000 access events)")
	asOf := fs.String("as-of", "2026-11-01", "the day the data leads up to (YYYY-MM-DD)")
	out := fs.String("o", "", "output directory (must not exist or be empty)")
	tabular := fs.String("tabular", "csv", "format of the tabular registers: csv or jsonl")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *out == "" || fs.NArg() != 0 {
		return usagef("give the output directory with -o and no other arguments")
	}
	if *scale < 1 {
		return usagef("--scale must be at least 1, got %d", *scale)
	}
	day, err := himitsu.ParseDate(*asOf)
	if err != nil {
		return usagef("--as-of: %v", err)
	}
	c, err := demo.Generate(demo.Options{Seed: *seed, Scale: *scale, AsOf: day})
	if err != nil {
		return err
	}
	if err := outfile.Dir(*out, func(dir string) error {
		return bundle.Write(ctx, dir, c.Records, c.Events, bundle.WriteOptions{Tabular: *tabular})
	}); err != nil {
		return err
	}
	printSummary(e.stdout, messageLang(e), fmt.Sprintf("generated carrier %s (seed %d, scale %d) in %s", c.Records.Carrier.ID, *seed, *scale, *out), himitsu.ImportSummary{Carrier: c.Records.Carrier.ID, Counts: c.Counts})
	fmt.Fprintf(e.stdout, "planted weaknesses: %d, facts left unknown on purpose: %d (see the package doc of internal/demo)\n", len(c.Weaknesses), len(c.Questions))
	return nil
}
