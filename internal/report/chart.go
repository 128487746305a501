package report

import (
	"math"

	"github.com/himitsu-oss/himitsu/internal/catalog"
)

// chart is the geometry of the HTML report's bar chart of category scores,
// computed here so that the template only places numbers. The Y axis
// always starts at 0: a chart that starts at the smallest score makes
// small differences look large.
type chart struct {
	Width, Height           int
	Left, Top, PlotW, PlotH int
	Bottom                  int // Y of the zero line
	Right                   int // X of the end of the plot
	AxisLabelX, LabelY      int // where tick labels and bar labels go
	ThresholdX              int // where threshold labels start
	Bars                    []chartBar
	Ticks                   []chartLine
	Thresholds              []chartLine
}

type chartBar struct {
	X, Y, W, H   int
	LabelX       int
	Label, Title string
	Score        string
	ScoreY       int
	Grade        string // grade ID, used as a CSS class
}

type chartLine struct {
	Y     int
	Label string
}

const (
	chartSlot   = 72
	chartPlotH  = 200
	chartLeft   = 44
	chartTop    = 16
	chartRight  = 150 // room for threshold labels
	chartBottom = 40
)

// niceStep returns the smallest of 1, 2, 5 × 10^k that is at least max/5,
// so that the axis has about five round ticks.
func niceStep(max float64) float64 {
	if max <= 0 {
		return 1
	}
	raw := max / 5
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*p >= raw {
			return m * p
		}
	}
	return 10 * p
}

func newChart(rows []categoryRow, cat *catalog.Catalog, lang string) chart {
	n := max(len(rows), 1)
	c := chart{Left: chartLeft, Top: chartTop, PlotW: n * chartSlot, PlotH: chartPlotH}
	c.Width = c.Left + c.PlotW + chartRight
	c.Height = c.Top + c.PlotH + chartBottom
	c.Bottom = c.Top + c.PlotH
	c.Right = c.Left + c.PlotW
	c.AxisLabelX = c.Left - 6
	c.LabelY = c.Bottom + 18
	c.ThresholdX = c.Right + 6

	top := 0.0
	for _, r := range rows {
		top = math.Max(top, r.Score)
	}
	for _, t := range cat.Judgement.CategoryThresholds {
		top = math.Max(top, t.MinScore*1.2)
	}
	step := niceStep(top)
	axisMax := math.Ceil(top/step) * step
	if axisMax <= 0 {
		axisMax = step * 5
	}
	y := func(v float64) int { return c.Bottom - int(math.Round(v/axisMax*float64(c.PlotH))) }
	for v := 0.0; v <= axisMax+step/2; v += step {
		c.Ticks = append(c.Ticks, chartLine{Y: y(v), Label: formatScore(math.Round(v*100) / 100)})
	}
	// Mark each threshold above zero once, with the grade it opens.
	seen := map[float64]bool{}
	for _, t := range cat.Judgement.CategoryThresholds {
		if t.MinScore <= 0 || seen[t.MinScore] {
			continue
		}
		seen[t.MinScore] = true
		c.Thresholds = append(c.Thresholds, chartLine{Y: y(t.MinScore), Label: "≥" + formatScore(t.MinScore) + " " + gradeOf(cat, t.Grade, lang).Label})
	}
	for i, r := range rows {
		h := c.Bottom - y(math.Max(r.Score, 0))
		b := chartBar{
			X: c.Left + i*chartSlot + 16, W: chartSlot - 32, Y: c.Bottom - h, H: h,
			LabelX: c.Left + i*chartSlot + chartSlot/2,
			Label:  r.Section, Title: r.Title, Score: r.ScoreText, Grade: r.Grade.ID,
		}
		if b.Label == "" {
			b.Label = r.ID
		}
		b.ScoreY = b.Y - 4
		c.Bars = append(c.Bars, b)
	}
	return c
}
