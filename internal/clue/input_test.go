package clue

import (
	"errors"
	"strings"
	"testing"

	himitsu "github.com/himitsu-oss/himitsu"
)

func TestReadInputs(t *testing.T) {
	tests := []struct {
		name, file, src string
		n               int
		line            int
		field           string
	}{
		{"jsonl", "a.jsonl", `{"id":"1","text":"x"}` + "\n\n" + `{"id":"2","text":"y","lang":"en","received_at":"2026-11-01T10:00:00+09:00"}`, 2, 0, ""},
		{"csv", "a.csv", "id,text,lang\n1,ログインされた,ja\n2,\"multi\nline\",en\n", 2, 0, ""},
		{"csv with bom", "a.csv", "\ufeffid,text\n1,x\n", 1, 0, ""},
		{"missing text", "a.jsonl", `{"id":"1","text":"x"}` + "\n" + `{"id":"2"}`, 0, 2, "text"},
		{"duplicate id", "a.jsonl", `{"id":"1","text":"x"}` + "\n" + `{"id":"1","text":"y"}`, 0, 2, "id"},
		{"bad lang", "a.csv", "id,text,lang\n1,x,fr\n", 0, 2, "lang"},
		{"bad time", "a.jsonl", `{"id":"1","text":"x","received_at":"yesterday"}`, 0, 1, "received_at"},
		{"csv without text column", "a.csv", "id,body\n1,x\n", 0, 1, "text"},
		{"not json", "a.jsonl", `{"id":"1","text":"x"}` + "\n" + `id,text`, 0, 2, ""},
		{"csv bad quote", "a.csv", "id,text\n1,\"x\n", 0, 2, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ReadInputs(tt.file, strings.NewReader(tt.src))
			if tt.line == 0 {
				if err != nil || len(got) != tt.n {
					t.Fatalf("got %d inputs, err %v; want %d", len(got), err, tt.n)
				}
				return
			}
			var he *himitsu.Error
			if !errors.As(err, &he) || he.File != tt.file || he.Line != tt.line || he.Field != tt.field || he.MsgJA == "" {
				t.Fatalf("got %v (%+v), want an error at %s:%d field %q in both languages", err, he, tt.file, tt.line, tt.field)
			}
			if got != nil {
				t.Errorf("got %d inputs with an error, want none", len(got))
			}
		})
	}
}

func FuzzReadInputs(f *testing.F) {
	f.Add("a.jsonl", `{"id":"1","text":"x","labels":{"clue":true}}`)
	f.Add("a.csv", "id,text,lang\n1,\"a\"\"b\",ja\n")
	f.Add("a.csv", "id,text\n1,\"x\n")
	f.Fuzz(func(t *testing.T, name, src string) {
		got, err := ReadInputs(name, strings.NewReader(src))
		if err != nil {
			var he *himitsu.Error
			if !errors.As(err, &he) {
				t.Fatalf("error %v is not a *himitsu.Error", err)
			}
			return
		}
		for _, in := range got {
			if in.ID == "" || strings.TrimSpace(in.Text) == "" {
				t.Fatalf("accepted input without id or text: %+v", in)
			}
		}
	})
}
