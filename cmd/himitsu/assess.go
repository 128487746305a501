package main

import (
	"context"
	"errors"
	"io"
	"os"
	"os/user"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/assess"
	"github.com/himitsu-oss/himitsu/internal/catalog"
	"github.com/himitsu-oss/himitsu/internal/outfile"
	"github.com/himitsu-oss/himitsu/internal/progress"
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
	fs.StringVar(&a.dayCount, "day-count", "exclude-first-day", "how statutory periods are counted: exclude-first-day (Civil Code Art. 140: day 30 is the day known + 30) or include-first-day (known + 29); either way a last day on an administrative holiday moves to the next open day (Act on Holidays of Administrative Organs Art. 2)")
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
	fs := newFlagSet(e, "assess", "[BUNDLE | --db DSN [--carrier ID] --purpose TEXT] [--as-of DATE] [--lang ja|en] [--format FORMAT] [-o FILE]",
		`Judge a carrier's records against every assumed case of MIC's Enforcement
Guidelines (Art. 29(1)(i)) and print a report: findings with their evidence,
the legal determinations (incidents and their reporting deadlines), and the
overall judgement. The source is a bundle directory, or the database;
a read from the database needs --purpose, comes from one snapshot
(registers and logs together) and is recorded in its read log with your
operating-system account and --purpose before the assessment runs.
-o writes the report through a temporary file renamed into place; a device
or FIFO (/dev/stdout, a pipe) is written into, never replaced, and a link
is followed.
The exit status is 0 whenever the assessment ran, whatever it found.`,
		"himitsu assess examples/minato-mobile --as-of 2026-11-01 --lang ja --format html -o report.html")
	var af assessFlags
	af.register(e, fs, himitsu.DateOf(time.Now()).String())
	db := fs.String("db", e.getenv("HIMITSU_DB"), "assess a carrier in this database instead of a bundle (env HIMITSU_DB)")
	carrier := fs.String("carrier", "", "carrier ID in the database (optional when it holds one)")
	keyFile := pseudonymKeyFlag(e, fs)
	purpose := purposeFlag(fs, "with --db: why you read the carrier's records, recorded in the read log")
	shared := sharedDBFlag(e, fs)
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
		total  int64 // rows the logs are expected to hold, for progress; 0 unknown
	)
	switch {
	case fs.NArg() == 1:
		b, _, err := readBundle(ctx, fs.Arg(0), *keyFile)
		if err != nil {
			return err
		}
		printWarnings(e, "assess", b)
		rec, events, total = b.Records, b, b.EstimatedEvents()
	case fs.NArg() == 0 && *db != "":
		acc, err := accessor(e, *purpose, "himitsu assess")
		if err != nil {
			return err
		}
		r, err := readCarrier(ctx, e, *db, *shared, *carrier, acc)
		if err != nil {
			return err
		}
		defer r.Close()
		ctx, rec, events = r.ctx, r.records, r.events
	default:
		return usagef("give one bundle directory, or --db (or HIMITSU_DB) for the database")
	}
	return assessAndReport(ctx, e, rec, events, total, asOf, af)
}

// accessor names who reads or changes a carrier's records in the store,
// and why: the store refuses either without it and records it with each
// read and each change. The actor is the operating-system account running
// himitsu, never a name the caller chooses; the purpose is the caller's
// own words and has no default. A missing or blank --purpose is a usage
// error, caught before the database is touched.
func accessor(e *env, purpose, tool string) (himitsu.Accessor, error) {
	actor, err := osActor(user.LookupId, user.Current, os.Getuid)
	if err != nil {
		return himitsu.Accessor{}, err
	}
	if strings.TrimSpace(purpose) == "" {
		return himitsu.Accessor{}, usageJA("--purpose is required: state why you read or change the carrier's records; it is recorded with your account in the database's log",
			"--purpose は必須である。事業者の記録を読み、又は変更する目的を記すこと。目的は利用者のアカウントとともにデータベースの記録に残る")
	}
	a := himitsu.Accessor{Actor: actor, Purpose: purpose, Tool: tool}
	if err := a.Validate(); err != nil {
		var he *himitsu.Error
		ja := ""
		if errors.As(err, &he) {
			ja = "--purpose が不適切である: " + he.Localized("ja")
		}
		return a, usageJA("--purpose is not acceptable: "+err.Error(), ja)
	}
	return a, nil
}

// osActor returns the operating-system account running himitsu: the
// account is what an audit of the logs can trace to a person, and unlike
// $USER nobody can set it to somebody else's name. The name is looked up
// by the process's user ID (user.Current is not used: without cgo it falls
// back to $USER). Where the account database has no entry (some
// containers), the numeric ID stands in ("uid:1000"). Windows has no
// user ID; there user.Current reads the process token. Without an account
// nothing is read or changed.
func osActor(lookupID func(string) (*user.User, error), current func() (*user.User, error), getuid func() int) (string, error) {
	uid := getuid()
	if uid < 0 {
		if u, err := current(); err == nil && acceptableActor(u.Username) {
			return u.Username, nil
		}
		return "", &himitsu.Error{Op: "accessor", Kind: himitsu.KindPermission,
			Msg:   "cannot tell which operating-system account runs himitsu; reads and changes of carriers' records are refused without one",
			MsgJA: "himitsu を実行しているOSのアカウントを特定できないため、事業者の記録の読み出し及び変更を拒否する"}
	}
	id := strconv.Itoa(uid)
	if u, err := lookupID(id); err == nil {
		if acceptableActor(u.Username) {
			return u.Username, nil
		}
	}
	return "uid:" + id, nil
}

// acceptableActor reports whether an account name can stand as the actor:
// not empty, not the old placeholder "unknown", and valid as an actor.
func acceptableActor(name string) bool {
	if strings.TrimSpace(name) == "" || name == "unknown" {
		return false
	}
	return himitsu.Accessor{Actor: name, Purpose: "-"}.Validate() == nil
}

// assessAndReport runs the engine and writes the report where af says.
func assessAndReport(ctx context.Context, e *env, rec *himitsu.Records, events himitsu.EventSource, total int64, asOf himitsu.Date, af assessFlags) error {
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
	// Rows, rate and time left on a terminal (stderr), in the report's
	// language; nothing in a pipe, a file or CI. The line is finished
	// before the report is written.
	m := progress.Start(e.stderr, progress.Enabled(e.stderr, e.getenv), af.lang, progressLabel("assess", af.lang), total)
	a, err := assess.Run(ctx, cat, rec, progress.Source(events, m), opts)
	m.Done()
	if err != nil {
		return err
	}
	ro := report.Options{Format: af.format, Lang: af.lang}
	if af.out == "" {
		return report.Render(e.stdout, a, cat, ro)
	}
	return outfile.Write(af.out, func(w io.Writer) error { return report.Render(w, a, cat, ro) })
}

// progressLabel names a command on the progress line.
func progressLabel(cmd, lang string) string {
	if lang != "ja" {
		return cmd
	}
	switch cmd {
	case "assess":
		return "評価"
	case "import":
		return "取込み"
	}
	return cmd
}
