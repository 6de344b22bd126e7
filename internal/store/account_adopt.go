package store

import "github.com/vigil-project/vigil/internal/chain"

// adoptAccount is mergeAccount's case of a block not stored before (the
// bulk of any first ingest): when the merge would only copy nw's slices —
// every move is one of a part nw supplies, transactions are sorted by
// index, moves are in orderTransfers' order with positions numbered from 0
// in each transaction — it returns a block sharing them, without copying
// two slices per block. Otherwise it reports false.
func adoptAccount(old, nw *chain.AccountBlock) (chain.AccountBlock, bool) {
	if old.Parts != 0 || len(old.Txs) != 0 || len(old.Transfers) != 0 || old.Header != (chain.BlockHeader{}) {
		return chain.AccountBlock{}, false
	}
	parts := nw.Parts
	native := parts&(chain.PartTraceNative|chain.PartTxNative) != 0
	if parts&chain.PartTraceNative != 0 {
		parts &^= chain.PartTxNative
	}
	if !sortedTxs(nw.Txs) || !canonicalMoves(nw.Transfers, native, nw.Parts) {
		return chain.AccountBlock{}, false
	}
	return chain.AccountBlock{Header: nw.Header, Parts: parts, Txs: nw.Txs, Transfers: nw.Transfers}, true
}

// sortedTxs reports whether txs are in strictly increasing index order.
func sortedTxs(txs []chain.AccountTx) bool {
	for i := 1; i < len(txs); i++ {
		if txs[i].Index <= txs[i-1].Index {
			return false
		}
	}
	return true
}

// canonicalMoves reports whether mergeAccountCopy would keep every move of
// ts unchanged: each kind is one the block's parts supply (native moves
// when native), and the moves are ordered by transaction, then kind group
// (native, token, other), with positions 0, 1, ... in each transaction.
func canonicalMoves(ts []chain.AccountTransfer, native bool, parts chain.Parts) bool {
	for i := range ts {
		t := &ts[i]
		g := moveGroup(t.Kind)
		switch {
		case g == 0 && !native,
			g == 1 && parts&chain.PartTokens == 0,
			g == 2 && (t.Kind != chain.KindWithdrawal || parts&chain.PartHeader == 0):
			return false
		}
		if i == 0 || t.TxIndex != ts[i-1].TxIndex {
			if t.Pos != 0 || i > 0 && t.TxIndex < ts[i-1].TxIndex {
				return false
			}
			continue
		}
		if t.Pos != ts[i-1].Pos+1 || g < moveGroup(ts[i-1].Kind) {
			return false
		}
	}
	return true
}

// moveGroup is orderTransfers' rank of a kind inside a transaction.
func moveGroup(k chain.TransferKind) int {
	switch {
	case isNativeMove(k):
		return 0
	case k == chain.KindToken:
		return 1
	}
	return 2
}
