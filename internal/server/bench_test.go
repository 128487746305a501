package server

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"syscall"
	"testing"
	"time"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/auth"
	"github.com/himitsu-oss/himitsu/internal/sqlstore"
	"github.com/himitsu-oss/himitsu/internal/storetest"
)

// go test ./internal/server -run '^$' -bench . -benchtime 2s -bench.events 10000000 -bench.db /tmp/bench-10m.db
var benchEvents = flag.Int("bench.events", 100000, "access events in the benchmark carrier")

// benchDB keeps the benchmark's database: when the file exists it is
// opened as it is (its migrations applied) instead of loaded again, so
// that several runs on 10 M events share one load.
var benchDB = flag.String("bench.db", "", "SQLite file of the benchmark carrier, reused when it exists")

// synthEvents is an EventSource of n access events of the fixture carrier,
// in ID order, one second apart, over 997 subscribers. Most events have
// the same person, data set and purpose; the rare ones are what a filter
// looks for: person per-2 did the first 0.1% of the events only (far from
// the end of the ID order, where a newest-first list starts), data set
// ds-location is read once in 10,000 events and purpose pur-fraud once in
// 1,000, spread over the log.
type synthEvents struct{ n int }

func (s synthEvents) AccessEvents(ctx context.Context, fn func(*himitsu.AccessEvent) error) error {
	base := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range s.n {
		e := himitsu.AccessEvent{Account: "acc-1", Person: "per-1", DataSet: "ds-cdr", Action: "read", Purpose: "pur-billing", Records: 1}
		if i < s.n/1000 {
			e.Person = "per-2"
		}
		if i%10000 == 5000 {
			e.DataSet = "ds-location"
		}
		if i%1000 == 500 {
			e.Purpose = "pur-fraud"
		}
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
	path, reuse := *benchDB, false
	if path == "" {
		path = filepath.Join(b.TempDir(), "bench.db")
	} else if _, err := os.Stat(path); err == nil {
		reuse = true
	}
	start := time.Now()
	st, err := sqlstore.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	if applied := st.AppliedAtOpen(); len(applied) > 0 {
		b.Logf("migrations %v applied in %v", applied, time.Since(start).Round(time.Millisecond))
	}
	actx := himitsu.WithAccessor(ctx, himitsu.Accessor{Actor: "bench", Purpose: "benchmark"})
	if !reuse {
		rec, _ := storetest.Fixture("a")
		// The rare data set and purpose of synthEvents.
		ds, pur := rec.DataSets[0], rec.Purposes[0]
		ds.ID, pur.ID = "ds-location", "pur-fraud"
		rec.DataSets, rec.Purposes = append(rec.DataSets, ds), append(rec.Purposes, pur)
		start := time.Now()
		if _, err := st.Replace(actx, rec, synthEvents{*benchEvents}); err != nil {
			b.Fatal(err)
		}
		b.Logf("loaded %d events in %v", *benchEvents, time.Since(start).Round(time.Millisecond))
	}
	cfg := Defaults()
	cfg.Password = auth.TestParams()
	cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	srv, err := New(cfg, st)
	if err != nil {
		b.Fatal(err)
	}
	u, err := srv.CreateUser(ctx, NewUser{Name: fmt.Sprintf("bench-%d", time.Now().UnixNano()), Password: "a long enough password", Role: himitsu.RoleAdmin, Lang: "ja", Carriers: []string{"a"}})
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
		{"page/events-person", "/c/a/access_events?f.person=per-2"},
		{"page/events-dataset", "/c/a/access_events?f.dataset=ds-location"},
		{"page/events-purpose", "/c/a/access_events?f.purpose=pur-fraud"},
		{"page/events-subscriber", "/c/a/access_events?f.subscriber=" + fmt.Sprintf("sub_%032x", 7)},
		{"page/persons", "/c/a/persons"},
		{"page/grants", "/c/a/grants"},
		{"api/complaints", "/api/v1/carriers/a/complaints"},
		{"api/complaint", "/api/v1/carriers/a/complaints/cmp-1"},
		{"api/events-first", "/api/v1/carriers/a/access_events?limit=100"},
		{"api/events-deep", "/api/v1/carriers/a/access_events?limit=100&after=" + mid},
		{"api/events-dataset", "/api/v1/carriers/a/access_events?limit=100&f.dataset=ds-location&order=desc"},
		{"api/events-person", "/api/v1/carriers/a/access_events?limit=100&f.person=per-2&order=desc"},
		{"api/events-purpose", "/api/v1/carriers/a/access_events?limit=100&f.purpose=pur-fraud&order=desc"},
		{"api/events-subscriber", "/api/v1/carriers/a/access_events?limit=100&order=desc&f.subscriber=" + fmt.Sprintf("sub_%032x", 7)},
		{"api/persons", "/api/v1/carriers/a/persons"},
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
			cpu0 := cpuTime()
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
			reportLatency(b, lat, cpuTime()-cpu0)
		})
		b.Run(ep.name+"/loopback", func(b *testing.B) {
			lat := make([]time.Duration, 0, b.N)
			cpu0 := cpuTime()
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
			reportLatency(b, lat, cpuTime()-cpu0)
		})
	}
}

// cpuTime is the CPU time (user and system) of the process so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportLatency reports requests per second, the 99th percentile and the
// process's CPU time per request (cpu-ms: steadier than wall time on a
// shared machine; it counts the client's side too over loopback).
func reportLatency(b *testing.B, lat []time.Duration, cpu time.Duration) {
	if len(lat) == 0 {
		return
	}
	b.ReportMetric(float64(cpu.Microseconds())/1000/float64(len(lat)), "cpu-ms")
	slices.Sort(lat)
	var sum time.Duration
	for _, d := range lat {
		sum += d
	}
	p99 := lat[(len(lat)*99)/100]
	b.ReportMetric(float64(p99.Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(len(lat))/sum.Seconds(), "req/s")
}
