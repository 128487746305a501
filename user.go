package himitsu

import (
	"context"
	"time"
)

// Role is what a user of the web application and the API may do. Each
// page and endpoint states the roles it admits (internal/server's route
// table); the store only keeps the role.
type Role string

const (
	// RoleAdmin manages users, carriers and tokens, and may do everything
	// the others may.
	RoleAdmin Role = "admin"
	// RoleOfficer, the compliance officer, edits every register, imports
	// bundles and runs assessments.
	RoleOfficer Role = "compliance-officer"
	// RoleDesk, the desk agent, logs and updates complaints and reads the
	// registers the desk needs.
	RoleDesk Role = "desk-agent"
	// RoleEngineer records grants, persons and system-side facts.
	RoleEngineer Role = "engineer"
	// RoleAuditor, the internal auditor, reads everything and changes
	// nothing.
	RoleAuditor Role = "internal-auditor"
	// RoleRegulator reads the records and assessments of the carriers it
	// is granted and changes none of them; it writes only its own case
	// records (the regulator's steps of the procedure, CaseService). An
	// examiner follows several carriers, so the grant may list several
	// (the case file's view across carriers, issue 9).
	RoleRegulator Role = "regulator"
)

// Roles lists every role, most powerful first.
var Roles = []Role{RoleAdmin, RoleOfficer, RoleDesk, RoleEngineer, RoleAuditor, RoleRegulator}

// Valid reports whether r is one of Roles.
func (r Role) Valid() bool {
	for _, x := range Roles {
		if r == x {
			return true
		}
	}
	return false
}

// User is a person who signs in to himitsu (not a Person of a carrier's
// registers: a regulator's examiner or the carrier's auditor is a User).
type User struct {
	ID          int64     `json:"id"`
	Name        string    `json:"name"` // the login name, unique
	DisplayName string    `json:"display_name"`
	Role        Role      `json:"role"`
	Lang        string    `json:"lang"` // "ja" or "en": the language of pages
	Carriers    []string  `json:"carriers"`
	Disabled    bool      `json:"disabled"`
	CreatedAt   time.Time `json:"created_at"`
	// PasswordHash is the encoded argon2id hash; never shown.
	PasswordHash string `json:"-"`
	// FailedLogins counts failed logins since the last success; LockedUntil
	// is when a lockout ends (zero when not locked).
	FailedLogins int       `json:"-"`
	LockedUntil  time.Time `json:"-"`
}

// Sees reports whether the user was granted the carrier.
func (u *User) Sees(carrierID string) bool {
	for _, c := range u.Carriers {
		if c == carrierID {
			return true
		}
	}
	return false
}

// Session is a signed-in browser. The store keeps only the SHA-256 of the
// cookie's value, so a copy of the database signs no one in.
type Session struct {
	Hash      string    `json:"-"`
	UserID    int64     `json:"user_id"`
	CSRF      string    `json:"-"` // the token forms carry
	CreatedAt time.Time `json:"created_at"`
	// ExpiresAt is the absolute end: a session never lasts beyond it,
	// however much it is used.
	ExpiresAt time.Time `json:"expires_at"`
	// IdleUntil is when the session ends if it is not used before; each
	// use moves it on (TouchSession), never past ExpiresAt. Zero: no idle
	// limit (sessions created before idle limits existed).
	IdleUntil time.Time `json:"idle_until,omitzero"`
}

// Token scopes.
const (
	TokenRead  = "read"  // GET endpoints
	TokenWrite = "write" // also the endpoints that change records
)

// APIToken lets a carrier's system call the API as a user, limited to its
// scope and, when CarrierID is set, to one carrier. Like sessions, only
// the SHA-256 of the secret is stored; Prefix (the first characters of the
// secret) tells tokens apart in lists.
type APIToken struct {
	ID        int64     `json:"id"`
	UserID    int64     `json:"user_id"`
	Name      string    `json:"name"`
	Prefix    string    `json:"prefix"`
	Hash      string    `json:"-"`
	Scope     string    `json:"scope"`
	CarrierID string    `json:"carrier_id,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	RevokedAt time.Time `json:"revoked_at,omitzero"`
}

// UserService keeps users, their carrier grants, sessions and API tokens.
// It holds no secret in the clear; hashing passwords and tokens is the
// caller's (internal/auth). Callers are the server and `himitsu user`.
// Errors: KindNotFound for an unknown user, session or token; KindConflict
// for a login name that exists; KindInvalid for a bad role or name.
type UserService interface {
	CountUsers(ctx context.Context) (int, error)
	CreateUser(ctx context.Context, u User) (User, error)
	UserByID(ctx context.Context, id int64) (User, error)
	UserByName(ctx context.Context, name string) (User, error)
	Users(ctx context.Context) ([]User, error)
	// UpdateUser writes display name, role, language, carriers, disabled
	// and password hash.
	UpdateUser(ctx context.Context, u User) error
	// LoginFailed counts a failed login and locks the account until
	// lockUntil when the count reaches max; LoginSucceeded resets it.
	LoginFailed(ctx context.Context, id int64, max int, lockUntil time.Time) error
	LoginSucceeded(ctx context.Context, id int64) error

	CreateSession(ctx context.Context, s Session) error
	// SessionByHash returns a session that has not expired at now.
	SessionByHash(ctx context.Context, hash string, now time.Time) (Session, error)
	DeleteSession(ctx context.Context, hash string) error
	// DeleteUserSessions signs the user out everywhere.
	DeleteUserSessions(ctx context.Context, userID int64) (int, error)
	// TouchSession moves a session's idle end to idleUntil (capped at its
	// absolute end); KindNotFound when the session is gone.
	TouchSession(ctx context.Context, hash string, idleUntil time.Time) error

	// TakeLoginAttempt takes one attempt from the bucket of key (a client
	// address), which holds up to burst attempts and gains one every
	// every; false when the bucket is empty. The buckets are in the
	// database, so that all instances on it count together.
	TakeLoginAttempt(ctx context.Context, key string, now time.Time, every time.Duration, burst int) (bool, error)

	// Setup links: while no user exists, any instance may create a
	// one-time link for the first admin; only the SHA-256 of its secret is
	// stored, so that a link printed by one instance works on all.
	CreateSetupLink(ctx context.Context, hash string, at time.Time) error
	// SetupLinkValid reports whether the link exists and no user does.
	SetupLinkValid(ctx context.Context, hash string) (bool, error)
	// UseSetupLink removes the link and reports whether it was there, so
	// that of two uses at once only one goes on.
	UseSetupLink(ctx context.Context, hash string) (bool, error)
	// DeleteSetupLinks removes every setup link (once the first user exists).
	DeleteSetupLinks(ctx context.Context) error

	CreateToken(ctx context.Context, t APIToken) (APIToken, error)
	// TokenByHash returns a token that is not revoked.
	TokenByHash(ctx context.Context, hash string) (APIToken, error)
	Tokens(ctx context.Context, userID int64) ([]APIToken, error)
	RevokeToken(ctx context.Context, userID, id int64, at time.Time) error
}
