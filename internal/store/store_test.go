package store

import (
	"errors"
	"testing"

	"github.com/vigil-project/vigil/internal/chain"
)

func commitEth(t *testing.T, s *Store, blocks ...chain.AccountBlock) CommitStats {
	t.Helper()
	addrs, err := s.Addresses(eth)
	if err != nil {
		t.Fatal(err)
	}
	tokens, err := s.Tokens(eth)
	if err != nil {
		t.Fatal(err)
	}
	internAll(t, addrs, 8)
	tokens.Intern([]byte("tttttttttttttttttttt"))
	st, err := s.CommitAccount(eth, addrs, tokens, blocks, nil)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func TestAccountRecordRoundTrip(t *testing.T) {
	b := sampleAccountBlock(42, 10)
	got, err := decodeAccount(42, encodeAccount(&b, nil))
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Txs) != 10 || len(got.Transfers) != len(b.Transfers) || got.Header != b.Header || got.Parts != b.Parts {
		t.Fatalf("round trip: %+v", got.Header)
	}
	for i := range b.Txs {
		if got.Txs[i] != b.Txs[i] {
			t.Fatalf("tx %d: %+v != %+v", i, got.Txs[i], b.Txs[i])
		}
	}
	for i := range b.Transfers {
		if got.Transfers[i] != b.Transfers[i] {
			t.Fatalf("transfer %d: %+v != %+v", i, got.Transfers[i], b.Transfers[i])
		}
	}
}

func TestCommitIdempotent(t *testing.T) {
	s := openTemp(t)
	blocks := []chain.AccountBlock{sampleAccountBlock(10, 5), sampleAccountBlock(11, 4)}
	st := commitEth(t, s, blocks...)
	if st.Blocks != 2 || st.Txs != 9 || st.Moves != 14 {
		t.Fatalf("first commit: %+v", st)
	}
	before := snapshot(t, s)
	st = commitEth(t, s, blocks...)
	if st.Blocks != 0 || st.Unchanged != 2 {
		t.Fatalf("second commit wrote: %+v", st)
	}
	if after := snapshot(t, s); after != before {
		t.Fatalf("re-ingest changed the store:\n%s\n%s", before, after)
	}
}

func TestCommitMoves(t *testing.T) {
	s := openTemp(t)
	commitEth(t, s, sampleAccountBlock(10, 5))
	// Address 1 sends tx 0 (1 ETH) and nothing else of the native coin.
	m := movesOf(t, s, eth, 1, chain.Native)
	if m.sent.String() != "1000000000000000000" || m.sentN != 1 || m.first != 10 {
		t.Fatalf("moves of address 1: %+v", m)
	}
	if v, _ := s.Stats(); v[0].Addresses != 8 {
		t.Fatalf("addresses: %+v", v)
	}
}

func TestCommitReplaceAdjustsTotals(t *testing.T) {
	s := openTemp(t)
	commitEth(t, s, sampleAccountBlock(10, 5))
	// A newer export of block 10 with traces: native moves replaced.
	nb := sampleAccountBlock(10, 5)
	nb.Parts = chain.PartTraceNative
	var native []chain.AccountTransfer
	for _, tr := range nb.Transfers {
		if tr.Kind == chain.KindTx {
			tr.Amount = chain.U64(1)
			native = append(native, tr)
		}
	}
	nb.Transfers, nb.Txs = native, nil
	st := commitEth(t, s, nb)
	if st.Replaced != 1 {
		t.Fatalf("replace: %+v", st)
	}
	v, _ := s.Stats()
	if v[0].Counters.Txs != 5 || v[0].Counters.Transfers != 8 || v[0].Counters.Blocks != 1 {
		t.Fatalf("counters after replace: %+v", v[0].Counters)
	}
	if m := movesOf(t, s, eth, 1, chain.Native); m.sent.String() != "1" || m.sentN != 1 {
		t.Fatalf("native moves not replaced: %+v", m)
	}
}

func TestMergeKeepsUnsuppliedParts(t *testing.T) {
	old := sampleAccountBlock(3, 4)
	onlyTokens := chain.AccountBlock{Header: chain.BlockHeader{Number: 3}, Parts: chain.PartTokens}
	m := mergeAccount(&old, &onlyTokens)
	if len(m.Txs) != 4 || m.Header != old.Header {
		t.Fatalf("merge lost txs or header: %d %+v", len(m.Txs), m.Header)
	}
	for _, tr := range m.Transfers {
		if tr.Kind == chain.KindToken {
			t.Fatalf("tokens not replaced by the empty token part")
		}
	}
	// Tx-derived native moves never replace trace-derived ones.
	traced := sampleAccountBlock(3, 4)
	traced.Parts = chain.PartTraceNative
	m2 := mergeAccount(&traced, &old)
	if m2.Parts&chain.PartTxNative != 0 {
		t.Fatalf("parts after merge: %b", m2.Parts)
	}
}

func TestStatsAndTx(t *testing.T) {
	s := openTemp(t)
	commitEth(t, s, sampleAccountBlock(10, 5), sampleAccountBlock(12, 2))
	st, err := s.Stats()
	if err != nil || len(st) != 1 {
		t.Fatal(st, err)
	}
	c := st[0].Counters
	if c.Blocks != 2 || c.Txs != 7 || c.FirstBlock != 10 || c.LastBlock != 12 || st[0].Addresses != 8 {
		t.Fatalf("stats %+v addresses %d", c, st[0].Addresses)
	}
	v, err := s.Tx(eth, hashOf(10*1000+2))
	if err != nil || !v.Failed || len(v.Moves) != 0 || v.Block != 10 {
		t.Fatalf("failed tx view: %+v %v", v, err)
	}
	v, err = s.Tx(eth, hashOf(12*1000+1))
	if err != nil || len(v.Moves) != 2 || v.Moves[1].Asset != "eth:0x7474747474747474747474747474747474747474" {
		t.Fatalf("tx view: %+v %v", v, err)
	}
	if _, err := s.Tx(eth, hashOf(999999)); !errors.Is(err, ErrNotFound) {
		t.Fatalf("missing tx: %v", err)
	}
}

func TestReopenKeepsDictionary(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	commitEth(t, s, sampleAccountBlock(1, 3))
	s.Close()
	s, err = Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	d, _ := s.Addresses(eth)
	var a [20]byte
	a[19] = 5
	if id := d.Intern(a[:]); id != 5 {
		t.Fatalf("address 5 got ID %d after reopen", id)
	}
	var fresh [20]byte
	fresh[5] = 9
	if id := d.Intern(fresh[:]); id != 9 {
		t.Fatalf("new address got ID %d, want 9", id)
	}
	if k, err := d.Key(5); err != nil || k[19] != 5 {
		t.Fatalf("key 5: %x %v", k, err)
	}
}

// snapshot renders every key and value of the store.
func snapshot(t *testing.T, s *Store) string {
	t.Helper()
	it, err := s.db.NewIter(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer it.Close()
	out := ""
	for it.First(); it.Valid(); it.Next() {
		out += string(it.Key()) + "=" + string(it.Value()) + "\n"
	}
	return out
}

func TestMergeRemapsTokenOnlyTxs(t *testing.T) {
	full := sampleAccountBlock(7, 4) // txs at indexes 0..3
	// A token-only export of block 7 knows tx 3 only by hash and numbered it 0.
	tokenOnly := chain.AccountBlock{Header: chain.BlockHeader{Number: 7}, Parts: chain.PartTokens,
		Txs:       []chain.AccountTx{{Block: 7, Index: 0, Hash: full.Txs[3].Hash}},
		Transfers: []chain.AccountTransfer{{Block: 7, TxIndex: 0, Kind: chain.KindToken, From: 1, To: 2, Asset: 1, Amount: chain.U64(9)}}}
	var empty chain.AccountBlock
	first := mergeAccount(&empty, &tokenOnly)
	if len(first.Txs) != 1 {
		t.Fatalf("hash-only tx dropped: %+v", first.Txs)
	}
	m := mergeAccount(&first, &full)
	if len(m.Txs) != 4 {
		t.Fatalf("txs after merge: %d", len(m.Txs))
	}
	var tok []chain.AccountTransfer
	for _, tr := range m.Transfers {
		if tr.Kind == chain.KindToken {
			tok = append(tok, tr)
		}
	}
	// full supplies tokens too, so its own tokens win; now the reverse order:
	m2 := mergeAccount(&full, &tokenOnly)
	found := false
	for _, tr := range m2.Transfers {
		if tr.Kind == chain.KindToken {
			if tr.TxIndex != 3 {
				t.Fatalf("token move kept index %d, want 3 (by hash)", tr.TxIndex)
			}
			found = true
		}
	}
	if !found || len(m2.Txs) != 4 || len(tok) == 0 {
		t.Fatalf("merge lost moves: %+v", m2.Transfers)
	}
}
