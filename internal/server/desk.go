package server

// The complaint desk (issue 10): the public complaint form, which needs no
// sign-in, and the desk's queue, where the desk and the officers work
// through open complaints in order of urgency: acknowledge, escalate to the
// function the desk rule names, close with a resolution. Each complaint
// shows two readings side by side: the agent's (leak_clue) and himitsu's
// screening of what the person wrote (internal/clue), with its reasons.

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/clue"
)

// Limits of the public form, stated in docs/configuration.md.
const (
	publicTextMax       = 4000 // characters a person may write
	publicSubscriberMax = 64
	publicTokenTTL      = 2 * time.Hour
	publicFormCookie    = "himitsu_pform"
	// defaultDeskEscalationDays is the assessment's default when the desk
	// states no escalation period (internal/assess).
	defaultDeskEscalationDays = 2
)

// publicFormSecret names the secret in the database from which the
// public form's CSRF key is derived.
const publicFormSecret = "public-form-csrf"

// publicFormKey returns the key that signs the public form's CSRF tokens.
// It comes from a secret kept in the database and created once by the
// first instance that needs it, so that every instance on one database
// accepts the forms any of them served (several instances behind a load
// balancer). A failed read is not cached: the next form tries again.
func (s *Server) publicFormKey(ctx context.Context) ([]byte, error) {
	s.formKeyMu.Lock()
	defer s.formKeyMu.Unlock()
	if s.formKey != nil {
		return s.formKey, nil
	}
	fresh := make([]byte, 32)
	rand.Read(fresh)
	secret, err := s.store.SharedSecret(ctx, publicFormSecret, fresh, s.cfg.Now())
	if err != nil {
		return nil, err
	}
	// The stored secret is not used as it is: the key is bound to this use,
	// so that the secret may serve another purpose under another label.
	m := hmac.New(sha256.New, secret)
	m.Write([]byte("himitsu public complaint form CSRF key v1"))
	s.formKey = m.Sum(nil)
	return s.formKey, nil
}

func init() {
	messageSets = append(messageSets, func() map[string]msg {
		return map[string]msg{
			"desk_queue":            {"苦情対応キュー", "Complaint queue"},
			"desk_open":             {"未完了", "Open"},
			"desk_all":              {"すべて", "All"},
			"desk_clues_only":       {"漏えいの端緒のみ", "Leak clues only"},
			"desk_disagree_only":    {"判定が食い違うもののみ", "Readings disagree only"},
			"desk_filter":           {"絞り込み", "Filter"},
			"desk_received":         {"受付", "Received"},
			"desk_due":              {"上申期限", "Escalate by"},
			"desk_overdue":          {"期限超過", "Overdue"},
			"desk_state":            {"状態", "State"},
			"desk_new":              {"新規", "New"},
			"desk_answered":         {"初回回答済み", "Answered"},
			"desk_escalated":        {"上申済み", "Escalated"},
			"desk_closed":           {"完了", "Closed"},
			"desk_engine":           {"himitsu の読み取り", "himitsu's reading"},
			"desk_agent":            {"担当者の判定", "Agent's reading"},
			"desk_clue":             {"漏えいの端緒", "Leak clue"},
			"desk_weak":             {"弱い兆候", "Weak signal"},
			"desk_no_clue":          {"端緒なし", "No clue"},
			"desk_not_judged":       {"未判定", "Not judged"},
			"desk_disagree":         {"判定が食い違う", "Readings disagree"},
			"desk_disagree_help":    {"himitsu の規則と担当者の判定が一致しない。本文と理由を確かめ、担当者の判定を記録すること。", "himitsu's rules and the agent disagree. Read the text and the reasons, and record the agent's reading."},
			"desk_text":             {"申出の本文", "What the person wrote"},
			"desk_reasons":          {"判定の理由", "Reasons of the screening"},
			"desk_rule":             {"規則", "Rule"},
			"desk_words":            {"一致した語", "Words found"},
			"desk_desk_rule":        {"窓口の規程", "Desk rule"},
			"desk_recipient":        {"端緒の上申先", "Clue recipient"},
			"desk_functions":        {"上申先とする機能", "Functions clues go to"},
			"desk_days":             {"上申までの日数", "Days to escalate"},
			"desk_days_default":     {"（規程に定めがないため既定値）", "(default; the desk rule states none)"},
			"desk_respond":          {"受付・初回回答を記録", "Record acknowledgement / first response"},
			"desk_agent_reading":    {"担当者の判定（漏えいの端緒か）", "Agent's reading (is it a leak clue?)"},
			"desk_yes":              {"端緒である", "A leak clue"},
			"desk_no":               {"端緒ではない", "Not a leak clue"},
			"desk_escalate":         {"上申する", "Escalate"},
			"desk_escalate_to":      {"上申先の機能", "Function to escalate to"},
			"desk_escalate_warn":    {"この機能は窓口の規程が端緒の上申先とする機能ではない。", "The desk rule does not send leak clues to this function."},
			"desk_close":            {"完了する", "Close"},
			"desk_resolution":       {"処理結果", "Resolution"},
			"desk_resolution_need":  {"処理結果を記入すること。", "Write the resolution."},
			"desk_function_need":    {"上申先の機能を選ぶこと。", "Choose the function to escalate to."},
			"desk_reading_need":     {"担当者の判定を選ぶこと。", "Choose the agent's reading."},
			"desk_already_closed":   {"この苦情は完了している。", "This complaint is closed."},
			"desk_none":             {"該当する苦情はない。", "No complaint matches."},
			"desk_saved":            {"記録した。", "Recorded."},
			"desk_back":             {"キューに戻る", "Back to the queue"},
			"desk_first_response":   {"初回回答", "First response"},
			"desk_escalated_to":     {"上申先", "Escalated to"},
			"desk_age_days":         {"経過日数", "Days open"},
			"desk_public_link":      {"公開の苦情受付フォーム", "Public complaint form"},
			"pform_title":           {"ご意見・ご相談の受付", "Complaints and enquiries"},
			"pform_intro":           {"通信の秘密や個人情報の取扱いについてのご不安、ご意見をお寄せください。お名前やご連絡先は不要です。書いていただいた内容は暗号化して保存し、窓口の担当者だけが読みます。", "Tell us about any concern or complaint about the secrecy of your communications or your personal data. No name or contact details are needed. What you write is stored encrypted and read only by the desk's staff."},
			"pform_category":        {"ご相談の種類", "Kind of concern"},
			"pform_text":            {"内容", "What happened"},
			"pform_text_help":       {"いつ、何があったか、なぜ不安に思われたかをお書きください（4,000字まで）。", "Tell us when and what happened, and why it worries you (up to 4,000 characters)."},
			"pform_subscriber":      {"ご契約の電話番号又はお客さま番号（任意）", "Your phone number or customer number with us (optional)"},
			"pform_subscriber_help": {"ご記入いただくと、ご契約の記録と照合できます。番号そのものは保存せず、照合用の符号だけを保存します。", "If you give it, we can check it against your contract records. We do not store the number itself, only a code to match it."},
			"pform_submit":          {"送信する", "Send"},
			"pform_errors":          {"入力内容を確認してください。", "Please check what you entered."},
			"pform_text_need":       {"内容を書いてください。", "Please write what happened."},
			"pform_text_long":       {"内容が長すぎます（4,000字まで）。", "The text is too long (up to 4,000 characters)."},
			"pform_category_need":   {"ご相談の種類を選んでください。", "Please choose the kind of concern."},
			"pform_subscriber_bad":  {"電話番号又はお客さま番号は64文字までの英数字と記号でお書きください。", "Write the number in up to 64 letters, digits and signs."},
			"pform_expired":         {"フォームの有効期限が切れました。もう一度送信してください。", "The form has expired. Please send it again."},
			"pform_too_many":        {"送信が多すぎます。しばらく待ってからお試しください。", "Too many submissions. Please wait a little and try again."},
			"pform_received":        {"受け付けました", "Received"},
			"pform_number":          {"受付番号", "Reception number"},
			"pform_number_help":     {"受付番号を控えてください。お問い合わせの際や、対応状況の確認に使います。", "Please keep this number. Use it when you contact us and to check how your complaint is handled."},
			"pform_status":          {"対応状況の確認", "Check the status"},
			"pform_status_unknown":  {"この受付番号は見つかりません。番号をお確かめください。", "No complaint has this reception number. Please check the number."},
			"pform_status_received": {"受け付けました。担当者が確認します。", "Received. The desk will look at it."},
			"pform_status_answered": {"担当者が対応しています。", "The desk is handling it."},
			"pform_status_closed":   {"対応を完了しました。", "Handling is complete."},
			"pform_check":           {"確認する", "Check"},
			"pform_language":        {"English", "日本語"},
		}
	})
}

// CanDesk reports whether the user works the complaint queue.
func (v *view) CanDesk() bool { return v.User != nil && slices.Contains(deskRoles, v.User.Role) }

// Enum is an enum value's label in the page's language.
func (v *view) Enum(group, value string) string { return v.s.enumLabel(group, value, v.Lang) }

// Fn is a function's name in the page's language, with its ID.
func (v *view) Fn(f any) string {
	id := fmt.Sprint(f)
	return deskFunctionLabel(himitsu.Function(id), v.Lang) + " (" + id + ")"
}

// deskFunctionLabel names a function in lang.
func deskFunctionLabel(f himitsu.Function, lang string) string {
	m := map[himitsu.Function]msg{
		"front-line": {"窓口", "Front line"}, "customer-support": {"カスタマーサポート", "Customer support"},
		"network-operations": {"ネットワーク運用", "Network operations"}, "security": {"セキュリティ", "Security"},
		"fraud": {"不正対策", "Fraud"}, "development": {"開発", "Development"}, "compliance": {"コンプライアンス", "Compliance"},
		"management": {"経営", "Management"}, "contractor": {"委託先", "Contractor"}, "other": {"その他", "Other"},
		"secrecy-officer": {"通信の秘密の管理責任者", "Secrecy officer"}, "privacy-office": {"個人情報保護管理部門", "Privacy office"},
		"incident-team": {"インシデント対応チーム", "Incident team"}, "engineering": {"技術部門", "Engineering"}, "legal": {"法務", "Legal"},
	}
	if l, ok := m[f]; ok {
		return l.in(lang)
	}
	return string(f)
}

// ---- the public form ----

// publicLang is the form's language: ?lang= when given, else the browser's.
func publicLang(r *http.Request, c *call) string {
	switch l := r.FormValue("lang"); l {
	case "ja", "en":
		return l
	}
	return c.lang
}

// publicCarrier returns the carrier the form is for, or a not-found error
// that does not tell the carriers held apart from a typo.
func (s *Server) publicCarrier(r *http.Request) (himitsu.Carrier, error) {
	id := r.PathValue("carrier")
	cs, err := s.store.Carriers(r.Context())
	if err != nil {
		return himitsu.Carrier{}, err
	}
	for _, c := range cs {
		if c.ID == id {
			return c, nil
		}
	}
	return himitsu.Carrier{}, &himitsu.Error{Op: "server", Kind: himitsu.KindNotFound, Msg: "no such complaint form", MsgJA: "この受付フォームはありません"}
}

// publicToken issues the form's CSRF token, bound to the carrier and to a
// random value kept in a cookie of the person's browser (double submit),
// and signed with the shared key, so that no session is needed.
func publicToken(key []byte, carrier string, nonce []byte, issued time.Time) string {
	var ts [8]byte
	binary.BigEndian.PutUint64(ts[:], uint64(issued.Unix()))
	m := hmac.New(sha256.New, key)
	m.Write([]byte("himitsu public form\x00" + carrier + "\x00"))
	m.Write(nonce)
	m.Write(ts[:])
	return base64.RawURLEncoding.EncodeToString(append(ts[:], m.Sum(nil)[:16]...))
}

func (s *Server) checkPublicToken(r *http.Request, carrier string) (bool, error) {
	ck, err := r.Cookie(publicFormCookie)
	if err != nil {
		return false, nil
	}
	nonce, err := hex.DecodeString(ck.Value)
	if err != nil || len(nonce) != 16 {
		return false, nil
	}
	raw, err := base64.RawURLEncoding.DecodeString(r.PostFormValue("csrf"))
	if err != nil || len(raw) != 24 {
		return false, nil
	}
	issued := time.Unix(int64(binary.BigEndian.Uint64(raw[:8])), 0)
	if age := s.cfg.Now().Sub(issued); age < -time.Minute || age > publicTokenTTL {
		return false, nil
	}
	key, err := s.publicFormKey(r.Context())
	if err != nil {
		return false, err
	}
	return hmac.Equal([]byte(publicToken(key, carrier, nonce, issued)), []byte(r.PostFormValue("csrf"))), nil
}

// publicFormData is what the form template shows.
type publicFormData struct {
	Carrier     himitsu.Carrier
	Lang        string
	OtherLang   string
	Token       string
	Categories  []string
	Category    string
	Text        string
	Subscriber  string
	AskSub      bool
	Errors      map[string]string
	ErrorList   []fieldErr
	Number      string
	Status      string
	TextMax     int
	CategoryFor func(string) string
}

type fieldErr struct{ Field, Msg string }

// publicCategories are the kinds a person may choose: the complaint
// categories in the order a person thinks of them.
var publicCategories = []string{"leak-suspicion", "secrecy", "privacy", "billing", "quality", "other"}

func (s *Server) publicView(w http.ResponseWriter, r *http.Request, c *call, ca himitsu.Carrier, lang string) (*view, *publicFormData) {
	c.lang = lang
	v := s.newView(r, c, s.t("pform_title", lang), "")
	v.User = nil // the public pages never show a signed-in header
	other := "en"
	if lang == "en" {
		other = "ja"
	}
	d := &publicFormData{Carrier: ca, Lang: lang, OtherLang: other, Categories: publicCategories, Errors: map[string]string{},
		AskSub: s.cfg.PseudonymKey != nil, TextMax: publicTextMax,
		CategoryFor: func(v string) string { return s.enumLabel("ComplaintCategory", v, lang) }}
	return v, d
}

// enumLabel is an enum value's label in lang.
func (s *Server) enumLabel(group, value, lang string) string {
	if m, ok := s.enums[group][value]; ok {
		return m.in(lang)
	}
	return value
}

// issueToken sets a fresh cookie value and returns the matching token.
func (s *Server) issueToken(w http.ResponseWriter, r *http.Request, carrier string) (string, error) {
	key, err := s.publicFormKey(r.Context())
	if err != nil {
		return "", err
	}
	nonce := make([]byte, 16)
	rand.Read(nonce)
	http.SetCookie(w, &http.Cookie{Name: publicFormCookie, Value: hex.EncodeToString(nonce), Path: "/p/", MaxAge: int(publicTokenTTL.Seconds()),
		HttpOnly: true, Secure: s.cfg.SecureCookies, SameSite: http.SameSiteStrictMode})
	return publicToken(key, carrier, nonce, s.cfg.Now()), nil
}

func (s *Server) publicForm(w http.ResponseWriter, r *http.Request, c *call) error {
	ca, err := s.publicCarrier(r)
	if err != nil {
		return err
	}
	v, d := s.publicView(w, r, c, ca, publicLang(r, c))
	if d.Token, err = s.issueToken(w, r, ca.ID); err != nil {
		return err
	}
	return s.page(w, http.StatusOK, v, "desk_public", d)
}

// publicSubmit receives a complaint from the public form. It stores only
// what the person gave: the kind, the text (sealed at rest by the store)
// and, when given and a pseudonym key is configured, the pseudonym of the
// subscriber number; never the address, the browser or the time beyond
// the reception. The text is screened for leak clues on receipt.
func (s *Server) publicSubmit(w http.ResponseWriter, r *http.Request, c *call) error {
	ca, err := s.publicCarrier(r)
	if err != nil {
		return err
	}
	lang := publicLang(r, c)
	v, d := s.publicView(w, r, c, ca, lang)
	d.Category = r.PostFormValue("category")
	d.Text = strings.TrimSpace(strings.ReplaceAll(r.PostFormValue("text"), "\r\n", "\n"))
	d.Subscriber = strings.TrimSpace(r.PostFormValue("subscriber"))
	again := func(status int) error {
		for _, f := range []string{"category", "text", "subscriber"} {
			if m, ok := d.Errors[f]; ok {
				d.ErrorList = append(d.ErrorList, fieldErr{f, m})
			}
		}
		var err error
		if d.Token, err = s.issueToken(w, r, ca.ID); err != nil {
			return err
		}
		return s.page(w, status, v, "desk_public", d)
	}
	if ok, err := s.allowPublic(r); err != nil {
		return err
	} else if !ok {
		w.Header().Set("Retry-After", "30")
		d.Errors["form"] = s.t("pform_too_many", lang)
		return again(http.StatusTooManyRequests)
	}
	if ok, err := s.checkPublicToken(r, ca.ID); err != nil {
		return err
	} else if !ok {
		d.Errors["form"] = s.t("pform_expired", lang)
		return again(http.StatusForbidden)
	}
	if !slices.Contains(publicCategories, d.Category) {
		d.Errors["category"] = s.t("pform_category_need", lang)
	}
	switch n := utf8.RuneCountInString(d.Text); {
	case n == 0:
		d.Errors["text"] = s.t("pform_text_need", lang)
	case n > publicTextMax || !utf8.ValidString(d.Text):
		d.Errors["text"] = s.t("pform_text_long", lang)
	}
	if !d.AskSub {
		d.Subscriber = "" // the form did not ask for it: never stored raw
	}
	if d.Subscriber != "" && (len(d.Subscriber) > publicSubscriberMax || strings.ContainsAny(d.Subscriber, "<>\"'\x00\n")) {
		d.Errors["subscriber"] = s.t("pform_subscriber_bad", lang)
	}
	if len(d.Errors) > 0 {
		return again(http.StatusBadRequest)
	}
	now := s.cfg.Now().UTC().Truncate(time.Microsecond)
	verdict := clue.Default().Screen(d.Text)
	summary := "Webフォームで受付。自動判定: 端緒なし / Web form; screening: no clue"
	switch {
	case verdict.Clue:
		summary = fmt.Sprintf("Webフォームで受付。自動判定: 漏えいの端緒（%s） / Web form; screening: leak clue (%s)",
			clue.Default().KindName(verdict.Kind, "ja"), verdict.Kind)
	case verdict.Weak:
		summary = "Webフォームで受付。自動判定: 弱い兆候 / Web form; screening: weak signal"
	}
	cp := himitsu.Complaint{ID: receptionNumber(now), ReceivedAt: now, Channel: himitsu.ChannelWeb,
		Category: himitsu.ComplaintCategory(d.Category), Text: d.Text, Summary: summary}
	if d.Subscriber != "" {
		cp.Subscriber = himitsu.NewPseudonymizer(s.cfg.PseudonymKey).Pseudonym(d.Subscriber)
	}
	ctx := himitsu.WithAccessor(r.Context(), himitsu.Accessor{Actor: "public:complaint-form", Purpose: "complaint intake (public web form)", Tool: "himitsu serve (public form)"})
	if _, err := s.store.Complaints().Create(ctx, ca.ID, cp); err != nil {
		return err
	}
	d.Number = cp.ID
	d.Text, d.Subscriber = "", ""
	return s.page(w, http.StatusCreated, v, "desk_receipt", d)
}

// receptionNumber is the complaint's ID given to the person: the day and
// ten random base-32 characters (50 bits), so that a number cannot be
// guessed to read another person's status.
func receptionNumber(now time.Time) string {
	b := make([]byte, 7)
	rand.Read(b)
	r := base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b)[:10]
	return "W" + now.In(himitsu.Tokyo).Format("060102") + "-" + r[:5] + "-" + r[5:]
}

// publicStatus tells a person, given the reception number, whether the
// complaint was received, is being handled or is closed; nothing else.
func (s *Server) publicStatus(w http.ResponseWriter, r *http.Request, c *call) error {
	ca, err := s.publicCarrier(r)
	if err != nil {
		return err
	}
	lang := publicLang(r, c)
	v, d := s.publicView(w, r, c, ca, lang)
	v.Title = s.t("pform_status", lang)
	d.Number = strings.ToUpper(strings.TrimSpace(r.URL.Query().Get("number")))
	if d.Number != "" {
		if ok, err := s.allowPublic(r); err != nil {
			return err
		} else if !ok {
			d.Status = s.t("pform_too_many", lang)
			return s.page(w, http.StatusTooManyRequests, v, "desk_status", d)
		}
		ctx := himitsu.WithAccessor(r.Context(), himitsu.Accessor{Actor: "public:complaint-form", Purpose: "complaint status asked with its reception number", Tool: "himitsu serve (public form)"})
		got, err := s.store.Complaints().Get(ctx, ca.ID, d.Number)
		switch {
		case himitsu.ErrorKind(err) == himitsu.KindNotFound || err == nil && got.Record.Channel != himitsu.ChannelWeb:
			d.Status = s.t("pform_status_unknown", lang)
		case err != nil:
			return err
		case !got.Record.ClosedAt.IsZero():
			d.Status = s.t("pform_status_closed", lang)
		case !got.Record.FirstResponseAt.IsZero() || !got.Record.EscalatedAt.IsZero():
			d.Status = s.t("pform_status_answered", lang)
		default:
			d.Status = s.t("pform_status_received", lang)
		}
	}
	return s.page(w, http.StatusOK, v, "desk_status", d)
}

// ---- the desk queue ----

// queueItem is one complaint in the queue with both readings.
type queueItem struct {
	C         himitsu.Complaint
	Version   string
	V         clue.Verdict
	Engine    string // clue, weak, none
	Agent     string // clue, none, unknown
	Clue      bool   // either reading
	Disagree  bool
	Due       time.Time // escalation due, for an unescalated clue
	Overdue   bool
	AgeDays   int
	State     string
	KindLabel string
}

// deskRule is what the desk's record says about clues.
type deskRule struct {
	Days        int
	DaysDefault bool
	Recipient   string
	Functions   []himitsu.Function
}

func (s *Server) deskRule(c *call) (deskRule, error) {
	rec, err := s.store.Records(c.ctx, c.carrier)
	if err != nil {
		return deskRule{}, err
	}
	d := deskRule{Days: rec.Desk.EscalationDays, Recipient: rec.Desk.ClueRecipient, Functions: rec.Desk.ClueFunctions}
	if d.Days <= 0 {
		d.Days, d.DaysDefault = defaultDeskEscalationDays, true
	}
	return d, nil
}

func (s *Server) queueItem(st himitsu.Stored[himitsu.Complaint], rule deskRule, now time.Time, lang string) queueItem {
	cp := st.Record
	// Pages show Japan time, as the reception number does.
	for _, t := range []*time.Time{&cp.ReceivedAt, &cp.FirstResponseAt, &cp.EscalatedAt, &cp.ClosedAt} {
		if !t.IsZero() {
			*t = t.In(himitsu.Tokyo)
		}
	}
	it := queueItem{C: cp, Version: st.Version, Engine: "none", Agent: "unknown"}
	text := cp.Text
	if text == "" {
		text = cp.Summary
	}
	if text != "" {
		it.V = clue.Default().Screen(text)
	}
	switch {
	case it.V.Clue:
		it.Engine = "clue"
		it.KindLabel = clue.Default().KindName(it.V.Kind, lang)
	case it.V.Weak:
		it.Engine = "weak"
	}
	switch cp.LeakClue {
	case himitsu.Yes:
		it.Agent = "clue"
	case himitsu.No:
		it.Agent = "none"
	}
	it.Clue = it.V.Clue || cp.LeakClue.True()
	it.Disagree = cp.LeakClue != himitsu.Unknown && it.V.Clue != cp.LeakClue.True()
	if it.Clue && cp.EscalatedAt.IsZero() {
		it.Due = cp.ReceivedAt.Add(time.Duration(rule.Days) * 24 * time.Hour)
		it.Overdue = now.After(it.Due)
	}
	end := now
	if !cp.ClosedAt.IsZero() {
		end = cp.ClosedAt
	}
	it.AgeDays = int(end.Sub(cp.ReceivedAt).Hours() / 24)
	switch {
	case !cp.ClosedAt.IsZero():
		it.State = "desk_closed"
	case !cp.EscalatedAt.IsZero():
		it.State = "desk_escalated"
	case !cp.FirstResponseAt.IsZero():
		it.State = "desk_answered"
	default:
		it.State = "desk_new"
	}
	return it
}

// urgency orders the queue: clues not yet escalated first, by when they
// are due (overdue ones first); then other clues; then weak signals; then
// everything else, oldest first.
func urgency(it queueItem) int {
	switch {
	case it.Clue && it.C.EscalatedAt.IsZero() && it.C.ClosedAt.IsZero():
		return 0
	case it.Clue:
		return 1
	case it.Engine == "weak":
		return 2
	}
	return 3
}

func sortQueue(items []queueItem) {
	sort.SliceStable(items, func(i, j int) bool {
		a, b := items[i], items[j]
		if ua, ub := urgency(a), urgency(b); ua != ub {
			return ua < ub
		}
		if !a.Due.Equal(b.Due) {
			return a.Due.Before(b.Due)
		}
		return a.C.ReceivedAt.Before(b.C.ReceivedAt)
	})
}

type queueData struct {
	Items                   []queueItem
	Rule                    deskRule
	Show, Channel, Category string
	CluesOnly, Disagree     bool
	Channels, Categories    []string
	Truncated               bool
	PublicLink              string
}

// queueLimit bounds the complaints a queue page reads (10 API pages).
const queueLimit = 10 * himitsu.MaxPage

func (s *Server) deskQueue(w http.ResponseWriter, r *http.Request, c *call) error {
	q := r.URL.Query()
	d := queueData{Show: q.Get("show"), Channel: q.Get("channel"), Category: q.Get("category"),
		CluesOnly: q.Get("clues") == "1", Disagree: q.Get("disagree") == "1",
		Channels: himitsu.Channel("").Values(), Categories: himitsu.ComplaintCategory("").Values(),
		PublicLink: "/p/" + c.carrier + "/complaint"}
	if d.Show != "all" {
		d.Show = "open"
	}
	rule, err := s.deskRule(c)
	if err != nil {
		return err
	}
	d.Rule = rule
	o := himitsu.ListOptions{Filter: map[string]string{}, Limit: himitsu.MaxPage}
	if d.Show == "open" {
		o.Filter["closed_at"] = "none"
	}
	if slices.Contains(d.Channels, d.Channel) {
		o.Filter["channel"] = d.Channel
	}
	if slices.Contains(d.Categories, d.Category) {
		o.Filter["category"] = d.Category
	}
	now := s.cfg.Now()
	var all []himitsu.Stored[himitsu.Complaint]
	for {
		page, err := s.store.Complaints().List(c.ctx, c.carrier, o)
		if err != nil {
			return err
		}
		all = append(all, page.Items...)
		if page.Next == "" {
			break
		}
		if len(all) >= queueLimit {
			d.Truncated = true
			break
		}
		o.After = page.Next
	}
	for _, st := range all {
		it := s.queueItem(st, rule, now, c.lang)
		if d.CluesOnly && !it.Clue || d.Disagree && !it.Disagree {
			continue
		}
		d.Items = append(d.Items, it)
	}
	sortQueue(d.Items)
	v := s.newView(r, c, s.t("desk_queue", c.lang), "desk")
	return s.page(w, http.StatusOK, v, "desk", d)
}

type deskItemData struct {
	It        queueItem
	Rule      deskRule
	Functions []string
	Suggested string
	Error     string
	ErrField  string
	Rules     *clue.Rules
}

func (s *Server) deskItemPage(w http.ResponseWriter, r *http.Request, c *call, status int, errField, errMsg string) error {
	st, err := s.store.Complaints().Get(c.ctx, c.carrier, r.PathValue("id"))
	if err != nil {
		return err
	}
	rule, err := s.deskRule(c)
	if err != nil {
		return err
	}
	d := deskItemData{It: s.queueItem(st, rule, s.cfg.Now(), c.lang), Rule: rule, Functions: himitsu.Function("").Values(),
		Error: errMsg, ErrField: errField, Rules: clue.Default()}
	d.Suggested = string(st.Record.EscalatedTo)
	if d.Suggested == "" && len(rule.Functions) > 0 {
		d.Suggested = string(rule.Functions[0])
	}
	v := s.newView(r, c, st.Record.ID+" · "+s.t("desk_queue", c.lang), "desk")
	return s.page(w, status, v, "desk_item", d)
}

func (s *Server) deskItem(w http.ResponseWriter, r *http.Request, c *call) error {
	return s.deskItemPage(w, r, c, http.StatusOK, "", "")
}

// deskAct applies one action of the desk to a complaint, based on the
// version the agent saw: a complaint changed meanwhile is a conflict.
func (s *Server) deskAct(w http.ResponseWriter, r *http.Request, c *call) error {
	id := r.PathValue("id")
	st, err := s.store.Complaints().Get(c.ctx, c.carrier, id)
	if err != nil {
		return err
	}
	cp := st.Record
	now := s.cfg.Now().UTC().Truncate(time.Microsecond)
	bad := func(field, key string) error {
		return s.deskItemPage(w, r, c, http.StatusBadRequest, field, s.t(key, c.lang))
	}
	if !cp.ClosedAt.IsZero() {
		return bad("", "desk_already_closed")
	}
	switch r.PathValue("action") {
	case "respond":
		switch r.PostFormValue("leak_clue") {
		case "yes":
			cp.LeakClue = himitsu.Yes
		case "no":
			cp.LeakClue = himitsu.No
		default:
			return bad("leak_clue", "desk_reading_need")
		}
		if cp.FirstResponseAt.IsZero() {
			cp.FirstResponseAt = now
		}
	case "escalate":
		f := himitsu.Function(r.PostFormValue("escalated_to"))
		if !slices.Contains(himitsu.Function("").Values(), string(f)) {
			return bad("escalated_to", "desk_function_need")
		}
		cp.EscalatedTo, cp.EscalatedAt = f, now
		if cp.FirstResponseAt.IsZero() {
			cp.FirstResponseAt = now
		}
	case "close":
		res := strings.TrimSpace(r.PostFormValue("resolution"))
		if res == "" {
			return bad("resolution", "desk_resolution_need")
		}
		cp.Resolution, cp.ClosedAt = res, now
	default:
		return &himitsu.Error{Op: "server", Kind: himitsu.KindNotFound, Msg: "no such action", MsgJA: "その操作はない"}
	}
	if _, err := s.store.Complaints().Update(c.ctx, c.carrier, cp, r.PostFormValue("version")); err != nil {
		if himitsu.ErrorKind(err) == himitsu.KindConflict || himitsu.ErrorKind(err) == himitsu.KindInvalid {
			return s.deskItemPage(w, r, c, httpStatus(err), "", errMessage(err, c.lang))
		}
		return err
	}
	return redirect(w, r, "/c/"+c.carrier+"/desk/"+id+"?flash=desk_saved")
}

// allowPublic takes one attempt from the client address's bucket for the
// public form and status page. The bucket is the login limit's, kept in
// the database, so that every instance behind one PostgreSQL counts the
// same attempts (a per-process limiter would multiply the limit by the
// number of instances).
func (s *Server) allowPublic(r *http.Request) (bool, error) {
	return s.store.TakeLoginAttempt(r.Context(), "public-complaint "+clientAddr(r), s.cfg.Now(), s.loginEvery(), s.cfg.LoginBurst)
}
