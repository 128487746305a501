package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/himitsu-oss/himitsu/internal/decide"
)

// syncBuffer is a bytes.Buffer safe for the server goroutine and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestServe starts 'himitsu serve' as a new user would, on a fresh
// database: the example carrier is loaded, the setup link is printed and
// works, and cancelling (SIGTERM) stops the server cleanly.
func TestServe(t *testing.T) {
	for name, dsn := range databases(t) {
		t.Run(name, func(t *testing.T) {
			db := dsn(t)
			var stderr syncBuffer
			vars := map[string]string{}
			if name == "postgres" {
				// A server database needs a text key (TestServePlainTexts).
				vars["HIMITSU_TEXT_KEYS"] = "k1 3f1c9a0b7e2d4c5a6b8f90e1d2c3b4a5968778695a4b3c2d1e0f1a2b3c4d5e6f"
			}
			e := &env{stdin: strings.NewReader(""), stdout: io.Discard, stderr: &stderr, getenv: func(k string) string { return vars[k] }}
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan int, 1)
			go func() { done <- run(ctx, e, []string{"serve", "--addr", "127.0.0.1:0", "--db", db}) }()
			link := regexp.MustCompile(`http://127\.0\.0\.1:\d+/setup/\S+`)
			deadline := time.Now().Add(60 * time.Second)
			for !link.MatchString(stderr.String()) {
				if time.Now().After(deadline) {
					cancel()
					t.Fatalf("no setup link printed:\n%s", stderr.String())
				}
				time.Sleep(50 * time.Millisecond)
			}
			out := stderr.String()
			if !strings.Contains(out, "loaded the example carrier minato-mobile") {
				t.Errorf("the example carrier was not loaded:\n%s", out)
			}
			setup := link.FindString(out)
			base := setup[:strings.Index(setup, "/setup/")]
			resp, err := http.Get(setup)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != 200 {
				t.Errorf("setup link: got %d, want 200", resp.StatusCode)
			}
			resp, err = http.Get(base + "/readyz")
			if err != nil || resp.StatusCode != 200 {
				t.Errorf("readyz: %v %v", resp, err)
			}
			resp.Body.Close()
			cancel()
			select {
			case code := <-done:
				if code != exitOK {
					t.Errorf("serve exited with %d after cancel:\n%s", code, stderr.String())
				}
			case <-time.After(30 * time.Second):
				t.Fatal("serve did not stop after cancel")
			}
		})
	}
}

// TestUserCreate creates users from the command line, password on stdin.
func TestUserCreate(t *testing.T) {
	db := filepath.Join(t.TempDir(), "himitsu.db")
	runWith := func(stdin string, args ...string) result {
		var out, errOut bytes.Buffer
		e := &env{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errOut, getenv: func(string) string { return "" }}
		code := run(context.Background(), e, args)
		return result{code, out.String(), errOut.String()}
	}
	if r := himitsuCmd(t, nil, "import", "--db", db, "--purpose", "test", exampleDir(t)); r.code != exitOK {
		t.Fatalf("import: %d %s", r.code, r.stderr)
	}
	tests := []struct {
		name  string
		stdin string
		args  []string
		code  int
		want  string
	}{
		{"admin gets every carrier", "a long enough password\n", []string{"user", "create", "--db", db, "root"}, exitOK, "[minato-mobile]"},
		{"short password", "short\n", []string{"user", "create", "--db", db, "taro"}, exitFail, "password"},
		{"duplicate", "a long enough password\n", []string{"user", "create", "--db", db, "root"}, exitFail, "root"},
		{"bad role", "a long enough password\n", []string{"user", "create", "--db", db, "--role", "boss", "x"}, exitFail, "role"},
		{"desk agent", "a long enough password\n", []string{"user", "create", "--db", db, "--role", "desk-agent", "--carrier", "minato-mobile", "hanako"}, exitOK, "desk-agent"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runWith(tt.stdin, tt.args...)
			if r.code != tt.code || !strings.Contains(r.stderr, tt.want) {
				t.Errorf("got %d %q, want %d containing %q", r.code, r.stderr, tt.code, tt.want)
			}
		})
	}
	r := runWith("", "user", "list", "--db", db)
	if !strings.Contains(r.stdout, "hanako") || !strings.Contains(r.stdout, "root") {
		t.Errorf("user list: got %q", r.stdout)
	}
}

// TestDecideFlags: the decision point's settings come from the settings
// file, then the environment, then the flags over both; bad values are
// refused before the server starts.
func TestDecideFlags(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "decide.json")
	if err := os.WriteFile(file, []byte(`{"lawful_ops":["billing"],"bulk_limit":7,"bulk_limits":{"P1":70,"P2":20}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	parse := func(vars map[string]string, args ...string) (decide.Options, error) {
		e := &env{stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard, getenv: func(k string) string { return vars[k] }}
		fs := newFlagSet(e, "serve", "", "", "")
		get := decideFlags(e, fs)
		if err := parseFlags(fs, args); err != nil {
			return decide.Options{}, err
		}
		return get()
	}
	o, err := parse(map[string]string{"HIMITSU_DECIDE_CONFIG": file, "HIMITSU_DECIDE_BULK_LIMIT": "9"}, "--decide-bulk-limits", "P2=2,P3=3", "--decide-lawful-ops", "billing,complaints")
	if err != nil {
		t.Fatal(err)
	}
	if o.BulkLimit != 9 || o.BulkLimits["P1"] != 70 || o.BulkLimits["P2"] != 2 || o.BulkLimits["P3"] != 3 || len(o.LawfulOps) != 2 {
		t.Errorf("got %+v, want the file's settings with the environment and flags over them", o)
	}
	if o, err := parse(nil); err != nil || o.BulkLimit != 0 || o.LawfulOps != nil || o.BulkLimits != nil {
		t.Errorf("got %+v, %v without settings, want the defaults", o, err)
	}
	for _, args := range [][]string{
		{"--decide-lawful-ops", "billing,other"},
		{"--decide-bulk-limit", "-1"},
		{"--decide-bulk-limits", "P1"},
		{"--decide-config", filepath.Join(dir, "missing.json")},
		{"--decide-config", dir},
	} {
		if _, err := parse(nil, args...); err == nil {
			t.Errorf("%v: got no error", args)
		}
	}
}
