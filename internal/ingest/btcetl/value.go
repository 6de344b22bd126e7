package btcetl

import (
	"errors"
	"math"
	"math/bits"
)

// Errors from integer decoding; the parser prefixes the field path.
var (
	errNegative    = errors.New("negative")
	errFraction    = errors.New("not an integer (has a fraction)")
	errOverflow    = errors.New("too large")
	errNotNumber   = errors.New("not a number")
	errNull        = errors.New("missing (null)")
	errMissing     = errors.New("missing or null")
	errNotBool     = errors.New("not a boolean")
	errDuplicate   = errors.New("duplicate field")
	errNotArray    = errors.New("not an array")
	errNotObject   = errors.New("not an object")
	errExpTooLarge = errors.New("exponent out of range")
)

// uintValue reads a JSON number that must be a non-negative integer of at
// most max. Non-numbers give errNotNumber (after validating the value).
func (s *scanner) uintValue(max uint64) (uint64, error) {
	c := s.peek()
	if c != '-' && (c < '0' || c > '9') {
		if err := s.skip(); err != nil {
			return 0, err
		}
		return 0, errNotNumber
	}
	num, err := s.number()
	if err != nil {
		return 0, err
	}
	v, err := parseUint(num)
	if err == nil && v > max {
		err = errOverflow
	}
	return v, err
}

// parseUint converts the text of a valid JSON number to uint64 when it is
// an exact non-negative integer; "-0" is 0.
func parseUint(num []byte) (uint64, error) {
	if len(num) <= 19 {
		var v uint64
		i := 0
		for ; i < len(num); i++ {
			d := num[i] - '0'
			if d > 9 {
				break
			}
			v = v*10 + uint64(d)
		}
		if i == len(num) {
			return v, nil
		}
	}
	return parseUintSlow(num)
}

// parseUintSlow handles signs, fractions, exponents and long digit runs.
func parseUintSlow(num []byte) (uint64, error) {
	neg := num[0] == '-'
	if neg {
		num = num[1:]
	}
	var digits []byte // significant digits, integer part then fraction
	i := 0
	for i < len(num) && num[i] >= '0' && num[i] <= '9' {
		i++
	}
	intPart := num[:i]
	var frac []byte
	if i < len(num) && num[i] == '.' {
		j := i + 1
		for j < len(num) && num[j] >= '0' && num[j] <= '9' {
			j++
		}
		frac = num[i+1 : j]
		i = j
	}
	exp := 0
	if i < len(num) { // exponent
		e, ok := parseExp(num[i+1:])
		if !ok {
			return 0, errExpTooLarge
		}
		exp = e
	}
	// value = (intPart frac) * 10^(exp - len(frac))
	digits = append(append(digits, intPart...), frac...)
	shift := exp - len(frac)
	for len(digits) > 0 && digits[0] == '0' {
		digits = digits[1:]
	}
	if len(digits) == 0 {
		return 0, nil
	}
	if neg {
		return 0, errNegative
	}
	for shift < 0 {
		if digits[len(digits)-1] != '0' {
			return 0, errFraction
		}
		digits = digits[:len(digits)-1]
		shift++
	}
	var v uint64
	for _, d := range digits {
		var of bool
		if v, of = mulAdd(v, 10, uint64(d-'0')); of {
			return 0, errOverflow
		}
	}
	for ; shift > 0; shift-- {
		var of bool
		if v, of = mulAdd(v, 10, 0); of {
			return 0, errOverflow
		}
	}
	return v, nil
}

// parseExp parses an exponent ([+-]digits) bounded to +-10000.
func parseExp(b []byte) (int, bool) {
	neg := false
	if len(b) > 0 && (b[0] == '+' || b[0] == '-') {
		neg = b[0] == '-'
		b = b[1:]
	}
	e := 0
	for _, c := range b {
		if e = e*10 + int(c-'0'); e > 10000 {
			return 0, false
		}
	}
	if neg {
		e = -e
	}
	return e, true
}

func mulAdd(v, m, a uint64) (uint64, bool) {
	hi, lo := bits.Mul64(v, m)
	lo, c := bits.Add64(lo, a, 0)
	return lo, hi != 0 || c != 0
}

// boolValue reads true or false.
func (s *scanner) boolValue() (bool, error) {
	switch s.peek() {
	case 't':
		return true, s.literal("true")
	case 'f':
		return false, s.literal("false")
	}
	if err := s.skip(); err != nil {
		return false, err
	}
	return false, errNotBool
}

// Limits for integer fields.
const (
	maxUint32 = math.MaxUint32
	maxInt64  = math.MaxInt64
	maxUint64 = math.MaxUint64
)
