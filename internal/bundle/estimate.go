package bundle

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
)

// EstimatedEvents estimates how many rows the bundle's logs hold, for a
// progress display: each log file's size divided by the mean length of
// the lines in its first 64 KiB. It reads no more than that of each file
// and returns 0 when it cannot tell.
func (b *Bundle) EstimatedEvents() int64 {
	var total int64
	for _, name := range b.events {
		total += estimateLines(filepath.Join(b.Dir, name))
	}
	return total
}

func estimateLines(path string) int64 {
	f, err := os.Open(path)
	if err != nil {
		return 0
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() {
		return 0
	}
	head := make([]byte, 64<<10)
	n, err := io.ReadFull(f, head)
	if err != nil && err != io.ErrUnexpectedEOF {
		return 0
	}
	lines := int64(bytes.Count(head[:n], []byte{'\n'}))
	if lines == 0 {
		return 0
	}
	if int64(n) == st.Size() {
		return lines - 1 // the whole file: less its header line
	}
	return st.Size() * lines / int64(n)
}
