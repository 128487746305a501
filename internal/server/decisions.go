package server

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/auditlog"
	"github.com/himitsu-oss/himitsu/internal/decide"
)

// The decision point over HTTP (issue 8): POST
// /api/v1/carriers/{carrier}/decisions takes one request or a batch,
// decides each over the carrier's in-memory snapshot, appends one
// decision entry per request to the audit log and answers only once the
// entries are durable. A malformed request is a 400 naming the field;
// nothing of the batch is decided or logged then.

// auditBackend is what the decision point needs of the store beyond
// Backend: the audit log and a cheap change mark. internal/sqlstore
// implements both.
type auditBackend interface {
	Audit() *auditlog.Log
	ChangeMark(ctx context.Context, carrierID string) (int64, error)
}

// decisionActor is the accessor under which the snapshot is loaded: the
// load is a read of the carrier's records and is logged like any other.
const decisionActor = "himitsu decision point"

// maxBatch bounds one batch.
const maxBatch = 1000

// snapshots keeps one decision snapshot per carrier, reloaded when the
// carrier's change mark moves. A decision reads the snapshot lock-free
// through its Holder; the mutex guards only the map and the reloads.
type snapshots struct {
	mu      sync.Mutex
	holders map[string]*carrierSnap
}

type carrierSnap struct {
	h    decide.Holder
	mu   sync.Mutex // serialises reloads of this carrier
	mark int64
	seen time.Time // when the mark was last checked
}

// pollEvery is how old a checked mark may be before a decision checks it
// again, and how often the background refresher checks every loaded
// carrier; either way a change in another instance is seen within a
// second.
const pollEvery = 250 * time.Millisecond

// snapshot returns the carrier's current snapshot, loading or reloading
// it when the store's change mark has moved since the last check.
func (s *Server) snapshot(ctx context.Context, carrier string) (*decide.Snapshot, error) {
	ab, ok := s.store.(auditBackend)
	if !ok {
		return nil, &himitsu.Error{Op: "server.decide", Kind: himitsu.KindNotImplemented, Msg: "this store has no audit log", MsgJA: "このストアには監査記録がない"}
	}
	s.snaps.mu.Lock()
	if s.snaps.holders == nil {
		s.snaps.holders = map[string]*carrierSnap{}
	}
	cs := s.snaps.holders[carrier]
	if cs == nil {
		cs = &carrierSnap{mark: -2}
		s.snaps.holders[carrier] = cs
	}
	s.snaps.mu.Unlock()
	now := s.cfg.Now()
	if snap := cs.h.Load(); snap != nil && now.Sub(snapSeen(cs)) < pollEvery {
		return snap, nil
	}
	return s.refresh(ctx, ab, carrier, cs)
}

func snapSeen(cs *carrierSnap) time.Time {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	return cs.seen
}

// refresh checks the change mark and rebuilds the snapshot when it moved.
func (s *Server) refresh(ctx context.Context, ab auditBackend, carrier string, cs *carrierSnap) (*decide.Snapshot, error) {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	mark, err := ab.ChangeMark(ctx, carrier)
	if err != nil {
		return nil, err
	}
	cs.seen = s.cfg.Now()
	if snap := cs.h.Load(); snap != nil && mark == cs.mark {
		return snap, nil
	}
	rctx := himitsu.WithAccessor(ctx, himitsu.Accessor{Actor: decisionActor, Purpose: "decision snapshot", Tool: "himitsu serve"})
	rec, err := s.store.Records(rctx, carrier)
	if err != nil {
		return nil, err
	}
	snap := decide.Build(rec, s.cfg.Decide, uint64(mark+1), cs.seen)
	cs.h.Store(snap)
	cs.mark = mark
	return snap, nil
}

// changeWatcher is implemented by stores that push change notifications
// (sqlstore on PostgreSQL: LISTEN/NOTIFY).
type changeWatcher interface {
	WatchChanges(ctx context.Context, fn func(carrierID string)) (bool, error)
}

// watchChanges refreshes a carrier's snapshot as soon as another instance
// reports a change, so the poll is only the fallback. It returns when ctx
// ends or the store has no notifications; a broken watch is logged and
// retried after a pause, the poll covering the gap.
func (s *Server) watchChanges(ctx context.Context) {
	cw, ok := s.store.(changeWatcher)
	ab, ok2 := s.store.(auditBackend)
	if !ok || !ok2 {
		return
	}
	for ctx.Err() == nil {
		supported, err := cw.WatchChanges(ctx, func(carrier string) {
			s.snaps.mu.Lock()
			cs := s.snaps.holders[carrier]
			s.snaps.mu.Unlock()
			if cs == nil {
				return
			}
			if _, err := s.refresh(ctx, ab, carrier, cs); err != nil {
				s.log.Warn("decision snapshot refresh failed", "carrier", carrier, "err", err)
			}
		})
		if !supported {
			return
		}
		if err != nil {
			s.log.Warn("change notifications stopped; polling meanwhile", "err", err)
		}
		select {
		case <-ctx.Done():
		case <-time.After(5 * time.Second):
		}
	}
}

// refreshLoaded rechecks every carrier that has a snapshot; Serve runs it
// every pollEvery so that an idle instance is current when asked.
func (s *Server) refreshLoaded(ctx context.Context) {
	ab, ok := s.store.(auditBackend)
	if !ok {
		return
	}
	s.snaps.mu.Lock()
	all := make(map[string]*carrierSnap, len(s.snaps.holders))
	for k, v := range s.snaps.holders {
		all[k] = v
	}
	s.snaps.mu.Unlock()
	for carrier, cs := range all {
		if _, err := s.refresh(ctx, ab, carrier, cs); err != nil {
			s.log.Warn("decision snapshot refresh failed", "carrier", carrier, "err", err)
		}
	}
}

// decisionBody is one request of the API, or a batch in Requests.
type decisionBody struct {
	decide.Request
	Requests []decide.Request `json:"requests,omitempty"`
}

// DecisionAnswer is one decision with its explanation in both languages.
type DecisionAnswer struct {
	decide.Decision
	Explanation   string `json:"explanation"`
	ExplanationJA string `json:"explanation_ja"`
	// AuditIndex is the decision's entry in the audit log.
	AuditIndex int64 `json:"audit_index"`
}

// decisionEntry is the body of a decision entry in the audit log: what was
// asked and what was answered, subscribers only as pseudonyms (in the
// entry's Subjects).
type decisionEntry struct {
	Person         string          `json:"person,omitempty"`
	Account        string          `json:"account,omitempty"`
	DataSet        string          `json:"dataset"`
	Elements       []string        `json:"elements,omitempty"`
	Action         himitsu.Action  `json:"action,omitempty"`
	Count          int             `json:"count,omitempty"`
	At             time.Time       `json:"at"`
	Warrant        string          `json:"warrant,omitempty"`
	Justification  string          `json:"justification,omitempty"`
	SecondApprover string          `json:"second_approver,omitempty"`
	Decision       decide.Decision `json:"decision"`
}

func (s *Server) apiDecide(w http.ResponseWriter, r *http.Request, c *call) error {
	var body decisionBody
	if err := decode(r, &body); err != nil {
		// The single request is an embedded struct; its fields are the
		// body's own fields.
		if he, ok := err.(*himitsu.Error); ok {
			he.Field = strings.TrimPrefix(he.Field, "Request.")
		}
		return err
	}
	batch := body.Requests != nil
	reqs := body.Requests
	if !batch {
		reqs = []decide.Request{body.Request}
	} else if body.Request.Person != "" || body.Request.Account != "" || body.Request.DataSet != "" || body.Request.Purpose != "" {
		return himitsu.FieldErrorJA("requests", "is given together with a single request's fields; send one or the other",
			"単一の要求の項目と同時に与えられている。どちらか一方を送ること")
	}
	if batch && (len(reqs) == 0 || len(reqs) > maxBatch) {
		return himitsu.FieldErrorJA("requests", "has %d requests; send 1 to %d", "%d件の要求がある。1件から%d件で送ること", len(reqs), maxBatch)
	}
	// Every request is checked before any is decided, so a malformed one
	// rejects the batch and nothing is logged as allowed.
	for i := range reqs {
		if err := reqs[i].Validate(); err != nil {
			if batch {
				if he, ok := err.(*himitsu.Error); ok {
					he.Field = fmt.Sprintf("requests[%d].%s", i, he.Field)
				}
			}
			return err
		}
	}
	snap, err := s.snapshot(r.Context(), c.carrier)
	if err != nil {
		return err
	}
	answers := make([]DecisionAnswer, len(reqs))
	entries := make([]*auditlog.Entry, len(reqs))
	for i := range reqs {
		q := &reqs[i]
		d := snap.Decide(q)
		answers[i].Decision = d
		answers[i].Explanation, answers[i].ExplanationJA = d.Explain()
		// Plain JSON: Append's validation re-encodes the body in the
		// canonical form once (auditlog.Body would do it a second time).
		b, err := json.Marshal(decisionEntry{Person: q.Person, Account: q.Account, DataSet: q.DataSet, Elements: q.Elements, Action: q.Action,
			Count: q.Count, At: q.At, Warrant: q.Warrant, Justification: q.Justification, SecondApprover: q.SecondApprover, Decision: d})
		if err != nil {
			return err
		}
		entries[i] = &auditlog.Entry{Kind: auditlog.KindDecision, Actor: c.user.Name, Purpose: q.Purpose, Tool: "POST /api/v1 decisions",
			Carrier: c.carrier, Subjects: q.Subjects, Body: b}
	}
	// The answer leaves only after the entries are durable (the audit
	// log's group commit); if they cannot be written, nothing is allowed.
	if err := s.store.(auditBackend).Audit().Append(r.Context(), entries...); err != nil {
		return err
	}
	for i, e := range entries {
		answers[i].AuditIndex = e.Index
	}
	if !batch {
		return writeJSON(w, http.StatusOK, answers[0])
	}
	return writeJSON(w, http.StatusOK, map[string]any{"decisions": answers})
}
