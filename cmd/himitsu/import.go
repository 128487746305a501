package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/bundle"
	"github.com/himitsu-oss/himitsu/internal/progress"
	"github.com/himitsu-oss/himitsu/internal/sqlstore"
	"github.com/himitsu-oss/himitsu/internal/textwidth"
)

func runImport(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "import", "[--db DSN] --purpose TEXT [--dry-run] [--pseudonym-key FILE] BUNDLE",
		`Validate a carrier bundle (see docs/bundle.md) and replace that carrier's
records in the database with it, in one transaction. Any bad value stops the
import with "file:line: field: reason" and leaves the database unchanged.
With --dry-run the bundle is only validated. A committed import is recorded
in the database's change log, in the same transaction, with your
operating-system account and --purpose (required); see 'himitsu log'.
With --pseudonym-key, the key's fingerprint (never the key) is kept for the
carrier, and a later import with another key is refused.`,
		"himitsu import --db himitsu.db --purpose 'monthly HR export' examples/minato-mobile")
	db := dbFlag(e, fs)
	dryRun := fs.Bool("dry-run", false, "validate the bundle without writing")
	keyFile := pseudonymKeyFlag(e, fs)
	purpose := purposeFlag(fs, "why you replace the carrier's records, recorded in the change log")
	shared := sharedDBFlag(e, fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("expected one bundle directory, got %d arguments", fs.NArg())
	}
	var acc himitsu.Accessor
	if !*dryRun {
		// A dry run changes nothing, so it needs no stated purpose.
		a, err := accessor(e, *purpose, "himitsu import")
		if err != nil {
			return err
		}
		acc = a
	}
	b, fp, err := readBundle(ctx, fs.Arg(0), *keyFile)
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
	s, err := openStore(ctx, e, *db, *shared)
	if err != nil {
		return err
	}
	defer s.Close()
	lang := messageLang(e)
	m := progress.Start(e.stderr, progress.Enabled(e.stderr, e.getenv), lang, progressLabel("import", lang), b.EstimatedEvents())
	sum, err := s.ReplaceWith(himitsu.WithAccessor(ctx, acc), b.Records, progress.Source(b, m), sqlstore.ReplaceOptions{KeyFingerprint: fp})
	m.Done()
	if err != nil {
		return err
	}
	printSummary(e.stdout, messageLang(e), fmt.Sprintf("imported carrier %s (%s) into %s", b.Records.Carrier.ID, b.Records.Carrier.Name, redactDSN(*db)), sum)
	// The case files rest on the records just imported (their links), so
	// they are written after them, in a transaction of their own.
	if len(b.Cases) > 0 {
		nc, ns, err := s.ImportCases(himitsu.WithAccessor(ctx, acc), b.Records.Carrier.ID, b.Cases)
		if err != nil {
			return fmt.Errorf("%s: the records were imported, the case files were not: %w", bundle.CasesFile, err)
		}
		fmt.Fprintf(e.stdout, "  %-20s %10d new (%d in the bundle)\n  %-20s %10d new\n", "cases", nc, len(b.Cases), "case_steps", ns)
	}
	return nil
}

// pseudonymKeyFlag adds --pseudonym-key, whose default comes from
// HIMITSU_PSEUDONYM_KEY_FILE.
func pseudonymKeyFlag(e *env, fs *flag.FlagSet) *string {
	return fs.String("pseudonym-key", e.getenv("HIMITSU_PSEUDONYM_KEY_FILE"),
		"file holding the carrier's secret key as 32 to 128 hexadecimal digits (mode 0600; see README) to pseudonymise raw subscriber identifiers while reading; without it they are refused (env HIMITSU_PSEUDONYM_KEY_FILE)")
}

// readBundle reads the bundle in dir, pseudonymising raw subscriber
// identifiers with the key in keyFile when one is given, and returns the
// key's fingerprint ("" without a key).
func readBundle(ctx context.Context, dir, keyFile string) (*bundle.Bundle, string, error) {
	var opts bundle.ReadOptions
	fp := ""
	if keyFile != "" {
		key, err := loadPseudonymKey(keyFile)
		if err != nil {
			return nil, "", err
		}
		opts.Pseudonymizer = himitsu.NewPseudonymizer(key)
		fp = keyFingerprint(key)
	}
	b, err := bundle.ReadWith(ctx, dir, opts)
	return b, fp, err
}

// printSummary prints the records per register, in register order.
// printSummary prints the rows per register; the register names are the
// bundle's file names, the same in both languages.
func printSummary(w io.Writer, lang, title string, sum himitsu.ImportSummary) {
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
	totalLabel := "total"
	if lang == "ja" {
		totalLabel = "合計"
	}
	fmt.Fprintf(w, "  %s %10d\n", textwidth.PadRight(totalLabel, 20), total)
	if len(sum.Kept) > 0 {
		fmt.Fprintf(w, "kept as filed, though the bundle leaves them out (提出済みのため保持した報告): %s\n", strings.Join(sum.Kept, ", "))
	}
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
