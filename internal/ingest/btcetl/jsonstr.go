package btcetl

import (
	"encoding/binary"
	"unicode/utf16"
	"unicode/utf8"
)

// strChar classifies string bytes: 1 for bytes that end the fast loop.
var strChar = func() (t [256]byte) {
	for c := 0; c < 0x20; c++ {
		t[c] = 1
	}
	t['"'], t['\\'] = 1, 1
	return t
}()

// rawString consumes a string starting at '"' and returns its raw content
// and whether it holds escapes (validated, not decoded).
func (s *scanner) rawString() (raw []byte, esc bool, err error) {
	s.i++
	start := s.i
	b := s.b
	for {
		i := plainRun(b, s.i)
		s.i = i
		if i >= len(b) {
			return nil, false, s.fail("unterminated string")
		}
		switch c := b[i]; {
		case c == '"':
			s.i++
			return b[start:i], esc, nil
		case c == '\\':
			esc = true
			if err := s.escape(); err != nil {
				return nil, false, err
			}
		default:
			return nil, false, s.failf("control character %#02x in string", c)
		}
	}
}

// SWAR constants: one byte repeated in every lane of a uint64.
const (
	lanes01 = 0x0101010101010101
	lanes80 = 0x8080808080808080
)

// plainRun returns the index of the first byte at or after i that is '"',
// '\\' or a control character (or len(b)). It tests 8 bytes at a time.
func plainRun(b []byte, i int) int {
	for ; i+8 <= len(b); i += 8 {
		x := binary.LittleEndian.Uint64(b[i:])
		q := x ^ ('"' * lanes01)
		bs := x ^ ('\\' * lanes01)
		// A lane is flagged when it is < 0x20, '"' or '\\' (exact test).
		if ((x-0x20*lanes01)&^x|(q-lanes01)&^q|(bs-lanes01)&^bs)&lanes80 != 0 {
			break
		}
	}
	for i < len(b) && strChar[b[i]] == 0 {
		i++
	}
	return i
}

// escape validates the escape sequence at the cursor and skips it.
func (s *scanner) escape() error {
	if s.i+1 >= len(s.b) {
		return s.fail("unterminated escape")
	}
	switch s.b[s.i+1] {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		s.i += 2
		return nil
	case 'u':
		if s.i+6 > len(s.b) {
			return s.fail("short \\u escape")
		}
		for _, c := range s.b[s.i+2 : s.i+6] {
			if hexNibble(c) > 15 {
				return s.fail("bad \\u escape")
			}
		}
		s.i += 6
		return nil
	}
	return s.failf("bad escape \\%c", s.b[s.i+1])
}

func hexNibble(c byte) byte {
	switch {
	case c >= '0' && c <= '9':
		return c - '0'
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10
	}
	return 255
}

func hex4(b []byte) rune {
	var r rune
	for _, c := range b {
		r = r<<4 | rune(hexNibble(c))
	}
	return r
}

// unescape appends the decoded form of raw (already validated) to dst.
// Unpaired surrogates become U+FFFD, as in encoding/json.
func (s *scanner) unescape(dst, raw []byte) ([]byte, error) {
	for i := 0; i < len(raw); {
		c := raw[i]
		if c != '\\' {
			dst = append(dst, c)
			i++
			continue
		}
		e := raw[i+1]
		i += 2
		switch e {
		case 'b':
			dst = append(dst, '\b')
		case 'f':
			dst = append(dst, '\f')
		case 'n':
			dst = append(dst, '\n')
		case 'r':
			dst = append(dst, '\r')
		case 't':
			dst = append(dst, '\t')
		case 'u':
			r := hex4(raw[i : i+4])
			i += 4
			if utf16.IsSurrogate(r) {
				r2 := utf8.RuneError
				if i+6 <= len(raw) && raw[i] == '\\' && raw[i+1] == 'u' {
					if d := utf16.DecodeRune(r, hex4(raw[i+2:i+6])); d != utf8.RuneError {
						r2 = d
						i += 6
					}
				}
				r = r2
			}
			dst = utf8.AppendRune(dst, r)
		default: // '"', '\\', '/'
			dst = append(dst, e)
		}
	}
	return dst, nil
}
