package sqlstore

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"time"

	"github.com/himitsu-oss/himitsu"
)

// Migrations are forward-only numbered SQL files, one directory per engine
// with the same file names, each applied in its own transaction and
// recorded in schema_migrations. A schema change is a new file in both
// directories; an applied file is never edited.
//
//go:embed migrations/sqlite/*.sql migrations/postgres/*.sql
var migrationFS embed.FS

var migrationName = regexp.MustCompile(`^[0-9]{4}_[a-z0-9_]+\.sql$`)

// migrationAdvisoryKey serialises migrations of several PostgreSQL clients
// (himitsu serve instances starting together). Any constant will do.
const migrationAdvisoryKey = 0x68696d69 // "himi"

// migrationFiles lists the migration file names of engine in order.
func migrationFiles(engine string) ([]string, error) {
	entries, err := fs.ReadDir(migrationFS, path.Join("migrations", engine))
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		if !migrationName.MatchString(e.Name()) {
			return nil, fmt.Errorf("sqlstore: migration file %q is not named NNNN_name.sql", e.Name())
		}
		names = append(names, e.Name())
	}
	sort.Strings(names)
	return names, nil
}

// Migrate applies the migrations not yet recorded in schema_migrations and
// returns their names. Open calls it; `himitsu migrate` calls it to report.
func (s *Store) Migrate(ctx context.Context) (applied []string, err error) {
	const op = "sqlstore.Migrate"
	names, err := migrationFiles(s.engine)
	if err != nil {
		return nil, &himitsu.Error{Op: op, Kind: himitsu.KindInternal, Err: err}
	}
	create := `CREATE TABLE IF NOT EXISTS schema_migrations (version TEXT NOT NULL PRIMARY KEY, applied_at TEXT NOT NULL)`
	if err := s.inMigrationTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, create)
		return err
	}); err != nil {
		if b := s.busyError(op, err); b != nil {
			return nil, b
		}
		return nil, &himitsu.Error{Op: op, Kind: himitsu.KindInternal, Msg: "cannot create schema_migrations", MsgJA: "schema_migrations を作成できない", Err: err}
	}
	for _, name := range names {
		body, err := migrationFS.ReadFile(path.Join("migrations", s.engine, name))
		if err != nil {
			return applied, &himitsu.Error{Op: op, Kind: himitsu.KindInternal, Err: err}
		}
		done := false
		err = s.inMigrationTx(ctx, func(tx *sql.Tx) error {
			// Checked inside the transaction, under the lock, so that two
			// processes starting together apply each file once.
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE version = $1`, name).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				done = true
				return nil
			}
			if _, err := tx.ExecContext(ctx, string(body)); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)`,
				name, time.Now().UTC().Format(time.RFC3339))
			return err
		})
		if b := s.busyError(op, err); b != nil {
			return applied, b
		}
		if err != nil {
			return applied, &himitsu.Error{Op: op, Kind: himitsu.KindInternal, Msg: "migration " + name + " failed", MsgJA: "マイグレーション " + name + " に失敗した", Err: err}
		}
		if !done {
			applied = append(applied, name)
		}
	}
	return applied, nil
}

// schemaCurrent reports whether every migration file is recorded in
// schema_migrations, with plain reads only: no lock is taken, so it
// succeeds while another process imports. A database without the table
// is not current.
func (s *Store) schemaCurrent(ctx context.Context) (bool, error) {
	names, err := migrationFiles(s.engine)
	if err != nil {
		return false, err
	}
	q := `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'`
	if s.pg {
		q = `SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'schema_migrations'`
	}
	var n int
	if err := s.db.QueryRowContext(ctx, q).Scan(&n); err != nil {
		return false, err
	}
	if n == 0 {
		return false, nil
	}
	have, err := s.Migrations(ctx)
	if err != nil {
		return false, err
	}
	done := make(map[string]bool, len(have))
	for _, v := range have {
		done[v] = true
	}
	for _, name := range names {
		if !done[name] {
			return false, nil
		}
	}
	return true, nil
}

// inMigrationTx runs fn in a write transaction that holds the migration
// lock: on SQLite the write transaction itself (BEGIN IMMEDIATE), on
// PostgreSQL a transaction-scoped advisory lock.
func (s *Store) inMigrationTx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if s.pg {
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(migrationAdvisoryKey)); err != nil {
			return err
		}
	}
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// AppliedAtOpen returns the migrations that Open applied to bring the
// schema up to date (none when it already was).
func (s *Store) AppliedAtOpen() []string { return s.appliedAtOpen }

// Migrations lists every migration recorded in the database, oldest first.
func (s *Store) Migrations(ctx context.Context) ([]string, error) {
	const op = "sqlstore.Migrations"
	rows, err := s.db.QueryContext(ctx, `SELECT version FROM schema_migrations ORDER BY version`)
	if err != nil {
		return nil, &himitsu.Error{Op: op, Kind: himitsu.KindInternal, Err: err}
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, &himitsu.Error{Op: op, Kind: himitsu.KindInternal, Err: err}
		}
		names = append(names, v)
	}
	if err := rows.Err(); err != nil {
		return nil, &himitsu.Error{Op: op, Kind: himitsu.KindInternal, Err: err}
	}
	return names, nil
}
