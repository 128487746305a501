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
// them, the incident workspace the data inventory. The other registers are
// left empty. The read is recorded as one read-log entry per register
// named (what: the register's name, as a per-record service records it;
// rows: its rows), so that the log says which registers were read rather
// than "all registers"; the carrier's own row, read to tell an unknown
// carrier, is not a register's content and is not counted. An unknown
// register name is KindInvalid; an unknown carrier KindNotFound.
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
	var entries []himitsu.ReadEntry
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
		if t.name == "carriers" {
			if n == 0 {
				return nil, notFound(op, carrierID)
			}
			continue
		}
		e := newReadEntry(a, carrierID, t.reg.Name)
		e.Rows = n
		entries = append(entries, e)
	}
	tx.Rollback()
	if err := s.logRead(ctx, entries...); err != nil {
		return nil, err
	}
	return rec, nil
}
