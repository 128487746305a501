package server

import (
	"context"
	"net/http"
	"time"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/assess"
)

// The deadline board (issue 9): /c/{carrier}/deadlines and
// GET /api/v1/carriers/{carrier}/deadlines list every report, measure,
// notice and other duty due, computed by the sources registered in
// dueSourceSets (the engine's deadline code is the first), late ones
// first. Reading the board reads the carrier's records, which the store
// records in the read log under the route's purpose.

// dueSourceSets make the sources of the board. An area of the server that
// knows other duties (the regulator's case file: requests and guidance
// deadlines) registers its source here with an init function, as the
// areas register their words; the board then lists its items too.
var dueSourceSets []func(s *Server) himitsu.DueSource

func init() {
	dueSourceSets = append(dueSourceSets, func(s *Server) himitsu.DueSource {
		return himitsu.DueSource{Name: assess.DueSourceName, Items: s.engineDueItems}
	})
	messageSets = append(messageSets, deadlineWords)
}

// recordsOf is what a store offers that can read a few registers alone
// (internal/sqlstore).
type recordsOf interface {
	RecordsOf(ctx context.Context, carrierID string, registers ...string) (*himitsu.Records, error)
}

// engineDueItems are the duties the engine computes from the carrier's
// records (internal/assess.DueItems). Only the registers the board needs
// are read where the store can: a board over a carrier with millions of
// consents does not load them.
func (s *Server) engineDueItems(ctx context.Context, carrierID string, now time.Time) ([]himitsu.DueItem, error) {
	var rec *himitsu.Records
	var err error
	if ro, ok := s.store.(recordsOf); ok {
		rec, err = ro.RecordsOf(ctx, carrierID, assess.DueRegisters...)
	} else {
		rec, err = s.store.Records(ctx, carrierID)
	}
	if err != nil {
		return nil, err
	}
	return assess.DueItems(rec, assess.Options{AsOf: himitsu.DateOf(now)}, s.soonDays())
}

func (s *Server) soonDays() int {
	if s.cfg.DueSoonDays > 0 {
		return s.cfg.DueSoonDays
	}
	return himitsu.DefaultSoonDays
}

// Board computes the carrier's deadline board as of now from every
// registered source. ctx must carry the accessor the reads are recorded
// under. The reminder loop (internal/remind) calls it too.
func (s *Server) Board(ctx context.Context, carrierID string, now time.Time) (himitsu.Board, error) {
	var items []himitsu.DueItem
	for _, mk := range dueSourceSets {
		src := mk(s)
		got, err := src.Items(ctx, carrierID, now)
		if err != nil {
			return himitsu.Board{}, &himitsu.Error{Op: "server.Board", Kind: himitsu.ErrorKind(err), Err: err,
				Msg: "the deadline source " + src.Name + " failed", MsgJA: "期限の取得元 " + src.Name + " でエラーが起きた"}
		}
		items = append(items, got...)
	}
	return himitsu.NewBoard(himitsu.DateOf(now), s.soonDays(), items), nil
}

// boardAt is the board as of the as_of query parameter (a Japan date,
// judged at its noon) or now.
func (s *Server) boardAt(r *http.Request, c *call) (himitsu.Board, error) {
	now := s.cfg.Now()
	if v := r.URL.Query().Get("as_of"); v != "" {
		d, err := s.asOf(v)
		if err != nil {
			return himitsu.Board{}, err
		}
		now = d.Time().Add(12 * time.Hour)
	}
	return s.Board(c.ctx, c.carrier, now)
}

// sortParam checks the sort query parameter: "state" (late first, the
// default) or "due" (by due day alone).
func sortParam(r *http.Request) (string, error) {
	switch v := r.URL.Query().Get("sort"); v {
	case "", "state":
		return "state", nil
	case "due":
		return "due", nil
	}
	return "", himitsu.FieldErrorJA("sort", "is state or due", "state 又は due である")
}

// dueRow is one line of the page.
type dueRow struct {
	himitsu.DueItem
	Badge string // style class of the state
	Link  string // the record the duty is about
}

var dueBadge = map[himitsu.DueState]string{
	himitsu.DueLate: "b-late", himitsu.DueSoon: "b-medium", himitsu.DueUpcoming: "b-pending",
	himitsu.DueDoneLate: "b-unclear", himitsu.DueDone: "b-met",
}

func (s *Server) deadlinesPage(w http.ResponseWriter, r *http.Request, c *call) error {
	order, err := sortParam(r)
	if err != nil {
		return err
	}
	b, err := s.boardAt(r, c)
	if err != nil {
		return err
	}
	items := b.Items
	if order == "due" {
		items = b.ByDue()
	}
	rows := make([]dueRow, len(items))
	for i, it := range items {
		rows[i] = dueRow{DueItem: it, Badge: dueBadge[it.State]}
		if _, served := regConfOf(it.Register); served && it.Record != "" {
			rows[i].Link = "/c/" + c.carrier + "/" + it.Register + "/" + it.Record
		}
	}
	v := s.newView(r, c, s.t("due_title", c.lang), "deadlines")
	return s.page(w, http.StatusOK, v, "deadlines", map[string]any{"Board": b, "Rows": rows, "Sort": order, "AsOf": b.AsOf.String()})
}

func (s *Server) apiDeadlines(w http.ResponseWriter, r *http.Request, c *call) error {
	order, err := sortParam(r)
	if err != nil {
		return err
	}
	b, err := s.boardAt(r, c)
	if err != nil {
		return err
	}
	if order == "due" {
		b.Items = b.ByDue()
	}
	return writeJSON(w, http.StatusOK, b)
}

// dueCounts are the dashboard's "late / due soon" figures from the board
// as it is now; nil when the board cannot be computed (the dashboard
// still shows the rest, and the error is logged).
func (s *Server) dueCounts(c *call) *himitsu.Board {
	b, err := s.Board(c.ctx, c.carrier, s.cfg.Now())
	if err != nil {
		s.log.Error("deadline board for the dashboard", "carrier", c.carrier, "error", err.Error())
		return nil
	}
	return &b
}

// DueKindLabel names a kind of duty in the page's language; a kind a
// source added without words shows as itself.
func (v *view) DueKindLabel(k himitsu.DueKind) string {
	key := "due_kind_" + string(k)
	if l := v.s.t(key, v.Lang); l != key {
		return l
	}
	return string(k)
}

func deadlineWords() map[string]msg {
	return map[string]msg{
		"due_title":           {"期限一覧", "Deadline board"},
		"due_intro":           {"報告、再発防止策、利用者への通知など、期限のあるものの一覧。期限超過を先頭に表示する。期限は評価と同じ計算（起算日、初日の扱い、行政機関の休日）による。", "Every report, recurrence measure, notice to users and other duty with a day, late ones first. The days are computed as in an assessment (start day, day count, administrative holidays)."},
		"due_what":            {"期限のあるもの", "What is due"},
		"due_record":          {"対象", "Record"},
		"due_basis":           {"根拠", "Legal basis"},
		"due_on":              {"期限", "Due"},
		"due_state":           {"状態", "State"},
		"due_done_on":         {"実施日", "Done on"},
		"due_how":             {"計算", "How computed"},
		"due_target":          {"目安", "target"},
		"due_days_late":       {"日超過", "days late"},
		"due_sort_state":      {"期限超過を先頭に", "Late first"},
		"due_sort_due":        {"期限順", "By due date"},
		"due_none":            {"期限のあるものはない。", "Nothing is due."},
		"due_late_count":      {"期限超過", "Late"},
		"due_soon_count":      {"期限間近", "Due soon"},
		"due_late_mark":       {"期限超過", "LATE"},
		"due_state_upcoming":  {"予定", "upcoming"},
		"due_state_due-soon":  {"期限間近", "due soon"},
		"due_state_late":      {"期限超過", "late"},
		"due_state_done-late": {"実施済（遅延）", "done late"},
		"due_state_done":      {"実施済", "done"},
		"due_kind_report":     {"報告", "report"},
		"due_kind_measure":    {"再発防止策", "measure"},
		"due_kind_notice":     {"利用者への通知", "notice"},
		"due_kind_assessment": {"リスク評価", "assessment"},
		"due_show":            {"表示", "Show"},
	}
}
