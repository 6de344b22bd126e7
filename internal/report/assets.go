package report

import (
	"strings"

	"github.com/vigil-project/vigil/internal/chain"
)

// AssetInfo says how to show an asset: its symbol and decimals.
type AssetInfo struct {
	Symbol   string
	Decimals int
}

// Assets maps contract asset names ("eth", "eth:0x<token>") to their
// display information. Assets not in the map (and not native coins) are
// shown in base units.
type Assets map[string]AssetInfo

// knownTokens are well-known Ethereum mainnet tokens (symbol, decimals as
// their contracts declare them).
var knownTokens = Assets{
	"eth:0xdac17f958d2ee523a2206206994597c13d831ec7": {"USDT", 6},
	"eth:0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48": {"USDC", 6},
	"eth:0x6b175474e89094c44da98b954eedeac495271d0f": {"DAI", 18},
	"eth:0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2": {"WETH", 18},
	"eth:0xae7ab96520de3a18e5e111b5eaab095312d7fe84": {"stETH", 18},
	"eth:0x2260fac5e5542a773aa44fbcfedf7c193bc2c599": {"WBTC", 8},
}

// DefaultAssets returns the native coins of every chain and the known
// tokens.
func DefaultAssets() Assets {
	a := Assets{}
	for _, n := range chain.Names() {
		if c, err := chain.Lookup(n); err == nil {
			a[c.Name] = AssetInfo{Symbol: strings.ToUpper(c.Name), Decimals: c.Decimals}
		}
	}
	for k, v := range knownTokens {
		a[k] = v
	}
	return a
}

// With returns a copy of a with extra entries (extra wins).
func (a Assets) With(extra Assets) Assets {
	out := Assets{}
	for k, v := range a {
		out[k] = v
	}
	for k, v := range extra {
		out[strings.ToLower(k)] = v
	}
	return out
}

// Info returns the display information of asset.
func (a Assets) Info(asset string) (AssetInfo, bool) {
	i, ok := a[asset]
	return i, ok
}

// Name returns the short display name of asset: its symbol, else the
// asset name with the token contract shortened.
func (a Assets) Name(asset string) string {
	if i, ok := a[asset]; ok {
		return i.Symbol
	}
	return ShortAsset(asset)
}

// Format shows an amount of asset for people: "1,270.5 ETH" with the
// asset's decimals, or "12,345 base units of eth:0x1234…abcd" when the
// decimals are unknown.
func (a Assets) Format(asset, amount string) string {
	if i, ok := a[asset]; ok {
		return group(units(amount, i.Decimals)) + " " + i.Symbol
	}
	return group(amount) + " base units of " + ShortAsset(asset)
}

// ShortAsset shortens a token asset name: "eth:0x1234…abcd".
func ShortAsset(asset string) string {
	c, tok, ok := strings.Cut(asset, ":")
	if !ok || len(tok) <= 14 {
		return asset
	}
	return c + ":" + tok[:6] + "…" + tok[len(tok)-4:]
}

// units places the decimal point: 1500000000000000000 at 18 is "1.5".
func units(amount string, decimals int) string {
	neg := strings.HasPrefix(amount, "-")
	digits := strings.TrimPrefix(amount, "-")
	if decimals > 0 {
		if len(digits) <= decimals {
			digits = strings.Repeat("0", decimals-len(digits)+1) + digits
		}
		whole, frac := digits[:len(digits)-decimals], strings.TrimRight(digits[len(digits)-decimals:], "0")
		digits = whole
		if frac != "" {
			digits += "." + frac
		}
	}
	if neg {
		return "-" + digits
	}
	return digits
}

// group inserts thousands separators into the whole part of a decimal.
func group(s string) string {
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	whole, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	out := sign + b.String()
	if hasFrac {
		out += "." + frac
	}
	return out
}

// Short shows an amount compactly for chart labels: at most four
// decimals (cut, marked with ≈); for unknown decimals the base units, in
// scientific notation (cut to four digits) when they have over 9 digits.
func (a Assets) Short(asset, amount string) string {
	i, ok := a[asset]
	if !ok {
		if d := strings.TrimPrefix(amount, "-"); len(d) > 9 {
			return "≈" + amount[:len(amount)-len(d)] + d[:1] + "." + d[1:4] + "e" + itoa(uint64(len(d)-1)) + " units of " + ShortAsset(asset)
		}
		return group(amount) + " units of " + ShortAsset(asset)
	}
	s := units(amount, i.Decimals)
	if whole, frac, has := strings.Cut(s, "."); has && len(frac) > 4 {
		return "≈" + group(whole+"."+frac[:4]) + " " + i.Symbol
	}
	return group(s) + " " + i.Symbol
}
