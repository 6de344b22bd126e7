package ethrpc

import (
	"math/big"
	"strings"
	"testing"

	"github.com/vigil-project/vigil/internal/chain"
)

// refQuantity parses like the node's hex quantities with math/big, the
// naive reference: 0x prefix, at least one digit, value < 2^bits.
func refQuantity(s string, bits int) (*big.Int, bool) {
	if len(s) < 3 || s[0] != '0' || (s[1] != 'x' && s[1] != 'X') || strings.ContainsAny(s[2:], "+-_xX") {
		return nil, false
	}
	v, ok := new(big.Int).SetString(s[2:], 16)
	if !ok || v.BitLen() > bits {
		return nil, false
	}
	return v, true
}

func TestHexTable(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want uint64
		ok   bool
	}{
		{"0x0", 0, true}, {"0x1b4", 436, true}, {"0X00ff", 255, true}, {"0xffffffffffffffff", 1<<64 - 1, true},
		{"0x10000000000000000", 0, false}, {"0x", 0, false}, {"", 0, false}, {"12", 0, false}, {"0xg", 0, false}, {"0x-1", 0, false},
	} {
		got, err := quantity(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("quantity(%q) = %d, %v", tc.in, got, err)
		}
	}
	max := "0x" + strings.Repeat("f", 64)
	if u, err := amount(max); err != nil || u != (chain.U256{^uint64(0), ^uint64(0), ^uint64(0), ^uint64(0)}) {
		t.Errorf("amount(2^256-1) = %v, %v", u, err)
	}
	if _, err := amount(max + "0"); err == nil {
		t.Error("amount accepted 2^260")
	}
}

// FuzzHex checks quantity and amount against math/big.
func FuzzHex(f *testing.F) {
	for _, s := range []string{"0x0", "0x1b4", "0xde0b6b3a7640000", "0x" + strings.Repeat("f", 64), "0x" + strings.Repeat("0", 70) + "1", "0x", "1", "0x+1", "0x 1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, qerr := quantity(s)
		ref, ok := refQuantity(s, 64)
		if ok != (qerr == nil) || ok && ref.Uint64() != q {
			t.Fatalf("quantity(%q) = %d, %v; math/big %v %v", s, q, qerr, ref, ok)
		}
		if s == "" {
			return // amount: absent value is zero
		}
		u, aerr := amount(s)
		ref, ok = refQuantity(s, 256)
		if ok != (aerr == nil) || ok && u.Big().Cmp(ref) != 0 {
			t.Fatalf("amount(%q) = %v, %v; math/big %v %v", s, u, aerr, ref, ok)
		}
	})
}
