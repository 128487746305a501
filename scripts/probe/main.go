//go:build unix

// Command probe repeats the probe of issue 11 ("Nothing mixed, nothing
// leaked, no input can hurt it") against the real binary and prints, per
// class of attack, how many trials it ran and how many ended correctly:
//
//	class                         tried  correct
//
// The classes:
//
//   - malformed-bundles: the corpus test TestProbeMalformedBundles of
//     internal/bundle (skipped, with a line saying so, where it does not
//     exist yet).
//   - kill-import/ENGINE: an import is killed with SIGKILL at a random
//     moment; afterwards the database must hold the old or the new carrier
//     completely (same carrier name and the same number of records in
//     every register as one of the two bundles) and, on SQLite, pass
//     PRAGMA integrity_check.
//   - export-during-commit/ENGINE: an export is stopped (SIGSTOP) at a
//     random moment, another import commits, the export continues
//     (SIGCONT); the exported bundle must be one of the two states whole.
//   - kill-export/ENGINE: an export is killed with SIGKILL at a random
//     moment; if it had begun writing (its temporary folder exists), its
//     read must be in the read log already; the next export into the same
//     place must succeed and leave no temporary folder behind.
//   - commands-during-import/ENGINE: log, migrate and assess --db run again
//     and again while an import runs; each must succeed, or (assess, which
//     must write its read-log entry) fail saying that an import is running.
//
// PostgreSQL classes run when HIMITSU_TEST_POSTGRES holds a DSN; the probe
// uses a schema of its own there and drops it at the end.
//
// Usage, from the repository root:
//
//	go run ./scripts/probe [--fast]
//
// --fast (what CI runs) uses a smaller second bundle and fewer trials; the
// full mode takes minutes. The exit status is 1 when any trial ended
// incorrectly.
package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	mrand "math/rand/v2"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/examples"
	"github.com/himitsu-oss/himitsu/internal/bundle"
	"github.com/himitsu-oss/himitsu/internal/sqlstore"
)

type config struct {
	killTrials, exportTrials, commandRounds, bigEvents int
}

var (
	fastConfig = config{killTrials: 20, exportTrials: 6, commandRounds: 1, bigEvents: 20_000}
	fullConfig = config{killTrials: 40, exportTrials: 20, commandRounds: 3, bigEvents: 200_000}
)

// outcome is one class's figures.
type outcome struct {
	class          string
	tried, correct int
	skipped        string // why the class did not run
	notes          []string
}

func main() {
	fast := flag.Bool("fast", false, "fewer trials and a smaller bundle (what CI runs)")
	verbose := flag.Bool("v", false, "print every incorrect trial")
	flag.Parse()
	cfg := fullConfig
	if *fast {
		cfg = fastConfig
	}
	p, err := newProbe(cfg, *verbose)
	if err != nil {
		fmt.Fprintln(os.Stderr, "probe:", err)
		os.Exit(2)
	}
	defer p.cleanup()
	outcomes := p.run()
	fmt.Printf("%-36s %6s %8s\n", "class", "tried", "correct")
	bad := false
	for _, o := range outcomes {
		if o.skipped != "" {
			fmt.Printf("%-36s skipped: %s\n", o.class, o.skipped)
			continue
		}
		fmt.Printf("%-36s %6d %8d\n", o.class, o.tried, o.correct)
		for _, n := range o.notes {
			fmt.Printf("  %s\n", n)
		}
		if o.correct != o.tried {
			bad = true
		}
	}
	if bad {
		p.cleanup()
		os.Exit(1)
	}
}

type probe struct {
	cfg        config
	verbose    bool
	root, work string
	bin        string
	a, b       string // bundle folders
	states     map[string]state
	cleanups   []func()
}

// state is what the probe compares: the carrier's name and the number of
// records in every register, both logs included.
type state string

func newProbe(cfg config, verbose bool) (*probe, error) {
	p := &probe{cfg: cfg, verbose: verbose, states: map[string]state{}}
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}").Output()
	if err != nil {
		return nil, fmt.Errorf("go list -m: %w (run the probe from the repository)", err)
	}
	p.root = strings.TrimSpace(string(out))
	if p.work, err = os.MkdirTemp("", "himitsu-probe-"); err != nil {
		return nil, err
	}
	p.cleanups = append(p.cleanups, func() { os.RemoveAll(p.work) })
	p.bin = filepath.Join(p.work, "himitsu")
	build := exec.Command("go", "build", "-o", p.bin, "./cmd/himitsu")
	build.Dir, build.Stderr = p.root, os.Stderr
	if err := build.Run(); err != nil {
		return nil, fmt.Errorf("go build: %w", err)
	}
	p.a, p.b = filepath.Join(p.work, "a"), filepath.Join(p.work, "b")
	if err := makeBundles(p.a, p.b, cfg.bigEvents); err != nil {
		return nil, err
	}
	for _, dir := range []string{p.a, p.b} {
		st, err := bundleState(dir)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", dir, err)
		}
		p.states[dir] = st
	}
	if p.states[p.a] == p.states[p.b] {
		return nil, errors.New("the two bundles have the same state: the probe would prove nothing")
	}
	return p, nil
}

func (p *probe) cleanup() {
	for _, c := range slices.Backward(p.cleanups) {
		c()
	}
	p.cleanups = nil
}

func (p *probe) run() []outcome {
	outs := []outcome{p.malformed()}
	engines := []struct{ name, dsn, why string }{{"sqlite", filepath.Join(p.work, "probe.db"), ""}}
	if dsn := os.Getenv("HIMITSU_TEST_POSTGRES"); dsn != "" {
		pg, err := p.postgres(dsn)
		if err != nil {
			engines = append(engines, struct{ name, dsn, why string }{"postgres", "", err.Error()})
		} else {
			engines = append(engines, struct{ name, dsn, why string }{"postgres", pg, ""})
		}
	} else {
		engines = append(engines, struct{ name, dsn, why string }{"postgres", "", "HIMITSU_TEST_POSTGRES is not set"})
	}
	for _, e := range engines {
		classes := []string{"kill-import/", "export-during-commit/", "kill-export/", "commands-during-import/"}
		if e.why != "" {
			for _, c := range classes {
				outs = append(outs, outcome{class: c + e.name, skipped: e.why})
			}
			continue
		}
		outs = append(outs, p.killImport(e.name, e.dsn), p.exportDuringCommit(e.name, e.dsn), p.killExport(e.name, e.dsn), p.commandsDuringImport(e.name, e.dsn))
	}
	return outs
}

// postgres creates a schema of the probe's own and returns a DSN that
// selects it.
func (p *probe) postgres(dsn string) (string, error) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return "", err
	}
	var b [6]byte
	rand.Read(b[:])
	schema := "himitsu_probe_" + hex.EncodeToString(b[:])
	if _, err := db.Exec("CREATE SCHEMA " + schema); err != nil {
		db.Close()
		return "", fmt.Errorf("cannot create a schema in HIMITSU_TEST_POSTGRES: %w", err)
	}
	p.cleanups = append(p.cleanups, func() {
		db.Exec("DROP SCHEMA " + schema + " CASCADE")
		db.Close()
	})
	u, err := url.Parse(dsn)
	if err != nil {
		return "", err
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// ---------------------------------------------------------------- bundles

// makeBundles writes the example carrier to a, and to b the same carrier
// under another name with n access events.
func makeBundles(a, b string, n int) error {
	for _, dir := range []string{a, b} {
		if err := examples.Extract(examples.MinatoMobile, dir); err != nil {
			return err
		}
	}
	carrier := filepath.Join(b, "carrier.yaml")
	y, err := os.ReadFile(carrier)
	if err != nil {
		return err
	}
	re := regexp.MustCompile(`(?m)^  name: (.*)$`)
	if !re.Match(y) {
		return errors.New("carrier.yaml of the example has no name line")
	}
	y = re.ReplaceAll(y, []byte("  name: ${1}（probe B）"))
	if err := os.WriteFile(carrier, y, 0o600); err != nil {
		return err
	}
	return writeAccessEvents(filepath.Join(b, "access_events.csv"), filepath.Join(a, "access_events.csv"), n)
}

// writeAccessEvents writes n access events made from the first row of the
// template, with new IDs in order.
func writeAccessEvents(path, template string, n int) error {
	tb, err := os.ReadFile(template)
	if err != nil {
		return err
	}
	lines := strings.Split(strings.TrimSpace(string(tb)), "\n")
	header := strings.Split(lines[0], ",")
	idCol := slices.Index(header, "id")
	if idCol < 0 {
		return errors.New("access_events.csv has no id column")
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	fmt.Fprintln(w, lines[0])
	row := strings.Split(lines[1], ",")
	for i := 1; i <= n; i++ {
		row[idCol] = fmt.Sprintf("probe-%07d", i)
		fmt.Fprintln(w, strings.Join(row, ","))
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func recordsState(rec *himitsu.Records, access, entries int) state {
	var parts []string
	rv := reflect.ValueOf(rec).Elem()
	for i := range rv.NumField() {
		name, _, _ := strings.Cut(rv.Type().Field(i).Tag.Get("json"), ",")
		n := 1
		if f := rv.Field(i); f.Kind() == reflect.Slice {
			n = f.Len()
		}
		parts = append(parts, fmt.Sprintf("%s=%d", name, n))
	}
	parts = append(parts, fmt.Sprintf("access_events=%d", access), fmt.Sprintf("entry_logs=%d", entries))
	return state(rec.Carrier.Name + " " + strings.Join(parts, " "))
}

func countEvents(ctx context.Context, src himitsu.EventSource) (access, entries int, err error) {
	if err = src.AccessEvents(ctx, func(*himitsu.AccessEvent) error { access++; return nil }); err != nil {
		return
	}
	err = src.EntryLogs(ctx, func(*himitsu.EntryLog) error { entries++; return nil })
	return
}

func bundleState(dir string) (state, error) {
	ctx := context.Background()
	b, err := bundle.Read(ctx, dir)
	if err != nil {
		return "", err
	}
	access, entries, err := countEvents(ctx, b)
	if err != nil {
		return "", err
	}
	return recordsState(b.Records, access, entries), nil
}

// dbState reads the carrier's state from the database, as an auditor
// would, and on SQLite checks the file's integrity.
func dbState(dsn string) (state, error) {
	ctx := himitsu.WithAccessor(context.Background(), himitsu.Accessor{Actor: "probe", Purpose: "probe: check the state after a trial", Tool: "scripts/probe"})
	s, err := sqlstore.Open(ctx, dsn)
	if err != nil {
		return "", err
	}
	defer s.Close()
	if s.Engine() == sqlstore.EngineSQLite {
		db, err := sql.Open("sqlite", dsn+"?_pragma=query_only(1)")
		if err != nil {
			return "", err
		}
		var res string
		err = db.QueryRow("PRAGMA integrity_check").Scan(&res)
		db.Close()
		if err != nil {
			return "", err
		}
		if res != "ok" {
			return "", fmt.Errorf("integrity_check: %s", res)
		}
	}
	snap, err := s.Snapshot(ctx, "minato-mobile")
	if err != nil {
		return "", err
	}
	defer snap.Close()
	access, entries, err := countEvents(ctx, snap.Events())
	if err != nil {
		return "", err
	}
	return recordsState(snap.Records(), access, entries), nil
}

// ---------------------------------------------------------------- commands

// himitsu runs the binary to completion.
func (p *probe) himitsu(args ...string) (code int, stderr string) {
	cmd := exec.Command(p.bin, args...)
	var errb bytes.Buffer
	cmd.Stderr, cmd.Stdout = &errb, io.Discard
	cmd.Env = append(os.Environ(), "HIMITSU_LANG=en")
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case err == nil:
		return 0, errb.String()
	case errors.As(err, &ee):
		return ee.ExitCode(), errb.String()
	}
	return -1, err.Error()
}

func (p *probe) start(args ...string) (*exec.Cmd, *bytes.Buffer, error) {
	cmd := exec.Command(p.bin, args...)
	var errb bytes.Buffer
	cmd.Stderr, cmd.Stdout = &errb, io.Discard
	cmd.Env = append(os.Environ(), "HIMITSU_LANG=en")
	return cmd, &errb, cmd.Start()
}

func (p *probe) importArgs(dsn, dir, purpose string) []string {
	return []string{"import", "--db", dsn, "--purpose", purpose, dir}
}

func (p *probe) other(dir string) string {
	if dir == p.a {
		return p.b
	}
	return p.a
}

// timed imports dir to completion and returns how long it took.
func (p *probe) timed(dsn, dir string) (time.Duration, error) {
	t0 := time.Now()
	if code, errs := p.himitsu(p.importArgs(dsn, dir, "probe: set up")...); code != 0 {
		return 0, fmt.Errorf("import %s: exit %d: %s", filepath.Base(dir), code, errs)
	}
	return time.Since(t0), nil
}

func (p *probe) note(o *outcome, format string, args ...any) {
	if p.verbose {
		fmt.Fprintf(os.Stderr, "%s: %s\n", o.class, fmt.Sprintf(format, args...))
	}
}

// killImport: SIGKILL during import.
func (p *probe) killImport(engine, dsn string) outcome {
	o := outcome{class: "kill-import/" + engine}
	d, err := p.timed(dsn, p.b)
	if err == nil {
		_, err = p.timed(dsn, p.a)
	}
	if err != nil {
		return outcome{class: o.class, tried: 1, notes: []string{err.Error()}}
	}
	cur := p.a
	rolledBack, committed := 0, 0
	for i := 0; i < p.cfg.killTrials; i++ {
		target := p.other(cur)
		o.tried++
		cmd, _, err := p.start(p.importArgs(dsn, target, "probe: killed import")...)
		if err != nil {
			p.note(&o, "start: %v", err)
			continue
		}
		time.Sleep(time.Duration(mrand.Int64N(int64(d) * 6 / 5)))
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		st, err := dbState(dsn)
		switch {
		case err != nil:
			p.note(&o, "trial %d: %v", i, err)
		case st == p.states[cur]:
			o.correct++
			rolledBack++
		case st == p.states[target]:
			o.correct++
			committed++
			cur = target
		default:
			p.note(&o, "trial %d: the database holds neither state: %s", i, st)
		}
	}
	o.notes = append(o.notes, fmt.Sprintf("old state kept %d, new state committed %d (one uninterrupted import took %v)", rolledBack, committed, d.Round(time.Millisecond)))
	return o
}

// exportDuringCommit: an export stopped while another import commits.
func (p *probe) exportDuringCommit(engine, dsn string) outcome {
	o := outcome{class: "export-during-commit/" + engine}
	if _, err := p.timed(dsn, p.b); err != nil {
		return outcome{class: o.class, tried: 1, notes: []string{err.Error()}}
	}
	cur := p.b
	t0 := time.Now()
	probeOut := filepath.Join(p.work, "export-timing")
	if code, errs := p.himitsu("export", "--db", dsn, "--purpose", "probe: timing", probeOut); code != 0 {
		return outcome{class: o.class, tried: 1, notes: []string{"export: " + errs}}
	}
	d := time.Since(t0)
	os.RemoveAll(probeOut)
	overlapped, mixed := 0, 0
	for i := 0; i < p.cfg.exportTrials; i++ {
		o.tried++
		out := filepath.Join(p.work, fmt.Sprintf("export-%d", i))
		exp, errb, err := p.start("export", "--db", dsn, "--purpose", "probe: export during a commit", out)
		if err != nil {
			p.note(&o, "start: %v", err)
			continue
		}
		time.Sleep(time.Duration(mrand.Int64N(int64(d))))
		stopped := exp.Process.Signal(syscall.SIGSTOP) == nil
		target := p.other(cur)
		code, ierr := p.himitsu(p.importArgs(dsn, target, "probe: import during an export")...)
		if stopped {
			exp.Process.Signal(syscall.SIGCONT)
		}
		werr := exp.Wait()
		if code == 0 {
			cur = target
			overlapped++
		} else if !strings.Contains(ierr, "an import is running") {
			p.note(&o, "trial %d: import failed: %s", i, ierr)
		}
		if werr != nil {
			p.note(&o, "trial %d: export failed: %s", i, errb.String())
			os.RemoveAll(out)
			continue
		}
		st, err := bundleState(out)
		os.RemoveAll(out)
		switch {
		case err != nil:
			p.note(&o, "trial %d: exported bundle unreadable: %v", i, err)
		case st == p.states[p.a] || st == p.states[p.b]:
			o.correct++
		default:
			mixed++
			p.note(&o, "trial %d: the export mixes two states: %s", i, st)
		}
	}
	o.notes = append(o.notes, fmt.Sprintf("imports committed while an export was stopped: %d", overlapped))
	return o
}

// readLogLength returns the number of read-log entries of the carrier.
func readLogLength(dsn string) (int, error) {
	s, err := sqlstore.Open(context.Background(), dsn)
	if err != nil {
		return 0, err
	}
	defer s.Close()
	l, err := s.ReadLog(context.Background(), "minato-mobile")
	return len(l), err
}

// killExport: SIGKILL during export.
func (p *probe) killExport(engine, dsn string) outcome {
	o := outcome{class: "kill-export/" + engine}
	if _, err := p.timed(dsn, p.b); err != nil {
		return outcome{class: o.class, tried: 1, notes: []string{err.Error()}}
	}
	parent := filepath.Join(p.work, "kill-export-"+engine)
	os.MkdirAll(parent, 0o700)
	defer os.RemoveAll(parent)
	out := filepath.Join(parent, "out")
	t0 := time.Now()
	if code, errs := p.himitsu("export", "--db", dsn, "--purpose", "probe: timing", out); code != 0 {
		return outcome{class: o.class, tried: 1, notes: []string{"export: " + errs}}
	}
	d := time.Since(t0)
	os.RemoveAll(out)
	leftBehind := 0
	for i := 0; i < p.cfg.exportTrials; i++ {
		o.tried++
		before, err := readLogLength(dsn)
		if err != nil {
			p.note(&o, "trial %d: %v", i, err)
			continue
		}
		exp, _, err := p.start("export", "--db", dsn, "--purpose", "probe: killed export", out)
		if err != nil {
			continue
		}
		time.Sleep(time.Duration(mrand.Int64N(int64(d))))
		exp.Process.Signal(syscall.SIGKILL)
		exp.Wait()
		after, err := readLogLength(dsn)
		if err != nil {
			p.note(&o, "trial %d: %v", i, err)
			continue
		}
		temps, _ := filepath.Glob(filepath.Join(parent, ".out.*"))
		_, statErr := os.Stat(out)
		began := len(temps) > 0 || statErr == nil
		if len(temps) > 0 {
			leftBehind++
		}
		ok := !began || after > before
		if !ok {
			p.note(&o, "trial %d: the killed export had begun writing but its read is not in the read log", i)
		}
		os.RemoveAll(out)
		if code, errs := p.himitsu("export", "--db", dsn, "--purpose", "probe: export after a killed one", out); code != 0 {
			ok = false
			p.note(&o, "trial %d: the next export failed: %s", i, errs)
		}
		if temps, _ := filepath.Glob(filepath.Join(parent, ".out.*")); len(temps) > 0 {
			ok = false
			p.note(&o, "trial %d: the next export left %v behind", i, temps)
		}
		os.RemoveAll(out)
		if ok {
			o.correct++
		}
	}
	o.notes = append(o.notes, fmt.Sprintf("kills that left a temporary folder for the next export to remove: %d", leftBehind))
	return o
}

// commandsDuringImport: log, migrate and assess while an import runs.
func (p *probe) commandsDuringImport(engine, dsn string) outcome {
	o := outcome{class: "commands-during-import/" + engine}
	if _, err := p.timed(dsn, p.a); err != nil {
		return outcome{class: o.class, tried: 1, notes: []string{err.Error()}}
	}
	cur := p.a
	waited := 0
	var slowest time.Duration // of log and migrate, which need no lock
	commands := [][]string{
		{"log", "--db", dsn},
		{"migrate", "--db", dsn},
		{"assess", "--db", dsn, "--purpose", "probe: assess during an import", "--format", "json"},
	}
	for r := 0; r < p.cfg.commandRounds; r++ {
		target := p.other(cur)
		imp, errb, err := p.start(p.importArgs(dsn, target, "probe: import while commands run")...)
		if err != nil {
			o.tried++
			continue
		}
		done := make(chan error, 1)
		go func() { done <- imp.Wait() }()
		var ierr error
		running := true
		for i := 0; running; i++ {
			args := commands[i%len(commands)]
			t0 := time.Now()
			code, errs := p.himitsu(args...)
			if args[0] != "assess" {
				slowest = max(slowest, time.Since(t0))
			}
			o.tried++
			switch {
			case code == 0:
				o.correct++
			case args[0] == "assess" && code == 1 && strings.Contains(errs, "an import is running"):
				o.correct++
				waited++
			default:
				p.note(&o, "%s during an import: exit %d: %s", args[0], code, errs)
			}
			select {
			case ierr = <-done:
				running = false
			default:
			}
		}
		o.tried++
		if ierr == nil {
			o.correct++
			cur = target
		} else {
			p.note(&o, "the import itself failed: %v: %s", ierr, errb.String())
		}
	}
	o.notes = append(o.notes, fmt.Sprintf("assess runs that waited and said an import is running: %d; slowest log or migrate: %v", waited, slowest.Round(time.Millisecond)))
	return o
}

// ---------------------------------------------------------------- bundles' corpus

var subtestLine = regexp.MustCompile(`^\s*--- (PASS|FAIL): TestProbeMalformedBundles/(\S+)`)

// malformed runs the parse helper's corpus test.
func (p *probe) malformed() outcome {
	o := outcome{class: "malformed-bundles"}
	cmd := exec.Command("go", "test", "-count=1", "-run", "^TestProbeMalformedBundles$", "-v", "./internal/bundle")
	cmd.Dir = p.root
	out, err := cmd.CombinedOutput()
	text := string(out)
	if !strings.Contains(text, "=== RUN   TestProbeMalformedBundles") {
		if err != nil {
			o.skipped = "go test ./internal/bundle failed before running TestProbeMalformedBundles: " + firstLine(text)
			o.tried = 1 // a broken build is a failure, not a skip
			o.skipped = ""
			o.notes = []string{"go test ./internal/bundle: " + firstLine(text)}
			return o
		}
		o.skipped = "TestProbeMalformedBundles does not exist on this branch yet (internal/bundle)"
		return o
	}
	o.tried, o.correct = countLeaves(text)
	if o.tried == 0 { // a test without subtests counts once
		o.tried = 1
		if err == nil {
			o.correct = 1
		}
	}
	return o
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	return l
}

// countLeaves counts the leaf subtests of TestProbeMalformedBundles in the
// output of go test -v, and those that passed: a subtest with subtests of
// its own is a group, whose cases are counted instead.
func countLeaves(text string) (tried, passed int) {
	status := map[string]string{}
	for _, line := range strings.Split(text, "\n") {
		if m := subtestLine.FindStringSubmatch(line); m != nil {
			status[m[2]] = m[1]
		}
	}
	for name, st := range status {
		leaf := true
		for other := range status {
			if strings.HasPrefix(other, name+"/") {
				leaf = false
				break
			}
		}
		if leaf {
			tried++
			if st == "PASS" {
				passed++
			}
		}
	}
	return tried, passed
}
