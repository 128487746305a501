package auditlog

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/himitsu-oss/himitsu"
	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// Checkpoint is a signed statement of the log's size and root hash, in the
// C2SP checkpoint format (origin line, decimal size, base64 root hash)
// wrapped in a C2SP signed note.
type Checkpoint struct {
	Origin string
	Size   int64
	Root   Hash
	At     time.Time // when it was signed (not part of the signed text)
	Note   []byte    // the signed note as stored
}

// Key is a public key that signs or signed checkpoints, with the tree
// sizes it is valid for: a checkpoint of size S is accepted from it when
// SinceSize ≤ S and, once it was replaced, S ≤ UntilSize.
type Key struct {
	VKey      string    `json:"vkey"` // note verifier key: name+hash+base64
	SinceSize int64     `json:"since_size"`
	Since     time.Time `json:"since"`
	UntilSize *int64    `json:"until_size,omitempty"`
	Until     time.Time `json:"until,omitzero"`
}

// checkpointBody formats the C2SP checkpoint body.
func checkpointBody(origin string, size int64, root Hash) string {
	return fmt.Sprintf("%s\n%d\n%s\n", origin, size, base64.StdEncoding.EncodeToString(root[:]))
}

// parseCheckpointBody parses the body of a checkpoint: exactly the three
// lines himitsu writes, no extension lines.
func parseCheckpointBody(text string) (origin string, size int64, root Hash, err error) {
	lines := strings.Split(text, "\n")
	if len(lines) != 4 || lines[3] != "" {
		return "", 0, root, errors.New("a checkpoint has three lines: origin, size, root hash")
	}
	size, err = strconv.ParseInt(lines[1], 10, 64)
	if err != nil || size < 0 || strconv.FormatInt(size, 10) != lines[1] {
		return "", 0, root, fmt.Errorf("size %q is not a decimal number", lines[1])
	}
	h, err := base64.StdEncoding.Strict().DecodeString(lines[2])
	if err != nil || len(h) != tlog.HashSize {
		return "", 0, root, fmt.Errorf("root hash %q is not 32 bytes of base64", lines[2])
	}
	return lines[0], size, Hash(h), nil
}

// keyError is the error of a bad or unreadable key file, naming the file.
func keyError(path, msg, msgJA string, err error) error {
	return &himitsu.Error{Op: "auditlog.key", Kind: himitsu.KindInvalid, File: path, Msg: msg, MsgJA: msgJA, Err: err}
}

// LoadOrCreateKey returns the checkpoint signer kept in the file at path,
// creating the file (mode 0600, in a directory made 0700) with a new
// Ed25519 key named origin when it does not exist. A key file that its
// group or others may read is refused. The private key never leaves this
// function except inside the Signer; nothing here prints or logs it.
func LoadOrCreateKey(path, origin string) (note.Signer, string, bool, error) {
	created := false
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		if origin == "" {
			origin = "himitsu.local/audit/" + randomHex(8)
		}
		skey, _, gerr := note.GenerateKey(rand.Reader, origin)
		if gerr != nil {
			return nil, "", false, keyError(path, "cannot generate a signing key", "署名鍵を生成できない", gerr)
		}
		if err := writeKeyFile(path, skey); err != nil {
			return nil, "", false, err
		}
		created = true
		b = []byte(skey + "\n")
	} else if err != nil {
		return nil, "", false, keyError(path, "cannot read the signing key", "署名鍵を読めない", err)
	}
	info, err := os.Stat(path)
	if err != nil {
		return nil, "", false, keyError(path, "cannot read the signing key", "署名鍵を読めない", err)
	}
	if info.Mode().Perm()&0o077 != 0 {
		return nil, "", false, keyError(path,
			fmt.Sprintf("the signing key file has mode %v; it must be readable by its owner only (chmod 600)", info.Mode().Perm()),
			fmt.Sprintf("署名鍵ファイルの権限が %v である。所有者のみ読めるようにすること（chmod 600）", info.Mode().Perm()), nil)
	}
	s, vkey, err := parseSigner(strings.TrimSpace(string(b)))
	if err != nil {
		return nil, "", false, keyError(path, "is not a himitsu checkpoint signing key", "himitsu のチェックポイント署名鍵ではない", nil)
	}
	return s, vkey, created, nil
}

// writeKeyFile writes skey to a new file at path, readable by its owner only.
func writeKeyFile(path, skey string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return keyError(path, "cannot create the key's directory", "鍵のディレクトリを作成できない", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return keyError(path, "cannot create the signing key file", "署名鍵ファイルを作成できない", err)
	}
	_, err = f.WriteString(skey + "\n")
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return keyError(path, "cannot write the signing key file", "署名鍵ファイルに書き込めない", err)
	}
	return nil
}

// parseSigner returns the signer of skey and its public verifier key.
// The error never quotes skey.
func parseSigner(skey string) (note.Signer, string, error) {
	s, err := note.NewSigner(skey)
	if err != nil {
		return nil, "", errors.New("malformed signing key")
	}
	// PRIVATE+KEY+name+hash+base64(0x01 || seed)
	parts := strings.SplitN(skey, "+", 5) // base64 may itself hold '+'
	if len(parts) != 5 {
		return nil, "", errors.New("malformed signing key")
	}
	raw, err := base64.StdEncoding.DecodeString(parts[4])
	if err != nil || len(raw) != 1+ed25519.SeedSize {
		return nil, "", errors.New("malformed signing key")
	}
	pub := ed25519.NewKeyFromSeed(raw[1:]).Public().(ed25519.PublicKey)
	vkey, err := note.NewEd25519VerifierKey(s.Name(), pub)
	if err != nil {
		return nil, "", err
	}
	return s, vkey, nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return fmt.Sprintf("%x", b)
}

// Signer is a checkpoint signing key: the note signer and its public key.
type Signer struct {
	S    note.Signer
	VKey string
}

// origin returns the log's origin, setting it to name on first use. A key
// named otherwise belongs to another log.
func (l *Log) origin(ctx context.Context, tx *sql.Tx, name string) (string, error) {
	var o string
	err := tx.QueryRowContext(ctx, `SELECT value FROM audit_meta WHERE name = 'origin'`).Scan(&o)
	if errors.Is(err, sql.ErrNoRows) {
		_, err = tx.ExecContext(ctx, `INSERT INTO audit_meta (name, value) VALUES ('origin', $1)`, name)
		return name, err
	}
	if err != nil {
		return "", err
	}
	if o != name {
		return "", &himitsu.Error{Op: "auditlog.Checkpoint", Kind: himitsu.KindInvalid, Field: "key",
			Msg:   fmt.Sprintf("the signing key is named %q but this log's origin is %q: it is the key of another log", name, o),
			MsgJA: fmt.Sprintf("署名鍵の名前 %q がこの記録の起点名 %q と異なる。別の記録の鍵である", name, o)}
	}
	return o, nil
}

// lockedTx begins a write transaction holding the sequencer.
func (l *Log) lockedTx(ctx context.Context) (*sql.Tx, error) {
	tx, err := l.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	if l.pg {
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(sequencerKey)); err != nil {
			tx.Rollback()
			return nil, err
		}
	}
	return tx, nil
}

func checkpointError(err error) error {
	var he *himitsu.Error
	if errors.As(err, &he) {
		return err
	}
	return &himitsu.Error{Op: "auditlog.Checkpoint", Kind: himitsu.KindInternal,
		Msg: "cannot sign a checkpoint of the audit log", MsgJA: "監査記録のチェックポイントに署名できない", Err: err}
}

// Checkpoint signs the log's current size and root with k and stores the
// checkpoint, unless the latest one already has this size (it is then
// returned). The first checkpoint registers k as the log's key; another
// key is refused until RotateKey makes it current.
func (l *Log) Checkpoint(ctx context.Context, k Signer) (*Checkpoint, error) {
	tx, err := l.lockedTx(ctx)
	if err != nil {
		return nil, checkpointError(err)
	}
	defer tx.Rollback()
	origin, err := l.origin(ctx, tx, k.S.Name())
	if err != nil {
		return nil, checkpointError(err)
	}
	now := l.opt.Now().UTC().Truncate(time.Microsecond)
	if err := l.currentKey(ctx, tx, k, now); err != nil {
		return nil, checkpointError(err)
	}
	size, _, err := head(ctx, tx)
	if err != nil {
		return nil, checkpointError(err)
	}
	if cps, err := checkpoints(ctx, tx); err != nil {
		return nil, checkpointError(err)
	} else if n := len(cps); n > 0 && cps[n-1].Size == size {
		return cps[n-1], nil
	}
	cp, err := l.sign(ctx, tx, origin, size, now, k.S)
	if err != nil {
		return nil, checkpointError(err)
	}
	if err := tx.Commit(); err != nil {
		return nil, checkpointError(err)
	}
	return cp, nil
}

// currentKey checks that k is the log's current key, registering it when
// the log has none.
func (l *Log) currentKey(ctx context.Context, tx *sql.Tx, k Signer, now time.Time) error {
	var cur string
	err := tx.QueryRowContext(ctx, `SELECT vkey FROM audit_keys WHERE until_size IS NULL`).Scan(&cur)
	if errors.Is(err, sql.ErrNoRows) {
		_, err = tx.ExecContext(ctx, `INSERT INTO audit_keys (vkey, since_size, since) VALUES ($1, 0, $2)`, k.VKey, now.Format(time.RFC3339Nano))
		return err
	}
	if err != nil {
		return err
	}
	if cur != k.VKey {
		return &himitsu.Error{Op: "auditlog.Checkpoint", Kind: himitsu.KindInvalid, Field: "key",
			Msg:   "the signing key is not this log's current key (after a rotation, use the new key file)",
			MsgJA: "署名鍵がこの記録の現在の鍵ではない（鍵の交換後は新しい鍵ファイルを使うこと）"}
	}
	return nil
}

// sign computes the root at size, signs it with signers and stores it.
func (l *Log) sign(ctx context.Context, tx *sql.Tx, origin string, size int64, now time.Time, signers ...note.Signer) (*Checkpoint, error) {
	root, err := tlog.TreeHash(size, hashReader(ctx, tx))
	if err != nil {
		return nil, err
	}
	msg, err := note.Sign(&note.Note{Text: checkpointBody(origin, size, root)}, signers...)
	if err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO audit_checkpoints (tree_size, at, note) VALUES ($1, $2, $3)`,
		size, now.Format(time.RFC3339Nano), string(msg)); err != nil {
		return nil, err
	}
	return &Checkpoint{Origin: origin, Size: size, Root: root, At: now, Note: msg}, nil
}

// RotateKey replaces the log's current key old with next. In one
// transaction it appends a key-rotation entry naming both public keys,
// retires old at the size that includes this entry, makes next valid from
// the same size, and stores a checkpoint of that size signed by both, so
// the hand-over itself is signed by the key that is handed over. Old
// checkpoints stay verifiable: the old public key is kept with its sizes.
func (l *Log) RotateKey(ctx context.Context, old, next Signer, actor, purpose string) (*Checkpoint, error) {
	if old.S.Name() != next.S.Name() {
		return nil, checkpointError(&himitsu.Error{Op: "auditlog.RotateKey", Kind: himitsu.KindInvalid, Field: "key",
			Msg:   fmt.Sprintf("the new key is named %q, the old %q: a log keeps its origin", next.S.Name(), old.S.Name()),
			MsgJA: fmt.Sprintf("新しい鍵の名前 %q が古い鍵の名前 %q と異なる。記録の起点名は変えられない", next.S.Name(), old.S.Name())})
	}
	tx, err := l.lockedTx(ctx)
	if err != nil {
		return nil, checkpointError(err)
	}
	defer tx.Rollback()
	origin, err := l.origin(ctx, tx, old.S.Name())
	if err != nil {
		return nil, checkpointError(err)
	}
	now := l.opt.Now().UTC().Truncate(time.Microsecond)
	if err := l.currentKey(ctx, tx, old, now); err != nil {
		return nil, checkpointError(err)
	}
	body, err := Body(map[string]string{"old_key": old.VKey, "new_key": next.VKey})
	if err != nil {
		return nil, checkpointError(err)
	}
	e := &Entry{Kind: KindKeyRotation, Actor: actor, Purpose: purpose, Body: body}
	// AppendTx takes the (re-entrant within a transaction) advisory lock.
	if _, err := l.AppendTx(ctx, tx, e); err != nil {
		return nil, err
	}
	size := e.Index + 1
	ts := now.Format(time.RFC3339Nano)
	if _, err := tx.ExecContext(ctx, `UPDATE audit_keys SET until_size = $1, until = $2 WHERE vkey = $3`, size, ts, old.VKey); err != nil {
		return nil, checkpointError(err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO audit_keys (vkey, since_size, since) VALUES ($1, $2, $3)`, next.VKey, size, ts); err != nil {
		return nil, checkpointError(err)
	}
	cp, err := l.sign(ctx, tx, origin, size, now, old.S, next.S)
	if err != nil {
		return nil, checkpointError(err)
	}
	if err := tx.Commit(); err != nil {
		return nil, checkpointError(err)
	}
	return cp, nil
}

// NewKey generates a signing key named origin, for RotateKey, and writes
// it to a new file at path (mode 0600).
func NewKey(path, origin string) (Signer, error) {
	skey, _, err := note.GenerateKey(rand.Reader, origin)
	if err != nil {
		return Signer{}, keyError(path, "cannot generate a signing key", "署名鍵を生成できない", err)
	}
	if err := writeKeyFile(path, skey); err != nil {
		return Signer{}, err
	}
	s, vkey, err := parseSigner(skey)
	if err != nil {
		return Signer{}, keyError(path, "cannot generate a signing key", "署名鍵を生成できない", err)
	}
	return Signer{S: s, VKey: vkey}, nil
}

// LoadKey is LoadOrCreateKey returning a Signer.
func LoadKey(path, origin string) (Signer, bool, error) {
	s, vkey, created, err := LoadOrCreateKey(path, origin)
	return Signer{S: s, VKey: vkey}, created, err
}

// checkpoints returns the stored checkpoints in order of size, then id.
func checkpoints(ctx context.Context, q querier) ([]*Checkpoint, error) {
	rows, err := q.QueryContext(ctx, `SELECT tree_size, at, note FROM audit_checkpoints ORDER BY tree_size, id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Checkpoint
	for rows.Next() {
		var cp Checkpoint
		var at, n string
		if err := rows.Scan(&cp.Size, &at, &n); err != nil {
			return nil, err
		}
		cp.At, _ = time.Parse(time.RFC3339Nano, at)
		cp.Note = []byte(n)
		out = append(out, &cp)
	}
	return out, rows.Err()
}

// keys returns every key that signed checkpoints, oldest first.
func keys(ctx context.Context, q querier) ([]Key, error) {
	rows, err := q.QueryContext(ctx, `SELECT vkey, since_size, since, until_size, until FROM audit_keys ORDER BY since_size, since`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Key
	for rows.Next() {
		var k Key
		var since string
		var untilSize sql.NullInt64
		var until sql.NullString
		if err := rows.Scan(&k.VKey, &k.SinceSize, &since, &untilSize, &until); err != nil {
			return nil, err
		}
		k.Since, _ = time.Parse(time.RFC3339Nano, since)
		if untilSize.Valid {
			n := untilSize.Int64
			k.UntilSize = &n
			k.Until, _ = time.Parse(time.RFC3339Nano, until.String)
		}
		out = append(out, k)
	}
	return out, rows.Err()
}

// Checkpoints returns the stored checkpoints in order of size.
func (l *Log) Checkpoints(ctx context.Context) ([]*Checkpoint, error) {
	cps, err := checkpoints(ctx, l.rdb)
	if err != nil {
		return nil, err
	}
	for _, cp := range cps {
		if cp.Origin, _, cp.Root, err = parseNote(cp.Note); err != nil {
			return nil, fmt.Errorf("checkpoint of size %d: %w", cp.Size, err)
		}
	}
	return cps, nil
}

// Keys returns every public key that signed checkpoints, oldest first.
func (l *Log) Keys(ctx context.Context) ([]Key, error) { return keys(ctx, l.rdb) }

// RunCheckpoints signs a checkpoint every interval while the log has grown,
// until ctx ends. Failures are logged and retried at the next tick.
func (l *Log) RunCheckpoints(ctx context.Context, k Signer, every time.Duration, log *slog.Logger) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if _, err := l.Checkpoint(ctx, k); err != nil && ctx.Err() == nil {
				log.Error("audit checkpoint failed", "err", err)
			}
		}
	}
}
