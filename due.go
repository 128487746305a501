package himitsu

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"time"
)

// The deadline board: everything a carrier owes by a day — the reports to
// the authorities (TBA Art. 28, APPI Art. 26), the recurrence measures it
// set itself (guideline 5(3)(i)iv), the notices to users (5(4)iii), the
// assessments its records schedule and, later, the regulator's requests
// and guidance — each as one DueItem. Items come from sources (DueSource):
// the engine's deadline code is one (internal/assess.DueItems); a case
// file adds its requests and guidance deadlines as another. NewBoard only
// orders and counts them: the days are computed where the law is applied.

// DueState is where a duty stands on the day judged.
type DueState string

const (
	// DueUpcoming: not done, the due day is more than the board's
	// "soon" window away.
	DueUpcoming DueState = "upcoming"
	// DueSoon: not done, due within the window (or today, or a duty
	// "without delay" that is running).
	DueSoon DueState = "due-soon"
	// DueLate: not done, and the due day has passed.
	DueLate DueState = "late"
	// DueDoneLate: done, after the due day.
	DueDoneLate DueState = "done-late"
	// DueDone: done in time.
	DueDone DueState = "done"
)

func (DueState) Values() []string {
	return []string{"upcoming", "due-soon", "late", "done-late", "done"}
}

// Open reports whether the duty is still to be done.
func (s DueState) Open() bool { return s == DueUpcoming || s == DueSoon || s == DueLate }

// DueKind is what kind of duty an item is. Sources may add kinds; a kind
// is a short lower-case word and the pages label the ones they know.
type DueKind string

const (
	DueReport     DueKind = "report"     // a report to MIC or the PPC
	DueMeasure    DueKind = "measure"    // a recurrence measure
	DueNotice     DueKind = "notice"     // a notice to affected users
	DueAssessment DueKind = "assessment" // a risk assessment the records schedule
)

// DueItem is one thing due. It names no subscriber: a reminder built from
// it may leave the carrier (e-mail, webhook).
type DueItem struct {
	// Key identifies the duty across days and runs, so that a reminder is
	// sent once per duty and threshold: "<source>/<register>/<id>/<duty>",
	// e.g. "assess/incidents/inc-1/tba-28/detailed".
	Key  string  `json:"key"`
	Kind DueKind `json:"kind"`
	// What is owed, e.g. "電気通信事業法第28条の詳細報告".
	What Text `json:"what"`
	// Register and Record are the record the duty is about (the incident,
	// the measure, the case); Incident names the incident when there is one.
	Register string `json:"register"`
	Record   string `json:"record"`
	Incident string `json:"incident,omitempty"`
	// Basis is the legal basis, cited.
	Basis Text `json:"basis"`
	// Due is the day the duty is due. Firm is false for a duty without a
	// fixed day ("without delay", "promptly"), where Due is the target
	// that HowComputed explains.
	Due  Date `json:"due"`
	Firm bool `json:"firm"`
	// DueText says the duty's time in words, as the law puts it.
	DueText Text `json:"due_text,omitzero"`
	// DoneOn is the day it was done (filed, put in place, sent) and DoneBy
	// the record that did it; zero and empty while open.
	DoneOn Date     `json:"done_on,omitzero"`
	DoneBy string   `json:"done_by,omitempty"`
	State  DueState `json:"state"`
	// DaysLate counts the days past Due: until the day judged while open,
	// until DoneOn when done late.
	DaysLate int `json:"days_late,omitempty"`
	// HowComputed says how Due was computed (start day, day count,
	// holidays skipped) and any caveat ([verify] notes included).
	HowComputed Text `json:"how_computed,omitzero"`
	// Source is the source that produced the item ("assess", "casefile").
	Source string `json:"source"`
}

// DueStateOf judges a dated duty: done (on done, when not zero) in time or
// late, or open and upcoming, due within soonDays, or late, as of asOf.
// It is the comparison of days every source shares; the days themselves
// come from the rule that sets them.
func DueStateOf(due, done, asOf Date, soonDays int) (DueState, int) {
	if !done.IsZero() {
		if done.After(due) {
			return DueDoneLate, due.DaysUntil(done)
		}
		return DueDone, 0
	}
	switch {
	case asOf.After(due):
		return DueLate, due.DaysUntil(asOf)
	case asOf.DaysUntil(due) <= soonDays:
		return DueSoon, 0
	}
	return DueUpcoming, 0
}

// DueSource lists the items one part of himitsu knows to be due for a
// carrier as of now. The server and the reminder loop call every source
// they were given and put the items on one board; a source that fails
// fails the board (a board with a silent gap would mislead).
type DueSource struct {
	Name  string
	Items func(ctx context.Context, carrierID string, now time.Time) ([]DueItem, error)
	// Readers are the roles that may see the source's items on a board
	// (a case file's are not every role's business); nil means every
	// role that may read the board. The reminders, which serve the
	// carrier's privacy office, see every source.
	Readers []Role
}

// DefaultSoonDays is the window of "due soon" when none is configured.
const DefaultSoonDays = 3

// Board is the deadline board of a carrier on a day.
type Board struct {
	AsOf     Date      `json:"as_of"`
	SoonDays int       `json:"soon_days"`
	Items    []DueItem `json:"items"`
	// Counts per state.
	Late     int `json:"late"`
	Soon     int `json:"due_soon"`
	Upcoming int `json:"upcoming"`
	DoneLate int `json:"done_late"`
	Done     int `json:"done"`
}

// stateRank orders the board: what is late first, then what is due soon,
// then what is coming, then what was done (late first).
var stateRank = map[DueState]int{DueLate: 0, DueSoon: 1, DueUpcoming: 2, DueDoneLate: 3, DueDone: 4}

// NewBoard puts items on a board as of asOf: late ones first, then by due
// day, then by key, so the order does not depend on the sources' order.
func NewBoard(asOf Date, soonDays int, items []DueItem) Board {
	b := Board{AsOf: asOf, SoonDays: soonDays, Items: slices.Clone(items)}
	if b.Items == nil {
		b.Items = []DueItem{}
	}
	slices.SortStableFunc(b.Items, func(x, y DueItem) int {
		return cmp.Or(stateRank[x.State]-stateRank[y.State], x.Due.compare(y.Due), strings.Compare(x.Key, y.Key))
	})
	for _, it := range b.Items {
		switch it.State {
		case DueLate:
			b.Late++
		case DueSoon:
			b.Soon++
		case DueUpcoming:
			b.Upcoming++
		case DueDoneLate:
			b.DoneLate++
		case DueDone:
			b.Done++
		}
	}
	return b
}

// ByDue returns the items in order of due day alone (then key), for a
// reader who sorts the board by date.
func (b Board) ByDue() []DueItem {
	out := slices.Clone(b.Items)
	slices.SortStableFunc(out, func(x, y DueItem) int {
		return cmp.Or(x.Due.compare(y.Due), strings.Compare(x.Key, y.Key))
	})
	return out
}
