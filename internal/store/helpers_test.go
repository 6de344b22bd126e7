package store

import (
	"testing"

	"github.com/vigil-project/vigil/internal/chain"
)

var (
	eth, _ = chain.Lookup("eth")
	btc, _ = chain.Lookup("btc")
)

func hashOf(i int) chain.Hash {
	var h chain.Hash
	h[0], h[1], h[2], h[31] = byte(i), byte(i>>8), byte(i>>16), 0xaa
	return h
}

// sampleAccountBlock makes a block with n transactions, each with a native
// move and a token move, addresses 1..8, asset 1.
func sampleAccountBlock(num uint64, n int) chain.AccountBlock {
	b := chain.AccountBlock{Header: chain.BlockHeader{Number: num, Hash: hashOf(int(num)), Time: 1600000000 + int64(num)},
		Parts: chain.PartTxs | chain.PartTxNative | chain.PartTokens | chain.PartHeader}
	for i := 0; i < n; i++ {
		from, to := chain.AddrID(1+i%8), chain.AddrID(1+(i+3)%8)
		v := chain.U64(uint64(i+1) * 1000000000000000000)
		b.Txs = append(b.Txs, chain.AccountTx{Block: num, Index: uint32(i), Hash: hashOf(int(num)*1000 + i), From: from, To: to, Value: v, Failed: i == 2})
		if i == 2 {
			continue
		}
		b.Transfers = append(b.Transfers,
			chain.AccountTransfer{Block: num, TxIndex: uint32(i), Pos: 0, Kind: chain.KindTx, From: from, To: to, Amount: v},
			chain.AccountTransfer{Block: num, TxIndex: uint32(i), Pos: 1, Kind: chain.KindToken, From: to, To: from, Asset: 1, Amount: chain.U256{5, 1}})
	}
	return b
}

func sampleUTXOBlock(num uint64) utxoBlock {
	b := utxoBlock{UTXOBlock: chain.UTXOBlock{Header: chain.BlockHeader{Number: num, Time: 1231006505}}}
	b.Txs = []chain.UTXOTx{
		{Hash: hashOf(1), Index: 0, Coinbase: true, Outputs: []chain.UTXOOutput{{Index: 0, Addr: 1, Value: 5000000000}}},
		{Hash: hashOf(2), Index: 1, Inputs: []chain.UTXOInput{{SpentTx: hashOf(1), SpentIndex: 0, Addr: 1, Value: 5000000000, HasValue: true}},
			Outputs: []chain.UTXOOutput{{Index: 0, Addr: 2, Value: 1000000000}, {Index: 1, Addr: 0, Value: 3999990000}}},
	}
	b.refs = [][]SpentRef{nil, {{Block: num, TxIndex: 0, Vout: 0}}}
	return b
}

func openTemp(t testing.TB) *Store {
	t.Helper()
	s, err := Open(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// internAll registers addresses 1..n in a dictionary so IDs exist.
func internAll(t testing.TB, d *Dict, n int) {
	t.Helper()
	for i := 1; i <= n; i++ {
		var a [20]byte
		a[19] = byte(i)
		a[0] = byte(i >> 8)
		if id := d.Intern(a[:]); int(id) != i {
			t.Fatalf("intern %d got %d", i, id)
		}
	}
}

// moved is what one address sent and received of one asset in the
// stored blocks (summed by scanning them: the store keeps no totals).
type moved struct {
	recv, sent   chain.Sum
	recvN, sentN int
	first, last  uint64
}

// movesOf scans every stored block of c for the moves of address id in
// asset.
func movesOf(t testing.TB, s *Store, c chain.Info, id chain.AddrID, asset chain.AssetID) moved {
	t.Helper()
	var m moved
	m.first = ^uint64(0)
	touch := func(n uint64) { m.first, m.last = min(m.first, n), max(m.last, n) }
	var err error
	if c.Kind == chain.UTXO {
		err = s.ScanUTXO(c, 0, ^uint64(0), func(b *UTXOBlockView) error {
			for _, tx := range b.Txs {
				for _, in := range tx.Inputs {
					if in.Addr == id {
						m.sent.Add(chain.U64(in.Value))
						m.sentN++
						touch(b.Header.Number)
					}
				}
				for _, o := range tx.Outputs {
					if o.Addr == id {
						m.recv.Add(chain.U64(o.Value))
						m.recvN++
						touch(b.Header.Number)
					}
				}
			}
			return nil
		})
	} else {
		err = s.ScanAccount(c, 0, ^uint64(0), func(b *chain.AccountBlock) error {
			for _, tr := range b.Transfers {
				if tr.Asset != asset {
					continue
				}
				if tr.From == id {
					m.sent.Add(tr.Amount)
					m.sentN++
					touch(b.Header.Number)
				}
				if tr.To == id {
					m.recv.Add(tr.Amount)
					m.recvN++
					touch(b.Header.Number)
				}
			}
			return nil
		})
	}
	if err != nil {
		t.Fatal(err)
	}
	return m
}
