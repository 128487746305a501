package anchors

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/auth"
	"github.com/himitsu-oss/himitsu/internal/decide"
	"github.com/himitsu-oss/himitsu/internal/sqlstore"
	"github.com/himitsu-oss/himitsu/internal/storetest"
)

// P7 of docs/performance.md: decisions per second over loopback HTTP,
// `himitsu serve` (POST /api/v1/carriers/{carrier}/decisions, bearer
// token, every decision durable in the audit log before the answer)
// against `opa run --server` (POST /v1/data/himitsu/decision, the rules of
// testdata/decide.rego over the same records, no authentication, decision
// logs off), each its own process, driven in turns by the same load
// generator over the same corpus in the same order.
//
//	./p7.sh            # builds both binaries in a temporary folder
//
// or, with binaries at hand,
//
//	P7_HIMITSU=/tmp/x/himitsu P7_OPA=/tmp/x/opa go test -run '^$' -bench P7 -benchtime 1x -v
var (
	p7Rounds   = flag.Int("p7.rounds", 5, "P7: rounds, each one turn of each server (the first server alternates)")
	p7Requests = flag.Int("p7.requests", 20000, "P7: decisions asked of each server per turn")
	p7Clients  = flag.Int("p7.clients", 32, "P7: concurrent keep-alive clients")
	p7Batch    = flag.Int("p7.batch", 1, "P7: decisions per HTTP request to himitsu (its batch form; OPA keeps 1, it has no batch query)")
	p7MaxTurn  = flag.Duration("p7.max-turn", time.Minute, "P7: a turn stops after this long, however many decisions it has made")
)

// p7Corpus is the load: request bodies for each server and the reason
// each must answer (decided in process over the same records), so a
// server that answers something else fails the run instead of being fast.
type p7Corpus struct {
	himitsu, opa [][]byte
	reasons      [][]byte // `"reason":"…"` as both servers write it
}

func newP7Corpus(tb testing.TB, rec *himitsu.Records, opt decide.Options, subs []string, n int) *p7Corpus {
	snap := decide.Build(rec, opt, 1, time.Now())
	rng := rand.New(rand.NewPCG(7, 2026))
	c := &p7Corpus{}
	for i := range n {
		r := randomRequest(rng, subs)
		if err := r.Validate(); err != nil {
			tb.Fatalf("request %d is not valid: %v", i, err)
		}
		hb, err := json.Marshal(&r)
		if err != nil {
			tb.Fatal(err)
		}
		ob, err := json.Marshal(map[string]any{"input": opaInput(&r)})
		if err != nil {
			tb.Fatal(err)
		}
		c.himitsu = append(c.himitsu, hb)
		c.opa = append(c.opa, ob)
		c.reasons = append(c.reasons, []byte(`"reason":"`+snap.Decide(&r).Reason+`"`))
	}
	return c
}

// p7Server is one server under load: its process (for its CPU time), the
// URL decisions are posted to and the headers each request carries.
type p7Server struct {
	name   string
	cmd    *exec.Cmd
	url    string
	header http.Header
	bodies [][]byte
	// want[k] are the reasons body k must answer, in order: one for a
	// single request, per for a batch.
	want [][][]byte
	per  int
}

// single is the corpus one decision per request.
func single(reasons [][]byte) [][][]byte {
	out := make([][][]byte, len(reasons))
	for i, r := range reasons {
		out[i] = [][]byte{r}
	}
	return out
}

// batches joins the corpus's himitsu requests per to a batch body
// ({"requests": […]}), for the batch variant of the decision endpoint.
func batches(c *p7Corpus, per int) ([][]byte, [][][]byte) {
	var bodies [][]byte
	var want [][][]byte
	for i := 0; i+per <= len(c.himitsu); i += per {
		b := append([]byte(`{"requests":[`), bytes.Join(c.himitsu[i:i+per], []byte(","))...)
		bodies = append(bodies, append(b, "]}"...))
		want = append(want, c.reasons[i:i+per])
	}
	return bodies, want
}

// answers reports whether body holds the wanted reasons in order.
func answers(body []byte, want [][]byte) bool {
	for _, w := range want {
		i := bytes.Index(body, w)
		if i < 0 {
			return false
		}
		body = body[i+len(w):]
	}
	return true
}

// p7Turn is what one turn measured.
type p7Turn struct {
	decisions     int
	perSecond     float64
	p50, p99      time.Duration
	cpuPerDecided time.Duration // the server process's user+sys time per decision
	clientCPU     time.Duration // the load generator's (this process's) user+sys time per decision
}

// ownCPU is this process's user+sys time so far.
func ownCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// cpuTime is a process's user+sys time so far, from /proc (Linux).
func cpuTime(pid int) (time.Duration, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// Fields after the command name, which is in parentheses and may hold
	// spaces: utime and stime are the 12th and 13th of them.
	f := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+1:]))
	if len(f) < 13 {
		return 0, fmt.Errorf("/proc/%d/stat: %d fields", pid, len(f))
	}
	ut, err1 := strconv.ParseInt(f[11], 10, 64)
	st, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, fmt.Errorf("/proc/%d/stat: utime %q stime %q", pid, f[11], f[12])
	}
	const ticks = 100 // USER_HZ on Linux
	return time.Duration(ut+st) * time.Second / ticks, nil
}

// drive posts n decisions from the corpus, in corpus order, over clients
// keep-alive connections, and checks every answer's status and reason.
func (s *p7Server) drive(tb testing.TB, hc *http.Client, n, clients int, max time.Duration) p7Turn {
	n /= s.per // HTTP requests
	var next atomic.Int64
	lat := make([][]time.Duration, clients)
	errs := make(chan error, clients)
	cpu0, err := cpuTime(s.cmd.Process.Pid)
	if err != nil {
		tb.Fatal(err)
	}
	own0 := ownCPU()
	start := time.Now()
	deadline := start.Add(max)
	var wg sync.WaitGroup
	for w := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf bytes.Buffer
			own := make([]time.Duration, 0, n/clients+1)
			defer func() { lat[w] = own }()
			for {
				i := int(next.Add(1) - 1)
				if i >= n || time.Now().After(deadline) {
					return
				}
				k := i % len(s.bodies)
				req, err := http.NewRequest("POST", s.url, bytes.NewReader(s.bodies[k]))
				if err != nil {
					errs <- err
					return
				}
				req.Header = s.header
				t0 := time.Now()
				resp, err := hc.Do(req)
				if err != nil {
					errs <- fmt.Errorf("%s: request %d: %w", s.name, k, err)
					return
				}
				buf.Reset()
				_, err = buf.ReadFrom(resp.Body)
				resp.Body.Close()
				own = append(own, time.Since(t0))
				if err != nil || resp.StatusCode != http.StatusOK {
					errs <- fmt.Errorf("%s: request %d: status %d (%v): %s", s.name, k, resp.StatusCode, err, buf.Bytes())
					return
				}
				if !answers(buf.Bytes(), s.want[k]) {
					errs <- fmt.Errorf("%s: request %d: answer %s, want %s", s.name, k, buf.Bytes(), bytes.Join(s.want[k], []byte(", ")))
					return
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	own1 := ownCPU()
	cpu1, err := cpuTime(s.cmd.Process.Pid)
	if err != nil {
		tb.Fatal(err)
	}
	close(errs)
	for err := range errs {
		tb.Fatal(err)
	}
	all := slices.Concat(lat...)
	if len(all) == 0 {
		tb.Fatalf("%s: no decision in %v", s.name, max)
	}
	slices.Sort(all)
	decided := len(all) * s.per
	return p7Turn{decisions: decided, perSecond: float64(decided) / elapsed.Seconds(),
		p50: all[len(all)/2], p99: all[len(all)*99/100], cpuPerDecided: (cpu1 - cpu0) / time.Duration(decided),
		clientCPU: (own1 - own0) / time.Duration(decided)}
}

// freeAddr is a loopback address with a port free at the time of asking.
func freeAddr(tb testing.TB) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// p7Binaries returns the paths of the himitsu and opa binaries: those of
// P7_HIMITSU and P7_OPA (p7.sh builds them once), else built now into dir.
// OPA's command is built in a module of its own, so that its
// dependencies stay out of this module's go.sum.
func p7Binaries(tb testing.TB, dir string) (string, string) {
	hb, ob := os.Getenv("P7_HIMITSU"), os.Getenv("P7_OPA")
	run := func(wd string, args ...string) {
		cmd := exec.Command("go", args...)
		cmd.Dir = wd
		if out, err := cmd.CombinedOutput(); err != nil {
			tb.Fatalf("%s (in %s): %v\n%s", strings.Join(cmd.Args, " "), wd, err, out)
		}
	}
	if hb == "" {
		hb = filepath.Join(dir, "himitsu")
		root, err := filepath.Abs("../..")
		if err != nil {
			tb.Fatal(err)
		}
		run(root, "build", "-o", hb, "./cmd/himitsu")
	}
	if ob == "" {
		ob = filepath.Join(dir, "opa")
		mod := filepath.Join(dir, "opa-module")
		if err := os.MkdirAll(mod, 0o755); err != nil {
			tb.Fatal(err)
		}
		gomod := "module p7opa\n\ngo 1.26\n\nrequire github.com/open-policy-agent/opa " + opaVersion + "\n"
		if err := os.WriteFile(filepath.Join(mod, "go.mod"), []byte(gomod), 0o644); err != nil {
			tb.Fatal(err)
		}
		run(mod, "build", "-mod=mod", "-o", ob, "github.com/open-policy-agent/opa")
	}
	return hb, ob
}

// opaVersion is the OPA of this module's go.mod, the one P1–P6 measure.
const opaVersion = "v1.22.3"

// start runs a server with its output in logFile and waits until ready
// answers 200.
func startServer(tb testing.TB, name, logFile, ready string, bin string, args ...string) *exec.Cmd {
	lf, err := os.Create(logFile)
	if err != nil {
		tb.Fatal(err)
	}
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = lf, lf
	cmd.Env = append(os.Environ(), "HIMITSU_EXAMPLE=false")
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-done
		}
		lf.Close()
	})
	for t0 := time.Now(); time.Since(t0) < time.Minute; time.Sleep(50 * time.Millisecond) {
		if resp, err := http.Get(ready); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return cmd
			}
		}
	}
	out, _ := os.ReadFile(logFile)
	tb.Fatalf("%s did not answer %s within a minute:\n%s", name, ready, out)
	return nil
}

// p7Fixture is the decide fixture as carrier "a" of a store (its carrier
// and organisations from the store fixture), as the server's decision
// tests use it.
func p7Fixture() (*himitsu.Records, decide.Options, []string) {
	rec, opt, subs := decide.Fixture()
	base, _ := storetest.Fixture("a")
	rec.Carrier = base.Carrier
	rec.Organisations = base.Organisations
	for i := range rec.Persons {
		rec.Persons[i].Employer = base.Organisations[0].ID
	}
	return rec, opt, subs
}

// p7Database writes the records into a new SQLite database with an
// engineer holding a write token for the carrier, and returns the token.
func p7Database(tb testing.TB, path string, rec *himitsu.Records) string {
	ctx := context.Background()
	st, err := sqlstore.Open(ctx, path)
	if err != nil {
		tb.Fatal(err)
	}
	defer st.Close()
	actx := himitsu.WithAccessor(ctx, himitsu.Accessor{Actor: "p7 benchmark", Purpose: "fixture"})
	if _, err := st.Replace(actx, rec, &himitsu.EventSlices{}); err != nil {
		tb.Fatal(err)
	}
	u, err := st.CreateUser(ctx, himitsu.User{Name: "p7-engineer", Role: himitsu.RoleEngineer, Lang: "en", PasswordHash: "none", Carriers: []string{rec.Carrier.ID}})
	if err != nil {
		tb.Fatal(err)
	}
	secret := auth.NewSecret("hmt_")
	if _, err := st.CreateToken(ctx, himitsu.APIToken{UserID: u.ID, Name: "p7", Prefix: secret[:8], Hash: auth.HashSecret(secret), Scope: himitsu.TokenWrite}); err != nil {
		tb.Fatal(err)
	}
	return secret
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// BenchmarkP7 runs -p7.rounds rounds; in each, both servers take a turn
// of -p7.requests decisions (which goes first alternates), and reports
// the medians with the per-round figures in the log. Run it with
// -benchtime 1x: each iteration is the whole comparison.
func BenchmarkP7(b *testing.B) {
	dir := b.TempDir()
	hbin, obin := p7Binaries(b, dir)
	rec, opt, subs := p7Fixture()
	corpus := newP7Corpus(b, rec, opt, subs, 4096)

	db := filepath.Join(dir, "p7.db")
	token := p7Database(b, db, rec)
	haddr := freeAddr(b)
	bulk := []string{}
	for p, n := range opt.BulkLimits {
		bulk = append(bulk, fmt.Sprintf("%s=%d", p, n))
	}
	hcmd := startServer(b, "himitsu serve", filepath.Join(dir, "himitsu.log"), "http://"+haddr+"/healthz", hbin,
		"serve", "--addr", haddr, "--db", db, "--example=false",
		"--decide-bulk-limit", strconv.Itoa(opt.BulkLimit), "--decide-bulk-limits", strings.Join(bulk, ","))

	data, err := json.Marshal(opaData(rec, opt))
	if err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "data.json"), data, 0o644); err != nil {
		b.Fatal(err)
	}
	oaddr := freeAddr(b)
	ocmd := startServer(b, "opa run --server", filepath.Join(dir, "opa.log"), "http://"+oaddr+"/health", obin,
		"run", "--server", "--addr", oaddr, "--log-level", "error", "testdata/decide.rego", filepath.Join(dir, "data.json"))

	hh := http.Header{"Content-Type": {"application/json"}, "Authorization": {"Bearer " + token}}
	servers := []*p7Server{
		{name: "himitsu", cmd: hcmd, url: "http://" + haddr + "/api/v1/carriers/" + rec.Carrier.ID + "/decisions", header: hh, bodies: corpus.himitsu, want: single(corpus.reasons), per: 1},
		{name: "opa", cmd: ocmd, url: "http://" + oaddr + "/v1/data/himitsu/decision", header: http.Header{"Content-Type": {"application/json"}}, bodies: corpus.opa, want: single(corpus.reasons), per: 1},
	}
	if *p7Batch > 1 {
		// The decision endpoint also takes a batch; OPA's server has no
		// batch query, so it keeps one decision per request.
		servers[0].bodies, servers[0].want = batches(corpus, *p7Batch)
		servers[0].per = *p7Batch
		servers[0].name = fmt.Sprintf("himitsu (batches of %d)", *p7Batch)
	}
	clients := *p7Clients
	hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients, MaxConnsPerHost: clients, DisableCompression: true}}
	// A warm-up turn each: connections opened, the snapshot loaded, OPA's
	// and the runtime's caches filled.
	for _, s := range servers {
		s.drive(b, hc, 2*len(corpus.reasons), clients, *p7MaxTurn)
	}
	for range b.N {
		var hs, opaRates, ratio, hp99, op99, hcpu, ocpu, ccpu []float64
		b.Logf("%d clients, %d decisions per turn, %s against %s; load average %s", clients, *p7Requests, servers[0].name, servers[1].name, loadAverage())
		b.Logf("round | himitsu dec/s  p50  p99  server cpu/dec  client cpu/dec | opa dec/s  p50  p99  server cpu/dec  client cpu/dec | ratio")
		for round := range *p7Rounds {
			order := []int{0, 1}
			if round%2 == 1 {
				order = []int{1, 0}
			}
			var t [2]p7Turn
			for _, i := range order {
				t[i] = servers[i].drive(b, hc, *p7Requests, clients, *p7MaxTurn)
			}
			hs, opaRates = append(hs, t[0].perSecond), append(opaRates, t[1].perSecond)
			ratio = append(ratio, t[0].perSecond/t[1].perSecond)
			hp99, op99 = append(hp99, t[0].p99.Seconds()*1e3), append(op99, t[1].p99.Seconds()*1e3)
			hcpu, ocpu = append(hcpu, float64(t[0].cpuPerDecided.Microseconds())), append(ocpu, float64(t[1].cpuPerDecided.Microseconds()))
			for _, x := range t {
				ccpu = append(ccpu, float64(x.clientCPU.Microseconds()))
			}
			b.Logf("%d | %.0f  %v  %v  %v  %v | %.0f  %v  %v  %v  %v | %.2f×", round+1,
				t[0].perSecond, t[0].p50.Round(10*time.Microsecond), t[0].p99.Round(10*time.Microsecond), t[0].cpuPerDecided.Round(time.Microsecond), t[0].clientCPU.Round(time.Microsecond),
				t[1].perSecond, t[1].p50.Round(10*time.Microsecond), t[1].p99.Round(10*time.Microsecond), t[1].cpuPerDecided.Round(time.Microsecond), t[1].clientCPU.Round(time.Microsecond), ratio[len(ratio)-1])
		}
		b.Logf("ratio himitsu/opa: median %.2f×, range %.2f–%.2f×; load average %s", median(ratio), slices.Min(ratio), slices.Max(ratio), loadAverage())
		b.ReportMetric(median(hs), "himitsu-dec/s")
		b.ReportMetric(median(opaRates), "opa-dec/s")
		b.ReportMetric(median(ratio), "ratio")
		b.ReportMetric(median(hp99), "himitsu-p99-ms")
		b.ReportMetric(median(op99), "opa-p99-ms")
		b.ReportMetric(median(hcpu), "himitsu-cpu-µs/dec")
		b.ReportMetric(median(ocpu), "opa-cpu-µs/dec")
		b.ReportMetric(median(ccpu), "client-cpu-µs/dec")
	}
}

// loadAverage is the first three fields of /proc/loadavg.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}
