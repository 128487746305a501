package server

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/auth"
	"github.com/himitsu-oss/himitsu/internal/decide"
	"github.com/himitsu-oss/himitsu/internal/sqlstore"
	"github.com/himitsu-oss/himitsu/internal/storetest"
)

// decisionRecords is decide's fixture as carrier "a", made valid for the
// store with the store fixture's carrier and organisations.
func decisionRecords() (*himitsu.Records, []string) {
	rec, _, subs := decide.Fixture()
	base, _ := storetest.Fixture("a")
	rec.Carrier = base.Carrier
	rec.Organisations = base.Organisations
	for i := range rec.Persons {
		rec.Persons[i].Employer = base.Organisations[0].ID
	}
	// Carrier a's filed report stays whatever a bundle leaves out, and
	// its incident with it: carry both over, without the incident's links
	// to records of the base fixture.
	for _, in := range base.Incidents {
		if in.ID == "inc-1" {
			in.Service, in.ActorOrg, in.ActorPerson, in.Change, in.TurnedOutToBe = "", "", "", "", ""
			in.DataSets, in.DataElements, in.Persons, in.Organisations, in.Evidence = nil, nil, nil, nil, nil
			for i := range in.Knowledge {
				in.Knowledge[i].Person = ""
			}
			rec.Incidents = append(rec.Incidents, in)
		}
	}
	for _, r := range base.RegulatorReports {
		if r.Frozen() {
			rec.RegulatorReports = append(rec.RegulatorReports, r)
		}
	}
	return rec, subs
}

func (e *env) decide(role himitsu.Role, body string) *httptest.ResponseRecorder {
	req := httptest.NewRequest("POST", "/api/v1/carriers/a/decisions", strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+e.tokens[role])
	return e.do(req)
}

func TestDecisionsAPI(t *testing.T) {
	for _, eng := range engines {
		t.Run(eng.name, func(t *testing.T) {
			dsn := eng.dsn(t)
			e := newEnv(t, dsn)
			ctx := himitsu.WithAccessor(context.Background(), himitsu.Accessor{Actor: "test", Purpose: "fixture"})
			rec, subs := decisionRecords()
			if _, err := e.store.Replace(ctx, rec, &himitsu.EventSlices{}); err != nil {
				t.Fatal(err)
			}
			audit := e.store.Audit()
			one := `{"person":"P1","dataset":"cdr","elements":["cell_id"],"purpose":"ads","subjects":["` + subs[1] + `"],"at":"2026-06-15T10:00:00Z"}`

			size0, _ := audit.Size(context.Background())
			w := e.decide(himitsu.RoleEngineer, one)
			if w.Code != http.StatusOK {
				t.Fatalf("got %d %s, want 200", w.Code, w.Body)
			}
			var got DecisionAnswer
			if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
				t.Fatal(err)
			}
			if !got.Allow || got.Basis != himitsu.BasisConsent || got.Record != "C1" || got.ExplanationJA == "" {
				t.Fatalf("got %+v, want allowed on consent C1 with a Japanese explanation", got)
			}
			es, err := audit.ByCarrier(context.Background(), "a", "decision")
			if err != nil || len(es) != 1 {
				t.Fatalf("got %d decision entries (%v), want 1", len(es), err)
			}
			if es[0].Index != got.AuditIndex || es[0].Index < size0 || len(es[0].Subjects) != 1 || es[0].Subjects[0] != subs[1] || es[0].Purpose != "ads" {
				t.Errorf("got entry %+v, want index %d with the subscriber's pseudonym and purpose ads", es[0], got.AuditIndex)
			}

			t.Run("batch", func(t *testing.T) {
				w := e.decide(himitsu.RoleEngineer, `{"requests":[`+one+`,{"account":"a-shared","dataset":"cdr","purpose":"billing","count":1,"at":"2026-06-15T10:00:00Z"}]}`)
				var b struct{ Decisions []DecisionAnswer }
				if err := json.Unmarshal(w.Body.Bytes(), &b); err != nil || w.Code != 200 || len(b.Decisions) != 2 {
					t.Fatalf("got %d %s, want 200 with 2 decisions", w.Code, w.Body)
				}
				if !b.Decisions[0].Allow || b.Decisions[1].Allow || b.Decisions[1].Reason != decide.ReasonSharedAccount {
					t.Errorf("got %+v, want allowed then denied for the shared account", b.Decisions)
				}
			})

			t.Run("warrant from the register, cited in the audit entry", func(t *testing.T) {
				// W1 is a row of law_enforcement_requests that went through
				// the store: its subjects, elements and validity window are
				// what the decision point enforces.
				req := func(at string) string {
					return `{"person":"P1","dataset":"cdr","elements":["calling_number"],"purpose":"investigation","warrant":"W1","subjects":["` + subs[5] + `"],"at":"` + at + `"}`
				}
				w := e.decide(himitsu.RoleEngineer, req("2026-05-10T00:00:00Z"))
				var got DecisionAnswer
				if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil || w.Code != 200 {
					t.Fatalf("got %d %s, want 200", w.Code, w.Body)
				}
				if !got.Allow || got.Basis != himitsu.BasisLaw || got.Register != "law_enforcement_requests" || got.Record != "W1" {
					t.Fatalf("got %+v, want allowed under law citing law_enforcement_requests W1", got)
				}
				es, err := audit.ByCarrier(context.Background(), "a", "decision")
				if err != nil {
					t.Fatal(err)
				}
				var entry *decisionEntry
				for _, x := range es {
					if x.Index == got.AuditIndex {
						entry = new(decisionEntry)
						if err := json.Unmarshal(x.Body, entry); err != nil {
							t.Fatal(err)
						}
					}
				}
				if entry == nil || entry.Warrant != "W1" || entry.Decision.Register != "law_enforcement_requests" || entry.Decision.Record != "W1" {
					t.Errorf("got audit entry %+v, want one citing law_enforcement_requests W1", entry)
				}
				if w := e.decide(himitsu.RoleEngineer, req("2026-06-10T00:00:00Z")); !strings.Contains(w.Body.String(), `"reason":"warrant-not-valid"`) {
					t.Errorf("got %s after the warrant's validity, want warrant-not-valid", w.Body)
				}
			})

			t.Run("malformed requests log nothing", func(t *testing.T) {
				tests := []struct{ name, body, field string }{
					{"raw phone number in a batch", `{"requests":[` + one + `,{"person":"P1","dataset":"cdr","purpose":"ads","subjects":["09012345678"],"at":"2026-06-15T10:00:00Z"}]}`, "requests[1].subjects"},
					{"no purpose", `{"person":"P1","dataset":"cdr","at":"2026-06-15T10:00:00Z"}`, "purpose"},
					{"unknown field", `{"person":"P1","dataset":"cdr","purpose":"ads","at":"2026-06-15T10:00:00Z","who":"x"}`, "who"},
					{"count not a number", `{"person":"P1","dataset":"cdr","purpose":"ads","at":"2026-06-15T10:00:00Z","count":"many"}`, "count"},
					{"empty batch", `{"requests":[]}`, "requests"},
				}
				for _, tt := range tests {
					t.Run(tt.name, func(t *testing.T) {
						before, _ := audit.Size(context.Background())
						w := e.decide(himitsu.RoleEngineer, tt.body)
						var ae APIError
						_ = json.Unmarshal(w.Body.Bytes(), &ae)
						if w.Code != http.StatusBadRequest || ae.Error.Field != tt.field {
							t.Errorf("got %d field %q (%s), want 400 field %q", w.Code, ae.Error.Field, w.Body, tt.field)
						}
						if after, _ := audit.Size(context.Background()); after != before {
							t.Errorf("got audit log size %d after a malformed request, want %d", after, before)
						}
					})
				}
			})

			t.Run("withdrawal seen by another instance within a second", func(t *testing.T) {
				// A second store handle and server on the same database
				// stand for a second `himitsu serve` instance.
				st2, err := sqlstore.Open(context.Background(), dsn)
				if err != nil {
					t.Fatal(err)
				}
				defer st2.Close()
				cfg := Defaults()
				cfg.Password = auth.TestParams()
				cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
				if _, err := New(cfg, st2); err != nil {
					t.Fatal(err)
				}
				// The first instance has a snapshot in which C1 is in force.
				if w := e.decide(himitsu.RoleEngineer, one); !strings.Contains(w.Body.String(), `"allow":true`) {
					t.Fatalf("got %s before the withdrawal, want allowed", w.Body)
				}
				c, err := st2.Consents().Get(ctx, "a", "C1")
				if err != nil {
					t.Fatal(err)
				}
				c.Record.WithdrawnAt = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
				if _, err := st2.Consents().Update(ctx, "a", c.Record, c.Version); err != nil {
					t.Fatal(err)
				}
				changed := time.Now()
				for {
					w := e.decide(himitsu.RoleEngineer, one)
					if strings.Contains(w.Body.String(), `"reason":"consent-withdrawn"`) {
						break
					}
					if time.Since(changed) > time.Second {
						t.Fatalf("got %s more than a second after the withdrawal, want consent-withdrawn", w.Body)
					}
					time.Sleep(50 * time.Millisecond)
				}
				g, err := st2.Grants().Get(ctx, "a", "G1")
				if err != nil {
					t.Fatal(err)
				}
				g.Record.RevokedOn = himitsu.Date{Year: 2026, Month: 6, Day: 1}
				if _, err := st2.Grants().Update(ctx, "a", g.Record, g.Version); err != nil {
					t.Fatal(err)
				}
				changed = time.Now()
				for {
					w := e.decide(himitsu.RoleEngineer, one)
					if strings.Contains(w.Body.String(), `"reason":"grant-revoked"`) {
						break
					}
					if time.Since(changed) > time.Second {
						t.Fatalf("got %s more than a second after the revocation, want grant-revoked", w.Body)
					}
					time.Sleep(50 * time.Millisecond)
				}
			})
		})
	}
}
