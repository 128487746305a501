package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/himitsu-oss/himitsu/internal/sqlstore"
)

const backupAboutJA = `SQLite データベースの一貫した複製を FILE に書き出す（VACUUM INTO）。サーバーを
止める必要はない。PostgreSQL では pg_dump --format=custom を使う。`

const restoreAboutJA = `バックアップ BACKUP を検査（SQLite の整合性検査と、既知のマイグレーションか）
してから、--db のデータベースと置き換える。検査に失敗すれば何も置き換えない。
サーバーは先に止めること。PostgreSQL では pg_restore を使う。`

func runBackup(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "backup", "[--db FILE] BACKUP-FILE",
		`Write a consistent copy of the SQLite database to BACKUP-FILE (VACUUM INTO),
while the server keeps running. For PostgreSQL use pg_dump --format=custom.`,
		"himitsu backup --db himitsu.db backups/himitsu-2026-12-07.db")
	db := dbFlag(e, fs)
	shared := sharedDBFlag(e, fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("give the file to write the backup to")
	}
	s, err := openStore(ctx, e, *db, *shared)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.Backup(ctx, fs.Arg(0)); err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "wrote a backup of %s to %s\n", redactDSN(*db), fs.Arg(0))
	return nil
}

func runRestore(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "restore", "[--db FILE] BACKUP-FILE",
		`Check a backup (SQLite's integrity check, migrations this version knows)
and only then put it in place of the SQLite database --db. Stop the server
first. For PostgreSQL use pg_restore.`,
		"himitsu restore --db himitsu.db backups/himitsu-2026-12-07.db")
	db := dbFlag(e, fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("give the backup file to restore")
	}
	if strings.HasPrefix(*db, "postgres://") || strings.HasPrefix(*db, "postgresql://") {
		return usagef("restore works on SQLite files; for PostgreSQL use pg_restore --clean --dbname DSN himitsu.dump")
	}
	carriers, err := sqlstore.Restore(ctx, fs.Arg(0), *db)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "restored %s from %s (carriers: %s)\n", *db, fs.Arg(0), strings.Join(carriers, ", "))
	return nil
}
