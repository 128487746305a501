package sqlstore

import (
	"context"
	"reflect"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/seal"
)

// Sealed columns: free text a person wrote, kept encrypted at rest
// (issue 10). The store seals the column when it writes a row and opens
// it when it reads one, so every reader (record services, Snapshot,
// export) sees the text and the database file never holds it. Which
// columns: what a person wrote to the complaint desk. Summaries written
// by the desk's agents stay plain, because lists and reports show them.
var sealedColumns = map[string]string{"complaints": "text"}

// sealPlan is a table's sealed column, when it has one.
type sealPlan struct {
	col  int // index in table.cols
	fld  int // struct field index of the sealed column
	id   int // struct field index of the record ID
	keys *seal.Keyring
}

func (t *table) planSeal() {
	name, ok := sealedColumns[t.reg.Name]
	if !ok {
		return
	}
	p := &sealPlan{col: -1, id: -1}
	for i, c := range t.cols {
		switch c.name {
		case name:
			p.col, p.fld = i, c.index
		case "id":
			p.id = c.index
		}
	}
	if p.col >= 0 && p.id >= 0 {
		t.seal = p
	}
}

// sealAAD binds a sealed value to its carrier, register and record.
func (t *table) sealAAD(carrierID string, rv reflect.Value) string {
	return "himitsu text v1\x00" + carrierID + "\x00" + t.reg.Name + "\x00" + rv.Field(t.seal.id).String()
}

// sealValue returns what the sealed column stores for plain.
func (t *table) sealValue(carrierID string, rv reflect.Value, plain string) (any, error) {
	if plain == "" {
		return "", nil
	}
	if t.seal.keys == nil {
		if seal.IsSealed(plain) {
			return nil, himitsu.FieldErrorJA(sealedColumns[t.reg.Name], "starts with %q, which marks an encrypted text; configure the text keys (HIMITSU_TEXT_KEY_FILE) or change the text",
				"暗号化された本文を表す %q で始まっている。本文鍵（HIMITSU_TEXT_KEY_FILE）を設定するか、本文を改めること", seal.Prefix)
		}
		return plain, nil
	}
	return t.seal.keys.Seal(plain, t.sealAAD(carrierID, rv))
}

// afterScan completes a scanned row: its carrier and its opened text.
func (t *table) afterScan(rv reflect.Value, carrierID string) error {
	t.setCarrierID(rv, carrierID)
	if t.seal == nil {
		return nil
	}
	fv := rv.Field(t.seal.fld)
	v := fv.String()
	if !seal.IsSealed(v) {
		return nil // written before a key was configured
	}
	if t.seal.keys == nil {
		return &himitsu.Error{Op: "sqlstore.open-text", Kind: himitsu.KindPermission,
			Msg:   "the complaint texts are encrypted and no text key is configured; set HIMITSU_TEXT_KEY_FILE (see docs/configuration.md)",
			MsgJA: "苦情本文は暗号化されているが、本文鍵が設定されていない。HIMITSU_TEXT_KEY_FILE を設定すること（docs/configuration.md 参照）"}
	}
	plain, err := t.seal.keys.Open(v, t.sealAAD(carrierID, rv))
	if err != nil {
		if e, ok := err.(*himitsu.Error); ok {
			e.Field = t.reg.Name + "[" + rv.Field(t.seal.id).String() + "]." + sealedColumns[t.reg.Name]
		}
		return err
	}
	fv.SetString(plain)
	return nil
}

// UseTextKeys sets the keyring that seals and opens free text. Call it
// right after opening, before the store is shared; nil keeps texts plain
// (a store without keys still reads plain texts written before).
func (s *Store) UseTextKeys(k *seal.Keyring) {
	for _, t := range s.tables {
		if t.seal != nil {
			t.seal.keys = k
		}
	}
}

// TextsSealed reports whether the store has text keys, so that new texts
// are stored encrypted.
func (s *Store) TextsSealed() bool {
	for _, t := range s.tables {
		if t.seal != nil {
			return t.seal.keys != nil
		}
	}
	return false
}

// ResealTexts seals every text under the current key: plain texts written
// before keys were configured, and texts sealed under an older key, so
// that the older key can be retired. It runs in one write transaction per
// register and returns how many values it rewrote; the records' content
// (and so their versions) does not change.
func (s *Store) ResealTexts(ctx context.Context) (int, error) {
	const op = "sqlstore.ResealTexts"
	n := 0
	for _, t := range s.tables {
		if t.seal == nil {
			continue
		}
		if t.seal.keys == nil {
			return 0, &himitsu.Error{Op: op, Kind: himitsu.KindInvalid,
				Msg: "no text key is configured; set HIMITSU_TEXT_KEY_FILE", MsgJA: "本文鍵が設定されていない。HIMITSU_TEXT_KEY_FILE を設定すること"}
		}
		col := quote(sealedColumns[t.reg.Name])
		tx, err := s.db.BeginTx(ctx, nil)
		if err != nil {
			return 0, internal(op, err)
		}
		defer tx.Rollback()
		rows, err := tx.QueryContext(ctx, "SELECT carrier_id, id, "+col+" FROM "+quote(t.name)+" WHERE "+col+" <> ''")
		if err != nil {
			return 0, internal(op, err)
		}
		type item struct{ cid, id, text string }
		var todo []item
		for rows.Next() {
			var it item
			if err := rows.Scan(&it.cid, &it.id, &it.text); err != nil {
				rows.Close()
				return 0, internal(op, err)
			}
			if seal.KeyID(it.text) != t.seal.keys.Current() {
				todo = append(todo, it)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return 0, internal(op, err)
		}
		rv := reflect.New(t.reg.Type).Elem()
		for _, it := range todo {
			rv.Field(t.seal.id).SetString(it.id)
			rv.Field(t.seal.fld).SetString(it.text)
			if err := t.afterScan(rv, it.cid); err != nil {
				return 0, err
			}
			v, err := t.sealValue(it.cid, rv, rv.Field(t.seal.fld).String())
			if err != nil {
				return 0, err
			}
			if _, err := tx.ExecContext(ctx, "UPDATE "+quote(t.name)+" SET "+col+" = $1 WHERE carrier_id = $2 AND id = $3", v, it.cid, it.id); err != nil {
				return 0, internal(op, err)
			}
		}
		if err := tx.Commit(); err != nil {
			return 0, internal(op, err)
		}
		n += len(todo)
	}
	return n, nil
}
