package server

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/assess"
	"github.com/himitsu-oss/himitsu/internal/sqlstore"
	"github.com/himitsu-oss/himitsu/internal/storetest"
)

// The fixture's leak inc-1 was known on 2025-04-05; its detailed report
// (not filed) was due 30 days later, 2025-05-05, moved past Children's
// Day and the substitute holiday of 6 May to 2025-05-07.
const fixtureDetailed = "assess/incidents/inc-1/tba-28/detailed"

func TestDeadlinesAPI(t *testing.T) {
	for _, eng := range engines {
		t.Run(eng.name, func(t *testing.T) {
			e := newEnv(t, eng.dsn(t))
			call := func(role himitsu.Role, path string) (int, []byte) {
				req := httptest.NewRequest("GET", path, nil)
				req.Header.Set("Authorization", "Bearer "+e.tokens[role])
				w := e.do(req)
				return w.Code, w.Body.Bytes()
			}
			for _, role := range himitsu.Roles {
				code, body := call(role, "/api/v1/carriers/a/deadlines?as_of=2025-05-08")
				if code != http.StatusOK {
					t.Fatalf("%s: got %d %s", role, code, body)
				}
				var b himitsu.Board
				if err := json.Unmarshal(body, &b); err != nil {
					t.Fatal(err)
				}
				if b.AsOf.String() != "2025-05-08" || len(b.Items) == 0 {
					t.Fatalf("%s: board %+v", role, b)
				}
				first := b.Items[0]
				if first.Key != fixtureDetailed || first.State != himitsu.DueLate || first.Due.String() != "2025-05-07" || first.DaysLate != 1 {
					t.Errorf("%s: first item %+v, want the late detailed report due 2025-05-07", role, first)
				}
				if b.Late != 1 {
					t.Errorf("%s: %d late, want 1", role, b.Late)
				}
				if strings.Contains(string(body), "sub_") {
					t.Errorf("%s: the board names a subscriber", role)
				}
			}
			// By due day alone: the earliest first.
			_, body := call(himitsu.RoleAuditor, "/api/v1/carriers/a/deadlines?as_of=2025-05-08&sort=due")
			var b himitsu.Board
			if err := json.Unmarshal(body, &b); err != nil {
				t.Fatal(err)
			}
			for i := 1; i < len(b.Items); i++ {
				if b.Items[i].Due.Before(b.Items[i-1].Due) {
					t.Errorf("sort=due: %s before %s", b.Items[i-1].Due, b.Items[i].Due)
				}
			}
			if code, body := call(himitsu.RoleOfficer, "/api/v1/carriers/a/deadlines?sort=sideways"); code != http.StatusBadRequest || !strings.Contains(string(body), `"field":"sort"`) {
				t.Errorf("bad sort: got %d %s", code, body)
			}
			if code, body := call(himitsu.RoleOfficer, "/api/v1/carriers/a/deadlines?as_of=May"); code != http.StatusBadRequest || !strings.Contains(string(body), `"field":"as_of"`) {
				t.Errorf("bad as_of: got %d %s", code, body)
			}
			if code, _ := call(himitsu.RoleOfficer, "/api/v1/carriers/b/deadlines"); code != http.StatusNotFound {
				t.Errorf("carrier not granted: got %d, want 404", code)
			}
		})
	}
}

func TestDeadlinesPage(t *testing.T) {
	e := newEnv(t, engines[0].dsn(t))
	before, _ := e.store.ReadLog(context.Background(), "a")
	for _, lang := range []string{"en", "ja"} {
		u := e.users[himitsu.RoleRegulator]
		u.Lang = lang
		if err := e.store.UpdateUser(context.Background(), u); err != nil {
			t.Fatal(err)
		}
		ck, _ := e.session(himitsu.RoleRegulator)
		w := e.get(ck, "/c/a/deadlines?as_of=2025-05-08")
		if w.Code != http.StatusOK {
			t.Fatalf("%s: got %d", lang, w.Code)
		}
		page := w.Body.String()
		words := map[string][]string{
			"en": {"Deadline board", "LATE", "TBA Art. 28 report (detailed)", "1 days late", "Act on Holidays of Administrative Organs"},
			"ja": {"期限一覧", "期限超過", "電気通信事業法第28条の報告（詳細報告）", "行政機関の休日"},
		}[lang]
		for _, want := range words {
			if !strings.Contains(page, want) {
				t.Errorf("%s page lacks %q", lang, want)
			}
		}
		// The late row comes first and links to its incident.
		rows := strings.Split(page, `<tr class="due-row"`)
		if len(rows) < 3 || !strings.Contains(rows[1], `data-key="`+fixtureDetailed+`"`) || !strings.Contains(rows[1], `href="/c/a/incidents/inc-1"`) {
			t.Errorf("%s: the first row is not the late detailed report linked to inc-1", lang)
		}
		if !strings.Contains(page, `id="nav-deadlines"`) {
			t.Errorf("%s: no link to the board in the navigation", lang)
		}
		d := e.get(ck, "/c/a/")
		if d.Code != http.StatusOK || !strings.Contains(d.Body.String(), `id="due-summary"`) {
			t.Errorf("%s: the dashboard has no due summary (%d)", lang, d.Code)
		}
	}
	after, _ := e.store.ReadLog(context.Background(), "a")
	seen := false
	for _, r := range after[len(before):] {
		if r.Actor == "user:u-regulator" && r.Purpose == "deadline board" && r.What == "incidents" {
			seen = true
		}
		// The board reads the registers of duties, each named in the
		// log, never every register.
		if r.What == himitsu.ReadRecords {
			t.Errorf("the board's read is logged as all registers: %+v", r)
		}
	}
	if !seen {
		t.Error("reading the board left no read-log entry with its purpose")
	}
}

// go test ./internal/server -run '^$' -bench DeadlineBoard -count 5 -bench.consents 200000
var benchConsents = flag.Int("bench.consents", 100000, "consents of the deadline board benchmark carrier")

// BenchmarkDeadlineBoard computes the board of a carrier that holds many
// consents, reading only the registers the board needs (what the server
// does) against reading every register (Records), in the same run.
func BenchmarkDeadlineBoard(b *testing.B) {
	ctx := context.Background()
	st, err := sqlstore.Open(ctx, filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	actx := himitsu.WithAccessor(ctx, himitsu.Accessor{Actor: "bench", Purpose: "benchmark"})
	rec, ev := storetest.Fixture("a")
	proto := rec.Consents[0]
	for i := range *benchConsents {
		c := proto
		c.ID, c.Subscriber = fmt.Sprintf("con-b%08d", i), fmt.Sprintf("sub_%032x", i)
		rec.Consents = append(rec.Consents, c)
	}
	if _, err := st.Replace(actx, rec, ev); err != nil {
		b.Fatal(err)
	}
	cfg := Defaults()
	cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	srv, err := New(cfg, st)
	if err != nil {
		b.Fatal(err)
	}
	now := time.Date(2025, 5, 8, 1, 0, 0, 0, time.UTC)
	b.Run("needed-registers", func(b *testing.B) {
		for b.Loop() {
			if _, err := srv.Board(actx, "a", now); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("all-registers", func(b *testing.B) {
		for b.Loop() {
			r, err := st.Records(actx, "a")
			if err != nil {
				b.Fatal(err)
			}
			items, err := assess.DueItems(r, assess.Options{AsOf: himitsu.DateOf(now)}, 3)
			if err != nil {
				b.Fatal(err)
			}
			_ = himitsu.NewBoard(himitsu.DateOf(now), 3, items)
		}
	})
}

// TestDeadlinesOtherSource: a source another area registers (the case
// file's request and guidance deadlines) is on the board, the page and the
// reminders' board; a source that fails fails the board, naming itself.
func TestDeadlinesOtherSource(t *testing.T) {
	saved := dueSourceSets
	t.Cleanup(func() { dueSourceSets = saved })
	fail := false
	dueSourceSets = append(slices.Clone(saved), func(s *Server) himitsu.DueSource {
		return himitsu.DueSource{Name: "casefile", Items: func(ctx context.Context, carrierID string, now time.Time) ([]himitsu.DueItem, error) {
			if fail {
				return nil, himitsu.Errorf(himitsu.KindInternal, "case file unavailable")
			}
			due := himitsu.DateOf(now).AddDays(-2)
			st, late := himitsu.DueStateOf(due, himitsu.Date{}, himitsu.DateOf(now), s.soonDays())
			return []himitsu.DueItem{{Key: "casefile/cases/case-1/request-1", Kind: "case-request", Source: "casefile",
				What:     himitsu.Text{JA: "報告徴収への回答", EN: "Answer to the report request"},
				Basis:    himitsu.Text{JA: "電気通信事業法第166条第1項", EN: "TBA Art. 166(1)"},
				Register: "requests", Record: "case-1", Due: due, Firm: true, State: st, DaysLate: late}}, nil
		}}
	})
	e := newEnv(t, engines[0].dsn(t))
	ck, _ := e.session(himitsu.RoleOfficer)
	w := e.get(ck, "/c/a/deadlines?as_of=2025-05-08")
	if w.Code != http.StatusOK {
		t.Fatalf("got %d", w.Code)
	}
	page := w.Body.String()
	if !strings.Contains(page, `data-key="casefile/cases/case-1/request-1"`) || !strings.Contains(page, "Answer to the report request") || !strings.Contains(page, "case-request") {
		t.Error("the other source's item is not on the page (with its kind shown as itself)")
	}
	if strings.Contains(page, `href="/c/a/requests/case-1"`) {
		t.Error("a record of a register the server does not serve is linked")
	}
	b, err := e.srv.Board(himitsu.WithAccessor(context.Background(), himitsu.Accessor{Actor: "test", Purpose: "test"}), "a", time.Date(2025, 5, 8, 3, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if b.Late != 2 || b.Items[0].Key != "casefile/cases/case-1/request-1" {
		t.Errorf("board: %d late, first %s; want 2 late, the request (due earlier) first", b.Late, b.Items[0].Key)
	}
	fail = true
	if _, err := e.srv.Board(himitsu.WithAccessor(context.Background(), himitsu.Accessor{Actor: "test", Purpose: "test"}), "a", time.Now()); err == nil || !strings.Contains(err.Error(), "casefile") {
		t.Errorf("a failing source: got %v, want an error naming it", err)
	}
}

// TestDeadlinesCaseFile: a report request with a deadline is on the
// carrier's board for the roles that read cases, late once its day has
// passed, done when answered; a desk agent's board leaves it out.
func TestDeadlinesCaseFile(t *testing.T) {
	for _, eng := range engines {
		t.Run(eng.name, func(t *testing.T) {
			e := newEnv(t, eng.dsn(t))
			post := func(role himitsu.Role, path, body string) {
				t.Helper()
				req := httptest.NewRequest("POST", path, strings.NewReader(body))
				req.Header.Set("Authorization", "Bearer "+e.tokens[role])
				if w := e.do(req); w.Code != http.StatusCreated {
					t.Fatalf("%s: got %d %s", path, w.Code, w.Body.String())
				}
			}
			board := func(role himitsu.Role, asOf string) himitsu.Board {
				t.Helper()
				req := httptest.NewRequest("GET", "/api/v1/carriers/a/deadlines?as_of="+asOf, nil)
				req.Header.Set("Authorization", "Bearer "+e.tokens[role])
				w := e.do(req)
				var b himitsu.Board
				if w.Code != http.StatusOK || json.Unmarshal(w.Body.Bytes(), &b) != nil {
					t.Fatalf("board: %d %s", w.Code, w.Body.String())
				}
				return b
			}
			find := func(b himitsu.Board) *himitsu.DueItem {
				for i := range b.Items {
					if b.Items[i].Source == "casefile" {
						return &b.Items[i]
					}
				}
				return nil
			}
			post(himitsu.RoleRegulator, "/api/v1/carriers/a/cases", `{"id":"kanto-1","title":"通話明細の誤送付","origin":"tba-28-report","opened_on":"2025-06-10","incidents":["inc-1"],"regulator_reports":["rep-1"]}`)
			post(himitsu.RoleRegulator, "/api/v1/carriers/a/cases/kanto-1/steps", `{"kind":"report-request","on":"2025-06-12","actor":"総務 一郎","text":"経緯","due_on":"2025-06-26","reasons":"第28条報告を受けて"}`)
			it := find(board(himitsu.RoleOfficer, "2025-06-27"))
			if it == nil || it.State != himitsu.DueLate || it.DaysLate != 1 || it.Due.String() != "2025-06-26" || it.Record != "kanto-1" || !strings.Contains(it.Basis.EN, "Art. 166(1)") {
				t.Fatalf("the request's deadline on the officer's board: %+v", it)
			}
			if it := find(board(himitsu.RoleRegulator, "2025-06-24")); it == nil || it.State != himitsu.DueSoon {
				t.Errorf("the regulator's board two days before: %+v", it)
			}
			if it := find(board(himitsu.RoleDesk, "2025-06-27")); it != nil {
				t.Errorf("a desk agent sees the case's deadline: %+v", it)
			}
			post(himitsu.RoleOfficer, "/api/v1/carriers/a/cases/kanto-1/steps", `{"kind":"answer","on":"2025-06-20","actor":"法務 次郎","text":"回答する"}`)
			if it := find(board(himitsu.RoleAuditor, "2025-06-27")); it == nil || it.State != himitsu.DueDone || it.DoneOn.String() != "2025-06-20" {
				t.Errorf("after the answer: %+v", it)
			}
			ck, _ := e.session(himitsu.RoleOfficer)
			if page := e.get(ck, "/c/a/deadlines?as_of=2025-06-27").Body.String(); !strings.Contains(page, `href="/c/a/cases/kanto-1"`) {
				t.Error("the page does not link the case")
			}
		})
	}
}
