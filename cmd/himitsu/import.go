package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/bundle"
)

func runImport(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "import", "[--db DSN] [--purpose TEXT] [--dry-run] BUNDLE",
		`Validate a carrier bundle (see docs/bundle.md) and replace that carrier's
records in the database with it, in one transaction. Any bad value stops the
import with "file:line: field: reason" and leaves the database unchanged.
With --dry-run the bundle is only validated. A committed import is recorded
in the database's change log, in the same transaction, with your user name
and --purpose; see 'himitsu log'.`,
		"himitsu import --db himitsu.db --purpose 'monthly HR export' examples/minato-mobile")
	db := dbFlag(e, fs)
	dryRun := fs.Bool("dry-run", false, "validate the bundle without writing")
	keyFile := pseudonymKeyFlag(e, fs)
	purpose := fs.String("purpose", "import", "why you replace the carrier's records, recorded in the change log")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("expected one bundle directory, got %d arguments", fs.NArg())
	}
	acc, err := accessor(e, *purpose, "himitsu import")
	if err != nil {
		return err
	}
	b, err := readBundle(ctx, fs.Arg(0), *keyFile)
	if err != nil {
		return err
	}
	printWarnings(e, "import", b)
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
	sum, err := s.Replace(himitsu.WithAccessor(ctx, acc), b.Records, b)
	if err != nil {
		return err
	}
	printSummary(e.stdout, fmt.Sprintf("imported carrier %s (%s) into %s", b.Records.Carrier.ID, b.Records.Carrier.Name, redactDSN(*db)), sum)
	return nil
}

// pseudonymKeyFlag adds --pseudonym-key, whose default comes from
// HIMITSU_PSEUDONYM_KEY_FILE.
func pseudonymKeyFlag(e *env, fs *flag.FlagSet) *string {
	return fs.String("pseudonym-key", e.getenv("HIMITSU_PSEUDONYM_KEY_FILE"),
		"file holding the carrier's secret key (at least 16 bytes) to pseudonymise raw subscriber identifiers while reading; without it they are refused (env HIMITSU_PSEUDONYM_KEY_FILE)")
}

// readBundle reads the bundle in dir, pseudonymising raw subscriber
// identifiers with the key in keyFile when one is given.
func readBundle(ctx context.Context, dir, keyFile string) (*bundle.Bundle, error) {
	var opts bundle.ReadOptions
	if keyFile != "" {
		key, err := os.ReadFile(keyFile)
		if err != nil {
			return nil, &himitsu.Error{Op: "pseudonym-key", Kind: himitsu.KindInvalid, File: keyFile, Msg: "cannot be read", Err: err}
		}
		key = bytes.TrimRight(key, "\r\n")
		if len(key) < 16 {
			return nil, &himitsu.Error{Op: "pseudonym-key", Kind: himitsu.KindInvalid, File: keyFile, Msg: fmt.Sprintf("the key has %d bytes; use at least 16 random bytes", len(key))}
		}
		opts.Pseudonymizer = himitsu.NewPseudonymizer(key)
	}
	return bundle.ReadWith(ctx, dir, opts)
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

// printWarnings prints the bundle's warnings (values accepted but worth a
// look, such as a phone number in a summary) to standard error.
func printWarnings(e *env, name string, b *bundle.Bundle) {
	lang := messageLang(e)
	for _, w := range b.Warnings {
		label := "warning"
		if lang == "ja" {
			label = "警告"
		}
		fmt.Fprintf(e.stderr, "himitsu %s: %s: %s\n", name, label, w.Localized(lang))
	}
}
