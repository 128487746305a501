package server

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/auth"
	"github.com/himitsu-oss/himitsu/internal/report"
)

func labelOf(group, value, lang string) string { return report.Label(group, value, lang) }

// safeNext keeps a post-login redirect on this site.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	return next
}

func (s *Server) loginForm(w http.ResponseWriter, r *http.Request, c *call) error {
	if l := r.URL.Query().Get("lang"); l == "ja" || l == "en" {
		http.SetCookie(w, &http.Cookie{Name: "himitsu_lang", Value: l, Path: "/", HttpOnly: true, Secure: s.cfg.SecureCookies, SameSite: http.SameSiteLaxMode, MaxAge: 365 * 86400})
		c.lang = l
	}
	v := s.newView(r, c, s.t("login", c.lang), "")
	v.User = nil
	return s.page(w, http.StatusOK, v, "login", map[string]any{"Next": safeNext(r.URL.Query().Get("next"))})
}

// login checks the password. Failures are answered alike whatever failed
// (unknown name, wrong password, locked, disabled), so that the form does
// not tell which names exist; the rate limit per address and the lockout
// per account bound guessing.
func (s *Server) login(w http.ResponseWriter, r *http.Request, c *call) error {
	ctx := r.Context()
	now := s.cfg.Now()
	name := strings.TrimSpace(r.PostFormValue("name"))
	next := safeNext(r.PostFormValue("next"))
	fail := func(status int, key msg) error {
		v := s.newView(r, c, s.t("login", c.lang), "")
		v.User = nil
		return s.page(w, status, v, "login", map[string]any{"Next": next, "Name": name, "Error": key.in(c.lang)})
	}
	badLogin := msg{"利用者名又はパスワードが違うか、アカウントがロックされています。", "Wrong user name or password, or the account is locked."}
	allowed, err := s.store.TakeLoginAttempt(ctx, "login "+clientAddr(r), now, s.loginEvery(), s.cfg.LoginBurst)
	if err != nil {
		return err
	}
	if !allowed {
		w.Header().Set("Retry-After", "10")
		return fail(http.StatusTooManyRequests, msg{"試行が多すぎます。しばらく待ってからやり直してください。", "Too many attempts. Wait a little and try again."})
	}
	u, err := s.store.UserByName(ctx, name)
	if err != nil {
		if himitsu.ErrorKind(err) != himitsu.KindNotFound {
			return err
		}
		// Spend the same time as a real check.
		auth.Verify(r.PostFormValue("password"), auth.Hash("x", s.cfg.Password))
		return fail(http.StatusUnauthorized, badLogin)
	}
	if u.Disabled || now.Before(u.LockedUntil) {
		return fail(http.StatusUnauthorized, badLogin)
	}
	if !auth.Verify(r.PostFormValue("password"), u.PasswordHash) {
		if err := s.store.LoginFailed(ctx, u.ID, s.cfg.MaxLoginFailures, now.Add(s.cfg.LockoutDuration)); err != nil {
			return err
		}
		s.log.Warn("login failed", "reason", "password")
		return fail(http.StatusUnauthorized, badLogin)
	}
	if err := s.store.LoginSucceeded(ctx, u.ID); err != nil {
		return err
	}
	if err := s.startSession(ctx, w, u.ID); err != nil {
		return err
	}
	return redirect(w, r, next)
}

func (s *Server) startSession(ctx context.Context, w http.ResponseWriter, userID int64) error {
	now := s.cfg.Now().UTC()
	secret := auth.NewSecret("hms_")
	sess := himitsu.Session{Hash: auth.HashSecret(secret), UserID: userID, CSRF: auth.NewSecret(""), CreatedAt: now, ExpiresAt: now.Add(s.cfg.SessionTTL)}
	if s.cfg.SessionIdle > 0 {
		sess.IdleUntil = earlier(now.Add(s.cfg.SessionIdle), sess.ExpiresAt)
	}
	if err := s.store.CreateSession(ctx, sess); err != nil {
		return err
	}
	s.setSessionCookie(w, secret, s.cfg.SessionTTL)
	return nil
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request, c *call) error {
	if err := s.store.DeleteSession(r.Context(), c.session.Hash); err != nil {
		return err
	}
	s.setSessionCookie(w, "", -1)
	return redirect(w, r, "/login")
}

func (s *Server) logoutEverywhere(w http.ResponseWriter, r *http.Request, c *call) error {
	if _, err := s.store.DeleteUserSessions(r.Context(), c.user.ID); err != nil {
		return err
	}
	s.setSessionCookie(w, "", -1)
	return redirect(w, r, "/login")
}

func (s *Server) setupValid(ctx context.Context, token string) (bool, error) {
	if _, err := s.SetupLink(ctx); err != nil {
		return false, err
	}
	return s.store.SetupLinkValid(ctx, auth.HashSecret(token))
}

func (s *Server) setupForm(w http.ResponseWriter, r *http.Request, c *call) error {
	ok, err := s.setupValid(r.Context(), r.PathValue("token"))
	if err != nil {
		return err
	}
	if !ok {
		return &himitsu.Error{Kind: himitsu.KindNotFound, Msg: "this setup link is not valid (any more); sign in instead", MsgJA: "この設定用リンクは無効です（使用済み）。サインインしてください"}
	}
	v := s.newView(r, c, s.t("setup", c.lang), "")
	return s.page(w, http.StatusOK, v, "setup", map[string]any{"Token": r.PathValue("token")})
}

// setupCreate creates the first admin, grants it every carrier in the
// database and signs it in.
func (s *Server) setupCreate(w http.ResponseWriter, r *http.Request, c *call) error {
	ctx := r.Context()
	token := r.PathValue("token")
	ok, err := s.setupValid(ctx, token)
	if err != nil {
		return err
	}
	if !ok {
		return &himitsu.Error{Kind: himitsu.KindNotFound, Msg: "this setup link is not valid (any more); sign in instead", MsgJA: "この設定用リンクは無効です（使用済み）。サインインしてください"}
	}
	// Take the link first, so that of two uses at once (here or on
	// another instance) only one goes on; give it back if the form was
	// wrong.
	hash := auth.HashSecret(token)
	if used, err := s.store.UseSetupLink(ctx, hash); err != nil {
		return err
	} else if !used {
		return &himitsu.Error{Kind: himitsu.KindNotFound, Msg: "this setup link is not valid (any more); sign in instead", MsgJA: "この設定用リンクは無効です（使用済み）。サインインしてください"}
	}
	lang := r.PostFormValue("lang")
	u, err := s.CreateUser(ctx, NewUser{Name: r.PostFormValue("name"), DisplayName: r.PostFormValue("display_name"),
		Password: r.PostFormValue("password"), Role: himitsu.RoleAdmin, Lang: lang, AllCarriers: true})
	if err != nil {
		if rerr := s.store.CreateSetupLink(ctx, hash, s.cfg.Now().UTC()); rerr != nil {
			return rerr
		}
		if himitsu.ErrorKind(err) != himitsu.KindInvalid && himitsu.ErrorKind(err) != himitsu.KindConflict {
			return err
		}
		v := s.newView(r, c, s.t("setup", c.lang), "")
		return s.page(w, http.StatusBadRequest, v, "setup", map[string]any{"Token": token, "Name": r.PostFormValue("name"),
			"DisplayName": r.PostFormValue("display_name"), "Errors": map[string]string{fieldOr(err, "name"): errMessage(err, c.lang)}})
	}
	s.setupMu.Lock()
	s.setup = ""
	s.setupMu.Unlock()
	if err := s.store.DeleteSetupLinks(ctx); err != nil {
		return err
	}
	if err := s.startSession(ctx, w, u.ID); err != nil {
		return err
	}
	return redirect(w, r, "/")
}

func fieldOr(err error, def string) string {
	if f := himitsu.ErrorField(err); f != "" {
		return f
	}
	return def
}

// NewUser is what `himitsu user create`, the setup link and the users page
// give to create a user.
type NewUser struct {
	Name, DisplayName, Password, Lang string
	Role                              himitsu.Role
	Carriers                          []string
	// AllCarriers grants every carrier in the database now.
	AllCarriers bool
}

// CreateUser checks the password, hashes it and creates the user.
func (s *Server) CreateUser(ctx context.Context, n NewUser) (himitsu.User, error) {
	return CreateUser(ctx, s.store, s.cfg.Password, n)
}

// CreateUser is Server.CreateUser for callers without a server (the CLI).
func CreateUser(ctx context.Context, store interface {
	himitsu.UserService
	Carriers(context.Context) ([]himitsu.Carrier, error)
}, p auth.Params, n NewUser) (himitsu.User, error) {
	if err := auth.CheckPassword(n.Password); err != nil {
		return himitsu.User{}, err
	}
	u := himitsu.User{Name: strings.TrimSpace(n.Name), DisplayName: strings.TrimSpace(n.DisplayName), Role: n.Role, Lang: n.Lang, Carriers: n.Carriers}
	if n.AllCarriers {
		cs, err := store.Carriers(ctx)
		if err != nil {
			return u, err
		}
		u.Carriers = nil
		for _, c := range cs {
			u.Carriers = append(u.Carriers, c.ID)
		}
	}
	u.PasswordHash = auth.Hash(n.Password, p)
	return store.CreateUser(ctx, u)
}

func (s *Server) home(w http.ResponseWriter, r *http.Request, c *call) error {
	if want := r.URL.Query().Get("carrier"); want != "" && c.user.Sees(want) {
		return redirect(w, r, "/c/"+url.PathEscape(want)+"/")
	}
	if len(c.user.Carriers) > 0 {
		return redirect(w, r, "/c/"+url.PathEscape(c.user.Carriers[0])+"/")
	}
	v := s.newView(r, c, s.t("welcome", c.lang), "")
	return s.page(w, http.StatusOK, v, "error", map[string]any{"Status": "", "Message": s.t("no_carrier", c.lang)})
}

func (s *Server) settings(w http.ResponseWriter, r *http.Request, c *call) error {
	toks, err := s.store.Tokens(r.Context(), c.user.ID)
	if err != nil {
		return err
	}
	v := s.newView(r, c, s.t("settings", c.lang), "settings")
	return s.page(w, http.StatusOK, v, "settings", map[string]any{"Tokens": toks, "NewToken": ""})
}

func (s *Server) setLang(w http.ResponseWriter, r *http.Request, c *call) error {
	l := r.PostFormValue("lang")
	if l != "ja" && l != "en" {
		return himitsu.FieldErrorJA("lang", "is ja or en", "ja 又は en である")
	}
	u := *c.user
	u.Lang = l
	err := s.store.UpdateUser(r.Context(), u)
	s.forgetTokens() // the decision point's cached callers
	if err != nil {
		return err
	}
	return redirect(w, r, safeNext(r.PostFormValue("next")))
}

func (s *Server) createToken(w http.ResponseWriter, r *http.Request, c *call) error {
	secret := auth.NewSecret("hmt_")
	t := himitsu.APIToken{UserID: c.user.ID, Name: strings.TrimSpace(r.PostFormValue("name")), Prefix: secret[:8],
		Hash: auth.HashSecret(secret), Scope: r.PostFormValue("scope"), CarrierID: r.PostFormValue("carrier")}
	if t.CarrierID != "" && !c.user.Sees(t.CarrierID) {
		return himitsu.FieldErrorJA("carrier", "is not granted to you", "あなたに付与されていない")
	}
	if _, err := s.store.CreateToken(r.Context(), t); err != nil {
		return err
	}
	toks, err := s.store.Tokens(r.Context(), c.user.ID)
	if err != nil {
		return err
	}
	v := s.newView(r, c, s.t("settings", c.lang), "settings")
	return s.page(w, http.StatusOK, v, "settings", map[string]any{"Tokens": toks, "NewToken": secret})
}

func (s *Server) revokeToken(w http.ResponseWriter, r *http.Request, c *call) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return himitsu.FieldErrorJA("id", "is not a number", "数値ではない")
	}
	err = s.store.RevokeToken(r.Context(), c.user.ID, id, s.cfg.Now())
	s.forgetTokens() // the decision point's cached callers
	if err != nil {
		return err
	}
	return redirect(w, r, "/settings")
}

func (s *Server) users(w http.ResponseWriter, r *http.Request, c *call) error {
	us, err := s.store.Users(r.Context())
	if err != nil {
		return err
	}
	cs, err := s.store.Carriers(r.Context())
	if err != nil {
		return err
	}
	v := s.newView(r, c, s.t("users", c.lang), "users")
	return s.page(w, http.StatusOK, v, "users", map[string]any{"Users": us, "All": cs, "Roles": himitsu.Roles, "Error": "", "Now": s.cfg.Now()})
}

func (s *Server) createUser(w http.ResponseWriter, r *http.Request, c *call) error {
	_, err := s.CreateUser(r.Context(), NewUser{Name: r.PostFormValue("name"), DisplayName: r.PostFormValue("display_name"),
		Password: r.PostFormValue("password"), Role: himitsu.Role(r.PostFormValue("role")), Lang: r.PostFormValue("lang"), Carriers: r.PostForm["carriers"]})
	if err != nil {
		if k := himitsu.ErrorKind(err); k != himitsu.KindInvalid && k != himitsu.KindConflict && k != himitsu.KindNotFound {
			return err
		}
		us, _ := s.store.Users(r.Context())
		cs, _ := s.store.Carriers(r.Context())
		v := s.newView(r, c, s.t("users", c.lang), "users")
		return s.page(w, http.StatusBadRequest, v, "users", map[string]any{"Users": us, "All": cs, "Roles": himitsu.Roles,
			"Error": fmt.Sprintf("%s: %s", s.fieldLabel(fieldOr(err, "name"), c.lang), errMessage(err, c.lang)), "Now": s.cfg.Now()})
	}
	return redirect(w, r, "/admin/users?flash=saved")
}

// updateUser changes a user's role, carriers or state, or signs them out
// everywhere (action=logout).
func (s *Server) updateUser(w http.ResponseWriter, r *http.Request, c *call) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return himitsu.FieldErrorJA("id", "is not a number", "数値ではない")
	}
	u, err := s.store.UserByID(r.Context(), id)
	if err != nil {
		return err
	}
	switch r.PostFormValue("action") {
	case "logout":
		if _, err := s.store.DeleteUserSessions(r.Context(), id); err != nil {
			return err
		}
		return redirect(w, r, "/admin/users?flash=sessions_ended")
	case "disable":
		u.Disabled = true
		if _, err := s.store.DeleteUserSessions(r.Context(), id); err != nil {
			return err
		}
	case "enable":
		u.Disabled = false
	default:
		u.Role = himitsu.Role(r.PostFormValue("role"))
		u.Carriers = r.PostForm["carriers"]
	}
	err = s.store.UpdateUser(r.Context(), u)
	s.forgetTokens() // the decision point's cached callers
	if err != nil {
		return err
	}
	return redirect(w, r, "/admin/users?flash=saved")
}
