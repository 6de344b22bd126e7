package store

import (
	"errors"
	"testing"

	"github.com/vigil-project/vigil/internal/chain"
)

func btcAddr(i int) []byte { return []byte{'1', 'A', byte('a' + i)} }

// twoBlocks: block 1 mints to A; block 2 spends it to B with change to A,
// one input without a value (resolved from block 1).
func twoBlocks(d *Dict) []chain.UTXOBlock {
	a, b := chain.AddrID(d.Intern(btcAddr(0))), chain.AddrID(d.Intern(btcAddr(1)))
	return []chain.UTXOBlock{
		{Header: chain.BlockHeader{Number: 1, Time: 10}, Txs: []chain.UTXOTx{
			{Hash: hashOf(1), Coinbase: true, Outputs: []chain.UTXOOutput{{Index: 0, Addr: a, Value: 5000000000}}}}},
		{Header: chain.BlockHeader{Number: 2, Time: 20}, Txs: []chain.UTXOTx{
			{Hash: hashOf(2), Coinbase: true, Outputs: []chain.UTXOOutput{{Index: 0, Addr: b, Value: 5000000000}}},
			{Hash: hashOf(3), Index: 1, Inputs: []chain.UTXOInput{{SpentTx: hashOf(1), SpentIndex: 0}},
				Outputs: []chain.UTXOOutput{{Index: 0, Addr: b, Value: 1000000000}, {Index: 1, Addr: a, Value: 3999000000}}}}},
	}
}

func TestUTXOCommitResolvesInputs(t *testing.T) {
	s := openTemp(t)
	d, _ := s.Addresses(btc)
	st, err := s.CommitUTXO(btc, d, twoBlocks(d), nil)
	if err != nil {
		t.Fatal(err)
	}
	if st.Blocks != 2 || st.Txs != 3 || st.Moves != 4 {
		t.Fatalf("stats %+v", st)
	}
	v, err := s.Tx(btc, hashOf(3))
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Inputs) != 1 || v.Inputs[0].Address != string(btcAddr(0)) || v.Inputs[0].Value != 5000000000 || v.Inputs[0].SpentTx != hashOf(1) {
		t.Fatalf("input view %+v", v.Inputs)
	}
	idA, ok, err := d.Lookup(btcAddr(0))
	if err != nil || !ok {
		t.Fatal(ok, err)
	}
	if m := movesOf(t, s, btc, chain.AddrID(idA), chain.Native); m.recv.String() != "8999000000" || m.sent.String() != "5000000000" || m.last != 2 {
		t.Fatalf("moves of A: %+v", m)
	}
	// Idempotent.
	d2, _ := s.Addresses(btc)
	st, err = s.CommitUTXO(btc, d2, twoBlocks(d2), nil)
	if err != nil || st.Unchanged != 2 || st.Blocks != 0 {
		t.Fatalf("re-commit %+v %v", st, err)
	}
}

func TestUTXOInputFromStore(t *testing.T) {
	s := openTemp(t)
	d, _ := s.Addresses(btc)
	blocks := twoBlocks(d)
	if _, err := s.CommitUTXO(btc, d, blocks[:1], nil); err != nil {
		t.Fatal(err)
	}
	d2, _ := s.Addresses(btc)
	blocks = twoBlocks(d2)
	if _, err := s.CommitUTXO(btc, d2, blocks[1:], nil); err != nil {
		t.Fatal(err)
	}
	v, err := s.Tx(btc, hashOf(3))
	if err != nil || v.Inputs[0].Value != 5000000000 || v.Inputs[0].SpentTx != hashOf(1) {
		t.Fatalf("input resolved from store: %+v %v", v.Inputs, err)
	}
}

func TestUTXOUnresolvedInputLeavesStoreUnchanged(t *testing.T) {
	s := openTemp(t)
	d, _ := s.Addresses(btc)
	blocks := twoBlocks(d)
	before := snapshot(t, s)
	_, err := s.CommitUTXO(btc, d, blocks[1:], nil)
	var ue *UnresolvedInputError
	if !errors.As(err, &ue) || ue.Tx != hashOf(3) {
		t.Fatalf("want UnresolvedInputError, got %v", err)
	}
	if snapshot(t, s) != before {
		t.Fatal("failed commit changed the store")
	}
}

func TestUTXOValueMismatch(t *testing.T) {
	s := openTemp(t)
	d, _ := s.Addresses(btc)
	blocks := twoBlocks(d)
	blocks[1].Txs[1].Inputs[0].Value, blocks[1].Txs[1].Inputs[0].HasValue = 7, true
	if _, err := s.CommitUTXO(btc, d, blocks, nil); err == nil {
		t.Fatal("input value disagreeing with the spent output was accepted")
	}
}

func TestUTXORecordRoundTrip(t *testing.T) {
	b := sampleUTXOBlock(9)
	got, err := decodeUTXO(9, encodeUTXO(&b, nil))
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Txs) != 2 || got.Txs[1].Outputs[1].Value != 3999990000 || got.refs[1][0].Block != 9 || !got.Txs[0].Coinbase {
		t.Fatalf("round trip %+v", got)
	}
}

func TestChunkedCommitJournal(t *testing.T) {
	s := openTemp(t)
	var blocks []chain.AccountBlock
	for i := uint64(1); i <= 10; i++ {
		blocks = append(blocks, sampleAccountBlock(i, 3))
	}
	addrs, _ := s.Addresses(eth)
	tokens, _ := s.Tokens(eth)
	internAll(t, addrs, 8)
	tokens.Intern([]byte("tttttttttttttttttttt"))
	calls := 0
	st, err := s.CommitAccount(eth, addrs, tokens, blocks, &CommitOptions{ChunkMoves: 10, Source: "x",
		Progress: func(done, total int) {
			calls++
			if j, _ := s.Interrupted(); (j == nil) != (done == total) {
				t.Errorf("journal present=%v at %d/%d", j != nil, done, total)
			}
		}})
	if err != nil || st.Blocks != 10 || calls < 3 {
		t.Fatalf("chunked commit %+v %v calls %d", st, err, calls)
	}
	cs, _ := s.Stats()
	if cs[0].Counters.Transfers != 40 || cs[0].Counters.Blocks != 10 {
		t.Fatalf("counters %+v", cs[0].Counters)
	}
}
