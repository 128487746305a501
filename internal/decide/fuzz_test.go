package decide

import (
	"encoding/json"
	"sync"
	"testing"
	"time"
)

// FuzzDecide feeds arbitrary JSON requests to Decide: it must never
// panic, a request that fails Validate is always denied as invalid, and
// an allowed decision always names its basis.
func FuzzDecide(f *testing.F) {
	rec, opt, subs := Fixture()
	s := Build(rec, opt, 1, time.Now())
	f.Add(`{"person":"P1","dataset":"cdr","elements":["cell_id"],"purpose":"ads","subjects":["` + subs[0] + `"],"at":"2026-06-15T10:00:00Z"}`)
	f.Add(`{"account":"a-batch","dataset":"cdr","purpose":"billing","count":2,"at":"2026-06-15T10:00:00Z"}`)
	f.Add(`{"person":"P1","dataset":"cdr","purpose":"investigation","warrant":"W1","subjects":["` + subs[5] + `"],"at":"2026-05-10T00:00:00Z"}`)
	f.Add(`{"person":"P1","dataset":"mail","purpose":"rescue","justification":"x","count":-1,"at":"2026-06-15T10:00:00Z"}`)
	f.Fuzz(func(t *testing.T, body string) {
		var r Request
		if json.Unmarshal([]byte(body), &r) != nil {
			return
		}
		d := s.Decide(&r)
		if r.Validate() != nil && (d.Allow || d.Reason != ReasonInvalidRequest) {
			t.Fatalf("got %+v for an invalid request, want a denial %s", d, ReasonInvalidRequest)
		}
		if d.Allow && d.Basis == "" {
			t.Fatalf("got %+v: allowed without a basis", d)
		}
		if en, ja := d.Explain(); en == "" || ja == "" {
			t.Fatalf("got an empty explanation for %+v", d)
		}
	})
}

// TestHolderConcurrent swaps snapshots while other goroutines decide; run
// with -race it shows that readers need no lock, and every decision is
// made on one whole snapshot (the withdrawn and the valid consent never
// mix within a version).
func TestHolderConcurrent(t *testing.T) {
	rec, opt, subs := Fixture()
	withdrawn := *rec
	withdrawn.Consents = append(withdrawn.Consents[:0:0], rec.Consents...)
	withdrawn.Consents[0].WithdrawnAt = at("2026-06-01T00:00:00Z")
	var h Holder
	h.Store(Build(rec, opt, 0, time.Now()))
	req := Request{Person: "P1", DataSet: "cdr", Elements: []string{"cell_id"}, Purpose: "ads", Subjects: subs[:1], At: at("2026-06-15T10:00:00Z")}
	var wg sync.WaitGroup
	stop := make(chan struct{})
	errs := make(chan string, 2)
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				d := h.Decide(&req)
				if (d.Version%2 == 0) != d.Allow {
					errs <- "a decision mixed two snapshots"
					return
				}
			}
		}()
	}
	for v := range uint64(200) {
		if v%2 == 0 {
			h.Store(Build(rec, opt, v, time.Now()))
		} else {
			h.Store(Build(&withdrawn, opt, v, time.Now()))
		}
	}
	close(stop)
	wg.Wait()
	select {
	case e := <-errs:
		t.Fatal(e)
	default:
	}
}
