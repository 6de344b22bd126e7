package csvscan

import (
	"bytes"
	"errors"
	"fmt"
	"io"
)

// Errors a Scanner reports, wrapped in *Error with the line.
var (
	ErrFieldCount = errors.New("wrong number of fields")
	ErrBareQuote  = errors.New(`bare " in non-quoted field`)
	ErrQuote      = errors.New(`extraneous or missing " in quoted field`)
	ErrUnclosed   = errors.New(`unterminated quoted field`)
	ErrTooLong    = errors.New("record too long")
)

// DefaultBufferSize is the initial buffer size of New.
const DefaultBufferSize = 1 << 20

// DefaultMaxRecord bounds the size of one record (the buffer never grows
// beyond it).
const DefaultMaxRecord = 256 << 20

// Error is a syntax or read error at a line.
type Error struct {
	Line int   // 1-based physical line where the bad record starts (or was reached)
	Err  error // ErrFieldCount, ErrBareQuote, ... or the reader's error
	Msg  string
}

// Error formats as "line N: why".
func (e *Error) Error() string {
	if e.Msg != "" {
		return fmt.Sprintf("line %d: %v: %s", e.Line, e.Err, e.Msg)
	}
	return fmt.Sprintf("line %d: %v", e.Line, e.Err)
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Scanner reads CSV records from an io.Reader. See the package doc.
type Scanner struct {
	// FieldsPerRecord works as in encoding/csv: 0 takes the count of the
	// first record and requires it of every later one; > 0 requires that
	// count; < 0 checks nothing. Set it before the first Next.
	FieldsPerRecord int
	// MaxRecord bounds the size in bytes of one record.
	MaxRecord int

	r        io.Reader
	buf      []byte
	pos, end int // unread data is buf[pos:end]
	searched int // bytes after pos known to hold no '\n'
	eof      bool
	fields   [][]byte
	line     int // line of the current record
	nextLine int // line of buf[pos]
	err      error
	started  bool
}

// New returns a Scanner with a DefaultBufferSize buffer.
func New(r io.Reader) *Scanner { return NewSize(r, DefaultBufferSize) }

// NewSize returns a Scanner with an initial buffer of size bytes.
func NewSize(r io.Reader, size int) *Scanner {
	if size < 16 {
		size = 16
	}
	return &Scanner{r: r, buf: make([]byte, size), nextLine: 1, MaxRecord: DefaultMaxRecord}
}

// Fields returns the fields of the current record. The slice and the bytes
// are valid until the next call to Next.
func (s *Scanner) Fields() [][]byte { return s.fields }

// Line returns the 1-based physical line where the current record starts.
func (s *Scanner) Line() int { return s.line }

// Err returns the first error met, or nil at a clean end of input.
func (s *Scanner) Err() error { return s.err }

// Next advances to the next record. It returns false at the end of input or
// on an error (see Err).
func (s *Scanner) Next() bool {
	if s.err != nil {
		return false
	}
	for {
		data := s.buf[s.pos:s.end]
		i := -1
		if s.searched < len(data) {
			if j := bytes.IndexByte(data[s.searched:], '\n'); j >= 0 {
				i = s.searched + j
			}
		}
		if i < 0 && !s.eof {
			s.searched = len(data)
			if !s.fill() {
				return false
			}
			continue
		}
		if i < 0 && len(data) == 0 {
			return false
		}
		rec, adv := data, len(data)
		if i >= 0 {
			rec, adv = data[:i], i+1
		}
		if bytes.IndexByte(rec, '"') >= 0 {
			ok, again := s.quoted()
			if again {
				continue
			}
			return ok
		}
		s.line = s.nextLine
		s.nextLine++
		s.pos += adv
		s.searched = 0
		rec = s.trim(rec)
		if len(rec) == 0 {
			continue
		}
		s.splitPlain(rec)
		return s.check()
	}
}

// trim drops a trailing CR and, on the first record, a UTF-8 BOM.
func (s *Scanner) trim(rec []byte) []byte {
	if n := len(rec); n > 0 && rec[n-1] == '\r' {
		rec = rec[:n-1]
	}
	if !s.started {
		s.started = true
		rec = bytes.TrimPrefix(rec, []byte("\xef\xbb\xbf"))
	}
	return rec
}

// splitPlain splits a record without quotes at commas.
func (s *Scanner) splitPlain(rec []byte) {
	f := s.fields[:0]
	for {
		j := bytes.IndexByte(rec, ',')
		if j < 0 {
			f = append(f, rec)
			break
		}
		f = append(f, rec[:j:j])
		rec = rec[j+1:]
	}
	s.fields = f
}

// check enforces FieldsPerRecord on the current record.
func (s *Scanner) check() bool {
	n := len(s.fields)
	switch {
	case s.FieldsPerRecord == 0:
		s.FieldsPerRecord = n
	case s.FieldsPerRecord > 0 && n != s.FieldsPerRecord:
		s.err = &Error{Line: s.line, Err: ErrFieldCount,
			Msg: fmt.Sprintf("has %d, want %d", n, s.FieldsPerRecord)}
		return false
	}
	return true
}

// fill makes room and reads more input. It returns false on a read error
// (recorded in s.err); at EOF it sets s.eof and returns true.
func (s *Scanner) fill() bool {
	if s.pos > 0 {
		copy(s.buf, s.buf[s.pos:s.end])
		s.end -= s.pos
		s.pos = 0
	}
	if s.end == len(s.buf) {
		if len(s.buf) >= s.MaxRecord {
			s.err = &Error{Line: s.nextLine, Err: ErrTooLong,
				Msg: fmt.Sprintf("exceeds %d bytes", s.MaxRecord)}
			return false
		}
		nb := make([]byte, min(2*len(s.buf), max(s.MaxRecord, 16)))
		copy(nb, s.buf[:s.end])
		s.buf = nb
	}
	for tries := 0; tries < 100; tries++ {
		n, err := s.r.Read(s.buf[s.end:])
		s.end += n
		if err == io.EOF {
			s.eof = true
			return true
		}
		if err != nil {
			s.err = &Error{Line: s.nextLine, Err: err}
			return false
		}
		if n > 0 {
			return true
		}
	}
	s.err = &Error{Line: s.nextLine, Err: io.ErrNoProgress}
	return false
}

// Resume makes s read input that continues a CSV text just after a line
// break (a part of a file split at line boundaries): no byte order mark is
// dropped, and the first line of the input is numbered line.
func (s *Scanner) Resume(line int) {
	s.started = true
	s.nextLine = line
}

// NextLine returns the physical line where the next record would start:
// once Next has returned false at a clean end, one past the last line read.
func (s *Scanner) NextLine() int { return s.nextLine }
