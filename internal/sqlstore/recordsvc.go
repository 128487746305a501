package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/himitsu-oss/himitsu"
)

// The per-record services (himitsu.RecordService). One untyped core,
// recordService, works on any register through the same codec as Replace;
// the files complaints.go, incidents.go, persons.go, grants.go,
// consents.go and accessevents.go say what is particular to each register
// (its principal time field, whether and when a record may be deleted) and
// give the typed service of the root package.
//
// Concurrency: every write runs in one transaction on the writer. On
// SQLite the writer is one connection and transactions begin IMMEDIATE, so
// the version check and the write cannot interleave with another writer;
// on PostgreSQL the row is read FOR UPDATE, so a concurrent update of the
// same record waits and then sees the new version and fails with
// KindConflict instead of overwriting it.

// spec is what differs between registers.
type spec struct {
	register string
	// timeField is the day or time that ListOptions.From/To bound.
	timeField string
	// timeKeyset pages a list bounded by From/To in (timeField, id) order
	// on the (carrier_id, timeField) index: for the logs, where a window
	// holds tens of thousands of rows that an ID order would sort.
	timeKeyset bool
	// filterIndexes are the columns with an index on (carrier_id,
	// column, id), most selective first: a list filtered on one of them
	// and not bounded by time reads that index on SQLite, whose planner,
	// from statistics that give only the mean rows per value, would scan
	// the log in ID order for a rare value (migration 0220).
	filterIndexes []string
	// deletable reports whether the stored record may be deleted; when it
	// may not, the messages say why and what to do instead. nil: never.
	deletable func(rv reflect.Value) bool
	// keep is the reason (en, ja) a record may not be deleted (nor, when
	// appendOnly, changed).
	keep, keepJA string
	// frozen reports whether the stored record may no longer be
	// changed; frozenMsg and frozenJA say why. nil: never frozen.
	frozen              func(rv reflect.Value) bool
	frozenMsg, frozenJA string
	// digest is the hash a new record freezes, written to the change
	// log with the change; "" for none. nil: no digests.
	digest func(rv reflect.Value) string
	// appendOnly registers accept new records only: Update gives
	// KindPermission with keep as the reason.
	appendOnly bool
	// keepContent registers keep each record's content before and after
	// every change in the record log, so that a fact edited after it was
	// first recorded shows as such with its old and new value (guideline
	// 5(3)(i)iii: concealment or falsification must become visible).
	keepContent bool
}

// contents are the records before and after a change, for the record log
// of keepContent registers; nil where there is none.
type contents struct{ before, after any }

// contentJSON is the record log's text of a record, or NULL.
func contentJSON(v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return string(b), nil
}

// referrer is a column of another register that refers to this one.
type referrer struct {
	t    *table
	col  column
	list bool // a JSON list of IDs
}

type recordService struct {
	s         *Store
	t         *table
	sp        spec
	cols      map[string]column
	getQ      string
	updateQ   string
	insertQ   string
	deleteQ   string
	referrers []referrer
	refs      []himitsu.FieldSpec // fields that refer to other registers
}

func newRecordService(s *Store, sp spec) *recordService {
	t := s.byName[sp.register]
	r := &recordService{s: s, t: t, sp: sp, cols: make(map[string]column, len(t.cols))}
	quoted := make([]string, len(t.cols))
	sets := make([]string, 0, len(t.cols))
	for i, c := range t.cols {
		r.cols[c.name] = c
		quoted[i] = quote(c.name)
		if c.name != "id" {
			sets = append(sets, fmt.Sprintf("%s = $%d", quote(c.name), i+2))
		}
	}
	r.getQ = "SELECT " + strings.Join(quoted, ", ") + " FROM " + quote(t.name) + " WHERE carrier_id = $1 AND id = $2"
	// The parameters of updateQ are those of encode: carrier_id, then the
	// columns in order; id is among the columns and matched by position.
	idPos := 0
	for i, c := range t.cols {
		if c.name == "id" {
			idPos = i + 2
		}
	}
	r.updateQ = "UPDATE " + quote(t.name) + " SET " + strings.Join(sets, ", ") + fmt.Sprintf(" WHERE carrier_id = $1 AND id = $%d", idPos)
	r.insertQ = t.insertSQL(1, false)
	r.deleteQ = "DELETE FROM " + quote(t.name) + " WHERE carrier_id = $1 AND id = $2"
	for _, f := range himitsu.Fields(t.reg.Type) {
		if f.Ref != "" {
			r.refs = append(r.refs, f)
		}
	}
	for _, o := range s.tables {
		for _, c := range o.cols {
			for _, f := range himitsu.Fields(o.reg.Type) {
				if f.Name == c.name && f.Ref == sp.register {
					r.referrers = append(r.referrers, referrer{t: o, col: c, list: c.kind == kJSON})
				}
			}
		}
	}
	return r
}

func (r *recordService) Register() string { return r.sp.register }

// op names the operation in errors: "sqlstore.complaints.Create".
func (r *recordService) op(m string) string { return "sqlstore." + r.sp.register + "." + m }

// value checks that rec is a record of this register and returns it as an
// addressable struct value.
func (r *recordService) value(op string, rec any) (reflect.Value, error) {
	v := reflect.ValueOf(rec)
	if v.Kind() == reflect.Pointer && !v.IsNil() {
		v = v.Elem()
	}
	if v.Type() != r.t.reg.Type {
		return reflect.Value{}, &himitsu.Error{Op: op, Kind: himitsu.KindInvalid,
			Msg:   fmt.Sprintf("a %s record was expected, got %T", r.sp.register, rec),
			MsgJA: fmt.Sprintf("%s の記録が必要である（%T が渡された）", r.sp.register, rec)}
	}
	cp := reflect.New(v.Type()).Elem()
	cp.Set(v)
	return cp, nil
}

func (r *recordService) id(rv reflect.Value) string { return rv.FieldByName("ID").String() }

// flat turns a validation error into one located by its field alone, with
// the innermost message, for a form or an API client to show next to the
// field.
func flat(op string, err error) error {
	var he *himitsu.Error
	if !errors.As(err, &he) {
		return internal(op, err)
	}
	msg, msgJA := "", ""
	for e := err; e != nil; {
		var x *himitsu.Error
		if !errors.As(e, &x) {
			break
		}
		if x.Msg != "" {
			msg, msgJA = x.Msg, x.MsgJA
		}
		e = x.Err
	}
	return &himitsu.Error{Op: op, Kind: himitsu.ErrorKind(err), Field: himitsu.ErrorField(err), Msg: msg, MsgJA: msgJA}
}

func recordNotFound(op, register, id string) error {
	return &himitsu.Error{Op: op, Kind: himitsu.KindNotFound, Field: "id",
		Msg: fmt.Sprintf("no %s record %q", register, id), MsgJA: fmt.Sprintf("%s に記録 %q は存在しない", register, id)}
}

func versionConflict(op, register, id string) error {
	return &himitsu.Error{Op: op, Kind: himitsu.KindConflict, Field: "version",
		Msg:   fmt.Sprintf("%s record %q was changed by someone else since you read it; reload it and apply your change again", register, id),
		MsgJA: fmt.Sprintf("%s の記録 %q は、読み込んだ後に他の者が変更した。読み込み直してから変更し直すこと", register, id)}
}

// check validates rv as a record of carrier cid: its own values and its
// references, which are looked up in tx.
func (r *recordService) check(ctx context.Context, tx *sql.Tx, op, cid string, rv reflect.Value) error {
	if c := r.t.carrierID(rv); c != "" && c != cid {
		return &himitsu.Error{Op: op, Kind: himitsu.KindInvalid, Field: "carrier_id",
			Msg: fmt.Sprintf("the record belongs to carrier %q, not %q", c, cid), MsgJA: fmt.Sprintf("記録は事業者 %q のものであり、%q のものではない", c, cid)}
	}
	r.t.setCarrierID(rv, cid)
	if v, ok := rv.Addr().Interface().(validator); ok {
		if err := v.Validate(); err != nil {
			return flat(op, err)
		}
	}
	for _, f := range r.refs {
		fv := rv.Field(f.Index)
		var ids []string
		switch fv.Kind() {
		case reflect.String:
			if fv.String() != "" {
				ids = []string{fv.String()}
			}
		case reflect.Slice:
			for i := range fv.Len() {
				ids = append(ids, fv.Index(i).String())
			}
		}
		for _, id := range ids {
			if _, ok := r.s.byName[f.Ref]; !ok {
				continue
			}
			var one int
			err := tx.QueryRowContext(ctx, "SELECT 1 FROM "+quote(f.Ref)+" WHERE carrier_id = $1 AND id = $2", cid, id).Scan(&one)
			if errors.Is(err, sql.ErrNoRows) {
				return &himitsu.Error{Op: op, Kind: himitsu.KindInvalid, Field: f.Name,
					Msg: fmt.Sprintf("refers to unknown %s %q", f.Ref, id), MsgJA: fmt.Sprintf("参照先の %s「%s」が存在しない", f.Ref, id)}
			}
			if err != nil {
				return internal(op, err)
			}
		}
	}
	return nil
}

// carrierExists gives KindNotFound for an unknown carrier.
func carrierExists(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}, op, cid string) error {
	var one int
	switch err := q.QueryRowContext(ctx, `SELECT 1 FROM carriers WHERE id = $1`, cid).Scan(&one); {
	case errors.Is(err, sql.ErrNoRows):
		return notFound(op, cid)
	case err != nil:
		return internal(op, err)
	}
	return nil
}

// load reads one record in tx; forUpdate locks its row on PostgreSQL.
func (r *recordService) load(ctx context.Context, tx *sql.Tx, op, cid, id string, forUpdate bool) (reflect.Value, error) {
	q := r.getQ
	if forUpdate && r.s.pg {
		q += " FOR UPDATE"
	}
	rs := r.t.newRowScanner()
	err := tx.QueryRowContext(ctx, q, cid, id).Scan(rs.dest...)
	if errors.Is(err, sql.ErrNoRows) {
		if err := carrierExists(ctx, tx, op, cid); err != nil {
			return reflect.Value{}, err
		}
		return reflect.Value{}, recordNotFound(op, r.sp.register, id)
	}
	if err != nil {
		return reflect.Value{}, internal(op, err)
	}
	if err := r.t.afterScan(rs.row, cid); err != nil {
		return reflect.Value{}, err
	}
	return rs.row, nil
}

// write runs fn in a write transaction and records the change in the
// change log and the record log inside it.
func (r *recordService) write(ctx context.Context, op, cid, action string, fn func(tx *sql.Tx, c *contents) (id, before, after string, err error)) error {
	return r.writeDigests(ctx, op, cid, action, nil, fn)
}

// writeDigests is write with the digests of documents the change
// freezes, recorded in its change entry.
func (r *recordService) writeDigests(ctx context.Context, op, cid, action string, digests map[string]string, fn func(tx *sql.Tx, c *contents) (id, before, after string, err error)) error {
	a, err := permitChange(op, ctx)
	if err != nil {
		return err
	}
	change := newChangeEntry(a, cid, action)
	change.Counts = map[string]int{r.sp.register: 1}
	change.Digests = digests
	tx, err := r.s.db.BeginTx(ctx, nil)
	if err != nil {
		return internal(op, err)
	}
	defer tx.Rollback()
	if err := carrierExists(ctx, tx, op, cid); err != nil {
		return err
	}
	var c contents
	id, before, after, err := fn(tx, &c)
	if err != nil {
		return err
	}
	var recBefore, recAfter any
	if r.sp.keepContent {
		if recBefore, err = contentJSON(c.before); err != nil {
			return internal(op, err)
		}
		if recAfter, err = contentJSON(c.after); err != nil {
			return internal(op, err)
		}
	}
	pending, err := r.s.logChange(ctx, tx, change)
	if err != nil {
		return err
	}
	if err := r.s.logRecord(ctx, tx, op, change, action, r.sp.register, id, before, after, recBefore, recAfter); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return internal(op, err)
	}
	pending.Committed()
	return nil
}

// logRecord appends one record's change to the record log in tx, the
// transaction of the change (whose entry is change).
func (s *Store) logRecord(ctx context.Context, tx *sql.Tx, op string, change himitsu.ChangeEntry, action, register, id, before, after string, recBefore, recAfter any) error {
	var at any = change.At
	if !s.pg {
		at = change.At.Format(sqliteTime)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO record_log (carrier_id, at, actor, purpose, tool, action, register, record_id, version_before, version_after, record_before, record_after) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
		change.CarrierID, at, change.Actor, change.Purpose, change.Tool, action, register, id, before, after, recBefore, recAfter); err != nil {
		return changeLogError(op, err)
	}
	return nil
}

func (r *recordService) create(ctx context.Context, cid string, rec any) (himitsu.Stored[any], error) {
	op := r.op("Create")
	var out himitsu.Stored[any]
	if _, err := permitChange(op, ctx); err != nil {
		return out, err
	}
	rv, err := r.value(op, rec)
	if err != nil {
		return out, err
	}
	var digests map[string]string
	if r.sp.digest != nil {
		if d := r.sp.digest(rv); d != "" {
			digests = map[string]string{r.id(rv): d}
		}
	}
	err = r.writeDigests(ctx, op, cid, himitsu.ChangeCreate, digests, func(tx *sql.Tx, c *contents) (string, string, string, error) {
		id := r.id(rv)
		if err := r.check(ctx, tx, op, cid, rv); err != nil {
			return id, "", "", err
		}
		var one int
		switch err := tx.QueryRowContext(ctx, "SELECT 1 FROM "+quote(r.t.name)+" WHERE carrier_id = $1 AND id = $2", cid, id).Scan(&one); {
		case err == nil:
			return id, "", "", &himitsu.Error{Op: op, Kind: himitsu.KindConflict, Field: "id",
				Msg: fmt.Sprintf("%s already holds a record %q", r.sp.register, id), MsgJA: fmt.Sprintf("%s には既に記録 %q がある", r.sp.register, id)}
		case !errors.Is(err, sql.ErrNoRows):
			return id, "", "", internal(op, err)
		}
		args, err := r.t.encode(nil, cid, rv, r.s.pg)
		if err != nil {
			return id, "", "", flat(op, err)
		}
		if _, err := tx.ExecContext(ctx, r.insertQ, args...); err != nil {
			return id, "", "", internal(op, err)
		}
		out = himitsu.Stored[any]{Record: rv.Interface(), Version: himitsu.VersionOf(rv.Interface())}
		c.after = out.Record
		return id, "", out.Version, nil
	})
	if err != nil {
		return himitsu.Stored[any]{}, err
	}
	return out, nil
}

func (r *recordService) update(ctx context.Context, cid string, rec any, version string) (himitsu.Stored[any], error) {
	op := r.op("Update")
	var out himitsu.Stored[any]
	if _, err := permitChange(op, ctx); err != nil {
		return out, err
	}
	rv, err := r.value(op, rec)
	if err != nil {
		return out, err
	}
	if version == "" {
		return out, &himitsu.Error{Op: op, Kind: himitsu.KindInvalid, Field: "version",
			Msg: "the version of the record the change is based on is required", MsgJA: "変更の元にした記録の版が必要である"}
	}
	if r.sp.appendOnly {
		return out, &himitsu.Error{Op: op, Kind: himitsu.KindPermission, Msg: r.sp.keep, MsgJA: r.sp.keepJA}
	}
	err = r.write(ctx, op, cid, himitsu.ChangeUpdate, func(tx *sql.Tx, c *contents) (string, string, string, error) {
		id := r.id(rv)
		cur, err := r.load(ctx, tx, op, cid, id, true)
		if err != nil {
			return id, "", "", err
		}
		if r.sp.frozen != nil && r.sp.frozen(cur) {
			return id, "", "", &himitsu.Error{Op: op, Kind: himitsu.KindPermission, Msg: r.sp.frozenMsg, MsgJA: r.sp.frozenJA}
		}
		before := himitsu.VersionOf(cur.Interface())
		if before != version {
			return id, "", "", versionConflict(op, r.sp.register, id)
		}
		if err := r.check(ctx, tx, op, cid, rv); err != nil {
			return id, "", "", err
		}
		args, err := r.t.encode(nil, cid, rv, r.s.pg)
		if err != nil {
			return id, "", "", flat(op, err)
		}
		if _, err := tx.ExecContext(ctx, r.updateQ, args...); err != nil {
			return id, "", "", internal(op, err)
		}
		out = himitsu.Stored[any]{Record: rv.Interface(), Version: himitsu.VersionOf(rv.Interface())}
		c.before, c.after = cur.Interface(), out.Record
		return id, before, out.Version, nil
	})
	if err != nil {
		return himitsu.Stored[any]{}, err
	}
	return out, nil
}

func (r *recordService) delete(ctx context.Context, cid, id, version string) error {
	op := r.op("Delete")
	if _, err := permitChange(op, ctx); err != nil {
		return err
	}
	return r.write(ctx, op, cid, himitsu.ChangeRemove, func(tx *sql.Tx, c *contents) (string, string, string, error) {
		cur, err := r.load(ctx, tx, op, cid, id, true)
		if err != nil {
			return id, "", "", err
		}
		if r.sp.deletable == nil || !r.sp.deletable(cur) {
			return id, "", "", &himitsu.Error{Op: op, Kind: himitsu.KindPermission, Msg: r.sp.keep, MsgJA: r.sp.keepJA}
		}
		before := himitsu.VersionOf(cur.Interface())
		if before != version {
			return id, "", "", versionConflict(op, r.sp.register, id)
		}
		for _, ref := range r.referrers {
			q := "SELECT 1 FROM " + quote(ref.t.name) + " WHERE carrier_id = $1 AND " + quote(ref.col.name) + " = $2 LIMIT 1"
			arg := id
			if ref.list {
				// A JSON list of IDs: its text holds the quoted ID.
				q = "SELECT 1 FROM " + quote(ref.t.name) + " WHERE carrier_id = $1 AND CAST(" + quote(ref.col.name) + " AS TEXT) LIKE $2 LIMIT 1"
				arg = `%"` + id + `"%`
			}
			var one int
			switch err := tx.QueryRowContext(ctx, q, cid, arg).Scan(&one); {
			case err == nil:
				return id, "", "", &himitsu.Error{Op: op, Kind: himitsu.KindConflict, Field: "id",
					Msg:   fmt.Sprintf("%s %q is still referred to by %s (%s)", r.sp.register, id, ref.t.reg.Name, ref.col.name),
					MsgJA: fmt.Sprintf("%s %q は %s（%s）から参照されている", r.sp.register, id, ref.t.reg.Name, ref.col.name)}
			case !errors.Is(err, sql.ErrNoRows):
				return id, "", "", internal(op, err)
			}
		}
		if _, err := tx.ExecContext(ctx, r.deleteQ, cid, id); err != nil {
			return id, "", "", internal(op, err)
		}
		c.before = cur.Interface()
		return id, before, "", nil
	})
}

func (r *recordService) get(ctx context.Context, cid, id string) (himitsu.Stored[any], error) {
	op := r.op("Get")
	a, err := permit(op, ctx)
	if err != nil {
		return himitsu.Stored[any]{}, err
	}
	entry := newReadEntry(a, cid, r.sp.register)
	tx, err := r.s.readTx(ctx)
	if err != nil {
		return himitsu.Stored[any]{}, internal(op, err)
	}
	rv, err := r.load(ctx, tx, op, cid, id, false)
	tx.Rollback()
	if err != nil {
		return himitsu.Stored[any]{}, err
	}
	entry.Rows = 1
	if err := r.s.logRead(ctx, entry); err != nil {
		return himitsu.Stored[any]{}, err
	}
	return himitsu.Stored[any]{Record: rv.Interface(), Version: himitsu.VersionOf(rv.Interface())}, nil
}

// listQuery builds the SELECT of one page.
func (r *recordService) listQuery(op, cid string, o himitsu.ListOptions) (string, []any, error) {
	var where []string
	args := []any{cid}
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	where = append(where, "carrier_id = $1")
	byTime := r.sp.timeKeyset && (!o.From.IsZero() || !o.To.IsZero())
	if byTime && o.After != "" {
		at, id, err := r.timeCursor(op, o.After)
		if err != nil {
			return "", nil, err
		}
		tf := quote(r.sp.timeField)
		a, b := arg(at), arg(id)
		if o.Desc {
			where = append(where, tf+" <= "+a, "("+tf+" < "+a+" OR id < "+b+")")
		} else {
			where = append(where, tf+" >= "+a, "("+tf+" > "+a+" OR id > "+b+")")
		}
	} else if o.After != "" {
		if o.Desc {
			where = append(where, "id < "+arg(o.After))
		} else {
			where = append(where, "id > "+arg(o.After))
		}
	}
	for name, val := range o.Filter {
		c, ok := r.cols[name]
		bad := func(en, ja string) error {
			return &himitsu.Error{Op: op, Kind: himitsu.KindInvalid, Field: "filter." + name, Msg: en, MsgJA: ja}
		}
		if !ok || name == "id" {
			return "", nil, bad(fmt.Sprintf("%s has no field %q to filter on", r.sp.register, name), fmt.Sprintf("%s には絞り込める項目 %q がない", r.sp.register, name))
		}
		col := quote(name)
		switch c.kind {
		case kText:
			where = append(where, col+" = "+arg(val))
		case kFact:
			switch val {
			case "true", "false":
				where = append(where, col+" = "+arg(val == "true"))
			case "unknown":
				where = append(where, col+" IS NULL")
			default:
				return "", nil, bad("is true, false or unknown", "true、false 又は unknown である")
			}
		case kInt:
			n, err := strconv.ParseInt(val, 10, 64)
			if err != nil {
				return "", nil, bad("is a whole number", "整数である")
			}
			where = append(where, col+" = "+arg(n))
		case kDate, kTime:
			switch val {
			case "none":
				where = append(where, col+" IS NULL")
			case "any":
				where = append(where, col+" IS NOT NULL")
			default:
				return "", nil, bad(`is "none" or "any"`, `「none」又は「any」である`)
			}
		default:
			return "", nil, bad("cannot be filtered on", "この項目では絞り込めない")
		}
	}
	if q := strings.TrimSpace(o.Query); q != "" {
		pat := "%" + strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(strings.ToLower(q)) + "%"
		p := arg(pat)
		var ors []string
		for _, c := range r.t.cols {
			// A sealed column holds ciphertext, which a LIKE cannot search.
			sealed := r.t.seal != nil && c.index == r.t.seal.fld
			if c.kind == kText && !sealed && !slices.Contains(o.QuerySkip, c.name) {
				ors = append(ors, "LOWER("+quote(c.name)+") LIKE "+p+` ESCAPE '\'`)
			}
		}
		if len(ors) > 0 {
			where = append(where, "("+strings.Join(ors, " OR ")+")")
		}
	}
	if tf := r.sp.timeField; tf != "" && (!o.From.IsZero() || !o.To.IsZero()) {
		c := r.cols[tf]
		bound := func(d himitsu.Date, next bool) any {
			if next {
				d = d.AddDays(1)
			}
			if c.kind == kDate {
				return d.String()
			}
			t := time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, himitsu.Tokyo).UTC()
			if r.s.pg {
				return t
			}
			return t.Format(sqliteTime)
		}
		if !o.From.IsZero() {
			where = append(where, quote(tf)+" >= "+arg(bound(o.From, false)))
		}
		if !o.To.IsZero() {
			where = append(where, quote(tf)+" < "+arg(bound(o.To, true)))
		}
	}
	quoted := make([]string, len(r.t.cols))
	for i, c := range r.t.cols {
		quoted[i] = quote(c.name)
	}
	order := "id"
	if o.Desc {
		order = "id DESC"
	}
	if byTime {
		tf := quote(r.sp.timeField)
		order = tf + ", id"
		if o.Desc {
			order = tf + " DESC, id DESC"
		}
	}
	from := quote(r.t.name)
	if !r.s.pg && !byTime {
		for _, col := range r.sp.filterIndexes {
			if _, ok := o.Filter[col]; ok {
				from += " INDEXED BY " + r.sp.register + "_" + col
				break
			}
		}
	}
	q := "SELECT " + strings.Join(quoted, ", ") + " FROM " + from + " WHERE " + strings.Join(where, " AND ") +
		" ORDER BY " + order + " LIMIT " + strconv.Itoa(o.PageLimit()+1)
	return q, args, nil
}

func (r *recordService) list(ctx context.Context, cid string, o himitsu.ListOptions) (himitsu.Page[any], error) {
	op := r.op("List")
	var page himitsu.Page[any]
	a, err := permit(op, ctx)
	if err != nil {
		return page, err
	}
	q, args, err := r.listQuery(op, cid, o)
	if err != nil {
		return page, err
	}
	entry := newReadEntry(a, cid, r.sp.register)
	tx, err := r.s.readTx(ctx)
	if err != nil {
		return page, internal(op, err)
	}
	defer tx.Rollback()
	if err := carrierExists(ctx, tx, op, cid); err != nil {
		return page, err
	}
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return page, internal(op, err)
	}
	defer rows.Close()
	limit := o.PageLimit()
	byTime := r.sp.timeKeyset && (!o.From.IsZero() || !o.To.IsZero())
	page.Items = []himitsu.Stored[any]{}
	for rows.Next() {
		if len(page.Items) == limit {
			last := reflect.ValueOf(page.Items[limit-1].Record)
			page.Next = r.id(last)
			if byTime {
				page.Next = r.timeCursorOf(last)
			}
			break
		}
		rs := r.t.newRowScanner()
		if err := rows.Scan(rs.dest...); err != nil {
			return page, internal(op, err)
		}
		if err := r.t.afterScan(rs.row, cid); err != nil {
			return page, err
		}
		v := rs.row.Interface()
		page.Items = append(page.Items, himitsu.Stored[any]{Record: v, Version: himitsu.VersionOf(v)})
	}
	if err := rows.Err(); err != nil {
		return page, internal(op, err)
	}
	rows.Close()
	tx.Rollback()
	entry.Rows = len(page.Items)
	if err := r.s.logRead(ctx, entry); err != nil {
		return himitsu.Page[any]{}, err
	}
	return page, nil
}

// timeCursorOf is the cursor after the record rv in time order: its time
// (RFC 3339, UTC, nanoseconds) and its ID, joined by "|", which no ID
// contains.
func (r *recordService) timeCursorOf(rv reflect.Value) string {
	var at time.Time
	for _, f := range himitsu.Fields(rv.Type()) {
		if f.Name == r.sp.timeField {
			at, _ = rv.Field(f.Index).Interface().(time.Time)
		}
	}
	return at.UTC().Format(time.RFC3339Nano) + "|" + r.id(rv)
}

// timeCursor reads a cursor of timeCursorOf as query parameters.
func (r *recordService) timeCursor(op, c string) (any, string, error) {
	ts, id, ok := strings.Cut(c, "|")
	at, err := time.Parse(time.RFC3339Nano, ts)
	if !ok || err != nil || !himitsu.ValidID(id) {
		return nil, "", &himitsu.Error{Op: op, Kind: himitsu.KindInvalid, Field: "after",
			Msg:   "is not a cursor of this list (a list bounded by from/to is paged by time; start again from its first page)",
			MsgJA: "この一覧のカーソルではない（from/to で絞った一覧は時刻順に頁送りする。最初の頁からやり直すこと）"}
	}
	if r.s.pg {
		return at.UTC(), id, nil
	}
	return at.UTC().Format(sqliteTime), id, nil
}

// untyped is the RecordService[any] of a register.
type untyped struct{ r *recordService }

func (u untyped) Register() string { return u.r.sp.register }
func (u untyped) Create(ctx context.Context, cid string, rec any) (himitsu.Stored[any], error) {
	return u.r.create(ctx, cid, rec)
}
func (u untyped) Get(ctx context.Context, cid, id string) (himitsu.Stored[any], error) {
	return u.r.get(ctx, cid, id)
}
func (u untyped) List(ctx context.Context, cid string, o himitsu.ListOptions) (himitsu.Page[any], error) {
	return u.r.list(ctx, cid, o)
}
func (u untyped) Update(ctx context.Context, cid string, rec any, version string) (himitsu.Stored[any], error) {
	return u.r.update(ctx, cid, rec, version)
}
func (u untyped) Delete(ctx context.Context, cid, id, version string) error {
	return u.r.delete(ctx, cid, id, version)
}

// typed is the RecordService[T] of a register whose records are T.
type typed[T any] struct{ r *recordService }

func stored[T any](s himitsu.Stored[any], err error) (himitsu.Stored[T], error) {
	if err != nil {
		return himitsu.Stored[T]{}, err
	}
	return himitsu.Stored[T]{Record: s.Record.(T), Version: s.Version}, nil
}

func (x typed[T]) Register() string { return x.r.sp.register }
func (x typed[T]) Create(ctx context.Context, cid string, rec T) (himitsu.Stored[T], error) {
	return stored[T](x.r.create(ctx, cid, rec))
}
func (x typed[T]) Get(ctx context.Context, cid, id string) (himitsu.Stored[T], error) {
	return stored[T](x.r.get(ctx, cid, id))
}
func (x typed[T]) List(ctx context.Context, cid string, o himitsu.ListOptions) (himitsu.Page[T], error) {
	p, err := x.r.list(ctx, cid, o)
	if err != nil {
		return himitsu.Page[T]{}, err
	}
	out := himitsu.Page[T]{Items: make([]himitsu.Stored[T], len(p.Items)), Next: p.Next}
	for i, it := range p.Items {
		out.Items[i] = himitsu.Stored[T]{Record: it.Record.(T), Version: it.Version}
	}
	return out, nil
}
func (x typed[T]) Update(ctx context.Context, cid string, rec T, version string) (himitsu.Stored[T], error) {
	return stored[T](x.r.update(ctx, cid, rec, version))
}
func (x typed[T]) Delete(ctx context.Context, cid, id, version string) error {
	return x.r.delete(ctx, cid, id, version)
}

// RecordLog returns the record changes of a carrier, newest first. Like
// ChangeLog it needs no accessor and is not itself recorded.
func (s *Store) RecordLog(ctx context.Context, carrierID string, f himitsu.RecordLogFilter) ([]himitsu.RecordChange, error) {
	const op = "sqlstore.RecordLog"
	q := `SELECT id, carrier_id, at, actor, purpose, tool, action, register, record_id, version_before, version_after, record_before, record_after FROM record_log WHERE carrier_id = $1`
	args := []any{carrierID}
	if f.Register != "" {
		args = append(args, f.Register)
		q += " AND register = $2"
		if f.RecordID != "" {
			args = append(args, f.RecordID)
			q += " AND record_id = $3"
		}
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	q += " ORDER BY id DESC LIMIT " + strconv.Itoa(limit)
	rows, err := s.rdb.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, internal(op, err)
	}
	defer rows.Close()
	out := []himitsu.RecordChange{}
	for rows.Next() {
		var e himitsu.RecordChange
		var at any
		var before, after sql.NullString
		if err := rows.Scan(&e.ID, &e.CarrierID, &at, &e.Actor, &e.Purpose, &e.Tool, &e.Action, &e.Register, &e.RecordID, &e.VersionBefore, &e.VersionAfter, &before, &after); err != nil {
			return nil, internal(op, err)
		}
		if before.Valid {
			e.Before = json.RawMessage(before.String)
		}
		if after.Valid {
			e.After = json.RawMessage(after.String)
		}
		if e.At, err = scanTime(at); err != nil {
			return nil, internal(op, err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
