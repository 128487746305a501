package assess

import "github.com/himitsu-oss/himitsu"

// recurrence is an incident whose cause had already been established for
// an earlier incident, after a measure against that earlier incident was
// done: the measure did not work (Guidelines §5(3)(i)iv, "not practically
// functioning"), and the cumulative principle weighs it.
type recurrence struct {
	later, earlier *himitsu.Incident
	measure        *himitsu.RecurrenceMeasure
}

// recurrences finds, for each incident (other than a near-miss) with an
// established cause, the first earlier incident of the same cause whose
// recurrence measure was done on or before the later incident happened.
func (e *env) recurrences() []recurrence {
	var out []recurrence
	for i := range e.rec.Incidents {
		b := &e.rec.Incidents[i]
		if b.Kind == himitsu.IncidentNearMiss || b.CauseCategory == "" || b.CauseCategory == himitsu.CauseUnknown {
			continue
		}
		bAt := b.OccurredAt
		if bAt.IsZero() {
			bAt = b.KnownAt
		}
	earlier:
		for j := range e.rec.Incidents {
			a := &e.rec.Incidents[j]
			if i == j || a.CauseCategory != b.CauseCategory || a.Kind == himitsu.IncidentNearMiss || !a.KnownAt.Before(bAt) {
				continue
			}
			for _, m := range e.measures[a.ID] {
				if !m.DoneOn.IsZero() && !m.DoneOn.After(himitsu.DateOf(bAt)) {
					out = append(out, recurrence{later: b, earlier: a, measure: m})
					break earlier
				}
			}
		}
	}
	return out
}
