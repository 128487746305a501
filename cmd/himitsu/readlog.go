package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/textwidth"
)

func runReadLog(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "readlog", "[--db DSN] [--carrier ID] [--format text|json]",
		`List who read a carrier's records from the database, when, why, with which
command, what and how many rows: every read by assess, export and quickstart
is recorded, and the record outlives the carrier's deletion.`,
		"himitsu readlog --carrier minato-mobile --format json")
	db := dbFlag(e, fs)
	carrier := fs.String("carrier", "", "carrier ID (optional when the database holds one)")
	format := fs.String("format", "text", "text or json")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return usagef("unexpected arguments %v", fs.Args())
	}
	if *format != "text" && *format != "json" {
		return usagef("--format must be text or json, got %q", *format)
	}
	s, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	id := *carrier
	if id == "" {
		// The log outlives deleted carriers, so only an empty choice is
		// resolved against the carriers still present.
		if id, err = pickCarrier(ctx, s, ""); err != nil {
			return err
		}
	}
	entries, err := s.ReadLog(ctx, id)
	if err != nil {
		return err
	}
	if *format == "json" {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(struct {
			Carrier string              `json:"carrier"`
			Reads   []himitsu.ReadEntry `json:"reads"`
		}{id, entries})
	}
	if len(entries) == 0 {
		fmt.Fprintf(e.stdout, "no recorded reads of carrier %s / 事業者 %s の記録の読み出しはない\n", id, id)
		return nil
	}
	rows := [][]string{{"ID", "日時 (JST) AT", "読む者 ACTOR", "目的 PURPOSE", "手段 TOOL", "対象 WHAT", "件数 ROWS"}}
	for _, r := range entries {
		rows = append(rows, []string{strconv.FormatInt(r.ID, 10), r.At.In(himitsu.Tokyo).Format("2006-01-02 15:04:05"),
			r.Actor, r.Purpose, r.Tool, r.What, strconv.Itoa(r.Rows)})
	}
	// Columns are padded by display width, so Japanese headings and
	// purposes line up in a terminal.
	widths := make([]int, len(rows[0]))
	for _, row := range rows {
		for i, c := range row {
			widths[i] = max(widths[i], textwidth.Width(c))
		}
	}
	for _, row := range rows {
		var b strings.Builder
		for i, c := range row {
			if i == len(row)-1 {
				b.WriteString(c)
				break
			}
			b.WriteString(textwidth.PadRight(c, widths[i]+2))
		}
		if _, err := fmt.Fprintln(e.stdout, b.String()); err != nil {
			return err
		}
	}
	return nil
}
