package auditlog

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// Problem is one finding of Verify. Entry names the position at fault, or
// is -1 when the finding cannot be narrowed to one entry (a checkpoint
// whose root no longer matches only says that some entry below its size
// differs from when it was signed).
type Problem struct {
	Entry int64
	What  string // "changed", "removed", "reordered", "inserted", "checkpoint"
	Msg   string
	MsgJA string
}

// Report is what Verify found.
type Report struct {
	Origin      string
	Entries     int64
	Root        Hash
	Checkpoints int   // checked and valid
	Signed      int64 // size of the largest valid checkpoint
	Keys        []Key
	Problems    []Problem
}

// OK reports whether nothing was found.
func (r *Report) OK() bool { return len(r.Problems) == 0 }

// First returns the first problem found, if any.
func (r *Report) First() (Problem, bool) {
	if len(r.Problems) == 0 {
		return Problem{}, false
	}
	return r.Problems[0], true
}

// verifier recomputes the tree entry by entry and checks checkpoints as it
// reaches their sizes. After the first entry-level problem it stops
// recomputing (every later root would differ for the same reason) and
// only reports which checkpoints the log can no longer support.
type verifier struct {
	rep     *Report
	r       *Range
	hs      []Hash
	cps     []*Checkpoint // sorted by size
	next    int           // next checkpoint to check
	keys    []Key
	known   note.Verifiers
	trusted map[string]bool // when set, only these vkeys count
	stopped bool
	good    int64 // size of the last checkpoint that matched
}

func newVerifier(origin string, cps []*Checkpoint, ks []Key, trusted []string) (*verifier, error) {
	v := &verifier{rep: &Report{Origin: origin, Keys: ks}, r: NewRange(), cps: cps, keys: ks}
	var list []note.Verifier
	for _, k := range ks {
		nv, err := note.NewVerifier(k.VKey)
		if err != nil {
			return nil, fmt.Errorf("public key %q: %w", k.VKey, err)
		}
		list = append(list, nv)
	}
	if len(trusted) > 0 {
		v.trusted = map[string]bool{}
		for _, t := range trusted {
			if _, err := note.NewVerifier(t); err != nil {
				return nil, fmt.Errorf("trusted key %q: %w", t, err)
			}
			v.trusted[t] = true
		}
	}
	v.known = note.VerifierList(list...)
	for v.next < len(v.cps) && v.cps[v.next].Size == 0 {
		v.checkpoint(v.cps[v.next], v.r.Root())
		v.next++
	}
	return v, nil
}

func (v *verifier) problem(p Problem) { v.rep.Problems = append(v.rep.Problems, p) }

// entry checks the row at position pos (its place in storage order) and
// adds it to the tree. stored, when not nil, gives the hashes the
// database holds for it.
func (v *verifier) entry(pos int64, row Row, stored []Hash, storedErr error) {
	if v.stopped {
		return
	}
	e, err := Decode(row.Data)
	v.decoded(pos, row, e, err, stored, storedErr)
}

// decoded is entry for a row already decoded (e, err from Decode), so that
// decoding can run beside the tree's hashing.
func (v *verifier) decoded(pos int64, row Row, e *Entry, err error, stored []Hash, storedErr error) {
	if v.stopped {
		return
	}
	want := v.r.Size()
	if pos != want || row.Index != want {
		// Storage order (database key or file line) skipped an index.
		v.stop(removed(want, row.Index))
		return
	}
	if err != nil {
		v.stop(Problem{Entry: want, What: "changed",
			Msg:   fmt.Sprintf("entry %d was changed: its data is no longer a valid entry (%v)", want, err),
			MsgJA: fmt.Sprintf("記録 %d が改変されている（正しい記録の形式ではない: %v）", want, err)})
		return
	}
	if e.Index != want {
		v.stop(reordered(want, e.Index))
		return
	}
	if row.Kind != e.Kind || row.Carrier != e.Carrier {
		v.stop(Problem{Entry: want, What: "changed",
			Msg:   fmt.Sprintf("entry %d was changed: its kind or carrier column (%q, %q) differs from its data (%q, %q)", want, row.Kind, row.Carrier, e.Kind, e.Carrier),
			MsgJA: fmt.Sprintf("記録 %d が改変されている（種別又は事業者の列 %q, %q がデータ %q, %q と異なる）", want, row.Kind, row.Carrier, e.Kind, e.Carrier)})
		return
	}
	v.hs = v.r.Append(row.Data, v.hs[:0])
	if stored != nil || storedErr != nil {
		first := tlog.StoredHashIndex(0, want)
		switch {
		case storedErr != nil || len(stored) != len(v.hs):
			v.stop(Problem{Entry: want, What: "changed",
				Msg:   fmt.Sprintf("entry %d was changed: its stored hashes are malformed or incomplete", want),
				MsgJA: fmt.Sprintf("記録 %d が改変されている（保存されたハッシュが不正又は不足している）", want)})
			return
		case stored[0] != v.hs[0]:
			v.stop(Problem{Entry: want, What: "changed",
				Msg:   fmt.Sprintf("entry %d was changed: its data no longer matches the leaf hash stored when it was appended", want),
				MsgJA: fmt.Sprintf("記録 %d が改変されている（追記時に保存した葉ハッシュと一致しない）", want)})
			return
		default:
			for i := 1; i < len(v.hs); i++ {
				if stored[i] != v.hs[i] {
					v.stop(Problem{Entry: want, What: "changed",
						Msg:   fmt.Sprintf("entry %d was changed: stored hash %d, which it completes, differs from the recomputed one", want, first+int64(i)),
						MsgJA: fmt.Sprintf("記録 %d が改変されている（この記録で確定する保存ハッシュ %d が再計算値と異なる）", want, first+int64(i))})
					return
				}
			}
		}
	}
	for v.next < len(v.cps) && v.cps[v.next].Size == v.r.Size() {
		v.checkpoint(v.cps[v.next], v.r.Root())
		v.next++
	}
}

func removed(pos, next int64) Problem {
	return Problem{Entry: pos, What: "removed",
		Msg:   fmt.Sprintf("entry %d is missing: the next stored entry is %d", pos, next),
		MsgJA: fmt.Sprintf("記録 %d が欠けている（次に保存されている記録は %d）", pos, next)}
}

func reordered(pos, claimed int64) Problem {
	return Problem{Entry: pos, What: "reordered",
		Msg:   fmt.Sprintf("entry %d was reordered: position %d holds the entry appended as %d", pos, pos, claimed),
		MsgJA: fmt.Sprintf("記録 %d の順序が入れ替えられている（位置 %d に、%d 番目として追記された記録がある）", pos, pos, claimed)}
}

// stop records an entry-level problem and ends the recomputation.
func (v *verifier) stop(p Problem) {
	v.problem(p)
	v.stopped = true
}

// checkpoint checks one checkpoint whose size the tree has reached.
func (v *verifier) checkpoint(cp *Checkpoint, root Hash) {
	bad := func(msg, msgJA string) {
		v.problem(Problem{Entry: -1, What: "checkpoint",
			Msg:   fmt.Sprintf("checkpoint of size %d: %s", cp.Size, msg),
			MsgJA: fmt.Sprintf("サイズ %d のチェックポイント: %s", cp.Size, msgJA)})
	}
	n, err := note.Open(cp.Note, v.known)
	if err != nil {
		bad("no valid signature by a key of this log ("+err.Error()+")", "この記録の鍵による有効な署名がない（"+err.Error()+"）")
		return
	}
	valid := false
	for _, s := range n.Sigs {
		for _, k := range v.keys {
			nv, _ := note.NewVerifier(k.VKey)
			if nv.Name() != s.Name || nv.KeyHash() != s.Hash {
				continue
			}
			if v.trusted != nil && !v.trusted[k.VKey] {
				continue
			}
			if cp.Size >= k.SinceSize && (k.UntilSize == nil || cp.Size <= *k.UntilSize) {
				valid = true
			}
		}
	}
	if !valid {
		bad("signed by no key that was valid for its size (or trusted)", "そのサイズで有効な（又は信頼された）鍵による署名がない")
		return
	}
	origin, size, croot, err := parseCheckpointBody(n.Text)
	if err != nil {
		bad(err.Error(), err.Error())
		return
	}
	if origin != v.rep.Origin {
		bad(fmt.Sprintf("origin %q is not this log's %q", origin, v.rep.Origin), fmt.Sprintf("起点名 %q がこの記録の %q と異なる", origin, v.rep.Origin))
		return
	}
	if size != cp.Size {
		bad(fmt.Sprintf("the signed size is %d", size), fmt.Sprintf("署名されたサイズは %d である", size))
		return
	}
	if croot != root {
		v.problem(Problem{Entry: -1, What: "checkpoint",
			Msg: fmt.Sprintf("checkpoint of size %d: the entries no longer give its signed root hash; an entry from %d to %d was changed, removed or reordered since it was signed",
				cp.Size, v.good, cp.Size-1),
			MsgJA: fmt.Sprintf("サイズ %d のチェックポイント: 記録から署名済みのルートハッシュが得られない。署名後に記録 %d〜%d のいずれかが改変、削除又は並べ替えられた",
				cp.Size, v.good, cp.Size-1)})
		return
	}
	v.rep.Checkpoints++
	v.rep.Signed = max(v.rep.Signed, cp.Size)
	v.good = cp.Size
}

// finish reports checkpoints beyond the entries and fills the summary.
func (v *verifier) finish() *Report {
	v.rep.Entries = v.r.Size()
	v.rep.Root = v.r.Root()
	if !v.stopped {
		for ; v.next < len(v.cps); v.next++ {
			cp := v.cps[v.next]
			v.problem(Problem{Entry: v.r.Size(), What: "removed",
				Msg: fmt.Sprintf("entries %d to %d were removed: the log ends at %d, but checkpoint of size %d covers them",
					v.r.Size(), cp.Size-1, v.r.Size(), cp.Size),
				MsgJA: fmt.Sprintf("記録 %d〜%d が削除されている（記録は %d 件で終わるが、サイズ %d のチェックポイントがそれらを含む）",
					v.r.Size(), cp.Size-1, v.r.Size(), cp.Size)})
		}
	}
	if len(v.cps) == 0 && v.rep.Entries > 0 {
		v.problem(Problem{Entry: -1, What: "checkpoint",
			Msg:   "the log has no signed checkpoint: nothing proves that its entries are the ones appended",
			MsgJA: "署名済みのチェックポイントがない。記録が追記されたとおりであることを示すものがない"})
	}
	return v.rep
}

// Verify recomputes the whole tree from the stored entries, in one
// snapshot, compares every stored hash, checks every checkpoint's
// signature, key validity and root, and reports the first entry that was
// changed, removed or reordered. trusted, when given, are the only public
// keys accepted (an auditor's pinned keys); otherwise the keys stored in
// the database are used.
func (l *Log) Verify(ctx context.Context, trusted []string) (*Report, error) {
	tx, err := l.readTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	var origin string
	if err := tx.QueryRowContext(ctx, `SELECT value FROM audit_meta WHERE name = 'origin'`).Scan(&origin); err != nil && !isNoRows(err) {
		return nil, err
	}
	cps, err := checkpoints(ctx, tx)
	if err != nil {
		return nil, err
	}
	ks, err := keys(ctx, tx)
	if err != nil {
		return nil, err
	}
	v, err := newVerifier(origin, cps, ks, trusted)
	if err != nil {
		return nil, err
	}
	// Entries are read in chunks of consecutive rows, so that memory stays
	// flat in the log's length. One goroutine reads and decodes the next
	// chunk while this one adds the current chunk to the tree: reading and
	// decoding cost about as much as hashing, so two cores verify nearly
	// twice as fast as one.
	const chunk = 4096
	type decodedRow struct {
		row  Row
		e    *Entry
		err  error
		hs   []Hash
		herr error
	}
	type result struct {
		rows []decodedRow
		err  error
	}
	chunks := make(chan result, 1)
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		defer close(chunks)
		after := int64(-1)
		for {
			rows, err := entryChunk(ctx, tx, after, chunk)
			if err != nil || len(rows) == 0 {
				select {
				case chunks <- result{err: err}:
				case <-stop:
				}
				return
			}
			out := make([]decodedRow, len(rows))
			for i, row := range rows {
				d := decodedRow{row: row}
				d.e, d.err = Decode(row.Data)
				var ok bool
				if d.hs, ok = unpackHashes(row.Hashes); !ok {
					d.hs, d.herr = nil, errors.New("malformed stored hashes")
				}
				out[i] = d
			}
			select {
			case chunks <- result{rows: out}:
			case <-stop:
				return
			}
			after = rows[len(rows)-1].Index
		}
	}()
	var pos int64
	for c := range chunks {
		if c.err != nil {
			return nil, c.err
		}
		if len(c.rows) == 0 {
			break
		}
		for _, d := range c.rows {
			v.decoded(pos, d.row, d.e, d.err, d.hs, d.herr)
			pos++
			if v.stopped {
				break
			}
		}
		if v.stopped {
			break
		}
	}
	return v.finish(), nil
}

func isNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }

// entryChunk reads up to n entries with index above after.
func entryChunk(ctx context.Context, q querier, after int64, n int) ([]Row, error) {
	rows, err := q.QueryContext(ctx, `SELECT idx, kind, carrier_id, data, hashes FROM audit_entries WHERE idx > $1 ORDER BY idx LIMIT $2`, after, n)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Row
	for rows.Next() {
		var r Row
		var data string
		if err := rows.Scan(&r.Index, &r.Kind, &r.Carrier, &data, &r.Hashes); err != nil {
			return nil, err
		}
		r.Data = []byte(data)
		out = append(out, r)
	}
	return out, rows.Err()
}

var errNoCheckpoint = errors.New("no checkpoint of that size")
