package anchors

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/decide"
	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage/inmem"
)

// The P-targets of docs/performance.md: himitsu's decision point
// (internal/decide) against Open Policy Agent running the same rules in
// Rego (testdata/decide.rego) over the same records.

func day(d himitsu.Date) int {
	if d.IsZero() {
		return 0
	}
	return d.Year*10000 + int(d.Month)*100 + d.Day
}

func unix(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.Unix()
}

// opaData is the records as OPA's data document (data.h). Consent
// validity is taken from decide.EvaluateConsent, as the Go snapshot
// computes it once at build time: the differential test compares the
// decision steps, not the consent verdicts, which TestEvaluateConsent
// covers in the product.
func opaData(rec *himitsu.Records, opt decide.Options) map[string]any {
	persons := map[string]any{}
	for _, p := range rec.Persons {
		persons[p.ID] = map[string]any{"left": day(p.LeftOn)}
	}
	accounts := map[string]any{}
	for _, a := range rec.Accounts {
		accounts[a.ID] = map[string]any{"person": a.Person, "shared": decide.SharedAccount(&a), "disabled": day(a.DisabledOn)}
	}
	datasets := map[string]any{}
	for _, d := range rec.DataSets {
		els, classes := map[string]any{}, []any{}
		for _, e := range d.Elements {
			els[e.Name] = string(e.Class)
			classes = append(classes, string(e.Class))
		}
		datasets[d.ID] = map[string]any{"elements": els, "classes": classes}
	}
	lawful := opt.LawfulOps
	if len(lawful) == 0 {
		lawful = decide.DefaultLawfulOps
	}
	purposes := map[string]any{}
	for _, p := range rec.Purposes {
		ds, cl := []any{}, []any{}
		for _, d := range p.DataSets {
			ds = append(ds, d)
		}
		for _, c := range p.Classes {
			cl = append(cl, string(c))
		}
		purposes[p.ID] = map[string]any{"basis": string(p.Basis), "lawful": slices.Contains(lawful, p.LawfulBusiness), "datasets": ds, "classes": cl}
	}
	grants := map[string][]any{}
	for _, g := range rec.Grants {
		acts := []any{}
		for _, a := range himitsu.Action("").Values() {
			if g.Scope.Allows(himitsu.Action(a)) {
				acts = append(acts, a)
			}
		}
		v := map[string]any{"id": g.ID, "granted": day(g.GrantedOn), "expires": day(g.ExpiresOn), "revoked": day(g.RevokedOn), "actions": acts, "purpose": g.Purpose}
		if g.Person != "" {
			grants["p:"+g.Person+":"+g.DataSet] = append(grants["p:"+g.Person+":"+g.DataSet], v)
		}
		if g.Account != "" {
			grants["a:"+g.Account+":"+g.DataSet] = append(grants["a:"+g.Account+":"+g.DataSet], v)
		}
	}
	pmap := map[string]*himitsu.Purpose{}
	for i := range rec.Purposes {
		pmap[rec.Purposes[i].ID] = &rec.Purposes[i]
	}
	consents := map[string][]any{}
	for i := range rec.Consents {
		c := &rec.Consents[i]
		v := decide.EvaluateConsent(c, pmap[c.Purpose])
		k := c.Subscriber + "|" + c.Purpose
		consents[k] = append(consents[k], map[string]any{"id": c.ID, "given": unix(c.GivenAt), "withdrawn": unix(c.WithdrawnAt), "valid": v.Valid,
			"elements": append([]string{}, c.Elements...)})
	}
	warrants := map[string]any{}
	for _, w := range decide.WarrantsOf(rec) {
		warrants[w.ID] = map[string]any{"id": w.ID, "subjects": w.Subjects, "datasets": w.DataSets, "elements": append([]string{}, w.Elements...),
			"from": unix(w.ValidFrom), "until": unix(w.ValidUntil)}
	}
	limits := map[string]any{}
	for k, v := range opt.BulkLimits {
		limits[k] = v
	}
	bl := opt.BulkLimit
	if bl <= 0 {
		bl = decide.DefaultBulkLimit
	}
	// Round-trip through JSON types OPA's store accepts.
	conv := func(m map[string][]any) map[string]any {
		out := map[string]any{}
		for k, v := range m {
			out[k] = v
		}
		return out
	}
	return map[string]any{"h": map[string]any{"persons": persons, "accounts": accounts, "datasets": datasets, "purposes": purposes,
		"grants": conv(grants), "consents": conv(consents), "warrants": warrants, "limits": limits, "bulk_limit": bl}}
}

// opaInput is a request as OPA's input, with its day and time precomputed.
func opaInput(r *decide.Request) map[string]any {
	action := string(r.Action)
	if action == "" {
		action = "read"
	}
	subs := []any{}
	for _, s := range r.Subjects {
		subs = append(subs, s)
	}
	els := []any{}
	for _, e := range r.Elements {
		els = append(els, e)
	}
	return map[string]any{"person": r.Person, "account": r.Account, "dataset": r.DataSet, "elements": els, "action": action,
		"subjects": subs, "count": r.Count, "purpose": r.Purpose, "at": r.At.Unix(), "day": day(himitsu.DateOf(r.At)),
		"warrant": r.Warrant, "justification": r.Justification, "second_approver": r.SecondApprover}
}

func prepareOPA(tb testing.TB, rec *himitsu.Records, opt decide.Options) rego.PreparedEvalQuery {
	tb.Helper()
	src, err := os.ReadFile("testdata/decide.rego")
	if err != nil {
		tb.Fatal(err)
	}
	store := inmem.NewFromObject(opaData(rec, opt))
	pq, err := rego.New(rego.Query("data.himitsu.decision"), rego.Module("decide.rego", string(src)), rego.Store(store)).PrepareForEval(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	return pq
}

// randomRequest draws a valid request over the fixture's names, with
// unknown names, edge times and bulk counts mixed in.
func randomRequest(rng *rand.Rand, subs []string) decide.Request {
	pick := func(xs ...string) string { return xs[rng.IntN(len(xs))] }
	r := decide.Request{
		Person:         pick("", "", "P1", "P1", "P2", "P3", "P9"),
		Account:        pick("", "", "", "a-p1", "a-shared", "a-batch", "a-old", "a-none"),
		DataSet:        pick("cdr", "cdr", "cdr", "mail", "nope"),
		Action:         himitsu.Action(pick("", "", "read", "query", "export", "modify")),
		Purpose:        pick("billing", "research", "ads", "ads", "ads", "spam", "investigation", "rescue", "nope"),
		Warrant:        pick("", "W1", "W1", "W9"),
		Justification:  pick("", " ", "a caller reported a person in danger"),
		SecondApprover: pick("", "", "", "P1", "P2", "P3", "P9"),
	}
	if r.Person == "" && r.Account == "" {
		r.Person = "P1"
	}
	names := []string{"calling_number", "called_number", "start_time", "cell_id", "charge", "body", "sender", "imsi"}
	for range rng.IntN(3) {
		r.Elements = append(r.Elements, names[rng.IntN(len(names))])
	}
	for range rng.IntN(5) {
		r.Subjects = append(r.Subjects, subs[rng.IntN(len(subs))])
	}
	if rng.IntN(3) == 0 {
		r.Count = rng.IntN(6)
	}
	// Half the corpus is a plausible request of a person with grants,
	// within the bulk limit, so the allowing paths are well exercised.
	if rng.IntN(2) == 0 {
		r.Person, r.Account, r.Count, r.Action = "P1", "", 0, ""
		if len(r.Subjects) > 3 {
			r.Subjects = r.Subjects[:3]
		}
		if rng.IntN(2) == 0 {
			r.Elements = []string{pick("cell_id", "start_time", "charge", "calling_number")}
		}
	}
	times := []string{"2025-06-01T00:00:00Z", "2026-01-15T00:00:00Z", "2026-01-31T15:00:00Z", "2026-02-01T00:00:00Z", "2026-03-31T14:59:59Z",
		"2026-03-31T15:00:00Z", "2026-05-10T00:00:00Z", "2026-05-31T23:59:59Z", "2026-06-15T10:00:00Z", "2026-07-01T00:00:00Z",
		"2026-08-31T15:00:00Z", "2026-09-02T00:00:00Z"}
	r.At, _ = time.Parse(time.RFC3339, pick(times...))
	if rng.IntN(4) == 0 {
		r.At = r.At.Add(time.Duration(rng.IntN(48*3600)-24*3600) * time.Second)
	}
	return r
}

type opaAnswer struct {
	Allow                                    bool
	Reason, Register, Record, Subject, Basis string
	Review                                   bool
}

func evalOPA(tb testing.TB, pq rego.PreparedEvalQuery, in ast.Value) opaAnswer {
	rs, err := pq.Eval(context.Background(), rego.EvalParsedInput(in))
	if err != nil || len(rs) != 1 || len(rs[0].Expressions) != 1 {
		tb.Fatalf("OPA gave %v, %v", rs, err)
	}
	m := rs[0].Expressions[0].Value.(map[string]any)
	s := func(k string) string { v, _ := m[k].(string); return v }
	b := func(k string) bool { v, _ := m[k].(bool); return v }
	return opaAnswer{b("allow"), s("reason"), s("register"), s("record"), s("subject"), s("basis"), b("review")}
}

// TestDifferentialOPA (P5) decides random requests with both and counts
// the answers that differ: allow, reason, basis, register, record,
// subject and review must all agree. CI runs it (.ci/run).
func TestDifferentialOPA(t *testing.T) {
	n := 100000
	if testing.Short() {
		n = 5000
	}
	rec, opt, subs := decide.Fixture()
	snap := decide.Build(rec, opt, 1, time.Now())
	pq := prepareOPA(t, rec, opt)
	rng := rand.New(rand.NewPCG(8, 2026))
	mismatches, allowed := 0, 0
	reasons := map[string]int{}
	for i := range n {
		r := randomRequest(rng, subs)
		if err := r.Validate(); err != nil {
			t.Fatalf("request %d is not valid: %v", i, err)
		}
		g := snap.Decide(&r)
		in, err := ast.InterfaceToValue(opaInput(&r))
		if err != nil {
			t.Fatal(err)
		}
		o := evalOPA(t, pq, in)
		want := opaAnswer{g.Allow, g.Reason, g.Register, g.Record, g.Subject, string(g.Basis), g.Review}
		reasons[g.Reason]++
		if g.Allow {
			allowed++
		}
		if o != want {
			mismatches++
			if mismatches <= 5 {
				t.Errorf("request %d %+v: Decide gave %+v, OPA %+v", i, r, want, o)
			}
		}
	}
	if mismatches > 0 {
		t.Errorf("got %d mismatches in %d requests, want 0", mismatches, n)
	}
	// A corpus that never reaches a rule proves nothing about it.
	for _, want := range []string{decide.ReasonAllowed, decide.ReasonJustifiedByReview, decide.ReasonConsentWithdrawn, decide.ReasonConsentInvalid,
		decide.ReasonGrantRevoked, decide.ReasonGrantExpired, decide.ReasonBulkOverLimit, decide.ReasonWarrantScope, decide.ReasonSharedAccount,
		decide.ReasonPurposeElements, decide.ReasonNotLawfulOp, decide.ReasonNoConsent, decide.ReasonConsentElements, decide.ReasonWarrantExpired} {
		if reasons[want] == 0 {
			t.Errorf("no request of the corpus ended in %s", want)
		}
	}
	t.Logf("%d requests, %d allowed, %d distinct reasons, %d mismatches", n, allowed, len(reasons), mismatches)
}

// corpus is a fixed set of requests for the benchmarks.
func corpus(n int) ([]decide.Request, []ast.Value, *himitsu.Records, decide.Options) {
	rec, opt, subs := decide.Fixture()
	rng := rand.New(rand.NewPCG(1, 2))
	reqs := make([]decide.Request, n)
	ins := make([]ast.Value, n)
	for i := range reqs {
		reqs[i] = randomRequest(rng, subs)
		ins[i], _ = ast.InterfaceToValue(opaInput(&reqs[i]))
	}
	return reqs, ins, rec, opt
}

// BenchmarkP1 compares ns per decision on the same corpus: himitsu,
// OPA with input given as a Go map, and OPA with input already parsed
// (its best variant). P2 is the allocs/op of the himitsu side.
func BenchmarkP1(b *testing.B) {
	reqs, ins, rec, opt := corpus(1024)
	b.Run("himitsu", func(b *testing.B) {
		snap := decide.Build(rec, opt, 1, time.Now())
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			snap.Decide(&reqs[i&1023])
			i++
		}
	})
	b.Run("opa-parsed-input", func(b *testing.B) {
		pq := prepareOPA(b, rec, opt)
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			evalOPA(b, pq, ins[i&1023])
			i++
		}
	})
	b.Run("opa-map-input", func(b *testing.B) {
		pq := prepareOPA(b, rec, opt)
		maps := make([]map[string]any, len(reqs))
		for i := range reqs {
			maps[i] = opaInput(&reqs[i])
		}
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			if _, err := pq.Eval(context.Background(), rego.EvalInput(maps[i&1023])); err != nil {
				b.Fatal(err)
			}
			i++
		}
	})
}

// BenchmarkP3 reports the 99th percentile of single decisions (p99-ns),
// timed one by one over the corpus.
func BenchmarkP3(b *testing.B) {
	reqs, ins, rec, opt := corpus(1024)
	p99 := func(b *testing.B, fn func(i int)) {
		lat := make([]time.Duration, 0, b.N)
		i := 0
		for b.Loop() {
			t0 := time.Now()
			fn(i & 1023)
			lat = append(lat, time.Since(t0))
			i++
		}
		sort.Slice(lat, func(a, c int) bool { return lat[a] < lat[c] })
		b.ReportMetric(float64(lat[len(lat)*99/100]), "p99-ns")
	}
	b.Run("himitsu", func(b *testing.B) {
		snap := decide.Build(rec, opt, 1, time.Now())
		p99(b, func(i int) { snap.Decide(&reqs[i]) })
	})
	b.Run("opa-parsed-input", func(b *testing.B) {
		pq := prepareOPA(b, rec, opt)
		p99(b, func(i int) { evalOPA(b, pq, ins[i]) })
	})
}

// BenchmarkP4 runs the himitsu decisions on one goroutine and on two (the
// machine has 2 cores): ns/op of the two-goroutine run is per decision,
// so a ratio near 2 between one/two means reads scale (no lock).
func BenchmarkP4(b *testing.B) {
	reqs, _, rec, opt := corpus(1024)
	var h decide.Holder
	h.Store(decide.Build(rec, opt, 1, time.Now()))
	for _, g := range []int{1, 2} {
		b.Run(fmt.Sprintf("goroutines-%d", g), func(b *testing.B) {
			per := b.N / g
			b.ResetTimer()
			var wg sync.WaitGroup
			for w := range g {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for i := range per {
						h.Decide(&reqs[(i+w*512)&1023])
					}
				}()
			}
			wg.Wait()
		})
	}
}

// BenchmarkP6 is reload time: building a new snapshot from the records and
// swapping it in, against OPA preparing the same policy over a new store.
func BenchmarkP6(b *testing.B) {
	rec, opt, _ := decide.Fixture()
	big := bigRecords(rec, 10000)
	b.Run("himitsu", func(b *testing.B) {
		var h decide.Holder
		for b.Loop() {
			h.Store(decide.Build(big, opt, 1, time.Now()))
		}
	})
	b.Run("opa", func(b *testing.B) {
		for b.Loop() {
			prepareOPA(b, big, opt)
		}
	})
}

// bigRecords adds n consents and n/10 grants to rec, for a reload of a
// carrier of realistic size.
func bigRecords(rec *himitsu.Records, n int) *himitsu.Records {
	out := *rec
	out.Consents = slices.Clone(rec.Consents)
	out.Grants = slices.Clone(rec.Grants)
	ps := himitsu.NewPseudonymizer([]byte("bench"))
	for i := range n {
		c := rec.Consents[0]
		c.ID = fmt.Sprintf("CB%d", i)
		c.Subscriber = ps.Pseudonym(fmt.Sprintf("080%08d", i))
		out.Consents = append(out.Consents, c)
		if i%10 == 0 {
			g := rec.Grants[0]
			g.ID = fmt.Sprintf("GB%d", i)
			g.DataSet = "cdr"
			g.Person = "P1"
			out.Grants = append(out.Grants, g)
		}
	}
	_ = strings.TrimSpace
	return &out
}
