package server

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/himitsu-oss/himitsu"
)

var updateLists = flag.Bool("update-lists", false, "rewrite testdata/lists.golden")

// TestListTablesGolden renders the table of every register's list page,
// in English and Japanese, over the fixture carrier plus a person whose
// name and unit hold every character the HTML escaper rewrites, and
// compares it with testdata/lists.golden. The table is built for speed
// (work done once per page or row in Go, not per cell in the template);
// the golden, written before that change, holds it to the same HTML.
func TestListTablesGolden(t *testing.T) {
	e := newEnv(t, engines[0].dsn(t))
	ctx := himitsu.WithAccessor(context.Background(), himitsu.Accessor{Actor: "test", Purpose: "golden"})
	orgs, err := e.store.RecordService("organisations")
	if !err {
		t.Fatal("no organisations register")
	}
	op, lerr := orgs.List(ctx, "a", himitsu.ListOptions{Limit: 1})
	if lerr != nil || len(op.Items) == 0 {
		t.Fatalf("organisations of the fixture: %v", lerr)
	}
	persons, _ := e.store.RecordService("persons")
	tricky := himitsu.Person{ID: "per-escape", Name: `A+B <i>x</i> & 'q' "r" ` + "\u00a0nbsp", Kind: himitsu.PersonEmployee,
		Employer: reflect.ValueOf(op.Items[0].Record).FieldByName("ID").String(), Unit: `u+1 & <b>`}
	if _, err := persons.Create(ctx, "a", tricky); err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	for _, lang := range []string{"en", "ja"} {
		ck, _ := e.session(himitsu.RoleAdmin)
		if lang == "ja" {
			u := e.users[himitsu.RoleAdmin]
			u.Lang = "ja"
			if err := e.store.UpdateUser(context.Background(), u); err != nil {
				t.Fatal(err)
			}
		}
		for _, rc := range registers() {
			w := e.get(ck, "/c/a/"+rc.name)
			if w.Code != 200 {
				t.Fatalf("%s (%s): %d", rc.name, lang, w.Code)
			}
			body := w.Body.String()
			i, j := strings.Index(body, `<table id="records">`), strings.Index(body, "</table>")
			if i < 0 || j < i {
				t.Fatalf("%s (%s): no table of records", rc.name, lang)
			}
			out.WriteString("== " + rc.name + " (" + lang + ")\n" + body[i:j+len("</table>")] + "\n")
		}
	}
	path := filepath.Join("testdata", "lists.golden")
	if *updateLists {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(out.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, rerr := os.ReadFile(path)
	if rerr != nil {
		t.Fatal(rerr)
	}
	if got := out.String(); got != string(want) {
		gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
		for k := range min(len(gl), len(wl)) {
			if gl[k] != wl[k] {
				t.Fatalf("%s line %d:\n got %q\nwant %q", path, k+1, gl[k], wl[k])
			}
		}
		t.Fatalf("%s: got %d lines, want %d", path, len(gl), len(wl))
	}
}
