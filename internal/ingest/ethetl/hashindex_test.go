package ethetl

import (
	"encoding/binary"
	"testing"

	"github.com/vigil-project/vigil/internal/chain"
)

// TestHashIndex puts hashes of several shapes — random-looking, sharing
// their first 8 bytes (same tag and start), sequential — through growth
// and wants every one found at its position and absent hashes not found.
func TestHashIndex(t *testing.T) {
	shapes := map[string]func(i int) chain.Hash{
		"distinct": func(i int) chain.Hash {
			var h chain.Hash
			binary.LittleEndian.PutUint64(h[:], uint64(i)*0x9e3779b97f4a7c15)
			return h
		},
		"shared prefix": func(i int) chain.Hash {
			h := chain.Hash{1, 2, 3, 4, 5, 6, 7, 8}
			binary.LittleEndian.PutUint64(h[24:], uint64(i))
			return h
		},
		"sequential": func(i int) chain.Hash {
			var h chain.Hash
			binary.BigEndian.PutUint64(h[24:], uint64(i))
			return h
		},
	}
	for name, hash := range shapes {
		t.Run(name, func(t *testing.T) {
			const n = 3000
			var x hashIndex
			txs := make([]chain.AccountTx, n)
			for i := range txs {
				txs[i].Hash = hash(i)
				x.put(&txs[i].Hash, int32(i))
			}
			for i := range txs {
				if pos, ok := x.get(&txs[i].Hash, txs); !ok || pos != int32(i) {
					t.Fatalf("hash %d: got %d, %v", i, pos, ok)
				}
			}
			absent := hash(n + 1)
			if pos, ok := x.get(&absent, txs); ok {
				t.Fatalf("absent hash found at %d", pos)
			}
		})
	}
	var empty hashIndex
	if _, ok := empty.get(&chain.Hash{}, nil); ok {
		t.Fatal("found in an empty index")
	}
}
