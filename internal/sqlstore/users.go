package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/himitsu-oss/himitsu"
)

// The accounts of the web application and the API (himitsu.UserService).
// They live in the same database as the registers so that several server
// instances on one PostgreSQL share users and sessions.

var _ himitsu.UserService = (*Store)(nil)

// userName is what a login name may be: short, printable, no spaces.
var userName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$`)

// dbTime is a time as a parameter: TEXT on SQLite, a time on PostgreSQL;
// nil for the zero time.
func (s *Store) dbTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	t = t.UTC().Truncate(time.Microsecond)
	if s.pg {
		return t
	}
	return t.Format(sqliteTime)
}

func scanNullTime(v any) (time.Time, error) {
	if v == nil {
		return time.Time{}, nil
	}
	return scanTime(v)
}

func userNotFound(op string) error {
	return &himitsu.Error{Op: op, Kind: himitsu.KindNotFound, Msg: "no such user", MsgJA: "利用者が存在しない"}
}

func (s *Store) checkUser(op string, u *himitsu.User) error {
	if !userName.MatchString(u.Name) {
		return &himitsu.Error{Op: op, Kind: himitsu.KindInvalid, Field: "name",
			Msg: "is 1–64 letters, digits or . _ @ -", MsgJA: "英数字と . _ @ - の1〜64文字である"}
	}
	if !u.Role.Valid() {
		return &himitsu.Error{Op: op, Kind: himitsu.KindInvalid, Field: "role",
			Msg: fmt.Sprintf("%q is not a role", u.Role), MsgJA: fmt.Sprintf("「%s」は役割ではない", u.Role)}
	}
	if u.Lang != "ja" && u.Lang != "en" {
		u.Lang = "ja"
	}
	if u.DisplayName == "" {
		u.DisplayName = u.Name
	}
	return nil
}

func (s *Store) CountUsers(ctx context.Context) (int, error) {
	var n int
	if err := s.rdb.QueryRowContext(ctx, `SELECT COUNT(*) FROM users`).Scan(&n); err != nil {
		return 0, internal("sqlstore.CountUsers", err)
	}
	return n, nil
}

func (s *Store) CreateUser(ctx context.Context, u himitsu.User) (himitsu.User, error) {
	const op = "sqlstore.CreateUser"
	if err := s.checkUser(op, &u); err != nil {
		return u, err
	}
	if u.CreatedAt.IsZero() {
		u.CreatedAt = time.Now().UTC()
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return u, internal(op, err)
	}
	defer tx.Rollback()
	var one int
	switch err := tx.QueryRowContext(ctx, `SELECT 1 FROM users WHERE name = $1`, u.Name).Scan(&one); {
	case err == nil:
		return u, &himitsu.Error{Op: op, Kind: himitsu.KindConflict, Field: "name",
			Msg: fmt.Sprintf("a user %q exists", u.Name), MsgJA: fmt.Sprintf("利用者「%s」は既に存在する", u.Name)}
	case !errors.Is(err, sql.ErrNoRows):
		return u, internal(op, err)
	}
	if err := tx.QueryRowContext(ctx, `INSERT INTO users (name, display_name, role, lang, password_hash, failed_logins, disabled, created_at) VALUES ($1, $2, $3, $4, $5, 0, $6, $7) RETURNING id`,
		u.Name, u.DisplayName, string(u.Role), u.Lang, u.PasswordHash, u.Disabled, s.dbTime(u.CreatedAt)).Scan(&u.ID); err != nil {
		return u, internal(op, err)
	}
	if err := setCarriers(ctx, tx, op, u.ID, u.Carriers); err != nil {
		return u, err
	}
	if err := tx.Commit(); err != nil {
		return u, internal(op, err)
	}
	return u, nil
}

func setCarriers(ctx context.Context, tx *sql.Tx, op string, id int64, carriers []string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM user_carriers WHERE user_id = $1`, id); err != nil {
		return internal(op, err)
	}
	for _, c := range carriers {
		if err := carrierExists(ctx, tx, op, c); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO user_carriers (user_id, carrier_id) VALUES ($1, $2)`, id, c); err != nil {
			return internal(op, err)
		}
	}
	return nil
}

const userCols = `id, name, display_name, role, lang, password_hash, failed_logins, locked_until, disabled, created_at`

func (s *Store) scanUsers(ctx context.Context, op, where string, args ...any) ([]himitsu.User, error) {
	rows, err := s.rdb.QueryContext(ctx, `SELECT `+userCols+` FROM users `+where+` ORDER BY name`, args...)
	if err != nil {
		return nil, internal(op, err)
	}
	defer rows.Close()
	out := []himitsu.User{}
	for rows.Next() {
		var u himitsu.User
		var role string
		var locked, created any
		if err := rows.Scan(&u.ID, &u.Name, &u.DisplayName, &role, &u.Lang, &u.PasswordHash, &u.FailedLogins, &locked, &u.Disabled, &created); err != nil {
			return nil, internal(op, err)
		}
		u.Role = himitsu.Role(role)
		if u.LockedUntil, err = scanNullTime(locked); err != nil {
			return nil, internal(op, err)
		}
		if u.CreatedAt, err = scanTime(created); err != nil {
			return nil, internal(op, err)
		}
		out = append(out, u)
	}
	if err := rows.Err(); err != nil {
		return nil, internal(op, err)
	}
	rows.Close()
	for i := range out {
		out[i].Carriers, err = s.userCarriers(ctx, op, out[i].ID)
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (s *Store) userCarriers(ctx context.Context, op string, id int64) ([]string, error) {
	rows, err := s.rdb.QueryContext(ctx, `SELECT carrier_id FROM user_carriers WHERE user_id = $1 ORDER BY carrier_id`, id)
	if err != nil {
		return nil, internal(op, err)
	}
	defer rows.Close()
	out := []string{}
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, internal(op, err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

func (s *Store) oneUser(ctx context.Context, op, where string, args ...any) (himitsu.User, error) {
	us, err := s.scanUsers(ctx, op, where, args...)
	if err != nil {
		return himitsu.User{}, err
	}
	if len(us) == 0 {
		return himitsu.User{}, userNotFound(op)
	}
	return us[0], nil
}

func (s *Store) UserByID(ctx context.Context, id int64) (himitsu.User, error) {
	return s.oneUser(ctx, "sqlstore.UserByID", "WHERE id = $1", id)
}

func (s *Store) UserByName(ctx context.Context, name string) (himitsu.User, error) {
	return s.oneUser(ctx, "sqlstore.UserByName", "WHERE name = $1", name)
}

func (s *Store) Users(ctx context.Context) ([]himitsu.User, error) {
	return s.scanUsers(ctx, "sqlstore.Users", "")
}

func (s *Store) UpdateUser(ctx context.Context, u himitsu.User) error {
	const op = "sqlstore.UpdateUser"
	if err := s.checkUser(op, &u); err != nil {
		return err
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return internal(op, err)
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `UPDATE users SET display_name = $1, role = $2, lang = $3, password_hash = $4, disabled = $5 WHERE id = $6`,
		u.DisplayName, string(u.Role), u.Lang, u.PasswordHash, u.Disabled, u.ID)
	if err != nil {
		return internal(op, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return userNotFound(op)
	}
	if err := setCarriers(ctx, tx, op, u.ID, u.Carriers); err != nil {
		return err
	}
	return internalIf(op, tx.Commit())
}

func internalIf(op string, err error) error {
	if err != nil {
		return internal(op, err)
	}
	return nil
}

func (s *Store) LoginFailed(ctx context.Context, id int64, max int, lockUntil time.Time) error {
	const op = "sqlstore.LoginFailed"
	// One statement, so that concurrent failures on several instances all
	// count.
	_, err := s.db.ExecContext(ctx, `UPDATE users SET failed_logins = failed_logins + 1,
		locked_until = CASE WHEN failed_logins + 1 >= $1 THEN $2 ELSE locked_until END WHERE id = $3`, max, s.dbTime(lockUntil), id)
	return internalIf(op, err)
}

func (s *Store) LoginSucceeded(ctx context.Context, id int64) error {
	_, err := s.db.ExecContext(ctx, `UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = $1`, id)
	return internalIf("sqlstore.LoginSucceeded", err)
}

func (s *Store) CreateSession(ctx context.Context, x himitsu.Session) error {
	if !x.IdleUntil.IsZero() && x.IdleUntil.After(x.ExpiresAt) {
		x.IdleUntil = x.ExpiresAt
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO sessions (hash, user_id, csrf, created_at, expires_at, idle_until) VALUES ($1, $2, $3, $4, $5, $6)`,
		x.Hash, x.UserID, x.CSRF, s.dbTime(x.CreatedAt), s.dbTime(x.ExpiresAt), s.dbTime(x.IdleUntil))
	return internalIf("sqlstore.CreateSession", err)
}

func (s *Store) SessionByHash(ctx context.Context, hash string, now time.Time) (himitsu.Session, error) {
	const op = "sqlstore.SessionByHash"
	x := himitsu.Session{Hash: hash}
	var created, expires, idle any
	err := s.rdb.QueryRowContext(ctx, `SELECT user_id, csrf, created_at, expires_at, idle_until FROM sessions WHERE hash = $1`, hash).Scan(&x.UserID, &x.CSRF, &created, &expires, &idle)
	if errors.Is(err, sql.ErrNoRows) {
		return x, &himitsu.Error{Op: op, Kind: himitsu.KindNotFound, Msg: "no such session", MsgJA: "セッションが存在しない"}
	}
	if err != nil {
		return x, internal(op, err)
	}
	if x.CreatedAt, err = scanTime(created); err != nil {
		return x, internal(op, err)
	}
	if x.ExpiresAt, err = scanTime(expires); err != nil {
		return x, internal(op, err)
	}
	if x.IdleUntil, err = scanNullTime(idle); err != nil {
		return x, internal(op, err)
	}
	if !now.Before(x.ExpiresAt) || (!x.IdleUntil.IsZero() && !now.Before(x.IdleUntil)) {
		return x, &himitsu.Error{Op: op, Kind: himitsu.KindNotFound, Msg: "the session has expired", MsgJA: "セッションの期限が切れている"}
	}
	return x, nil
}

// TouchSession moves the idle end on, never past the absolute end and
// never back (two instances touching at once keep the later end).
func (s *Store) TouchSession(ctx context.Context, hash string, idleUntil time.Time) error {
	const op = "sqlstore.TouchSession"
	q := `UPDATE sessions SET idle_until = CASE WHEN $2 > expires_at THEN expires_at ELSE $2 END
		WHERE hash = $1 AND (idle_until IS NULL OR idle_until < $2)`
	if s.pg {
		q = `UPDATE sessions SET idle_until = LEAST($2::timestamptz, expires_at)
		WHERE hash = $1 AND (idle_until IS NULL OR idle_until < $2::timestamptz)`
	}
	res, err := s.db.ExecContext(ctx, q, hash, s.dbTime(idleUntil))
	if err != nil {
		return internal(op, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		var one int
		switch err := s.db.QueryRowContext(ctx, `SELECT 1 FROM sessions WHERE hash = $1`, hash).Scan(&one); {
		case errors.Is(err, sql.ErrNoRows):
			return &himitsu.Error{Op: op, Kind: himitsu.KindNotFound, Msg: "no such session", MsgJA: "セッションが存在しない"}
		case err != nil:
			return internal(op, err)
		}
	}
	return nil
}

// TakeLoginAttempt is a token bucket per key kept in one row, read and
// written in one transaction (on PostgreSQL with the row locked), so that
// instances sharing the database draw from the same bucket. Buckets that
// have refilled completely are removed as they carry no state.
func (s *Store) TakeLoginAttempt(ctx context.Context, key string, now time.Time, every time.Duration, burst int) (bool, error) {
	const op = "sqlstore.TakeLoginAttempt"
	if burst < 1 || every <= 0 {
		return true, nil
	}
	now = now.UTC()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return false, internal(op, err)
	}
	defer tx.Rollback()
	full := time.Duration(burst) * every
	if _, err := tx.ExecContext(ctx, `DELETE FROM login_attempts WHERE updated_at < $1 AND "key" <> $2`, s.dbTime(now.Add(-full)), key); err != nil {
		return false, internal(op, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO login_attempts ("key", tokens, updated_at) VALUES ($1, $2, $3) ON CONFLICT ("key") DO NOTHING`,
		key, float64(burst), s.dbTime(now)); err != nil {
		return false, internal(op, err)
	}
	q := `SELECT tokens, updated_at FROM login_attempts WHERE "key" = $1`
	if s.pg {
		q += " FOR UPDATE"
	}
	var tokens float64
	var at any
	if err := tx.QueryRowContext(ctx, q, key).Scan(&tokens, &at); err != nil {
		return false, internal(op, err)
	}
	last, err := scanTime(at)
	if err != nil {
		return false, internal(op, err)
	}
	if now.After(last) {
		tokens = min(float64(burst), tokens+float64(now.Sub(last))/float64(every))
	} else {
		now = last // another instance's clock ran ahead: no refill
	}
	ok := tokens >= 1
	if ok {
		tokens--
	}
	if _, err := tx.ExecContext(ctx, `UPDATE login_attempts SET tokens = $2, updated_at = $3 WHERE "key" = $1`, key, tokens, s.dbTime(now)); err != nil {
		return false, internal(op, err)
	}
	if err := tx.Commit(); err != nil {
		return false, internal(op, err)
	}
	return ok, nil
}

func (s *Store) CreateSetupLink(ctx context.Context, hash string, at time.Time) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO setup_links (hash, created_at) VALUES ($1, $2) ON CONFLICT (hash) DO NOTHING`, hash, s.dbTime(at))
	return internalIf("sqlstore.CreateSetupLink", err)
}

func (s *Store) SetupLinkValid(ctx context.Context, hash string) (bool, error) {
	var one int
	err := s.db.QueryRowContext(ctx, `SELECT 1 FROM setup_links WHERE hash = $1 AND NOT EXISTS (SELECT 1 FROM users)`, hash).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, internal("sqlstore.SetupLinkValid", err)
	}
	return true, nil
}

func (s *Store) UseSetupLink(ctx context.Context, hash string) (bool, error) {
	res, err := s.db.ExecContext(ctx, `DELETE FROM setup_links WHERE hash = $1`, hash)
	if err != nil {
		return false, internal("sqlstore.UseSetupLink", err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

func (s *Store) DeleteSetupLinks(ctx context.Context) error {
	_, err := s.db.ExecContext(ctx, `DELETE FROM setup_links`)
	return internalIf("sqlstore.DeleteSetupLinks", err)
}

func (s *Store) DeleteSession(ctx context.Context, hash string) error {
	_, err := s.db.ExecContext(ctx, `DELETE FROM sessions WHERE hash = $1`, hash)
	return internalIf("sqlstore.DeleteSession", err)
}

func (s *Store) DeleteUserSessions(ctx context.Context, userID int64) (int, error) {
	res, err := s.db.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1`, userID)
	if err != nil {
		return 0, internal("sqlstore.DeleteUserSessions", err)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}

func (s *Store) CreateToken(ctx context.Context, t himitsu.APIToken) (himitsu.APIToken, error) {
	const op = "sqlstore.CreateToken"
	if t.Scope != himitsu.TokenRead && t.Scope != himitsu.TokenWrite {
		return t, &himitsu.Error{Op: op, Kind: himitsu.KindInvalid, Field: "scope", Msg: `is "read" or "write"`, MsgJA: "read 又は write である"}
	}
	if strings.TrimSpace(t.Name) == "" {
		return t, &himitsu.Error{Op: op, Kind: himitsu.KindInvalid, Field: "name", Msg: "is required", MsgJA: "必須である"}
	}
	if t.CreatedAt.IsZero() {
		t.CreatedAt = time.Now().UTC()
	}
	if t.CarrierID != "" {
		if err := carrierExists(ctx, s.db, op, t.CarrierID); err != nil {
			return t, err
		}
	}
	err := s.db.QueryRowContext(ctx, `INSERT INTO api_tokens (user_id, name, prefix, hash, scope, carrier_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
		t.UserID, t.Name, t.Prefix, t.Hash, t.Scope, t.CarrierID, s.dbTime(t.CreatedAt)).Scan(&t.ID)
	return t, internalIf(op, err)
}

const tokenCols = `id, user_id, name, prefix, hash, scope, carrier_id, created_at, revoked_at`

func (s *Store) scanTokens(ctx context.Context, op, where string, args ...any) ([]himitsu.APIToken, error) {
	rows, err := s.rdb.QueryContext(ctx, `SELECT `+tokenCols+` FROM api_tokens `+where+` ORDER BY id`, args...)
	if err != nil {
		return nil, internal(op, err)
	}
	defer rows.Close()
	out := []himitsu.APIToken{}
	for rows.Next() {
		var t himitsu.APIToken
		var created, revoked any
		if err := rows.Scan(&t.ID, &t.UserID, &t.Name, &t.Prefix, &t.Hash, &t.Scope, &t.CarrierID, &created, &revoked); err != nil {
			return nil, internal(op, err)
		}
		if t.CreatedAt, err = scanTime(created); err != nil {
			return nil, internal(op, err)
		}
		if t.RevokedAt, err = scanNullTime(revoked); err != nil {
			return nil, internal(op, err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

func (s *Store) TokenByHash(ctx context.Context, hash string) (himitsu.APIToken, error) {
	const op = "sqlstore.TokenByHash"
	ts, err := s.scanTokens(ctx, op, "WHERE hash = $1 AND revoked_at IS NULL", hash)
	if err != nil {
		return himitsu.APIToken{}, err
	}
	if len(ts) == 0 {
		return himitsu.APIToken{}, &himitsu.Error{Op: op, Kind: himitsu.KindNotFound, Msg: "no such token", MsgJA: "トークンが存在しない"}
	}
	return ts[0], nil
}

func (s *Store) Tokens(ctx context.Context, userID int64) ([]himitsu.APIToken, error) {
	return s.scanTokens(ctx, "sqlstore.Tokens", "WHERE user_id = $1", userID)
}

func (s *Store) RevokeToken(ctx context.Context, userID, id int64, at time.Time) error {
	const op = "sqlstore.RevokeToken"
	res, err := s.db.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL`, s.dbTime(at), id, userID)
	if err != nil {
		return internal(op, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return &himitsu.Error{Op: op, Kind: himitsu.KindNotFound, Msg: "no such token", MsgJA: "トークンが存在しない"}
	}
	return nil
}
