package ethrpc

import (
	"errors"
	"fmt"

	"github.com/vigil-project/vigil/internal/chain"
)

// Field errors.
var (
	errNoPrefix = errors.New("missing 0x prefix")
	errEmptyHex = errors.New("empty")
	errBadHex   = errors.New("not hex")
	errTooBig   = errors.New("too large")
)

// unhex maps an ASCII hex digit to its value and everything else to 0xff.
var unhex = func() (t [256]byte) {
	for i := range t {
		t[i] = 0xff
	}
	for c := 0; c < 10; c++ {
		t['0'+c] = byte(c)
	}
	for c := 0; c < 6; c++ {
		t['a'+c], t['A'+c] = byte(10+c), byte(10+c)
	}
	return t
}()

// digits strips the mandatory 0x prefix.
func digits(s string) (string, error) {
	if len(s) < 2 || s[0] != '0' || (s[1] != 'x' && s[1] != 'X') {
		if s == "" {
			return "", errEmptyHex
		}
		return "", errNoPrefix
	}
	return s[2:], nil
}

// quantity parses a hex quantity ("0x1b4") that fits in 64 bits.
func quantity(s string) (uint64, error) {
	d, err := digits(s)
	if err != nil {
		return 0, err
	}
	if d == "" {
		return 0, errEmptyHex
	}
	var v uint64
	for i := 0; i < len(d); i++ {
		x := unhex[d[i]]
		if x > 15 {
			return 0, errBadHex
		}
		if v>>60 != 0 {
			return 0, errTooBig
		}
		v = v<<4 | uint64(x)
	}
	return v, nil
}

// amount parses a hex quantity of up to 256 bits; "" is zero (callTracer
// frames without a value).
func amount(s string) (chain.U256, error) {
	if s == "" {
		return chain.U256{}, nil
	}
	d, err := digits(s)
	if err != nil {
		return chain.U256{}, err
	}
	if d == "" {
		return chain.U256{}, errEmptyHex
	}
	for len(d) > 1 && d[0] == '0' {
		d = d[1:]
	}
	if len(d) > 64 {
		return chain.U256{}, errTooBig
	}
	var u chain.U256
	for i := 0; i < len(d); i++ {
		x := unhex[d[len(d)-1-i]]
		if x > 15 {
			return chain.U256{}, errBadHex
		}
		u[i/16] |= uint64(x) << (4 * (i % 16))
	}
	return u, nil
}

// fixed decodes exactly len(dst) bytes of 0x-hex.
func fixed(dst []byte, s string) error {
	d, err := digits(s)
	if err != nil {
		return err
	}
	if len(d) != 2*len(dst) {
		return fmt.Errorf("want %d hex digits, have %d", 2*len(dst), len(d))
	}
	var bad byte
	for i := range dst {
		hi, lo := unhex[d[2*i]], unhex[d[2*i+1]]
		bad |= hi | lo
		dst[i] = hi<<4 | lo
	}
	if bad > 15 {
		return errBadHex
	}
	return nil
}

// address parses a 20-byte address.
func address(s string) (a chain.EVMAddress, err error) {
	err = fixed(a[:], s)
	return a, err
}

// optAddress parses an address that may be absent ("" or JSON null).
func optAddress(s string) (a chain.EVMAddress, ok bool, err error) {
	if s == "" {
		return a, false, nil
	}
	a, err = address(s)
	return a, err == nil, err
}

// hash parses a 32-byte hash.
func hash(s string) (h chain.Hash, err error) {
	err = fixed(h[:], s)
	return h, err
}

// data decodes 0x-hex data of any even length.
func data(s string) ([]byte, error) {
	d, err := digits(s)
	if err != nil {
		return nil, err
	}
	if len(d)%2 != 0 {
		return nil, errors.New("odd number of hex digits")
	}
	b := make([]byte, len(d)/2)
	if err := fixed(b, s); err != nil {
		return nil, err
	}
	return b, nil
}

// hexQ formats n as a hex quantity.
func hexQ(n uint64) string { return fmt.Sprintf("0x%x", n) }
