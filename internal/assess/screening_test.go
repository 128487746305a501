package assess

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestLeakClueReadingsSideBySide checks that a finding of 5(4)ii shows the
// agent's reading and the screening's for the same complaint.
func TestLeakClueReadingsSideBySide(t *testing.T) {
	c := loadCase(t, filepath.Join("testdata", "rules", "cmp.leak-clue-escalation", "screened-text.yaml"))
	a := runCase(t, mustCatalog(t), &c)
	for _, f := range a.Findings {
		if f.Rule != "cmp.leak-clue-escalation" || f.Status != "indicated" {
			continue
		}
		var v map[string]string
		for _, x := range f.Evidence {
			if x.ID == "cmp-1" {
				v = x.Values
			}
		}
		if v == nil {
			t.Fatalf("evidence %+v, want cmp-1 among it", f.Evidence)
		}
		if v["agent_reading"] != "no clue" || !strings.HasPrefix(v["screening_reading"], "clue stranger-knows (stranger-knows-communications: 知らない人") {
			t.Errorf("values %v, want the agent's 'no clue' beside the screening's stranger-knows reading with its words", v)
		}
		if !strings.Contains(f.Summary.EN, "1 of them not marked by the agent") || !strings.Contains(f.Summary.JA, "himitsu の読み取り") {
			t.Errorf("summary %+v, want it to say one clue came from himitsu's reading only", f.Summary)
		}
		return
	}
	t.Fatalf("no indicated finding of cmp.leak-clue-escalation in %+v", a.Findings)
}

// TestPolicyFindingsQuoteTheText checks that each 5(1) finding read from a
// policy's text quotes the passage, or states the measure, that made it.
func TestPolicyFindingsQuoteTheText(t *testing.T) {
	tests := []struct {
		file, rule, key, want string
	}{
		{"pol.leak-responsibility/text-disclaims.yaml", "pol.leak-responsibility", "quote", "一切責任を負いません"},
		{"pol.waiver-clause/text-blanket-consent.yaml", "pol.waiver-clause", "quote", "for any purpose we deem appropriate"},
		{"pol.plain-language/text-unclear.yaml", "pol.plain-language", "quote", "準用するものとし"},
		{"pol.mandatory-beyond-necessity/text-condition.yaml", "pol.mandatory-beyond-necessity", "quote", "ご利用いただけません"},
	}
	for _, tt := range tests {
		t.Run(tt.rule, func(t *testing.T) {
			c := loadCase(t, filepath.Join("testdata", "rules", tt.file))
			a := runCase(t, mustCatalog(t), &c)
			for _, f := range a.Findings {
				if f.Rule != tt.rule || f.Status != "indicated" {
					continue
				}
				for _, ev := range f.Evidence {
					if strings.Contains(ev.Values[tt.key], tt.want) && ev.Values["screening_reading"] != "" && ev.Values["page"] != "" {
						return
					}
				}
				t.Fatalf("evidence %+v quotes no %q with its reading and page", f.Evidence, tt.want)
			}
			t.Fatalf("no indicated finding of %s", tt.rule)
		})
	}
	// The flag the carrier recorded stands beside the reading.
	c := loadCase(t, filepath.Join("testdata", "rules", "pol.leak-responsibility", "text-disclaims.yaml"))
	a := runCase(t, mustCatalog(t), &c)
	for _, f := range a.Findings {
		if f.Rule == "pol.leak-responsibility" && f.Status == "indicated" {
			if v := f.Evidence[0].Values; v["disclaims_leak_liability"] != "false" || v["screening_reading"] != "disclaims-leak-responsibility" {
				t.Errorf("values %v, want the recorded false beside the reading", v)
			}
			if !strings.Contains(f.Summary.EN, "1 documents recorded as not disclaiming") {
				t.Errorf("summary %q, want it to say the record and the text disagree", f.Summary.EN)
			}
		}
	}
}
