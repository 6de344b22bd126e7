package store

import (
	"path/filepath"
	"testing"

	"github.com/cockroachdb/pebble/v2"

	"github.com/vigil-project/vigil/internal/chain"
)

// TestRollbackAfterOutOfOrderIngest commits a chain's middle before its
// start (which deletes the dictionary marks: IDs no longer grow with block
// numbers), appends an orphan branch, rolls it back, and compares the
// store with one that ingested the same blocks and never had the branch.
func TestRollbackAfterOutOfOrderIngest(t *testing.T) {
	base, utxos := genChain(1, 0, 40, nil)
	orphan, _ := genChain(2, 40, 25, utxos)
	a, b := openTemp(t), openTemp(t)
	for _, s := range []*Store{a, b} {
		commitValued(t, s, base[:10])
		commitValued(t, s, base[30:])
		commitValued(t, s, base[10:30]) // below the tail: marks dropped
		if marks, _ := s.dictMarksFrom(btc, 0); len(marks) != 0 {
			t.Fatalf("marks after a commit below the tail: %q", marks)
		}
	}
	commitChunks(t, a, orphan, 10)
	if marks, _ := a.dictMarksFrom(btc, 0); len(marks) != 3 {
		t.Fatalf("marks after appending 25 blocks in 10s: %q", marks)
	}
	st, err := a.Rollback(btc, 40)
	if err != nil {
		t.Fatal(err)
	}
	if st.Blocks != 25 || st.Addresses == 0 {
		t.Fatalf("rollback stats %+v", st)
	}
	sameStores(t, "after rollback", a, b)
	if marks, _ := a.dictMarksFrom(btc, 0); len(marks) != 0 {
		t.Fatalf("marks of removed blocks left: %q", marks)
	}
}

// commitValued commits gb in one batch with every input carrying its
// address and value, so blocks can come before the ones they spend from.
func commitValued(t *testing.T, s *Store, gb []genBlock) {
	t.Helper()
	d, err := s.Addresses(btc)
	if err != nil {
		t.Fatal(err)
	}
	blocks := toBlocks(d, gb)
	for i := range blocks {
		for k := range blocks[i].Txs {
			for j := range blocks[i].Txs[k].Inputs {
				in, g := &blocks[i].Txs[k].Inputs[j], gb[i].txs[k].ins[j]
				in.Addr, in.Value, in.HasValue = chain.AddrID(d.Intern([]byte(g.addr))), g.value, true
			}
		}
	}
	if _, err := s.CommitUTXO(btc, d, blocks, nil); err != nil {
		t.Fatal(err)
	}
}

// TestOpenDropsRetiredTotals opens a store holding keys of the per-address
// totals namespace older versions wrote: a writable open deletes them, a
// read-only one leaves the store alone.
func TestOpenDropsRetiredTotals(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "s")
	s, err := Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"S\x01\x00\x00\x00\x01\x00\x00\x00\x00", "S\x01\x00\x00\x00\x02\x00\x00\x00\x00"} {
		if err := s.db.Set([]byte(k), []byte{1, 2, 3}, pebble.Sync); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	count := func(s *Store) int {
		n := 0
		it, _ := s.db.NewIter(iterRange([]byte{nsRetired}))
		for ok := it.First(); ok; ok = it.Next() {
			n++
		}
		it.Close()
		return n
	}
	ro, err := Open(dir, &Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if n := count(ro); n != 2 {
		t.Fatalf("read-only open: %d retired keys, want 2 untouched", n)
	}
	ro.Close()
	rw, err := Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer rw.Close()
	if n := count(rw); n != 0 {
		t.Fatalf("writable open left %d retired keys", n)
	}
}
