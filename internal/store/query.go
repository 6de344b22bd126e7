package store

import (
	"errors"

	"github.com/vigil-project/vigil/internal/chain"
)

// ErrNotFound is returned for addresses and transactions the store lacks.
var ErrNotFound = errors.New("not found")

// ChainStats summarizes one chain in the store.
type ChainStats struct {
	Chain     chain.Info
	Counters  Counters
	Addresses int
}

// Stats returns per-chain totals for every chain with data, in chain order.
func (s *Store) Stats() ([]ChainStats, error) {
	var out []ChainStats
	for _, c := range chain.All() {
		cnt, err := s.counters(c)
		if err != nil {
			return nil, err
		}
		if cnt.Blocks == 0 {
			continue
		}
		d, err := s.Addresses(c)
		if err != nil {
			return nil, err
		}
		out = append(out, ChainStats{Chain: c, Counters: cnt, Addresses: d.Len()})
	}
	return out, nil
}

func assetName(c chain.Info, tokens *Dict, asset uint32) (string, error) {
	if asset == uint32(chain.Native) {
		return c.Name, nil
	}
	k, err := tokens.Key(asset)
	if err != nil {
		return "", err
	}
	return chain.AssetName(c, displayAddr(c, k)), nil
}

// displayAddr prints stored address bytes: 0x-hex for account chains.
func displayAddr(c chain.Info, k []byte) string {
	if c.Kind == chain.Account && len(k) == 20 {
		return chain.EVMAddress(k).String()
	}
	return string(k)
}

// AddressKey converts a user-given address to its stored bytes.
func AddressKey(c chain.Info, s string) ([]byte, error) {
	if c.Kind == chain.Account {
		a, err := chain.ParseEVMAddress([]byte(s))
		if err != nil {
			return nil, err
		}
		return a[:], nil
	}
	if err := chain.CheckUTXOName([]byte(s)); err != nil {
		return nil, err
	}
	return []byte(s), nil
}

// AddressName returns the display form of address ID id of chain c (""
// for chain.NoAddr).
func AddressName(c chain.Info, d *Dict, id chain.AddrID) (string, error) { return name(c, d, id) }

// AssetName returns the contract name of asset ID asset of chain c.
func AssetName(c chain.Info, tokens *Dict, asset uint32) (string, error) {
	return assetName(c, tokens, asset)
}
