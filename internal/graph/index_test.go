package graph_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/graph"
	"github.com/vigil-project/vigil/internal/store"
)

var eth, _ = chain.Lookup("eth")

// blocks makes blocks lo..hi with n moves each between addresses 1..8;
// salt changes the amounts (a re-ingest with other content).
func blocks(lo, hi uint64, n int, salt uint64) []chain.AccountBlock {
	var out []chain.AccountBlock
	for b := lo; b <= hi; b++ {
		blk := chain.AccountBlock{Header: chain.BlockHeader{Number: b}, Parts: chain.PartTxs | chain.PartTraceNative | chain.PartTokens}
		for i := 0; i < n; i++ {
			h := chain.Hash{byte(b), byte(b >> 8), byte(i), 1}
			from, to := chain.AddrID(1+(int(b)+i)%8), chain.AddrID(1+(int(b)+3*i+1)%8)
			blk.Txs = append(blk.Txs, chain.AccountTx{Block: b, Index: uint32(i), Hash: h, From: from, To: to})
			amt := chain.U256{b*1000 + uint64(i) + salt, uint64(i % 2)} // some above 64 bits
			if i == 3 {
				amt[3] = 1 // one above 128 bits
			}
			blk.Transfers = append(blk.Transfers, chain.AccountTransfer{Block: b, TxIndex: uint32(i), Kind: chain.KindInternal, From: from, To: to, Amount: amt})
		}
		blk.TxCount = n
		out = append(out, blk)
	}
	return out
}

func commit(t *testing.T, st *store.Store, bs []chain.AccountBlock) {
	t.Helper()
	addrs, _ := st.Addresses(eth)
	tokens, _ := st.Tokens(eth)
	for i := 1; i <= 8; i++ {
		addrs.Intern([]byte{19: byte(i)})
	}
	if _, err := st.CommitAccount(eth, addrs, tokens, bs, nil); err != nil {
		t.Fatal(err)
	}
}

// check compares the index with a fresh in-memory build from the store.
func check(t *testing.T, st *store.Store, x *graph.Index) {
	t.Helper()
	want, err := graph.Build(st, eth, 0, ^uint64(0))
	if err != nil {
		t.Fatal(err)
	}
	if x.Rows != want.Len() {
		t.Fatalf("rows %d, want %d", x.Rows, want.Len())
	}
	for r := 0; r < want.Len(); r++ {
		s, lr := x.Seg(uint32(r))
		if s.From[lr] != want.From[r] || s.To[lr] != want.To[r] || s.Block[lr] != want.Block[r] ||
			s.Tx[lr] != want.Tx[r] || s.Amount(lr) != want.Amount(uint32(r)) {
			t.Fatalf("row %d differs", r)
		}
	}
	for a := uint32(0); a < want.NAddr; a++ {
		var out []uint32
		for i, s := range x.Segs {
			for _, r := range s.Out(a) {
				out = append(out, x.Base[i]+r)
			}
		}
		if len(out) != len(want.Out(a)) {
			t.Fatalf("address %d: %d out rows, want %d", a, len(out), len(want.Out(a)))
		}
		for i := range out {
			if out[i] != want.Out(a)[i] {
				t.Fatalf("address %d out row %d: %d, want %d", a, i, out[i], want.Out(a)[i])
			}
		}
	}
}

func open(t *testing.T, st *store.Store, wantBuilt string) *graph.Index {
	t.Helper()
	x, err := graph.Open(st, eth)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { x.Close() })
	if x.Built != wantBuilt {
		t.Errorf("Open did %q, want %q", x.Built, wantBuilt)
	}
	check(t, st, x)
	return x
}

func TestIncremental(t *testing.T) {
	st, err := store.Open(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	commit(t, st, blocks(10, 19, 5, 0))
	open(t, st, "appended")
	open(t, st, "fresh")
	commit(t, st, blocks(20, 24, 5, 0)) // new blocks: one more segment
	if x := open(t, st, "appended"); len(x.Segs) != 2 {
		t.Errorf("%d segments, want 2", len(x.Segs))
	}
	commit(t, st, blocks(20, 24, 5, 0)) // same data again: nothing changes
	open(t, st, "fresh")
	commit(t, st, blocks(15, 16, 7, 9)) // older blocks replaced: rebuild from 10
	if x := open(t, st, "rebuilt"); len(x.Segs) != 1 {
		t.Errorf("%d segments, want 1", len(x.Segs))
	}
	files, _ := filepath.Glob(filepath.Join(st.Dir(), "graph", "eth", "seg-*"))
	if len(files) != 1 {
		t.Errorf("old segment files left: %v", files)
	}
}

func TestManySegments(t *testing.T) {
	st, err := store.Open(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for i := uint64(0); i <= graph.MaxSegments; i++ {
		commit(t, st, blocks(10+i, 10+i, 3, 0))
		x, err := graph.Open(st, eth)
		if err != nil {
			t.Fatal(err)
		}
		if len(x.Segs) > graph.MaxSegments {
			t.Fatalf("%d segments", len(x.Segs))
		}
		x.Close()
	}
	open(t, st, "fresh")
}

func TestCorruptSegment(t *testing.T) {
	st, err := store.Open(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	commit(t, st, blocks(1, 3, 4, 0))
	x := open(t, st, "appended")
	x.Close()
	files, _ := filepath.Glob(filepath.Join(st.Dir(), "graph", "eth", "seg-*"))
	if len(files) != 1 {
		t.Fatalf("files %v", files)
	}
	b, _ := os.ReadFile(files[0])
	if err := os.WriteFile(files[0], b[:len(b)-9], 0o644); err != nil {
		t.Fatal(err)
	}
	open(t, st, "rebuilt") // a damaged index is rebuilt from the store
}
