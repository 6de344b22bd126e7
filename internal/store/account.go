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
	for i := range ts {
		e.byte1(byte(ts[i].Kind))
	}
	for i := range ts {
		e.uvarint(uint64(ts[i].From))
	}
	for i := range ts {
		e.uvarint(uint64(ts[i].To))
	}
	for i := range ts {
		e.uvarint(uint64(ts[i].Asset))
	}
	for i := range ts {
		e.amount(ts[i].Amount)
	}
	return e.b
}

// decodeAccount reads a record written by encodeAccount.
func decodeAccount(n uint64, v []byte) (chain.AccountBlock, error) {
	d := dec{b: v}
	if d.byte1() != recAccount {
		return chain.AccountBlock{}, errCorrupt
	}
	var b chain.AccountBlock
	b.Header, b.Parts = d.header(n)
	nt := d.count()
	txs := make([]chain.AccountTx, nt)
	for i := range txs {
		copy(txs[i].Hash[:], d.raw(32))
		txs[i].Block = n
	}
	prev := uint32(0)
	for i := range txs {
		prev += uint32(d.uvarint())
		txs[i].Index = prev
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
	d.bools(nt, func(i int) { txs[i].Failed = true })
	nf := d.count()
	ts := make([]chain.AccountTransfer, nf)
	for i := range ts {
		ts[i].Block = n
		ts[i].TxIndex = uint32(d.uvarint()) - 1
	}
	for i := range ts {
		ts[i].Pos = uint32(d.uvarint())
	}
	for i := range ts {
		ts[i].Kind = chain.TransferKind(d.byte1())
	}
	for i := range ts {
		ts[i].From = chain.AddrID(d.uvarint())
	}
	for i := range ts {
		ts[i].To = chain.AddrID(d.uvarint())
	}
	for i := range ts {
		ts[i].Asset = chain.AssetID(d.uvarint())
	}
	for i := range ts {
		ts[i].Amount = d.amount()
	}
	if d.err == nil && len(d.b) != 0 {
		d.err = errCorrupt
	}
	b.Txs, b.Transfers = txs, ts
	return b, d.err
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
	out := chain.AccountBlock{Header: old.Header, Parts: old.Parts | nw.Parts}
	if nw.Parts&chain.PartHeader != 0 || old.Parts&chain.PartHeader == 0 {
		out.Header = nw.Header
		if out.Header.Time == 0 {
			out.Header.Time = old.Header.Time
		}
	}
	out.Txs = old.Txs
	if nw.Parts&chain.PartTxs != 0 {
		out.Txs = nw.Txs
	}
	native := pickNative(old, nw, &out.Parts)
	tokens := pick(old, nw, chain.PartTokens, func(k chain.TransferKind) bool { return k == chain.KindToken })
	header := pick(old, nw, chain.PartHeader, func(k chain.TransferKind) bool { return k == chain.KindWithdrawal })
	out.Transfers = orderTransfers(native, tokens, header)
	return out
}

func pickNative(old, nw *chain.AccountBlock, parts *chain.Parts) []chain.AccountTransfer {
	useNew := nw.Parts&chain.PartTraceNative != 0 ||
		(old.Parts&chain.PartTraceNative == 0 && nw.Parts&chain.PartTxNative != 0)
	if useNew {
		if nw.Parts&chain.PartTraceNative != 0 {
			*parts &^= chain.PartTxNative
		}
		return filter(nw.Transfers, isNativeMove)
	}
	if old.Parts&chain.PartTraceNative != 0 {
		*parts &^= chain.PartTxNative
	}
	return filter(old.Transfers, isNativeMove)
}

func pick(old, nw *chain.AccountBlock, part chain.Parts, keep func(chain.TransferKind) bool) []chain.AccountTransfer {
	if nw.Parts&part != 0 {
		return filter(nw.Transfers, keep)
	}
	return filter(old.Transfers, keep)
}

func filter(ts []chain.AccountTransfer, keep func(chain.TransferKind) bool) []chain.AccountTransfer {
	var out []chain.AccountTransfer
	for _, t := range ts {
		if keep(t.Kind) {
			out = append(out, t)
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
	group := func(k chain.TransferKind) int {
		switch {
		case isNativeMove(k):
			return 0
		case k == chain.KindToken:
			return 1
		}
		return 2
	}
	sort.SliceStable(all, func(i, j int) bool {
		a, b := &all[i], &all[j]
		if a.TxIndex != b.TxIndex {
			return a.TxIndex < b.TxIndex
		}
		if ga, gb := group(a.Kind), group(b.Kind); ga != gb {
			return ga < gb
		}
		return a.Pos < b.Pos
	})
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
