package auditlog_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/himitsu-oss/himitsu/internal/auditlog"
	"github.com/himitsu-oss/himitsu/internal/sqlstore"
)

// Environment of the child process of TestKillDuringAppends.
const (
	killChildEnv = "HIMITSU_AUDIT_KILL_CHILD" // the DSN to append to
	killKeyEnv   = "HIMITSU_AUDIT_KILL_KEY"
	killTrialEnv = "HIMITSU_AUDIT_KILL_TRIAL"
)

// TestKillHelper is the child of TestKillDuringAppends: it appends from
// four goroutines (two batched, two synchronous), signs a checkpoint now
// and then, and prints "ack PURPOSE" for each entry once Append returned,
// until it is killed. Run alone it does nothing.
func TestKillHelper(t *testing.T) {
	dsn := os.Getenv(killChildEnv)
	if dsn == "" {
		t.Skip("the child of TestKillDuringAppends")
	}
	ctx := context.Background()
	trial := os.Getenv(killTrialEnv)
	k, _, err := auditlog.LoadKey(os.Getenv(killKeyEnv), "himitsu.test/kill")
	if err != nil {
		fmt.Println("error", err)
		os.Exit(3)
	}
	var mu sync.Mutex
	out := bufio.NewWriter(os.Stdout)
	ack := func(p string) {
		mu.Lock()
		fmt.Fprintf(out, "ack %s\n", p)
		out.Flush()
		mu.Unlock()
	}
	var wg sync.WaitGroup
	for w := range 4 {
		s, err := sqlstore.OpenWith(ctx, dsn, sqlstore.Options{Audit: auditlog.Options{Sync: w%2 == 1}})
		if err != nil {
			fmt.Println("error", err)
			os.Exit(3)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				e := entry(i)
				e.Purpose = fmt.Sprintf("t%s w%d i%d", trial, w, i)
				if err := s.Audit().Append(ctx, e); err != nil {
					fmt.Println("error", err)
					os.Exit(3)
				}
				ack(e.Purpose)
				if w == 0 && i%50 == 0 {
					if _, err := s.Audit().Checkpoint(ctx, k); err != nil {
						fmt.Println("error", err)
						os.Exit(3)
					}
				}
			}
		}()
	}
	wg.Wait()
}

// TestKillDuringAppends kills a process that appends from several
// goroutines with SIGKILL at a random moment, 20 times per engine, and
// checks after each that every entry whose Append had returned is in the
// log exactly once and that verify passes once a checkpoint is signed.
func TestKillDuringAppends(t *testing.T) {
	if testing.Short() {
		t.Skip("20 SIGKILL trials per engine: run without -short")
	}
	const trials = 20
	for _, e := range engines(t) {
		t.Run(e.name, func(t *testing.T) {
			ctx := context.Background()
			keyPath := filepath.Join(t.TempDir(), "audit.key")
			dsn := dsnOf(t, e)
			acked := map[string]bool{}
			for trial := range trials {
				cmd := exec.Command(os.Args[0], "-test.run=^TestKillHelper$", "-test.v=false")
				cmd.Env = append(os.Environ(), killChildEnv+"="+dsn, killKeyEnv+"="+keyPath, fmt.Sprintf("%s=%d", killTrialEnv, trial))
				stdout, err := cmd.StdoutPipe()
				if err != nil {
					t.Fatal(err)
				}
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				lines := make(chan string, 1024)
				go func() {
					sc := bufio.NewScanner(stdout)
					for sc.Scan() {
						lines <- sc.Text()
					}
					close(lines)
				}()
				// Kill once the child is appending, at a random moment.
				first := <-lines
				time.Sleep(time.Duration(20+rand.IntN(300)) * time.Millisecond)
				cmd.Process.Signal(syscall.SIGKILL)
				n := 0
				for l := range lines {
					if p, ok := strings.CutPrefix(l, "ack "); ok {
						acked[p] = true
						n++
					} else if strings.HasPrefix(l, "error") {
						t.Fatalf("trial %d: child: %s", trial, l)
					}
				}
				if p, ok := strings.CutPrefix(first, "ack "); ok {
					acked[p] = true
				} else {
					t.Fatalf("trial %d: child said %q", trial, first)
				}
				cmd.Wait()
				if n == 0 {
					t.Logf("trial %d: killed after its first acknowledgement", trial)
				}
			}
			s, err := sqlstore.Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			k, _, err := auditlog.LoadKey(keyPath, "")
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.Audit().Checkpoint(ctx, k); err != nil {
				t.Fatal(err)
			}
			rep, err := s.Audit().Verify(ctx, []string{k.VKey})
			if err != nil {
				t.Fatal(err)
			}
			if !rep.OK() {
				t.Fatalf("after %d kills: %+v", trials, rep.Problems)
			}
			rows, err := e.raw.Query(`SELECT data FROM audit_entries`)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			present := map[string]int{}
			for rows.Next() {
				var d string
				rows.Scan(&d)
				var en auditlog.Entry
				json.Unmarshal([]byte(d), &en)
				present[en.Purpose]++
			}
			missing := 0
			for p := range acked {
				if present[p] != 1 {
					missing++
					if missing < 5 {
						t.Errorf("acknowledged entry %q is present %d times, want once", p, present[p])
					}
				}
			}
			t.Logf("%d trials: %d acknowledged entries, %d in the log (%d written but killed before acknowledgement), %d checkpoints valid",
				trials, len(acked), rep.Entries, rep.Entries-int64(len(acked)), rep.Checkpoints)
			if missing > 0 {
				t.Fatalf("%d acknowledged entries lost or duplicated", missing)
			}
		})
	}
}

// dsnOf returns the DSN a child process opens for e.
func dsnOf(t *testing.T, e engine) string {
	t.Helper()
	if e.dsn == "" {
		t.Fatal("engine without a DSN")
	}
	return e.dsn
}
