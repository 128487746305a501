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
		if len(f.Evidence) != 1 {
			t.Fatalf("evidence %+v, want cmp-1 only", f.Evidence)
		}
		v := f.Evidence[0].Values
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
