package csvscan

import "bytes"

// quoted handles a record at s.pos that contains a quote somewhere on its
// first line. It returns again=true when it had to read more input (the
// caller then retries), else whether a record is ready.
func (s *Scanner) quoted() (ok, again bool) {
	data := s.buf[s.pos:s.end]
	end, nl, closed := recordEnd(data)
	if end < 0 && closed && !s.eof {
		// The record goes on past the buffered data.
		s.searched = 0
		if !s.fill() {
			return false, false
		}
		return false, true
	}
	if !closed {
		if !s.eof {
			s.searched = 0
			if !s.fill() {
				return false, false
			}
			return false, true
		}
		s.line = s.nextLine
		s.err = &Error{Line: s.line, Err: ErrUnclosed}
		return false, false
	}
	adv := end + 1
	if end < 0 {
		end, adv = len(data), len(data)
	}
	s.line = s.nextLine
	s.nextLine += nl + 1
	s.pos += adv
	s.searched = 0
	rec := s.trim(data[:end])
	if err := s.splitQuoted(rec); err != nil {
		s.err = &Error{Line: s.line, Err: err}
		return false, false
	}
	return s.check(), false
}

// recordEnd finds the '\n' ending the record that starts data, skipping
// newlines inside quotes. It returns its index (-1 when not in data), the
// number of newlines inside the record, and whether all quotes are closed
// at that point (at the end of data when the index is -1).
func recordEnd(data []byte) (end, inner int, closed bool) {
	p := 0
	afterClose := false
	for {
		nl := bytes.IndexByte(data[p:], '\n')
		q := bytes.IndexByte(data[p:], '"')
		if q < 0 || (nl >= 0 && nl < q) {
			if nl < 0 {
				return -1, inner, true
			}
			return p + nl, inner, true
		}
		at := p + q
		if !(at == 0 || data[at-1] == ',' || afterClose && q == 0) {
			// A bare quote: not an opening one; splitQuoted reports it.
			p, afterClose = at+1, false
			continue
		}
		// Inside quotes from at+1: find the closing quote.
		c := bytes.IndexByte(data[at+1:], '"')
		if c < 0 {
			return -1, inner, false
		}
		inner += bytes.Count(data[at+1:at+1+c], []byte{'\n'})
		p, afterClose = at+1+c+1, true
	}
}

// splitQuoted splits a complete record that may hold quoted fields,
// unescaping them in place.
func (s *Scanner) splitQuoted(rec []byte) error {
	f := s.fields[:0]
	p := 0
	for {
		if p < len(rec) && rec[p] == '"' {
			w, r, err := unquote(rec, p)
			if err != nil {
				s.fields = f
				return err
			}
			f = append(f, rec[p:w:w])
			if r == len(rec) {
				break
			}
			if rec[r] != ',' {
				s.fields = f
				return ErrQuote
			}
			p = r + 1
			if p == len(rec) {
				f = append(f, rec[p:p:p])
				break
			}
			continue
		}
		j := bytes.IndexByte(rec[p:], ',')
		last := j < 0
		if last {
			j = len(rec) - p
		}
		field := rec[p : p+j : p+j]
		if bytes.IndexByte(field, '"') >= 0 {
			s.fields = f
			return ErrBareQuote
		}
		f = append(f, field)
		if last {
			break
		}
		p += j + 1
	}
	s.fields = f
	return nil
}

// unquote unescapes the quoted field starting at rec[p] == '"' in place:
// the value ends up in rec[p:w]; r is the index just after the closing
// quote.
func unquote(rec []byte, p int) (w, r int, err error) {
	w, r = p, p+1
	for {
		j := bytes.IndexByte(rec[r:], '"')
		if j < 0 {
			return 0, 0, ErrUnclosed
		}
		w += copy(rec[w:], rec[r:r+j])
		r += j + 1
		if r < len(rec) && rec[r] == '"' {
			rec[w] = '"'
			w++
			r++
			continue
		}
		return w, r, nil
	}
}
