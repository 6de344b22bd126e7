package ethrpc

import (
	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/ingest/ethetl"
)

// interner interns 20-byte addresses through a scratch key (the Interner
// only reads the key during the call).
type interner struct {
	in  chain.Interner
	key [20]byte
}

func (n *interner) id(a *chain.EVMAddress) chain.AddrID {
	n.key = *a
	return chain.AddrID(n.in.Intern(n.key[:]))
}

func (n *interner) opt(a *chain.EVMAddress, ok bool) chain.AddrID {
	if !ok {
		return chain.NoAddr
	}
	return n.id(a)
}

// convert interns the blocks' addresses and tokens in the order ethetl's
// ParseDir interns an export of the same blocks (all transactions, then
// the receipts' contract addresses, then the moving traces, then the
// Transfer logs) and builds the chain blocks.
func convert(bs []*block, addrs, tokens chain.Interner) []chain.AccountBlock {
	ad, tk := &interner{in: addrs}, &interner{in: tokens}
	out := make([]chain.AccountBlock, len(bs))
	ids := make([][]txIDs, len(bs))
	for k, b := range bs {
		ids[k] = make([]txIDs, len(b.txs))
		out[k] = header(b)
		for i := range b.txs {
			t := &b.txs[i]
			ids[k][i].from, ids[k][i].to = ad.id(&t.from), ad.opt(&t.to, t.hasTo)
		}
	}
	for k, b := range bs {
		for i := range b.txs {
			if t := &b.txs[i]; t.hasContract {
				ids[k][i].contract = ad.id(&t.contract)
			}
		}
	}
	for k, b := range bs {
		out[k].Transfers = traceMoves(b, ad)
	}
	for k, b := range bs {
		out[k].Transfers = tokenMoves(b, out[k].Transfers, ad, tk)
	}
	for k, b := range bs {
		finish(b, &out[k], ids[k])
	}
	return out
}

// txIDs are the interned addresses of one transaction.
type txIDs struct{ from, to, contract chain.AddrID }

// header starts the chain block of b.
func header(b *block) chain.AccountBlock {
	parts := chain.PartHeader | chain.PartTxs | chain.PartTokens
	if b.traced {
		parts |= chain.PartTraceNative
	} else {
		parts |= chain.PartTxNative
	}
	return chain.AccountBlock{
		Header:  chain.BlockHeader{Number: b.num, Hash: b.hash, Time: b.time},
		Parts:   parts,
		TxCount: len(b.txs),
	}
}

// traceMoves converts the moving traces (Pos: trace row, for ordering).
func traceMoves(b *block, ad *interner) []chain.AccountTransfer {
	var trs []chain.AccountTransfer
	if n := len(b.moves) + len(b.logs); n > 0 {
		trs = make([]chain.AccountTransfer, 0, n)
	}
	for i := range b.moves {
		m := &b.moves[i]
		trs = append(trs, chain.AccountTransfer{
			Block: b.num, TxIndex: m.tx, Pos: m.row, Kind: m.kind,
			From: ad.opt(&m.from, m.hasFrom), To: ad.opt(&m.to, m.hasTo), Amount: m.value,
		})
	}
	return trs
}

// tokenMoves appends the Transfer logs of successful transactions (Pos:
// log index). Logs of failed ones are interned all the same, as ethetl does.
func tokenMoves(b *block, trs []chain.AccountTransfer, ad, tk *interner) []chain.AccountTransfer {
	for i := range b.logs {
		l := &b.logs[i]
		tr := chain.AccountTransfer{
			Block: b.num, TxIndex: l.tx, Pos: l.index, Kind: chain.KindToken,
			Asset: chain.AssetID(tk.id(&l.token)), From: ad.id(&l.from), To: ad.id(&l.to), Amount: l.amount,
		}
		if !b.txs[l.tx].failed {
			trs = append(trs, tr)
		}
	}
	return trs
}

// finish sets the transactions, adds the transactions' own moves to a
// block without traces, and orders the transfers.
func finish(b *block, cb *chain.AccountBlock, ids []txIDs) {
	if len(b.txs) > 0 {
		cb.Txs = make([]chain.AccountTx, len(b.txs))
	}
	for i := range b.txs {
		t := &b.txs[i]
		cb.Txs[i] = chain.AccountTx{
			Block: b.num, Index: uint32(i), Hash: t.hash,
			From: ids[i].from, To: ids[i].to, Value: t.value, Failed: t.failed,
		}
		if b.traced || t.failed || t.value.IsZero() {
			continue
		}
		to := ids[i].to
		if !t.hasTo {
			to = ids[i].contract
		}
		cb.Transfers = append(cb.Transfers, chain.AccountTransfer{
			Block: b.num, TxIndex: uint32(i), Kind: chain.KindTx,
			From: ids[i].from, To: to, Amount: t.value,
		})
	}
	if len(cb.Transfers) == 0 {
		cb.Transfers = nil // as ethetl leaves a block without moves
	}
	ethetl.OrderTransfers(cb.Transfers)
}
