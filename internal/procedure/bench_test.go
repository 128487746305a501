package procedure

import (
	"testing"

	"github.com/himitsu-oss/himitsu"
)

// longFile is a case with n rounds of guidance and progress reports,
// far longer than any real case, to bound what a page pays per case.
func longFile(n int) himitsu.CaseFile {
	var steps []himitsu.CaseStep
	on := day("2020-01-10")
	for i := 0; i < n; i++ {
		g := regStep(himitsu.StepGuidance, on.String())
		g.Seq = len(steps) + 1
		steps = append(steps, g)
		p := carStep(himitsu.StepProgress, on.AddDays(5).String(), g.Seq)
		p.Seq = len(steps) + 1
		steps = append(steps, p)
		on = on.AddDays(7)
	}
	f := file(steps)
	f.Case.OpenedOn = day("2020-01-01")
	return f
}

func BenchmarkCheck(b *testing.B) {
	f := longFile(100)
	st := regStep(himitsu.StepClosure, "2026-06-01")
	for b.Loop() {
		if err := Check(f, st, now); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDue(b *testing.B) {
	f := longFile(100)
	for b.Loop() {
		if n := len(Due(f, DefaultConfig(), day("2026-06-30"))); n != 100 {
			b.Fatalf("got %d items", n)
		}
	}
}
