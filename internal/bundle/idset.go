package bundle

import (
	"encoding/json"
	"hash/maphash"
	"io"
	"path/filepath"
	"strings"
)

// maxTrackedIDs bounds how many IDs of one log are remembered to find
// duplicates while streaming a log that is not in ID order (one in order
// needs no memory, see idTracker). The logs can hold hundreds of millions
// of rows and are read in constant memory; the set keeps 8-byte hashes in
// a table at most half full, so 4 Mi IDs cost at most 64 MiB. Past that
// the database's unique key still refuses a duplicate on import, naming
// the register and the ID but not the line; `import --dry-run` then does
// not see it.
const maxTrackedIDs = 1 << 22

// idSet remembers the hashes of the IDs seen in a log, in an open-
// addressing table of 64-bit hashes (zero marks a free slot). A hit is
// only probably a duplicate; the caller confirms it in the file.
type idSet struct {
	seed  maphash.Seed
	slots []uint64
	n     int
}

func newIDSet() *idSet { return &idSet{seed: maphash.MakeSeed(), slots: make([]uint64, 1024)} }

// seen adds id and reports whether its hash was there already. Once the
// set holds maxTrackedIDs it stops adding and answers false.
func (s *idSet) seen(id string) bool {
	h := maphash.String(s.seed, id) | 1
	mask := uint64(len(s.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		switch s.slots[i] {
		case h:
			return true
		case 0:
			if s.n >= maxTrackedIDs {
				return false
			}
			s.slots[i] = h
			s.n++
			if 2*s.n > len(s.slots) {
				s.grow()
			}
			return false
		}
	}
}

func (s *idSet) grow() {
	old := s.slots
	s.slots = make([]uint64, 2*len(old))
	mask := uint64(len(s.slots) - 1)
	for _, h := range old {
		if h == 0 {
			continue
		}
		i := h & mask
		for s.slots[i] != 0 {
			i = (i + 1) & mask
		}
		s.slots[i] = h
	}
}

// idTracker finds likely duplicate IDs in a log. Logs are usually written
// in ID order (ae-000001, ae-000002, …): while every ID sorts after the
// one before it (shorter first, then byte by byte, so that ae-9 comes
// before ae-10), no ID can repeat an earlier one and nothing is kept. At
// the first ID out of order, the IDs read so far are read again from the
// file into an idSet, once, and the set is used from then on.
type idTracker struct {
	path, file string
	last       string
	set        *idSet
}

func newIDTracker(path, file string) *idTracker { return &idTracker{path: path, file: file} }

// seen reports whether id, on the given line, probably appeared before.
func (k *idTracker) seen(id string, line int) bool {
	if k.set == nil {
		if k.last == "" || len(k.last) < len(id) || len(k.last) == len(id) && k.last < id {
			k.last = id
			return false
		}
		k.set = newIDSet()
		scanIDs(k.path, k.file, line, func(s string, _ int) bool {
			k.set.seen(s)
			return true
		})
	}
	return k.set.seen(id)
}

// firstLineOf finds the line of the first row of a log whose id is id,
// reading the file again from the start up to line before (exclusive);
// 0 when there is none (the hashes collided). It runs only when a
// duplicate is likely, so its cost does not matter.
func firstLineOf(path, file, id string, before int) int {
	found := 0
	scanIDs(path, file, before, func(s string, line int) bool {
		if s == id {
			found = line
			return false
		}
		return true
	})
	return found
}

// scanIDs calls fn with the id and line of every row of a log that starts
// before line before, until fn returns false. Rows it cannot read are
// skipped: their errors are reported by the stream itself.
func scanIDs(path, file string, before int, fn func(id string, line int) bool) {
	f, r, err := openInBundle(filepath.Dir(path), filepath.Base(path), limitFor(file))
	if err != nil {
		return
	}
	defer f.Close()
	c := newCSVReader(r)
	if c.skipBOM() != nil {
		return
	}
	if strings.HasSuffix(file, ".jsonl") {
		for {
			n := c.nextLn
			l, err := c.readLine()
			if err != nil || l == nil || n >= before {
				return
			}
			var row struct {
				ID json.RawMessage `json:"id"`
			}
			if json.Unmarshal(l, &row) == nil {
				var s string
				if json.Unmarshal(row.ID, &s) == nil && s != "" && !fn(s, n) {
					return
				}
			}
		}
	}
	head, _, err := c.Read()
	if err != nil {
		return
	}
	col := -1
	for i, h := range head {
		if string(h) == "id" {
			col = i
		}
	}
	for col >= 0 {
		fields, line, err := c.Read()
		if err == io.EOF || err != nil || line >= before {
			return
		}
		if col < len(fields) && len(fields[col]) > 0 && !fn(string(fields[col]), line) {
			return
		}
	}
}
