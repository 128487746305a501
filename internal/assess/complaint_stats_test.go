package assess

import (
	"slices"
	"testing"
	"time"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/clue"
)

func TestComplaintStats(t *testing.T) {
	at := func(d, h int) time.Time { return time.Date(2026, 10, d, h, 0, 0, 0, himitsu.Tokyo) }
	rec := &himitsu.Records{
		Carrier: himitsu.Carrier{ID: "c1", Name: "テスト通信", Registration: "registered", HeadOfficeBureau: "kanto"},
		Complaints: []himitsu.Complaint{
			{ID: "a", ReceivedAt: at(1, 10), Channel: "phone", Category: "billing", Text: "請求額が高い", FirstResponseAt: at(1, 12), ClosedAt: at(2, 10)},
			{ID: "b", ReceivedAt: at(2, 10), Channel: "email", Category: "other", Text: "知らない人に通話履歴を知られていた", FirstResponseAt: at(2, 14), ClosedAt: at(6, 10)},
			{ID: "c", ReceivedAt: at(3, 10), Channel: "text-relay", Category: "leak-suspicion", LeakClue: himitsu.Yes, Summary: "SIMを勝手に再発行された"},
			{ID: "d", ReceivedAt: at(9, 10), Channel: "web", Category: "other", LeakClue: himitsu.Yes},
			{ID: "late", ReceivedAt: at(30, 10), Channel: "web", Category: "other"}, // after the day judged
		},
		Desk: himitsu.Desk{Languages: []string{"ja"}, Channels: []himitsu.DeskChannel{
			{Kind: "phone", WeekdayHours: "09:00-18:00"},
			{Kind: "text-relay", AlwaysOpen: himitsu.Yes, Languages: []string{"ja", "en"}},
		}},
	}
	e := newEnv(rec, Options{AsOf: himitsu.DateOf(at(20, 0)), Screening: clue.Default()})
	st := e.complaintStats()
	tests := []struct {
		name      string
		got, want any
	}{
		{"total", st.Total, 4},
		{"open", st.Open, 2},
		{"billing", st.ByCategory["billing"], 1},
		{"text relay", st.ByChannel["text-relay"], 1},
		{"first responded", st.FirstResponded, 2},
		{"first response median hours", st.FirstResponseMedianHours, 2.0},
		{"closed", st.Closed, 2},
		{"close p90 days", st.CloseP90Days, 4.0},
		{"screened", st.Screened, 3},
		{"agent clues", st.AgentClues, 2},
		{"screening clues", st.ScreeningClues, 2},
		{"both", st.BothClues, 1},
		{"clue rate", st.ClueRate, 0.75},
		{"accessible", st.AccessibleChannel, true},
		{"always open", st.AlwaysOpen, true},
		{"languages", slices.Equal(st.Languages, []string{"en", "ja"}), true},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %v, want %v", tt.name, tt.got, tt.want)
		}
	}
	if rows := st.Table("ja"); len(rows) == 0 || rows[0].Label.JA == "" || rows[0].Label.EN == "" {
		t.Errorf("table rows %v, want labels in both languages", rows)
	}
}
