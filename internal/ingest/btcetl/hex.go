package btcetl

import (
	"fmt"

	"github.com/vigil-project/vigil/internal/chain"
)

// nibble maps ASCII hex digits to their value and everything else to 0xff.
var nibble = func() (t [256]byte) {
	for i := range t {
		t[i] = hexNibble(byte(i))
	}
	return t
}()

// parseHash is chain.ParseHash with a table lookup, for the hot path. It
// falls back to chain.ParseHash (for the 0x prefix and its error text).
func parseHash(s []byte) (chain.Hash, error) {
	var h chain.Hash
	if len(s) != 64 {
		return chain.ParseHash(s)
	}
	var bad byte
	for i := 0; i < 32; i++ {
		hi, lo := nibble[s[2*i]], nibble[s[2*i+1]]
		bad |= hi | lo
		h[i] = hi<<4 | lo
	}
	if bad > 15 {
		if _, err := chain.ParseHash(s); err != nil {
			return h, err
		}
		return h, fmt.Errorf("not hex")
	}
	return h, nil
}
