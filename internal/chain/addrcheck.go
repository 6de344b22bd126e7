package chain

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/sha3"
)

// Errors from address validation (ValidateAddress wraps them).
var (
	ErrAddressChecksum = errors.New("address checksum does not match")
	ErrAddressVersion  = errors.New("address version/prefix is not valid for this chain")
	ErrAddressTestnet  = errors.New("testnet address")
)

// b58Rule says which base58check version prefixes a chain accepts.
type b58Rule struct {
	alphabet string
	versions [][]byte // accepted version prefixes
	testnet  [][]byte // recognised and rejected with ErrAddressTestnet
	payload  int      // bytes after the version (hash length), 20 for all here
}

const (
	btcAlphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
	xrpAlphabet = "rpshnaf39wBUDNEGHJKLM4PQRST7VWXYZ2bcdeCg65jkm8oFqi1tuvAxyz"
)

func vs(b ...byte) [][]byte {
	out := make([][]byte, len(b))
	for i := range b {
		out[i] = []byte{b[i]}
	}
	return out
}

var b58Rules = map[string]b58Rule{
	"btc":  {btcAlphabet, vs(0x00, 0x05), vs(0x6f, 0xc4), 20},
	"bsv":  {btcAlphabet, vs(0x00, 0x05), vs(0x6f, 0xc4), 20},
	"bch":  {btcAlphabet, vs(0x00, 0x05), vs(0x6f, 0xc4), 20},
	"ltc":  {btcAlphabet, vs(0x30, 0x32, 0x05), vs(0x6f, 0x3a, 0xc4), 20},
	"doge": {btcAlphabet, vs(0x1e, 0x16), vs(0x71, 0xc4), 20},
	"dash": {btcAlphabet, vs(0x4c, 0x10), vs(0x8c, 0x13), 20},
	"btg":  {btcAlphabet, vs(0x26, 0x17), vs(0x6f, 0xc4), 20},
	"xvg":  {btcAlphabet, vs(0x1e, 0x21), nil, 20},
	"trx":  {btcAlphabet, vs(0x41), nil, 20},
	"xrp":  {xrpAlphabet, vs(0x00), nil, 20},
	"zec":  {btcAlphabet, [][]byte{{0x1c, 0xb8}, {0x1c, 0xbd}}, [][]byte{{0x1d, 0x25}, {0x1c, 0xba}}, 20},
}

// bech32 human-readable parts of segwit chains.
var segwitHRP = map[string]string{"btc": "bc", "ltc": "ltc"}

// ValidateAddress checks s as an address on chain c and returns its
// canonical form. Account chains: 40 hex digits, EIP-55 checksum enforced
// when the letters are mixed case; canonical is lowercase 0x-hex. Bitcoin
// and its relatives: base58check with the chain's version bytes, bech32 /
// bech32m segwit (BIP-173/350) for btc and ltc (canonical lowercase), and
// cashaddr for bch (canonical "bitcoincash:" + lowercase; legacy base58 bch
// addresses are converted to cashaddr). Chains without a codec here get a
// shape check only.
func ValidateAddress(c Info, s string) (string, error) {
	canon, err := validateAddress(c, s)
	if err != nil {
		return "", fmt.Errorf("%s address %q: %w", c.Name, s, err)
	}
	return canon, nil
}

func validateAddress(c Info, s string) (string, error) {
	if c.Kind == Account {
		return validateEVM(s)
	}
	if c.Name == "bch" || c.Name == "bsv" && strings.Contains(s, ":") {
		return validateBCH(s) // some BSV wallets still print cashaddr
	}
	if hrp, ok := segwitHRP[c.Name]; ok && len(s) > len(hrp) && strings.EqualFold(s[:len(hrp)+1], hrp+"1") {
		return validateSegwit(hrp, s)
	}
	if r, ok := b58Rules[c.Name]; ok {
		if _, err := checkBase58(r, s); err != nil {
			return "", err
		}
		return s, nil
	}
	if err := CheckUTXOAddress([]byte(s)); err != nil {
		return "", err
	}
	return s, nil
}

// validateEVM checks hex and, for mixed-case input, the EIP-55 checksum.
func validateEVM(s string) (string, error) {
	a, err := ParseEVMAddress([]byte(s))
	if err != nil {
		return "", err
	}
	canon := a.String()
	body := s[len(s)-40:]
	if hasUpper(body) && hasLower(body) && EIP55(a) != "0x"+body {
		return "", ErrAddressChecksum
	}
	return canon, nil
}

func hasUpper(s string) bool { return strings.ContainsAny(s, "ABCDEF") }
func hasLower(s string) bool { return strings.ContainsAny(s, "abcdef") }

// EIP55 formats a with the mixed-case checksum of EIP-55.
func EIP55(a EVMAddress) string {
	lower := a.String()[2:]
	h := sha3.NewLegacyKeccak256()
	h.Write([]byte(lower))
	sum := h.Sum(nil)
	out := []byte("0x" + lower)
	for i := 0; i < 40; i++ {
		c := out[2+i]
		nib := sum[i/2] >> 4
		if i%2 == 1 {
			nib = sum[i/2] & 15
		}
		if c >= 'a' && nib >= 8 {
			out[2+i] = c - 32
		}
	}
	return string(out)
}

// decodeBase58 decodes s in the given alphabet (nil on a bad character).
func decodeBase58(alphabet, s string) []byte {
	var idx [256]int16
	for i := range idx {
		idx[i] = -1
	}
	for i := 0; i < len(alphabet); i++ {
		idx[alphabet[i]] = int16(i)
	}
	zeros := 0
	for zeros < len(s) && s[zeros] == alphabet[0] {
		zeros++
	}
	num := make([]byte, 0, len(s)) // big-endian base-256 accumulator
	for i := 0; i < len(s); i++ {
		d := idx[s[i]]
		if d < 0 {
			return nil
		}
		carry := int(d)
		for j := len(num) - 1; j >= 0; j-- {
			carry += int(num[j]) * 58
			num[j] = byte(carry)
			carry >>= 8
		}
		for carry > 0 {
			num = append([]byte{byte(carry)}, num...)
			carry >>= 8
		}
	}
	return append(make([]byte, zeros), num...)
}

// checkBase58 verifies a base58check address and returns version+payload.
func checkBase58(r b58Rule, s string) ([]byte, error) {
	if len(s) < 25 || len(s) > 40 {
		return nil, ErrAddressLength
	}
	raw := decodeBase58(r.alphabet, s)
	if raw == nil {
		return nil, ErrAddressChars
	}
	if len(raw) < 5 {
		return nil, ErrAddressLength
	}
	body, sum := raw[:len(raw)-4], raw[len(raw)-4:]
	if d := doubleSHA256(body); string(d[:4]) != string(sum) {
		return nil, ErrAddressChecksum
	}
	for _, v := range r.testnet {
		if hasPrefixLen(body, v, r.payload) {
			return nil, ErrAddressTestnet
		}
	}
	for _, v := range r.versions {
		if hasPrefixLen(body, v, r.payload) {
			return body, nil
		}
	}
	return nil, ErrAddressVersion
}

func doubleSHA256(b []byte) [32]byte {
	h := sha256.Sum256(b)
	return sha256.Sum256(h[:])
}

func hasPrefixLen(body, v []byte, payload int) bool {
	return len(body) == len(v)+payload && string(body[:len(v)]) == string(v)
}

const bech32Charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"

func bech32Polymod(values []byte) uint32 {
	gen := [5]uint32{0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3}
	chk := uint32(1)
	for _, v := range values {
		b := chk >> 25
		chk = (chk&0x1ffffff)<<5 ^ uint32(v)
		for i := 0; i < 5; i++ {
			if (b>>i)&1 == 1 {
				chk ^= gen[i]
			}
		}
	}
	return chk
}

// decode5 maps bech32 characters to 5-bit values (nil on a bad character).
func decode5(s string) []byte {
	out := make([]byte, len(s))
	for i := 0; i < len(s); i++ {
		p := strings.IndexByte(bech32Charset, s[i])
		if p < 0 {
			return nil
		}
		out[i] = byte(p)
	}
	return out
}

// convertBits regroups bits; without padding, leftover bits must be zero
// and fewer than from.
func convertBits(data []byte, from, to uint, pad bool) ([]byte, bool) {
	acc, bits := uint32(0), uint(0)
	var out []byte
	maxv := uint32(1)<<to - 1
	for _, v := range data {
		acc = acc<<from | uint32(v)
		bits += from
		for bits >= to {
			bits -= to
			out = append(out, byte(acc>>bits&maxv))
		}
	}
	if pad {
		if bits > 0 {
			out = append(out, byte(acc<<(to-bits)&maxv))
		}
	} else if bits >= from || acc<<(to-bits)&maxv != 0 {
		return nil, false
	}
	return out, true
}

// validateSegwit checks a BIP-173/350 segwit address with the given hrp.
func validateSegwit(hrp, s string) (string, error) {
	if len(s) > 90 {
		return "", ErrAddressLength
	}
	lower := strings.ToLower(s)
	if lower != s && strings.ToUpper(s) != s {
		return "", ErrAddressChars // mixed case is invalid in bech32
	}
	data := decode5(lower[len(hrp)+1:])
	if data == nil {
		return "", ErrAddressChars
	}
	if len(data) < 7 {
		return "", ErrAddressLength
	}
	exp := make([]byte, 0, 2*len(hrp)+1+len(data))
	for i := 0; i < len(hrp); i++ {
		exp = append(exp, hrp[i]>>5)
	}
	exp = append(exp, 0)
	for i := 0; i < len(hrp); i++ {
		exp = append(exp, hrp[i]&31)
	}
	chk := bech32Polymod(append(exp, data...))
	ver := data[0]
	if ver > 16 || (ver == 0 && chk != 1) || (ver != 0 && chk != 0x2bc830a3) {
		return "", ErrAddressChecksum
	}
	prog, ok := convertBits(data[1:len(data)-6], 5, 8, false)
	if !ok || len(prog) < 2 || len(prog) > 40 || (ver == 0 && len(prog) != 20 && len(prog) != 32) {
		return "", ErrAddressLength
	}
	return lower, nil
}

const cashPrefix = "bitcoincash"

func cashPolymod(v []byte) uint64 {
	gen := [5]uint64{0x98f2bc8e61, 0x79b76d99e2, 0xf33e5fb3c4, 0xae2eabe2a8, 0x1e4f43e470}
	c := uint64(1)
	for _, d := range v {
		c0 := byte(c >> 35)
		c = (c&0x07ffffffff)<<5 ^ uint64(d)
		for i := 0; i < 5; i++ {
			if (c0>>i)&1 == 1 {
				c ^= gen[i]
			}
		}
	}
	return c ^ 1
}

func cashExpand(data []byte) []byte {
	v := make([]byte, 0, len(cashPrefix)+1+len(data)+8)
	for i := 0; i < len(cashPrefix); i++ {
		v = append(v, cashPrefix[i]&31)
	}
	return append(append(v, 0), data...)
}

// validateBCH accepts cashaddr (with or without the bitcoincash: prefix) and
// legacy base58, returning the cashaddr form.
func validateBCH(s string) (string, error) {
	if len(s) > 0 && (s[0] == '1' || s[0] == '3') {
		body, err := checkBase58(b58Rules["bch"], s)
		if err != nil {
			return "", err
		}
		typ := byte(0)
		if body[0] == 0x05 {
			typ = 8
		}
		return encodeCash(append([]byte{typ}, body[1:]...)), nil
	}
	lower := strings.ToLower(s)
	if lower != s && strings.ToUpper(s) != s {
		return "", ErrAddressChars
	}
	lower = strings.TrimPrefix(lower, cashPrefix+":")
	if len(lower) != 42 {
		return "", ErrAddressLength
	}
	data := decode5(lower)
	if data == nil {
		return "", ErrAddressChars
	}
	if cashPolymod(cashExpand(data)) != 0 {
		return "", ErrAddressChecksum
	}
	payload, ok := convertBits(data[:len(data)-8], 5, 8, false)
	if !ok || len(payload) != 21 || (payload[0] != 0 && payload[0] != 8) {
		return "", ErrAddressVersion
	}
	return cashPrefix + ":" + lower, nil
}

// encodeCash encodes a version byte + 20-byte hash as a prefixed cashaddr.
func encodeCash(payload []byte) string {
	data, _ := convertBits(payload, 8, 5, true)
	mod := cashPolymod(cashExpand(append(append([]byte(nil), data...), make([]byte, 8)...)))
	var sb strings.Builder
	sb.WriteString(cashPrefix + ":")
	for _, d := range data {
		sb.WriteByte(bech32Charset[d])
	}
	for i := 0; i < 8; i++ {
		sb.WriteByte(bech32Charset[(mod>>(5*(7-i)))&31])
	}
	return sb.String()
}
