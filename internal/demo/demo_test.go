package demo

import (
	"context"
	"errors"
	"hash/maphash"
	"math"
	"reflect"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/himitsu-oss/himitsu"
)

func generate(t testing.TB, opts Options) *Carrier {
	t.Helper()
	c, err := Generate(opts)
	if err != nil {
		t.Fatalf("Generate(%+v): %v", opts, err)
	}
	return c
}

// registers returns every slice register of rec by name, as values.
func registers(rec *himitsu.Records) map[string]reflect.Value {
	out := map[string]reflect.Value{}
	rv := reflect.ValueOf(rec).Elem()
	for i := range rv.NumField() {
		f := rv.Type().Field(i)
		if rv.Field(i).Kind() != reflect.Slice {
			continue
		}
		name := f.Tag.Get("json")
		for j := range len(name) {
			if name[j] == ',' {
				name = name[:j]
				break
			}
		}
		out[name] = rv.Field(i)
	}
	return out
}

type validator interface{ Validate() error }

func TestGenerateValid(t *testing.T) {
	c := generate(t, Options{Seed: 1})
	rec := c.Records
	if err := rec.Carrier.Validate(); err != nil {
		t.Errorf("carrier: %v", err)
	}
	if err := rec.Desk.Validate(); err != nil {
		t.Errorf("desk: %v", err)
	}
	idx := himitsu.NewIndex(rec)
	if err := idx.CheckRefs(&rec.Desk); err != nil {
		t.Errorf("desk: %v", err)
	}
	for name, v := range registers(rec) {
		seen := map[string]bool{}
		for i := range v.Len() {
			p := v.Index(i).Addr().Interface()
			id := v.Index(i).FieldByName("ID").String()
			if err := p.(validator).Validate(); err != nil {
				t.Errorf("%s %s: %v", name, id, err)
			}
			if err := idx.CheckRefs(p); err != nil {
				t.Errorf("%s %s: %v", name, id, err)
			}
			if seen[id] {
				t.Errorf("%s: duplicate ID %s", name, id)
			}
			seen[id] = true
		}
	}
	ctx := context.Background()
	var prev himitsu.AccessEvent
	n := 0
	err := c.Events.AccessEvents(ctx, func(e *himitsu.AccessEvent) error {
		if err := e.Validate(); err != nil {
			return errors.New(e.ID + ": " + err.Error())
		}
		if err := idx.CheckAccessEvent(e); err != nil {
			return errors.New(e.ID + ": " + err.Error())
		}
		if want := EventID(int64(n)); e.ID != want {
			return errors.New("got ID " + e.ID + ", want " + want)
		}
		if n > 0 && e.At.Before(prev.At) {
			return errors.New(e.ID + " is earlier than " + prev.ID)
		}
		if !e.At.Before(DefaultAsOf().Time()) || e.At.Before(DefaultAsOf().AddDays(-windowDays).Time()) {
			return errors.New(e.ID + " lies outside the six-month window: " + e.At.String())
		}
		prev = *e
		n++
		return nil
	})
	if err != nil {
		t.Fatalf("access events: %v", err)
	}
	if n != c.Counts["access_events"] {
		t.Errorf("access events: got %d, want Counts %d", n, c.Counts["access_events"])
	}
	n = 0
	seen := map[string]bool{}
	err = c.Events.EntryLogs(ctx, func(e *himitsu.EntryLog) error {
		if err := e.Validate(); err != nil {
			return errors.New(e.ID + ": " + err.Error())
		}
		if err := idx.CheckRefs(e); err != nil {
			return errors.New(e.ID + ": " + err.Error())
		}
		if seen[e.ID] {
			return errors.New("duplicate entry log " + e.ID)
		}
		seen[e.ID] = true
		n++
		return nil
	})
	if err != nil {
		t.Fatalf("entry logs: %v", err)
	}
	if n != c.Counts["entry_logs"] {
		t.Errorf("entry logs: got %d, want Counts %d", n, c.Counts["entry_logs"])
	}
}

// streamHash hashes every field of both streams, so equal hashes mean
// equal streams.
func streamHash(t testing.TB, seed maphash.Seed, c *Carrier, limit int) (uint64, uint64) {
	t.Helper()
	var h maphash.Hash
	h.SetSeed(seed)
	n := 0
	stop := errors.New("stop")
	err := c.Events.AccessEvents(context.Background(), func(e *himitsu.AccessEvent) error {
		if limit > 0 && n == limit {
			return stop
		}
		n++
		h.WriteString(e.ID)
		h.WriteString(strconv.FormatInt(e.At.UnixNano(), 10))
		for _, s := range []string{e.Account, e.Person, e.DataSet, string(e.Action), e.Purpose, e.Subscriber} {
			h.WriteString(s)
			h.WriteByte(0)
		}
		h.WriteString(strconv.Itoa(e.Records))
		return nil
	})
	if err != nil && err != stop {
		t.Fatal(err)
	}
	access := h.Sum64()
	h.Reset()
	err = c.Events.EntryLogs(context.Background(), func(e *himitsu.EntryLog) error {
		for _, s := range []string{e.ID, e.Area, e.Person, e.Visitor, string(e.Direction), e.Method, e.Escorted.String()} {
			h.WriteString(s)
			h.WriteByte(0)
		}
		h.WriteString(strconv.FormatInt(e.At.UnixNano(), 10))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return access, h.Sum64()
}

func TestDeterministic(t *testing.T) {
	seed := maphash.MakeSeed()
	a := generate(t, Options{Seed: 7})
	b := generate(t, Options{Seed: 7})
	if !reflect.DeepEqual(a.Records, b.Records) {
		t.Error("two generations with seed 7 gave different records")
	}
	if !reflect.DeepEqual(a.Weaknesses, b.Weaknesses) || !reflect.DeepEqual(a.Counts, b.Counts) {
		t.Error("two generations with seed 7 gave different weaknesses or counts")
	}
	a1, a2 := streamHash(t, seed, a, 0)
	b1, b2 := streamHash(t, seed, b, 0)
	if a1 != b1 || a2 != b2 {
		t.Errorf("streams of two generations differ: got %x/%x, want %x/%x", b1, b2, a1, a2)
	}
	// Iterating the same source again gives the same streams.
	if c1, c2 := streamHash(t, seed, a, 0); c1 != a1 || c2 != a2 {
		t.Errorf("second iteration differs: got %x/%x, want %x/%x", c1, c2, a1, a2)
	}
}

func TestSeedsDiffer(t *testing.T) {
	seed := maphash.MakeSeed()
	a := generate(t, Options{Seed: 1})
	b := generate(t, Options{Seed: 2})
	if reflect.DeepEqual(a.Records.Persons, b.Records.Persons) {
		t.Error("seeds 1 and 2 gave the same persons")
	}
	if reflect.DeepEqual(a.Records.Consents, b.Records.Consents) {
		t.Error("seeds 1 and 2 gave the same consents")
	}
	a1, a2 := streamHash(t, seed, a, 100000)
	b1, b2 := streamHash(t, seed, b, 100000)
	if a1 == b1 || a2 == b2 {
		t.Error("seeds 1 and 2 gave the same event streams")
	}
}

func TestCounts(t *testing.T) {
	tests := []struct {
		name  string
		scale int
		want  map[string]int
	}{
		{"scale 1", 1, map[string]int{"access_events": 1000000, "entry_logs": 50000, "complaints": 2000, "persons": 300,
			"system_changes": 200, "consents": 8120}},
		{"scale 3", 3, map[string]int{"access_events": 3000000, "entry_logs": 150000, "complaints": 6000, "persons": 300,
			"consents": 24360}},
		{"scale 11", 11, map[string]int{"access_events": 11000000, "entry_logs": 550000, "complaints": 22000, "persons": 600,
			"consents": 89320}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := generate(t, Options{Seed: 3, Scale: tc.scale})
			for reg, want := range tc.want {
				if got := c.Counts[reg]; math.Abs(float64(got-want)) > 0.1*float64(want) {
					t.Errorf("%s: got %d, want %d ± 10%%", reg, got, want)
				}
			}
			if got, want := c.Records.Carrier.Subscribers, baseSubscribers*tc.scale; got != want {
				t.Errorf("subscribers: got %d, want %d", got, want)
			}
			for name, v := range registers(c.Records) {
				if got := c.Counts[name]; got != v.Len() {
					t.Errorf("Counts[%s]: got %d, want %d records", name, got, v.Len())
				}
			}
		})
	}
}

func TestWeaknessesExist(t *testing.T) {
	c := generate(t, Options{Seed: 5})
	ids := map[string]map[string]bool{}
	for name, v := range registers(c.Records) {
		ids[name] = map[string]bool{}
		for i := range v.Len() {
			ids[name][v.Index(i).FieldByName("ID").String()] = true
		}
	}
	ids["access_events"], ids["entry_logs"] = map[string]bool{}, map[string]bool{}
	wanted := map[string]bool{}
	for _, w := range c.Weaknesses {
		if w.Register == "access_events" || w.Register == "entry_logs" {
			for _, id := range w.IDs {
				wanted[id] = true
			}
		}
	}
	c.Events.AccessEvents(context.Background(), func(e *himitsu.AccessEvent) error {
		if wanted[e.ID] {
			ids["access_events"][e.ID] = true
		}
		return nil
	})
	c.Events.EntryLogs(context.Background(), func(e *himitsu.EntryLog) error {
		if wanted[e.ID] {
			ids["entry_logs"][e.ID] = true
		}
		return nil
	})
	rules := map[string]bool{}
	for _, w := range c.Weaknesses {
		rules[w.Rule] = true
		if len(w.IDs) == 0 {
			t.Errorf("%s: no records", w.Rule)
		}
		if w.Description.JA == "" || w.Description.EN == "" {
			t.Errorf("%s: description lacks a language", w.Rule)
		}
		if _, ok := himitsu.LookupRegister(w.Register); !ok {
			t.Errorf("%s: unknown register %q", w.Rule, w.Register)
		}
		for _, id := range w.IDs {
			if !ids[w.Register][id] {
				t.Errorf("%s: %s %s does not exist", w.Rule, w.Register, id)
			}
		}
	}
	for _, r := range []string{"tech.stale-grants", "tech.shared-accounts", "tech.extract-exposure", "tech.unapproved-export",
		"phy.retention-exceeded", "cmp.leak-clue-escalation", "use.event-without-consent", "hum.repeated-takeout",
		"phy.area-control", "phy.entry-records", "org.log-review", "hum.training-coverage", "org.attestation-contradicted"} {
		if !rules[r] {
			t.Errorf("no weakness planted for %s", r)
		}
	}
}

// TestStreamingMemoryFlat checks that iterating the access log holds no
// events: the live heap after a full pass is what it was after a tenth.
func TestStreamingMemoryFlat(t *testing.T) {
	c := generate(t, Options{Seed: 9})
	live := func() uint64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	var samples []uint64
	n := int64(0)
	total := int64(c.Counts["access_events"])
	err := c.Events.AccessEvents(context.Background(), func(e *himitsu.AccessEvent) error {
		n++
		if n == total/10 || n == total/2 || n == total {
			samples = append(samples, live())
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(samples) != 3 {
		t.Fatalf("got %d samples, want 3", len(samples))
	}
	const slack = 1 << 20
	if samples[2] > samples[0]+slack {
		t.Errorf("live heap grew while streaming: got %d bytes at the end, want at most %d (after a tenth) + 1 MiB", samples[2], samples[0])
	}
}

func TestStreamStops(t *testing.T) {
	c := generate(t, Options{Seed: 1})
	stop := errors.New("stop")
	n := 0
	err := c.Events.AccessEvents(context.Background(), func(*himitsu.AccessEvent) error {
		n++
		if n == 10 {
			return stop
		}
		return nil
	})
	if err != stop || n != 10 {
		t.Errorf("callback error: got %v after %d events, want stop after 10", err, n)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := c.Events.EntryLogs(ctx, func(*himitsu.EntryLog) error { return nil }); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled context: got %v, want context.Canceled", err)
	}
}

func TestOptions(t *testing.T) {
	for _, scale := range []int{-1, MaxScale + 1} {
		_, err := Generate(Options{Scale: scale})
		if himitsu.ErrorKind(err) != himitsu.KindInvalid {
			t.Errorf("scale %d: got %v, want a KindInvalid error", scale, err)
		}
	}
	c := generate(t, Options{})
	if got := c.Counts["access_events"]; got != baseAccessEvents {
		t.Errorf("zero options: got %d events, want %d", got, baseAccessEvents)
	}
	asOf := himitsu.Date{Year: 2027, Month: time.March, Day: 15}
	c = generate(t, Options{AsOf: asOf})
	var last time.Time
	c.Events.AccessEvents(context.Background(), func(e *himitsu.AccessEvent) error {
		last = e.At
		return nil
	})
	if !last.Before(asOf.Time()) || last.Before(asOf.AddDays(-2).Time()) {
		t.Errorf("last event with AsOf %s: got %s, want within the day before", asOf, last)
	}
}

func BenchmarkGenerateEvents(b *testing.B) {
	c := generate(b, Options{Seed: 1})
	ctx := context.Background()
	n := 0
	b.ResetTimer()
	for range b.N {
		c.Events.AccessEvents(ctx, func(*himitsu.AccessEvent) error {
			n++
			return nil
		})
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "events/s")
}

func BenchmarkGenerate(b *testing.B) {
	for range b.N {
		generate(b, Options{Seed: int64(b.N)})
	}
}
