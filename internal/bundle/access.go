package bundle

import (
	"context"
	"io"
	"reflect"
	"unicode/utf8"

	himitsu "github.com/himitsu-oss/himitsu"
)

// The access event log is the one register that grows to 10⁸ rows, so its
// CSV form has a reader without reflection: each cell is assigned by a
// switch on its column, times are parsed from bytes, and the few distinct
// values of the reference columns are interned so that a row allocates
// only its ID and subscriber strings.

type aeCol uint8

const (
	aeID aeCol = iota
	aeAt
	aeAccount
	aePerson
	aeDataSet
	aeAction
	aePurpose
	aeSubscriber
	aeRecords
	aeCount
)

var aeNames = map[string]aeCol{"id": aeID, "at": aeAt, "account": aeAccount, "person": aePerson, "dataset": aeDataSet, "action": aeAction, "purpose": aePurpose, "subscriber": aeSubscriber, "records": aeRecords, "count": aeCount}

// maxInterned bounds the intern table of one stream, so that a column with
// unexpectedly many distinct values costs allocations, not unbounded memory.
const maxInterned = 1 << 16

type interner map[string]string

func (in interner) get(b []byte) string {
	if s, ok := in[string(b)]; ok {
		return s
	}
	s := string(b)
	if len(in) < maxInterned {
		in[s] = s
	}
	return s
}

// streamAccessEvents streams an access event log like streamTable: bad
// rows go to errs, and fn is called only while the file has none. refs
// false skips the reference checks (the bundle's registers could not be
// read, so every reference would fail).
func streamAccessEvents(ctx context.Context, path, file string, x *himitsu.Index, refs bool, sub func(string) string, errs *errList, fn func(*himitsu.AccessEvent) error) error {
	var e himitsu.AccessEvent
	if len(file) > 6 && file[len(file)-6:] == ".jsonl" {
		return streamTable(ctx, path, file, &e, sub, errs, func(t *tableReader) error {
			if refs {
				if err := x.CheckAccessEvent(&e); err != nil {
					t.report(t.fail(err))
					return nil
				}
			}
			if t.failed {
				return nil
			}
			return fn(&e)
		})
	}
	t, f, err := openTable(path, file, reflect.TypeFor[himitsu.AccessEvent](), errs)
	if err != nil {
		errs.add(err)
		return nil
	}
	defer f.Close()
	cols := make([]aeCol, len(t.cols))
	for i, c := range t.cols {
		cols[i] = aeNames[t.plan.cols[c].Name]
	}
	in := interner{}
	ids := newIDTracker(path, file)
	for n := 0; !errs.full(); n++ {
		if n&4095 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		fields, line, err := t.csv.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			errs.add(t.syntax(err))
			return nil
		}
		t.line, t.fields, t.flines = line, fields, t.csv.fieldLines
		t.bad = false
		if len(fields) != len(cols) {
			t.report(t.err(line, "", rowCells, rowCellsJA, len(fields), len(cols)))
			continue
		}
		e = himitsu.AccessEvent{}
		for i, b := range fields {
			if len(b) == 0 {
				continue
			}
			if !utf8.Valid(b) {
				t.report(t.err(t.flines[i], t.plan.cols[t.cols[i]].Name, "is not valid UTF-8", "UTF-8 として不正である"))
				continue
			}
			switch cols[i] {
			case aeID:
				e.ID = string(b)
			case aeAt:
				at, ok := parseTime(b)
				if !ok {
					t.report(t.err(t.flines[i], "at", notTime, notTimeJA, quoteCell(b)))
					continue
				}
				e.At = at
			case aeAccount:
				e.Account = in.get(b)
			case aePerson:
				e.Person = in.get(b)
			case aeDataSet:
				e.DataSet = in.get(b)
			case aeAction:
				switch string(b) {
				case "read":
					e.Action = himitsu.ActionRead
				case "query":
					e.Action = himitsu.ActionQuery
				case "export":
					e.Action = himitsu.ActionExport
				case "print":
					e.Action = himitsu.ActionPrint
				case "modify":
					e.Action = himitsu.ActionModify
				case "delete":
					e.Action = himitsu.ActionDelete
				default:
					e.Action = himitsu.Action(b) // Validate names the bad value.
				}
			case aePurpose:
				e.Purpose = in.get(b)
			case aeSubscriber:
				if len(b) > maxTextBytes {
					t.report(t.err(t.flines[i], "subscriber", tooLong, tooLongJA, sizeText(maxTextBytes)))
					continue
				}
				e.Subscriber = string(unguard(b))
				if sub != nil {
					e.Subscriber = sub(e.Subscriber)
				}
			case aeRecords:
				r, ok := digits(b)
				if !ok || len(b) > 15 {
					t.report(t.err(t.flines[i], "records", notInt, notIntJA, quoteCell(b)))
					continue
				}
				e.Records = r
			case aeCount:
				n, ok := digits(b)
				if !ok || len(b) > 15 {
					return t.err(t.flines[i], "count", notInt, notIntJA, quoteCell(b))
				}
				e.Count = n
			}
		}
		if !t.bad {
			if err := e.Validate(); err != nil {
				t.report(t.fail(err))
			} else if refs {
				if err := x.CheckAccessEvent(&e); err != nil {
					t.report(t.fail(err))
				}
			}
		}
		if e.ID != "" && ids.seen(e.ID, line) {
			if first := firstLineOf(path, file, e.ID, line); first > 0 {
				t.report(t.err(t.lineOf("id"), "id", dupID, dupIDJA, quoted{s: e.ID}, first))
			}
		}
		if t.failed {
			continue
		}
		if err := fn(&e); err != nil {
			return err
		}
	}
	return nil
}
