package auditlog

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"sync"
)

// Proof generation reads the stored hashes a proof needs. Every proof
// needs the same few hashes of the tree's upper levels and a handful of
// lower ones near its entry; the upper ones (level ≥ upperLevel) are kept
// in memory once read, and the lower ones are read with one prepared
// statement per proof. Stored hashes never change once written (the log
// only appends), so a kept hash is never stale; a proof is still checked
// against the signed checkpoint's root before it is returned, and verify
// reads everything from the database, never from here.

// upperLevel is the lowest tree level kept in memory: a tree of N entries
// has about N/2^(upperLevel-1) stored hashes at or above it (1.25 million
// hashes, 40 MB, for 10 million entries; maxUpper caps it), and a proof
// then reads at most upperLevel rows from storage, those of the entry's
// own block of 2^upperLevel entries.
const upperLevel = 4

// proofSlots is the number of rows the prepared proof query reads at
// once; a proof that needs more (before its upper hashes are kept) reads
// in several.
const proofSlots = 16

// proofReader holds the prepared statements and the kept upper hashes.
type proofReader struct {
	once   sync.Once
	err    error
	hashes [proofSlots]*sql.Stmt // idx, hashes of 1 to proofSlots rows
	data   *sql.Stmt             // data of one row
	mu     sync.RWMutex
	cp     *sql.Stmt      // the latest checkpoint of one size
	upper  map[int64]Hash // tlog stored-hash index → hash, level ≥ upperLevel
}

// maxUpper bounds the kept hashes (64 MB): past it nothing more is kept.
const maxUpper = 2 << 20

func (l *Log) proofStmts(ctx context.Context) (*proofReader, error) {
	p := &l.proofs
	p.once.Do(func() {
		ph := func(i int) string {
			if l.pg {
				return fmt.Sprintf("$%d", i+1)
			}
			return "?"
		}
		empty := `CAST('' AS BLOB)`
		if l.pg {
			empty = `''::bytea`
		}
		// The statement for k rows: the first parameter names the entry
		// whose data is wanted too, so that the entry and its proof's
		// hashes are one query; the next k the rows; the last the size of
		// the checkpoint whose note is wanted too (its row has index -1),
		// so that a proof of a given size takes one query. The embedded
		// driver's cost per query (statement reset, one call per bound
		// parameter, WAL read lock) was most of a proof's time, hence one
		// statement per row count rather than one padded to proofSlots.
		for k := 1; k <= proofSlots; k++ {
			var b strings.Builder
			b.WriteString(`SELECT idx, hashes, CASE WHEN idx = ` + ph(0) + ` THEN data ELSE '' END FROM audit_entries WHERE idx IN (`)
			for i := range k {
				if i > 0 {
					b.WriteByte(',')
				}
				b.WriteString(ph(i + 1))
			}
			b.WriteString(`) UNION ALL SELECT -1, ` + empty + `, note FROM (SELECT note FROM audit_checkpoints WHERE tree_size = ` +
				ph(k+1) + ` ORDER BY id DESC LIMIT 1) cp`)
			if p.hashes[k-1], p.err = l.rdb.PrepareContext(ctx, b.String()); p.err != nil {
				return
			}
		}
		p.cp, p.err = l.rdb.PrepareContext(ctx, `SELECT tree_size, note FROM audit_checkpoints WHERE tree_size = $1 ORDER BY id DESC LIMIT 1`)
		p.upper = map[int64]Hash{}
	})
	return p, p.err
}

// readProofHashes is readHashes for proofs: kept upper hashes from memory,
// the rest with the prepared statement (and kept when upper).
// The row of entry n is read with the first batch; its data is put in
// *data (when data is not nil and still empty). The note of the latest
// checkpoint of size is put in *note (when note is not nil and still
// empty), and errNoCheckpoint returned when there is none.
func (p *proofReader) readProofHashes(ctx context.Context, indexes []int64, n int64, data *string, size int64, note *string) ([]Hash, error) {
	out := make([]Hash, len(indexes))
	var need []int64 // holder leaves to read
	if (data != nil && *data == "") || (note != nil && *note == "") {
		need = append(need, n)
	}
	missing := make([]bool, len(indexes))
	p.mu.RLock()
	for i, x := range indexes {
		if h, ok := p.upper[x]; ok {
			out[i] = h
			continue
		}
		missing[i] = true
		leaf, _ := holder(x)
		dup := false
		for _, l := range need {
			if l == leaf {
				dup = true
				break
			}
		}
		if !dup {
			need = append(need, leaf)
		}
	}
	p.mu.RUnlock()
	if len(need) == 0 {
		return out, nil
	}
	rows := map[int64][]Hash{}
	for len(need) > 0 {
		k := min(len(need), proofSlots)
		args := make([]any, k+2)
		args[0] = n
		for i := range k {
			args[i+1] = need[i]
		}
		args[k+1] = size
		rs, err := p.hashes[k-1].QueryContext(ctx, args...)
		if err != nil {
			return nil, err
		}
		for rs.Next() {
			var idx int64
			var raw []byte
			var d string
			if err := rs.Scan(&idx, &raw, &d); err != nil {
				rs.Close()
				return nil, err
			}
			if idx == -1 {
				if note != nil && *note == "" {
					*note = d
				}
				continue
			}
			if idx == n && data != nil && *data == "" {
				*data = d
			}
			hs, ok := unpackHashes(raw)
			if !ok {
				rs.Close()
				return nil, fmt.Errorf("audit entry %d: malformed stored hashes", idx)
			}
			rows[idx] = hs
		}
		if err := rs.Close(); err != nil {
			return nil, err
		}
		need = need[k:]
	}
	if note != nil && *note == "" {
		return nil, errNoCheckpoint
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	for i, x := range indexes {
		if !missing[i] {
			continue
		}
		leaf, at := holder(x)
		hs := rows[leaf]
		if at >= len(hs) {
			return nil, fmt.Errorf("stored hash %d (audit entry %d) is missing", x, leaf)
		}
		out[i] = hs[at]
		if at >= upperLevel && len(p.upper) < maxUpper {
			p.upper[x] = hs[at]
		}
	}
	return out, nil
}

// checkpoint returns the latest checkpoint of size (size ≥ 0) through the
// prepared statement, or the latest of all (size < 0).
func (p *proofReader) checkpoint(ctx context.Context, q querier, size int64) (*Checkpoint, error) {
	if size < 0 {
		return checkpointOf(ctx, q, size)
	}
	var cp Checkpoint
	var n string
	if err := p.cp.QueryRowContext(ctx, size).Scan(&cp.Size, &n); err != nil {
		return nil, err
	}
	cp.Note = []byte(n)
	return &cp, nil
}
