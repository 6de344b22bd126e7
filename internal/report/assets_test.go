package report

import (
	"strings"
	"testing"
)

func TestFormat(t *testing.T) {
	a := DefaultAssets()
	tests := []struct{ asset, amount, want, short string }{
		{"eth", "1500000000000000000", "1.5 ETH", "1.5 ETH"},
		{"eth", "1234567891234567891234", "1,234.567891234567891234 ETH", "≈1,234.5678 ETH"},
		{"eth", "0", "0 ETH", "0 ETH"},
		{"eth", "1", "0.000000000000000001 ETH", "≈0.0000 ETH"},
		{"btc", "450290000000", "4,502.9 BTC", "4,502.9 BTC"},
		{"eth:0xdac17f958d2ee523a2206206994597c13d831ec7", "1000000", "1 USDT", "1 USDT"},
		{"eth:0x1234567890123456789012345678901234567890", "1234567", "1,234,567 base units of eth:0x1234…7890", "1,234,567 units of eth:0x1234…7890"},
		{"eth:0x1234567890123456789012345678901234567890", "64835785689762203984331", "64,835,785,689,762,203,984,331 base units of eth:0x1234…7890", "≈6.483e22 units of eth:0x1234…7890"},
	}
	for _, tc := range tests {
		if got := a.Format(tc.asset, tc.amount); got != tc.want {
			t.Errorf("Format(%s, %s) = %q, want %q", tc.asset, tc.amount, got, tc.want)
		}
		if got := a.Short(tc.asset, tc.amount); got != tc.short {
			t.Errorf("Short(%s, %s) = %q, want %q", tc.asset, tc.amount, got, tc.short)
		}
	}
}

func TestShare(t *testing.T) {
	for _, tc := range []struct{ part, whole, want string }{
		{"1", "3", "33.33"}, {"2", "3", "66.66"}, {"3", "3", "100.00"}, {"0", "3", "0.00"}, {"1", "0", "0.00"}, {"1", "100000", "0.00"}, {"1", "1000", "0.10"},
	} {
		if got := share(bigOf(tc.part), bigOf(tc.whole)); got != tc.want {
			t.Errorf("share(%s, %s) = %s, want %s", tc.part, tc.whole, got, tc.want)
		}
	}
}

// FuzzFormat: formatting never loses or invents digits: removing the
// separators and the point gives back the amount (with the decimals'
// leading zeros), and the result is stable.
func FuzzFormat(f *testing.F) {
	for _, s := range []string{"0", "1", "1500000000000000000", "123456789012345678901234567890", "1000"} {
		f.Add(s, uint8(18))
		f.Add(s, uint8(6))
		f.Add(s, uint8(0))
	}
	f.Fuzz(func(t *testing.T, amount string, dec uint8) {
		if amount == "" || strings.Trim(amount, "0123456789") != "" || (len(amount) > 1 && amount[0] == '0') || dec > 40 {
			return
		}
		a := Assets{"x": {Symbol: "X", Decimals: int(dec)}}
		got := strings.TrimSuffix(a.Format("x", amount), " X")
		digits := strings.NewReplacer(",", "", ".", "").Replace(got)
		whole, frac, _ := strings.Cut(strings.ReplaceAll(got, ",", ""), ".")
		back := strings.TrimLeft(whole+frac+strings.Repeat("0", int(dec)-len(frac)), "0")
		if back == "" {
			back = "0"
		}
		if back != amount || strings.Trim(digits, "0123456789") != "" {
			t.Errorf("Format(%s, %d) = %q, reads back as %s", amount, dec, got, back)
		}
	})
}
