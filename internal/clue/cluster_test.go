package clue

import (
	"slices"
	"testing"
	"time"
)

func TestClusters(t *testing.T) {
	rs := Default()
	day := time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)
	mk := func(id, text string, d int) Screened {
		return Screened{ID: id, Text: text, At: day.AddDate(0, 0, d), Verdict: rs.Screen(text)}
	}
	items := []Screened{
		mk("a", "見知らぬ人から何度も電話が来る", 0),
		mk("b", "見知らぬ人から何度も電話がきます", 1),
		mk("c", "見知らぬ人から毎晩電話が来る。怖い", 2),
		mk("d", "請求額が高い", 2),
		mk("e", "見知らぬ人から何度も電話が来る", 40), // outside the window
	}
	for _, it := range items[:3] {
		if it.Verdict.Clue || !it.Verdict.Weak {
			t.Fatalf("%s: got clue %v weak %v, want a weak signal", it.ID, it.Verdict.Clue, it.Verdict.Weak)
		}
	}
	got := Clusters(items, ClusterParams{})
	if len(got) != 1 {
		t.Fatalf("got %d clusters %+v, want 1", len(got), got)
	}
	if want := []string{"a", "b", "c"}; !slices.Equal(got[0].IDs, want) || got[0].Weak != 3 || got[0].Clues != 0 {
		t.Errorf("got ids %v weak %d clues %d, want %v 3 0", got[0].IDs, got[0].Weak, got[0].Clues, want)
	}
	if got[0].Message.EN == "" || got[0].Message.JA == "" {
		t.Errorf("cluster message missing a language: %+v", got[0].Message)
	}
	if got := Clusters(items, ClusterParams{MinSize: 4}); len(got) != 0 {
		t.Errorf("MinSize 4: got %d clusters, want 0", len(got))
	}
}
