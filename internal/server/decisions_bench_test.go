package server

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/auth"
	"github.com/himitsu-oss/himitsu/internal/decide"
	"github.com/himitsu-oss/himitsu/internal/sqlstore"
)

// BenchmarkDecisions is the decision endpoint's server time: the handler
// called in process by 16 goroutines per core (so the audit log's group
// commit fills as under concurrent clients), on SQLite, the decide
// fixture, one request per call. Over HTTP against OPA: bench/anchors
// BenchmarkP7. For a profile of the request path:
//
//	go test ./internal/server -run '^$' -bench Decisions -benchtime 20000x -cpuprofile cpu.out
func BenchmarkDecisions(b *testing.B) {
	ctx := context.Background()
	st, err := sqlstore.Open(ctx, filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	rec, subs := decisionRecords()
	if _, err := st.Replace(himitsu.WithAccessor(ctx, himitsu.Accessor{Actor: "bench", Purpose: "benchmark"}), rec, &himitsu.EventSlices{}); err != nil {
		b.Fatal(err)
	}
	cfg := Defaults()
	cfg.Password = auth.TestParams()
	cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	_, opt, _ := decide.Fixture()
	cfg.Decide = opt
	srv, err := New(cfg, st)
	if err != nil {
		b.Fatal(err)
	}
	u, err := srv.CreateUser(ctx, NewUser{Name: "bench", Password: "a long enough password", Role: himitsu.RoleEngineer, Lang: "en", Carriers: []string{"a"}})
	if err != nil {
		b.Fatal(err)
	}
	tok := auth.NewSecret("hmt_")
	if _, err := st.CreateToken(ctx, himitsu.APIToken{UserID: u.ID, Name: "bench", Prefix: tok[:8], Hash: auth.HashSecret(tok), Scope: himitsu.TokenWrite}); err != nil {
		b.Fatal(err)
	}
	h := srv.Handler()
	body := `{"person":"P1","dataset":"cdr","elements":["cell_id"],"purpose":"ads","subjects":["` + subs[1] + `"],"at":"2026-06-15T10:00:00Z"}`
	b.SetParallelism(16)
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req := httptest.NewRequest("POST", "/api/v1/carriers/a/decisions", strings.NewReader(body))
			req.Header.Set("Authorization", "Bearer "+tok)
			w := httptest.NewRecorder()
			h.ServeHTTP(w, req)
			if w.Code != 200 || !strings.Contains(w.Body.String(), `"allow":true`) {
				b.Fatalf("got %d %s, want an allowed decision", w.Code, w.Body)
			}
		}
	})
}
