package main

import (
	"context"
	"fmt"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/sqlstore"
)

// openStore opens the database named by dsn, applying pending migrations.
func openStore(ctx context.Context, dsn string) (*sqlstore.Store, error) {
	s, err := sqlstore.Open(ctx, dsn)
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

// carrierRead is one carrier's records read from a store, with the
// context that carries the reader's accessor: the store logs each read of
// the event streams against it, so the streams must be read with ctx.
type carrierRead struct {
	ctx     context.Context
	store   *sqlstore.Store
	records *himitsu.Records
}

// readCarrier opens the database and reads a carrier's records (the only
// carrier when id is empty) as acc. The caller closes the store.
func readCarrier(ctx context.Context, dsn, id string, acc himitsu.Accessor) (*carrierRead, error) {
	s, err := openStore(ctx, dsn)
	if err != nil {
		return nil, err
	}
	if id, err = pickCarrier(ctx, s, id); err != nil {
		s.Close()
		return nil, err
	}
	ctx = himitsu.WithAccessor(ctx, acc)
	rec, err := s.Records(ctx, id)
	if err != nil {
		s.Close()
		return nil, err
	}
	return &carrierRead{ctx: ctx, store: s, records: rec}, nil
}
