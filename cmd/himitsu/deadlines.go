package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/assess"
	"github.com/himitsu-oss/himitsu/internal/textwidth"
)

func runDeadlines(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "deadlines", "[BUNDLE | --db DSN [--carrier ID] --purpose TEXT] [--as-of DATE] [--format text|json] [--lang ja|en] [--open]",
		`Print the deadline board: every report under TBA Art. 28 and APPI Art. 26
the incidents call for, every recurrence measure with a due day, the notice
to users a secrecy incident calls for and the next risk assessment, with
its day, state (late, due-soon, upcoming, done-late, done) and legal basis,
late ones first. The days are the assessment's own. The source is a bundle
directory or the database (with --purpose, recorded in its read log).

期限一覧を出力する。事故から生じる電気通信事業法第28条及び個人情報保護法第26条の
報告、期限のある再発防止策、利用者への通知、次回のリスク評価を、期限、状態（期限超過、
期限間近、予定、実施済（遅延）、実施済）及び根拠とともに、期限超過を先頭に示す。
期限の計算は評価と同じである。対象はバンドル又はデータベース（--purpose が必須で、
読み出し記録に残る）。`,
		"himitsu deadlines examples/minato-mobile --as-of 2026-11-01 --open")
	asOf := fs.String("as-of", himitsu.DateOf(time.Now()).String(), "the day the board is judged on (YYYY-MM-DD, Japan time)")
	format := fs.String("format", "text", "output: text or json")
	lang := fs.String("lang", langDefault(e), "language of the text output: ja or en (env HIMITSU_LANG)")
	open := fs.Bool("open", false, "only what is still to be done (late, due soon, upcoming)")
	soon := fs.Int("due-soon-days", himitsu.DefaultSoonDays, "days before its due day a duty counts as due soon")
	dayCount := fs.String("day-count", assess.ExcludeFirstDay, "how statutory periods are counted: exclude-first-day or include-first-day (as for assess)")
	db := fs.String("db", e.getenv("HIMITSU_DB"), "read a carrier in this database instead of a bundle (env HIMITSU_DB)")
	carrier := fs.String("carrier", "", "carrier ID in the database (optional when it holds one)")
	keyFile := pseudonymKeyFlag(e, fs)
	purpose := purposeFlag(fs, "with --db: why you read the carrier's records, recorded in the read log")
	shared := sharedDBFlag(e, fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	day, err := himitsu.ParseDate(*asOf)
	if err != nil {
		return usageJA("--as-of: "+err.Error(), "--as-of は YYYY-MM-DD 形式の日付である")
	}
	if *format != "text" && *format != "json" {
		return usageJA(fmt.Sprintf("--format must be text or json, got %q", *format), fmt.Sprintf("--format は text 又は json である（%q が指定された）", *format))
	}
	if *lang != "ja" && *lang != "en" {
		return usageJA(fmt.Sprintf("--lang must be ja or en, got %q", *lang), fmt.Sprintf("--lang は ja 又は en である（%q が指定された）", *lang))
	}
	if *soon < 0 {
		return usageJA("--due-soon-days must not be negative", "--due-soon-days に負の値は指定できない")
	}
	var rec *himitsu.Records
	switch {
	case fs.NArg() == 1:
		b, _, err := readBundle(ctx, fs.Arg(0), *keyFile)
		if err != nil {
			return err
		}
		printWarnings(e, "deadlines", b)
		rec = b.Records
	case fs.NArg() == 0 && *db != "":
		acc, err := accessor(e, *purpose, "himitsu deadlines")
		if err != nil {
			return err
		}
		r, err := readCarrier(ctx, e, *db, *shared, *carrier, acc)
		if err != nil {
			return err
		}
		defer r.Close()
		rec = r.records
	default:
		return usageJA("give one bundle directory, or --db (or HIMITSU_DB) for the database", "バンドルのディレクトリを一つ、又はデータベースを --db（又は HIMITSU_DB）で指定すること")
	}
	items, err := assess.DueItems(rec, assess.Options{AsOf: day, DayCount: *dayCount}, *soon)
	if err != nil {
		return err
	}
	b := himitsu.NewBoard(day, *soon, items)
	if *open {
		var kept []himitsu.DueItem
		for _, it := range b.Items {
			if it.State.Open() {
				kept = append(kept, it)
			}
		}
		b = himitsu.NewBoard(day, *soon, kept)
	}
	if *format == "json" {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(b)
	}
	return writeBoard(e.stdout, rec.Carrier, b, *lang)
}

var boardStateWords = map[himitsu.DueState]himitsu.Text{
	himitsu.DueLate:     {JA: "期限超過", EN: "LATE"},
	himitsu.DueSoon:     {JA: "期限間近", EN: "due soon"},
	himitsu.DueUpcoming: {JA: "予定", EN: "upcoming"},
	himitsu.DueDoneLate: {JA: "実施済（遅延）", EN: "done late"},
	himitsu.DueDone:     {JA: "実施済", EN: "done"},
}

// writeBoard prints the board as a table in lang.
func writeBoard(w io.Writer, c himitsu.Carrier, b himitsu.Board, lang string) error {
	t := func(ja, en string) string { return himitsu.Text{JA: ja, EN: en}.In(lang) }
	fmt.Fprintf(w, "%s %s（%s）  %s %s\n", t("期限一覧", "Deadline board"), c.Name, c.ID, t("基準日", "as of"), b.AsOf)
	fmt.Fprintf(w, "%s %d  %s %d  %s %d  %s %d  %s %d\n\n",
		boardStateWords[himitsu.DueLate].In(lang), b.Late, boardStateWords[himitsu.DueSoon].In(lang), b.Soon,
		boardStateWords[himitsu.DueUpcoming].In(lang), b.Upcoming, boardStateWords[himitsu.DueDoneLate].In(lang), b.DoneLate,
		boardStateWords[himitsu.DueDone].In(lang), b.Done)
	if len(b.Items) == 0 {
		fmt.Fprintln(w, t("期限のあるものはない。", "Nothing is due."))
		return nil
	}
	rows := [][]string{{t("状態", "STATE"), t("期限", "DUE"), t("内容", "WHAT"), t("対象", "RECORD"), t("実施日", "DONE"), t("根拠", "BASIS")}}
	for _, it := range b.Items {
		st := boardStateWords[it.State].In(lang)
		if it.DaysLate > 0 {
			st += fmt.Sprintf(t("（%d日超過）", " (%d days)"), it.DaysLate)
		}
		due := it.Due.String()
		if !it.Firm {
			due += t("（目安）", " (target)")
		}
		done := "-"
		if !it.DoneOn.IsZero() {
			done = it.DoneOn.String()
		}
		rows = append(rows, []string{st, due, it.What.In(lang), it.Register + "/" + it.Record, done, it.Basis.In(lang)})
	}
	// Columns padded by display width, so that Japanese (two columns a
	// character) lines up; the last column is not padded.
	widths := make([]int, len(rows[0]))
	for _, r := range rows {
		for i, c := range r {
			widths[i] = max(widths[i], textwidth.Width(c))
		}
	}
	for _, r := range rows {
		var line strings.Builder
		for i, c := range r {
			if i == len(r)-1 {
				line.WriteString(c)
				break
			}
			line.WriteString(textwidth.PadRight(c, widths[i]) + "  ")
		}
		if _, err := fmt.Fprintln(w, line.String()); err != nil {
			return err
		}
	}
	return nil
}
