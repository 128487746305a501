package bundle

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"unicode/utf8"

	himitsu "github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/safetext"
)

// tableReader reads the rows of one tabular file, CSV or JSONL, into a
// struct of the register's type and remembers where each field came from.
type tableReader struct {
	file  string
	plan  *plan
	csv   *csvReader // also the line reader for JSONL
	jsonl bool

	cols   []int       // CSV: plan column of each cell
	colOf  map[int]int // CSV: cell of each plan column
	line   int         // line of the current row
	fields [][]byte    // CSV: cells of the current row
	flines []int       // CSV: line of each cell
	seen   []bool      // JSONL: keys present in the current object
	times  []string    // times of the current row as written
	errs   *errList    // where the errors of values go
	bad    bool        // the current row has an error
	failed bool        // some row of the file has an error
}

// report adds a value error of the current row and marks the row bad.
func (t *tableReader) report(err error) {
	t.bad, t.failed = true, true
	t.errs.add(err)
}

func (t *tableReader) err(line int, field, en, ja string, args ...any) *himitsu.Error {
	return invalid(t.file, line, field, en, ja, args...)
}

// fail locates a Validate or CheckRefs error in the current row.
func (t *tableReader) fail(err error) error {
	field, msg, msgJA := flatten(err)
	times := t.rowTimes()
	return located(t.file, t.lineOf(field), field, asWritten(msg, times), asWritten(msgJA, times))
}

// rowTimes returns the times of the current row as written: from its
// cells in CSV (taken only now, on an error, so that reading a good row
// copies nothing), as kept while decoding in JSONL.
func (t *tableReader) rowTimes() []string {
	if t.jsonl {
		return t.times
	}
	var out []string
	for i, f := range t.fields {
		if i < len(t.cols) && t.plan.cols[t.cols[i]].kind == kTime && len(f) > 0 {
			out = append(out, string(f))
		}
	}
	return out
}

// cellErr locates an error of setCell in the current row.
func (t *tableReader) cellErr(line int, field string, err error) error {
	msg, msgJA := err.Error(), err.Error()
	var ce *cellError
	if errors.As(err, &ce) {
		msgJA = ce.msgJA
	}
	return located(t.file, line, field, msg, msgJA)
}

// lineOf is the line on which the named field of the current row starts.
func (t *tableReader) lineOf(field string) int {
	if t.jsonl {
		return t.line
	}
	name, _, _ := strings.Cut(field, "[")
	if c, ok := t.plan.byName[name]; ok {
		if i, ok := t.colOf[c]; ok {
			return t.flines[i]
		}
	}
	return t.line
}

// openTable opens a tabular file and reads its header.
func openTable(path, file string, typ reflect.Type, errs *errList) (*tableReader, *os.File, error) {
	f, r, err := openInBundle(filepath.Dir(path), filepath.Base(path), limitFor(file))
	if err != nil {
		return nil, nil, err
	}
	t := &tableReader{file: file, plan: planFor(typ), csv: newCSVReader(r), jsonl: strings.HasSuffix(file, ".jsonl"), errs: errs}
	if err := t.csv.skipBOM(); err != nil {
		f.Close()
		return nil, nil, t.syntax(err)
	}
	if t.jsonl {
		t.seen = make([]bool, len(t.plan.cols))
		return t, f, nil
	}
	if err := t.header(); err != nil {
		f.Close()
		return nil, nil, err
	}
	return t, f, nil
}

// syntax turns an error of the CSV reader into a located error.
func (t *tableReader) syntax(err error) error {
	var se *csvSyntaxError
	if errors.As(err, &se) {
		field := ""
		if se.Field >= 0 && se.Field < len(t.cols) {
			field = t.plan.cols[t.cols[se.Field]].Name
		}
		return located(t.file, se.Line, field, se.Msg, se.MsgJA)
	}
	var he *himitsu.Error
	if errors.As(err, &he) {
		if he.Line == 0 {
			he.Line = t.csv.nextLn
		}
		return he
	}
	return unreadable(t.file, "cannot be read", "読み込めない", err)
}

func (t *tableReader) header() error {
	fields, _, err := t.csv.Read()
	if err == io.EOF {
		return t.err(1, "", "the file is empty; a CSV file starts with a header row of column names", "ファイルが空である。CSV ファイルは列名を並べた見出し行で始まる")
	}
	if err != nil {
		return t.syntax(err)
	}
	t.colOf = make(map[int]int, len(fields))
	t.cols = make([]int, len(fields))
	for i, f := range fields {
		if !utf8.Valid(f) {
			return t.err(1, "", "column %d: the header is not valid UTF-8", "%d 列目: 見出しが UTF-8 として不正である", i+1)
		}
		c, ok := t.plan.byName[string(f)]
		if !ok || t.plan.cols[c].kind == kStruct || t.plan.cols[c].kind == kStructs {
			return t.err(1, safetext.Echo(string(f)), "unknown column (the columns are %s)", "不明な列である（列は %s）", t.columnList())
		}
		if _, dup := t.colOf[c]; dup {
			return t.err(1, string(f), "the column appears twice", "列が重複している")
		}
		t.cols[i] = c
		t.colOf[c] = i
	}
	for c, col := range t.plan.cols {
		if _, ok := t.colOf[c]; !ok && col.Required {
			return t.err(1, col.Name, "required column is missing", "必須の列がない")
		}
	}
	return nil
}

func (t *tableReader) columnList() string {
	names := make([]string, len(t.plan.cols))
	for i, c := range t.plan.cols {
		names[i] = c.Name
	}
	return strings.Join(names, ", ")
}

// next reads the next row into rv, which the caller has zeroed. It returns
// false at the end of the file. A bad value is reported to t.errs and
// marks the row bad (t.bad), and the other cells are still read; the error
// returned is one that ends the file (malformed CSV, a read error).
func (t *tableReader) next(rv reflect.Value) (bool, error) {
	t.bad = false
	t.times = t.times[:0]
	if t.jsonl {
		return t.nextJSON(rv)
	}
	fields, line, err := t.csv.Read()
	if err == io.EOF {
		return false, nil
	}
	if err != nil {
		return false, t.syntax(err)
	}
	t.line, t.fields, t.flines = line, fields, t.csv.fieldLines
	if len(fields) != len(t.cols) {
		t.report(t.err(line, "", rowCells, rowCellsJA, len(fields), len(t.cols)))
		return true, nil
	}
	for i, f := range fields {
		c := &t.plan.cols[t.cols[i]]
		if !utf8.Valid(f) {
			t.report(t.err(t.flines[i], c.Name, "is not valid UTF-8", "UTF-8 として不正である"))
			continue
		}
		if c.kind == kString || c.kind == kStrings {
			f = unguard(f)
		}
		if err := setCell(rv, c, f); err != nil {
			t.report(t.cellErr(t.flines[i], c.Name, err))
			continue
		}
	}
	return true, nil
}

// nextJSON reads one JSON object per line. Blank lines are skipped. An
// error in a line reports it and abandons the rest of that line only.
func (t *tableReader) nextJSON(rv reflect.Value) (bool, error) {
	var l []byte
	for {
		t.line = t.csv.nextLn
		var err error
		l, err = t.csv.readLine()
		if err != nil {
			return false, t.syntax(err)
		}
		if l == nil {
			return false, nil
		}
		if len(bytes.TrimSpace(l)) > 0 {
			break
		}
	}
	if err := t.objectJSON(l, rv); err != nil {
		t.report(err)
	}
	return true, nil
}

// objectJSON reads the object on line l into rv.
func (t *tableReader) objectJSON(l []byte, rv reflect.Value) error {
	if !utf8.Valid(l) {
		return t.err(t.line, "", "is not valid UTF-8", "UTF-8 として不正である")
	}
	clear(t.seen)
	dec := json.NewDecoder(bytes.NewReader(l))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil {
		return t.jsonErr(err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return t.err(t.line, "", "each line must hold one JSON object", "各行は一つの JSON オブジェクトでなければならない")
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return t.jsonErr(err)
		}
		key, _ := tok.(string)
		c, ok := t.plan.byName[key]
		if !ok || t.plan.cols[c].kind == kStruct || t.plan.cols[c].kind == kStructs {
			return t.err(t.line, safetext.Echo(key), "unknown field (the fields are %s)", "不明な項目である（項目は %s）", t.columnList())
		}
		if t.seen[c] {
			return t.err(t.line, key, "the field appears twice", "項目が重複している")
		}
		t.seen[c] = true
		if err := t.setJSON(dec, rv, &t.plan.cols[c]); err != nil {
			return err
		}
	}
	if _, err := dec.Token(); err != nil {
		return t.jsonErr(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return t.err(t.line, "", "a line must hold exactly one JSON object", "一行には JSON オブジェクトをちょうど一つ記載しなければならない")
	}
	return nil
}

func (t *tableReader) jsonErr(err error) error {
	if err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF) {
		return t.err(t.line, "", "the JSON object is not complete", "JSON オブジェクトが完結していない")
	}
	return t.err(t.line, "", "malformed JSON: %s", "JSON の形式が不正である: %s", strings.TrimPrefix(err.Error(), "json: "))
}

var (
	jsonKinds   = [...]string{kString: "a string", kFact: "true, false or null", kInt: "a whole number", kDate: "a date string", kTime: "a time string", kStrings: "an array of strings"}
	jsonKindsJA = [...]string{kString: "文字列", kFact: "true、false 又は null", kInt: "整数", kDate: "日付の文字列", kTime: "日時の文字列", kStrings: "文字列の配列"}
)

// The message of a row whose cells do not match the header.
const (
	rowCells   = "the row has %d cells, the header has %d"
	rowCellsJA = "行のセル数 %d が見出しの列数 %d と一致しない"
)

// setJSON reads one value into field c, refusing values of the wrong JSON
// type rather than converting them.
func (t *tableReader) setJSON(dec *json.Decoder, rv reflect.Value, c *column) error {
	tok, err := dec.Token()
	if err != nil {
		return t.jsonErr(err)
	}
	wrong := func(got, gotJA string) error {
		if v := tokenText(tok); v != "" {
			got, gotJA = fmt.Sprintf("%s %q", got, quoteCell([]byte(v))), fmt.Sprintf("%s「%s」", gotJA, quoteCell([]byte(v)))
		}
		return t.err(t.line, c.Name, "must be %[1]s, got %[2]s", "%[3]sでなければならないが、%[4]sである", jsonKinds[c.kind], got, jsonKindsJA[c.kind], gotJA)
	}
	switch v := tok.(type) {
	case nil:
		return nil
	case string:
		switch c.kind {
		case kString, kDate, kTime:
			if err := setCell(rv, c, []byte(v)); err != nil {
				return t.cellErr(t.line, c.Name, err)
			}
			if c.kind == kTime && v != "" {
				t.times = append(t.times, v)
			}
			return nil
		}
		return wrong("a string", "文字列")
	case bool:
		if c.kind != kFact {
			return wrong("a boolean", "真偽値")
		}
		rv.Field(c.Index).SetUint(uint64(himitsu.FactOf(v)))
		return nil
	case json.Number:
		if c.kind != kInt {
			return wrong("a number", "数値")
		}
		if err := setCell(rv, c, []byte(v.String())); err != nil {
			return t.cellErr(t.line, c.Name, err)
		}
		return nil
	case json.Delim:
		if v != '[' || c.kind != kStrings {
			if v == '{' {
				return wrong("an object", "オブジェクト")
			}
			return wrong("an array", "配列")
		}
		var items []string
		for dec.More() {
			tok, err := dec.Token()
			if err != nil {
				return t.jsonErr(err)
			}
			s, ok := tok.(string)
			if ok && len(s) > maxTextBytes {
				return t.err(t.line, c.Name, tooLong, tooLongJA, sizeText(maxTextBytes))
			}
			if !ok || s == "" {
				return t.err(t.line, c.Name, "must be an array of non-empty strings", "空でない文字列の配列でなければならない")
			}
			items = append(items, s)
		}
		if _, err := dec.Token(); err != nil {
			return t.jsonErr(err)
		}
		s := reflect.MakeSlice(c.Type, len(items), len(items))
		for i, x := range items {
			s.Index(i).SetString(x)
		}
		rv.Field(c.Index).Set(s)
		return nil
	}
	return wrong("another value", "その他の値")
}

// tokenText is the text of a JSON scalar token, for messages.
func tokenText(tok json.Token) string {
	switch v := tok.(type) {
	case string:
		return v
	case json.Number:
		return v.String()
	case bool:
		if v {
			return "true"
		}
		return "false"
	}
	return ""
}

// The messages of a duplicate ID and of an empty JSONL file.
const (
	dupID        = "duplicate id %q (first used on line %d)"
	dupIDJA      = "ID「%s」が重複している（最初の使用は %d 行目）"
	emptyJSONL   = "the file is empty; remove it or add records, one JSON object per line"
	emptyJSONLJA = "ファイルが空である。ファイルを削除するか、一行に一つの JSON オブジェクトとして記録を追加すること"
)

// tableLoc locates fields of the records of one tabular file.
type tableLoc struct {
	file  string
	plan  *plan
	lines []int         // first line of each record
	multi map[int][]int // per-column lines of records that span lines
	colOf map[int]int
}

func (l *tableLoc) locate(i int, field string) (string, int, string) {
	if i < 0 || i >= len(l.lines) {
		return l.file, 0, field
	}
	if fl, ok := l.multi[i]; ok {
		name, _, _ := strings.Cut(field, "[")
		if c, ok := l.plan.byName[name]; ok {
			if j, ok := l.colOf[c]; ok && j < len(fl) {
				return l.file, fl[j], field
			}
		}
	}
	return l.file, l.lines[i], field
}

// readTable reads a whole non-stream tabular register, validating each
// record and refusing duplicate IDs; the errors go to errs, and the rows
// that have one are kept (so that references to them do not fail as
// well) and returned in bad. It returns a slice of typ, or an invalid
// Value when the file cannot be read at all; the error returned is the
// context's.
func readTable(ctx context.Context, path, file string, typ reflect.Type, sub func(string) string, errs *errList) (_ reflect.Value, _ *tableLoc, _ map[int]bool, complete bool, _ error) {
	t, f, err := openTable(path, file, typ, errs)
	if err != nil {
		errs.add(err)
		return reflect.Value{}, nil, nil, false, nil
	}
	defer f.Close()
	slice := reflect.MakeSlice(reflect.SliceOf(typ), 0, 64)
	loc := &tableLoc{file: file, plan: t.plan, multi: map[int][]int{}, colOf: t.colOf}
	bad := map[int]bool{}
	firstLine := map[string]int{}
	idCol := t.plan.byName["id"]
	lostID := false // a bad row whose ID is unknown: references to it would fail
	defer func() { complete = complete && !lostID }()
	for n := 0; !errs.full(); n++ {
		if n%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return reflect.Value{}, nil, nil, false, err
			}
		}
		rv := reflect.New(typ).Elem()
		ok, err := t.next(rv)
		if err != nil {
			errs.add(err)
			break
		}
		if !ok {
			complete = true
			break
		}
		rewriteSubscriber(t.plan, rv, sub)
		if !t.bad {
			if err := rv.Addr().Interface().(validator).Validate(); err != nil {
				t.report(t.fail(err))
			}
		}
		id := rv.Field(t.plan.cols[idCol].Index).String()
		if first, dup := firstLine[id]; dup && id != "" {
			t.report(t.err(t.lineOf("id"), "id", dupID, dupIDJA, quoted{s: id}, first))
		} else if id != "" {
			firstLine[id] = t.lineOf("id")
		}
		if t.bad {
			bad[slice.Len()] = true
			if id == "" {
				lostID = true
			}
		}
		loc.lines = append(loc.lines, t.line)
		if !t.jsonl && len(t.flines) > 0 && t.flines[len(t.flines)-1] != t.line {
			loc.multi[slice.Len()] = append([]int(nil), t.flines...)
		}
		slice = reflect.Append(slice, rv)
	}
	if t.jsonl && slice.Len() == 0 && !errs.full() {
		errs.add(t.err(1, "", emptyJSONL, emptyJSONLJA))
	}
	return slice, loc, bad, complete, nil
}

// streamTable reads a log row by row into *v (reused for every row),
// validates it and calls fn, which may check references with t.fail and
// report them with t.report. Bad rows are reported to errs and skipped;
// after the first one fn is no longer called (the stream is refused as a
// whole), but the file is read on for more errors until errs is full. It
// returns the error of fn or of the context unchanged, and nil otherwise
// (the caller returns errs).
func streamTable[T any, PT interface {
	*T
	validator
}](ctx context.Context, path, file string, v PT, sub func(string) string, errs *errList, fn func(t *tableReader) error) error {
	t, f, err := openTable(path, file, reflect.TypeFor[T](), errs)
	if err != nil {
		errs.add(err)
		return nil
	}
	defer f.Close()
	rv := reflect.ValueOf(v).Elem()
	var zero T
	ids := newIDTracker(path, file)
	idField := t.plan.cols[t.plan.byName["id"]].Index
	for n := 0; !errs.full(); n++ {
		if n%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		*v = zero
		ok, err := t.next(rv)
		if err != nil {
			errs.add(err)
			return nil
		}
		if !ok {
			if t.jsonl && n == 0 {
				errs.add(t.err(1, "", emptyJSONL, emptyJSONLJA))
			}
			return nil
		}
		rewriteSubscriber(t.plan, rv, sub)
		if !t.bad {
			if err := v.Validate(); err != nil {
				t.report(t.fail(err))
			}
		}
		if id := rv.Field(idField).String(); id != "" && ids.seen(id, t.line) {
			if first := firstLineOf(path, file, id, t.line); first > 0 {
				t.report(t.err(t.lineOf("id"), "id", dupID, dupIDJA, quoted{s: id}, first))
			}
		}
		if t.bad {
			continue
		}
		if err := fn(t); err != nil {
			return err
		}
	}
	return nil
}
