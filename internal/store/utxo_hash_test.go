package store

import (
	"errors"
	"reflect"
	"testing"

	"github.com/vigil-project/vigil/internal/chain"
)

func TestUTXOTxHashes(t *testing.T) {
	s := openTemp(t)
	d, _ := s.Addresses(btc)
	if _, err := s.CommitUTXO(btc, d, twoBlocks(d), nil); err != nil {
		t.Fatal(err)
	}
	hs, idx, err := s.UTXOTxHashes(btc, 2)
	if err != nil || !reflect.DeepEqual(hs, []chain.Hash{hashOf(2), hashOf(3)}) || !reflect.DeepEqual(idx, []uint32{0, 1}) {
		t.Fatalf("block 2: %v %v %v", hs, idx, err)
	}
	if _, _, err := s.UTXOTxHashes(btc, 7); !errors.Is(err, ErrNotFound) {
		t.Fatalf("missing block: %v", err)
	}
	if _, _, err := s.UTXOTxHashes(eth, 1); err == nil {
		t.Fatal("account chain accepted")
	}
}
