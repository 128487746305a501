package server

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/auth"
	"github.com/himitsu-oss/himitsu/internal/sqlstore"
	"github.com/himitsu-oss/himitsu/internal/storetest"
)

// go test ./internal/server -run '^$' -bench . -benchtime 2s -bench.events 10000000
var benchEvents = flag.Int("bench.events", 100000, "access events in the benchmark carrier")

// synthEvents is an EventSource of n access events of the fixture carrier,
// in ID order, one subscriber in a thousand marked rare.
type synthEvents struct{ n int }

func (s synthEvents) AccessEvents(ctx context.Context, fn func(*himitsu.AccessEvent) error) error {
	base := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	e := himitsu.AccessEvent{Account: "acc-1", Person: "per-1", DataSet: "ds-cdr", Action: "read", Purpose: "pur-billing", Records: 1}
	for i := range s.n {
		e.ID = fmt.Sprintf("ev-%09d", i)
		e.At = base.Add(time.Duration(i) * time.Second)
		e.Subscriber = fmt.Sprintf("sub_%032x", i%997)
		if err := fn(&e); err != nil {
			return err
		}
	}
	return ctx.Err()
}

func (synthEvents) EntryLogs(context.Context, func(*himitsu.EntryLog) error) error { return nil }

// benchEnv is a server over a SQLite carrier with *benchEvents events.
func benchEnv(b *testing.B) (*Server, *http.Cookie, string) {
	b.Helper()
	ctx := context.Background()
	st, err := sqlstore.Open(ctx, filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	actx := himitsu.WithAccessor(ctx, himitsu.Accessor{Actor: "bench", Purpose: "benchmark"})
	rec, _ := storetest.Fixture("a")
	start := time.Now()
	if _, err := st.Replace(actx, rec, synthEvents{*benchEvents}); err != nil {
		b.Fatal(err)
	}
	b.Logf("loaded %d events in %v", *benchEvents, time.Since(start).Round(time.Millisecond))
	cfg := Defaults()
	cfg.Password = auth.TestParams()
	cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	srv, err := New(cfg, st)
	if err != nil {
		b.Fatal(err)
	}
	u, err := srv.CreateUser(ctx, NewUser{Name: "bench", Password: "a long enough password", Role: himitsu.RoleAdmin, Lang: "ja", Carriers: []string{"a"}})
	if err != nil {
		b.Fatal(err)
	}
	secret, tok := auth.NewSecret("hms_"), auth.NewSecret("hmt_")
	now := time.Now().UTC()
	if err := st.CreateSession(ctx, himitsu.Session{Hash: auth.HashSecret(secret), UserID: u.ID, CSRF: "x", CreatedAt: now, ExpiresAt: now.Add(time.Hour)}); err != nil {
		b.Fatal(err)
	}
	if _, err := st.CreateToken(ctx, himitsu.APIToken{UserID: u.ID, Name: "bench", Prefix: tok[:8], Hash: auth.HashSecret(tok), Scope: himitsu.TokenRead}); err != nil {
		b.Fatal(err)
	}
	// One assessment for the dashboard.
	if _, err := st.SaveRun(actx, himitsu.AssessmentRun{CarrierID: "a", Actor: "bench", Assessment: &himitsu.Assessment{AsOf: himitsu.Date{Year: 2025, Month: 6, Day: 1}, Judgement: himitsu.Judgement{Overall: "advice"}}}); err != nil {
		b.Fatal(err)
	}
	return srv, &http.Cookie{Name: sessionCookie, Value: secret}, tok
}

type endpoint struct{ name, path string }

func benchEndpoints(n int) []endpoint {
	mid := fmt.Sprintf("ev-%09d", n/2)
	return []endpoint{
		{"page/dashboard", "/c/a/"},
		{"page/complaints", "/c/a/complaints"},
		{"page/complaint", "/c/a/complaints/cmp-1"},
		{"page/events-first", "/c/a/access_events"},
		{"page/events-deep", "/c/a/access_events?after=" + mid},
		{"page/events-last-day", "/c/a/access_events?from=2025-01-02&to=2025-01-02"},
		{"api/complaints", "/api/v1/carriers/a/complaints"},
		{"api/complaint", "/api/v1/carriers/a/complaints/cmp-1"},
		{"api/events-first", "/api/v1/carriers/a/access_events?limit=100"},
		{"api/events-deep", "/api/v1/carriers/a/access_events?limit=100&after=" + mid},
		{"api/events-dataset", "/api/v1/carriers/a/access_events?limit=100&f.dataset=ds-cdr"},
		{"api/events-last-day", "/api/v1/carriers/a/access_events?limit=100&order=desc&from=2025-01-02&to=2025-01-02"},
	}
}

// BenchmarkEndpoints measures each endpoint in process (the handler
// alone: server time) and over loopback HTTP (the real client path), and
// reports requests per second and the 99th percentile latency of each.
func BenchmarkEndpoints(b *testing.B) {
	srv, ck, tok := benchEnv(b)
	h := srv.Handler()
	hs := httptest.NewServer(h)
	b.Cleanup(hs.Close)
	client := hs.Client()
	for _, ep := range benchEndpoints(*benchEvents) {
		auth := func(req *http.Request) {
			if ep.name[:3] == "api" {
				req.Header.Set("Authorization", "Bearer "+tok)
			} else {
				req.AddCookie(ck)
			}
		}
		b.Run(ep.name+"/inproc", func(b *testing.B) {
			lat := make([]time.Duration, 0, b.N)
			for b.Loop() {
				req := httptest.NewRequest("GET", ep.path, nil)
				auth(req)
				w := httptest.NewRecorder()
				t0 := time.Now()
				h.ServeHTTP(w, req)
				lat = append(lat, time.Since(t0))
				if w.Code != 200 {
					b.Fatalf("%s: %d", ep.path, w.Code)
				}
			}
			reportLatency(b, lat)
		})
		b.Run(ep.name+"/loopback", func(b *testing.B) {
			lat := make([]time.Duration, 0, b.N)
			for b.Loop() {
				req, _ := http.NewRequest("GET", hs.URL+ep.path, nil)
				auth(req)
				t0 := time.Now()
				resp, err := client.Do(req)
				if err != nil {
					b.Fatal(err)
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				lat = append(lat, time.Since(t0))
				if resp.StatusCode != 200 {
					b.Fatalf("%s: %d", ep.path, resp.StatusCode)
				}
			}
			reportLatency(b, lat)
		})
	}
}

func reportLatency(b *testing.B, lat []time.Duration) {
	if len(lat) == 0 {
		return
	}
	slices.Sort(lat)
	var sum time.Duration
	for _, d := range lat {
		sum += d
	}
	p99 := lat[(len(lat)*99)/100]
	b.ReportMetric(float64(p99.Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(len(lat))/sum.Seconds(), "req/s")
}
