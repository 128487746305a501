package main

import (
	"context"
	"fmt"
)

func runMigrate(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "migrate", "[--db DSN]",
		`Create the database schema or apply the migrations it lacks. Every other
command that opens the database does this too; migrate does only this.`,
		"himitsu migrate --db postgres://himitsu@db.example/himitsu")
	db := dbFlag(e, fs)
	shared := sharedDBFlag(e, fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return usagef("unexpected arguments %v", fs.Args())
	}
	s, err := openStore(ctx, e, *db, *shared)
	if err != nil {
		return err
	}
	defer s.Close()
	names, err := s.Migrations(ctx)
	if err != nil {
		return err
	}
	for _, name := range s.AppliedAtOpen() {
		fmt.Fprintf(e.stdout, "applied %s\n", name)
	}
	// The rows of the old read and change logs move into the audit log
	// once (himitsu audit migrate-legacy); silent when there are none.
	if err := moveLegacyLogs(ctx, e, s, false); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s database %s is up to date: %d migrations (latest %s)\n", s.Engine(), redactDSN(*db), len(names), names[len(names)-1])
	return nil
}
