package bundle

import (
	"context"
	"reflect"

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

// maxInterned bounds the intern table of one stream's reference column,
// so that a column with unexpectedly many distinct values costs
// allocations, not unbounded memory.
const maxInterned = 1 << 16

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
	return streamAccessCSV(ctx, t, path, file, x, refs, sub, errs, fn)
}
