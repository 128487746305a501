package auditlog

// scanFields reads the index, kind and carrier of an entry from its leaf
// data without decoding the rest: the verifier compares only these with
// the row's columns, and full decoding (parse, validation,
// re-canonicalisation) cost twenty times the hashing. It relies on the
// canonical form Encode writes: the fields in struct order, compact, with
// tool and carrier present only when set. It does not check the rest of
// the data; ok is false whenever the data does not start the way Encode
// writes it, or when kind or carrier holds an escape (which the caller
// then decodes in full). For every data that Decode accepts, scanFields
// either says !ok or returns Decode's index, kind and carrier
// (FuzzScanFields).
func scanFields(data []byte) (index int64, kind, carrier []byte, ok bool) {
	s := fieldScanner{b: data}
	if !s.lit(`{"index":`) {
		return 0, nil, nil, false
	}
	if index, ok = s.index(); !ok {
		return 0, nil, nil, false
	}
	if !s.lit(`,"kind":`) {
		return 0, nil, nil, false
	}
	if kind, ok = s.plainString(); !ok {
		return 0, nil, nil, false
	}
	for _, name := range [...]string{`,"at":`, `,"actor":`, `,"purpose":`} {
		if !s.lit(name) || !s.skipString() {
			return 0, nil, nil, false
		}
	}
	if s.lit(`,"tool":`) && !s.skipString() {
		return 0, nil, nil, false
	}
	if s.lit(`,"carrier":`) {
		if carrier, ok = s.plainString(); !ok {
			return 0, nil, nil, false
		}
	}
	// What follows the carrier (subjects, body) is not needed, but it must
	// at least be one of the fields that may follow, or the end.
	if !s.peek(`,"subjects":`) && !s.peek(`,"body":`) && !s.peek(`}`) {
		return 0, nil, nil, false
	}
	return index, kind, carrier, true
}

type fieldScanner struct {
	b []byte
	i int
}

// lit consumes s when the data continues with it.
func (s *fieldScanner) lit(lit string) bool {
	if !s.peek(lit) {
		return false
	}
	s.i += len(lit)
	return true
}

func (s *fieldScanner) peek(lit string) bool {
	return len(s.b)-s.i >= len(lit) && string(s.b[s.i:s.i+len(lit)]) == lit
}

// index reads a non-negative integer as encoding/json writes an int64:
// no sign, no leading zero, no fraction or exponent, at most 18 digits
// (every index a log can reach; longer ones are left to Decode).
func (s *fieldScanner) index() (int64, bool) {
	start := s.i
	var n int64
	for s.i < len(s.b) && s.b[s.i] >= '0' && s.b[s.i] <= '9' {
		n = n*10 + int64(s.b[s.i]-'0')
		s.i++
		if s.i-start > 18 {
			return 0, false
		}
	}
	digits := s.i - start
	if digits == 0 || (digits > 1 && s.b[start] == '0') {
		return 0, false
	}
	return n, true
}

// plainString reads a JSON string with no escape in it and returns its
// contents; a string with an escape is refused (the caller decodes the
// entry in full).
func (s *fieldScanner) plainString() ([]byte, bool) {
	if !s.lit(`"`) {
		return nil, false
	}
	start := s.i
	for ; s.i < len(s.b); s.i++ {
		switch c := s.b[s.i]; {
		case c == '"':
			v := s.b[start:s.i]
			s.i++
			return v, true
		case c == '\\' || c < 0x20:
			return nil, false
		}
	}
	return nil, false
}

// skipString passes over a JSON string, escapes included.
func (s *fieldScanner) skipString() bool {
	if !s.lit(`"`) {
		return false
	}
	for ; s.i < len(s.b); s.i++ {
		switch c := s.b[s.i]; {
		case c == '"':
			s.i++
			return true
		case c == '\\':
			s.i++ // the escaped character; \uXXXX's digits need no care
		case c < 0x20:
			return false
		}
	}
	return false
}
