package assess

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/himitsu-oss/himitsu"
)

// codeGraph is what the package's functions read, found from the source:
// the registers (through env.rec or the indexes built from them), the
// logs (through the streaming pass), and the functions they call.
type codeGraph struct {
	regs    map[string]map[string]bool // function → registers
	logs    map[string]map[string]bool // function → logs
	calls   map[string]map[string]bool // function → functions
	methods map[string][]string        // type → its methods' keys
}

// indexRegisters maps the env's indexes to the registers they are built
// from (newEnv).
var indexRegisters = map[string][]string{
	"ds": {"datasets"}, "secrecy": {"datasets"}, "secrecySystems": {"datasets"},
	"purposes": {"purposes"}, "purposeDS": {"purposes"}, "consentBasis": {"purposes"},
	"persons": {"persons"}, "accounts": {"accounts"},
	"grantsByPerson": {"grants", "accounts"}, "grantsByAcct": {"grants"},
	"consents": {"consents"}, "areas": {"areas"}, "authorised": {"areas"},
	"incidents": {"incidents"}, "reports": {"regulator_reports"},
	"measures": {"recurrence_measures"}, "notices": {"notifications"},
	"changes": {"system_changes"},
}

// registerOf maps a field of himitsu.Records to its bundle name (its JSON
// name), so the check follows the vocabulary rather than a copy of it.
func registerOf(t *testing.T) map[string]string {
	m := map[string]string{}
	rt := reflect.TypeOf(himitsu.Records{})
	for i := range rt.NumField() {
		f := rt.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" {
			t.Fatalf("Records.%s has no json name", f.Name)
		}
		m[f.Name] = name
	}
	return m
}

// isEnv reports whether x is the env: the identifier e, or a field named e
// (visitors hold their env in v.e).
func isEnv(x ast.Expr) bool {
	switch x := x.(type) {
	case *ast.Ident:
		return x.Name == "e"
	case *ast.SelectorExpr:
		return x.Sel.Name == "e"
	}
	return false
}

func parseGraph(t *testing.T) codeGraph {
	t.Helper()
	reg := registerOf(t)
	g := codeGraph{regs: map[string]map[string]bool{}, logs: map[string]map[string]bool{}, calls: map[string]map[string]bool{}}
	add := func(m map[string]map[string]bool, k, v string) {
		if m[k] == nil {
			m[k] = map[string]bool{}
		}
		m[k][v] = true
	}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	methods := map[string][]string{} // type → its methods' keys
	var decls []*ast.FuncDecl
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				decls = append(decls, d)
				if d.Recv != nil {
					typ := recvType(d)
					methods[typ] = append(methods[typ], funcKey(d))
				}
			}
		}
	}
	g.methods = methods
	for _, d := range decls {
		k := funcKey(d)
		ast.Inspect(d, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.SelectorExpr:
				if x, ok := n.X.(*ast.SelectorExpr); ok && x.Sel.Name == "rec" && isEnv(x.X) {
					if r, ok := reg[n.Sel.Name]; ok && r != "carrier" {
						add(g.regs, k, r)
					}
				}
				if !isEnv(n.X) {
					return true
				}
				switch n.Sel.Name {
				case "acc":
					add(g.logs, k, "access_events")
				case "ent":
					add(g.logs, k, "entry_logs")
				case "dets", "deadline":
					add(g.calls, k, "env.determine")
				default:
					for _, r := range indexRegisters[n.Sel.Name] {
						add(g.regs, k, r)
					}
					add(g.calls, k, "env."+n.Sel.Name)
				}
			case *ast.Ident:
				add(g.calls, k, n.Name)
			}
			return true
		})
	}
	return g
}

func recvType(d *ast.FuncDecl) string {
	switch x := d.Recv.List[0].Type.(type) {
	case *ast.StarExpr:
		return x.X.(*ast.Ident).Name
	case *ast.Ident:
		return x.Name
	}
	return ""
}

func funcKey(d *ast.FuncDecl) string {
	if d.Recv != nil {
		return recvType(d) + "." + d.Name.Name
	}
	return d.Name.Name
}

// reach collects what fn reads, following calls.
func (g codeGraph) reach(fns ...string) (regs, logs []string) {
	seen := map[string]bool{}
	rs, ls := map[string]bool{}, map[string]bool{}
	var walk func(string)
	walk = func(f string) {
		if seen[f] {
			return
		}
		seen[f] = true
		for r := range g.regs[f] {
			rs[r] = true
		}
		for l := range g.logs[f] {
			ls[l] = true
		}
		for c := range g.calls[f] {
			walk(c)
		}
	}
	for _, fn := range fns {
		walk(fn)
	}
	for r := range rs {
		regs = append(regs, r)
	}
	for l := range ls {
		logs = append(logs, l)
	}
	slices.Sort(regs)
	slices.Sort(logs)
	return regs, logs
}

// TestRuleInputsMatchCode: the registers and logs a rule declares are
// exactly those its code reads, following the helpers it calls and the
// methods of the visitor its Stream makes.
func TestRuleInputsMatchCode(t *testing.T) {
	g := parseGraph(t)
	e0 := newEnv(&himitsu.Records{}, Options{MaxEvidence: 1})
	for _, r := range allRules() {
		fn := runtime.FuncForPC(reflect.ValueOf(r.Run).Pointer()).Name()
		fn = fn[strings.LastIndex(fn, ".")+1:]
		roots := []string{fn}
		var streamLogs []string
		if r.Stream != nil {
			v := r.Stream(e0)
			roots = append(roots, g.methods[reflect.TypeOf(v).Elem().Name()]...)
			if _, ok := v.(accessVisitor); ok {
				streamLogs = append(streamLogs, "access_events")
			}
			if _, ok := v.(entryVisitor); ok {
				streamLogs = append(streamLogs, "entry_logs")
			}
		}
		regs, logs := g.reach(roots...)
		logs = slices.Compact(slices.Sorted(slices.Values(append(logs, streamLogs...))))
		declRegs := slices.Sorted(slices.Values(r.Inputs.Registers))
		declLogs := slices.Sorted(slices.Values(r.Inputs.Logs))
		if !slices.Equal(regs, declRegs) {
			t.Errorf("rule %s (%s): reads registers %q, declares %q", r.ID, fn, regs, declRegs)
		}
		if !slices.Equal(logs, declLogs) {
			t.Errorf("rule %s (%s): reads logs %q, declares %q", r.ID, fn, logs, declLogs)
		}
	}
}
