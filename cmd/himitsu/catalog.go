package main

import (
	"context"
	"errors"

	"github.com/himitsu-oss/himitsu/internal/catalog"
)

// runCatalog runs "himitsu catalog" with the conventions of every other
// command: --lang defaults to the language of messages (HIMITSU_LANG, else
// the locale), and an error in how it was called is a usage error, shown
// in that language with exit status 2.
func runCatalog(ctx context.Context, e *env, args []string) error {
	err := catalog.Run(ctx, args, e.stdout, e.stderr, messageLang(e))
	if ue, ok := errors.AsType[*catalog.UsageError](err); ok {
		return usageJA(ue.Msg, ue.MsgJA)
	}
	return err
}
