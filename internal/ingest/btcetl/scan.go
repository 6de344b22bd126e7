package btcetl

import (
	"errors"
	"fmt"
)

// maxDepth bounds the nesting of skipped JSON values.
const maxDepth = 512

// scanner walks one JSON document (a line) held in b. It validates what
// it reads and never allocates except to decode escaped strings.
type scanner struct {
	b     []byte
	i     int
	depth int
	tmp   []byte // decoded escaped string values
	ktmp  []byte // decoded escaped keys
}

// syntaxError is malformed JSON at a byte offset of the line.
type syntaxError struct {
	off int
	msg string
}

func (e *syntaxError) Error() string {
	return fmt.Sprintf("malformed JSON at column %d: %s", e.off+1, e.msg)
}

func (s *scanner) reset(b []byte) {
	s.b, s.i, s.depth = b, 0, 0
}

func (s *scanner) fail(msg string) error { return &syntaxError{off: s.i, msg: msg} }

func (s *scanner) failf(format string, args ...any) error {
	return &syntaxError{off: s.i, msg: fmt.Sprintf(format, args...)}
}

// unexpected describes the byte at the cursor.
func (s *scanner) unexpected(want string) error {
	if s.i >= len(s.b) {
		return s.failf("unexpected end of line, want %s", want)
	}
	return s.failf("unexpected %q, want %s", s.b[s.i], want)
}

func (s *scanner) ws() {
	for s.i < len(s.b) && s.b[s.i] <= ' ' {
		switch s.b[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

// peek skips white space and returns the next byte (0 at the end).
func (s *scanner) peek() byte {
	s.ws()
	if s.i < len(s.b) {
		return s.b[s.i]
	}
	return 0
}

// consume skips white space and consumes c if it is next.
func (s *scanner) consume(c byte) bool {
	if s.peek() == c {
		s.i++
		return true
	}
	return false
}

// literal consumes one of true, false, null.
func (s *scanner) literal(word string) error {
	if len(s.b)-s.i < len(word) || string(s.b[s.i:s.i+len(word)]) != word {
		return s.unexpected("a JSON value")
	}
	s.i += len(word)
	return nil
}

// null consumes null if it is next.
func (s *scanner) null() bool {
	if s.peek() == 'n' && s.literal("null") == nil {
		return true
	}
	return false
}

// open consumes the opening bracket c and reports whether the container is
// empty (then the closing bracket is consumed too).
func (s *scanner) open(c, end byte, what string) (empty bool, err error) {
	if !s.consume(c) {
		return false, s.unexpected(what)
	}
	if s.consume(end) {
		return true, nil
	}
	return false, nil
}

// next is called after a member or element: it consumes ',' and returns
// true, or consumes the closing bracket and returns false.
func (s *scanner) next(end byte) (bool, error) {
	switch s.peek() {
	case ',':
		s.i++
		return true, nil
	case end:
		s.i++
		return false, nil
	}
	return false, s.unexpected(fmt.Sprintf("',' or '%c'", end))
}

// key reads an object key and the colon after it.
func (s *scanner) key() ([]byte, error) {
	if s.peek() != '"' {
		return nil, s.unexpected("an object key")
	}
	k, esc, err := s.rawString()
	if err != nil {
		return nil, err
	}
	if esc {
		if s.ktmp, err = s.unescape(s.ktmp[:0], k); err != nil {
			return nil, err
		}
		k = s.ktmp
	}
	if !s.consume(':') {
		return nil, s.unexpected("':'")
	}
	return k, nil
}

// str reads a string value. The result is valid until the next call.
func (s *scanner) str() ([]byte, error) {
	if s.peek() != '"' {
		return nil, errNotString
	}
	v, esc, err := s.rawString()
	if err != nil || !esc {
		return v, err
	}
	s.tmp, err = s.unescape(s.tmp[:0], v)
	return s.tmp, err
}

var errNotString = errors.New("not a string")

// number consumes a JSON number and returns its text.
func (s *scanner) number() ([]byte, error) {
	start := s.i
	b := s.b
	i := s.i
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && b[i] >= '1' && b[i] <= '9':
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
	default:
		s.i = i
		return nil, s.unexpected("a digit")
	}
	if i < len(b) && b[i] == '.' {
		i++
		if i >= len(b) || b[i] < '0' || b[i] > '9' {
			s.i = i
			return nil, s.unexpected("a digit after '.'")
		}
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if i >= len(b) || b[i] < '0' || b[i] > '9' {
			s.i = i
			return nil, s.unexpected("a digit in the exponent")
		}
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
	}
	s.i = i
	return b[start:i], nil
}

// skip consumes any JSON value, validating it.
func (s *scanner) skip() error {
	switch c := s.peek(); {
	case c == '"':
		_, _, err := s.rawString()
		return err
	case c == '{':
		return s.skipContainer('{', '}', true)
	case c == '[':
		return s.skipContainer('[', ']', false)
	case c == 't':
		return s.literal("true")
	case c == 'f':
		return s.literal("false")
	case c == 'n':
		return s.literal("null")
	case c == '-' || c >= '0' && c <= '9':
		_, err := s.number()
		return err
	}
	return s.unexpected("a JSON value")
}

func (s *scanner) skipContainer(open, end byte, object bool) error {
	if s.depth++; s.depth > maxDepth {
		return s.fail("nesting too deep")
	}
	defer func() { s.depth-- }()
	empty, err := s.open(open, end, "")
	if err != nil || empty {
		return err
	}
	for more := true; more; {
		if object {
			if _, err := s.key(); err != nil {
				return err
			}
		}
		if err := s.skip(); err != nil {
			return err
		}
		if more, err = s.next(end); err != nil {
			return err
		}
	}
	return nil
}

// end checks that only white space follows the document.
func (s *scanner) end() error {
	if s.ws(); s.i != len(s.b) {
		return s.unexpected("end of line after the object")
	}
	return nil
}
