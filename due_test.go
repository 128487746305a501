package himitsu

import (
	"slices"
	"testing"
)

func mustDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestDueStateOf(t *testing.T) {
	tests := []struct {
		name, due, done, asOf string
		state                 DueState
		daysLate              int
	}{
		{"upcoming beyond the window", "2026-05-10", "", "2026-05-06", DueUpcoming, 0},
		{"soon at the window's edge", "2026-05-10", "", "2026-05-07", DueSoon, 0},
		{"soon on the day", "2026-05-10", "", "2026-05-10", DueSoon, 0},
		{"late the day after", "2026-05-10", "", "2026-05-11", DueLate, 1},
		{"late across a month", "2026-04-30", "", "2026-05-31", DueLate, 31},
		{"done on the day", "2026-05-10", "2026-05-10", "2026-06-01", DueDone, 0},
		{"done early", "2026-05-10", "2026-05-01", "2026-05-02", DueDone, 0},
		{"done late", "2026-05-10", "2026-05-12", "2026-06-01", DueDoneLate, 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var done Date
			if tc.done != "" {
				done = mustDate(tc.done)
			}
			st, n := DueStateOf(mustDate(tc.due), done, mustDate(tc.asOf), 3)
			if st != tc.state || n != tc.daysLate {
				t.Errorf("got %s %d, want %s %d", st, n, tc.state, tc.daysLate)
			}
		})
	}
}

func TestNewBoard(t *testing.T) {
	items := []DueItem{
		{Key: "a", Due: mustDate("2026-05-20"), State: DueUpcoming},
		{Key: "b", Due: mustDate("2026-05-01"), State: DueDone},
		{Key: "c", Due: mustDate("2026-05-09"), State: DueLate},
		{Key: "d", Due: mustDate("2026-05-11"), State: DueSoon},
		{Key: "e", Due: mustDate("2026-05-02"), State: DueLate},
		{Key: "f", Due: mustDate("2026-04-01"), State: DueDoneLate},
	}
	b := NewBoard(mustDate("2026-05-10"), 3, items)
	var got []string
	for _, it := range b.Items {
		got = append(got, it.Key)
	}
	if want := []string{"e", "c", "d", "a", "f", "b"}; !slices.Equal(got, want) {
		t.Errorf("board order %v, want %v (late first, then by due day)", got, want)
	}
	if b.Late != 2 || b.Soon != 1 || b.Upcoming != 1 || b.DoneLate != 1 || b.Done != 1 {
		t.Errorf("counts %+v", b)
	}
	got = got[:0]
	for _, it := range b.ByDue() {
		got = append(got, it.Key)
	}
	if want := []string{"f", "b", "e", "c", "d", "a"}; !slices.Equal(got, want) {
		t.Errorf("by due %v, want %v", got, want)
	}
	if items[0].Key != "a" {
		t.Error("NewBoard reordered the caller's slice")
	}
	if e := NewBoard(mustDate("2026-05-10"), 3, nil); e.Items == nil {
		t.Error("an empty board has a nil item list (JSON null)")
	}
}
