package server

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/assess"
	"github.com/himitsu-oss/himitsu/internal/procedure"
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
	dueSourceSets = append(dueSourceSets,
		func(s *Server) himitsu.DueSource {
			return himitsu.DueSource{Name: assess.DueSourceName, Items: s.engineDueItems}
		},
		func(s *Server) himitsu.DueSource {
			return himitsu.DueSource{Name: caseDueSource, Items: s.caseDueItems, Readers: caseReaders}
		})
	messageSets = append(messageSets, deadlineWords)
}

// caseDueSource names the case file's items on the board.
const caseDueSource = "casefile"

// caseDueItems are what the carrier's cases ask of it (answers to
// requests, reports under guidance, an improvement plan and progress
// reports under an order; internal/procedure.Due), with the days the
// steps set; a closed case's unmet items are no longer owed and are left
// out. A store that keeps no case files has none.
func (s *Server) caseDueItems(ctx context.Context, carrierID string, now time.Time) ([]himitsu.DueItem, error) {
	cs, ok := s.store.(himitsu.CaseService)
	if !ok {
		return nil, nil
	}
	list, err := cs.Cases(ctx, carrierID)
	if err != nil {
		return nil, err
	}
	today := himitsu.DateOf(now)
	var out []himitsu.DueItem
	for _, k := range list {
		f, err := cs.CaseFile(ctx, carrierID, k.ID)
		if err != nil {
			return nil, err
		}
		set := map[int]himitsu.CaseStepKind{}
		for _, st := range f.Steps {
			set[st.Seq] = st.Kind
		}
		for _, d := range procedure.Due(f, s.caseCfg(), today) {
			if d.Status == procedure.DueWithdrawn {
				continue
			}
			it := himitsu.DueItem{
				Key:      fmt.Sprintf("%s/cases/%s/%d/%s/%s", caseDueSource, k.ID, d.Step, d.What, d.Due),
				Kind:     himitsu.DueKind("case-" + string(d.What)),
				What:     himitsu.Text{JA: d.Label.JA + "（事案 " + k.ID + "）", EN: d.Label.EN + " (case " + k.ID + ")"},
				Register: "cases", Record: k.ID, Due: d.Due, Firm: true, DoneOn: d.MetOn,
				Basis: caseBasis[set[d.Step]],
				HowComputed: himitsu.Text{JA: fmt.Sprintf("事案 %s の手続 %d が定めた期限。", k.ID, d.Step),
					EN: fmt.Sprintf("The day step %d of case %s set.", d.Step, k.ID)},
				Source: caseDueSource,
			}
			if d.MetBy != 0 {
				it.DoneBy = fmt.Sprintf("%s#%d", k.ID, d.MetBy)
			}
			it.State, it.DaysLate = himitsu.DueStateOf(it.Due, it.DoneOn, today, s.soonDays())
			out = append(out, it)
		}
	}
	return out, nil
}

// caseBasis is the legal basis of what a step of each kind asks.
var caseBasis = map[himitsu.CaseStepKind]himitsu.Text{
	himitsu.StepReportRequest: {JA: "電気通信事業法第166条第1項（報告徴収）。期限は求めに記載のもの", EN: "TBA Art. 166(1) (request for reports); the day the request set"},
	himitsu.StepInspection:    {JA: "電気通信事業法第166条第1項（立入検査）。期限は求めに記載のもの", EN: "TBA Art. 166(1) (inspection); the day set"},
	himitsu.StepGuidance:      {JA: "文書による行政指導（行政手続法第2条第6号、第35条）。期限は指導に記載のもの", EN: "Written administrative guidance (Administrative Procedure Act Arts. 2(6), 35); the day the guidance set"},
	himitsu.StepOrder:         {JA: "電気通信事業法第29条第1項第1号の業務改善命令。期限は命令に記載のもの", EN: "Business improvement order under TBA Art. 29(1)(i); the day the order set"},
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
// under. The reminder loop (internal/remind) calls it.
func (s *Server) Board(ctx context.Context, carrierID string, now time.Time) (himitsu.Board, error) {
	return s.boardFor(ctx, carrierID, now, "")
}

// boardFor is the board a role sees: the sources whose Readers exclude
// the role are not asked (and their records not read). An empty role
// sees every source.
func (s *Server) boardFor(ctx context.Context, carrierID string, now time.Time, role himitsu.Role) (himitsu.Board, error) {
	var items []himitsu.DueItem
	for _, mk := range dueSourceSets {
		src := mk(s)
		if role != "" && src.Readers != nil && !slices.Contains(src.Readers, role) {
			continue
		}
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
	return s.boardFor(c.ctx, c.carrier, now, c.user.Role)
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
		if _, served := regConfOf(it.Register); (served || it.Register == "cases") && it.Record != "" {
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
	b, err := s.boardFor(c.ctx, c.carrier, s.cfg.Now(), c.user.Role)
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
		"due_title":                      {"期限一覧", "Deadline board"},
		"due_intro":                      {"報告、再発防止策、利用者への通知など、期限のあるものの一覧。期限超過を先頭に表示する。期限は評価と同じ計算（起算日、初日の扱い、行政機関の休日）による。", "Every report, recurrence measure, notice to users and other duty with a day, late ones first. The days are computed as in an assessment (start day, day count, administrative holidays)."},
		"due_what":                       {"期限のあるもの", "What is due"},
		"due_record":                     {"対象", "Record"},
		"due_basis":                      {"根拠", "Legal basis"},
		"due_on":                         {"期限", "Due"},
		"due_state":                      {"状態", "State"},
		"due_done_on":                    {"実施日", "Done on"},
		"due_how":                        {"計算", "How computed"},
		"due_target":                     {"目安", "target"},
		"due_days_late":                  {"日超過", "days late"},
		"due_sort_state":                 {"期限超過を先頭に", "Late first"},
		"due_sort_due":                   {"期限順", "By due date"},
		"due_none":                       {"期限のあるものはない。", "Nothing is due."},
		"due_late_count":                 {"期限超過", "Late"},
		"due_soon_count":                 {"期限間近", "Due soon"},
		"due_late_mark":                  {"期限超過", "LATE"},
		"due_state_upcoming":             {"予定", "upcoming"},
		"due_state_due-soon":             {"期限間近", "due soon"},
		"due_state_late":                 {"期限超過", "late"},
		"due_state_done-late":            {"実施済（遅延）", "done late"},
		"due_state_done":                 {"実施済", "done"},
		"due_kind_report":                {"報告", "report"},
		"due_kind_measure":               {"再発防止策", "measure"},
		"due_kind_notice":                {"利用者への通知", "notice"},
		"due_kind_assessment":            {"リスク評価", "assessment"},
		"due_kind_case-answer":           {"報告徴収への回答", "answer to a request"},
		"due_kind_case-progress-report":  {"実施状況の報告", "progress report"},
		"due_kind_case-improvement-plan": {"業務改善計画", "improvement plan"},
		"due_show":                       {"表示", "Show"},
	}
}
