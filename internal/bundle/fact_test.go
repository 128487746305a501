package bundle

import (
	"context"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	himitsu "github.com/himitsu-oss/himitsu"
)

// factFiles is a bundle whose facts are true, false and left out, in
// carrier.yaml (organisations), in a CSV register (accounts), in a JSONL
// register (training) and in the streamed entry log.
func factFiles(format string) map[string]string {
	y := strings.Replace(baseYAML, "format: himitsu-bundle/2", "format: "+format, 1)
	y = strings.Replace(y, "    kind: carrier\n", "    kind: carrier\n    handles_secrecy: true\n  - id: o2\n    name: 委託先\n    kind: contractor\n    confidentiality_clause: false\n", 1)
	y += "areas:\n  - id: a1\n    name: サーバ室\n    kind: controlled\n    access_control: card\n    entry_log: true\n"
	return map[string]string{
		"carrier.yaml":      y,
		"accounts.csv":      "id,system,person,shared,privileged,mfa\nac1,sys,p1,false,true,\nac2,sys,p2,,,false\n",
		"training.jsonl":    `{"id":"t1","person":"p1","course":"c","completed_on":"2026-01-01","passed":true,"covers_secrecy":null}` + "\n" + `{"id":"t2","person":"p2","course":"c","completed_on":"2026-01-01","covers_secrecy":false}` + "\n",
		"entry_logs.csv":    "id,area,person,direction,at,escorted\nl1,a1,p1,in,2026-01-01T00:00:00Z,\nl2,a1,p2,in,2026-01-01T00:00:00Z,true\n",
		"access_events.csv": baseFiles["access_events.csv"],
	}
}

func TestFacts(t *testing.T) {
	type want struct {
		handles, confidentiality, entryLog himitsu.Fact // organisations o1, o2; area a1
		shared2, privileged2, mfa1, mfa2   himitsu.Fact // accounts
		passed1, covers1, covers2, passed2 himitsu.Fact // training
		escorted1, escorted2               himitsu.Fact // entry logs
	}
	U, N, Y := himitsu.Unknown, himitsu.No, himitsu.Yes
	for _, c := range []struct {
		name   string
		format string
		want   want
		filled map[string]int
	}{
		{"format 2 keeps unknown", Format, want{Y, N, Y, U, U, U, N, Y, U, N, U, U, Y}, nil},
		{"format 1 empty means false", FormatV1, want{Y, N, Y, N, N, N, N, Y, N, N, N, N, Y},
			map[string]int{
				"organisations.handles_secrecy": 1, "organisations.reentrustment_approved": 2, "organisations.confidentiality_clause": 1,
				"areas.cctv": 1, "accounts.shared": 1, "accounts.privileged": 1, "accounts.mfa": 1,
				"training.covers_secrecy": 1, "training.passed": 1, "entry_logs.escorted": 1,
				"carrier.designated_specified_user_info": 1, "purposes.default_on": 1, "purposes.mandatory_for_service": 1,
				"purposes.operationally_necessary": 1, "purposes.opt_out": 1,
			}},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := writeBundle(t, factFiles(c.format))
			b, err := Read(context.Background(), dir)
			if err != nil {
				t.Fatal(err)
			}
			var esc []himitsu.Fact
			if err := b.EntryLogs(context.Background(), func(e *himitsu.EntryLog) error { esc = append(esc, e.Escorted); return nil }); err != nil {
				t.Fatal(err)
			}
			r := b.Records
			got := want{r.Organisations[0].HandlesSecrecy, r.Organisations[1].ConfidentialityClause, r.Areas[0].EntryLog,
				r.Accounts[1].Shared, r.Accounts[1].Privileged, r.Accounts[0].MFA, r.Accounts[1].MFA,
				r.Training[0].Passed, r.Training[0].CoversSecrecy, r.Training[1].CoversSecrecy, r.Training[1].Passed,
				esc[0], esc[1]}
			if got != c.want {
				t.Errorf("facts:\ngot  %v\nwant %v", got, c.want)
			}
			if got := b.FactsSettled(); !maps.Equal(got, c.filled) {
				t.Errorf("FactsSettled() = %v, want %v", got, c.filled)
			}
			if got, want := b.Format(), c.format; got != want {
				t.Errorf("Format() = %s, want %s", got, want)
			}
		})
	}
}

// TestFactsRoundTrip writes unknown, false and true and reads them back in
// both tabular forms.
func TestFactsRoundTrip(t *testing.T) {
	dir := writeBundle(t, factFiles(Format))
	b, err := Read(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, form := range []string{"csv", "jsonl"} {
		t.Run(form, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			if err := Write(context.Background(), out, b.Records, b, WriteOptions{Tabular: form}); err != nil {
				t.Fatal(err)
			}
			b2, err := Read(context.Background(), out)
			if err != nil {
				t.Fatal(err)
			}
			for i, a := range b.Records.Accounts {
				if got := b2.Records.Accounts[i]; !reflect.DeepEqual(got, a) {
					t.Errorf("account %d: got %+v, want %+v", i, got, a)
				}
			}
			for i, o := range b.Records.Organisations {
				if got := b2.Records.Organisations[i]; !reflect.DeepEqual(got, o) {
					t.Errorf("organisation %d: got %+v, want %+v", i, got, o)
				}
			}
			y, err := os.ReadFile(filepath.Join(out, CarrierFile))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(y), "confidentiality_clause: false") || strings.Contains(string(y), "reentrustment_approved") {
				t.Errorf("carrier.yaml writes false and leaves unknown out; got\n%s", y)
			}
		})
	}
}

// TestFactsV1StillChecked: a format-1 account without a person was "not
// shared" and is refused as before; in format 2 its sharing is unknown.
func TestFactsV1StillChecked(t *testing.T) {
	files := factFiles(FormatV1)
	files["accounts.csv"] = "id,system,person\nac1,sys,\n"
	_, err := Read(context.Background(), writeBundle(t, files))
	if err == nil || !strings.Contains(err.Error(), "accounts.csv:2: person") {
		t.Errorf("format 1: got %v, want accounts.csv:2: person …", err)
	}
	files = factFiles(Format)
	files["accounts.csv"] = "id,system,person\nac1,sys,\n"
	if _, err := Read(context.Background(), writeBundle(t, files)); err != nil {
		t.Errorf("format 2: got %v, want no error", err)
	}
}

// TestCounts reads rows that stand for many records: a consent row
// without a subscriber, and access events with a count in the CSV
// reader written for speed and in JSONL.
func TestCounts(t *testing.T) {
	for _, c := range []struct {
		name, file, body string
		want             []int // N() of each access event
	}{
		{"csv", "access_events.csv", "id,at,person,dataset,action,count\ne1,2026-01-01T00:00:00Z,p1,ds1,read,\ne2,2026-01-01T00:00:00Z,p1,ds1,read,250\n", []int{1, 250}},
		{"jsonl", "access_events.jsonl", `{"id":"e1","at":"2026-01-01T00:00:00Z","person":"p1","dataset":"ds1","action":"read","count":7}` + "\n", []int{7}},
	} {
		t.Run(c.name, func(t *testing.T) {
			files := map[string]string{
				"access_events.csv": del,
				c.file:              c.body,
				"consents.csv":      "id,purpose,method,given_at,count,advance_notice,free_opt_out\nco1,pu1,default-on-with-notice,2026-01-01T00:00:00Z,3200000,true,\n",
			}
			b, err := Read(context.Background(), writeBundle(t, files))
			if err != nil {
				t.Fatal(err)
			}
			co := b.Records.Consents[0]
			if co.N() != 3200000 || co.AdvanceNotice != himitsu.Yes || co.FreeOptOut != himitsu.Unknown {
				t.Errorf("consent: got N %d, advance_notice %v, free_opt_out %v; want 3200000, true, unknown", co.N(), co.AdvanceNotice, co.FreeOptOut)
			}
			var got []int
			if err := b.AccessEvents(context.Background(), func(e *himitsu.AccessEvent) error { got = append(got, e.N()); return nil }); err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("access events N(): got %v, want %v", got, c.want)
			}
		})
	}
	files := map[string]string{"consents.csv": "id,purpose,method,given_at\nco1,pu1,separate-screen,2026-01-01T00:00:00Z\n"}
	if _, err := Read(context.Background(), writeBundle(t, files)); err == nil || !strings.Contains(err.Error(), "consents.csv:2: subscriber") {
		t.Errorf("a consent row for one without a subscriber: got %v, want consents.csv:2: subscriber …", err)
	}
}
