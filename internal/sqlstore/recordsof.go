package sqlstore

import (
	"context"
	"fmt"
	"reflect"
	"slices"

	"github.com/himitsu-oss/himitsu"
)

// RecordsOf is Records limited to the named registers (and the carrier),
// for a reader that needs a few small registers of a carrier whose large
// ones (consents, grants, complaints by the million) it would otherwise
// load for nothing: the deadline board reads incidents and what refers to
// them. The other registers are left empty. The read is recorded like
// Records' (what: records; rows: the rows read). An unknown register name
// is KindInvalid; an unknown carrier KindNotFound.
func (s *Store) RecordsOf(ctx context.Context, carrierID string, registers ...string) (*himitsu.Records, error) {
	const op = "sqlstore.RecordsOf"
	a, err := permit(op, ctx)
	if err != nil {
		return nil, err
	}
	for _, name := range registers {
		if r, ok := himitsu.LookupRegister(name); !ok || r.Stream {
			return nil, &himitsu.Error{Op: op, Kind: himitsu.KindInvalid, Field: "register",
				Msg: fmt.Sprintf("no register %q to read whole", name), MsgJA: fmt.Sprintf("一括で読める台帳 %q はない", name)}
		}
	}
	entry := newReadEntry(a, carrierID, himitsu.ReadRecords)
	tx, err := s.readTx(ctx)
	if err != nil {
		return nil, internal(op, err)
	}
	defer tx.Rollback()
	rec := &himitsu.Records{}
	rv := reflect.ValueOf(rec).Elem()
	for _, t := range s.tables {
		if t.name != "carriers" && !slices.Contains(registers, t.reg.Name) {
			continue
		}
		n, err := s.loadTable(ctx, tx, t, carrierID, rv.Field(t.field))
		if err != nil {
			return nil, internal(op, err)
		}
		if t.name == "carriers" && n == 0 {
			return nil, notFound(op, carrierID)
		}
		entry.Rows += n
	}
	tx.Rollback()
	if err := s.logRead(ctx, entry); err != nil {
		return nil, err
	}
	return rec, nil
}
