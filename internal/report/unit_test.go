package report

import (
	"strings"
	"testing"
	"time"

	himitsu "github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/textwidth"
)

func TestWrap(t *testing.T) {
	tests := []struct {
		name  string
		s     string
		width int
		want  []string
	}{
		{"english", "the quick brown fox jumps", 10, []string{"the quick", "brown fox", "jumps"}},
		{"japanese", "あいうえおかきくけこ", 6, []string{"あいう", "えおか", "きくけ", "こ"}},
		// "。" may not start a line: it stays with "う", which moves down.
		{"kinsoku start", "あいう。えお", 6, []string{"あい", "う。え", "お"}},
		// "「" may not end a line: it moves down with "う".
		{"kinsoku end", "あい「うえ」", 6, []string{"あい", "「う", "え」"}},
		// A run of closing punctuation stays together.
		{"kinsoku run", "あいう）。", 6, []string{"あい", "う）。"}},
		{"mixed", "記録 GR-1207 を確認", 10, []string{"記録", "GR-1207 を", "確認"}},
		{"no-break space", "aaa b\u00a0c", 4, []string{"aaa", "b c"}},
		// "：" may not start a line and the joiner binds "う" to it.
		{"word joiner", "あい：\u2060う", 6, []string{"あ", "い：う"}},
		{"long word", "abcdefghijkl", 5, []string{"abcde", "fghij", "kl"}},
		{"empty", "", 10, []string{""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := wrap(tt.s, tt.width, "", "")
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			for _, l := range got {
				if textwidth.Width(l) > tt.width {
					t.Errorf("line %q is %d columns, want at most %d", l, textwidth.Width(l), tt.width)
				}
			}
		})
	}
}

func TestWrapIndent(t *testing.T) {
	got := wrap("one two three four", 10, "- ", "  ")
	want := []string{"- one two", "  three", "  four"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestEraDate(t *testing.T) {
	tests := []struct {
		d    himitsu.Date
		want string
	}{
		{day(2026, time.November, 1), "令和8年11月1日"},
		{day(2019, time.May, 1), "令和元年5月1日"},
		{day(2019, time.April, 30), "平成31年4月30日"},
		{day(1989, time.January, 8), "平成元年1月8日"},
		{day(1989, time.January, 7), "昭和64年1月7日"},
		{day(1900, time.January, 1), ""},
	}
	for _, tt := range tests {
		if got := eraDate(tt.d); got != tt.want {
			t.Errorf("eraDate(%v): got %q, want %q", tt.d, got, tt.want)
		}
	}
	if got, want := formatDate(day(2026, time.November, 1), Options{Lang: "ja", Era: true}), "2026年11月1日（令和8年11月1日）"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got, want := formatDate(day(2026, time.November, 1), Options{Lang: "en", Era: true}), "2026-11-01"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestLabelsComplete(t *testing.T) {
	sources := labelSources()
	var grades []string
	for _, g := range loadCatalog(t).Judgement.Grades {
		grades = append(grades, g.ID)
	}
	sources[groupGrade] = grades
	for group, values := range sources {
		for _, v := range values {
			l, ok := labels[group][v]
			if !ok {
				t.Errorf("%s %q: no label", group, v)
				continue
			}
			if l.ja == "" || l.en == "" {
				t.Errorf("%s %q: got ja=%q en=%q, want both", group, v, l.ja, l.en)
			}
		}
	}
	// Every label of every group, including headings, is bilingual.
	for group, m := range labels {
		for k, l := range m {
			if l.ja == "" || l.en == "" {
				t.Errorf("%s %q: got ja=%q en=%q, want both", group, k, l.ja, l.en)
			}
		}
	}
}

// labelSources lists, for each group with an external source, the values
// that must all have labels.
func labelSources() map[string][]string {
	regs := make([]string, 0, len(himitsu.RegisterList))
	for _, r := range himitsu.RegisterList {
		regs = append(regs, r.Name)
	}
	return map[string][]string{
		groupStatus:        himitsu.Status("").Values(),
		groupSeverity:      himitsu.Severity("").Values(),
		groupIncidentClass: incidentClasses,
		groupDeadlineState: deadlineStates,
		groupRegister:      regs,
		groupLaw:           himitsu.ReportLaw("").Values(),
		groupStage:         himitsu.ReportStage("").Values(),
		groupRegistration:  himitsu.Registration("").Values(),
		groupBureau:        himitsu.Bureau("").Values(),
	}
}

func TestCollapseClean(t *testing.T) {
	f := func(item, rule string, s himitsu.Status) *himitsu.Finding {
		return &himitsu.Finding{Item: item, Rule: rule, Status: s}
	}
	in := []*himitsu.Finding{
		f("5(1)iv", "pol.waiver-clause", himitsu.StatusNotIndicated),
		f("5(1)iv", "pol.no-opt-out", himitsu.StatusNotApplicable),
		f("5(3)(iv)iii", "tech.stale-grants", himitsu.StatusIndicated),
		f("5(3)(iv)iii", "tech.shared-accounts", himitsu.StatusNotIndicated),
		f("5(4)i", "cmp.rules", himitsu.StatusNotApplicable),
	}
	got := collapseClean(in)
	want := []struct {
		rule   string
		status himitsu.Status
	}{
		{"pol.waiver-clause, pol.no-opt-out", himitsu.StatusNotIndicated},
		{"tech.stale-grants", himitsu.StatusIndicated},
		{"cmp.rules", himitsu.StatusNotApplicable},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d findings, want %d", len(got), len(want))
	}
	for i, w := range want {
		if got[i].Rule != w.rule || got[i].Status != w.status {
			t.Errorf("finding %d: got %s %s, want %s %s", i, got[i].Rule, got[i].Status, w.rule, w.status)
		}
	}
	if in[0].Rule != "pol.waiver-clause" {
		t.Errorf("collapseClean changed its input: %q", in[0].Rule)
	}
}

// TestHeaderCountsCases: the header counts assumed cases by their gravest
// status, not findings; two findings of one item are one case.
func TestHeaderCountsCases(t *testing.T) {
	cat := loadCatalog(t)
	f := func(item, rule string, s himitsu.Status) himitsu.Finding {
		return himitsu.Finding{Item: item, Rule: rule, Status: s, Severity: himitsu.SeverityNone}
	}
	a := sampleAssessment(t)
	a.Findings = []himitsu.Finding{
		f("5(3)(iv)iii", "tech.stale-grants", himitsu.StatusIndicated),
		f("5(3)(iv)iii", "tech.shared-accounts", himitsu.StatusNeedsAttestation),
		f("5(3)(iv)iv", "tech.extract-exposure", himitsu.StatusAtRisk),
		f("5(3)(iv)iv", "tech.unapproved-export", himitsu.StatusNeedsAttestation),
		f("5(2)ii", "use.consent-quality", himitsu.StatusNeedsAttestation),
		f("5(2)ii", "use.event-without-consent", himitsu.StatusNeedsAttestation),
	}
	v := newView(a, cat, Options{Lang: "en"})
	if v.Examined != 3 || v.Indicated != 1 || v.AtRisk != 1 || v.Attest != 1 || v.Total != 6 {
		t.Errorf("got examined %d, indicated %d, at risk %d, attestation %d, findings %d; want 3, 1, 1, 1, 6",
			v.Examined, v.Indicated, v.AtRisk, v.Attest, v.Total)
	}
}
