package store

import (
	"reflect"
	"testing"

	"github.com/vigil-project/vigil/internal/chain"
)

func TestScansAndChangeLog(t *testing.T) {
	s := openTemp(t)
	addrs, _ := s.Addresses(eth)
	tokens, _ := s.Tokens(eth)
	internAll(t, addrs, 8)
	tokens.Intern([]byte{19: 0xee})
	var blocks []chain.AccountBlock
	for n := uint64(5); n <= 9; n++ {
		blocks = append(blocks, sampleAccountBlock(n, 6))
	}
	if _, err := s.CommitAccount(eth, addrs, tokens, blocks, nil); err != nil {
		t.Fatal(err)
	}
	if first, last, ok, err := s.BlockRange(eth); err != nil || !ok || first != 5 || last != 9 {
		t.Fatalf("range %d %d %v %v", first, last, ok, err)
	}
	i := 0
	err := s.ScanAccountMoves(eth, 6, 8, func(n uint64, moves []chain.AccountTransfer) error {
		var full []chain.AccountTransfer
		err := s.ScanAccount(eth, n, n, func(b *chain.AccountBlock) error {
			full = append(full, b.Transfers...)
			return nil
		})
		if err != nil || !reflect.DeepEqual(full, moves) {
			t.Errorf("block %d: moves differ from the full decode (%v)", n, err)
		}
		i++
		return nil
	})
	if err != nil || i != 3 {
		t.Fatalf("scanned %d blocks: %v", i, err)
	}
	if h, err := s.TxHashAt(eth, 7, 4); err != nil || h != blocks[2].Txs[4].Hash {
		t.Errorf("TxHashAt: %v %v", h, err)
	}
	if _, err := s.TxHashAt(eth, 70, 0); err != ErrNotFound {
		t.Errorf("TxHashAt of a missing block: %v", err)
	}
	ch, err := s.Changes(eth, 0)
	if err != nil || len(ch) != 1 || ch[0] != (Change{Seq: 1, Lowest: 5, Highest: 9}) {
		t.Fatalf("changes %+v %v", ch, err)
	}
	// The same blocks again change nothing; a replaced block is logged.
	if _, err := s.CommitAccount(eth, addrs, tokens, blocks, nil); err != nil {
		t.Fatal(err)
	}
	blocks[1].Transfers[0].Amount = chain.U64(12345)
	if _, err := s.CommitAccount(eth, addrs, tokens, blocks[1:2], nil); err != nil {
		t.Fatal(err)
	}
	ch, err = s.Changes(eth, 1)
	if err != nil || len(ch) != 1 || ch[0] != (Change{Seq: 2, Lowest: 6, Highest: 6}) {
		t.Fatalf("changes after seq 1: %+v %v", ch, err)
	}
	if seq, _ := s.ChangeSeq(eth); seq != 2 {
		t.Errorf("seq %d", seq)
	}
}
