package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/himitsu-oss/himitsu"
)

// Backup writes a consistent copy of a SQLite database to path with
// VACUUM INTO, which reads one snapshot: the server keeps serving, and
// writes that commit meanwhile are simply not in the copy. path must not
// exist. PostgreSQL gives KindNotImplemented: use pg_dump, which does the
// same for a PostgreSQL database.
func (s *Store) Backup(ctx context.Context, path string) error {
	const op = "sqlstore.Backup"
	if s.pg {
		return &himitsu.Error{Op: op, Kind: himitsu.KindNotImplemented,
			Msg:   "for PostgreSQL use pg_dump, e.g. pg_dump --format=custom --file=himitsu.dump DSN, and pg_restore to restore",
			MsgJA: "PostgreSQL では pg_dump を使う（例: pg_dump --format=custom --file=himitsu.dump DSN）。復元は pg_restore で行う"}
	}
	if _, err := os.Stat(path); err == nil {
		return &himitsu.Error{Op: op, Kind: himitsu.KindConflict, File: path, Msg: "exists; choose a new file", MsgJA: "既に存在する。新しいファイル名を指定すること"}
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return internal(op, err)
	}
	// The read pool is query-only; VACUUM INTO writes only the new file
	// but SQLite counts it as a write, so the copy is taken on a
	// connection of its own.
	if _, err := s.db.ExecContext(ctx, `VACUUM INTO $1`, abs); err != nil {
		return &himitsu.Error{Op: op, Kind: himitsu.KindInternal, File: path, Msg: "the copy could not be written", MsgJA: "複製を書き込めなかった", Err: err}
	}
	return nil
}

// CheckBackup opens a SQLite file read-only and checks that it is a sound
// himitsu database: SQLite's integrity check passes and every migration it
// records is one this version knows. It returns the carriers it holds.
func CheckBackup(ctx context.Context, path string) ([]string, error) {
	const op = "sqlstore.CheckBackup"
	bad := func(en, ja string, err error) error {
		return &himitsu.Error{Op: op, Kind: himitsu.KindInvalid, File: path, Msg: en, MsgJA: ja, Err: err}
	}
	if _, err := os.Stat(path); err != nil {
		return nil, bad("cannot be read", "読めない", err)
	}
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=query_only(1)")
	if err != nil {
		return nil, bad("cannot be opened", "開けない", err)
	}
	defer db.Close()
	var res string
	if err := db.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&res); err != nil {
		return nil, bad("is not a SQLite database", "SQLite データベースではない", err)
	}
	if res != "ok" {
		return nil, bad("fails SQLite's integrity check: "+res, "SQLite の整合性検査に失敗した: "+res, nil)
	}
	known, err := migrationFiles(EngineSQLite)
	if err != nil {
		return nil, internal(op, err)
	}
	rows, err := db.QueryContext(ctx, `SELECT version FROM schema_migrations`)
	if err != nil {
		return nil, bad("is not a himitsu database (no schema_migrations)", "himitsu のデータベースではない（schema_migrations がない）", err)
	}
	n := 0
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			rows.Close()
			return nil, internal(op, err)
		}
		if !slices.Contains(known, v) {
			rows.Close()
			return nil, bad(fmt.Sprintf("was written by a newer himitsu (migration %s is unknown)", v), fmt.Sprintf("新しい版の himitsu で書かれている（マイグレーション %s を知らない）", v), nil)
		}
		n++
	}
	rows.Close()
	if n == 0 {
		return nil, bad("records no migration", "マイグレーションの記録がない", nil)
	}
	var carriers []string
	crows, err := db.QueryContext(ctx, `SELECT id FROM carriers ORDER BY id`)
	if err != nil {
		return nil, bad("has no carriers table", "carriers 表がない", err)
	}
	defer crows.Close()
	for crows.Next() {
		var id string
		if err := crows.Scan(&id); err != nil {
			return nil, internal(op, err)
		}
		carriers = append(carriers, id)
	}
	return carriers, crows.Err()
}

// Restore checks the backup at from and then puts a copy of it in place of
// the SQLite database at to, through a temporary file and a rename, so
// that a failure leaves the database as it was. The server must be
// stopped: a running server keeps the old file open.
func Restore(ctx context.Context, from, to string) ([]string, error) {
	const op = "sqlstore.Restore"
	carriers, err := CheckBackup(ctx, from)
	if err != nil {
		return nil, err
	}
	data, err := os.ReadFile(from)
	if err != nil {
		return nil, internal(op, err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(to), "."+filepath.Base(to)+".restore-*")
	if err != nil {
		return nil, internal(op, err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return nil, internal(op, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return nil, internal(op, err)
	}
	if err := tmp.Close(); err != nil {
		return nil, internal(op, err)
	}
	if _, err := CheckBackup(ctx, tmp.Name()); err != nil {
		return nil, err
	}
	// The old database's write-ahead log belongs to the old file.
	for _, suffix := range []string{"-wal", "-shm"} {
		if err := os.Remove(to + suffix); err != nil && !os.IsNotExist(err) {
			return nil, internal(op, err)
		}
	}
	if err := os.Rename(tmp.Name(), to); err != nil {
		return nil, internal(op, err)
	}
	return carriers, nil
}
