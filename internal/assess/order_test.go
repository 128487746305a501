package assess_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/assess"
	"github.com/himitsu-oss/himitsu/internal/bundle"
	"github.com/himitsu-oss/himitsu/internal/catalog"
)

// TestResultDoesNotDependOnRecordOrder assesses the example carrier twice,
// the second time with every register and both logs in reverse order, as
// they may come from a bundle (file order) or the store (ID order): the
// assessments must be identical.
func TestResultDoesNotDependOnRecordOrder(t *testing.T) {
	ctx := context.Background()
	cat, err := catalog.Default()
	if err != nil {
		t.Fatal(err)
	}
	b, err := bundle.Read(ctx, "../../examples/minato-mobile")
	if err != nil {
		t.Fatal(err)
	}
	events := &himitsu.EventSlices{}
	if err := b.AccessEvents(ctx, func(e *himitsu.AccessEvent) error { events.Access = append(events.Access, *e); return nil }); err != nil {
		t.Fatal(err)
	}
	if err := b.EntryLogs(ctx, func(e *himitsu.EntryLog) error { events.Entries = append(events.Entries, *e); return nil }); err != nil {
		t.Fatal(err)
	}
	opts := assess.Options{AsOf: himitsu.Date{Year: 2026, Month: 11, Day: 1}}
	want, err := assess.Run(ctx, cat, b.Records, events, opts)
	if err != nil {
		t.Fatal(err)
	}

	reversed := *b.Records
	rv := reflect.ValueOf(&reversed).Elem()
	for i := range rv.NumField() {
		if f := rv.Field(i); f.Kind() == reflect.Slice {
			c := reflect.MakeSlice(f.Type(), f.Len(), f.Len())
			for j := range f.Len() {
				c.Index(f.Len() - 1 - j).Set(f.Index(j))
			}
			f.Set(c)
		}
	}
	rev := &himitsu.EventSlices{}
	for i := len(events.Access) - 1; i >= 0; i-- {
		rev.Access = append(rev.Access, events.Access[i])
	}
	for i := len(events.Entries) - 1; i >= 0; i-- {
		rev.Entries = append(rev.Entries, events.Entries[i])
	}
	got, err := assess.Run(ctx, cat, &reversed, rev, opts)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		for _, part := range []struct {
			name      string
			got, want any
		}{
			{"findings", got.Findings, want.Findings},
			{"services", got.Determinations.Services, want.Determinations.Services},
			{"incidents", got.Determinations.Incidents, want.Determinations.Incidents},
			{"judgement", got.Judgement, want.Judgement},
			{"counts", got.Counts, want.Counts},
		} {
			if !reflect.DeepEqual(part.got, part.want) {
				t.Errorf("%s differ when the records come in reverse order:\ngot  %+v\nwant %+v", part.name, part.got, part.want)
			}
		}
	}
}
