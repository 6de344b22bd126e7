package store

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/vigil-project/vigil/internal/chain"
)

// genOut is an unspent output of the generated chain.
type genOut struct {
	tx    chain.Hash
	vout  uint32
	addr  string
	value uint64
}

// genChain makes n UTXO blocks from start with coinbases and payments with
// change that spend earlier outputs, over a pool of addresses that grows
// (so later blocks bring new addresses) and some OP_RETURN outputs. Blocks
// carry address strings in addrs[block][...] order of appearance, resolved
// to IDs by intern at commit time.
type genBlock struct {
	num  uint64
	txs  []genTx
	hash chain.Hash
}

type genTx struct {
	hash chain.Hash
	ins  []genOut
	outs []genOut
}

func genChain(seed uint64, start, n uint64, utxos []genOut) ([]genBlock, []genOut) {
	r := rand.New(rand.NewPCG(seed, 7))
	utxos = append([]genOut(nil), utxos...)
	var out []genBlock
	for num := start; num < start+n; num++ {
		b := genBlock{num: num, hash: hashOf(int(seed*100000 + num))}
		cb := genTx{hash: hashOf(int(seed*1000000 + num*100))}
		cb.outs = []genOut{{tx: cb.hash, addr: fmt.Sprintf("1miner%d", r.IntN(3)), value: 5000000000}}
		b.txs = append(b.txs, cb)
		for k := 0; k < r.IntN(4) && len(utxos) > 0; k++ {
			tx := genTx{hash: hashOf(int(seed*1000000 + num*100 + uint64(k) + 1))}
			var total uint64
			for j := 0; j < 1+r.IntN(2) && len(utxos) > 0; j++ {
				i := r.IntN(len(utxos))
				tx.ins = append(tx.ins, utxos[i])
				total += utxos[i].value
				utxos = append(utxos[:i], utxos[i+1:]...)
			}
			pay := total / uint64(2+r.IntN(3))
			tx.outs = []genOut{
				{addr: fmt.Sprintf("1pay%d", r.IntN(int(num)+5)), value: pay},
				{addr: fmt.Sprintf("1change%d", num*10+uint64(k)), value: total - pay - 1000},
			}
			if r.IntN(3) == 0 {
				tx.outs = append(tx.outs, genOut{value: 0}) // OP_RETURN
			}
			for j := range tx.outs {
				tx.outs[j].tx, tx.outs[j].vout = tx.hash, uint32(j)
			}
			b.txs = append(b.txs, tx)
		}
		for _, tx := range b.txs {
			for _, o := range tx.outs {
				if o.addr != "" {
					utxos = append(utxos, o)
				}
			}
		}
		out = append(out, b)
	}
	return out, utxos
}

// toBlocks interns the generated blocks in d; every other input leaves its
// value for the store to resolve.
func toBlocks(d *Dict, gb []genBlock) []chain.UTXOBlock {
	id := func(a string) chain.AddrID {
		if a == "" {
			return chain.NoAddr
		}
		return chain.AddrID(d.Intern([]byte(a)))
	}
	var out []chain.UTXOBlock
	for _, g := range gb {
		b := chain.UTXOBlock{Header: chain.BlockHeader{Number: g.num, Hash: g.hash, Time: 1600000000 + int64(g.num)}}
		for i, t := range g.txs {
			tx := chain.UTXOTx{Hash: t.hash, Index: uint32(i), Coinbase: i == 0}
			for j, in := range t.ins {
				ci := chain.UTXOInput{SpentTx: in.tx, SpentIndex: in.vout}
				if j%2 == 0 {
					ci.Addr, ci.Value, ci.HasValue = id(in.addr), in.value, true
				}
				tx.Inputs = append(tx.Inputs, ci)
			}
			for _, o := range t.outs {
				tx.Outputs = append(tx.Outputs, chain.UTXOOutput{Index: o.vout, Addr: id(o.addr), Value: o.value})
			}
			b.Txs = append(b.Txs, tx)
		}
		out = append(out, b)
	}
	return out
}

// commitChunks commits blocks in chunks of k, as a follower does.
func commitChunks(t *testing.T, s *Store, gb []genBlock, k int) {
	t.Helper()
	for lo := 0; lo < len(gb); lo += k {
		d, err := s.Addresses(btc)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.CommitUTXO(btc, d, toBlocks(d, gb[lo:min(lo+k, len(gb))]), nil); err != nil {
			t.Fatal(err)
		}
	}
}

// dump lists every key and value of the store but the change log and the
// dictionary marks, which record history (a rollback adds a change entry;
// marks fall where commit batches ended).
func dump(t *testing.T, s *Store) map[string][]byte {
	t.Helper()
	it, err := s.db.NewIter(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer it.Close()
	out := map[string][]byte{}
	for ok := it.First(); ok; ok = it.Next() {
		if it.Key()[0] == nsChanges || it.Key()[0] == nsDictMark {
			continue
		}
		out[string(it.Key())] = append([]byte(nil), it.Value()...)
	}
	return out
}

func sameStores(t *testing.T, what string, a, b *Store) {
	t.Helper()
	da, db := dump(t, a), dump(t, b)
	t.Logf("%s: %d keys", what, len(da))
	for k, v := range da {
		if w, ok := db[k]; !ok || !bytes.Equal(v, w) {
			t.Errorf("%s: key %q: rolled back %x, never had %x (present %v)", what, k, v, w, ok)
		}
	}
	for k := range db {
		if _, ok := da[k]; !ok {
			t.Errorf("%s: key %q missing after rollback", what, k)
		}
	}
}

// TestRollbackUTXOEqualsNeverIngested rolls back the last blocks of a
// generated chain and compares every key with a store that never had them;
// then both ingest another branch and are compared again.
func TestRollbackUTXOEqualsNeverIngested(t *testing.T) {
	base, utxos := genChain(1, 0, 40, nil)
	orphan, _ := genChain(2, 40, 25, utxos)
	branch, _ := genChain(3, 40, 30, utxos)
	for _, cut := range []int{0, 13, 40} {
		t.Run(fmt.Sprint("from", cut), func(t *testing.T) {
			a, b := openTemp(t), openTemp(t)
			all := append(append([]genBlock(nil), base...), orphan...)
			commitChunks(t, a, all, 7)
			commitChunks(t, b, base[:cut], 7)
			seq, _ := a.ChangeSeq(btc)
			st, err := a.Rollback(btc, uint64(cut))
			if err != nil {
				t.Fatal(err)
			}
			if st.Blocks != len(all)-cut || st.Addresses == 0 {
				t.Fatalf("rollback stats %+v", st)
			}
			if ch, _ := a.Changes(btc, seq); len(ch) != 1 || ch[0].Lowest != uint64(cut) || ch[0].Highest != uint64(len(all)-1) {
				t.Fatalf("change log after rollback: %+v", ch)
			}
			sameStores(t, "after rollback", a, b)
			if cut == 40 {
				commitChunks(t, a, branch, 4)
				commitChunks(t, b, branch, 4)
				sameStores(t, "after the new branch", a, b)
			}
		})
	}
}

func TestRollbackAboveTipDoesNothing(t *testing.T) {
	s := openTemp(t)
	base, _ := genChain(1, 0, 5, nil)
	commitChunks(t, s, base, 5)
	before := dump(t, s)
	if st, err := s.Rollback(btc, 5); err != nil || st.Blocks != 0 {
		t.Fatalf("rollback above tip: %+v %v", st, err)
	}
	if len(dump(t, s)) != len(before) {
		t.Fatal("store changed")
	}
}

// TestRollbackAccount rolls back account blocks (totals of several assets,
// counters, tx index) and compares with a store that never had them; the
// dictionaries are the same in both (all addresses interned up front).
func TestRollbackAccount(t *testing.T) {
	a, b := openTemp(t), openTemp(t)
	for _, s := range []*Store{a, b} {
		d, _ := s.Addresses(eth)
		internAll(t, d, 8)
		tk, _ := s.Tokens(eth)
		tk.Intern(bytes.Repeat([]byte{9}, 20))
		if _, err := s.CommitAccount(eth, d, tk, nil, nil); err != nil {
			t.Fatal(err)
		}
	}
	commit := func(s *Store, lo, hi uint64) {
		d, _ := s.Addresses(eth)
		tk, _ := s.Tokens(eth)
		var blocks []chain.AccountBlock
		for n := lo; n <= hi; n++ {
			blocks = append(blocks, sampleAccountBlock(n, 2+int(n%5)))
		}
		if _, err := s.CommitAccount(eth, d, tk, blocks, nil); err != nil {
			t.Fatal(err)
		}
	}
	commit(a, 100, 109)
	commit(b, 100, 104)
	if _, err := a.Rollback(eth, 105); err != nil {
		t.Fatal(err)
	}
	sameStores(t, "account rollback", a, b)
	if _, err := a.Tx(eth, hashOf(107*1000)); err == nil {
		t.Fatal("tx of a removed block still found")
	}
}
