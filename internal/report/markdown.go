package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"
)

// mdReplacer escapes the characters that Markdown (CommonMark and GitHub's
// tables) would otherwise interpret in a text taken from records.
var mdReplacer = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`,
	"<", "&lt;", ">", "&gt;", "|", `\|`, "#", `\#`, "\r\n", " ", "\n", " ",
)

func md(s string) string { return mdReplacer.Replace(s) }

// code makes s a code span; backslash escapes do not work inside one, so
// only the characters that would end the span or a table cell change.
func code(s string) string { return "`" + codeReplacer.Replace(s) + "`" }

var codeReplacer = strings.NewReplacer("`", "'", "|", `\|`, "\n", " ")

type mdWriter struct {
	w     io.Writer
	err   error
	blank bool // the last line written was empty
}

func (m *mdWriter) p(format string, args ...any) {
	if m.err == nil {
		_, m.err = fmt.Fprintf(m.w, format+"\n", args...)
		m.blank = false
	}
}

// br writes an empty line unless one was just written, so that blocks are
// separated by exactly one.
func (m *mdWriter) br() {
	if !m.blank && m.err == nil {
		_, m.err = io.WriteString(m.w, "\n")
		m.blank = true
	}
}

func (m *mdWriter) table(headers []string, right []bool, rows [][]string) {
	m.p("| %s |", strings.Join(headers, " | "))
	seps := make([]string, len(headers))
	for i := range headers {
		seps[i] = "---"
		if right[i] {
			seps[i] = "---:"
		}
	}
	m.p("| %s |", strings.Join(seps, " | "))
	for _, r := range rows {
		m.p("| %s |", strings.Join(r, " | "))
	}
	m.br()
}

func renderMarkdown(w io.Writer, v *view) error {
	m := &mdWriter{w: w}
	lang := v.Lang
	m.p("# %s", md(v.Title))
	m.br()
	m.p("- **%s**: %s %s", ui("carrier", lang), md(v.CarrierName), code(v.CarrierID))
	m.p("- **%s**: %s", ui("registration", lang), md(v.Registration))
	m.p("- **%s**: %s", ui("bureau", lang), md(v.Bureau))
	m.p("- **%s**: %s", ui("as-of", lang), md(v.AsOf))
	m.p("- **%s**: %s", ui("catalog", lang), md(v.CatalogVersion))
	m.p("- **%s**: %s", ui("scope", lang), md(v.CountsSentence()))
	m.br()

	m.p("## %s: %s", ui("overall", lang), md(v.Overall.Label))
	m.br()
	if v.Overall.Meaning != "" {
		m.p("%s", md(v.Overall.Meaning))
		m.br()
	}
	if len(v.Reasons) > 0 {
		m.p("**%s**", ui("reasons", lang))
		m.br()
		for _, r := range v.Reasons {
			m.p("- %s", md(r))
		}
		m.br()
	}

	m.p("## %s", ui("categories", lang))
	m.br()
	rows := make([][]string, 0, len(v.Categories))
	for _, c := range v.Categories {
		rows = append(rows, []string{md(c.Section), md(c.Title), md(c.Grade.Label), c.ScoreText, strconv.Itoa(c.Findings)})
	}
	m.table([]string{ui("section", lang), ui("category", lang), ui("grade", lang), ui("score", lang), ui("findings", lang)},
		[]bool{false, false, false, true, true}, rows)
	m.p("%s:", ui("grade-scale", lang))
	m.br()
	for _, g := range v.Grades {
		m.p("- **%s**: %s", md(g.Label), md(g.Meaning))
	}
	m.br()

	m.p("## %s", ui("detail", lang))
	for _, s := range v.Sections {
		m.br()
		if s.Section != "" {
			m.p("### %s %s", md(s.Section), md(s.Title))
		} else {
			m.p("### %s", md(s.Title))
		}
		m.br()
		if len(s.Findings) == 0 {
			m.p("%s", ui("no-findings", lang))
			continue
		}
		rows := make([][]string, 0, len(s.Findings))
		for _, f := range s.Findings {
			rows = append(rows, []string{code(f.Mark) + " " + md(f.StatusLabel), code(f.Code), md(f.Item), md(f.Title), md(f.SeverityLabel)})
		}
		m.table([]string{ui("status", lang), ui("code", lang), ui("item", lang), ui("item-title", lang), ui("severity", lang)},
			[]bool{false, false, false, false, false}, rows)
		for _, f := range s.Findings {
			if !f.Serious {
				continue
			}
			m.p("#### %s %s", code(f.Code), md(f.Title))
			m.br()
			m.p("- **%s**: %s / **%s**: %s / **%s**: %s", ui("status", lang), md(f.StatusLabel), ui("severity", lang), md(f.SeverityLabel), ui("rule", lang), code(f.Rule))
			if f.Summary != "" {
				m.p("- **%s**: %s", ui("summary", lang), md(f.Summary))
			}
			if len(f.Evidence) > 0 {
				m.p("- **%s**:", ui("evidence", lang))
				for _, e := range f.Evidence {
					ref := code(e.Register + "/" + e.ID)
					if e.Values != "" {
						ref += " (" + md(e.Values) + ")"
					}
					m.p("  - %s", ref)
				}
				if f.MoreText != "" {
					m.p("  - %s", md(f.MoreText))
				}
			}
			if f.Remediation != "" {
				m.p("- **%s**: %s", ui("remediation", lang), md(f.Remediation))
			}
			m.br()
		}
	}

	m.br()
	m.p("## %s", ui("questions", lang))
	m.br()
	if len(v.Questions) == 0 {
		m.p("%s", ui("no-questions", lang))
	}
	for i, q := range v.Questions {
		m.p("%d. %s %s %s  ", i+1, code(q.Code), md(q.Item), md(q.Title))
		m.p("   %s: %s", ui("question", lang), md(q.Question))
	}
	m.br()

	m.p("## %s", ui("determinations", lang))
	m.br()
	// A Japanese sentence ends with 「。」, an English one with ". ".
	stop := ". "
	if lang == "ja" {
		stop = "。"
	}
	m.p("**%s**: %s%s%s", ui("subject", lang), md(v.Subject.Label), stop, md(v.Subject.Reason))
	m.br()
	m.p("### %s", ui("services", lang))
	m.br()
	if len(v.Services) == 0 {
		m.p("%s", ui("no-services", lang))
		m.br()
	} else {
		rows := make([][]string, 0, len(v.Services))
		for _, s := range v.Services {
			rows = append(rows, []string{code(s.Service), md(s.Flags), md(s.Reason)})
		}
		m.table([]string{ui("service", lang), ui("determinations", lang), ui("reason", lang)}, []bool{false, false, false}, rows)
	}
	m.p("### %s", ui("incidents", lang))
	m.br()
	if len(v.Incidents) == 0 {
		m.p("%s", ui("no-incidents", lang))
		m.br()
	}
	for _, in := range v.Incidents {
		m.p("#### %s: %s", code(in.Incident), md(in.Classes))
		m.br()
		for _, r := range in.Reasons {
			m.p("- %s", md(r))
		}
		if len(in.Reasons) > 0 {
			m.br()
		}
		if len(in.Deadlines) > 0 {
			rows := make([][]string, 0, len(in.Deadlines))
			for _, d := range in.Deadlines {
				state := md(d.StateLabel)
				if d.Late != "" {
					state += md(paren(d.Late, lang))
				}
				rows = append(rows, []string{md(d.Law), md(d.Stage), md(d.Due), md(d.Filed), state, md(d.Note)})
			}
			m.table([]string{ui("law", lang), ui("stage", lang), ui("due", lang), ui("filed", lang), ui("state", lang), ui("reason", lang)},
				[]bool{false, false, false, false, false, false}, rows)
		}
	}

	if len(v.Counts) > 0 {
		m.p("## %s", ui("counts", lang))
		m.br()
		rows := make([][]string, 0, len(v.Counts))
		for _, c := range v.Counts {
			rows = append(rows, []string{md(c.Label), c.Value})
		}
		m.table([]string{ui("register", lang), ui("records", lang)}, []bool{false, true}, rows)
	}

	if len(v.ComplaintStats) > 0 {
		m.p("## %s", ui("complaint-stats", lang))
		m.br()
		rows := make([][]string, 0, len(v.ComplaintStats))
		for _, c := range v.ComplaintStats {
			rows = append(rows, []string{md(c.Label), md(c.Value)})
		}
		m.table([]string{ui("figure", lang), ui("value", lang)}, []bool{false, false}, rows)
	}

	if len(v.Parameters) > 0 {
		m.p("## %s", ui("parameters", lang))
		m.br()
		m.p("%s", md(ui("parameters-note", lang)))
		m.br()
		rows := make([][]string, 0, len(v.Parameters))
		for _, p := range v.Parameters {
			rows = append(rows, []string{"`" + p.Name + "`", p.Value, p.Origin})
		}
		m.table([]string{ui("parameter", lang), ui("value", lang), ui("origin", lang)}, []bool{false, true, false}, rows)
	}

	m.p("## %s", ui("disclaimer", lang))
	m.br()
	m.p("%s", md(v.Source))
	m.br()
	m.p("%s", md(ui("generated-from", lang)))
	return m.err
}
