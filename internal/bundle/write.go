package bundle

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/goccy/go-yaml"

	himitsu "github.com/himitsu-oss/himitsu"
)

// WriteOptions chooses how Write lays out a bundle.
type WriteOptions struct {
	// Tabular is "csv" (the default) or "jsonl": the form of the files of
	// the tabular registers.
	Tabular string
	// Cases are the carrier's case files, written to CasesFile when there
	// are any.
	Cases []himitsu.CaseFile
}

const yamlHeader = `# himitsu carrier bundle — 通信の秘密の確保に関する事業者記録
# 事業者と小さな台帳をこのファイルに、大きな台帳は台帳名の CSV / JSONL に置きます。
# The carrier and its small registers; the tabular registers are in NAME.csv or NAME.jsonl.
# Format reference 形式の説明: docs/bundle.md
`

func writeErr(msg, msgJA string, err error) error {
	return &himitsu.Error{Op: "bundle.Write", Kind: himitsu.KindInvalid, Msg: msg, MsgJA: msgJA, Err: err}
}

// Write writes rec and the logs of events (which may be nil) as a bundle
// in dir, which must be absent or empty. The files are written into a
// temporary folder beside dir and renamed into place at the end, so dir
// either holds the whole bundle or is left as it was. The same records
// always give the same bytes; the folder and its files are readable by
// their owner only, because a bundle describes who handles secrecy data.
func Write(ctx context.Context, dir string, rec *himitsu.Records, events himitsu.EventSource, opts WriteOptions) (err error) {
	ext := ".csv"
	switch opts.Tabular {
	case "", "csv":
	case "jsonl":
		ext = ".jsonl"
	default:
		return writeErr(fmt.Sprintf("unknown tabular form %q (csv or jsonl)", opts.Tabular), fmt.Sprintf("不明な表形式「%s」である（csv 又は jsonl）", quoted{s: opts.Tabular}), nil)
	}
	exists := false
	if fi, err := os.Stat(dir); err == nil {
		if !fi.IsDir() {
			return writeErr(dir+" exists and is not a folder", dir+" が既に存在し、フォルダではない", nil)
		}
		entries, err := os.ReadDir(dir)
		if err != nil {
			return writeErr("cannot read "+dir, dir+" を読み込めない", err)
		}
		if len(entries) > 0 {
			return &himitsu.Error{Op: "bundle.Write", Kind: himitsu.KindConflict, Msg: dir + " is not empty; a bundle is written only into an absent or empty folder",
				MsgJA: dir + " が空ではない。バンドルは存在しないフォルダ又は空のフォルダにのみ書き出す"}
		}
		exists = true
	} else if !errors.Is(err, fs.ErrNotExist) {
		return writeErr("cannot inspect "+dir, dir+" の状態を確認できない", err)
	}
	tmp, err := os.MkdirTemp(filepath.Dir(filepath.Clean(dir)), "."+filepath.Base(filepath.Clean(dir))+".tmp-")
	if err != nil {
		return writeErr("cannot create a temporary folder beside "+dir, dir+" と同じ場所に一時フォルダを作成できない", err)
	}
	defer func() {
		if err != nil {
			os.RemoveAll(tmp)
		}
	}()
	y, err := marshalCarrier(rec)
	if err != nil {
		return err
	}
	if err := writeFile(filepath.Join(tmp, CarrierFile), func(w *bufio.Writer) error { _, err := w.Write(y); return err }); err != nil {
		return err
	}
	for _, r := range himitsu.RegisterList {
		if !r.Tabular {
			continue
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		tw := &tableWriter{path: filepath.Join(tmp, r.Name+ext), plan: planFor(r.Type), jsonl: ext == ".jsonl"}
		switch {
		case !r.Stream:
			s := recordsField(rec, r.Name)
			for i := range s.Len() {
				if err := tw.write(s.Index(i)); err != nil {
					return tw.fail(err)
				}
			}
		case events == nil:
		case r.Name == "access_events":
			err = events.AccessEvents(ctx, func(e *himitsu.AccessEvent) error { return tw.write(reflect.ValueOf(e).Elem()) })
		case r.Name == "entry_logs":
			err = events.EntryLogs(ctx, func(e *himitsu.EntryLog) error { return tw.write(reflect.ValueOf(e).Elem()) })
		}
		if err != nil {
			return tw.fail(err)
		}
		if err := tw.close(); err != nil {
			return err
		}
	}
	if err := writeCases(tmp, opts.Cases); err != nil {
		return err
	}
	if exists {
		if err := os.Remove(dir); err != nil {
			return writeErr("cannot replace the empty folder "+dir, "空のフォルダ "+dir+" を置き換えられない", err)
		}
	}
	if err := os.Rename(tmp, dir); err != nil {
		return writeErr("cannot move the bundle into "+dir, "バンドルを "+dir+" に移動できない", err)
	}
	return nil
}

func writeFile(path string, fn func(*bufio.Writer) error) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return writeErr("cannot create "+filepath.Base(path), filepath.Base(path)+" を作成できない", err)
	}
	w := bufio.NewWriterSize(f, 256<<10)
	err = fn(w)
	if err == nil {
		err = w.Flush()
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return writeErr("cannot write "+filepath.Base(path), filepath.Base(path)+" に書き込めない", err)
	}
	return nil
}

// tableWriter writes one tabular file, creating it at the first record so
// that an empty register has no file.
type tableWriter struct {
	path  string
	plan  *plan
	jsonl bool
	f     *os.File
	w     *bufio.Writer
	buf   []byte
	n     int
}

func (t *tableWriter) fail(err error) error {
	if t.f != nil {
		t.f.Close()
	}
	var he *himitsu.Error
	if errors.As(err, &he) {
		return err
	}
	return writeErr(fmt.Sprintf("cannot write record %d of %s", t.n+1, filepath.Base(t.path)), fmt.Sprintf("%s の %d 件目の記録を書き込めない", filepath.Base(t.path), t.n+1), err)
}

func (t *tableWriter) write(rv reflect.Value) error {
	if t.f == nil {
		f, err := os.OpenFile(t.path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
		if err != nil {
			return err
		}
		t.f, t.w = f, bufio.NewWriterSize(f, 256<<10)
		if !t.jsonl {
			b := t.buf[:0]
			for i, c := range t.plan.cols {
				if i > 0 {
					b = append(b, ',')
				}
				b = append(b, c.Name...)
			}
			b = append(b, '\n')
			if _, err := t.w.Write(b); err != nil {
				return err
			}
		}
	}
	var err error
	if t.jsonl {
		t.buf, err = appendJSONRecord(t.buf[:0], rv, t.plan)
	} else {
		t.buf, err = appendCSVRecord(t.buf[:0], rv, t.plan)
	}
	if err != nil {
		return err
	}
	t.n++
	_, err = t.w.Write(t.buf)
	return err
}

func (t *tableWriter) close() error {
	if t.f == nil {
		return nil
	}
	err := t.w.Flush()
	if err == nil {
		err = t.f.Sync()
	}
	if cerr := t.f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return writeErr("cannot write "+filepath.Base(t.path), filepath.Base(t.path)+" に書き込めない", err)
	}
	return nil
}

func appendCSVRecord(b []byte, rv reflect.Value, p *plan) ([]byte, error) {
	for i := range p.cols {
		if i > 0 {
			b = append(b, ',')
		}
		start := len(b)
		var err error
		b, err = appendCell(b, rv, &p.cols[i])
		if err != nil {
			return b, err
		}
		if k := p.cols[i].kind; (k == kString || k == kStrings) && formulaLike(b[start:]) {
			b = append(b[:start+1], b[start:]...)
			b[start] = '\''
		}
		if cell := b[start:]; needsQuotes(cell) {
			q := append([]byte{'"'}, []byte(strings.ReplaceAll(string(cell), `"`, `""`))...)
			q = append(q, '"')
			b = append(b[:start], q...)
		}
	}
	return append(b, '\n'), nil
}

// formulaLike reports whether a text cell would be taken for a formula by
// a spreadsheet (it starts with = + - @, a tab or a carriage return, as in
// "=HYPERLINK(…)" or "-2+3"), or starts with apostrophes before such a
// character. Export writes such a cell with one more apostrophe in front,
// which spreadsheets show as text, and the reader removes exactly one
// (unguard), so export → import → export gives the same bytes whatever
// the text is. docs/bundle.md describes the rule.
func formulaLike(cell []byte) bool {
	i := 0
	for i < len(cell) && cell[i] == '\'' {
		i++
	}
	if i >= len(cell) {
		return false
	}
	switch cell[i] {
	case '=', '+', '-', '@', '\t', '\r':
		return true
	}
	return false
}

// unguard undoes the formula guard of formulaLike on a text cell read from
// CSV: "'=1+1" is read as "=1+1", and two apostrophes before =x as one; a cell whose
// apostrophes are not followed by a formula character is left as it is.
func unguard(cell []byte) []byte {
	if len(cell) > 1 && cell[0] == '\'' && formulaLike(cell) {
		return cell[1:]
	}
	return cell
}

func needsQuotes(cell []byte) bool {
	for _, c := range cell {
		switch c {
		case ',', '"', '\r', '\n':
			return true
		}
	}
	return false
}

func appendJSONRecord(b []byte, rv reflect.Value, p *plan) ([]byte, error) {
	b = append(b, '{')
	first := true
	for i := range p.cols {
		c := &p.cols[i]
		f := rv.Field(c.Index)
		if f.IsZero() {
			continue
		}
		if !first {
			b = append(b, ',')
		}
		first = false
		b = appendJSONString(b, c.Name)
		b = append(b, ':')
		switch c.kind {
		case kString:
			b = appendJSONString(b, f.String())
		case kFact:
			var err error
			if b, err = appendCell(b, rv, c); err != nil {
				return b, err
			}
		case kInt:
			b = strconv.AppendInt(b, f.Int(), 10)
		case kDate:
			b = appendJSONString(b, f.Interface().(himitsu.Date).String())
		case kTime:
			b = append(b, '"')
			b = appendTime(b, f.Interface().(time.Time))
			b = append(b, '"')
		case kStrings:
			b = append(b, '[')
			for j := range f.Len() {
				if j > 0 {
					b = append(b, ',')
				}
				b = appendJSONString(b, f.Index(j).String())
			}
			b = append(b, ']')
		default:
			return b, fmt.Errorf("field %s cannot be written to a table", c.Name)
		}
	}
	return append(b, '}', '\n'), nil
}

func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	for _, r := range s {
		switch {
		case r == '"':
			b = append(b, '\\', '"')
		case r == '\\':
			b = append(b, '\\', '\\')
		case r == '\n':
			b = append(b, '\\', 'n')
		case r == '\r':
			b = append(b, '\\', 'r')
		case r == '\t':
			b = append(b, '\\', 't')
		case r < 0x20:
			b = append(b, fmt.Sprintf(`\u%04x`, r)...)
		default:
			b = utf8.AppendRune(b, r)
		}
	}
	return append(b, '"')
}

// marshalCarrier writes carrier.yaml by hand rather than with a YAML
// encoder, so that the bytes are fixed by this code alone: keys in struct
// order, zero values omitted, strings quoted only when a plain scalar
// could be read as something else.
func marshalCarrier(rec *himitsu.Records) ([]byte, error) {
	var b []byte
	b = append(b, yamlHeader...)
	b = append(b, "format: "+Format+"\n"...)
	for _, r := range himitsu.RegisterList {
		if r.Tabular {
			continue
		}
		f := recordsField(rec, r.Name)
		if r.Name != "carrier" && f.IsZero() {
			continue
		}
		if f.Kind() == reflect.Slice && f.Len() == 0 {
			continue
		}
		b = append(b, r.Name...)
		b = append(b, ":\n"...)
		var err error
		if f.Kind() == reflect.Slice {
			for i := range f.Len() {
				b, err = appendYAMLStruct(b, f.Index(i), 2, true)
				if err != nil {
					return nil, writeErr(fmt.Sprintf("cannot write %s[%d]", r.Name, i), fmt.Sprintf("%s[%d] を書き込めない", r.Name, i), err)
				}
			}
		} else if b, err = appendYAMLStruct(b, f, 1, false); err != nil {
			return nil, writeErr("cannot write "+r.Name, r.Name+" を書き込めない", err)
		}
	}
	return b, nil
}

// appendYAMLStruct writes the non-zero fields of rv as a block mapping at
// the given depth; item makes it a sequence item ("- ").
func appendYAMLStruct(b []byte, rv reflect.Value, depth int, item bool) ([]byte, error) {
	p := planFor(rv.Type())
	ind := strings.Repeat("  ", depth)
	first := true
	for i := range p.cols {
		c := &p.cols[i]
		f := rv.Field(c.Index)
		if f.IsZero() || (f.Kind() == reflect.Slice && f.Len() == 0) {
			continue
		}
		switch {
		case item && first:
			b = append(b, strings.Repeat("  ", depth-1)...)
			b = append(b, "- "...)
		default:
			b = append(b, ind...)
		}
		first = false
		b = append(b, c.Name...)
		b = append(b, ':')
		var err error
		switch c.kind {
		case kStruct:
			b = append(b, '\n')
			b, err = appendYAMLStruct(b, f, depth+1, false)
		case kStructs:
			b = append(b, '\n')
			for j := range f.Len() {
				if b, err = appendYAMLStruct(b, f.Index(j), depth+2, true); err != nil {
					break
				}
			}
		case kStrings:
			b = append(b, " ["...)
			for j := range f.Len() {
				if j > 0 {
					b = append(b, ", "...)
				}
				b = appendYAMLString(b, f.Index(j).String())
			}
			b = append(b, "]\n"...)
		case kString:
			b = append(b, ' ')
			b = appendYAMLString(b, f.String())
			b = append(b, '\n')
		default:
			b = append(b, ' ')
			if b, err = appendCell(b, rv, c); err == nil {
				b = append(b, '\n')
			}
		}
		if err != nil {
			return b, err
		}
	}
	if first && item {
		b = append(b, strings.Repeat("  ", depth-1)...)
		b = append(b, "- {}\n"...)
	}
	return b, nil
}

// yamlKeywords are plain scalars that some YAML readers take for booleans
// or nulls; they are always quoted so every reader sees a string.
var yamlKeywords = map[string]bool{"y": true, "n": true, "yes": true, "no": true, "on": true, "off": true, "true": true, "false": true, "null": true, "~": true}

func appendYAMLString(b []byte, s string) []byte {
	if plainYAML(s) {
		return append(b, s...)
	}
	return strconv.AppendQuote(b, s)
}

// plainYAML reports whether s can be written unquoted and is read back as
// the same string.
func plainYAML(s string) bool {
	if s == "" || yamlKeywords[strings.ToLower(s)] || s[0] == ' ' || s[len(s)-1] == ' ' || s[0] == '-' || s[0] == '.' {
		return false
	}
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf:
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune(" ._-/()@+", r)) {
				return false
			}
		case r == '\u2028' || r == '\u2029' || r == '\u0085' || r == '\ufeff' || r == utf8.RuneError:
			return false
		case !unicode.IsPrint(r) || unicode.IsSpace(r):
			return false
		}
	}
	var v map[string]any
	if err := yaml.Unmarshal([]byte("k: "+s), &v); err != nil {
		return false
	}
	got, ok := v["k"].(string)
	return ok && got == s
}
