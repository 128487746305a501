package main

import (
	"context"
	"fmt"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/sqlstore"
)

// openStore opens the database named by dsn, applying pending migrations.
// allowShared accepts a SQLite file that other accounts may read.
func openStore(ctx context.Context, e *env, dsn string, allowShared bool) (*sqlstore.Store, error) {
	keys, err := loadTextKeys(e, dsn)
	if err != nil {
		return nil, err
	}
	s, err := sqlstore.OpenWith(ctx, dsn, sqlstore.Options{AllowSharedFile: allowShared, TextKeys: keys})
	if err != nil {
		return nil, &himitsu.Error{Op: "open", Kind: himitsu.ErrorKind(err), Err: err,
			Msg:   fmt.Sprintf("cannot open the database %s", redactDSN(dsn)),
			MsgJA: fmt.Sprintf("データベース %s を開けない", redactDSN(dsn))}
	}
	return s, nil
}

// pickCarrier returns the carrier ID to use: the one given, or the only
// carrier in the store.
func pickCarrier(ctx context.Context, s himitsu.Store, id string) (string, error) {
	if id != "" {
		return id, nil
	}
	cs, err := s.Carriers(ctx)
	if err != nil {
		return "", err
	}
	switch len(cs) {
	case 0:
		return "", himitsu.Errorf(himitsu.KindNotFound, "the database holds no carrier; run 'himitsu import BUNDLE' first")
	case 1:
		return cs[0].ID, nil
	}
	ids := make([]string, len(cs))
	for i, c := range cs {
		ids[i] = c.ID
	}
	return "", usagef("the database holds %d carriers (%v): choose one with --carrier", len(cs), ids)
}

// carrierRead is one consistent read of a carrier from a store: its
// registers and its logs come from one snapshot, so an import that commits
// while the logs are streamed is not mixed in. ctx carries the reader's
// accessor. Close ends the snapshot and closes the store.
type carrierRead struct {
	ctx     context.Context
	store   *sqlstore.Store
	snap    *sqlstore.Snapshot
	records *himitsu.Records
	events  himitsu.EventSource
}

func (r *carrierRead) Close() {
	r.snap.Close()
	r.store.Close()
}

// readCarrier opens the database and a snapshot of a carrier's records
// (the only carrier when id is empty) as acc. The read is recorded in the
// read log before any record is handed out. The caller closes it.
func readCarrier(ctx context.Context, e *env, dsn string, allowShared bool, id string, acc himitsu.Accessor) (*carrierRead, error) {
	s, err := openStore(ctx, e, dsn, allowShared)
	if err != nil {
		return nil, err
	}
	if id, err = pickCarrier(ctx, s, id); err != nil {
		s.Close()
		return nil, err
	}
	ctx = himitsu.WithAccessor(ctx, acc)
	snap, err := s.Snapshot(ctx, id)
	if err != nil {
		s.Close()
		return nil, err
	}
	if e.afterRegisters != nil {
		e.afterRegisters()
	}
	return &carrierRead{ctx: ctx, store: s, snap: snap, records: snap.Records(), events: snap.Events()}, nil
}
