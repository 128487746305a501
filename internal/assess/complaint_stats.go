package assess

import (
	"slices"
	"sort"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/clue"
)

// accessibleChannels serve people who cannot use a voice call.
var accessibleChannels = []himitsu.Channel{"text-relay", "sign-language", "fax"}

// complaintStats computes the desk's figures (5(4)) over the complaints
// received up to the end of the day judged; nil when there are none and
// no desk is recorded.
func (e *env) complaintStats() *himitsu.ComplaintStats {
	d := &e.rec.Desk
	if len(e.rec.Complaints) == 0 && len(d.Channels) == 0 {
		return nil
	}
	asOfEnd := e.asOf.AddDays(1).Time()
	st := &himitsu.ComplaintStats{ByCategory: map[string]int{}, ByChannel: map[string]int{}, Languages: slices.Clone(d.Languages)}
	var firstHours, closeDays []float64
	var screened []clue.Screened
	for i := range e.rec.Complaints {
		c := &e.rec.Complaints[i]
		if !c.ReceivedAt.Before(asOfEnd) {
			continue
		}
		st.Total++
		st.ByCategory[string(c.Category)]++
		st.ByChannel[string(c.Channel)]++
		if !c.FirstResponseAt.IsZero() && c.FirstResponseAt.Before(asOfEnd) {
			st.FirstResponded++
			firstHours = append(firstHours, c.FirstResponseAt.Sub(c.ReceivedAt).Hours())
		}
		if !c.ClosedAt.IsZero() && c.ClosedAt.Before(asOfEnd) {
			st.Closed++
			closeDays = append(closeDays, c.ClosedAt.Sub(c.ReceivedAt).Hours()/24)
		} else {
			st.Open++
		}
		v, reading := e.screening(c)
		if reading != "no text" {
			st.Screened++
		}
		if c.LeakClue.True() {
			st.AgentClues++
		}
		if v.Clue {
			st.ScreeningClues++
		}
		if v.Clue && c.LeakClue.True() {
			st.BothClues++
		}
		if reading != "no text" {
			text := c.Text
			if text == "" {
				text = c.Summary
			}
			screened = append(screened, clue.Screened{ID: c.ID, Text: text, At: c.ReceivedAt, Verdict: v})
		}
	}
	if st.Total > 0 {
		st.ClueRate = round3(float64(st.AgentClues+st.ScreeningClues-st.BothClues) / float64(st.Total))
	}
	st.FirstResponseMedianHours = round3(quantile(firstHours, 0.5))
	st.CloseMedianDays = round3(quantile(closeDays, 0.5))
	st.CloseP90Days = round3(quantile(closeDays, 0.9))
	st.Clusters = len(clue.Clusters(screened, clue.ClusterParams{}))
	kinds := map[string]bool{}
	for i := range d.Channels {
		c := &d.Channels[i]
		kinds[string(c.Kind)] = true
		st.WrittenChannel = st.WrittenChannel || slices.Contains(writtenChannels, c.Kind)
		st.AccessibleChannel = st.AccessibleChannel || slices.Contains(accessibleChannels, c.Kind)
		st.WeeklyHours += c.WeeklyHours()
		st.AlwaysOpen = st.AlwaysOpen || c.AlwaysOpen.True()
		for _, l := range c.Languages {
			if !slices.Contains(st.Languages, l) {
				st.Languages = append(st.Languages, l)
			}
		}
	}
	st.WeeklyHours = round3(st.WeeklyHours)
	for k := range kinds {
		st.ChannelKinds = append(st.ChannelKinds, k)
	}
	sort.Strings(st.ChannelKinds)
	sort.Strings(st.Languages)
	return st
}

// quantile returns the q-quantile of xs by the nearest-rank method; 0 for
// no values.
func quantile(xs []float64, q float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	i := int(q*float64(len(s))+0.999999) - 1
	return s[max(0, min(i, len(s)-1))]
}

func round3(x float64) float64 { return float64(int64(x*1000+0.5)) / 1000 }
