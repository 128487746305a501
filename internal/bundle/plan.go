package bundle

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	himitsu "github.com/himitsu-oss/himitsu"
)

// kind is the value syntax of a column, decided once per struct field so
// that reading a row never inspects types.
type kind uint8

const (
	kString kind = iota
	kFact        // himitsu.Fact: true, false, or empty for unknown
	kInt
	kDate
	kTime
	kStrings // []string or a slice of an enumeration: ";"-separated in CSV
	kStruct  // a nested struct (YAML only)
	kStructs // a slice of structs (YAML only)
)

var (
	timeType = reflect.TypeFor[time.Time]()
	dateType = reflect.TypeFor[himitsu.Date]()
	factType = reflect.TypeFor[himitsu.Fact]()
)

// column is one field of a register type with everything needed to parse,
// write and document it.
type column struct {
	himitsu.FieldSpec
	kind kind
	doc  string
}

// plan is the ordered columns of one register type, with a name lookup.
type plan struct {
	typ    reflect.Type
	cols   []column
	byName map[string]int
}

// planCache memoises plans; it is written only through sync.Map so
// concurrent readers are safe, and its contents are pure functions of types.
var planCache sync.Map // reflect.Type → *plan

func planFor(t reflect.Type) *plan {
	if p, ok := planCache.Load(t); ok {
		return p.(*plan)
	}
	p := &plan{typ: t, byName: map[string]int{}}
	for _, s := range himitsu.Fields(t) {
		c := column{FieldSpec: s, doc: t.Field(s.Index).Tag.Get("doc")}
		switch {
		case s.Type == timeType:
			c.kind = kTime
		case s.Type == dateType:
			c.kind = kDate
		case s.Type == factType:
			c.kind = kFact
		case s.Type.Kind() == reflect.Int:
			c.kind = kInt
		case s.Type.Kind() == reflect.String:
			c.kind = kString
		case s.Type.Kind() == reflect.Slice && s.Type.Elem().Kind() == reflect.String:
			c.kind = kStrings
		case s.Type.Kind() == reflect.Slice && s.Type.Elem().Kind() == reflect.Struct:
			c.kind = kStructs
		case s.Type.Kind() == reflect.Struct:
			c.kind = kStruct
		default:
			panic(fmt.Sprintf("bundle: field %s.%s has unsupported type %s (a yes/no fact is himitsu.Fact)", t.Name(), s.Name, s.Type))
		}
		p.byName[s.Name] = len(p.cols)
		p.cols = append(p.cols, c)
	}
	v, _ := planCache.LoadOrStore(t, p)
	return v.(*plan)
}

// parseDate parses YYYY-MM-DD from bytes without allocating.
func parseDate(b []byte) (himitsu.Date, bool) {
	if len(b) != 10 || b[4] != '-' || b[7] != '-' {
		return himitsu.Date{}, false
	}
	y, ok1 := digits(b[0:4])
	m, ok2 := digits(b[5:7])
	d, ok3 := digits(b[8:10])
	if !ok1 || !ok2 || !ok3 || m < 1 || m > 12 || d < 1 || d > daysIn(time.Month(m), y) || y == 0 {
		return himitsu.Date{}, false
	}
	return himitsu.Date{Year: y, Month: time.Month(m), Day: d}, true
}

func digits(b []byte) (int, bool) {
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

func daysIn(m time.Month, y int) int {
	switch m {
	case time.February:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

// parseTime parses RFC 3339 with a mandatory offset ("Z" or ±hh:mm) and an
// optional fraction of up to nine digits, and returns the instant in UTC.
// It is hand-written because time.Parse costs a large share of the time of
// reading an access event, and it refuses what time.Parse would accept
// loosely (lower-case t or z, a comma before the fraction).
func parseTime(b []byte) (time.Time, bool) {
	if len(b) < 20 || b[10] != 'T' || b[13] != ':' || b[16] != ':' {
		return time.Time{}, false
	}
	d, ok := parseDate(b[:10])
	if !ok {
		return time.Time{}, false
	}
	hh, ok1 := digits(b[11:13])
	mm, ok2 := digits(b[14:16])
	ss, ok3 := digits(b[17:19])
	if !ok1 || !ok2 || !ok3 || hh > 23 || mm > 59 || ss > 59 {
		return time.Time{}, false
	}
	rest := b[19:]
	nsec := 0
	if rest[0] == '.' {
		i := 1
		scale := 100000000
		for i < len(rest) && rest[i] >= '0' && rest[i] <= '9' {
			if i > 9 {
				return time.Time{}, false
			}
			nsec += int(rest[i]-'0') * scale
			scale /= 10
			i++
		}
		if i == 1 {
			return time.Time{}, false
		}
		rest = rest[i:]
	}
	off := 0
	switch {
	case len(rest) == 1 && rest[0] == 'Z':
	case len(rest) == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':':
		oh, ok1 := digits(rest[1:3])
		om, ok2 := digits(rest[4:6])
		if !ok1 || !ok2 || oh > 23 || om > 59 {
			return time.Time{}, false
		}
		off = oh*3600 + om*60
		if rest[0] == '-' {
			off = -off
		}
	default:
		return time.Time{}, false
	}
	t := time.Date(d.Year, d.Month, d.Day, hh, mm, ss, nsec, time.UTC)
	if off != 0 {
		t = t.Add(-time.Duration(off) * time.Second)
	}
	return t, true
}

// formatTime writes t in UTC, RFC 3339, with a fraction only when non-zero.
func appendTime(dst []byte, t time.Time) []byte {
	return t.UTC().AppendFormat(dst, time.RFC3339Nano)
}

// cellError is a value error before it is located in a file.
type cellError struct{ msg, msgJA string }

func (e *cellError) Error() string { return e.msg }

func badValue(en, ja string, args ...any) error {
	return &cellError{fmt.Sprintf(en, args...), fmt.Sprintf(ja, args...)}
}

// The messages of values that do not parse, shared by the generic reader,
// the access event reader and carrier.yaml. Each takes one quoted value.
const (
	notBool     = "%q is not a boolean (true or false)"
	notBoolJA   = "「%s」は真偽値（true 又は false）ではない"
	notInt      = "%q is not a whole number"
	notIntJA    = "「%s」は整数ではない"
	notDate     = "%q is not a date of the form YYYY-MM-DD"
	notDateJA   = "「%s」は YYYY-MM-DD 形式の日付ではない"
	notTime     = "%q is not a time in RFC 3339 with an offset, such as 2026-08-21T16:30:00+09:00"
	notTimeJA   = "「%s」はオフセット付きの RFC 3339 形式の日時（例 2026-08-21T16:30:00+09:00）ではない"
	tooLong     = "the text is longer than the limit of %s"
	tooLongJA   = "文字列が上限の %s より長い"
	emptyElem   = "%q has an empty list element"
	emptyElemJA = "「%s」に空のリスト要素がある"
)

// setCell parses the text of one CSV cell into field c of the struct rv.
// An empty cell leaves the zero value (for a fact: unknown).
func setCell(rv reflect.Value, c *column, b []byte) error {
	if len(b) == 0 {
		return nil
	}
	f := rv.Field(c.Index)
	if len(b) > maxTextBytes {
		return badValue(tooLong, tooLongJA, sizeText(maxTextBytes))
	}
	switch c.kind {
	case kString:
		f.SetString(string(b))
	case kFact:
		switch string(b) {
		case "true":
			f.SetUint(uint64(himitsu.Yes))
		case "false":
			f.SetUint(uint64(himitsu.No))
		default:
			return badValue(notBool, notBoolJA, quoteCell(b))
		}
	case kInt:
		n, err := strconv.ParseInt(string(b), 10, 64)
		if err != nil || n > 1<<53 || n < -(1<<53) {
			return badValue(notInt, notIntJA, quoteCell(b))
		}
		f.SetInt(n)
	case kDate:
		d, ok := parseDate(b)
		if !ok {
			return badValue(notDate, notDateJA, quoteCell(b))
		}
		f.Set(reflect.ValueOf(d))
	case kTime:
		t, ok := parseTime(b)
		if !ok {
			return badValue(notTime, notTimeJA, quoteCell(b))
		}
		f.Set(reflect.ValueOf(t))
	case kStrings:
		parts := strings.Split(string(b), ";")
		s := reflect.MakeSlice(c.Type, len(parts), len(parts))
		for i, p := range parts {
			if p == "" {
				return badValue(emptyElem, emptyElemJA, quoteCell(b))
			}
			s.Index(i).SetString(p)
		}
		f.Set(s)
	default:
		return badValue("cannot be given in a table", "表形式では指定できない")
	}
	return nil
}

// quoteCell quotes a bad value for an error message, shortening long ones.
func quoteCell(b []byte) quoted {
	const max = 60
	if utf8.RuneCount(b) > max {
		r := []rune(string(b))
		return quoted{string(r[:max]), true}
	}
	return quoted{string(b), false}
}

// quoted is a bad value in a message: %q gives Go's quoting for the
// English text, %s the same escaped text without the quotes, to be put in
// 「」 in the Japanese one, so that a newline or an escape sequence in the
// input cannot break or forge a line of the terminal. A shortened value
// ends in "…".
type quoted struct {
	s   string
	cut bool
}

func (v quoted) Format(f fmt.State, verb rune) {
	q := strconv.Quote(v.s)
	if verb != 'q' {
		q = strings.ReplaceAll(q[1:len(q)-1], `\"`, `"`)
	}
	if v.cut {
		q += "…"
	}
	f.Write([]byte(q))
}

// cellText renders field c of rv as CSV cell text; zero values are empty.
func appendCell(dst []byte, rv reflect.Value, c *column) ([]byte, error) {
	f := rv.Field(c.Index)
	if f.IsZero() {
		return dst, nil
	}
	switch c.kind {
	case kString:
		return append(dst, f.String()...), nil
	case kFact:
		switch himitsu.Fact(f.Uint()) {
		case himitsu.Yes:
			return append(dst, "true"...), nil
		case himitsu.No:
			return append(dst, "false"...), nil
		}
		return dst, fmt.Errorf("field %s holds the invalid fact %d", c.Name, f.Uint())
	case kInt:
		return strconv.AppendInt(dst, f.Int(), 10), nil
	case kDate:
		return append(dst, f.Interface().(himitsu.Date).String()...), nil
	case kTime:
		return appendTime(dst, f.Interface().(time.Time)), nil
	case kStrings:
		for i := range f.Len() {
			s := f.Index(i).String()
			if s == "" || strings.ContainsRune(s, ';') {
				return dst, fmt.Errorf("list element %q cannot be written to a table (empty or contains ';')", s)
			}
			if i > 0 {
				dst = append(dst, ';')
			}
			dst = append(dst, s...)
		}
		return dst, nil
	}
	return dst, fmt.Errorf("field %s cannot be written to a table", c.Name)
}
