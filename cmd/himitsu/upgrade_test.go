package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestUpgradeBundle upgrades a format-1 bundle: every empty fact is
// written as false, the report counts them per file and field, and the
// upgraded bundle assesses as the old one did.
func TestUpgradeBundle(t *testing.T) {
	old := t.TempDir()
	files := map[string]string{
		"carrier.yaml": `format: himitsu-bundle/1
carrier: {id: c1, name: テスト通信, registration: notified, head_office_bureau: kanto}
organisations:
  - {id: o1, name: テスト通信, kind: carrier, handles_secrecy: true}
datasets:
  - {id: ds1, name: CDR, system: sys, elements: [{name: caller, class: identifier}]}
`,
		"persons.csv":  "id,kind,employer\np1,employee,o1\n",
		"accounts.csv": "id,system,person,shared,privileged,mfa\nac1,sys,p1,,true,\nac2,sys,p1,,,true\n",
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(old, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(t.TempDir(), "new")
	r := himitsuCmd(t, nil, "upgrade-bundle", old, out)
	must(t, r)
	for _, want := range []string{
		"upgraded " + old + " (himitsu-bundle/1) to " + out + " (himitsu-bundle/2)",
		"accounts.csv accounts.mfa 1 → false",
		"accounts.csv accounts.shared 2 → false",
		"carrier.yaml organisations.reentrustment_approved 1 → false",
		"次の 7 個の空欄は",
	} {
		// Columns are aligned with spaces; compare words.
		if !strings.Contains(strings.Join(strings.Fields(r.stdout), " "), want) {
			t.Errorf("output lacks %q; got\n%s", want, r.stdout)
		}
	}
	y, err := os.ReadFile(filepath.Join(out, "carrier.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(y), "format: himitsu-bundle/2") || !strings.Contains(string(y), "reentrustment_approved: false") {
		t.Errorf("carrier.yaml is not format 2 with explicit false:\n%s", y)
	}
	a, err := os.ReadFile(filepath.Join(out, "accounts.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(a), "ac1,sys,p1,,false,true,false,") {
		t.Errorf("accounts.csv does not write the empty facts as false:\n%s", a)
	}
	// The same records, so the same report.
	before := himitsuCmd(t, nil, "assess", "--as-of", "2026-11-01", "--format", "json", old)
	after := himitsuCmd(t, nil, "assess", "--as-of", "2026-11-01", "--format", "json", out)
	must(t, before)
	must(t, after)
	if before.stdout != after.stdout {
		t.Errorf("the upgraded bundle assesses differently:\n%s", firstDifference([]byte(before.stdout), []byte(after.stdout)))
	}
	// Upgrading a current bundle writes it unchanged and says so.
	again := filepath.Join(t.TempDir(), "again")
	r = himitsuCmd(t, nil, "upgrade-bundle", out, again)
	must(t, r)
	if !strings.Contains(r.stdout, "is already in himitsu-bundle/2") {
		t.Errorf("got %q, want it to say the bundle is already current", r.stdout)
	}
}
