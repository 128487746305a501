// Package server is himitsu's web application and JSON API: the pages a
// compliance team works in every day and the /api/v1 endpoints a
// carrier's systems call, behind one route table (routes.go) in which
// every route states the roles it admits. It holds no state of its own
// beyond what a process needs (parsed templates, rate limiters, metrics):
// users, sessions and records live in the store, so several instances on
// one PostgreSQL serve the same users.
package server

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/auth"
	"github.com/himitsu-oss/himitsu/internal/catalog"
	"github.com/himitsu-oss/himitsu/internal/decide"
	"github.com/himitsu-oss/himitsu/internal/procedure"
	"golang.org/x/time/rate"
)

// Backend is what the server needs of the store: internal/sqlstore
// implements it for SQLite and PostgreSQL.
type Backend interface {
	himitsu.Store
	himitsu.RecordServices
	himitsu.UserService
	himitsu.RunService
	RecordLog(ctx context.Context, carrierID string, f himitsu.RecordLogFilter) ([]himitsu.RecordChange, error)
	// SharedSecret returns the secret called name that every instance on
	// the database shares, creating it from fresh the first time.
	SharedSecret(ctx context.Context, name string, fresh []byte, at time.Time) ([]byte, error)
}

// Config is the server's configuration, parsed by cmd/himitsu from flags
// and environment (docs/configuration.md).
type Config struct {
	// Addr is where to listen, HOST:PORT.
	Addr string
	// BaseURL is how users reach the server, for the setup link; derived
	// from Addr when empty.
	BaseURL string
	// SecureCookies sets the Secure attribute; true unless the server is
	// reached over plain HTTP on loopback during a trial.
	SecureCookies bool
	// SessionTTL is how long a session lasts at most without signing in
	// again, however much it is used.
	SessionTTL time.Duration
	// SessionIdle ends a session not used for this long; each use moves
	// the end on (up to SessionTTL). Zero: no idle end.
	SessionIdle time.Duration
	// MaxLoginFailures locks an account for LockoutDuration.
	MaxLoginFailures int
	LockoutDuration  time.Duration
	// LoginRate and LoginBurst limit login attempts per client address.
	LoginRate  rate.Limit
	LoginBurst int
	// MaxBody bounds a request body; MaxUpload a bundle upload.
	MaxBody, MaxUpload int64
	// Password is the argon2id cost.
	Password auth.Params
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	// Logger receives the request log; slog.Default when nil.
	Logger *slog.Logger
	// DueSoonDays is the window in which a duty is "due soon" on the
	// deadline board; himitsu.DefaultSoonDays when zero.
	DueSoonDays int
	// Decide holds the decision point's settings the records do not hold
	// (lawful business list, bulk limits); warrants come from the register
	// of law-enforcement requests.
	Decide decide.Options
	// PseudonymKey, when set, lets the public complaint form take a
	// subscriber number, stored only as its pseudonym (the same key the
	// imports use). Without it the form does not ask for one.
	PseudonymKey []byte
	// Cases holds the default periods the case forms offer
	// (procedure.DefaultConfig when zero).
	Cases procedure.Config
}

// Defaults returns the configuration `himitsu serve` starts from.
func Defaults() Config {
	return Config{
		Addr:             "127.0.0.1:8080",
		SessionTTL:       12 * time.Hour,
		SessionIdle:      30 * time.Minute,
		MaxLoginFailures: 5,
		LockoutDuration:  15 * time.Minute,
		LoginRate:        rate.Every(2 * time.Second),
		LoginBurst:       10,
		MaxBody:          1 << 20,
		MaxUpload:        64 << 20,
		Password:         auth.DefaultParams(),
	}
}

// Server serves the pages and the API.
type Server struct {
	cfg     Config
	store   Backend
	cat     *catalog.Catalog
	log     *slog.Logger
	pages   *template.Template
	routes  []route
	handler http.Handler
	metrics *metrics

	msgs    map[string]msg
	fieldJA map[string]string
	enums   map[string]map[string]msg

	// setup is this instance's one-time secret of the setup link while no
	// user exists; empty afterwards. Its hash is in the database, so the
	// link works on every instance; whichever link is used first creates
	// the first admin.
	setupMu sync.Mutex
	setup   string

	// snaps are the decision point's per-carrier snapshots.
	snaps snapshots

	// formKey is the public form's CSRF key, read once from the database
	// (see publicFormKey); nil until first needed.
	formKeyMu sync.Mutex
	formKey   []byte
	// tokens caches the decision point's callers (tokencache.go).
	tokens tokenCache
}

// New builds a server over store. It parses every template now, so that a
// broken template stops the start instead of a page.
func New(cfg Config, store Backend) (*Server, error) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.BaseURL == "" {
		cfg.BaseURL = "http://" + cfg.Addr
	}
	cat, err := catalog.Default()
	if err != nil {
		return nil, err
	}
	pages, err := parsePages()
	if err != nil {
		return nil, &himitsu.Error{Op: "server.New", Kind: himitsu.KindInternal, Msg: "a page template is broken", MsgJA: "画面のテンプレートが壊れている", Err: err}
	}
	s := &Server{cfg: cfg, store: store, cat: cat, log: cfg.Logger, pages: pages,
		metrics: newMetrics(), msgs: messages(), fieldJA: fieldLabels(), enums: enumLabels()}
	s.routes = s.routeTable()
	s.handler = s.buildHandler()
	return s, nil
}

// SetBaseURL sets how users reach the server, before it serves (the
// address is known only once listening on port 0).
func (s *Server) SetBaseURL(u string) { s.cfg.BaseURL = u }

// Handler is the whole application.
func (s *Server) Handler() http.Handler { return s.handler }

// SetupLink returns the one-time link for creating the first admin while
// no user exists, creating its secret on first call; "" once a user exists.
func (s *Server) SetupLink(ctx context.Context) (string, error) {
	n, err := s.store.CountUsers(ctx)
	if err != nil {
		return "", err
	}
	s.setupMu.Lock()
	defer s.setupMu.Unlock()
	if n > 0 {
		s.setup = ""
		return "", s.store.DeleteSetupLinks(ctx)
	}
	if s.setup == "" {
		secret := auth.NewSecret("")
		if err := s.store.CreateSetupLink(ctx, auth.HashSecret(secret), s.cfg.Now().UTC()); err != nil {
			return "", err
		}
		s.setup = secret
	}
	return s.cfg.BaseURL + "/setup/" + s.setup, nil
}

// Serve listens on cfg.Addr until ctx ends, then stops accepting
// connections and lets requests in flight finish for up to 15 seconds
// (SIGTERM from an orchestrator ends ctx). ready is called with the
// address once listening.
func (s *Server) Serve(ctx context.Context, ready func(addr string)) error {
	ln, err := net.Listen("tcp", s.cfg.Addr)
	if err != nil {
		return &himitsu.Error{Op: "server.Serve", Kind: himitsu.KindInvalid, Err: err,
			Msg: fmt.Sprintf("cannot listen on %s", s.cfg.Addr), MsgJA: fmt.Sprintf("%s で待ち受けできない", s.cfg.Addr)}
	}
	hs := &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       2 * time.Minute,
		WriteTimeout:      5 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	if ready != nil {
		ready(ln.Addr().String())
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	// Keep the decision snapshots in step with changes other instances
	// make, so that a withdrawal or revocation is seen within a second.
	tick := time.NewTicker(pollEvery)
	defer tick.Stop()
	wctx, stopWatch := context.WithCancel(ctx)
	defer stopWatch()
	go s.watchChanges(wctx)
wait:
	for {
		select {
		case err := <-errc:
			return err
		case <-ctx.Done():
			break wait
		case <-tick.C:
			s.refreshLoaded(ctx)
		}
	}
	s.log.Info("shutting down", "grace", "15s")
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 15*time.Second)
	defer cancel()
	err = hs.Shutdown(sctx)
	if e := <-errc; !errors.Is(e, http.ErrServerClosed) && err == nil {
		err = e
	}
	return err
}

// loginEvery is the time one login attempt takes to come back to a
// client address's bucket.
func (s *Server) loginEvery() time.Duration {
	if s.cfg.LoginRate <= 0 {
		return 0
	}
	return time.Duration(float64(time.Second) / float64(s.cfg.LoginRate))
}
