package himitsu

import (
	"fmt"
	"sort"
	"strings"
)

// Table renders the figures as labelled rows for the reports.
func (st *ComplaintStats) Table(lang string) []StatRow {
	if st == nil {
		return nil
	}
	counts := func(m map[string]int) string {
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = fmt.Sprintf("%s %d", k, m[k])
		}
		return strings.Join(parts, ", ")
	}
	yes := func(b bool) string {
		if lang == "ja" {
			return map[bool]string{true: "あり", false: "なし"}[b]
		}
		return map[bool]string{true: "yes", false: "no"}[b]
	}
	none := func(s string) string {
		if s == "" {
			return "—"
		}
		return s
	}
	first := fmt.Sprintf("%.1f h (n=%d)", st.FirstResponseMedianHours, st.FirstResponded)
	if st.FirstResponded == 0 {
		first = "— (n=0)"
	}
	closeDays := fmt.Sprintf("%.1f / %.1f (n=%d)", st.CloseMedianDays, st.CloseP90Days, st.Closed)
	if st.Closed == 0 {
		closeDays = "— (n=0)"
	}
	return []StatRow{
		{Label: Text{JA: "苦情の件数（うち未完了）", EN: "Complaints (open)"}, Value: fmt.Sprintf("%d (%d)", st.Total, st.Open)},
		{Label: Text{JA: "分類別", EN: "By category"}, Value: none(counts(st.ByCategory))},
		{Label: Text{JA: "受付手段別", EN: "By channel"}, Value: none(counts(st.ByChannel))},
		{Label: Text{JA: "一次回答までの時間（中央値）", EN: "Time to first response (median)"}, Value: first},
		{Label: Text{JA: "完了までの日数（中央値・90%点）", EN: "Days to close (median, 90th percentile)"}, Value: closeDays},
		{Label: Text{JA: "漏えいの端緒: 担当者の判断 / himitsu の読み取り / 両方", EN: "Leak clues: agent / screening / both"}, Value: fmt.Sprintf("%d / %d / %d (%d read)", st.AgentClues, st.ScreeningClues, st.BothClues, st.Screened)},
		{Label: Text{JA: "端緒の割合（いずれかの読み取り）", EN: "Clue rate (either reading)"}, Value: fmt.Sprintf("%.1f%%", 100*st.ClueRate)},
		{Label: Text{JA: "似た苦情のまとまり", EN: "Clusters of similar complaints"}, Value: fmt.Sprintf("%d", st.Clusters)},
		{Label: Text{JA: "窓口の受付手段", EN: "Desk channels"}, Value: none(strings.Join(st.ChannelKinds, ", "))},
		{Label: Text{JA: "書面で残る手段 / 電話以外で障害のある方が使える手段", EN: "Written channel / channel for people who cannot use a voice call"}, Value: yes(st.WrittenChannel) + " / " + yes(st.AccessibleChannel)},
		{Label: Text{JA: "週の受付時間（全手段合計）/ 常時受付", EN: "Weekly opening hours (all channels) / always open"}, Value: fmt.Sprintf("%.1f h / %s", st.WeeklyHours, yes(st.AlwaysOpen))},
		{Label: Text{JA: "対応言語", EN: "Languages"}, Value: none(strings.Join(st.Languages, ", "))},
	}
}
