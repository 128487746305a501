package main

import (
	"context"
	"fmt"

	"github.com/himitsu-oss/himitsu/internal/bundle"
)

func runExport(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "export", "[--db DSN] [--carrier ID] [--tabular csv|jsonl] [--purpose TEXT] DIR",
		`Write a carrier's records from the database as a bundle in DIR (which must
not exist or be empty). Importing the bundle again gives the same state.
The read is recorded in the database's read log with your user name and
--purpose.`,
		"himitsu export --carrier minato-mobile out/minato")
	db := dbFlag(e, fs)
	carrier := fs.String("carrier", "", "carrier ID (optional when the database holds one carrier)")
	tabular := fs.String("tabular", "csv", "format of the tabular registers: csv or jsonl")
	purpose := fs.String("purpose", "export", "why you export the carrier's records, recorded in the read log")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("expected one output directory, got %d arguments", fs.NArg())
	}
	if *tabular != "csv" && *tabular != "jsonl" {
		return usagef("--tabular must be csv or jsonl, got %q", *tabular)
	}
	acc, err := accessor(e, *purpose, "himitsu export")
	if err != nil {
		return err
	}
	r, err := readCarrier(ctx, *db, *carrier, acc)
	if err != nil {
		return err
	}
	defer r.store.Close()
	id := r.records.Carrier.ID
	if err := bundle.Write(r.ctx, fs.Arg(0), r.records, r.store.Events(id), bundle.WriteOptions{Tabular: *tabular}); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "exported carrier %s to %s\n", id, fs.Arg(0))
	return nil
}
