package watch

import (
	"fmt"
	"time"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/store"
	"github.com/vigil-project/vigil/internal/trace"
)

// blockCtx is what alerts need of a block besides the move.
type blockCtx struct {
	n    uint64
	hash chain.Hash
	time int64
	txs  map[uint32]chain.Hash // account chains: tx index -> hash
}

// scanAccount looks at every move of blocks lo..hi; the full block is
// decoded only when a move touches a watched address.
func (p *proc) scanAccount(lo, hi uint64) error {
	return p.st.ScanAccountMoves(p.c, lo, hi, func(n uint64, moves []chain.AccountTransfer) error {
		p.stats.Blocks++
		p.stats.Moves += int64(len(moves))
		var blk *blockCtx
		for i := range moves {
			m := &moves[i]
			if !p.set.touches(m.From) && !p.set.touches(m.To) {
				continue
			}
			hits := p.set.match(m.From, m.To, p.seq, p.isService)
			if len(hits) == 0 {
				continue
			}
			if blk == nil {
				var err error
				if blk, err = p.accountBlock(n); err != nil {
					return err
				}
			}
			mv := move{from: m.From, to: m.To, asset: uint32(m.Asset), amount: m.Amount.String()}
			if m.TxIndex == chain.NoTx {
				mv.name = fmt.Sprintf("r%d", i)
			} else {
				mv.tx, mv.name = blk.txs[m.TxIndex].String(), fmt.Sprintf("m%d", m.Pos)
			}
			for _, h := range hits {
				if err := p.emit(blk, mv, h); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// accountBlock reads the header and transaction hashes of block n.
func (p *proc) accountBlock(n uint64) (*blockCtx, error) {
	blk := &blockCtx{n: n, txs: map[uint32]chain.Hash{}}
	err := p.st.ScanAccount(p.c, n, n, func(b *chain.AccountBlock) error {
		blk.hash, blk.time = b.Header.Hash, b.Header.Time
		for _, tx := range b.Txs {
			blk.txs[tx.Index] = tx.Hash
		}
		return nil
	})
	return blk, err
}

// scanUTXO looks at every transaction of blocks lo..hi. A transaction
// spending from a watched address is one move per output (from the first
// watched input); otherwise each output paying a watched address is a
// move from the transaction's first input address.
func (p *proc) scanUTXO(lo, hi uint64) error {
	return p.st.ScanUTXO(p.c, lo, hi, func(b *store.UTXOBlockView) error {
		p.stats.Blocks++
		blk := &blockCtx{n: b.Header.Number, hash: b.Header.Hash, time: b.Header.Time}
		for t := range b.Txs {
			tx := &b.Txs[t]
			p.stats.Moves += int64(len(tx.Outputs))
			for _, mv := range p.utxoMoves(tx) {
				for _, h := range p.set.match(mv.from, mv.to, p.seq, p.isService) {
					if err := p.emit(blk, mv, h); err != nil {
						return err
					}
				}
			}
		}
		return nil
	})
}

// utxoMoves turns a transaction touching a watched address into moves.
func (p *proc) utxoMoves(tx *chain.UTXOTx) []move {
	var spender, first chain.AddrID
	for _, in := range tx.Inputs {
		if first == chain.NoAddr {
			first = in.Addr
		}
		if spender == chain.NoAddr && p.set.touches(in.Addr) {
			spender = in.Addr
		}
	}
	var out []move
	for _, o := range tx.Outputs {
		from := spender
		if from == chain.NoAddr {
			if !p.set.touches(o.Addr) {
				continue
			}
			from = first
		}
		out = append(out, move{tx: tx.Hash.Hex(), name: fmt.Sprintf("o%d", o.Index), from: from, to: o.Addr,
			asset: uint32(chain.Native), amount: fmt.Sprint(o.Value)})
	}
	return out
}

// move is one value move as alerts see it.
type move struct {
	tx, name string
	from, to chain.AddrID
	asset    uint32
	amount   string
}

// isServiceAddr reports whether a current label of addr on c has a
// category where traces stop. A failed lookup counts as a service (the
// address is then not followed: never watch more than sure).
func isServiceAddr(st *store.Store, c chain.Info, addr string) bool {
	recs, err := st.LabelsOf(c.Name, addr, false)
	if err != nil {
		return true
	}
	for _, r := range recs {
		if trace.StopsAt(r.Category) {
			return true
		}
	}
	return false
}

// blockTime formats a block's unix time (empty when unknown).
func blockTime(t int64) string {
	if t == 0 {
		return ""
	}
	return time.Unix(t, 0).UTC().Format(time.RFC3339)
}
