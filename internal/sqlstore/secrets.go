package sqlstore

import (
	"context"
	"encoding/hex"

	"time"

	"github.com/himitsu-oss/himitsu"
)

// SharedSecret returns the secret called name that every instance on this
// database shares (migration 0210), creating it from fresh when there is
// none yet. Of two instances creating it at once, the first insert wins
// and both return what was stored, so they always agree. fresh must come
// from a cryptographic random source; it is ignored when the secret
// exists.
func (s *Store) SharedSecret(ctx context.Context, name string, fresh []byte, at time.Time) ([]byte, error) {
	const op = "sqlstore.SharedSecret"
	if name == "" || len(fresh) < 16 {
		return nil, &himitsu.Error{Op: op, Kind: himitsu.KindInvalid, Field: "name",
			Msg: "a shared secret needs a name and at least 16 fresh random bytes", MsgJA: "共有の秘密には名前と16バイト以上の乱数が必要"}
	}
	if _, err := s.db.ExecContext(ctx, `INSERT INTO shared_secrets (name, secret, created_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING`,
		name, hex.EncodeToString(fresh), s.dbTime(at)); err != nil {
		return nil, internal(op, err)
	}
	var stored string
	if err := s.db.QueryRowContext(ctx, `SELECT secret FROM shared_secrets WHERE name = $1`, name).Scan(&stored); err != nil {
		return nil, internal(op, err)
	}
	b, err := hex.DecodeString(stored)
	if err != nil || len(b) < 16 {
		return nil, &himitsu.Error{Op: op, Kind: himitsu.KindInternal, Field: "shared_secrets.secret",
			Msg: "the stored secret " + name + " is damaged (not hex, or too short)", MsgJA: "保存された秘密 " + name + " が壊れている（16進でない又は短すぎる）"}
	}
	return b, nil
}
