package btcrpc

import (
	"encoding/json"
	"math/big"
	"testing"
)

// FuzzSatoshi compares the float-free amount parser with math/big's exact
// decimal parsing: same value when both accept, and an amount is accepted
// only when it is a whole, non-negative number of satoshi below 2^64.
func FuzzSatoshi(f *testing.F) {
	for _, s := range []string{"50", "0.00000001", "1e-08", "2.1e+7", "184467440737.09551615", "0.000000001", "-1", "1.5E3", "00.10", "1e", "."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if _, e, err := splitExp(s); err != nil || e > 100 || e < -100 {
			t.Skip("exponent outside what nodes write (and big.Rat parses cheaply)")
		}
		got, err := satoshi(json.Number(s))
		want, ok := naiveSatoshi(s)
		if err == nil && (!ok || got != want) {
			t.Fatalf("satoshi(%q) = %d; math/big says %d (ok %v)", s, got, want, ok)
		}
		if err != nil && ok && isJSONNumber(s) {
			t.Fatalf("satoshi(%q) refused (%v); math/big says %d", s, err, want)
		}
	})
}

// naiveSatoshi parses s with big.Rat (the baseline).
func naiveSatoshi(s string) (uint64, bool) {
	r, ok := new(big.Rat).SetString(s)
	if !ok || r.Sign() < 0 {
		return 0, false
	}
	r.Mul(r, big.NewRat(100000000, 1))
	if !r.IsInt() || !r.Num().IsUint64() {
		return 0, false
	}
	return r.Num().Uint64(), true
}

// isJSONNumber reports whether s has JSON number syntax without a sign
// (what a node sends for an amount).
func isJSONNumber(s string) bool {
	var v json.Number
	return json.Unmarshal([]byte(s), &v) == nil && s != "" && s[0] != '-'
}
