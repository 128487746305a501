package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/himitsu-oss/himitsu/internal/textwidth"
)

// textWidth is the width the text report is laid out for: it fits an
// 80-column terminal, and so every wider one.
const textWidth = 80

// textWriter accumulates lines; the first write error is kept and ends
// the output.
type textWriter struct {
	w   io.Writer
	err error
}

func (t *textWriter) line(s string) {
	if t.err == nil {
		_, t.err = io.WriteString(t.w, s+"\n")
	}
}

func (t *textWriter) lines(ls []string) {
	for _, l := range ls {
		t.line(l)
	}
}

// para wraps s with a hanging indent.
func (t *textWriter) para(s, first, rest string) {
	if s == "" {
		return
	}
	t.lines(wrap(s, textWidth, first, rest))
}

func (t *textWriter) heading(s, under string) {
	t.line("")
	t.line(s)
	t.line(strings.Repeat(under, min(textwidth.Width(s), textWidth)))
}

// field prints "label: value" with the labels of a block aligned.
func (t *textWriter) field(label string, labelWidth int, value string) {
	prefix := textwidth.PadRight(label, labelWidth) + " : "
	t.para(value, prefix, strings.Repeat(" ", textwidth.Width(prefix)))
}

// table lays out rows under headers, each column as wide as its widest
// cell, right-aligning the columns flagged in right. When the table is too
// wide, the flex column is narrowed and its cells wrap.
func table(headers []string, rows [][]string, right []bool, flex int, indent string) []string {
	n := len(headers)
	widths := make([]int, n)
	for i, h := range headers {
		widths[i] = textwidth.Width(h)
	}
	for _, r := range rows {
		for i, c := range r {
			widths[i] = max(widths[i], textwidth.Width(c))
		}
	}
	total := textwidth.Width(indent) + 2*(n-1)
	for _, w := range widths {
		total += w
	}
	if total > textWidth && flex >= 0 {
		widths[flex] = max(8, widths[flex]-(total-textWidth))
	}
	render := func(cells []string) []string {
		cols := make([][]string, n)
		height := 1
		for i, c := range cells {
			if i == flex {
				cols[i] = wrap(c, widths[i], "", "")
			} else {
				cols[i] = []string{c}
			}
			height = max(height, len(cols[i]))
		}
		out := make([]string, height)
		for l := range height {
			var b strings.Builder
			b.WriteString(indent)
			for i := range n {
				c := ""
				if l < len(cols[i]) {
					c = cols[i][l]
				}
				if i > 0 {
					b.WriteString("  ")
				}
				if right[i] {
					b.WriteString(textwidth.PadLeft(c, widths[i]))
				} else {
					b.WriteString(textwidth.PadRight(c, widths[i]))
				}
			}
			out[l] = strings.TrimRight(b.String(), " ")
		}
		return out
	}
	out := render(headers)
	var rule strings.Builder
	rule.WriteString(indent)
	for i, w := range widths {
		if i > 0 {
			rule.WriteString("  ")
		}
		rule.WriteString(strings.Repeat("-", w))
	}
	out = append(out, rule.String())
	for _, r := range rows {
		out = append(out, render(r)...)
	}
	return out
}

func renderText(w io.Writer, v *view) error {
	t := &textWriter{w: w}
	lang := v.Lang
	t.line(v.Title)
	t.line(strings.Repeat("=", min(textwidth.Width(v.Title), textWidth)))
	t.line("")

	labels := []string{ui("carrier", lang), ui("registration", lang), ui("bureau", lang), ui("as-of", lang), ui("catalog", lang), ui("scope", lang)}
	lw := 0
	for _, l := range labels {
		lw = max(lw, textwidth.Width(l))
	}
	t.field(labels[0], lw, v.CarrierName+" ("+v.CarrierID+")")
	t.field(labels[1], lw, v.Registration)
	t.field(labels[2], lw, v.Bureau)
	t.field(labels[3], lw, v.AsOf)
	t.field(labels[4], lw, v.CatalogVersion)
	t.field(labels[5], lw, fmt.Sprintf(ui("counts-sentence", lang), v.Examined, v.Indicated, v.AtRisk, v.Attest))

	t.heading(ui("overall", lang)+": "+v.Overall.Label, "=")
	t.para(v.Overall.Meaning, "", "")
	if len(v.Reasons) > 0 {
		t.line("")
		t.line(ui("reasons", lang) + ":")
		for _, r := range v.Reasons {
			t.para(r, "  - ", "    ")
		}
	}

	t.heading(ui("categories", lang), "=")
	rows := make([][]string, 0, len(v.Categories))
	for _, c := range v.Categories {
		rows = append(rows, []string{c.Section, c.Title, c.Grade.Label, c.ScoreText, strconv.Itoa(c.Findings)})
	}
	t.lines(table([]string{ui("section", lang), ui("category", lang), ui("grade", lang), ui("score", lang), ui("findings", lang)},
		rows, []bool{false, false, false, true, true}, 1, ""))
	t.line("")
	t.line(ui("grade-scale", lang) + ":")
	for _, g := range v.Grades {
		t.para(g.Meaning, "  - "+g.Label+": ", "    ")
	}

	t.heading(ui("detail", lang), "=")
	legend := ui("legend", lang) + ":"
	for _, s := range []string{"indicated", "at-risk", "not-indicated", "needs-attestation", "not-applicable"} {
		legend += " " + statusMark(statusOf(s)) + string(nbsp) + strings.ReplaceAll(lbl(groupStatus, s, lang), " ", string(nbsp))
	}
	t.para(legend, "", "  ")
	for _, s := range v.Sections {
		head := s.Title
		if s.Section != "" {
			head = s.Section + " " + s.Title
		}
		t.heading(head, "-")
		if len(s.Findings) == 0 {
			t.line(ui("no-findings", lang))
		}
		for _, f := range s.Findings {
			textFinding(t, f, lang)
		}
	}

	t.heading(ui("questions", lang), "=")
	if len(v.Questions) == 0 {
		t.line(ui("no-questions", lang))
	}
	for i, q := range v.Questions {
		num := fmt.Sprintf("%2d. ", i+1)
		t.para(q.Code+" "+q.Item+" "+q.Title, num, "    ")
		t.para(q.Question, "    "+ui("question", lang)+": ", "      ")
	}

	t.heading(ui("determinations", lang), "=")
	t.para(v.Subject.Label, ui("subject", lang)+": ", "  ")
	t.para(v.Subject.Reason, "  ", "  ")
	t.line("")
	t.line(ui("services", lang) + ":")
	if len(v.Services) == 0 {
		t.line("  " + ui("no-services", lang))
	}
	for _, s := range v.Services {
		t.para(s.Service+": "+s.Flags, "  - ", "    ")
		t.para(s.Reason, "    ", "    ")
	}
	t.line("")
	t.line(ui("incidents", lang) + ":")
	if len(v.Incidents) == 0 {
		t.line("  " + ui("no-incidents", lang))
	}
	for _, in := range v.Incidents {
		t.para(in.Incident+": "+in.Classes, "  - ", "    ")
		for _, r := range in.Reasons {
			t.para(r, "    * ", "      ")
		}
		for _, d := range in.Deadlines {
			t.para(d.Law+" "+d.Stage, "    > ", "      ")
			t.para(d.Due, "      "+ui("due", lang)+": ", "        ")
			t.para(d.Filed, "      "+ui("filed", lang)+": ", "        ")
			state := d.StateLabel
			if d.Late != "" {
				state += paren(d.Late, lang)
			}
			t.para(state, "      "+ui("state", lang)+": ", "        ")
			t.para(d.Note, "      ", "      ")
		}
	}

	if len(v.Counts) > 0 {
		t.heading(ui("counts", lang), "=")
		rows := make([][]string, 0, len(v.Counts))
		for _, c := range v.Counts {
			rows = append(rows, []string{c.Label, c.Value})
		}
		t.lines(table([]string{ui("register", lang), ui("records", lang)}, rows, []bool{false, true}, 0, ""))
	}

	if len(v.ComplaintStats) > 0 {
		t.heading(ui("complaint-stats", lang), "=")
		rows := make([][]string, 0, len(v.ComplaintStats))
		for _, c := range v.ComplaintStats {
			rows = append(rows, []string{c.Label, c.Value})
		}
		t.lines(table([]string{ui("figure", lang), ui("value", lang)}, rows, []bool{false, false}, 0, ""))
	}

	if len(v.Parameters) > 0 {
		t.heading(ui("parameters", lang), "=")
		t.para(ui("parameters-note", lang), "", "")
		rows := make([][]string, 0, len(v.Parameters))
		for _, p := range v.Parameters {
			rows = append(rows, []string{p.Name, p.Value, p.Origin})
		}
		t.lines(table([]string{ui("parameter", lang), ui("value", lang), ui("origin", lang)}, rows, []bool{false, true, false}, 0, ""))
	}

	t.heading(ui("disclaimer", lang), "=")
	t.para(v.Source, "", "")
	t.para(ui("generated-from", lang), "", "")
	return t.err
}

func textFinding(t *textWriter, f findingView, lang string) {
	head := f.Code + " " + f.Item
	if f.Title != "" {
		head += " " + f.Title
	}
	if f.Serious {
		head += paren(kv(ui("severity", lang), f.SeverityLabel, lang), lang)
	}
	t.para(head, f.Mark+" ", "    ")
	if !f.Serious {
		return
	}
	t.para(f.Summary, "    "+ui("summary", lang)+": ", "      ")
	t.para(f.Rule, "    "+ui("rule", lang)+": ", "      ")
	if len(f.Evidence) > 0 {
		t.line("    " + ui("evidence", lang) + ":")
		for _, e := range f.Evidence {
			ref := e.Register + "/" + e.ID
			if e.Values != "" {
				ref += " (" + e.Values + ")"
			}
			t.para(ref, "      - ", "        ")
		}
		if f.MoreText != "" {
			t.line("      " + f.MoreText)
		}
	}
	t.para(f.Remediation, "    "+ui("remediation", lang)+": ", "      ")
}
