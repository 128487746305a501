package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/user"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/assess"
	"github.com/himitsu-oss/himitsu/internal/catalog"
	"github.com/himitsu-oss/himitsu/internal/report"
)

// assessFlags are the flags shared by assess and quickstart.
type assessFlags struct {
	asOf, lang, format, out, dayCount, thresholds string
}

func (a *assessFlags) register(e *env, fs interface {
	StringVar(*string, string, string, string)
}, defaultAsOf string) {
	fs.StringVar(&a.asOf, "as-of", defaultAsOf, "the day to judge (YYYY-MM-DD, Japan time)")
	fs.StringVar(&a.lang, "lang", langDefault(e), "language of the report: ja or en (env HIMITSU_LANG)")
	fs.StringVar(&a.format, "format", "text", "report format: "+strings.Join(report.Formats(), ", "))
	fs.StringVar(&a.out, "o", "", "write the report to this file instead of standard output")
	fs.StringVar(&a.dayCount, "day-count", "exclude-first-day", "how statutory periods are counted: exclude-first-day (Civil Code Art. 140) or include-first-day")
	fs.StringVar(&a.thresholds, "thresholds", "", "YAML or JSON file setting rule thresholds by name (see docs/rules.md); the report lists the values used")
}

// langDefault is the report language when --lang is not given: the same
// as the language of messages (HIMITSU_LANG, else the locale).
func langDefault(e *env) string { return messageLang(e) }

func (a *assessFlags) check() (himitsu.Date, error) {
	if a.lang != "ja" && a.lang != "en" {
		return himitsu.Date{}, usagef("--lang must be ja or en, got %q", a.lang)
	}
	if !slices.Contains(report.Formats(), a.format) {
		return himitsu.Date{}, usagef("--format must be one of %s, got %q", strings.Join(report.Formats(), ", "), a.format)
	}
	if a.dayCount != "exclude-first-day" && a.dayCount != "include-first-day" {
		return himitsu.Date{}, usagef("--day-count must be exclude-first-day or include-first-day, got %q", a.dayCount)
	}
	d, err := himitsu.ParseDate(a.asOf)
	if err != nil {
		return himitsu.Date{}, usagef("--as-of: %v", err)
	}
	return d, nil
}

func runAssess(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "assess", "[BUNDLE | --db DSN [--carrier ID] [--purpose TEXT]] [--as-of DATE] [--lang ja|en] [--format FORMAT] [-o FILE]",
		`Judge a carrier's records against every assumed case of MIC's Enforcement
Guidelines (Art. 29(1)(i)) and print a report: findings with their evidence,
the legal determinations (incidents and their reporting deadlines), and the
overall judgement. The source is a bundle directory, or the database;
a read from the database is recorded in its read log with your user name
and --purpose.
The exit status is 0 whenever the assessment ran, whatever it found.`,
		"himitsu assess examples/minato-mobile --as-of 2026-11-01 --lang ja --format html -o report.html")
	var af assessFlags
	af.register(e, fs, himitsu.DateOf(time.Now()).String())
	db := fs.String("db", e.getenv("HIMITSU_DB"), "assess a carrier in this database instead of a bundle (env HIMITSU_DB)")
	carrier := fs.String("carrier", "", "carrier ID in the database (optional when it holds one)")
	keyFile := pseudonymKeyFlag(e, fs)
	purpose := fs.String("purpose", "assessment", "why you read the carrier's records from the database, recorded in its read log")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	asOf, err := af.check()
	if err != nil {
		return err
	}
	var (
		rec    *himitsu.Records
		events himitsu.EventSource
	)
	switch {
	case fs.NArg() == 1:
		b, err := readBundle(ctx, fs.Arg(0), *keyFile)
		if err != nil {
			return err
		}
		printWarnings(e, "assess", b)
		rec, events = b.Records, b
	case fs.NArg() == 0 && *db != "":
		acc, err := accessor(e, *purpose, "himitsu assess")
		if err != nil {
			return err
		}
		r, err := readCarrier(ctx, *db, *carrier, acc)
		if err != nil {
			return err
		}
		defer r.store.Close()
		ctx, rec, events = r.ctx, r.records, r.store.Events(r.records.Carrier.ID)
	default:
		return usagef("give one bundle directory, or --db (or HIMITSU_DB) for the database")
	}
	return assessAndReport(ctx, e, rec, events, asOf, af)
}

// accessor names who reads or changes a carrier's records in the store,
// and why: the store refuses either without it and records it with each
// read and each change. A bad --purpose is a usage error, caught before
// the database is touched.
func accessor(e *env, purpose, tool string) (himitsu.Accessor, error) {
	a := himitsu.Accessor{Actor: osActor(user.Current, e.getenv), Purpose: purpose, Tool: tool}
	if err := a.Validate(); err != nil {
		return a, usagef("using the database needs a stated purpose and user: %v", err)
	}
	return a, nil
}

// osActor returns the operating-system user running himitsu: the account
// is what an audit of the read log can trace to a person. $USER serves
// where the account database cannot be read (some containers).
func osActor(current func() (*user.User, error), getenv func(string) string) string {
	if u, err := current(); err == nil && u.Username != "" {
		return u.Username
	}
	if name := getenv("USER"); name != "" {
		return name
	}
	return "unknown"
}

// assessAndReport runs the engine and writes the report where af says.
func assessAndReport(ctx context.Context, e *env, rec *himitsu.Records, events himitsu.EventSource, asOf himitsu.Date, af assessFlags) error {
	cat, err := catalog.Default()
	if err != nil {
		return err
	}
	opts := assess.Options{AsOf: asOf, DayCount: af.dayCount}
	if af.thresholds != "" {
		data, err := os.ReadFile(af.thresholds)
		if err != nil {
			return err
		}
		if opts.Thresholds, err = assess.ParseThresholds(data); err != nil {
			var he *himitsu.Error
			if errors.As(err, &he) {
				he.File = af.thresholds
			}
			return err
		}
	}
	a, err := assess.Run(ctx, cat, rec, events, opts)
	if err != nil {
		return err
	}
	ro := report.Options{Format: af.format, Lang: af.lang}
	if af.out == "" {
		return report.Render(e.stdout, a, cat, ro)
	}
	return writeFileAtomic(af.out, func(w io.Writer) error { return report.Render(w, a, cat, ro) })
}

// writeFileAtomic writes a file through a temporary file beside it, so a
// failed report never leaves a truncated file behind.
func writeFileAtomic(path string, write func(io.Writer) error) (err error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if err = write(f); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	if err = os.Rename(f.Name(), path); err != nil {
		return &himitsu.Error{Op: "write", Kind: himitsu.KindInternal, Err: err,
			Msg: fmt.Sprintf("cannot write %s", path), MsgJA: fmt.Sprintf("%s に書き込めない", path)}
	}
	return nil
}
