package remind

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"mime"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/sqlstore"
	"github.com/himitsu-oss/himitsu/internal/storetest"
)

// smtpReceiver is a loopback SMTP server that keeps what it receives. It
// speaks just enough SMTP for net/smtp: EHLO with AUTH PLAIN, AUTH, MAIL,
// RCPT, DATA, QUIT.
type smtpReceiver struct {
	ln net.Listener
	// tls, when set, is offered with STARTTLS; tlsSeen records that a
	// mail came over it.
	tls     *tls.Config
	tlsSeen atomic.Int32
	mu      sync.Mutex
	mails   []receivedMail
	auths   []string
}

type receivedMail struct {
	from string
	to   []string
	data string
}

func newSMTPReceiver(t *testing.T) *smtpReceiver {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	r := &smtpReceiver{ln: ln}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go r.serve(c)
		}
	}()
	return r
}

func (r *smtpReceiver) addr() string { return r.ln.Addr().String() }

func (r *smtpReceiver) serve(c net.Conn) {
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	br := bufio.NewReader(c)
	say := func(s string) { io.WriteString(c, s+"\r\n") }
	say("220 test ESMTP")
	var m receivedMail
	secure := false
	for {
		line, err := br.ReadString('\n')
		if err != nil {
			return
		}
		line = strings.TrimRight(line, "\r\n")
		cmd := strings.ToUpper(line)
		switch {
		case strings.HasPrefix(cmd, "EHLO"):
			say("250-test")
			say("250-8BITMIME")
			if r.tls != nil && !secure {
				say("250-STARTTLS")
			}
			say("250 AUTH PLAIN")
		case cmd == "STARTTLS" && r.tls != nil:
			say("220 go ahead")
			tc := tls.Server(c, r.tls)
			if err := tc.Handshake(); err != nil {
				return
			}
			c, br, secure = tc, bufio.NewReader(tc), true
			say = func(s string) { io.WriteString(c, s+"\r\n") }
		case strings.HasPrefix(cmd, "AUTH PLAIN"):
			r.mu.Lock()
			r.auths = append(r.auths, strings.TrimSpace(line[len("AUTH PLAIN"):]))
			r.mu.Unlock()
			say("235 ok")
		case strings.HasPrefix(cmd, "MAIL FROM:"):
			m = receivedMail{from: line[len("MAIL FROM:"):]}
			say("250 ok")
		case strings.HasPrefix(cmd, "RCPT TO:"):
			m.to = append(m.to, line[len("RCPT TO:"):])
			say("250 ok")
		case cmd == "DATA":
			say("354 go on")
			var b strings.Builder
			for {
				l, err := br.ReadString('\n')
				if err != nil {
					return
				}
				if l == ".\r\n" {
					break
				}
				b.WriteString(strings.TrimPrefix(l, "."))
			}
			m.data = b.String()
			if secure {
				r.tlsSeen.Add(1)
			}
			r.mu.Lock()
			r.mails = append(r.mails, m)
			r.mu.Unlock()
			say("250 queued")
		case cmd == "QUIT":
			say("221 bye")
			return
		default:
			say("250 ok")
		}
	}
}

func (r *smtpReceiver) received() []receivedMail {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]receivedMail(nil), r.mails...)
}

// hookReceiver is an httptest webhook receiver that checks signatures.
type hookReceiver struct {
	srv    *httptest.Server
	secret string
	down   atomic.Bool // answer 503
	fails  atomic.Int32
	mu     sync.Mutex
	posts  []Payload
	bad    []string
	hits   atomic.Int32
}

func newHookReceiver(t *testing.T, secret string) *hookReceiver {
	h := &hookReceiver{secret: secret}
	h.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.hits.Add(1)
		if h.down.Load() || h.fails.Add(-1) >= 0 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		body, _ := io.ReadAll(r.Body)
		h.mu.Lock()
		defer h.mu.Unlock()
		// The reminders' clock is the test's (2025); the timestamp is
		// the wall clock's.
		if err := Verify(h.secret, r.Header.Get(HeaderTimestamp), r.Header.Get(HeaderSignature), body, time.Now(), time.Minute); err != nil || r.Method != "POST" {
			h.bad = append(h.bad, fmt.Sprint(err))
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		var p Payload
		if err := json.Unmarshal(body, &p); err != nil || r.Header.Get(HeaderDelivery) != p.ID {
			h.bad = append(h.bad, string(body))
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		if strings.Contains(string(body), "sub_") {
			h.bad = append(h.bad, "subscriber pseudonym in "+string(body))
		}
		h.posts = append(h.posts, p)
	}))
	t.Cleanup(h.srv.Close)
	return h
}

func (h *hookReceiver) received() []Payload {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]Payload(nil), h.posts...)
}

func day(s string) himitsu.Date {
	d, err := himitsu.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// board is a fixed board on 2025-05-08: one late duty, one due today,
// one due in two days, one in ten days and one done.
func board(ctx context.Context, carrierID string, now time.Time) (himitsu.Board, error) {
	asOf := himitsu.DateOf(now)
	mk := func(key string, due himitsu.Date, done himitsu.Date) himitsu.DueItem {
		st, late := himitsu.DueStateOf(due, done, asOf, 3)
		return himitsu.DueItem{Key: key, Kind: himitsu.DueReport, Due: due, Firm: true, DoneOn: done, State: st, DaysLate: late,
			What:     himitsu.Text{JA: "電気通信事業法第28条の報告（詳細報告）", EN: "TBA Art. 28 report (detailed)"},
			Basis:    himitsu.Text{JA: "電気通信事業法第28条第1項", EN: "TBA Art. 28(1)"},
			Register: "incidents", Record: "inc-1", Incident: "inc-1", Source: "test",
			// A careless source could let a pseudonym through; it must not leave.
			HowComputed: himitsu.Text{JA: "利用者 sub_0123456789abcdef0123456789abcdef の苦情から", EN: "from sub_0123456789abcdef0123456789abcdef's complaint"}}
	}
	items := []himitsu.DueItem{
		mk("test/late", day("2025-05-07"), himitsu.Date{}),
		mk("test/today", day("2025-05-08"), himitsu.Date{}),
		mk("test/soon", day("2025-05-10"), himitsu.Date{}),
		mk("test/later", day("2025-05-18"), himitsu.Date{}),
		mk("test/done", day("2025-05-01"), day("2025-04-30")),
	}
	return himitsu.NewBoard(asOf, 3, items), nil
}

type fixture struct {
	store *sqlstore.Store
	mail  *smtpReceiver
	hook  *hookReceiver
	logs  *syncBuffer
	now   atomic.Pointer[time.Time]
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

var engines = []struct {
	name string
	dsn  func(t *testing.T) string
}{
	{"sqlite", func(t *testing.T) string { return filepath.Join(t.TempDir(), "himitsu.db") }},
	{"postgres", func(t *testing.T) string { return storetest.PostgresDSN(t) }},
}

func newFixture(t *testing.T, dsn string) *fixture {
	t.Helper()
	ctx := context.Background()
	st, err := sqlstore.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	rec, ev := storetest.Fixture("a")
	if _, err := st.Replace(himitsu.WithAccessor(ctx, himitsu.Accessor{Actor: "test", Purpose: "fixture"}), rec, ev); err != nil {
		t.Fatal(err)
	}
	f := &fixture{store: st, mail: newSMTPReceiver(t), hook: newHookReceiver(t, "a-shared-secret-of-some-length"), logs: &syncBuffer{}}
	now := time.Date(2025, 5, 8, 9, 0, 0, 0, himitsu.Tokyo)
	f.now.Store(&now)
	return f
}

func (f *fixture) advance(d time.Duration) {
	n := f.now.Load().Add(d)
	f.now.Store(&n)
}

// reminders is one instance (a process) over the fixture's store.
func (f *fixture) reminders(instance string) *Reminders {
	cfg := Config{Every: time.Hour, RetryAfter: 10 * time.Minute, Instance: instance, BaseURL: "https://himitsu.example.jp",
		Now: func() time.Time { return *f.now.Load() }, Logger: slog.New(slog.NewTextHandler(f.logs, nil))}
	mail := MailChannel{Config: MailConfig{Addr: f.mail.addr(), From: "himitsu@example.jp", To: []string{"privacy@example.jp"},
		Username: "himitsu", Password: "secret", Timeout: 5 * time.Second}}
	hook := WebhookChannel{Config: WebhookConfig{URL: f.hook.srv.URL, Secret: f.hook.secret, Timeout: 5 * time.Second, Attempts: 2, Backoff: 10 * time.Millisecond}}
	return New(cfg, f.store, board, mail, hook)
}

func logReminders(s string) int { return strings.Count(s, `msg="deadline reminder"`) }

// TestOnceAcrossInstancesAndRestarts: two instances ticking at once, and
// a restarted one, send each reminder once per channel.
func TestOnceAcrossInstancesAndRestarts(t *testing.T) {
	for _, eng := range engines {
		t.Run(eng.name, func(t *testing.T) {
			f := newFixture(t, eng.dsn(t))
			ctx := context.Background()
			a, b := f.reminders("instance-a"), f.reminders("instance-b")
			var wg sync.WaitGroup
			for _, r := range []*Reminders{a, b, a, b} {
				wg.Add(1)
				go func() {
					defer wg.Done()
					if err := r.Tick(ctx); err != nil {
						t.Error(err)
					}
				}()
			}
			wg.Wait()
			// A restart: a new process with a new instance name.
			f.advance(time.Hour)
			if err := f.reminders("instance-c").Tick(ctx); err != nil {
				t.Fatal(err)
			}
			mails, posts := f.mail.received(), f.hook.received()
			if len(mails) != 3 || len(posts) != 3 || logReminders(f.logs.String()) != 3 {
				t.Fatalf("sent %d mails, %d posts, %d log lines; want 3 of each (late, due today, due in 2 days)\n%s", len(mails), len(posts), logReminders(f.logs.String()), f.logs.String())
			}
			got := map[string]string{}
			for _, p := range posts {
				got[p.Item.Key] = p.Threshold
			}
			want := map[string]string{"test/late": ThresholdLate, "test/today": ThresholdDue, "test/soon": ThresholdBefore}
			for k, v := range want {
				if got[k] != v {
					t.Errorf("item %s: threshold %q, want %q", k, got[k], v)
				}
			}
			if len(f.hook.bad) > 0 {
				t.Errorf("the webhook receiver refused or flagged: %v", f.hook.bad)
			}
			// The next day: the duty due yesterday is late (a new
			// threshold, one new reminder); the "soon" one had its
			// "before" reminder and the late one its "late": nothing more.
			f.advance(24 * time.Hour)
			if err := a.Tick(ctx); err != nil {
				t.Fatal(err)
			}
			if n := len(f.mail.received()); n != 4 {
				// 2025-05-09: test/today is now late (a new threshold).
				t.Errorf("after a day: %d mails, want 4 (the duty due yesterday is now late)", n)
			}
		})
	}
}

// TestMailContent checks the mail: encoded Japanese subject, UTF-8 body
// in both languages, authentication, and no subscriber pseudonym.
func TestMailContent(t *testing.T) {
	f := newFixture(t, engines[0].dsn(t))
	if err := f.reminders("i").Tick(context.Background()); err != nil {
		t.Fatal(err)
	}
	mails := f.mail.received()
	if len(mails) == 0 {
		t.Fatal("no mail")
	}
	var late receivedMail
	for _, m := range mails {
		if strings.Contains(m.data, "test/late") {
			late = m
		}
	}
	head, body, ok := strings.Cut(late.data, "\r\n\r\n")
	if !ok {
		t.Fatalf("no header/body split in %q", late.data)
	}
	var subject string
	for _, l := range strings.Split(head, "\r\n") {
		if s, ok := strings.CutPrefix(l, "Subject: "); ok {
			subject = s
		}
	}
	if !strings.HasPrefix(subject, "=?UTF-8?b?") && !strings.HasPrefix(subject, "=?utf-8?b?") {
		t.Errorf("subject %q is not RFC 2047 encoded", subject)
	}
	dec, err := new(mime.WordDecoder).DecodeHeader(subject)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"期限超過", "電気通信事業法第28条の報告（詳細報告）", "Late", "TBA Art. 28 report (detailed)", "inc-1"} {
		if !strings.Contains(dec, want) {
			t.Errorf("subject %q lacks %q", dec, want)
		}
	}
	if !strings.Contains(head, "Content-Type: text/plain; charset=UTF-8") || !strings.Contains(head, "Content-Transfer-Encoding: base64") {
		t.Errorf("headers %q", head)
	}
	raw, err := base64.StdEncoding.DecodeString(strings.ReplaceAll(body, "\r\n", ""))
	if err != nil {
		t.Fatal(err)
	}
	text := string(raw)
	for _, want := range []string{"事業者：", "期限：2025-05-07（1日超過）", "根拠：電気通信事業法第28条第1項", "Due: 2025-05-07 (1 days late)", "Legal basis: TBA Art. 28(1)",
		"https://himitsu.example.jp/c/a/deadlines"} {
		if !strings.Contains(text, want) {
			t.Errorf("body lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(late.data+text, "sub_") {
		t.Error("the mail carries a subscriber pseudonym")
	}
	if len(f.mail.auths) == 0 {
		t.Error("the mail was sent without authenticating")
	}
	if !strings.Contains(late.from, "himitsu@example.jp") || len(late.to) != 1 || !strings.Contains(late.to[0], "privacy@example.jp") {
		t.Errorf("envelope from %q to %v", late.from, late.to)
	}
}

// TestReceiverDown: with the mail server and the webhook down, the
// failure is logged, nothing is marked sent, nothing is retried before
// its time, and everything arrives once the receivers are back.
func TestReceiverDown(t *testing.T) {
	for _, eng := range engines {
		t.Run(eng.name, func(t *testing.T) {
			f := newFixture(t, eng.dsn(t))
			ctx := context.Background()
			addr := f.mail.addr()
			f.mail.ln.Close()
			f.hook.down.Store(true)
			r := f.reminders("i")
			if err := r.Tick(ctx); err != nil {
				t.Fatal(err)
			}
			// Each channel fails once and is not tried again in this
			// tick; the log lines, which need no receiver, all go out.
			logs := f.logs.String()
			if strings.Count(logs, "will retry") != 2 || !strings.Contains(logs, "channel=email") || !strings.Contains(logs, "channel=webhook") {
				t.Errorf("failures not logged (want 2, one a channel):\n%s", logs)
			}
			hits := f.hook.hits.Load()
			if hits != 2 {
				t.Errorf("webhook tried %d times, want 2 (one reminder × 2 attempts)", hits)
			}
			if n := logReminders(logs); n != 3 {
				t.Errorf("%d log reminders while the receivers are down, want 3", n)
			}
			k := sqlstore.ReminderKey{Carrier: "a", Item: "test/late", Threshold: ThresholdLate, Channel: "webhook"}
			if st, err := f.store.Reminder(ctx, k); err != nil || st.Sent || st.Attempts != 1 || !strings.Contains(st.LastError, "503") {
				t.Errorf("after a failure: %+v %v", st, err)
			}
			// Too early: the failed reminder is not tried again (the
			// next one, never claimed, is, and fails in its turn).
			f.advance(5 * time.Minute)
			if err := r.Tick(ctx); err != nil {
				t.Fatal(err)
			}
			if st, err := f.store.Reminder(ctx, k); err != nil || st.Attempts != 1 {
				t.Errorf("retried before retry_at: %+v %v", st, err)
			}
			// Back up, after the retry time: each arrives, once.
			ln, err := net.Listen("tcp", addr)
			if err != nil {
				t.Skipf("cannot listen again on %s: %v", addr, err)
			}
			f.mail.ln = ln
			go func() {
				for {
					c, err := ln.Accept()
					if err != nil {
						return
					}
					go f.mail.serve(c)
				}
			}()
			t.Cleanup(func() { ln.Close() })
			f.hook.down.Store(false)
			f.advance(10 * time.Minute)
			for range 2 {
				if err := r.Tick(ctx); err != nil {
					t.Fatal(err)
				}
			}
			if n, m := len(f.hook.received()), len(f.mail.received()); n != 3 || m != 3 {
				t.Errorf("after the receivers came back: %d posts, %d mails; want 3 each", n, m)
			}
			if st, err := f.store.Reminder(ctx, k); err != nil || !st.Sent || st.Attempts != 2 || st.LastError != "" {
				t.Errorf("after delivery: %+v %v", st, err)
			}
			if n := logReminders(f.logs.String()); n != 3 {
				t.Errorf("%d log reminders, want 3 (the log channel never fails)", n)
			}
		})
	}
}

// TestWebhookRetriesWithinASend: two 503s, then delivery, in one send.
func TestWebhookRetriesWithinASend(t *testing.T) {
	h := newHookReceiver(t, "a-shared-secret-of-some-length")
	h.fails.Store(2)
	wc := WebhookChannel{Config: WebhookConfig{URL: h.srv.URL, Secret: h.secret, Attempts: 3, Backoff: 5 * time.Millisecond}}
	b, _ := board(context.Background(), "a", time.Date(2025, 5, 8, 9, 0, 0, 0, himitsu.Tokyo))
	m := message(himitsu.Carrier{ID: "a", Name: "テスト通信"}, b.Items[0], ThresholdLate, b.AsOf, "")
	if err := wc.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	if h.hits.Load() != 3 || len(h.received()) != 1 {
		t.Errorf("hits %d, received %d; want 3 and 1", h.hits.Load(), len(h.received()))
	}
	// A wrong secret is refused by the receiver and reported.
	wc.Config.Secret = "another-secret-of-some-length"
	if err := wc.Send(context.Background(), m); err == nil || !strings.Contains(err.Error(), "401") {
		t.Errorf("wrong secret: got %v, want a 401 error", err)
	}
}

func TestThreshold(t *testing.T) {
	asOf := day("2025-05-08")
	tests := []struct {
		name  string
		due   string
		state himitsu.DueState
		want  string
	}{
		{"late", "2025-05-01", himitsu.DueLate, ThresholdLate},
		{"due today", "2025-05-08", himitsu.DueSoon, ThresholdDue},
		{"three days before", "2025-05-11", himitsu.DueSoon, ThresholdBefore},
		{"four days before", "2025-05-12", himitsu.DueUpcoming, ""},
		{"done", "2025-05-08", himitsu.DueDone, ""},
		{"done late", "2025-05-01", himitsu.DueDoneLate, ""},
		// A duty "without delay" past its target but not yet late.
		{"past target, running", "2025-05-06", himitsu.DueSoon, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := threshold(himitsu.DueItem{Due: day(tc.due), State: tc.state}, asOf, 3); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestConfigChecks(t *testing.T) {
	if err := (MailConfig{Addr: "mail", From: "a@b.jp", To: []string{"c@d.jp"}}).Check(); err == nil || !strings.Contains(err.Error(), "smtp-addr") {
		t.Errorf("bad addr: %v", err)
	}
	if err := (MailConfig{Addr: "mail:587", From: "a@b.jp"}).Check(); err == nil || !strings.Contains(err.Error(), "smtp-to") {
		t.Errorf("no recipient: %v", err)
	}
	if err := (WebhookConfig{URL: "ftp://x", Secret: strings.Repeat("s", 16)}).Check(); err == nil || !strings.Contains(err.Error(), "webhook-url") {
		t.Errorf("bad url: %v", err)
	}
	if err := (WebhookConfig{URL: "https://x.example/h", Secret: "short"}).Check(); err == nil || !strings.Contains(err.Error(), "webhook-secret") {
		t.Errorf("short secret: %v", err)
	}
}

// selfSigned makes a certificate for 127.0.0.1 and a client
// configuration that trusts it.
func selfSigned(t *testing.T) (server, client *tls.Config) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}},
		&tls.Config{RootCAs: pool, ServerName: "127.0.0.1", MinVersion: tls.VersionTLS12}
}

// TestMailStartTLS: with StartTLS the mail goes over TLS; a server that
// does not offer it is an error, not a plain-text fallback.
func TestMailStartTLS(t *testing.T) {
	srvTLS, cliTLS := selfSigned(t)
	r := newSMTPReceiver(t)
	r.tls = srvTLS
	b, _ := board(context.Background(), "a", time.Date(2025, 5, 8, 9, 0, 0, 0, himitsu.Tokyo))
	m := message(himitsu.Carrier{ID: "a", Name: "テスト通信"}, b.Items[0], ThresholdLate, b.AsOf, "")
	mc := MailChannel{Config: MailConfig{Addr: r.addr(), From: "himitsu@example.jp", To: []string{"privacy@example.jp"},
		StartTLS: true, TLSConfig: cliTLS, Username: "himitsu", Password: "secret", Timeout: 5 * time.Second}}
	if err := mc.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	if len(r.received()) != 1 || r.tlsSeen.Load() != 1 {
		t.Errorf("received %d, over TLS %d; want 1 and 1", len(r.received()), r.tlsSeen.Load())
	}
	plain := newSMTPReceiver(t)
	mc.Config.Addr = plain.addr()
	if err := mc.Send(context.Background(), m); err == nil || !strings.Contains(err.Error(), "STARTTLS") {
		t.Errorf("a server without STARTTLS: got %v, want an error", err)
	}
	if len(plain.received()) != 0 {
		t.Error("the mail went out in plain text")
	}
}

func TestVerify(t *testing.T) {
	secret, body := "a-shared-secret-of-some-length", []byte(`{"event":"deadline.reminder"}`)
	now := time.Unix(1_800_000_000, 0)
	ts := strconv.FormatInt(now.Unix(), 10)
	sig := Sign(secret, now.Unix(), body)
	tests := []struct {
		name, secret, ts, sig string
		body                  []byte
		at                    time.Time
		want                  string // part of the error; "" for none
	}{
		{"good", secret, ts, sig, body, now, ""},
		{"a minute later", secret, ts, sig, body, now.Add(time.Minute), ""},
		{"replayed an hour later", secret, ts, sig, body, now.Add(time.Hour), HeaderTimestamp},
		{"from the future", secret, ts, sig, body, now.Add(-time.Hour), HeaderTimestamp},
		{"body changed", secret, ts, sig, []byte(`{"event":"other"}`), now, HeaderSignature},
		{"timestamp changed", secret, strconv.FormatInt(now.Unix()+1, 10), sig, body, now, HeaderSignature},
		{"other secret", "another-secret-of-some-length", ts, sig, body, now, HeaderSignature},
		{"no timestamp", secret, "", sig, body, now, HeaderTimestamp},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := Verify(tc.secret, tc.ts, tc.sig, tc.body, tc.at, 5*time.Minute)
			if tc.want == "" && err != nil || tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)) {
				t.Errorf("got %v, want %q", err, tc.want)
			}
		})
	}
}
