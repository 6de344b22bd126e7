package trace_test

import (
	"fmt"
	"testing"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/intel"
	"github.com/vigil-project/vigil/internal/store"
)

// mv is one move of a hand-built test chain: in block blk, transaction
// tx, from address number from to address number to, of token tok (0 =
// ETH), amount amt. Moves of one transaction keep their order, except that
// the store puts native moves before token moves.
type mv struct {
	blk      uint64
	tx       uint32
	from, to int
	tok      int
	amt      uint64
}

// addrOf is the test address with number i.
func addrOf(i int) string { return fmt.Sprintf("0x%040x", i) }

// tokenOf is the contract of test token k.
func tokenOf(k int) string { return fmt.Sprintf("0xee%038x", k) }

var eth, _ = chain.Lookup("eth")

// buildChain commits the moves to a new store.
func buildChain(t *testing.T, moves []mv) *store.Store {
	t.Helper()
	st, err := store.Open(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	addrs, _ := st.Addresses(eth)
	tokens, _ := st.Tokens(eth)
	var blocks []chain.AccountBlock
	for _, m := range moves {
		if len(blocks) == 0 || blocks[len(blocks)-1].Header.Number != m.blk {
			blocks = append(blocks, chain.AccountBlock{Header: chain.BlockHeader{Number: m.blk, Time: 1700000000 + int64(m.blk)},
				Parts: chain.PartTxs | chain.PartTraceNative | chain.PartTokens})
		}
		b := &blocks[len(blocks)-1]
		if n := len(b.Txs); n == 0 || b.Txs[n-1].Index != m.tx {
			b.Txs = append(b.Txs, chain.AccountTx{Block: m.blk, Index: m.tx, Hash: txHash(m.blk, m.tx), From: id(addrs, m.from), To: id(addrs, m.to)})
			b.TxCount++
		}
		tr := chain.AccountTransfer{Block: m.blk, TxIndex: m.tx, Kind: chain.KindInternal, From: id(addrs, m.from), To: id(addrs, m.to), Amount: chain.U64(m.amt)}
		if m.tok != 0 {
			key, _ := store.AddressKey(eth, tokenOf(m.tok))
			tr.Kind, tr.Asset = chain.KindToken, chain.AssetID(tokens.Intern(key))
		}
		b.Transfers = append(b.Transfers, tr)
	}
	for i := range blocks {
		for j := range blocks[i].Transfers {
			blocks[i].Transfers[j].Pos = uint32(j)
		}
	}
	if _, err := st.CommitAccount(eth, addrs, tokens, blocks, nil); err != nil {
		t.Fatal(err)
	}
	return st
}

func id(d *store.Dict, i int) chain.AddrID {
	key, _ := store.AddressKey(eth, addrOf(i))
	return chain.AddrID(d.Intern(key))
}

func txHash(blk uint64, tx uint32) chain.Hash {
	var h chain.Hash
	h[0], h[1], h[31] = byte(blk), byte(tx), 0x77
	return h
}

// labelSet makes labels: address number -> (entity, category).
func labelSet(m map[int][2]string) *intel.Index {
	var ls []intel.Label
	for a, ec := range m {
		ls = append(ls, intel.Label{Chain: "eth", Address: addrOf(a), Entity: ec[0], Category: intel.Category(ec[1]),
			Source: "test", Importer: "csv", Confidence: 50})
	}
	return intel.NewIndex(ls)
}
