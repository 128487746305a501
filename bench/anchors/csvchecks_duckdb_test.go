//go:build duckdb

package anchors

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestDuckDBCSVChecksAgree holds the DuckDB reference to himitsu: on a
// demo bundle (scale 1) with rows added that trip each of the four checks
// (some of them standing for several accesses through count), the counts
// DuckDB's SQL gives equal the counts in himitsu's report.
//
//	go test -tags duckdb -run TestDuckDBCSVChecksAgree .
func TestDuckDBCSVChecksAgree(t *testing.T) {
	if testing.Short() {
		t.Skip("builds himitsu and a 1-million-event bundle")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "himitsu")
	run(t, "go", "build", "-C", "../..", "-o", bin, "./cmd/himitsu")
	b := filepath.Join(dir, "demo")
	run(t, bin, "demo-data", "--seed", "1", "--scale", "1", "-o", b)
	plantViolations(t, b)

	const asOf = "2026-11-01"
	var rep struct {
		Assessment struct {
			Findings []struct {
				Rule    string `json:"rule"`
				Status  string `json:"status"`
				Summary struct {
					EN string `json:"en"`
				} `json:"summary"`
			} `json:"findings"`
		} `json:"assessment"`
	}
	if err := json.Unmarshal(run(t, bin, "assess", "--as-of", asOf, "--format", "json", b), &rep); err != nil {
		t.Fatal(err)
	}
	// The number each indicated finding states first is the accesses it
	// flags; a rule that finds nothing flags none.
	counts := map[string]int64{}
	first := regexp.MustCompile(`\d+`)
	for _, f := range rep.Assessment.Findings {
		if f.Status != "indicated" {
			continue
		}
		en := f.Summary.EN
		if f.Rule == "tech.unapproved-export" { // "…that day: N, by M (…)"
			en = en[strings.Index(en, ":"):]
		}
		if _, ok := counts[f.Rule]; !ok {
			n, _ := strconv.ParseInt(first.FindString(en), 10, 64)
			counts[f.Rule] = n
		}
	}
	got, err := DuckDBCSVChecks(b, asOf, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		rule  string
		duck  int64
		least int64 // the rows planted below, at the least
	}{
		{"use.event-without-consent", got.EventWithoutConsent, 5},
		{"use.purpose-mismatch", got.PurposeMismatch, 3},
		{"use.lawful-business-scope", got.LawfulScope, 4 + 2},
		{"tech.unapproved-export", got.UnapprovedExport, 7},
	} {
		if c.duck != counts[c.rule] || c.duck < c.least {
			t.Errorf("%s: DuckDB counts %d, himitsu %d (at least %d planted)", c.rule, c.duck, counts[c.rule], c.least)
		}
	}
	t.Logf("himitsu %v; DuckDB %+v", counts, got)
}

// plantViolations appends access events that each check must flag,
// chosen from the bundle's own registers so that every reference holds.
func plantViolations(t *testing.T, dir string) {
	raw, err := os.ReadFile(filepath.Join(dir, "carrier.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var c carrierYAML
	if err := yamlUnmarshal(raw, &c); err != nil {
		t.Fatal(err)
	}
	var consentP, lawfulP, outside, secrecy string
	for _, p := range c.Purposes {
		if p.Basis == "consent" && consentP == "" && p.DefaultOn != nil && !*p.DefaultOn {
			consentP = p.ID
		}
		if p.Basis == "lawful-business" && lawfulP == "" {
			lawfulP = p.ID
		}
	}
	for _, d := range c.DataSets {
		for _, p := range c.Purposes {
			if p.ID == consentP && !slices.Contains(p.DataSets, d.ID) && outside == "" {
				outside = d.ID
			}
			if p.ID == lawfulP && !slices.Contains(p.DataSets, d.ID) && secrecy == "" && holdsSecrecy(d.Elements) {
				secrecy = d.ID
			}
		}
	}
	if consentP == "" || lawfulP == "" || outside == "" || secrecy == "" {
		t.Fatalf("the demo carrier lacks what the planted rows need: %q %q %q %q", consentP, lawfulP, outside, secrecy)
	}
	// A person who appears in no grant has no export grant.
	grants, err := os.ReadFile(filepath.Join(dir, "grants.csv"))
	if err != nil {
		t.Fatal(err)
	}
	persons, err := os.ReadFile(filepath.Join(dir, "persons.csv"))
	if err != nil {
		t.Fatal(err)
	}
	person := ""
	for _, line := range strings.Split(string(persons), "\n")[1:] {
		p, _, _ := strings.Cut(line, ",")
		if p != "" && !strings.Contains(string(grants), p) {
			person = p
		}
	}
	if person == "" {
		t.Fatal("every person holds a grant")
	}
	const at = "2026-10-30T01:00:00Z"
	sub := "sub_" + strings.Repeat("0", 32) // no consent anywhere
	rows := []string{
		// no consent in force (count 5)
		fmt.Sprintf("ev-900000000001,%s,,%s,%s,read,%s,%s,1,5", at, person, outside, consentP, sub),
		// a data set the consent purpose does not list (3 in all; the
		// row above adds its 5 too)
		fmt.Sprintf("ev-900000000002,%s,,%s,%s,query,%s,,1,3", at, person, outside, consentP),
		// secrecy with no purpose (4) and outside a lawful purpose (2)
		fmt.Sprintf("ev-900000000003,%s,,%s,%s,read,,,1,4", at, person, secrecy),
		fmt.Sprintf("ev-900000000004,%s,,%s,%s,read,%s,,1,2", at, person, secrecy, lawfulP),
		// an export without a grant (7)
		fmt.Sprintf("ev-900000000005,%s,,%s,%s,export,%s,,1,7", at, person, secrecy, lawfulP),
	}
	f, err := os.OpenFile(filepath.Join(dir, "access_events.csv"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString(strings.Join(rows, "\n") + "\n"); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

func run(t *testing.T, name string, args ...string) []byte {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %s: %v", name, strings.Join(args, " "), err)
	}
	return out
}
