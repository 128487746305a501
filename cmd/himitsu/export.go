package main

import (
	"context"
	"fmt"

	"github.com/himitsu-oss/himitsu/internal/bundle"
	"github.com/himitsu-oss/himitsu/internal/outfile"
)

func runExport(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "export", "[--db DSN] [--carrier ID] [--tabular csv|jsonl] --purpose TEXT DIR",
		`Write a carrier's records from the database as a bundle in DIR (which must
not exist or be empty; a link to an empty folder is followed). Importing the
bundle again gives the same state. The registers and logs are read from one
snapshot, so an import committed meanwhile is not mixed in. The read is
recorded in the database's read log, with your operating-system account and
--purpose, before the bundle is written. Temporary folders that an earlier,
interrupted export of DIR left beside it are removed first.`,
		"himitsu export --carrier minato-mobile --purpose 'copy for the annual audit' out/minato")
	db := dbFlag(e, fs)
	shared := sharedDBFlag(e, fs)
	carrier := fs.String("carrier", "", "carrier ID (optional when the database holds one carrier)")
	tabular := fs.String("tabular", "csv", "format of the tabular registers: csv or jsonl")
	purpose := purposeFlag(fs, "why you export the carrier's records, recorded in the read log")
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
	r, err := readCarrier(ctx, e, *db, *shared, *carrier, acc)
	if err != nil {
		return err
	}
	defer r.Close()
	id := r.records.Carrier.ID
	// The regulator's case files go with the records (cases.json): they
	// are read after the snapshot, from the store itself.
	cases, err := r.store.CaseFiles(r.ctx, id)
	if err != nil {
		return err
	}
	err = outfile.Dir(fs.Arg(0), func(dir string) error {
		return bundle.Write(r.ctx, dir, r.records, r.events, bundle.WriteOptions{Tabular: *tabular, Cases: cases})
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "exported carrier %s to %s\n", id, fs.Arg(0))
	return nil
}
