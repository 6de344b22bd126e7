package chain

import (
	"fmt"
	"strings"
)

// Kind tells how a chain moves value.
type Kind uint8

const (
	// Account chains move value between accounts (Ethereum-like).
	Account Kind = 1
	// UTXO chains move value from spent outputs to new outputs (Bitcoin-like).
	UTXO Kind = 2
)

// ID is the compact number of a chain inside the store.
type ID uint8

// Info describes a supported chain.
type Info struct {
	ID   ID
	Name string // contract name: btc, eth, ...
	Kind Kind
	// Decimals of the native coin (8 for bitcoin, 18 for ether).
	Decimals int
}

var chains = []Info{
	{ID: 1, Name: "btc", Kind: UTXO, Decimals: 8},
	{ID: 2, Name: "eth", Kind: Account, Decimals: 18},
	{ID: 3, Name: "ltc", Kind: UTXO, Decimals: 8},
	{ID: 4, Name: "bch", Kind: UTXO, Decimals: 8},
	{ID: 5, Name: "doge", Kind: UTXO, Decimals: 8},
	{ID: 6, Name: "zec", Kind: UTXO, Decimals: 8},
	{ID: 7, Name: "bsc", Kind: Account, Decimals: 18},
	{ID: 8, Name: "arb", Kind: Account, Decimals: 18},
	{ID: 9, Name: "base", Kind: Account, Decimals: 18},
	{ID: 10, Name: "op", Kind: Account, Decimals: 18},
	{ID: 11, Name: "polygon", Kind: Account, Decimals: 18},
}

// ErrUnknownChain is returned for chain names vigil does not know.
var ErrUnknownChain = fmt.Errorf("unknown chain")

// Lookup returns the chain with the given contract name.
func Lookup(name string) (Info, error) {
	for _, c := range chains {
		if c.Name == name {
			return c, nil
		}
	}
	return Info{}, fmt.Errorf("%w %q (known: %s)", ErrUnknownChain, name, strings.Join(Names(), ", "))
}

// ByID returns the chain with the given store ID.
func ByID(id ID) (Info, bool) {
	for _, c := range chains {
		if c.ID == id {
			return c, true
		}
	}
	return Info{}, false
}

// Names lists the known chain names.
func Names() []string {
	out := make([]string, len(chains))
	for i, c := range chains {
		out[i] = c.Name
	}
	return out
}

// All returns every known chain.
func All() []Info { return append([]Info(nil), chains...) }
