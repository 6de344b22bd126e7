package chain

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vigil-project/vigil/internal/sharedtest"
)

// sharedData finds ../shared/data by walking up from the package directory
// (VIGIL_SHARED_DATA overrides); it skips the test when absent.
func sharedData(t testing.TB) string {
	t.Helper()
	return sharedtest.Dir(t)
}

func mustChain(t *testing.T, name string) Info {
	t.Helper()
	c, err := Lookup(name)
	if err != nil {
		return Info{Name: name, Kind: UTXO}
	}
	return c
}

func TestValidateAddressTable(t *testing.T) {
	cases := []struct {
		chain, in, want string
		err             error
	}{
		{"eth", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed", nil},
		{"eth", "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed", "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed", nil},
		{"eth", "0x5AAEB6053F3E94C9B9A09F33669435E7EF1BEAED", "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed", nil},
		{"eth", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD", "", ErrAddressChecksum},
		{"eth", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAe", "", ErrAddressLength},
		{"eth", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeZ", "", ErrAddressHex},
		{"btc", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", nil},
		{"btc", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb", "", ErrAddressChecksum},
		{"btc", "mipcBbFg9gMiCh81Kj8tqqdgoZub1ZJRfn", "", ErrAddressTestnet},
		{"btc", "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", nil},
		{"btc", "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0", "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0", nil},
		{"btc", "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd", "", ErrAddressChecksum},
		{"btc", "BC1S0XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ54WELL", "", ErrAddressChecksum},
		{"btc", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh", "", ErrAddressChecksum},
		{"btc", "bc1qW508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", "", ErrAddressChars},
		{"btc", "bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kt5nd6y", "bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kt5nd6y", nil},
		{"btc", "BC1SW50QGDZ25J", "bc1sw50qgdz25j", nil},
		{"btc", "tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7", "", ErrAddressLength},
		{"bch", "1BpEi6DfDAUFd7GtittLSdBeYJvcoaVggu", "bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a", nil},
		{"bch", "bitcoincash:qzkddwa6hgh03skr4qsrygk7e087zjydxgqkpjnsw7", "bitcoincash:qzkddwa6hgh03skr4qsrygk7e087zjydxgqkpjnsw7", nil},
		{"bch", "QPM2QSZNHKS23Z7629MMS6S4CWEF74VCWVY22GDX6A", "bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a", nil},
		{"bch", "bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6c", "", ErrAddressChecksum},
		{"doge", "DPsvwvYRgt66ntxno9mMuBfwhg9nAMmGrD", "DPsvwvYRgt66ntxno9mMuBfwhg9nAMmGrD", nil},
		{"doge", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "", ErrAddressVersion},
		{"ltc", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "", ErrAddressVersion},
		{"xmr", "49HqitRzdnhYjgTEAhgGpCfsjdTeMbUTU6cyR4JV1R7k2Eej9rGT8JpFiYDa4tZM6RZiFrHmMzgSrhHEqpDYKBe5B2ufNsL", "49HqitRzdnhYjgTEAhgGpCfsjdTeMbUTU6cyR4JV1R7k2Eej9rGT8JpFiYDa4tZM6RZiFrHmMzgSrhHEqpDYKBe5B2ufNsL", nil},
		{"xmr", "bad address", "", ErrAddressChars},
	}
	for _, tc := range cases {
		got, err := ValidateAddress(mustChain(t, tc.chain), tc.in)
		if tc.err != nil {
			if !errors.Is(err, tc.err) {
				t.Errorf("%s %s: err %v, want %v", tc.chain, tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("%s %s: got %q, %v; want %q", tc.chain, tc.in, got, err, tc.want)
		}
	}
}

func readLines(t *testing.T, path string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, l := range strings.Split(string(b), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// TestValidateRealLists checks every address of the OFAC per-asset lists and
// the FBI Bybit PSA list.
func TestValidateRealLists(t *testing.T) {
	d := sharedData(t)
	lists := map[string]string{
		"fbi-psa-bybit/fbi_psa250226_eth_addresses.txt":                     "eth",
		"ofac-sdn-crypto/brave-intl-lists/sanctioned_addresses_ETH.txt":     "eth",
		"ofac-sdn-crypto/brave-intl-lists/sanctioned_addresses_LTC.txt":     "ltc",
		"ofac-sdn-crypto/brave-intl-lists/sanctioned_addresses_BCH.txt":     "bch",
		"ofac-sdn-crypto/brave-intl-lists/sanctioned_addresses_ZEC.txt":     "zec",
		"ofac-sdn-crypto/brave-intl-lists/sanctioned_addresses_TRX.txt":     "trx",
		"ofac-sdn-crypto/brave-intl-lists/sanctioned_addresses_DASH.txt":    "dash",
		"ofac-sdn-crypto/brave-intl-lists/sanctioned_addresses_BTG.txt":     "btg",
		"ofac-sdn-crypto/brave-intl-lists/sanctioned_addresses_XVG.txt":     "xvg",
		"ofac-sdn-crypto/brave-intl-lists/sanctioned_addresses_XRP.txt":     "xrp",
		"ofac-sdn-crypto/brave-intl-lists/sanctioned_addresses_BSV.txt":     "bsv",
		"ofac-sdn-crypto/brave-intl-lists/sanctioned_addresses_ARB.txt":     "arb",
		"ofac-sdn-crypto/brave-intl-lists/sanctioned_addresses_BSC.txt":     "bsc",
		"ofac-sdn-crypto/brave-intl-lists/sanctioned_addresses_USDC.txt":    "eth",
		"ofac-sdn-crypto/0xB10C-lists-2024-09/sanctioned_addresses_ETH.txt": "eth",
	}
	for file, name := range lists {
		lines := readLines(t, filepath.Join(d, file))
		c := mustChain(t, name)
		for i, a := range lines {
			if _, err := ValidateAddress(c, a); err != nil {
				t.Errorf("%s:%d: %v", file, i+1, err)
			}
		}
		if name == "eth" && strings.Contains(file, "fbi") && len(lines) != 51 {
			t.Errorf("FBI list has %d addresses, want 51", len(lines))
		}
	}
}

func TestEIP55RoundTrip(t *testing.T) {
	d := sharedData(t)
	for _, a := range readLines(t, filepath.Join(d, "fbi-psa-bybit/fbi_psa250226_eth_addresses.txt")) {
		ea, err := ParseEVMAddress([]byte(a))
		if err != nil {
			t.Fatal(err)
		}
		if got := EIP55(ea); got != a {
			t.Errorf("EIP55(%s) = %s", a, got)
		}
	}
}

func FuzzValidateAddress(f *testing.F) {
	f.Add("btc", "bc1qw508d6qejxtdg4c5r3zarvary0c5xw7kv8f3t4")
	f.Add("bch", "bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a")
	f.Add("eth", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")
	f.Add("zec", "t1MMXtBrSp1XG38Lx9cePcNUCJj5vdWfUWL")
	f.Fuzz(func(t *testing.T, name, s string) {
		c, err := Lookup(name)
		if err != nil {
			c = Info{Name: name, Kind: UTXO}
		}
		canon, err := ValidateAddress(c, s)
		if err == nil {
			if again, err2 := ValidateAddress(c, canon); err2 != nil || again != canon {
				t.Fatalf("canonical %q not stable: %q %v", canon, again, err2)
			}
		}
	})
}

// TestOFACXBTList: every XBT entry of both editions is a valid btc address,
// except one Tron address that OFAC filed under XBT (valid on trx).
func TestOFACXBTList(t *testing.T) {
	d := sharedData(t)
	for _, ed := range []string{"brave-intl-lists", "0xB10C-lists-2024-09"} {
		file := filepath.Join(d, "ofac-sdn-crypto", ed, "sanctioned_addresses_XBT.txt")
		bad := 0
		for i, a := range readLines(t, file) {
			if _, err := ValidateAddress(mustChain(t, "btc"), a); err != nil {
				bad++
				if _, err2 := ValidateAddress(Info{Name: "trx", Kind: UTXO}, a); err2 != nil || a != "TUCsTq7TofTCJRRoHk6RvhMoS2mJLm5Yzq" {
					t.Errorf("%s:%d: %v", file, i+1, err)
				}
			}
		}
		if bad != 1 {
			t.Errorf("%s: %d invalid btc addresses, want exactly the one Tron address", file, bad)
		}
	}
}
