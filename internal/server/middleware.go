package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"runtime/debug"
	"strings"
	"time"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/auth"
)

// handler is a route's function. It returns an error instead of writing
// one, so that every error reaches the one mapping of kinds to status
// codes (statusOf) and is shown in the one shape of its side (page or
// JSON).
type handler func(w http.ResponseWriter, r *http.Request, c *call) error

// call is what a handler knows of the request beyond http.Request.
type call struct {
	rt      *route
	user    *himitsu.User    // nil on public routes without a session
	session *himitsu.Session // the browser's session, if any
	token   *himitsu.APIToken
	lang    string
	carrier string // the {carrier} of the path, checked against the grants
	// ctx carries the accessor of the signed-in user and the route's
	// purpose, for every read and change of a carrier's records.
	ctx context.Context
}

const sessionCookie = "himitsu_session"

// errUnauthenticated is a request that needs a sign-in and has none.
var errUnauthenticated = &himitsu.Error{Op: "server", Kind: himitsu.KindPermission, Msg: "sign in first", MsgJA: "先にサインインすること"}

// statusOf is the one mapping of error kinds to HTTP status codes.
var statusOf = map[himitsu.Kind]int{
	himitsu.KindOther:          http.StatusInternalServerError,
	himitsu.KindInvalid:        http.StatusBadRequest,
	himitsu.KindNotFound:       http.StatusNotFound,
	himitsu.KindConflict:       http.StatusConflict,
	himitsu.KindPermission:     http.StatusForbidden,
	himitsu.KindInternal:       http.StatusInternalServerError,
	himitsu.KindNotImplemented: http.StatusNotImplemented,
}

func httpStatus(err error) int {
	if errors.Is(err, errUnauthenticated) {
		return http.StatusUnauthorized
	}
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return http.StatusRequestEntityTooLarge
	}
	if st, ok := statusOf[himitsu.ErrorKind(err)]; ok {
		return st
	}
	return http.StatusInternalServerError
}

// statusWriter remembers the status for the log and the metrics.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// buildHandler wires the route table into a ServeMux and wraps it in what
// every request passes: recovery, the request log, security headers and
// the browser cross-origin check.
func (s *Server) buildHandler() http.Handler {
	mux := http.NewServeMux()
	for i := range s.routes {
		rt := &s.routes[i]
		mux.Handle(rt.method+" "+rt.pattern, s.wrap(rt))
	}
	// Cross-origin protection rejects state-changing browser requests
	// from other origins by their Sec-Fetch-Site or Origin headers; forms
	// also carry a per-session token (checked in wrap). The API is exempt:
	// it takes bearer tokens, never cookies.
	cop := http.NewCrossOriginProtection()
	cop.AddInsecureBypassPattern("/api/")
	var h http.Handler = cop.Handler(mux)
	h = securityHeaders(h)
	return s.logRequests(h)
}

// securityHeaders: a CSP without inline script or style, no framing, no
// sniffing, no referrer leaving the site.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		next.ServeHTTP(w, r)
	})
}

// logRequests writes one log line per request: method, the route pattern
// (never the path, which holds record IDs), status, size and duration. No
// query strings, user names or addresses: the log must not become a
// record of personal data.
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := s.cfg.Now()
		sw := &statusWriter{ResponseWriter: w}
		defer func() {
			if v := recover(); v != nil {
				s.log.Error("panic", "pattern", r.Pattern, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
				if sw.status == 0 {
					http.Error(sw, "internal error", http.StatusInternalServerError)
				}
			}
			d := s.cfg.Now().Sub(start)
			if sw.status == 0 {
				sw.status = http.StatusOK
			}
			pattern := r.Pattern
			if pattern == "" {
				pattern = "unmatched"
			}
			s.metrics.observe(pattern, sw.status, d)
			s.log.LogAttrs(r.Context(), slog.LevelInfo, "request",
				slog.String("method", r.Method), slog.String("route", pattern),
				slog.Int("status", sw.status), slog.Int64("bytes", sw.bytes), slog.Duration("duration", d))
		}()
		next.ServeHTTP(sw, r)
	})
}

// wrap authenticates, authorises and runs one route.
func (s *Server) wrap(rt *route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		max := s.cfg.MaxBody
		if rt.pattern == "/import" {
			max = s.cfg.MaxUpload
		}
		r.Body = http.MaxBytesReader(w, r.Body, max)
		c := &call{rt: rt, lang: langOf(r), ctx: r.Context()}
		err := s.authorise(w, r, c)
		if err == nil {
			err = rt.h(w, r, c)
		}
		if err != nil {
			s.fail(w, r, c, err)
		}
	})
}

// authorise finds who calls (session cookie for pages, bearer token for
// the API), checks the route's roles, the token's scope, the carrier
// grant and, for a form, its CSRF token.
func (s *Server) authorise(w http.ResponseWriter, r *http.Request, c *call) error {
	rt := c.rt
	now := s.cfg.Now()
	if rt.api {
		if h := r.Header.Get("Authorization"); strings.HasPrefix(h, "Bearer ") {
			t, u, err := s.apiCaller(r.Context(), auth.HashSecret(strings.TrimPrefix(h, "Bearer ")), rt.cachedToken, now)
			if err != nil {
				return err
			}
			c.user, c.token = &u, &t
		}
	} else if ck, err := r.Cookie(sessionCookie); err == nil && ck.Value != "" {
		sess, err := s.store.SessionByHash(r.Context(), auth.HashSecret(ck.Value), now)
		if err == nil {
			u, err := s.store.UserByID(r.Context(), sess.UserID)
			if err == nil && !u.Disabled {
				c.user, c.session = &u, &sess
				c.lang = u.Lang
				if err := s.slide(r.Context(), &sess, now); err != nil {
					return err
				}
			}
		} else if himitsu.ErrorKind(err) != himitsu.KindNotFound {
			return err
		}
	}
	if rt.public {
		return nil
	}
	if c.user == nil {
		return errUnauthenticated
	}
	if !rt.allows(c.user.Role) {
		return &himitsu.Error{Op: "server", Kind: himitsu.KindPermission,
			Msg:   fmt.Sprintf("your role (%s) may not do this", c.user.Role),
			MsgJA: fmt.Sprintf("あなたの役割（%s）ではこの操作はできない", roleLabel(c.user.Role, "ja"))}
	}
	if c.token != nil && rt.mutates() && c.token.Scope != himitsu.TokenWrite {
		return &himitsu.Error{Op: "server", Kind: himitsu.KindPermission, Msg: "this token may only read", MsgJA: "このトークンは読み出し専用である"}
	}
	if cid := r.PathValue("carrier"); cid != "" {
		// A carrier not granted is answered as absent: its existence is
		// none of the caller's business.
		if !c.user.Sees(cid) || (c.token != nil && c.token.CarrierID != "" && c.token.CarrierID != cid) {
			return &himitsu.Error{Op: "server", Kind: himitsu.KindNotFound, Field: "carrier",
				Msg: fmt.Sprintf("no carrier %q", cid), MsgJA: fmt.Sprintf("事業者 %q は存在しない", cid)}
		}
		c.carrier = cid
	}
	if !rt.api && rt.mutates() {
		if err := r.ParseMultipartForm(32 << 10); err != nil && !errors.Is(err, http.ErrNotMultipart) {
			return &himitsu.Error{Op: "server", Kind: himitsu.KindInvalid, Msg: "the form could not be read", MsgJA: "フォームを読み取れない", Err: err}
		}
		if c.session == nil || r.PostFormValue("csrf") != c.session.CSRF {
			return &himitsu.Error{Op: "server", Kind: himitsu.KindPermission, Field: "csrf",
				Msg: "the form has expired; reload the page and try again", MsgJA: "フォームの有効期限が切れた。ページを読み込み直して、もう一度操作すること"}
		}
	}
	tool := "himitsu serve (web)"
	if c.token != nil {
		tool = "himitsu serve (api token " + c.token.Prefix + ")"
	}
	purpose := rt.purpose
	if p := r.Header.Get("Himitsu-Purpose"); rt.api && p != "" {
		purpose = p
	}
	if purpose == "" {
		purpose = "web application"
	}
	c.ctx = himitsu.WithAccessor(r.Context(), himitsu.Accessor{Actor: "user:" + c.user.Name, Purpose: purpose, Tool: tool})
	return nil
}

// fail answers an error: JSON for the API, a page otherwise (a sign-in
// redirect when unauthenticated).
func (s *Server) fail(w http.ResponseWriter, r *http.Request, c *call, err error) {
	st := httpStatus(err)
	if st >= 500 {
		s.log.Error("request failed", "route", r.Pattern, "error", err.Error())
	}
	if c.rt.api {
		writeAPIError(w, st, err)
		return
	}
	if st == http.StatusUnauthorized {
		next := "/"
		if r.Method == http.MethodGet {
			next = r.URL.RequestURI()
		}
		http.Redirect(w, r, "/login?next="+url.QueryEscape(next), http.StatusSeeOther)
		return
	}
	s.errorPage(w, r, c, st, err)
}

// clientAddr is the address rate limits key on. X-Forwarded-For is not
// trusted: a reverse proxy in front should limit on its own.
func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// langOf is the language before sign-in: the browser's preference.
func langOf(r *http.Request) string {
	if ck, err := r.Cookie("himitsu_lang"); err == nil && (ck.Value == "en" || ck.Value == "ja") {
		return ck.Value
	}
	al := r.Header.Get("Accept-Language")
	if al != "" && !strings.HasPrefix(al, "ja") {
		return "en"
	}
	return "ja"
}

// setSessionCookie sets the session cookie for ttl (relative, so that a
// browser whose clock differs from the server's keeps it as long); a
// negative ttl deletes it.
func (s *Server) setSessionCookie(w http.ResponseWriter, value string, ttl time.Duration) {
	maxAge := int(ttl.Seconds())
	if ttl < 0 {
		maxAge = -1
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: value, Path: "/", MaxAge: maxAge,
		HttpOnly: true, Secure: s.cfg.SecureCookies, SameSite: http.SameSiteLaxMode})
}

// slide moves the idle end of a session in use on by SessionIdle, never
// past its absolute end. It writes only when the end moves by more than a
// minute, so that a page's burst of requests costs one write at most.
func (s *Server) slide(ctx context.Context, sess *himitsu.Session, now time.Time) error {
	if s.cfg.SessionIdle <= 0 || sess.IdleUntil.IsZero() {
		return nil
	}
	next := earlier(now.Add(s.cfg.SessionIdle), sess.ExpiresAt)
	if next.Sub(sess.IdleUntil) <= time.Minute {
		return nil
	}
	if err := s.store.TouchSession(ctx, sess.Hash, next); err != nil && himitsu.ErrorKind(err) != himitsu.KindNotFound {
		return err
	}
	sess.IdleUntil = next
	return nil
}

// earlier is the earlier of two times.
func earlier(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}
