package store

import (
	"math/big"
	"testing"

	"github.com/vigil-project/vigil/internal/chain"
)

// TestBulkTotalsMatchNaive commits enough moves for the bulk paths (table
// ingest, parallel totals) and compares every total with a naive replay.
func TestBulkTotalsMatchNaive(t *testing.T) {
	const nAddr = 30000
	blocks := synthBlocks(300000, 150, nAddr, 3)
	type key struct{ addr, asset uint32 }
	recv, sent := map[key]*big.Int{}, map[key]*big.Int{}
	add := func(m map[key]*big.Int, k key, v chain.U256) {
		if m[k] == nil {
			m[k] = new(big.Int)
		}
		m[k].Add(m[k], v.Big())
	}
	for _, b := range blocks {
		for _, tr := range b.Transfers {
			add(sent, key{uint32(tr.From), uint32(tr.Asset)}, tr.Amount)
			add(recv, key{uint32(tr.To), uint32(tr.Asset)}, tr.Amount)
		}
	}
	s := openTemp(t)
	addrs, _ := s.Addresses(eth)
	tokens, _ := s.Tokens(eth)
	for i := 1; i <= nAddr; i++ {
		var a [20]byte
		a[16], a[17], a[18], a[19] = byte(i>>24), byte(i>>16), byte(i>>8), byte(i)
		addrs.Intern(a[:])
	}
	for i := 1; i <= 20; i++ {
		tokens.Intern([]byte{byte(i), 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19})
	}
	if _, err := s.CommitAccount(eth, addrs, tokens, blocks, nil); err != nil {
		t.Fatal(err)
	}
	for id := uint32(1); id <= nAddr; id += 97 {
		v, ok, err := s.get(keyAgg(eth.ID, id, 0))
		if err != nil {
			t.Fatal(err)
		}
		k := key{id, 0}
		if !ok {
			if recv[k] != nil || sent[k] != nil {
				t.Fatalf("address %d: totals missing", id)
			}
			continue
		}
		tot, _ := decodeTotals(v)
		want := func(m map[key]*big.Int) string {
			if m[k] == nil {
				return "0"
			}
			return m[k].String()
		}
		if tot.Received.String() != want(recv) || tot.Sent.String() != want(sent) {
			t.Fatalf("address %d: got recv %s sent %s, want %s %s", id, tot.Received, tot.Sent, want(recv), want(sent))
		}
	}
}
