package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/textwidth"
)

// runLog implements 'himitsu log'.
func runLog(ctx context.Context, e *env, args []string) error { return logCommand(ctx, e, "log", args) }

// Values of --kind.
const (
	logReads   = "reads"
	logChanges = "changes"
	logAll     = "all"
)

func logCommand(ctx context.Context, e *env, name string, args []string) error {
	fs := newFlagSet(e, name, "[--db DSN] [--carrier ID] [--kind reads|changes|all] [--format text|json]",
		`List who read and who changed a carrier's records in the database, when,
why and with which command: every read by assess, export and quickstart (what
and how many rows) and every committed import or deletion (records written per
register). Both logs outlive the carrier's deletion.`,
		"himitsu "+name+" --carrier minato-mobile --kind changes --format json")
	db := dbFlag(e, fs)
	shared := sharedDBFlag(e, fs)
	carrier := fs.String("carrier", "", "carrier ID (optional when the database holds one)")
	kind := fs.String("kind", logAll, "reads, changes or all")
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
	if *kind != logReads && *kind != logChanges && *kind != logAll {
		return usagef("--kind must be reads, changes or all, got %q", *kind)
	}
	s, err := openStore(ctx, e, *db, *shared)
	if err != nil {
		return err
	}
	defer s.Close()
	id := *carrier
	if id == "" {
		// The logs outlive deleted carriers, so only an empty choice is
		// resolved against the carriers still present.
		if id, err = pickCarrier(ctx, s, ""); err != nil {
			return err
		}
	}
	// Pointers, so that JSON leaves out a log that was not asked for but
	// shows an asked-for empty one as [].
	var (
		reads   *[]himitsu.ReadEntry
		changes *[]himitsu.ChangeEntry
	)
	if *kind != logChanges {
		r, err := s.ReadLog(ctx, id)
		if err != nil {
			return err
		}
		reads = &r
	}
	if *kind != logReads {
		c, err := s.ChangeLog(ctx, id)
		if err != nil {
			return err
		}
		changes = &c
	}
	if *format == "json" {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(struct {
			Carrier string                 `json:"carrier"`
			Reads   *[]himitsu.ReadEntry   `json:"reads,omitempty"`
			Changes *[]himitsu.ChangeEntry `json:"changes,omitempty"`
		}{id, reads, changes})
	}
	if reads != nil {
		if err := writeReads(e.stdout, id, *reads); err != nil {
			return err
		}
	}
	if reads != nil && changes != nil {
		if _, err := fmt.Fprintln(e.stdout); err != nil {
			return err
		}
	}
	if changes != nil {
		return writeChanges(e.stdout, id, *changes)
	}
	return nil
}

func writeReads(w io.Writer, id string, entries []himitsu.ReadEntry) error {
	if _, err := fmt.Fprintf(w, "reads of carrier %s / 事業者 %s の記録の読み出し\n", id, id); err != nil {
		return err
	}
	if len(entries) == 0 {
		_, err := fmt.Fprintf(w, "no recorded reads of carrier %s / 事業者 %s の記録の読み出しはない\n", id, id)
		return err
	}
	rows := [][]string{{"ID", "日時 (JST) AT", "読む者 ACTOR", "目的 PURPOSE", "手段 TOOL", "対象 WHAT", "件数 ROWS"}}
	for _, r := range entries {
		rows = append(rows, []string{strconv.FormatInt(r.ID, 10), r.At.In(himitsu.Tokyo).Format("2006-01-02 15:04:05"),
			r.Actor, r.Purpose, r.Tool, r.What, strconv.Itoa(r.Rows)})
	}
	return writeTable(w, rows)
}

func writeChanges(w io.Writer, id string, entries []himitsu.ChangeEntry) error {
	if _, err := fmt.Fprintf(w, "changes of carrier %s / 事業者 %s の記録の変更\n", id, id); err != nil {
		return err
	}
	if len(entries) == 0 {
		_, err := fmt.Fprintf(w, "no recorded changes of carrier %s / 事業者 %s の記録の変更はない\n", id, id)
		return err
	}
	// The text shows the total written; the counts per register are in
	// the JSON output.
	rows := [][]string{{"ID", "日時 (JST) AT", "変更者 ACTOR", "目的 PURPOSE", "手段 TOOL", "操作 ACTION", "書込件数 RECORDS"}}
	for _, c := range entries {
		written := "-"
		if c.Counts != nil {
			n := 0
			for _, v := range c.Counts {
				n += v
			}
			written = strconv.Itoa(n)
		}
		rows = append(rows, []string{strconv.FormatInt(c.ID, 10), c.At.In(himitsu.Tokyo).Format("2006-01-02 15:04:05"),
			c.Actor, c.Purpose, c.Tool, c.Action, written})
	}
	return writeTable(w, rows)
}

// writeTable pads columns by display width, so Japanese headings and
// purposes line up in a terminal.
func writeTable(w io.Writer, rows [][]string) error {
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
		if _, err := fmt.Fprintln(w, b.String()); err != nil {
			return err
		}
	}
	return nil
}
