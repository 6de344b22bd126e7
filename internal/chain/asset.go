package chain

import (
	"fmt"
	"strings"
)

// AssetID numbers the assets of one chain in the store. 0 is the native coin.
type AssetID uint32

// Native is the AssetID of a chain's own coin.
const Native AssetID = 0

// AssetName formats the contract name of an asset: "<chain>" for the native
// coin, "<chain>:<token contract>" for a token.
func AssetName(c Info, token string) string {
	if token == "" {
		return c.Name
	}
	return c.Name + ":" + strings.ToLower(token)
}

// ParseAssetName splits a contract asset name into chain and token (empty for
// the native coin).
func ParseAssetName(s string) (Info, string, error) {
	name, token, _ := strings.Cut(s, ":")
	c, err := Lookup(name)
	if err != nil {
		return Info{}, "", err
	}
	if token == "" {
		return c, "", nil
	}
	if c.Kind == Account {
		a, err := ParseEVMAddress([]byte(token))
		if err != nil {
			return Info{}, "", fmt.Errorf("asset %q: token %w", s, err)
		}
		return c, a.String(), nil
	}
	return c, strings.ToLower(token), nil
}
