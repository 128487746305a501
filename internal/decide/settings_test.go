package decide

import (
	"strings"
	"testing"

	"github.com/himitsu-oss/himitsu"
)

func TestParseSettings(t *testing.T) {
	o, err := ParseSettings([]byte(`{"lawful_ops": ["billing", "complaints"], "bulk_limit": 50, "bulk_limits": {"P-1": 500}}`), "decide.json")
	if err != nil {
		t.Fatal(err)
	}
	if len(o.LawfulOps) != 2 || o.LawfulOps[0] != "billing" || o.BulkLimit != 50 || o.BulkLimits["P-1"] != 500 {
		t.Errorf("got %+v", o)
	}
	if o, err := ParseSettings([]byte(`{}`), "d.json"); err != nil || o.BulkLimit != 0 || o.LawfulOps != nil {
		t.Errorf("got %+v, %v for {}, want the defaults", o, err)
	}
	tests := []struct{ name, in, field string }{
		{"unknown key", `{"bulk_limt": 5}`, "bulk_limt"},
		{"other is not lawful by itself", `{"lawful_ops": ["other"]}`, "lawful_ops"},
		{"unknown operation", `{"lawful_ops": ["marketing"]}`, "lawful_ops"},
		{"limit zero", `{"bulk_limit": 0}`, "bulk_limit"},
		{"limit a string", `{"bulk_limit": "100"}`, "bulk_limit"},
		{"person limit negative", `{"bulk_limits": {"P-1": -1}}`, "bulk_limits.P-1"},
		{"not JSON", `{"bulk_limit": `, ""},
		{"empty", ``, ""},
		{"two values", `{} {}`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseSettings([]byte(tt.in), "decide.json")
			he, ok := err.(*himitsu.Error)
			if !ok || he.Field != tt.field || he.File != "decide.json" || he.MsgJA == "" {
				t.Errorf("got %#v, want an error of decide.json naming field %q in both languages", err, tt.field)
			}
		})
	}
}

func TestParseBulkLimits(t *testing.T) {
	m, err := ParseBulkLimits(" P-1=10, P-2=3 ,")
	if err != nil || m["P-1"] != 10 || m["P-2"] != 3 || len(m) != 2 {
		t.Errorf("got %v, %v", m, err)
	}
	for _, bad := range []string{"P-1", "P-1=x", "=3", "P-1=0"} {
		if _, err := ParseBulkLimits(bad); himitsu.ErrorField(err) != "bulk_limits" {
			t.Errorf("%q: got %v, want a bulk_limits error", bad, err)
		}
	}
}

func FuzzParseSettings(f *testing.F) {
	for _, s := range []string{`{}`, `{"lawful_ops":["billing"],"bulk_limit":3,"bulk_limits":{"a":1}}`, `{"x":1}`, `[`, "\xff"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		o, err := ParseSettings(data, "f.json")
		if err != nil {
			if !strings.Contains(err.Error(), "f.json") {
				t.Errorf("error %v does not name the file", err)
			}
			return
		}
		if o.BulkLimit < 0 || len(o.LawfulOps) > len(data) {
			t.Errorf("got %+v from %q", o, data)
		}
		for _, op := range o.LawfulOps {
			if op == himitsu.LawfulOther {
				t.Errorf("other accepted from %q", data)
			}
		}
	})
}
