package oscal

import (
	"encoding/json"
	"testing"
)

func TestUUIDv5(t *testing.T) {
	// The DNS namespace differs from the URL one only in byte 3.
	dns := NamespaceURL
	dns[3] = 0x10
	tests := []struct {
		name string
		ns   [16]byte
		in   string
		want string
	}{
		// RFC 9562 appendix A.4, the published UUIDv5 example.
		{"rfc 9562 example", dns, "www.example.com", "2ed6657d-e927-568b-95e1-2665a8aea6a2"},
		// Python's uuid.uuid5(uuid.NAMESPACE_DNS, "python.org").
		{"python docs example", dns, "python.org", "886313e1-3b8a-5372-9b90-0c9aee199e5d"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := FormatUUID(UUIDv5(tt.ns, tt.in)); got != tt.want {
				t.Errorf("UUIDv5(%x, %q): got %s, want %s", tt.ns, tt.in, got, tt.want)
			}
		})
	}
}

func TestUUIDv5Bits(t *testing.T) {
	for _, name := range []string{"", "a", "https://example.com/x"} {
		u := UUIDv5(NamespaceURL, name)
		if v := u[6] >> 4; v != 5 {
			t.Errorf("UUIDv5(URL, %q): got version %d, want 5", name, v)
		}
		if v := u[8] >> 6; v != 0b10 {
			t.Errorf("UUIDv5(URL, %q): got variant bits %02b, want 10", name, v)
		}
	}
	if UUIDv5(NamespaceURL, "a") == UUIDv5(NamespaceURL, "b") {
		t.Error("UUIDv5 of different names: got the same UUID, want different ones")
	}
}

func TestFormatUUID(t *testing.T) {
	u := [16]byte{0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0xdd, 0xee, 0xff}
	if got, want := FormatUUID(u), "00010203-0405-0607-0809-0a0b0cddeeff"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

func TestID(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"assumed case", "5(3)(iv)iii", "s5-3-iv-iii"},
		{"short case", "5(1)i", "s5-1-i"},
		{"paragraph", "4(2)", "s4-2"},
		{"section", "2", "s2"},
		{"principle", "5-single-act", "s5-single-act"},
		{"provision", "tba-29-1-i", "tba-29-1-i"},
		{"other guideline", "pi-guideline-comms-history", "pi-guideline-comms-history"},
		{"non-ascii dropped", "第5(1)", "s5-1"},
		{"empty", "", "s"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ID(tt.in); got != tt.want {
				t.Errorf("ID(%q): got %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// The JSON field names and omissions are part of the OSCAL format.
func TestJSON(t *testing.T) {
	tests := []struct {
		name string
		v    any
		want string
	}{
		{"prop", Prop{Name: "label", Value: "5(1)i"}, `{"name":"label","value":"5(1)i"}`},
		{"ns prop", NSProp("code", "X"), `{"name":"code","ns":"` + Namespace + `","value":"X"}`},
		{"link", Link{Href: "#s2", Rel: "reference"}, `{"href":"#s2","rel":"reference"}`},
		{"part", Part{Name: "statement", Parts: []Part{{Name: "item", Prose: "p"}}},
			`{"name":"statement","parts":[{"name":"item","prose":"p"}]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := json.Marshal(tt.v)
			if err != nil {
				t.Fatal(err)
			}
			if string(b) != tt.want {
				t.Errorf("got %s, want %s", b, tt.want)
			}
		})
	}
}
