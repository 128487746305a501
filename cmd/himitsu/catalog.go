package main

import (
	"context"

	"github.com/himitsu-oss/himitsu/internal/catalog"
)

func runCatalog(ctx context.Context, e *env, args []string) error {
	return catalog.Run(ctx, args, e.stdout, e.stderr)
}
