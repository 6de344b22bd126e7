package store

import (
	"sort"

	"github.com/vigil-project/vigil/internal/chain"
)

// encodeAccount writes an account block as columns: transactions (hashes,
// index deltas, from, to, value, failed bitmap) then transfers (tx index+1,
// pos, kind, from, to, asset, amount). Columns compress better than rows.
func encodeAccount(b *chain.AccountBlock, buf []byte) []byte {
	e := enc{b: buf[:0]}
	e.byte1(recAccount)
	e.header(b.Header, b.Parts)
	txs := b.Txs
	e.uvarint(uint64(len(txs)))
	for i := range txs {
		e.raw(txs[i].Hash[:])
	}
	prev := uint32(0)
	for i := range txs {
		e.uvarint(uint64(txs[i].Index - prev))
		prev = txs[i].Index
	}
	for i := range txs {
		e.uvarint(uint64(txs[i].From))
	}
	for i := range txs {
		e.uvarint(uint64(txs[i].To))
	}
	for i := range txs {
		e.amount(txs[i].Value)
	}
	e.bools(len(txs), func(i int) bool { return txs[i].Failed })
	ts := b.Transfers
	e.uvarint(uint64(len(ts)))
	for i := range ts {
		e.uvarint(uint64(ts[i].TxIndex + 1)) // NoTx+1 == 0
	}
	for i := range ts {
		e.uvarint(uint64(ts[i].Pos))
	}
	kinds := len(e.b) // the kind column, one byte per transfer, says which mirror
	for i := range ts {
		k := byte(ts[i].Kind)
		if mirrors(&ts[i], txs) {
			k |= kindMirror
		}
		e.byte1(k)
	}
	mirror := func(i int) bool { return e.b[kinds+i]&kindMirror != 0 }
	for i := range ts {
		if !mirror(i) {
			e.uvarint(uint64(ts[i].From))
		}
	}
	for i := range ts {
		if !mirror(i) {
			e.uvarint(uint64(ts[i].To))
		}
	}
	for i := range ts {
		if !mirror(i) {
			e.uvarint(uint64(ts[i].Asset))
		}
	}
	for i := range ts {
		if !mirror(i) {
			e.amount(ts[i].Amount)
		}
	}
	return e.b
}

// mirrors reports whether t is a top-level native move equal to its
// transaction's from, to and value (most plain payments): its record
// stores only the kind, with kindMirror.
func mirrors(t *chain.AccountTransfer, txs []chain.AccountTx) bool {
	if t.Kind != chain.KindTx || t.Asset != chain.Native || t.TxIndex == chain.NoTx {
		return false
	}
	tx := txAt(txs, t.TxIndex)
	return tx != nil && tx.From == t.From && tx.To == t.To && tx.Value == t.Amount
}

// txAt returns the transaction of txs (ascending Index) with index idx.
func txAt(txs []chain.AccountTx, idx uint32) *chain.AccountTx {
	i := sort.Search(len(txs), func(i int) bool { return txs[i].Index >= idx })
	if i < len(txs) && txs[i].Index == idx {
		return &txs[i]
	}
	return nil
}

// decodeAccount reads a record written by encodeAccount.
func decodeAccount(n uint64, v []byte) (chain.AccountBlock, error) {
	d := dec{b: v}
	if !isAccountRec(d.byte1()) {
		return chain.AccountBlock{}, errCorrupt
	}
	var b chain.AccountBlock
	b.Header, b.Parts = d.header(n)
	nt := d.count()
	txs := make([]chain.AccountTx, nt)
	for i := range txs {
		copy(txs[i].Hash[:], d.raw(32))
	}
	decodeTxColumns(&d, n, txs)
	ts, err := decodeTransfers(&d, n, nil, txs)
	if err != nil {
		return b, err
	}
	b.Txs, b.Transfers = txs, ts
	return b, nil
}

// decodeTxColumns reads the transaction columns after the hashes (index
// deltas, from, to, value, failed bitmap) into txs, one per transaction;
// every field but Hash is set.
func decodeTxColumns(d *dec, n uint64, txs []chain.AccountTx) {
	prev := uint32(0)
	for i := range txs {
		prev += uint32(d.uvarint())
		txs[i].Block, txs[i].Index, txs[i].Failed = n, prev, false
	}
	for i := range txs {
		txs[i].From = chain.AddrID(d.uvarint())
	}
	for i := range txs {
		txs[i].To = chain.AddrID(d.uvarint())
	}
	for i := range txs {
		txs[i].Value = d.amount()
	}
	d.bools(len(txs), func(i int) { txs[i].Failed = true })
}

// transfer groups, for merging partial re-ingests.
func isNativeMove(k chain.TransferKind) bool {
	return k == chain.KindTx || k == chain.KindInternal || k == chain.KindSelfdestruct || k == chain.KindReward
}

// mergeAccount combines a stored block with newly parsed data for the same
// block. The new data replaces each part it supplies: transactions, native
// moves (moves from traces supersede moves from transactions), token moves,
// and the header (with withdrawals). What it does not supply is kept.
func mergeAccount(old, nw *chain.AccountBlock) chain.AccountBlock {
	if out, ok := adoptAccount(old, nw); ok {
		return out
	}
	return mergeAccountCopy(old, nw)
}

// mergeAccountCopy is mergeAccount's general case: it builds the merged
// block in new slices.
func mergeAccountCopy(old, nw *chain.AccountBlock) chain.AccountBlock {
	out := chain.AccountBlock{Header: old.Header, Parts: old.Parts | nw.Parts}
	if nw.Parts&chain.PartHeader != 0 || old.Parts&chain.PartHeader == 0 {
		out.Header = nw.Header
		if out.Header.Time == 0 {
			out.Header.Time = old.Header.Time
		}
	}
	out.Txs = pickTxs(old, nw)
	ix := newTxIndex(out.Txs)
	native, src := pickNative(old, nw, &out.Parts)
	native = ix.remap(native, src)
	tokens, src := pick(old, nw, chain.PartTokens, func(k chain.TransferKind) bool { return k == chain.KindToken })
	tokens = ix.remap(tokens, src)
	header, _ := pick(old, nw, chain.PartHeader, func(k chain.TransferKind) bool { return k == chain.KindWithdrawal })
	out.Transfers = orderTransfers(native, tokens, header)
	out.Txs = ix.txs
	if !sort.SliceIsSorted(out.Txs, func(i, j int) bool { return out.Txs[i].Index < out.Txs[j].Index }) {
		out.Txs = append([]chain.AccountTx(nil), out.Txs...)
		sort.Slice(out.Txs, func(i, j int) bool { return out.Txs[i].Index < out.Txs[j].Index })
	}
	return out
}

// pickTxs chooses the transaction list: a full list (PartTxs) from the new
// data, else the stored one, else the hash-only list a source without
// transactions.csv gives (token transfers name their transaction by hash).
func pickTxs(old, nw *chain.AccountBlock) []chain.AccountTx {
	switch {
	case nw.Parts&chain.PartTxs != 0:
		return nw.Txs
	case old.Parts&chain.PartTxs != 0 || len(nw.Txs) == 0:
		return old.Txs
	}
	return nw.Txs
}

// txIndex re-numbers moves onto the merged transaction list by hash: the
// two sources of a merge may number transactions differently (a token-only
// export cannot know positions). A move whose transaction is missing adds a
// hash-only entry.
type txIndex struct {
	txs    []chain.AccountTx
	byHash map[chain.Hash]uint32
	next   uint32
}

func newTxIndex(txs []chain.AccountTx) *txIndex {
	return &txIndex{txs: txs}
}

func (ix *txIndex) remap(ts []chain.AccountTransfer, src *chain.AccountBlock) []chain.AccountTransfer {
	if len(src.Txs) == 0 || len(ix.txs) > 0 && &src.Txs[0] == &ix.txs[0] {
		return ts // same numbering
	}
	if ix.byHash == nil {
		ix.byHash = make(map[chain.Hash]uint32, len(ix.txs))
		for _, tx := range ix.txs {
			ix.byHash[tx.Hash] = tx.Index
			ix.next = max(ix.next, tx.Index+1)
		}
	}
	srcHash := make(map[uint32]chain.Hash, len(src.Txs))
	for _, tx := range src.Txs {
		srcHash[tx.Index] = tx.Hash
	}
	for i := range ts {
		h, ok := srcHash[ts[i].TxIndex]
		if ts[i].TxIndex == chain.NoTx || !ok {
			continue
		}
		idx, found := ix.byHash[h]
		if !found {
			idx = ix.next
			ix.next++
			ix.byHash[h] = idx
			ix.txs = append(ix.txs, chain.AccountTx{Block: ts[i].Block, Index: idx, Hash: h})
		}
		ts[i].TxIndex = idx
	}
	return ts
}

func pickNative(old, nw *chain.AccountBlock, parts *chain.Parts) ([]chain.AccountTransfer, *chain.AccountBlock) {
	useNew := nw.Parts&chain.PartTraceNative != 0 ||
		(old.Parts&chain.PartTraceNative == 0 && nw.Parts&chain.PartTxNative != 0)
	if useNew {
		if nw.Parts&chain.PartTraceNative != 0 {
			*parts &^= chain.PartTxNative
		}
		return filter(nw.Transfers, isNativeMove), nw
	}
	if old.Parts&chain.PartTraceNative != 0 {
		*parts &^= chain.PartTxNative
	}
	return filter(old.Transfers, isNativeMove), old
}

func pick(old, nw *chain.AccountBlock, part chain.Parts, keep func(chain.TransferKind) bool) ([]chain.AccountTransfer, *chain.AccountBlock) {
	if nw.Parts&part != 0 {
		return filter(nw.Transfers, keep), nw
	}
	return filter(old.Transfers, keep), old
}

func filter(ts []chain.AccountTransfer, keep func(chain.TransferKind) bool) []chain.AccountTransfer {
	n := 0
	for i := range ts {
		if keep(ts[i].Kind) {
			n++
		}
	}
	if n == 0 {
		return nil
	}
	out := make([]chain.AccountTransfer, 0, n)
	for i := range ts {
		if keep(ts[i].Kind) {
			out = append(out, ts[i])
		}
	}
	return out
}

// orderTransfers merges the groups in block order: by transaction, native
// moves before token moves inside a transaction, moves outside transactions
// last; Pos is renumbered 0.. within each transaction.
func orderTransfers(native, tokens, header []chain.AccountTransfer) []chain.AccountTransfer {
	all := make([]chain.AccountTransfer, 0, len(native)+len(tokens)+len(header))
	all = append(append(append(all, native...), tokens...), header...)
	less := func(i, j int) bool {
		a, b := &all[i], &all[j]
		if a.TxIndex != b.TxIndex {
			return a.TxIndex < b.TxIndex
		}
		if ga, gb := moveGroup(a.Kind), moveGroup(b.Kind); ga != gb {
			return ga < gb
		}
		return a.Pos < b.Pos
	}
	if !sort.SliceIsSorted(all, less) { // parsers give most blocks in order
		sort.SliceStable(all, less)
	}
	pos, tx := uint32(0), ^uint32(0)
	for i := range all {
		if i == 0 || all[i].TxIndex != tx {
			tx, pos = all[i].TxIndex, 0
		}
		all[i].Pos = pos
		pos++
	}
	return all
}
