package store

import (
	"encoding/binary"
	"fmt"
	"sort"

	"github.com/vigil-project/vigil/internal/chain"
)

// UnresolvedInputError reports an input whose spent output is neither in
// the store nor in the same input, while the input itself carries no value.
type UnresolvedInputError struct {
	Tx    chain.Hash
	Input int
	Spent chain.Hash
	Vout  uint32
	Why   string
}

// Error describes the input and the output it spends.
func (e *UnresolvedInputError) Error() string {
	return fmt.Sprintf("tx %s input %d spends %s:%d: %s", e.Tx.Hex(), e.Input, e.Spent.Hex(), e.Vout, e.Why)
}

// CommitUTXO stores parsed blocks of a UTXO chain. Inputs are linked to the
// outputs they spend (in this input or the store); an input without a value
// must spend a known output. A stored block with other content is replaced.
func (s *Store) CommitUTXO(c chain.Info, addrs *Dict, blocks []chain.UTXOBlock, o *CommitOptions) (CommitStats, error) {
	cm, err := s.newCommitter(c, o, addrs)
	if err != nil {
		return CommitStats{}, err
	}
	defer cm.abort()
	moves := 0
	for i := range blocks {
		for j := range blocks[i].Txs {
			moves += len(blocks[i].Txs[j].Inputs) + len(blocks[i].Txs[j].Outputs)
		}
	}
	cm.sizeFor(moves)
	r := newResolver(s, c, blocks, cm.hasData)
	resolved := make([]utxoBlock, len(blocks))
	for i := range blocks {
		if resolved[i], err = r.resolve(&blocks[i]); err != nil {
			return cm.stats, err
		}
	}
	var hashes, oldHashes []chain.Hash
	for i := range resolved {
		b := &resolved[i]
		n := b.Header.Number
		oldRec, err := cm.old(n)
		if err != nil {
			return cm.stats, err
		}
		var old utxoBlock
		if oldRec != nil {
			if old, err = decodeUTXO(n, oldRec); err != nil {
				return cm.stats, err
			}
		}
		cm.buf = encodeUTXO(b, cm.buf)
		hashes = utxoHashes(b.Txs, hashes)
		oldHashes = utxoHashes(old.Txs, oldHashes)
		wrote, err := cm.put(n, cm.buf, oldRec, hashes, oldHashes)
		if err != nil {
			return cm.stats, err
		}
		if wrote {
			cm.utxoCount(&old, -1)
			cm.utxoCount(b, +1)
		}
		if err := cm.maybeFlush(i+1, len(blocks), i == len(blocks)-1); err != nil {
			return cm.stats, err
		}
	}
	if len(blocks) == 0 {
		return cm.stats, cm.flush(true)
	}
	return cm.stats, nil
}

func utxoHashes(txs []chain.UTXOTx, buf []chain.Hash) []chain.Hash {
	buf = buf[:0]
	for i := range txs {
		buf = append(buf, txs[i].Hash)
	}
	return buf
}

// utxoCount counts a block as count does: its outputs are the moves (its
// inputs also weigh on the batch size).
func (cm *committer) utxoCount(b *utxoBlock, sign int64) {
	outs, ins := 0, 0
	for i := range b.Txs {
		outs += len(b.Txs[i].Outputs)
		ins += len(b.Txs[i].Inputs)
	}
	cm.count(len(b.Txs), outs, sign)
	if sign > 0 {
		cm.moves += ins
	}
}

// txLoc is where a transaction sits.
type txLoc struct {
	block uint64
	index uint32
	tx    *chain.UTXOTx // set for transactions of this input
}

// resolver links inputs to spent outputs.
type resolver struct {
	s       *Store
	c       chain.Info
	local   map[chain.Hash]txLoc
	useDB   bool
	decoded map[uint64]*utxoBlock
}

func newResolver(s *Store, c chain.Info, blocks []chain.UTXOBlock, useDB bool) *resolver {
	n := 0
	for i := range blocks {
		n += len(blocks[i].Txs)
	}
	r := &resolver{s: s, c: c, local: make(map[chain.Hash]txLoc, n), useDB: useDB, decoded: map[uint64]*utxoBlock{}}
	for i := range blocks {
		for j := range blocks[i].Txs {
			tx := &blocks[i].Txs[j]
			r.local[tx.Hash] = txLoc{block: blocks[i].Header.Number, index: tx.Index, tx: tx}
		}
	}
	return r
}

func (r *resolver) resolve(b *chain.UTXOBlock) (utxoBlock, error) {
	out := utxoBlock{UTXOBlock: *b, refs: make([][]SpentRef, len(b.Txs))}
	for i := range b.Txs {
		tx := &b.Txs[i]
		refs := make([]SpentRef, len(tx.Inputs))
		for j := range tx.Inputs {
			in := &tx.Inputs[j]
			ref, spent, err := r.locate(in.SpentTx, in.SpentIndex)
			if err != nil {
				return out, err
			}
			refs[j] = ref
			if err := fill(in, spent, tx.Hash, j); err != nil {
				return out, err
			}
		}
		out.refs[i] = refs
	}
	return out, nil
}

// fill completes an input from its spent output, or checks they agree.
func fill(in *chain.UTXOInput, spent *chain.UTXOOutput, tx chain.Hash, j int) error {
	bad := func(why string) error {
		return &UnresolvedInputError{Tx: tx, Input: j, Spent: in.SpentTx, Vout: in.SpentIndex, Why: why}
	}
	if spent == nil {
		if !in.HasValue {
			return bad("the input has no value and the spent output is not in the store (ingest the earlier blocks first)")
		}
		return nil
	}
	if !in.HasValue {
		in.Addr, in.Value, in.HasValue = spent.Addr, spent.Value, true
		return nil
	}
	if in.Value != spent.Value {
		return bad(fmt.Sprintf("input value %d differs from the spent output's %d", in.Value, spent.Value))
	}
	if in.Addr == chain.NoAddr {
		in.Addr = spent.Addr
	}
	return nil
}

// locate finds the spent output (nil when unknown) and its reference.
func (r *resolver) locate(h chain.Hash, vout uint32) (SpentRef, *chain.UTXOOutput, error) {
	ext := SpentRef{External: true, Hash: h, Vout: vout}
	if loc, ok := r.local[h]; ok {
		return SpentRef{Block: loc.block, TxIndex: loc.index, Vout: vout}, output(loc.tx, vout), nil
	}
	if !r.useDB {
		return ext, nil, nil
	}
	v, ok, err := r.s.get(keyTx(r.c.ID, h))
	if err != nil || !ok {
		return ext, nil, err
	}
	blk, k := binary.Uvarint(v)
	pos, k2 := binary.Uvarint(v[max(k, 0):])
	if k <= 0 || k2 <= 0 {
		return ext, nil, errCorrupt
	}
	b, err := r.block(blk)
	if err != nil {
		return ext, nil, err
	}
	if int(pos) >= len(b.Txs) {
		return ext, nil, errCorrupt
	}
	tx := &b.Txs[pos]
	return SpentRef{Block: blk, TxIndex: tx.Index, Vout: vout}, output(tx, vout), nil
}

func (r *resolver) block(n uint64) (*utxoBlock, error) {
	if b, ok := r.decoded[n]; ok {
		return b, nil
	}
	v, ok, err := r.s.get(keyBlock(r.c.ID, n))
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, errCorrupt
	}
	b, err := decodeUTXO(n, v)
	if err != nil {
		return nil, err
	}
	if len(r.decoded) > 256 {
		clear(r.decoded)
	}
	r.decoded[n] = &b
	return &b, nil
}

func output(tx *chain.UTXOTx, vout uint32) *chain.UTXOOutput {
	outs := tx.Outputs
	i := sort.Search(len(outs), func(i int) bool { return outs[i].Index >= vout })
	if i < len(outs) && outs[i].Index == vout {
		return &outs[i]
	}
	return nil
}
