package server

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"
)

// metrics counts requests per route pattern and status class and sums
// their durations, in the Prometheus text format. Per-pattern labels keep
// record IDs out of the series.
type metrics struct {
	mu      sync.Mutex
	count   map[[2]string]uint64 // (pattern, status class) → requests
	seconds map[string]float64   // pattern → total duration
	buckets map[string][]uint64  // pattern → cumulative histogram counts
}

// latencyBuckets are the histogram's upper bounds in seconds.
var latencyBuckets = []float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10}

func newMetrics() *metrics {
	return &metrics{count: map[[2]string]uint64{}, seconds: map[string]float64{}, buckets: map[string][]uint64{}}
}

func (m *metrics) observe(pattern string, status int, d time.Duration) {
	class := fmt.Sprintf("%dxx", status/100)
	sec := d.Seconds()
	m.mu.Lock()
	defer m.mu.Unlock()
	m.count[[2]string{pattern, class}]++
	m.seconds[pattern] += sec
	b := m.buckets[pattern]
	if b == nil {
		b = make([]uint64, len(latencyBuckets))
		m.buckets[pattern] = b
	}
	for i, ub := range latencyBuckets {
		if sec <= ub {
			b[i]++
		}
	}
}

func promLabel(s string) string {
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s)
}

func (m *metrics) write(w *strings.Builder) {
	m.mu.Lock()
	defer m.mu.Unlock()
	w.WriteString("# HELP himitsu_http_requests_total HTTP requests by route and status class.\n# TYPE himitsu_http_requests_total counter\n")
	keys := make([][2]string, 0, len(m.count))
	for k := range m.count {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b [2]string) int { return strings.Compare(a[0]+" "+a[1], b[0]+" "+b[1]) })
	for _, k := range keys {
		fmt.Fprintf(w, "himitsu_http_requests_total{route=\"%s\",code=\"%s\"} %d\n", promLabel(k[0]), k[1], m.count[k])
	}
	w.WriteString("# HELP himitsu_http_request_duration_seconds HTTP request durations by route.\n# TYPE himitsu_http_request_duration_seconds histogram\n")
	pats := make([]string, 0, len(m.seconds))
	for p := range m.seconds {
		pats = append(pats, p)
	}
	slices.Sort(pats)
	for _, p := range pats {
		var total uint64
		for k, n := range m.count {
			if k[0] == p {
				total += n
			}
		}
		for i, ub := range latencyBuckets {
			fmt.Fprintf(w, "himitsu_http_request_duration_seconds_bucket{route=\"%s\",le=\"%g\"} %d\n", promLabel(p), ub, m.buckets[p][i])
		}
		fmt.Fprintf(w, "himitsu_http_request_duration_seconds_bucket{route=\"%s\",le=\"+Inf\"} %d\n", promLabel(p), total)
		fmt.Fprintf(w, "himitsu_http_request_duration_seconds_sum{route=\"%s\"} %g\n", promLabel(p), m.seconds[p])
		fmt.Fprintf(w, "himitsu_http_request_duration_seconds_count{route=\"%s\"} %d\n", promLabel(p), total)
	}
}

func (s *Server) metricsPage(w http.ResponseWriter, r *http.Request, c *call) error {
	var b strings.Builder
	s.metrics.write(&b)
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	_, err := w.Write([]byte(b.String()))
	return err
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request, c *call) error {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, err := w.Write([]byte("ok\n"))
	return err
}

// readyz answers 200 when the database answers a query.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request, c *call) error {
	if _, err := s.store.CountUsers(r.Context()); err != nil {
		http.Error(w, "database unavailable", http.StatusServiceUnavailable)
		return nil
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, err := w.Write([]byte("ready\n"))
	return err
}
