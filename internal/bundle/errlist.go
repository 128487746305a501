package bundle

import (
	"cmp"
	"errors"
	"fmt"
	"slices"

	himitsu "github.com/himitsu-oss/himitsu"
)

// errList gathers the errors of one read, so that a person fixing a
// bundle sees every problem the reader could find in one run rather than
// one per run. It keeps at most maxErrors; full reports when to stop.
type errList struct {
	errs []*himitsu.Error
	rank map[string]int // file → order in which files are read
}

// add records err (a *himitsu.Error, or several as himitsu.Errors; any
// other error is wrapped) and reports whether there is room for more.
func (l *errList) add(err error) bool {
	if err == nil {
		return !l.full()
	}
	var many himitsu.Errors
	if errors.As(err, &many) {
		for _, e := range many {
			l.add(e)
		}
		return !l.full()
	}
	var he *himitsu.Error
	if !errors.As(err, &he) {
		he = &himitsu.Error{Op: "bundle.Read", Kind: himitsu.ErrorKind(err), Msg: err.Error(), Err: err}
	}
	if !l.full() {
		l.errs = append(l.errs, he)
	}
	return !l.full()
}

func (l *errList) full() bool { return len(l.errs) >= maxErrors }

func (l *errList) empty() bool { return len(l.errs) == 0 }

// file notes that file is read next, for the order of the report.
func (l *errList) file(name string) {
	if l.rank == nil {
		l.rank = map[string]int{}
	}
	if _, ok := l.rank[name]; !ok {
		l.rank[name] = len(l.rank)
	}
}

// err returns nil, the one error, or all of them in file order (the order
// in which the files were read, then line by line); a cancelled read
// returns the context's error alone.
func (l *errList) err() error {
	switch len(l.errs) {
	case 0:
		return nil
	case 1:
		return l.errs[0]
	}
	out := slices.Clone(l.errs)
	slices.SortStableFunc(out, func(a, b *himitsu.Error) int {
		ra, oka := l.rank[a.File]
		rb, okb := l.rank[b.File]
		if !oka {
			ra = len(l.rank)
		}
		if !okb {
			rb = len(l.rank)
		}
		return cmp.Or(cmp.Compare(ra, rb), cmp.Compare(a.Line, b.Line))
	})
	if l.full() {
		out = append(out, &himitsu.Error{Op: "bundle.Read", Kind: himitsu.KindInvalid,
			Msg:   fmt.Sprintf("reading stopped after %d errors; fix these and read the bundle again", maxErrors),
			MsgJA: fmt.Sprintf("誤りが %d 件に達したため読み込みを中止した。これらを直してから再度読み込むこと", maxErrors)})
	}
	return himitsu.Errors(out)
}
