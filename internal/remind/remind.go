// Package remind sends reminders of the deadline board (himitsu.Board):
// a duty that comes within some days of its due day, that is due today,
// and that is late, each once, over every channel configured — log lines
// (always), e-mail through an SMTP server, and a signed webhook.
//
// Once means once across restarts and across instances sharing one
// database: each reminder (carrier, board item, threshold, channel) is a
// row an instance claims before sending (Store). A failed send gives the
// claim back with a later next attempt, so a tick of any instance sends
// it once the receiver answers again. A reminder whose threshold has
// passed (the "3 days before" of a duty now due today) is not sent late:
// the next threshold's reminder says the same, newer.
//
// A reminder names the carrier, the duty, its record's ID, its day and
// state, its legal basis and a link to the board; never a subscriber.
// Anything that looks like a subscriber pseudonym (sub_…) is blanked
// before a message leaves.
package remind

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"time"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/sqlstore"
)

// Thresholds at which a duty is reminded.
const (
	ThresholdBefore = "before" // within Config.DaysBefore of its due day
	ThresholdDue    = "due"    // due today
	ThresholdLate   = "late"   // late
)

// Store is what the reminders need of the store: the carriers and the
// table of reminders sent (internal/sqlstore).
type Store interface {
	Carriers(ctx context.Context) ([]himitsu.Carrier, error)
	ClaimReminder(ctx context.Context, k sqlstore.ReminderKey, owner string, now time.Time, lease time.Duration) (bool, error)
	ReminderSent(ctx context.Context, k sqlstore.ReminderKey, owner string, now time.Time) error
	ReminderFailed(ctx context.Context, k sqlstore.ReminderKey, owner string, retryAt time.Time, errText string) error
}

// BoardFunc computes a carrier's board as of now (server.Server.Board).
type BoardFunc func(ctx context.Context, carrierID string, now time.Time) (himitsu.Board, error)

// Channel delivers one reminder.
type Channel interface {
	Name() string
	Send(ctx context.Context, m Message) error
}

// Config configures the reminders.
type Config struct {
	// Every is the interval between two looks at the boards; zero turns
	// the reminders off.
	Every time.Duration
	// DaysBefore is how many days before its due day a duty is first
	// reminded (3 by default).
	DaysBefore int
	// RetryAfter is the wait after a failed send before a tick tries it
	// again (the interval by default).
	RetryAfter time.Duration
	// Lease bounds how long a claim holds if its instance dies while
	// sending (5 minutes by default).
	Lease time.Duration
	// Instance names this process in claims (host and process ID by
	// default).
	Instance string
	// BaseURL is how users reach the server, for the link to the board.
	BaseURL string
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	// Logger receives the log lines; slog.Default when nil.
	Logger *slog.Logger
}

// Message is one reminder as the channels send it.
type Message struct {
	Threshold   string          `json:"threshold"`
	CarrierID   string          `json:"carrier"`
	CarrierName string          `json:"carrier_name"`
	Item        himitsu.DueItem `json:"item"`
	AsOf        himitsu.Date    `json:"as_of"`
	Link        string          `json:"link,omitempty"`
	// ID identifies the reminder (carrier, item, threshold) for a
	// receiver that wants to drop a duplicate.
	ID string `json:"id"`
}

// Reminders looks at the boards and sends what is due.
type Reminders struct {
	cfg      Config
	store    Store
	board    BoardFunc
	channels []Channel
	log      *slog.Logger
}

// New makes the reminders; the log channel is always among the channels.
func New(cfg Config, store Store, board BoardFunc, channels ...Channel) *Reminders {
	if cfg.DaysBefore <= 0 {
		cfg.DaysBefore = 3
	}
	if cfg.RetryAfter <= 0 {
		cfg.RetryAfter = cfg.Every
		if cfg.RetryAfter <= 0 {
			cfg.RetryAfter = time.Minute
		}
	}
	if cfg.Lease <= 0 {
		cfg.Lease = 5 * time.Minute
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Instance == "" {
		cfg.Instance = defaultInstance()
	}
	chs := append([]Channel{LogChannel{Logger: cfg.Logger}}, channels...)
	return &Reminders{cfg: cfg, store: store, board: board, channels: chs, log: cfg.Logger}
}

// accessor is who reads the records for the reminders, in the read log.
var accessor = himitsu.Accessor{Actor: "himitsu reminders", Purpose: "deadline reminders", Tool: "himitsu serve (reminders)"}

// Run looks at the boards every cfg.Every until ctx ends.
func (r *Reminders) Run(ctx context.Context) {
	if r.cfg.Every <= 0 {
		return
	}
	t := time.NewTicker(r.cfg.Every)
	defer t.Stop()
	for {
		if err := r.Tick(ctx); err != nil && ctx.Err() == nil {
			r.log.Error("deadline reminders", "error", err.Error())
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Tick looks at every carrier's board once and sends the reminders due.
// A failed send is logged and left for a later tick; the error returned
// is the first that stopped a carrier's board from being read.
func (r *Reminders) Tick(ctx context.Context) error {
	ctx = himitsu.WithAccessor(ctx, accessor)
	now := r.cfg.Now()
	cs, err := r.store.Carriers(ctx)
	if err != nil {
		return err
	}
	var first error
	// A channel that fails once in a tick is not tried again in it: its
	// other reminders stay unclaimed and wait for the next tick, so a
	// receiver that hangs costs one timeout a tick, not one a reminder.
	down := map[string]bool{}
	for _, c := range cs {
		b, err := r.board(ctx, c.ID, now)
		if err != nil {
			first = cmpOr(first, err)
			continue
		}
		for _, it := range b.Items {
			th := threshold(it, b.AsOf, r.cfg.DaysBefore)
			if th == "" {
				continue
			}
			m := message(c, it, th, b.AsOf, r.cfg.BaseURL)
			for _, ch := range r.channels {
				if down[ch.Name()] {
					continue
				}
				if !r.send(ctx, ch, m, now) {
					down[ch.Name()] = true
				}
			}
		}
	}
	return first
}

func cmpOr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

// send claims, sends and records one reminder over one channel; false
// when the channel failed.
func (r *Reminders) send(ctx context.Context, ch Channel, m Message, now time.Time) bool {
	k := sqlstore.ReminderKey{Carrier: m.CarrierID, Item: m.Item.Key, Threshold: m.Threshold, Channel: ch.Name()}
	ok, err := r.store.ClaimReminder(ctx, k, r.cfg.Instance, now, r.cfg.Lease)
	if err != nil {
		r.log.Error("deadline reminder: claim", "channel", k.Channel, "item", k.Item, "error", err.Error())
		return true
	}
	if !ok {
		return true
	}
	if err := ch.Send(ctx, m); err != nil {
		retry := now.Add(r.cfg.RetryAfter)
		r.log.Error("deadline reminder not delivered; will retry", "channel", k.Channel, "carrier", k.Carrier, "item", k.Item,
			"threshold", k.Threshold, "retry_at", retry.UTC().Format(time.RFC3339), "error", err.Error())
		if ferr := r.store.ReminderFailed(context.WithoutCancel(ctx), k, r.cfg.Instance, retry, err.Error()); ferr != nil {
			r.log.Error("deadline reminder: recording the failure", "error", ferr.Error())
		}
		return false
	}
	if err := r.store.ReminderSent(context.WithoutCancel(ctx), k, r.cfg.Instance, r.cfg.Now()); err != nil {
		r.log.Error("deadline reminder: recording the send", "error", err.Error())
	}
	return true
}

// threshold is the threshold a duty stands at on asOf, or "" when none:
// late when late; due on its due day; before within daysBefore days.
func threshold(it himitsu.DueItem, asOf himitsu.Date, daysBefore int) string {
	switch {
	case it.State == himitsu.DueLate:
		return ThresholdLate
	case !it.State.Open():
		return ""
	case it.Due == asOf:
		return ThresholdDue
	}
	if d := asOf.DaysUntil(it.Due); d > 0 && d <= daysBefore {
		return ThresholdBefore
	}
	return ""
}

// pseudonym is a subscriber pseudonym as himitsu writes them.
var pseudonym = regexp.MustCompile(`sub_[0-9A-Za-z]+`)

func blank(s string) string { return pseudonym.ReplaceAllString(s, "[…]") }

func blankText(t himitsu.Text) himitsu.Text { return himitsu.Text{JA: blank(t.JA), EN: blank(t.EN)} }

// message builds the reminder of it, with every text blanked of
// subscriber pseudonyms.
func message(c himitsu.Carrier, it himitsu.DueItem, th string, asOf himitsu.Date, base string) Message {
	it.What, it.Basis, it.DueText, it.HowComputed = blankText(it.What), blankText(it.Basis), blankText(it.DueText), blankText(it.HowComputed)
	it.Record, it.Incident, it.DoneBy, it.Key = blank(it.Record), blank(it.Incident), blank(it.DoneBy), blank(it.Key)
	m := Message{Threshold: th, CarrierID: c.ID, CarrierName: c.Name, Item: it, AsOf: asOf, ID: fmt.Sprintf("%s/%s/%s", c.ID, it.Key, th)}
	if base != "" {
		m.Link = base + "/c/" + c.ID + "/deadlines"
	}
	return m
}

var thresholdWords = map[string]himitsu.Text{
	ThresholdBefore: {JA: "期限間近", EN: "Due soon"},
	ThresholdDue:    {JA: "本日期限", EN: "Due today"},
	ThresholdLate:   {JA: "期限超過", EN: "Late"},
}

// Subject is the one-line summary of m in both languages.
func (m Message) Subject() string {
	w := thresholdWords[m.Threshold]
	return fmt.Sprintf("[himitsu] %s: %s %s (%s) / %s: %s", w.JA, m.Item.What.JA, m.Item.Record, m.Item.Due, w.EN, m.Item.What.EN)
}

// Body is the text of m in Japanese, then English.
func (m Message) Body() string {
	it := m.Item
	lateJA, lateEN := "", ""
	if it.DaysLate > 0 {
		lateJA, lateEN = fmt.Sprintf("（%d日超過）", it.DaysLate), fmt.Sprintf(" (%d days late)", it.DaysLate)
	}
	target := map[bool][2]string{true: {"", ""}, false: {"（目安）", " (target)"}}[it.Firm]
	w := thresholdWords[m.Threshold]
	ja := fmt.Sprintf("%s\n\n事業者：%s（%s）\n内容：%s\n期限：%s%s%s\n%s\n対象：%s %s\n根拠：%s\n基準日：%s\n",
		w.JA, m.CarrierName, m.CarrierID, it.What.JA, it.Due, target[0], lateJA, it.DueText.JA, it.Register, it.Record, it.Basis.JA, m.AsOf)
	en := fmt.Sprintf("%s\n\nCarrier: %s (%s)\nWhat: %s\nDue: %s%s%s\n%s\nRecord: %s %s\nLegal basis: %s\nAs of: %s\n",
		w.EN, m.CarrierName, m.CarrierID, it.What.EN, it.Due, target[1], lateEN, it.DueText.EN, it.Register, it.Record, it.Basis.EN, m.AsOf)
	link := ""
	if m.Link != "" {
		link = "\n期限一覧 / Deadline board: " + m.Link + "\n"
	}
	return ja + link + "\n----\n\n" + en + link
}

// LogChannel writes reminders as log lines.
type LogChannel struct{ Logger *slog.Logger }

func (LogChannel) Name() string { return "log" }

func (l LogChannel) Send(ctx context.Context, m Message) error {
	l.Logger.Warn("deadline reminder", "threshold", m.Threshold, "carrier", m.CarrierID, "item", m.Item.Key,
		"kind", string(m.Item.Kind), "record", m.Item.Record, "due", m.Item.Due.String(), "state", string(m.Item.State),
		"days_late", m.Item.DaysLate, "what", m.Item.What.EN, "what_ja", m.Item.What.JA)
	return nil
}

// errReceiver marks a receiver's refusal.
var errReceiver = errors.New("the receiver refused the reminder")
