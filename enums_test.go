package himitsu

import (
	"go/ast"
	"go/parser"
	"go/token"
	"reflect"
	"slices"
	"strconv"
	"testing"
)

// allEnums lists a value of every enumeration; TestEnumConstants checks
// that it covers every type with a Values method in enums.go.
var allEnums = []Enum{
	Registration(""), Bureau(""), OrgKind(""), ServiceKind(""), Exemption(""), SecrecyClass(""), Basis(""),
	LawfulBusiness(""), PolicyKind(""), ConsentMethod(""), PersonKind(""), GrantScope(""), OrgChangeKind(""),
	AreaKind(""), EntryControl(""), Direction(""), ExtractKind(""), ChangeKind(""), ProtectionKind(""),
	ProtectionStatus(""), RiskKind(""), ControlKind(""), ControlResult(""), Action(""), IncidentKind(""),
	CauseCategory(""), ReportLaw(""), ReportStage(""), Channel(""), ComplaintCategory(""), Answer(""), Claim(""),
	KnowledgeStep(""), Function(""), CountUnit(""), Charging(""), RequestKind(""), RequestAnswer(""),
	IncidentOrigin(""), EvidenceKind(""), MeasureStatus(""), VerificationResult(""), NoticeKind(""),
}

// TestEnumConstants: every value of every enumeration is a named constant
// of its type, and every constant of the type is among its Values, in the
// same order, so that code names values instead of spelling strings.
func TestEnumConstants(t *testing.T) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "enums.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	consts := map[string][]string{} // type → constant values, in order
	var withValues []string
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.GenDecl:
			if d.Tok != token.CONST {
				continue
			}
			for _, sp := range d.Specs {
				vs := sp.(*ast.ValueSpec)
				id, ok := vs.Type.(*ast.Ident)
				if !ok {
					continue
				}
				for _, v := range vs.Values {
					lit, ok := v.(*ast.BasicLit)
					if !ok || lit.Kind != token.STRING {
						t.Errorf("constant of %s is not a string literal", id.Name)
						continue
					}
					s, _ := strconv.Unquote(lit.Value)
					consts[id.Name] = append(consts[id.Name], s)
				}
			}
		case *ast.FuncDecl:
			if d.Name.Name == "Values" && d.Recv != nil {
				withValues = append(withValues, d.Recv.List[0].Type.(*ast.Ident).Name)
			}
		}
	}
	listed := map[string]bool{}
	for _, e := range allEnums {
		name := reflect.TypeOf(e).Name()
		listed[name] = true
		if got, want := consts[name], e.Values(); !slices.Equal(got, want) {
			t.Errorf("%s: constants %q, Values %q", name, got, want)
		}
	}
	for _, name := range withValues {
		if !listed[name] {
			t.Errorf("enumeration %s is missing from allEnums", name)
		}
	}
}
