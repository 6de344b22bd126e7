package btcrpc

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
)

// satoshi parses a decimal coin amount (e.g. 50, 0.00012345, 1e-8) as a
// whole number of 1e-8 units, from the number's text: no floats. It
// rejects negative amounts, more than 8 decimals that are not zero, and
// amounts beyond uint64.
func satoshi(n json.Number) (uint64, error) {
	s := string(n)
	if s == "" {
		return 0, errors.New("empty amount")
	}
	if s[0] == '-' {
		return 0, fmt.Errorf("negative amount %s", s)
	}
	mant, exp, err := splitExp(s)
	if err != nil {
		return 0, fmt.Errorf("amount %q: %w", s, err)
	}
	var digits []byte
	frac := 0
	seenDot := false
	for i := 0; i < len(mant); i++ {
		c := mant[i]
		switch {
		case c == '.' && !seenDot:
			seenDot = true
		case c >= '0' && c <= '9':
			digits = append(digits, c)
			if seenDot {
				frac++
			}
		default:
			return 0, fmt.Errorf("amount %q: not a decimal number", s)
		}
	}
	if len(digits) == 0 {
		return 0, fmt.Errorf("amount %q: no digits", s)
	}
	shift := 8 - frac + exp // value = digits * 10^shift satoshi
	return scale(digits, shift, s)
}

// splitExp splits "1.5e-3" into "1.5" and -3.
func splitExp(s string) (string, int, error) {
	for i := 0; i < len(s); i++ {
		if s[i] != 'e' && s[i] != 'E' {
			continue
		}
		e, neg, j := 0, false, i+1
		if j < len(s) && (s[j] == '+' || s[j] == '-') {
			neg = s[j] == '-'
			j++
		}
		if j == len(s) {
			return "", 0, errors.New("bad exponent")
		}
		for ; j < len(s); j++ {
			if s[j] < '0' || s[j] > '9' || e > 1000 {
				return "", 0, errors.New("bad exponent")
			}
			e = e*10 + int(s[j]-'0')
		}
		if neg {
			e = -e
		}
		return s[:i], e, nil
	}
	return s, 0, nil
}

// scale returns digits·10^shift, requiring the dropped digits (shift < 0)
// to be zero and the result to fit uint64.
func scale(digits []byte, shift int, s string) (uint64, error) {
	if shift < 0 {
		if -shift > len(digits) {
			shift = -len(digits) - 1
		}
		cut := len(digits) + shift
		if cut < 0 {
			cut = 0
		}
		for _, c := range digits[cut:] {
			if c != '0' {
				return 0, fmt.Errorf("amount %q: finer than 1e-8", s)
			}
		}
		digits, shift = digits[:cut], 0
	}
	var v uint64
	for _, c := range digits {
		d := uint64(c - '0')
		if v > (math.MaxUint64-d)/10 {
			return 0, fmt.Errorf("amount %q: too large", s)
		}
		v = v*10 + d
	}
	for ; shift > 0; shift-- {
		if v == 0 {
			break
		}
		if v > math.MaxUint64/10 {
			return 0, fmt.Errorf("amount %q: too large", s)
		}
		v *= 10
	}
	return v, nil
}
