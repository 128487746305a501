package auditlog

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"

	"github.com/himitsu-oss/himitsu"
	"golang.org/x/mod/sumdb/tlog"
)

// An export is a folder that anyone can verify without the database:
//
//	entries.jsonl      one leaf per line, the exact bytes that were hashed
//	checkpoints.jsonl  {"tree_size", "at", "note"}: every signed checkpoint
//	log.json           {"origin", "entries", "keys": [every public key with its valid sizes]}
//
// An auditor who received the log's public key from the carrier by
// another channel passes it as trusted, so that a rewritten export signed
// with a new key is refused.
const (
	ExportEntries     = "entries.jsonl"
	ExportCheckpoints = "checkpoints.jsonl"
	ExportManifest    = "log.json"
)

type manifest struct {
	Origin  string `json:"origin"`
	Entries int64  `json:"entries"`
	Keys    []Key  `json:"keys"`
}

type exportedCheckpoint struct {
	TreeSize int64  `json:"tree_size"`
	At       string `json:"at"`
	Note     string `json:"note"`
}

// maxExportLine bounds a line of an export when reading it back.
const maxExportLine = 1 << 20

func exportError(path, msg, msgJA string, err error) error {
	return &himitsu.Error{Op: "auditlog.Export", Kind: himitsu.KindInvalid, File: path, Msg: msg, MsgJA: msgJA, Err: err}
}

// Export writes the log, its checkpoints and public keys, read from one
// snapshot, into dir, which must not exist or be empty. It writes into a
// temporary folder beside dir and renames it, so a failed export leaves
// nothing half-written. It returns the number of entries.
func (l *Log) Export(ctx context.Context, dir string) (int64, error) {
	if ents, err := os.ReadDir(dir); err == nil && len(ents) > 0 {
		return 0, exportError(dir, "the export folder is not empty", "出力先フォルダが空ではない", nil)
	} else if err == nil {
		if err := os.Remove(dir); err != nil {
			return 0, exportError(dir, "cannot replace the empty export folder", "空の出力先フォルダを置き換えられない", err)
		}
	}
	tmp, err := os.MkdirTemp(filepath.Dir(dir), "."+filepath.Base(dir)+".tmp-")
	if err != nil {
		return 0, exportError(dir, "cannot create the export folder", "出力先フォルダを作成できない", err)
	}
	defer os.RemoveAll(tmp)
	n, err := l.exportTo(ctx, tmp)
	if err != nil {
		return 0, err
	}
	if err := os.Rename(tmp, dir); err != nil {
		return 0, exportError(dir, "cannot create the export folder", "出力先フォルダを作成できない", err)
	}
	return n, nil
}

func (l *Log) exportTo(ctx context.Context, dir string) (int64, error) {
	tx, err := l.readTx(ctx)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	m := manifest{}
	if err := tx.QueryRowContext(ctx, `SELECT value FROM audit_meta WHERE name = 'origin'`).Scan(&m.Origin); err != nil && !isNoRows(err) {
		return 0, err
	}
	if m.Keys, err = keys(ctx, tx); err != nil {
		return 0, err
	}
	cps, err := checkpoints(ctx, tx)
	if err != nil {
		return 0, err
	}
	err = writeFile(filepath.Join(dir, ExportEntries), func(w *bufio.Writer) error {
		return rowsOf(ctx, tx, func(r Row) error {
			m.Entries++
			w.Write(r.Data)
			return w.WriteByte('\n')
		})
	})
	if err != nil {
		return 0, err
	}
	err = writeFile(filepath.Join(dir, ExportCheckpoints), func(w *bufio.Writer) error {
		enc := json.NewEncoder(w)
		for _, cp := range cps {
			if err := enc.Encode(exportedCheckpoint{TreeSize: cp.Size, At: cp.At.Format("2006-01-02T15:04:05.999999Z07:00"), Note: string(cp.Note)}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	err = writeFile(filepath.Join(dir, ExportManifest), func(w *bufio.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(m)
	})
	return m.Entries, err
}

// writeFile creates path (0600), fills it through fn and syncs it.
func writeFile(path string, fn func(*bufio.Writer) error) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return exportError(path, "cannot write", "書き込めない", err)
	}
	w := bufio.NewWriterSize(f, 1<<16)
	err = fn(w)
	if err == nil {
		err = w.Flush()
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return exportError(path, "cannot write", "書き込めない", err)
	}
	return nil
}

// VerifyExport verifies an export folder as Verify verifies the database:
// it recomputes the tree from entries.jsonl, checks every checkpoint and
// names the first entry (by its line's position) that was changed,
// removed or reordered. trusted are the public keys the auditor accepts;
// when empty, the keys listed in log.json are used (and the report says
// so to whoever prints it).
func VerifyExport(dir string, trusted []string) (*Report, error) {
	mpath := filepath.Join(dir, ExportManifest)
	mb, err := os.ReadFile(mpath)
	if err != nil {
		return nil, exportError(mpath, "cannot read the export's manifest", "出力のマニフェストを読めない", err)
	}
	var m manifest
	d := json.NewDecoder(bytes.NewReader(mb))
	d.DisallowUnknownFields()
	if err := d.Decode(&m); err != nil {
		return nil, exportError(mpath, "is not an audit log manifest", "監査記録のマニフェストではない", err)
	}
	cps, err := readExportCheckpoints(filepath.Join(dir, ExportCheckpoints))
	if err != nil {
		return nil, err
	}
	v, err := newVerifier(m.Origin, cps, m.Keys, trusted)
	if err != nil {
		return nil, exportError(mpath, "holds an unusable public key", "使えない公開鍵を含んでいる", err)
	}
	epath := filepath.Join(dir, ExportEntries)
	f, err := os.Open(epath)
	if err != nil {
		return nil, exportError(epath, "cannot read the entries", "記録を読めない", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 1<<16), maxExportLine)
	var pos int64
	for sc.Scan() && !v.stopped {
		line := sc.Bytes()
		var probe struct {
			Index   *int64 `json:"index"`
			Kind    string `json:"kind"`
			Carrier string `json:"carrier"`
		}
		// A line that is not even JSON is still a position: Decode in
		// entry() reports it as changed.
		_ = json.Unmarshal(line, &probe)
		if probe.Index != nil && *probe.Index != pos {
			// The line belongs elsewhere: if a later line holds entry pos,
			// the two were reordered; otherwise entry pos was removed.
			claimed := *probe.Index
			later := false
			for sc.Scan() {
				var q struct {
					Index *int64 `json:"index"`
				}
				if json.Unmarshal(sc.Bytes(), &q) == nil && q.Index != nil && *q.Index == pos {
					later = true
					break
				}
			}
			if later {
				v.stop(reordered(pos, claimed))
			} else {
				v.stop(removed(pos, claimed))
			}
			break
		}
		row := Row{Index: pos, Kind: probe.Kind, Carrier: probe.Carrier, Data: append([]byte(nil), line...)}
		v.entry(pos, row, nil, nil)
		pos++
	}
	if err := sc.Err(); err != nil {
		return nil, exportError(epath, fmt.Sprintf("line %d cannot be read", pos+1), fmt.Sprintf("%d 行目を読めない", pos+1), err)
	}
	rep := v.finish()
	if !v.stopped && m.Entries != rep.Entries {
		rep.Problems = append(rep.Problems, Problem{Entry: rep.Entries, What: "removed",
			Msg:   fmt.Sprintf("the manifest lists %d entries but %s holds %d", m.Entries, ExportEntries, rep.Entries),
			MsgJA: fmt.Sprintf("マニフェストでは %d 件だが %s には %d 件ある", m.Entries, ExportEntries, rep.Entries)})
	}
	return rep, nil
}

func readExportCheckpoints(path string) ([]*Checkpoint, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, exportError(path, "cannot read the checkpoints", "チェックポイントを読めない", err)
	}
	defer f.Close()
	d := json.NewDecoder(io.LimitReader(f, 1<<30))
	d.DisallowUnknownFields()
	var out []*Checkpoint
	for line := 1; ; line++ {
		var c exportedCheckpoint
		if err := d.Decode(&c); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return nil, &himitsu.Error{Op: "auditlog.VerifyExport", Kind: himitsu.KindInvalid, File: path, Line: line,
				Msg: "is not a checkpoint", MsgJA: "チェックポイントではない", Err: err}
		}
		out = append(out, &Checkpoint{Size: c.TreeSize, Note: []byte(c.Note)})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Size < out[j].Size })
	return out, nil
}

// Proofs.

// InclusionProof shows that entry Index, whose data is Data, is in the
// tree of checkpoint Checkpoint.
type InclusionProof struct {
	Index      int64            `json:"index"`
	Data       string           `json:"data"`
	LeafHash   Hash             `json:"leaf_hash"`
	TreeSize   int64            `json:"tree_size"`
	Checkpoint string           `json:"checkpoint"`
	Proof      tlog.RecordProof `json:"proof"`
}

// ConsistencyProof shows that the tree of checkpoint To extends that of
// checkpoint From.
type ConsistencyProof struct {
	From, To int64
	FromNote string         `json:"from_checkpoint"`
	ToNote   string         `json:"to_checkpoint"`
	Proof    tlog.TreeProof `json:"proof"`
}

// checkpointAt returns the latest stored checkpoint of the given size, or
// the latest of all when size < 0.
func checkpointAt(cps []*Checkpoint, size int64) (*Checkpoint, error) {
	for i := len(cps) - 1; i >= 0; i-- {
		if size < 0 || cps[i].Size == size {
			return cps[i], nil
		}
	}
	return nil, errNoCheckpoint
}

// checkpointOf reads the latest stored checkpoint of the given size, or
// the latest of all when size < 0.
func checkpointOf(ctx context.Context, q querier, size int64) (*Checkpoint, error) {
	query := `SELECT tree_size, note FROM audit_checkpoints WHERE tree_size = $1 ORDER BY id DESC LIMIT 1`
	args := []any{size}
	if size < 0 {
		query, args = `SELECT tree_size, note FROM audit_checkpoints ORDER BY tree_size DESC, id DESC LIMIT 1`, nil
	}
	var cp Checkpoint
	var n string
	if err := q.QueryRowContext(ctx, query, args...).Scan(&cp.Size, &n); err != nil {
		return nil, err
	}
	cp.Note = []byte(n)
	return &cp, nil
}

func proofError(msg, msgJA string, err error) error {
	return &himitsu.Error{Op: "auditlog.Prove", Kind: himitsu.KindNotFound, Msg: msg, MsgJA: msgJA, Err: err}
}

// ProveInclusion proves entry n in the checkpoint of size (the latest
// checkpoint when size < 0), from one snapshot, and checks the proof
// before returning it.
func (l *Log) ProveInclusion(ctx context.Context, n, size int64) (*InclusionProof, error) {
	// No transaction: checkpoints, entries and stored hashes are only ever
	// appended, so what a checkpoint covers cannot change between reads.
	pr, err := l.proofStmts(ctx)
	if err != nil {
		return nil, err
	}
	noCheckpoint := func(err error) error {
		return proofError(fmt.Sprintf("no checkpoint of size %d", size), fmt.Sprintf("サイズ %d のチェックポイントがない", size), err)
	}
	var cp *Checkpoint
	var data string
	var p []Hash
	if size >= 0 && n >= 0 && n < size {
		// The size is known, so the checkpoint's note comes with the
		// proof's rows: one query.
		var note string
		p, err = tlog.ProveRecord(size, n, tlog.HashReaderFunc(func(ix []int64) ([]Hash, error) {
			return pr.readProofHashes(ctx, ix, n, &data, size, &note)
		}))
		if errors.Is(err, errNoCheckpoint) {
			return nil, noCheckpoint(err)
		}
		if err != nil {
			return nil, err
		}
		cp = &Checkpoint{Size: size, Note: []byte(note)}
	} else {
		if cp, err = pr.checkpoint(ctx, l.rdb, size); err != nil {
			return nil, noCheckpoint(err)
		}
		if n < 0 || n >= cp.Size {
			return nil, proofError(fmt.Sprintf("entry %d is not in the checkpoint of size %d", n, cp.Size),
				fmt.Sprintf("記録 %d はサイズ %d のチェックポイントに含まれない", n, cp.Size), nil)
		}
		p, err = tlog.ProveRecord(cp.Size, n, tlog.HashReaderFunc(func(ix []int64) ([]Hash, error) { return pr.readProofHashes(ctx, ix, n, &data, -1, nil) }))
		if err != nil {
			return nil, err
		}
	}
	if data == "" {
		// A proof whose hashes were all kept in memory read no row.
		if _, err := pr.readProofHashes(ctx, nil, n, &data, -1, nil); err != nil || data == "" {
			return nil, proofError(fmt.Sprintf("entry %d is not stored", n), fmt.Sprintf("記録 %d が保存されていない", n), err)
		}
	}
	_, _, root, err := parseNote(cp.Note)
	if err != nil {
		return nil, err
	}
	leaf := LeafHash([]byte(data))
	if err := tlog.CheckRecord(p, cp.Size, root, n, leaf); err != nil {
		return nil, proofError(fmt.Sprintf("entry %d does not prove against the checkpoint of size %d: run himitsu audit verify", n, cp.Size),
			fmt.Sprintf("記録 %d はサイズ %d のチェックポイントに対して証明できない。himitsu audit verify を実行すること", n, cp.Size), err)
	}
	return &InclusionProof{Index: n, Data: data, LeafHash: leaf, TreeSize: cp.Size, Checkpoint: string(cp.Note), Proof: p}, nil
}

// ProveConsistency proves that the checkpoint of size to extends the one
// of size from, and checks the proof before returning it.
func (l *Log) ProveConsistency(ctx context.Context, from, to int64) (*ConsistencyProof, error) {
	tx, err := l.readTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	cps, err := checkpoints(ctx, tx)
	if err != nil {
		return nil, err
	}
	a, err := checkpointAt(cps, from)
	if err != nil {
		return nil, proofError(fmt.Sprintf("no checkpoint of size %d", from), fmt.Sprintf("サイズ %d のチェックポイントがない", from), nil)
	}
	b, err := checkpointAt(cps, to)
	if err != nil {
		return nil, proofError(fmt.Sprintf("no checkpoint of size %d", to), fmt.Sprintf("サイズ %d のチェックポイントがない", to), nil)
	}
	if a.Size > b.Size {
		a, b = b, a
	}
	p, err := tlog.ProveTree(b.Size, a.Size, hashReader(ctx, tx))
	if err != nil {
		return nil, err
	}
	_, _, ra, err := parseNote(a.Note)
	if err != nil {
		return nil, err
	}
	_, _, rb, err := parseNote(b.Note)
	if err != nil {
		return nil, err
	}
	if err := tlog.CheckTree(p, b.Size, rb, a.Size, ra); err != nil {
		return nil, proofError(fmt.Sprintf("the checkpoint of size %d does not extend the one of size %d: the log was rewritten", b.Size, a.Size),
			fmt.Sprintf("サイズ %d のチェックポイントはサイズ %d のものを拡張していない。記録が書き換えられた", b.Size, a.Size), err)
	}
	return &ConsistencyProof{From: a.Size, To: b.Size, FromNote: string(a.Note), ToNote: string(b.Note), Proof: p}, nil
}

// parseNote returns the checkpoint body fields of a signed note without
// checking its signatures (Verify does).
func parseNote(msg []byte) (string, int64, Hash, error) {
	i := bytes.Index(msg, []byte("\n\n"))
	if i < 0 {
		return "", 0, Hash{}, errors.New("malformed signed note")
	}
	return parseCheckpointBody(string(msg[:i+1]))
}
