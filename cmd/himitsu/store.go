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
		return nil, fmt.Errorf("open database %s: %w", redactDSN(dsn), err)
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
