package chain

import (
	"bytes"
	"errors"
	"fmt"
)

// EVMAddress is a 20-byte account address.
type EVMAddress [20]byte

// Errors from address parsing.
var (
	ErrAddressLength = errors.New("address has the wrong length")
	ErrAddressHex    = errors.New("address is not hex")
	ErrAddressChars  = errors.New("address has characters not allowed for this chain")
)

// ParseEVMAddress parses 0x-prefixed (or bare) 40-digit hex, any case.
func ParseEVMAddress(s []byte) (EVMAddress, error) {
	var a EVMAddress
	if len(s) >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') {
		s = s[2:]
	}
	if len(s) != 40 {
		return a, ErrAddressLength
	}
	for i := 0; i < 20; i++ {
		hi, lo := hexVal(s[2*i]), hexVal(s[2*i+1])
		if hi > 15 || lo > 15 {
			return a, ErrAddressHex
		}
		a[i] = hi<<4 | lo
	}
	return a, nil
}

// ParseEVMWordAddress takes the low 20 bytes of a 32-byte hex word (a log
// topic), requiring the high 12 bytes to be zero.
func ParseEVMWordAddress(s []byte) (EVMAddress, error) {
	if len(s) >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') {
		s = s[2:]
	}
	if len(s) != 64 {
		return EVMAddress{}, ErrAddressLength
	}
	for _, c := range s[:24] {
		if c != '0' {
			return EVMAddress{}, fmt.Errorf("topic is not an address: high bytes set")
		}
	}
	return ParseEVMAddress(s[24:])
}

const hexDigits = "0123456789abcdef"

// String formats a as lowercase 0x-hex.
func (a EVMAddress) String() string {
	var buf [42]byte
	buf[0], buf[1] = '0', 'x'
	for i, b := range a {
		buf[2+2*i] = hexDigits[b>>4]
		buf[3+2*i] = hexDigits[b&15]
	}
	return string(buf[:])
}

// Hash is a 32-byte transaction or block hash.
type Hash [32]byte

// ParseHash parses 64 hex digits with an optional 0x prefix.
func ParseHash(s []byte) (Hash, error) {
	var h Hash
	if len(s) >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') {
		s = s[2:]
	}
	if len(s) != 64 {
		return h, fmt.Errorf("hash must have 64 hex digits, has %d", len(s))
	}
	for i := 0; i < 32; i++ {
		hi, lo := hexVal(s[2*i]), hexVal(s[2*i+1])
		if hi > 15 || lo > 15 {
			return h, ErrAddressHex
		}
		h[i] = hi<<4 | lo
	}
	return h, nil
}

// Hex formats h as 64 lowercase hex digits without prefix.
func (h Hash) Hex() string {
	var buf [64]byte
	for i, b := range h {
		buf[2*i] = hexDigits[b>>4]
		buf[2*i+1] = hexDigits[b&15]
	}
	return string(buf[:])
}

// String formats h as 0x-prefixed lowercase hex.
func (h Hash) String() string { return "0x" + h.Hex() }

// MaxUTXOAddressLen bounds the length of a UTXO-chain address string.
const MaxUTXOAddressLen = 128

// CheckUTXOAddress accepts the address strings that exporters write for
// UTXO chains: base58, bech32 (with an optional "prefix:" as in bitcoincash:),
// and the "nonstandard..." pseudo-addresses of bitcoin-etl. It checks shape,
// not checksums (see the label importers for that).
func CheckUTXOAddress(s []byte) error {
	if len(s) == 0 || len(s) > MaxUTXOAddressLen {
		return ErrAddressLength
	}
	for _, c := range s {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == ':' || c == '-' || c == '_') {
			return ErrAddressChars
		}
	}
	return nil
}

// MultisigPrefix starts the name vigil (like bitcoin-etl) gives a bare
// multisig output: "multisig:" + its addresses joined with ",".
const MultisigPrefix = "multisig:"

// maxMultisigKeys bounds the addresses of a multisig name (bare multisig
// scripts hold at most 20 keys).
const maxMultisigKeys = 20

// CheckUTXOName accepts what a UTXO chain's store names an output's
// owner: an address (CheckUTXOAddress) or a bare-multisig name,
// "multisig:" followed by up to 20 such addresses joined with ",".
func CheckUTXOName(s []byte) error {
	rest, ok := bytes.CutPrefix(s, []byte(MultisigPrefix))
	if !ok {
		return CheckUTXOAddress(s)
	}
	parts := bytes.Split(rest, []byte(","))
	if len(parts) > maxMultisigKeys {
		return ErrAddressLength
	}
	for _, p := range parts {
		if err := CheckUTXOAddress(p); err != nil {
			return err
		}
	}
	return nil
}

// NormalizeAddress returns the canonical printed form of an address on c:
// lowercase 0x-hex for account chains, the string as given for UTXO chains.
func NormalizeAddress(c Info, s string) (string, error) {
	if c.Kind == Account {
		a, err := ParseEVMAddress([]byte(s))
		if err != nil {
			return "", fmt.Errorf("%s address %q: %w", c.Name, s, err)
		}
		return a.String(), nil
	}
	if err := CheckUTXOName([]byte(s)); err != nil {
		return "", fmt.Errorf("%s address %q: %w", c.Name, s, err)
	}
	return s, nil
}
