package intel

import (
	"fmt"
	"sort"
	"strings"

	"github.com/vigil-project/vigil/internal/chain"
)

// labelOnlyChains are chains vigil can hold labels for although it cannot
// ingest them (yet). Kind Account means EVM addresses.
var labelOnlyChains = map[string]chain.Kind{
	"trx": 0, "xmr": 0, "dash": 0, "btg": 0, "bsv": 0, "xvg": 0, "xrp": 0,
	"sol": 0, "bnb": 0, "etc": chain.Account, "avax": chain.Account,
	"gnosis": chain.Account, "celo": chain.Account,
}

// LabelChain returns the chain description used to validate label
// addresses: a chain of package chain, or a label-only chain.
func LabelChain(name string) (chain.Info, error) {
	if c, err := chain.Lookup(name); err == nil {
		return c, nil
	}
	if k, ok := labelOnlyChains[name]; ok {
		return chain.Info{Name: name, Kind: k}, nil
	}
	return chain.Info{}, fmt.Errorf("unknown chain %q (known: %s)", name, strings.Join(LabelChainNames(), ", "))
}

// LabelChainNames lists every chain name labels may use.
func LabelChainNames() []string {
	names := chain.Names()
	for n := range labelOnlyChains {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// CanonicalAddress validates addr on the named chain and returns its
// canonical form (see chain.ValidateAddress).
func CanonicalAddress(chainName, addr string) (string, error) {
	c, err := LabelChain(chainName)
	if err != nil {
		return "", err
	}
	return chain.ValidateAddress(c, addr)
}

// assetChains maps upper-case asset / currency codes (OFAC, GraphSense) to a
// chain name.
var assetChains = map[string]string{
	"XBT": "btc", "BTC": "btc", "ETH": "eth", "LTC": "ltc", "BCH": "bch",
	"DOGE": "doge", "ZEC": "zec", "TRX": "trx", "XMR": "xmr", "DASH": "dash",
	"BTG": "btg", "BSV": "bsv", "XVG": "xvg", "XRP": "xrp", "RIPPLE": "xrp",
	"SOL": "sol", "ETC": "etc", "ARB": "arb", "BSC": "bsc", "BEP20": "bsc",
	"BNB": "bnb", "BEP2": "bnb", "MATIC": "polygon",
}

// tokenAssets are assets issued on several chains; their chain is told by
// the address shape.
var tokenAssets = map[string]bool{"USDT": true, "USDC": true, "OMNI": true}

// ChainForAsset picks the chain of an address listed under an asset code
// and returns it with the canonical address. For multi-chain tokens (USDT,
// USDC) and for addresses that are not valid on the asset's own chain, the
// chain is told by the address: 0x-hex → eth (or the asset's EVM chain),
// T… base58check → trx, Bitcoin forms → btc, base58 of 32 bytes → sol.
func ChainForAsset(asset, addr string) (chainName, canon string, err error) {
	code := strings.ToUpper(strings.TrimSpace(asset))
	name, known := assetChains[code]
	if code == "BNB" && strings.HasPrefix(addr, "0x") {
		name = "bsc"
	}
	if known && !tokenAssets[code] {
		if canon, err = CanonicalAddress(name, addr); err == nil {
			return name, canon, nil
		}
	}
	for _, guess := range []string{"eth", "trx", "btc", "ltc", "bch", "doge", "sol"} {
		if guess == "sol" && !isSolana(addr) {
			continue
		}
		if c, err2 := CanonicalAddress(guess, addr); err2 == nil {
			return guess, c, nil
		}
	}
	if err == nil {
		err = fmt.Errorf("asset %q: address %q matches no known chain", asset, addr)
	}
	return "", "", err
}

// isSolana reports whether s looks like a Solana address (base58, 32–44
// characters, no 0/O/I/l).
func isSolana(s string) bool {
	if len(s) < 32 || len(s) > 44 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		ok := c >= '1' && c <= '9' || c >= 'A' && c <= 'Z' && c != 'I' && c != 'O' || c >= 'a' && c <= 'z' && c != 'l'
		if !ok {
			return false
		}
	}
	return true
}

// AssetChain returns the chain of a single-chain asset or currency code
// (XBT, BTC, ETH, TRX, ...); false for unknown codes and multi-chain tokens.
func AssetChain(code string) (string, bool) {
	code = strings.ToUpper(strings.TrimSpace(code))
	if tokenAssets[code] {
		return "", false
	}
	name, ok := assetChains[code]
	return name, ok
}
