package ofac

import (
	"bytes"
	"fmt"
	"io"
)

// scanner is a forward-only byte scanner over a stream: it finds markers
// and cuts out elements without building a tree. Slices it returns are
// valid until the next call.
type scanner struct {
	r     io.Reader
	buf   []byte
	pos   int // consumed up to here
	eof   bool
	err   error
	lines int // newlines in bytes dropped from the front of buf
	// at, atLine: a buf offset and its line, so that asking for lines in
	// increasing order counts each newline once (reset when buf moves).
	at, atLine int
}

const chunk = 1 << 20

func newScanner(r io.Reader) *scanner {
	return &scanner{r: r, buf: make([]byte, 0, 4*chunk)}
}

// fill drops consumed bytes and reads more. It reports false at EOF or on a
// read error (kept in s.err).
func (s *scanner) fill() bool {
	if s.eof {
		return false
	}
	if s.pos > 0 {
		s.lines += bytes.Count(s.buf[:s.pos], []byte{'\n'})
		s.at, s.atLine = 0, 0
		n := copy(s.buf, s.buf[s.pos:])
		s.buf = s.buf[:n]
		s.pos = 0
	}
	if cap(s.buf)-len(s.buf) < chunk {
		nb := make([]byte, len(s.buf), 2*cap(s.buf)+chunk)
		copy(nb, s.buf)
		s.buf = nb
	}
	n, err := io.ReadAtLeast(s.r, s.buf[len(s.buf):cap(s.buf)], 1)
	s.buf = s.buf[:len(s.buf)+n]
	if err != nil {
		s.eof = true
		if err != io.EOF && err != io.ErrUnexpectedEOF {
			s.err = err
		}
	}
	return n > 0
}

// line returns the 1-based line number of buf offset p.
func (s *scanner) line(p int) int {
	if p < s.at {
		s.at, s.atLine = 0, 0
	}
	s.atLine += bytes.Count(s.buf[s.at:p], []byte{'\n'})
	s.at = p
	return s.lines + s.atLine + 1
}

// index finds marker at or after s.pos+from and returns its offset in buf,
// reading more input as needed; -1 when the stream ends first. With
// discard, bytes that cannot be part of the marker are consumed while
// searching (so skipping a large section needs no memory).
func (s *scanner) index(marker []byte, from int, discard bool) int {
	rel := from // relative to s.pos
	for {
		if i := bytes.Index(s.buf[s.pos+rel:], marker); i >= 0 {
			return s.pos + rel + i
		}
		if keep := len(s.buf) - s.pos - len(marker) + 1; keep > rel {
			rel = keep
		}
		if discard {
			s.pos += rel
			rel = 0
		}
		if !s.fill() {
			return -1
		}
	}
}

// skipPast consumes input up to and including marker.
func (s *scanner) skipPast(marker string) error {
	i := s.index([]byte(marker), 0, true)
	if i < 0 {
		return s.missing(marker)
	}
	s.pos = i + len(marker)
	return nil
}

func (s *scanner) missing(what string) error {
	if s.err != nil {
		return s.err
	}
	return fmt.Errorf("%q not found before end of input", what)
}

// hasNext skips whitespace and reports whether the input continues with
// prefix.
func (s *scanner) hasNext(prefix string) bool {
	for {
		for s.pos < len(s.buf) && isSpace(s.buf[s.pos]) {
			s.pos++
		}
		if len(s.buf)-s.pos >= len(prefix) {
			return string(s.buf[s.pos:s.pos+len(prefix)]) == prefix
		}
		if !s.fill() {
			return false
		}
	}
}

// element returns the bytes from the current position (which must start
// with open) through the end marker close, and consumes them. The second
// result is the buffer offset of the element (for line numbers).
func (s *scanner) element(open, close string) ([]byte, int, error) {
	if !s.hasNext(open) {
		return nil, s.pos, fmt.Errorf("expected %q", open)
	}
	end := s.index([]byte(close), len(open), false)
	if end < 0 {
		return nil, s.pos, s.missing(close)
	}
	start := s.pos
	s.pos = end + len(close)
	return s.buf[start:s.pos], start, nil
}

func isSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\r' || c == '\t' }

// until returns the bytes from the current position up to marker and
// consumes them and the marker.
func (s *scanner) until(marker string) ([]byte, error) {
	i := s.index([]byte(marker), 0, false)
	if i < 0 {
		return nil, s.missing(marker)
	}
	b := s.buf[s.pos:i]
	s.pos = i + len(marker)
	return b, nil
}
