package main

import (
	"context"
	"fmt"
	"os"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/examples"
	"github.com/himitsu-oss/himitsu/internal/bundle"
)

// exampleAsOf is the day the example carrier's records lead up to.
const exampleAsOf = "2026-11-01"

func runQuickstart(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "quickstart", "[--db FILE] [--lang ja|en] [--format FORMAT] [-o FILE]",
		`Do himitsu's main job on the example carrier (Minato Mobile, a fictitious
MVNO and ISP): create the SQLite database if needed, import the example
bundle shipped inside the binary, assess it and print the report.`,
		"himitsu quickstart --lang ja")
	db := dbFlag(e, fs)
	var af assessFlags
	af.register(e, fs, exampleAsOf)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	asOf, err := af.check()
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "himitsu-example-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	if err := examples.Extract(examples.MinatoMobile, dir); err != nil {
		return err
	}
	b, err := bundle.Read(ctx, dir)
	if err != nil {
		return &himitsu.Error{Op: "quickstart", Kind: himitsu.KindInternal, Err: err,
			Msg: "the embedded example bundle is invalid", MsgJA: "同梱の例のバンドルが不正である"}
	}
	// The import and the assessment are recorded under purposes of their
	// own, in the change log and the read log.
	imp, err := accessor(e, "import", "himitsu quickstart")
	if err != nil {
		return err
	}
	acc, err := accessor(e, "assessment", "himitsu quickstart")
	if err != nil {
		return err
	}
	s, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	sum, err := s.Replace(himitsu.WithAccessor(ctx, imp), b.Records, b)
	if err != nil {
		return err
	}
	printSummary(e.stderr, fmt.Sprintf("imported the example carrier %s into %s", b.Records.Carrier.ID, redactDSN(*db)), sum)
	ctx = himitsu.WithAccessor(ctx, acc)
	rec, err := s.Records(ctx, b.Records.Carrier.ID)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "assessing as of %s …\n\n", asOf)
	return assessAndReport(ctx, e, rec, s.Events(rec.Carrier.ID), asOf, af)
}
