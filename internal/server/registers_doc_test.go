package server

import (
	"flag"
	"os"
	"strings"
	"testing"

	"github.com/himitsu-oss/himitsu"
)

var updateDocs = flag.Bool("update", false, "rewrite the generated part of docs/registers.md")

// rolesTable is the table of docs/registers.md: each register, who reads
// it and who writes it, as routes.go states.
func rolesTable() string {
	short := map[himitsu.Role]string{himitsu.RoleAdmin: "admin", himitsu.RoleOfficer: "officer", himitsu.RoleDesk: "desk",
		himitsu.RoleEngineer: "engineer", himitsu.RoleAuditor: "auditor", himitsu.RoleRegulator: "regulator"}
	names := func(rs []himitsu.Role) string {
		if len(rs) == 0 {
			return "— (a log: never written here)"
		}
		var out []string
		for _, r := range rs {
			out = append(out, short[r])
		}
		return strings.Join(out, ", ")
	}
	var b strings.Builder
	b.WriteString("| register | 台帳 | read by | written by |\n|---|---|---|---|\n")
	for _, rc := range registers() {
		b.WriteString("| `" + rc.name + "` | " + registerLabel(rc.name, "ja") + " | " + names(rc.read) + " | " + names(rc.write) + " |\n")
	}
	return b.String()
}

// TestRegistersDoc keeps the roles table of docs/registers.md true to the
// route table; go test ./internal/server -run TestRegistersDoc -update
// rewrites it.
func TestRegistersDoc(t *testing.T) {
	const path = "../../docs/registers.md"
	const begin, end = "<!-- roles:begin -->\n", "<!-- roles:end -->"
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	i, j := strings.Index(doc, begin), strings.Index(doc, end)
	if i < 0 || j < i {
		t.Fatalf("%s has no %q … %q section", path, begin, end)
	}
	want := doc[:i+len(begin)] + rolesTable() + doc[j:]
	if want == doc {
		return
	}
	if *updateDocs {
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("%s: the roles table differs from routes.go; run go test ./internal/server -run TestRegistersDoc -update", path)
}
