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

// The purposes quickstart states for itself, as its help text says.
const (
	quickstartImportPurpose = "quickstart demonstration: import the example carrier"
	quickstartAssessPurpose = "quickstart demonstration: assess the example carrier"
)

func runQuickstart(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "quickstart", "[--db FILE] [--lang ja|en] [--format FORMAT] [-o FILE]",
		`Do himitsu's main job on the example carrier (Minato Mobile, a fictitious
MVNO and ISP): create the SQLite database if needed, import the example
bundle shipped inside the binary, assess it and print the report.
Since it is a demonstration, quickstart states its own purposes, which the
database's logs record with your operating-system account: "quickstart
demonstration: import the example carrier" and "quickstart demonstration:
assess the example carrier". Every other command needs --purpose.`,
		"himitsu quickstart --lang ja")
	db := dbFlag(e, fs)
	shared := sharedDBFlag(e, fs)
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
	// The import and the assessment are recorded under fixed purposes of
	// their own, in the change log and the read log: a demonstration is
	// the one use whose purpose is known in advance (see the help text).
	imp, err := accessor(e, quickstartImportPurpose, "himitsu quickstart")
	if err != nil {
		return err
	}
	acc, err := accessor(e, quickstartAssessPurpose, "himitsu quickstart")
	if err != nil {
		return err
	}
	s, err := openStore(ctx, e, *db, *shared)
	if err != nil {
		return err
	}
	defer s.Close()
	sum, err := s.Replace(himitsu.WithAccessor(ctx, imp), b.Records, b)
	if err != nil {
		return err
	}
	title := fmt.Sprintf("imported the example carrier %s into %s", b.Records.Carrier.ID, redactDSN(*db))
	if af.lang == "ja" {
		title = fmt.Sprintf("例の事業者 %s を %s に取り込みました", b.Records.Carrier.ID, redactDSN(*db))
	}
	printSummary(e.stderr, af.lang, title, sum)
	ctx = himitsu.WithAccessor(ctx, acc)
	snap, err := s.Snapshot(ctx, b.Records.Carrier.ID)
	if err != nil {
		return err
	}
	defer snap.Close()
	if af.lang == "ja" {
		fmt.Fprintf(e.stderr, "%s 時点で評価しています…\n\n", asOf)
	} else {
		fmt.Fprintf(e.stderr, "assessing as of %s …\n\n", asOf)
	}
	return assessAndReport(ctx, e, snap.Records(), snap.Events(), 0, asOf, af)
}
