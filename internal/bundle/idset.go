package bundle

import (
	"bytes"
	"encoding/json"
	"hash/maphash"
	"io"
	"path/filepath"
	"strings"
)

// maxTrackedIDs bounds how many IDs of one log are remembered to find
// duplicates while streaming. The logs can hold hundreds of millions of
// rows and are read in constant memory; the set keeps 8-byte hashes in a
// table at most half full, so 4 Mi IDs cost at most 64 MiB. Past that
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

// firstLineOf finds the line of the first row of a log whose id is id,
// reading the file again from the start up to line before (exclusive);
// 0 when there is none (the hashes collided). It runs only when a
// duplicate is likely, so its cost does not matter.
func firstLineOf(path, file, id string, before int) int {
	f, r, err := openInBundle(filepath.Dir(path), filepath.Base(path), limitFor(file))
	if err != nil {
		return 0
	}
	defer f.Close()
	c := newCSVReader(r)
	if c.skipBOM() != nil {
		return 0
	}
	if strings.HasSuffix(file, ".jsonl") {
		for {
			n := c.nextLn
			l, err := c.readLine()
			if err != nil || l == nil || n >= before {
				return 0
			}
			var row struct {
				ID json.RawMessage `json:"id"`
			}
			if json.Unmarshal(l, &row) == nil {
				var s string
				if json.Unmarshal(row.ID, &s) == nil && s == id {
					return n
				}
			}
		}
	}
	head, _, err := c.Read()
	if err != nil {
		return 0
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
			return 0
		}
		if col < len(fields) && bytes.Equal(fields[col], []byte(id)) {
			return line
		}
	}
	return 0
}
