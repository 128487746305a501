package main

import (
	"context"
	"io"
	"strings"
	"time"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/drafts"
	"github.com/himitsu-oss/himitsu/internal/outfile"
)

const incidentAboutJA = `事案について当局へ提出する報告の草案を、記録から作成する。--report で種類を選ぶ:
tba-28-first（電気通信事業法第28条の第一報）、tba-28-detailed（同 詳細報告）、
appi-preliminary（個人情報保護法第26条の速報）、appi-final（同 確報）、
user-notice（本人への通知）。草案は日本語で、--lang en では各項目の下に英語を添える。
記録に事実がない項目には「記載すべき事実が記録にありません」と記し、推測で埋めない。
--format html 又は pdf（日本語フォントを埋め込んだA4）。記録はバンドル（位置引数又は
--bundle）又はデータベース（--db、--purpose が必須で、読み出し記録に残る）から読む。`

func runIncident(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		fs := newFlagSet(e, "incident", "draft [flags] INCIDENT", "Work with incidents: write the drafts of the reports to the authorities.", "himitsu incident draft inc-2026-01 examples/minato-mobile --report tba-28-first --format pdf -o first.pdf")
		if err := parseFlags(fs, args); err != nil {
			return err
		}
		return usageJA("expected a subcommand: draft", "サブコマンドを指定すること: draft")
	}
	switch args[0] {
	case "draft":
		return runIncidentDraft(ctx, e, args[1:])
	}
	return usageJA("unknown subcommand "+quote(args[0])+": expected draft", "サブコマンド "+quote(args[0])+" はない。draft を指定すること")
}

func quote(s string) string { return "\"" + s + "\"" }

func runIncidentDraft(ctx context.Context, e *env, args []string) error {
	var names []string
	for _, r := range drafts.Reports() {
		names = append(names, string(r))
	}
	fs := newFlagSet(e, "incident draft", "INCIDENT [BUNDLE] --report "+strings.Join(names, "|")+" [--lang ja|en] --format html|pdf [-o FILE] [--bundle DIR | --db DSN --purpose TEXT]",
		`Write the draft of a report about an incident from the carrier's records:
the Telecommunications Business Act Art. 28 first report (tba-28-first) or
detailed report (tba-28-detailed), the APPI Art. 26 preliminary or final
report (appi-preliminary, appi-final), or the notice to the persons affected
(user-notice). The draft is in Japanese, the language of the filing;
--lang en adds English under each item. An item the records hold nothing
for says so ("記載すべき事実が記録にありません / not in the records") and is
never filled by guesswork. --format pdf writes an A4 PDF with the Japanese
font embedded. The records come from a bundle (a second argument or
--bundle) or from the database (--db, with --purpose, recorded in the read
log).`,
		"himitsu incident draft inc-2026-01 examples/minato-mobile --report tba-28-first --format pdf -o first.pdf")
	report := fs.String("report", "", "which draft: "+strings.Join(names, ", ")+" (required)")
	lang := fs.String("lang", "ja", "ja (Japanese) or en (Japanese with English alongside)")
	format := fs.String("format", "html", "html or pdf")
	out := fs.String("o", "", "write the draft to this file instead of standard output")
	bundleDir := fs.String("bundle", "", "read the records from this bundle directory")
	date := fs.String("date", "", "the date the draft bears (YYYY-MM-DD, Japan time; default today)")
	db := fs.String("db", e.getenv("HIMITSU_DB"), "read the records from this database instead of a bundle (env HIMITSU_DB)")
	carrier := fs.String("carrier", "", "carrier ID in the database (optional when it holds one)")
	keyFile := pseudonymKeyFlag(e, fs)
	purpose := purposeFlag(fs, "with --db: why you read the carrier's records, recorded in the read log")
	shared := sharedDBFlag(e, fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *report == "" {
		return usageJA("--report is required: one of "+strings.Join(names, ", "), "--report は必須である: "+strings.Join(names, "、")+" のいずれか")
	}
	r, err := drafts.ParseReport(*report)
	if err != nil {
		return err
	}
	if _, err := drafts.CheckLang(*lang); err != nil {
		return err
	}
	if *format != "html" && *format != "pdf" {
		return usageJA("--format must be html or pdf, got "+quote(*format), "--format は html 又は pdf である（指定: "+quote(*format)+"）")
	}
	now := time.Now()
	if *date != "" {
		d, err := himitsu.ParseDate(*date)
		if err != nil {
			return usagef("--date: %v", err)
		}
		now = d.Time()
	}
	if fs.NArg() == 2 && *bundleDir == "" {
		*bundleDir = fs.Arg(1)
	}
	if fs.NArg() < 1 || fs.NArg() > 2 || (fs.NArg() == 2 && *bundleDir != fs.Arg(1)) {
		return usageJA("give the incident ID, and a bundle directory (or --bundle, or --db)", "事案のIDと、バンドルのフォルダ（又は --bundle、--db）を指定すること")
	}
	id := fs.Arg(0)
	var rec *himitsu.Records
	switch {
	case *bundleDir != "":
		b, _, err := readBundle(ctx, *bundleDir, *keyFile)
		if err != nil {
			return err
		}
		printWarnings(e, "incident draft", b)
		rec = b.Records
	case *db != "":
		acc, err := accessor(e, *purpose, "himitsu incident draft")
		if err != nil {
			return err
		}
		rd, err := readCarrier(ctx, e, *db, *shared, *carrier, acc)
		if err != nil {
			return err
		}
		defer rd.Close()
		rec = rd.records
	default:
		return usageJA("give a bundle directory (or --bundle), or --db (or HIMITSU_DB) for the database", "バンドルのフォルダ（又は --bundle）、又はデータベース（--db 又は HIMITSU_DB）を指定すること")
	}
	d, err := drafts.Build(r, rec, id, now)
	if err != nil {
		return err
	}
	var body []byte
	if *format == "pdf" {
		body, err = drafts.PDF(d, *lang)
	} else {
		body, err = drafts.HTML(d, *lang)
	}
	if err != nil {
		return err
	}
	if *out == "" {
		_, err = e.stdout.Write(body)
		return err
	}
	return outfile.Write(*out, func(w io.Writer) error { _, err := w.Write(body); return err })
}
