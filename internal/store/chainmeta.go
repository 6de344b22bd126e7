package store

import (
	"fmt"

	"github.com/cockroachdb/pebble/v2"

	"github.com/vigil-project/vigil/internal/chain"
)

// keyGenesis is m "genesis" <chain>: the hash of block 0 of the network a
// chain's blocks were read from over RPC (32 bytes).
func keyGenesis(c chain.ID) []byte { return append(keyMeta("genesis"), byte(c)) }

// Genesis returns the genesis hash recorded for chain c, if any.
func (s *Store) Genesis(c chain.Info) (chain.Hash, bool, error) {
	v, ok, err := s.get(keyGenesis(c.ID))
	if err != nil || !ok {
		return chain.Hash{}, false, err
	}
	if len(v) != 32 {
		return chain.Hash{}, false, fmt.Errorf("store: %s genesis: %w", c.Name, errCorrupt)
	}
	return chain.Hash(v), true, nil
}

// SetGenesis records the genesis hash of chain c (synced).
func (s *Store) SetGenesis(c chain.Info, h chain.Hash) error {
	return s.db.Set(keyGenesis(c.ID), h[:], pebble.Sync)
}

// BlockHash returns the hash stored with block n of chain c; ok is false
// when the block is not stored, and the hash is zero when its source gave
// none (a file ingest without a blocks file).
func (s *Store) BlockHash(c chain.Info, n uint64) (chain.Hash, bool, error) {
	v, ok, err := s.get(keyBlock(c.ID, n))
	if err != nil || !ok {
		return chain.Hash{}, ok, err
	}
	d := dec{b: v}
	if k := d.byte1(); !isAccountRec(k) && k != recUTXO {
		return chain.Hash{}, false, fmt.Errorf("store: %s block %d: %w", c.Name, n, errCorrupt)
	}
	h, _ := d.header(n)
	if d.err != nil {
		return chain.Hash{}, false, fmt.Errorf("store: %s block %d: %w", c.Name, n, errCorrupt)
	}
	return h.Hash, true, nil
}
