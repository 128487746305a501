package clue

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	himitsu "github.com/himitsu-oss/himitsu"
)

// Input is one complaint read from a file for screening. Label is set when
// the file carries a person's reading ("labels" in JSONL, "clue" and
// "kind" columns in CSV), so the rules can be measured against it.
type Input struct {
	ID    string
	Text  string
	Lang  string
	At    time.Time
	Line  int
	Label *Labelled
}

// maxLine bounds one JSONL line (a long complaint is a few kilobytes).
const maxLine = 1 << 20

// ReadInputs reads complaints as JSONL (one object a line with "id",
// "text", optional "lang" and "received_at") or, when the name ends in
// .csv, as CSV with a header naming the same columns. A bundle's
// complaints file is read as well: "summary" stands in for a missing
// "text", and "leak_clue" (the agent's reading) becomes the label. Errors name the
// file, the line and the field; nothing is returned on error.
func ReadInputs(name string, r io.Reader) ([]Input, error) {
	if strings.HasSuffix(strings.ToLower(name), ".csv") {
		return readCSV(name, r)
	}
	return readJSONL(name, r)
}

func inputErr(name string, line int, field, en, ja string, args ...any) error {
	return &himitsu.Error{Op: "clue.ReadInputs", Kind: himitsu.KindInvalid, File: name, Line: line, Field: field,
		Msg: fmt.Sprintf(en, args...), MsgJA: fmt.Sprintf(ja, args...)}
}

func readJSONL(name string, r io.Reader) ([]Input, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), maxLine)
	var out []Input
	seen := map[string]int{}
	for line := 1; sc.Scan(); line++ {
		b := bytes.TrimSpace(sc.Bytes())
		if len(b) == 0 {
			continue
		}
		var rec struct {
			ID         string `json:"id"`
			Text       string `json:"text"`
			Summary    string `json:"summary"`
			LeakClue   *bool  `json:"leak_clue"`
			Lang       string `json:"lang"`
			ReceivedAt string `json:"received_at"`
			Labels     *struct {
				Clue bool   `json:"clue"`
				Kind string `json:"kind"`
			} `json:"labels"`
		}
		if err := json.Unmarshal(b, &rec); err != nil {
			return nil, inputErr(name, line, "", "not a JSON object: %v", "JSONのオブジェクトではない: %v", err)
		}
		// A bundle's complaints file works too: its summary stands in
		// for a missing text, and the agent's leak_clue is the label.
		if rec.Text == "" {
			rec.Text = rec.Summary
		}
		in := Input{ID: rec.ID, Text: rec.Text, Lang: rec.Lang, Line: line}
		switch {
		case rec.Labels != nil:
			in.Label = &Labelled{ID: rec.ID, Text: rec.Text, Clue: rec.Labels.Clue, Kind: rec.Labels.Kind}
		case rec.LeakClue != nil:
			in.Label = &Labelled{ID: rec.ID, Text: rec.Text, Clue: *rec.LeakClue}
		}
		if err := in.check(name, rec.ReceivedAt, seen); err != nil {
			return nil, err
		}
		out = append(out, in)
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, inputErr(name, len(out)+1, "", "line longer than %d bytes", "行が%dバイトを超える", maxLine)
		}
		return nil, inputErr(name, 0, "", "cannot read: %v", "読めない: %v", err)
	}
	return out, nil
}

func readCSV(name string, r io.Reader) ([]Input, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return nil, inputErr(name, 1, "", "no header line: %v", "見出し行がない: %v", err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))] = i
	}
	if _, ok := col["text"]; !ok {
		if i, ok := col["summary"]; ok {
			col["text"] = i // a bundle's complaints.csv
		}
	}
	if _, ok := col["clue"]; !ok {
		if i, ok := col["leak_clue"]; ok {
			col["clue"] = i // the agent's reading in a bundle
		}
	}
	for _, need := range []string{"id", "text"} {
		if _, ok := col[need]; !ok {
			return nil, inputErr(name, 1, need, "missing column", "列がない")
		}
	}
	get := func(rec []string, c string) string {
		if i, ok := col[c]; ok && i < len(rec) {
			return rec[i]
		}
		return ""
	}
	var out []Input
	seen := map[string]int{}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			line := 0
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.Line
			}
			return nil, inputErr(name, line, "", "bad CSV: %v", "CSVが不正: %v", err)
		}
		// FieldPos is valid only after a successful Read.
		line, _ := cr.FieldPos(0)
		in := Input{ID: get(rec, "id"), Text: get(rec, "text"), Lang: get(rec, "lang"), Line: line}
		if strings.TrimSpace(in.Text) == "" {
			// A bundle's complaints.csv may have an empty text column
			// beside its summary: read the summary then.
			in.Text = get(rec, "summary")
		}
		// An empty leak_clue is unknown (bundle format 2): no label.
		if c, ok := col["clue"]; ok && c < len(rec) && strings.TrimSpace(rec[c]) != "" {
			v := strings.ToLower(strings.TrimSpace(rec[c]))
			in.Label = &Labelled{ID: in.ID, Text: in.Text, Clue: v == "true" || v == "yes" || v == "1", Kind: get(rec, "kind")}
		}
		if err := in.check(name, get(rec, "received_at"), seen); err != nil {
			return nil, err
		}
		out = append(out, in)
	}
	return out, nil
}

func (in *Input) check(name, at string, seen map[string]int) error {
	if in.ID == "" {
		return inputErr(name, in.Line, "id", "missing", "未記入")
	}
	if prev, ok := seen[in.ID]; ok {
		return inputErr(name, in.Line, "id", "duplicate id %q (first on line %d)", "IDが重複（%[2]d行目にもある）: %[1]q", in.ID, prev)
	}
	seen[in.ID] = in.Line
	if strings.TrimSpace(in.Text) == "" {
		return inputErr(name, in.Line, "text", "missing", "未記入")
	}
	if !utf8.ValidString(in.Text) {
		return inputErr(name, in.Line, "text", "not valid UTF-8", "UTF-8として不正")
	}
	switch in.Lang {
	case "", "ja", "en":
	default:
		return inputErr(name, in.Line, "lang", "must be ja or en, got %q", "ja又はenであること（値: %q）", in.Lang)
	}
	if at != "" {
		t, err := time.Parse(time.RFC3339, at)
		if err != nil {
			return inputErr(name, in.Line, "received_at", "not an RFC 3339 time: %q", "RFC 3339の日時ではない: %q", at)
		}
		in.At = t
	}
	return nil
}
