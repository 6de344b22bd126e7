package report

import (
	"fmt"
	"math/big"
	"slices"
	"strings"
)

// AssetAmount is an exact amount of one asset in base units.
type AssetAmount struct {
	Asset  string `json:"asset"`
	Amount string `json:"amount"`
}

// sums adds amounts per asset.
type sums map[string]*big.Int

func (s sums) add(asset, amount string) error {
	v, ok := new(big.Int).SetString(amount, 10)
	if !ok {
		return fmt.Errorf("report: amount %q of %s is not a decimal integer", amount, asset)
	}
	s.addInt(asset, v)
	return nil
}

func (s sums) addInt(asset string, v *big.Int) {
	if s[asset] == nil {
		s[asset] = new(big.Int)
	}
	s[asset].Add(s[asset], v)
}

// get returns the sum of asset (zero when absent).
func (s sums) get(asset string) *big.Int {
	if v := s[asset]; v != nil {
		return v
	}
	return new(big.Int)
}

// list returns the non-zero sums in asset order.
func (s sums) list() []AssetAmount {
	out := make([]AssetAmount, 0, len(s))
	for _, a := range s.assets() {
		if s[a].Sign() != 0 {
			out = append(out, AssetAmount{Asset: a, Amount: s[a].String()})
		}
	}
	return out
}

// assets returns the assets of s, native coins first, then by name.
func (s sums) assets() []string {
	out := make([]string, 0, len(s))
	for a := range s {
		out = append(out, a)
	}
	slices.SortFunc(out, compareAssets)
	return out
}

// compareAssets orders native coins (no ':') before tokens, then by name.
func compareAssets(x, y string) int {
	xn, yn := !strings.Contains(x, ":"), !strings.Contains(y, ":")
	if xn != yn {
		if xn {
			return -1
		}
		return 1
	}
	return strings.Compare(x, y)
}

// share returns part/whole as a percentage with two decimals ("42.17"),
// exact (truncated, not rounded); "0.00" when whole is zero.
func share(part, whole *big.Int) string { return fmtBP(shareBP(part, whole)) }

// shareBP returns part/whole in hundredths of a percent (truncated).
func shareBP(part, whole *big.Int) int64 {
	if whole.Sign() == 0 {
		return 0
	}
	v := new(big.Int).Mul(part, big.NewInt(10000))
	return v.Quo(v, whole).Int64()
}

// fmtBP formats hundredths of a percent: 4217 is "42.17".
func fmtBP(bp int64) string {
	s := fmt.Sprintf("%03d", bp)
	return s[:len(s)-2] + "." + s[len(s)-2:]
}

// float returns v as a float64 for chart geometry only.
func float(v *big.Int) float64 {
	f, _ := new(big.Float).SetInt(v).Float64()
	return f
}

// cmpDecimal compares two decimal strings without leading zeros.
func cmpDecimal(x, y string) int {
	if len(x) != len(y) {
		return len(x) - len(y)
	}
	return strings.Compare(x, y)
}
