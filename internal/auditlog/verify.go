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
	v.decoded(pos, row, e, err, stored, storedErr, nil)
}

var errMalformedHashes = errors.New("malformed stored hashes")

// prepared is entry for a row that readVerifyRows prepared: its leaf
// hashed and, when scan is scanMatch, its index, kind and carrier read
// from the data and found equal to the row's.
func (v *verifier) prepared(pos int64, d *verifyRow) {
	var herr error
	if d.hsBad {
		herr = errMalformedHashes
	}
	if d.scan != scanMatch {
		v.decoded(pos, d.row, d.e, d.decErr, d.hs, herr, &d.leaf)
		return
	}
	if v.stopped {
		return
	}
	if want := v.r.Size(); pos != want || d.row.Index != want {
		v.stop(removed(want, d.row.Index))
		return
	}
	v.add(d.leaf, d.hs, herr)
}

// decoded is entry for a row already decoded (e, err from Decode), so that
// decoding can run beside the tree's hashing; leaf, when not nil, is the
// leaf hash of row.Data.
func (v *verifier) decoded(pos int64, row Row, e *Entry, err error, stored []Hash, storedErr error, leaf *Hash) {
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
	if leaf == nil {
		leaf = new(v.r.x.leaf(row.Data))
	}
	v.add(*leaf, stored, storedErr)
}

// add appends the leaf to the tree, compares the hashes it completes with
// those stored for it (when stored or storedErr is set) and checks the
// checkpoints of the new size.
func (v *verifier) add(leaf Hash, stored []Hash, storedErr error) {
	want := v.r.Size()
	v.hs = v.r.AppendHash(leaf, v.hs[:0])
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
	rep, err := l.verifyPass(ctx, tx, origin, cps, ks, trusted, true)
	if err != nil || rep.OK() {
		return rep, err
	}
	// Something is wrong: verify again in the same snapshot, decoding
	// every entry in full, so that the report names the first fault
	// exactly as the full check does (a changed entry whose data is no
	// longer a valid entry, rather than only a checkpoint that fails).
	return l.verifyPass(ctx, tx, origin, cps, ks, trusted, false)
}

// verifyPass recomputes the tree from every stored entry in one
// snapshot. One goroutine reads the rows, by one statement (parsed once
// for the whole log), into chunks; the caller's goroutine hashes each
// chunk's leaves, reads their fields, compares and folds the tree, so
// that on two cores reading runs beside everything else.
//
// With quick set, the entries below the largest stored checkpoint's size
// are not decoded in full: only their index, kind and carrier are read
// (scanFields) and compared with the row. Every stored hash is still
// recomputed from the exact stored bytes and every checkpoint checked,
// and a clean report requires every checkpoint to be valid and to match,
// so each such entry is byte for byte one the log appended, and Append
// accepted it only after validating it and encoding it canonically. What
// the full decoding adds is a finer report of a fault that the hashes
// find anyway, which is why Verify repeats a failed quick pass in full.
// Entries beyond the largest checkpoint, which no signature covers, are
// always decoded in full.
func (l *Log) verifyPass(ctx context.Context, tx *sql.Tx, origin string, cps []*Checkpoint, ks []Key, trusted []string, quick bool) (*Report, error) {
	v, err := newVerifier(origin, cps, ks, trusted)
	if err != nil {
		return nil, err
	}
	covered := int64(0) // entries below this index need not be decoded in full
	if quick {
		for _, cp := range cps {
			covered = max(covered, cp.Size)
		}
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	chunks := make(chan rowChunk, 1)
	// Two chunks circulate (one being read, one being checked) and a
	// third may wait in the channel, so memory stays flat and nothing is
	// allocated per chunk once they exist.
	free := make(chan rowChunk, 3)
	go readRowChunks(ctx, tx, chunks, free)
	var pos int64
	d := verifyRow{}
	for c := range chunks {
		if c.err != nil {
			return nil, c.err
		}
		for i := range c.rows {
			d.prepare(&c.rows[i], v.r.x, covered)
			v.prepared(pos, &d)
			pos++
			if v.stopped {
				break
			}
		}
		if v.stopped {
			break
		}
		free <- c
	}
	return v.finish(), nil
}

// verifyChunk is the number of rows read at a time: large enough that the
// hand-over costs nothing per row, small enough that memory stays flat.
const verifyChunk = 4096

// rowChunk is consecutive rows of audit_entries whose Data and Hashes
// point into arena.
type rowChunk struct {
	rows  []Row
	arena []byte
	err   error
}

// readRowChunks reads every entry in index order and sends the rows in
// chunks of verifyChunk, reusing the chunks that come back on free; it
// closes out at the end, after an error, or when ctx ends.
func readRowChunks(ctx context.Context, q querier, out chan<- rowChunk, free chan rowChunk) {
	defer close(out)
	send := func(c rowChunk) bool {
		select {
		case out <- c:
			return true
		case <-ctx.Done():
			return false
		}
	}
	rows, err := q.QueryContext(ctx, `SELECT idx, kind, carrier_id, data, hashes FROM audit_entries ORDER BY idx`)
	if err != nil {
		send(rowChunk{err: err})
		return
	}
	defer rows.Close()
	var data, hashes sql.RawBytes
	for {
		var c rowChunk
		select {
		case c = <-free:
		default:
			c = rowChunk{rows: make([]Row, 0, verifyChunk), arena: make([]byte, 0, verifyChunk*384)}
		}
		c.rows, c.arena = c.rows[:0], c.arena[:0]
		for len(c.rows) < verifyChunk && rows.Next() {
			var r Row
			if err := rows.Scan(&r.Index, &r.Kind, &r.Carrier, &data, &hashes); err != nil {
				send(rowChunk{err: err})
				return
			}
			if cap(c.arena)-len(c.arena) < len(data)+len(hashes) {
				// The rows already in the chunk keep the old arena.
				c.arena = make([]byte, 0, max(cap(c.arena), len(data)+len(hashes)))
			}
			n := len(c.arena)
			c.arena = append(c.arena, data...)
			c.arena = append(c.arena, hashes...)
			r.Data = c.arena[n : n+len(data) : n+len(data)]
			r.Hashes = c.arena[n+len(data) : len(c.arena) : len(c.arena)]
			c.rows = append(c.rows, r)
		}
		if err := rows.Err(); err != nil {
			send(rowChunk{err: err})
			return
		}
		if len(c.rows) == 0 || !send(c) || len(c.rows) < verifyChunk {
			return
		}
	}
}

// verifyRow is one stored entry prepared for the verifier.
type verifyRow struct {
	row    Row
	leaf   Hash  // the leaf hash of row.Data
	scan   uint8 // scanMatch or scanDecode
	hs     []Hash
	hsBad  bool
	e      *Entry // when scan is scanDecode
	decErr error
}

const (
	scanMatch  = iota // the data's index, kind and carrier were read; they equal the row's
	scanDecode        // decoded in full (e, decErr)
)

// prepare hashes r's leaf, splits its stored hashes and reads its fields:
// by scanFields when r lies below covered and the scan finds what the row
// says, otherwise by decoding the data in full.
func (d *verifyRow) prepare(r *Row, x *hasher, covered int64) {
	d.row = *r
	d.leaf = x.leaf(r.Data)
	d.hs, d.hsBad = d.hs[:0], false
	if len(r.Hashes) == 0 || len(r.Hashes)%tlog.HashSize != 0 {
		d.hs, d.hsBad = nil, true
	} else {
		for i := 0; i < len(r.Hashes); i += tlog.HashSize {
			d.hs = append(d.hs, Hash(r.Hashes[i:]))
		}
	}
	d.scan, d.e, d.decErr = scanDecode, nil, nil
	if r.Index < covered {
		if idx, kind, carrier, ok := scanFields(r.Data); ok && idx == r.Index &&
			string(kind) == r.Kind && string(carrier) == r.Carrier {
			d.scan = scanMatch
			return
		}
	}
	// Outside the checkpoints, or something differs: the full check
	// decides and words the finding.
	d.e, d.decErr = Decode(r.Data)
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
