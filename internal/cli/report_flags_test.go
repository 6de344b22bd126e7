package cli

import (
	"strings"
	"testing"
)

func TestAssetFlag(t *testing.T) {
	tests := []struct {
		in, err string
		sym     string
		dec     int
	}{
		{in: "eth:0xDAC17F958D2EE523A2206206994597C13D831EC7=USDT:6", sym: "USDT", dec: 6},
		{in: "eth=ETH:18", sym: "ETH", dec: 18},
		{in: "eth:0x12=X:6", err: "token"},
		{in: "eth:0xdac17f958d2ee523a2206206994597c13d831ec7=USDT", err: "want ASSET=SYMBOL:DECIMALS"},
		{in: "eth:0xdac17f958d2ee523a2206206994597c13d831ec7=:6", err: "want ASSET=SYMBOL:DECIMALS"},
		{in: "eth:0xdac17f958d2ee523a2206206994597c13d831ec7=USDT:-1", err: "want ASSET=SYMBOL:DECIMALS"},
		{in: "eth:0xdac17f958d2ee523a2206206994597c13d831ec7=USDT:99", err: "want ASSET=SYMBOL:DECIMALS"},
		{in: "xyz=X:1", err: "xyz"},
	}
	for _, tc := range tests {
		var a assetFlags
		err := a.Set(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%q: err %v, want %q", tc.in, err, tc.err)
			}
			continue
		}
		asset, _, _ := strings.Cut(strings.ToLower(tc.in), "=")
		if err != nil || a[asset].Symbol != tc.sym || a[asset].Decimals != tc.dec {
			t.Errorf("%q: %v %+v", tc.in, err, a)
		}
	}
}

// FuzzAssetFlag: any --asset value is accepted or refused with an error,
// never a panic; accepted ones name a parseable asset.
func FuzzAssetFlag(f *testing.F) {
	for _, s := range []string{"eth=ETH:18", "eth:0xdac17f958d2ee523a2206206994597c13d831ec7=USDT:6", "=:", "btc=:", "a=b:c:d"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var a assetFlags
		if err := a.Set(s); err == nil && len(a) != 1 {
			t.Errorf("%q accepted with %d entries", s, len(a))
		}
	})
}
