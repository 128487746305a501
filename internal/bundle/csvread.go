package bundle

import (
	"bytes"
	"io"
)

// maxRecordBytes bounds one CSV record so that a file without line breaks
// cannot make the reader hold the whole file in memory.
const maxRecordBytes = 16 << 20

// csvReader reads RFC 4180 records as encoding/csv does (comma separator,
// no lazy quotes, empty lines skipped, \r\n treated as \n), but hands out
// fields as byte slices into its own buffer: a record without quotes is
// split in place, without copying or allocating, which is what makes
// streaming a hundred million access events affordable. A fuzz test checks
// it against encoding/csv.
type csvReader struct {
	r      io.Reader
	buf    []byte
	pos    int // start of unread data in buf
	end    int // end of data in buf
	eof    bool
	rerr   error // a read error other than io.EOF
	nextLn int   // physical line number of buf[pos]

	fields     [][]byte
	fieldLines []int
	record     []byte // unescaped fields of a quoted record
	fieldEnds  []int
}

// csvSyntaxError is a malformed record; Field is the 0-based cell index.
type csvSyntaxError struct {
	Line  int
	Field int
	Msg   string
	MsgJA string
}

func (e *csvSyntaxError) Error() string { return e.Msg }

func newCSVReader(r io.Reader) *csvReader {
	return &csvReader{r: r, buf: make([]byte, 64<<10), nextLn: 1}
}

// skipBOM drops a UTF-8 byte order mark at the start of the input.
func (c *csvReader) skipBOM() error {
	for c.end-c.pos < 3 && !c.eof {
		if err := c.fill(); err != nil {
			return err
		}
	}
	if bytes.HasPrefix(c.buf[c.pos:c.end], []byte("\xef\xbb\xbf")) {
		c.pos += 3
	}
	return nil
}

// fill reads more input, moving unread data to the front and growing the
// buffer when it is full.
func (c *csvReader) fill() error {
	if c.eof {
		return nil
	}
	if c.pos > 0 {
		n := copy(c.buf, c.buf[c.pos:c.end])
		c.pos, c.end = 0, n
	}
	if c.end == len(c.buf) {
		if len(c.buf) >= maxRecordBytes {
			return &csvSyntaxError{Line: c.nextLn, Field: -1, Msg: "a line is longer than 16 MiB", MsgJA: "一行が 16 MiB を超えている"}
		}
		nb := make([]byte, 2*len(c.buf))
		copy(nb, c.buf[:c.end])
		c.buf = nb
	}
	n, err := c.r.Read(c.buf[c.end:])
	c.end += n
	if err == io.EOF {
		c.eof = true
	} else if err != nil {
		c.rerr = err
		c.eof = true
	}
	return nil
}

// readLine returns the next physical line including its "\n" (normalised
// from "\r\n"); at the end of input a last line without "\n" gets one. It
// returns nil at the end of input. The slice is valid until the next call.
func (c *csvReader) readLine() ([]byte, error) {
	scanned := 0
	for {
		if i := bytes.IndexByte(c.buf[c.pos+scanned:c.end], '\n'); i >= 0 {
			line := c.buf[c.pos : c.pos+scanned+i+1]
			c.pos += scanned + i + 1
			c.nextLn++
			if n := len(line); n >= 2 && line[n-2] == '\r' {
				line[n-2] = '\n'
				line = line[:n-1]
			}
			return line, nil
		}
		scanned = c.end - c.pos
		if c.eof {
			if c.rerr != nil {
				return nil, c.rerr
			}
			if scanned == 0 {
				return nil, nil
			}
			// The last line has no line break: give it one in the
			// buffer (there is always room after fill grows it).
			if c.end == len(c.buf) {
				nb := make([]byte, len(c.buf)+1)
				copy(nb, c.buf[:c.end])
				c.buf = nb
			}
			line := c.buf[c.pos : c.end+1]
			line[len(line)-1] = '\n'
			if n := len(line); n >= 2 && line[n-2] == '\r' {
				line = line[:n-1]
				line[n-2] = '\n'
			}
			c.pos = c.end
			c.nextLn++
			return line, nil
		}
		if err := c.fill(); err != nil {
			return nil, err
		}
	}
}

// Read returns the next record's fields and the physical line on which it
// starts, or io.EOF. The fields and fieldLines are valid until the next call.
func (c *csvReader) Read() (fields [][]byte, line int, err error) {
	var l []byte
	for {
		line = c.nextLn
		l, err = c.readLine()
		if err != nil {
			return nil, line, err
		}
		if l == nil {
			return nil, line, io.EOF
		}
		if len(l) > 1 {
			break
		}
	}
	c.fields = c.fields[:0]
	c.fieldLines = c.fieldLines[:0]
	if bytes.IndexByte(l, '"') < 0 {
		l = l[:len(l)-1]
		for {
			i := bytes.IndexByte(l, ',')
			c.fieldLines = append(c.fieldLines, line)
			if i < 0 {
				c.fields = append(c.fields, l)
				return c.fields, line, nil
			}
			c.fields = append(c.fields, l[:i])
			l = l[i+1:]
		}
	}
	return c.readQuoted(l, line)
}

// readQuoted parses a record that contains a quote, copying its fields into
// c.record because it may span several lines of the buffer.
func (c *csvReader) readQuoted(l []byte, line int) ([][]byte, int, error) {
	c.record = c.record[:0]
	c.fieldEnds = c.fieldEnds[:0]
	cur := line
	for {
		c.fieldLines = append(c.fieldLines, cur)
		idx := len(c.fieldEnds)
		if len(l) == 0 || l[0] != '"' {
			i := bytes.IndexByte(l, ',')
			field := l
			if i >= 0 {
				field = l[:i]
			} else {
				field = l[:len(l)-1]
			}
			if bytes.IndexByte(field, '"') >= 0 {
				return nil, line, &csvSyntaxError{Line: cur, Field: idx, Msg: `a " appears in a cell that does not start with a quote (write "" inside a quoted cell)`,
					MsgJA: `引用符で始まらないセルに " がある（引用符で囲んだセルの中では "" と書くこと）`}
			}
			c.record = append(c.record, field...)
			c.fieldEnds = append(c.fieldEnds, len(c.record))
			if i >= 0 {
				l = l[i+1:]
				continue
			}
			break
		}
		start := cur
		l = l[1:]
		for {
			i := bytes.IndexByte(l, '"')
			if i >= 0 {
				c.record = append(c.record, l[:i]...)
				l = l[i+1:]
				switch {
				case len(l) > 0 && l[0] == '"':
					c.record = append(c.record, '"')
					l = l[1:]
					continue
				case len(l) > 0 && l[0] == ',':
					l = l[1:]
					c.fieldEnds = append(c.fieldEnds, len(c.record))
				case len(l) == 1 && l[0] == '\n':
					c.fieldEnds = append(c.fieldEnds, len(c.record))
					return c.quotedFields(line)
				default:
					return nil, line, &csvSyntaxError{Line: cur, Field: idx, Msg: `unexpected text after the closing quote of a cell`, MsgJA: "セルの閉じ引用符の後に余分な文字がある"}
				}
				break
			}
			// The quoted cell continues on the next line.
			c.record = append(c.record, l...)
			if len(c.record) > maxRecordBytes {
				return nil, line, &csvSyntaxError{Line: start, Field: idx, Msg: "a record is longer than 16 MiB", MsgJA: "一つの記録が 16 MiB を超えている"}
			}
			next, err := c.readLine()
			if err != nil {
				return nil, line, err
			}
			if next == nil {
				return nil, line, &csvSyntaxError{Line: start, Field: idx, Msg: "a quoted cell is not closed before the end of the file", MsgJA: "引用符で囲んだセルがファイルの終わりまでに閉じられていない"}
			}
			cur++
			l = next
		}
	}
	return c.quotedFields(line)
}

func (c *csvReader) quotedFields(line int) ([][]byte, int, error) {
	prev := 0
	for _, e := range c.fieldEnds {
		c.fields = append(c.fields, c.record[prev:e:e])
		prev = e
	}
	return c.fields, line, nil
}
