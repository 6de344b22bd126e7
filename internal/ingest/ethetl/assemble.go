package ethetl

import (
	"cmp"
	"runtime"
	"slices"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/inputerr"
)

// covered reports whether a block's native moves come from traces: it has
// trace rows of transactions, or trace rows and no transactions at all.
func (b *blockAcc) covered() bool {
	return b.txTraces > 0 || (b.traceRows > 0 && b.txRows == 0)
}

// assemble turns the accumulated rows into blocks sorted by number, with
// Txs sorted by index and Transfers by (TxIndex, Pos).
func (p *parser) assemble() ([]chain.AccountBlock, error) {
	order := make([]int32, len(p.blocks))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int {
		return cmp.Compare(p.blocks[a].b.Header.Number, p.blocks[b].b.Header.Number)
	})
	rank := make([]int32, len(p.blocks))
	for r, s := range order {
		rank[s] = int32(r)
	}
	if err := p.groupTxs(order, rank); err != nil {
		return nil, err
	}
	p.txNatives()
	p.groupTransfers(order, rank)
	out := make([]chain.AccountBlock, len(order))
	for i, s := range order {
		b := &p.blocks[s]
		b.b.Parts = p.parts(b)
		if p.haveTxs {
			b.b.TxCount = b.txRows
		}
		out[i] = b.b
	}
	return out, nil
}

// parts says which parts the files supplied for b.
func (p *parser) parts(b *blockAcc) chain.Parts {
	var parts chain.Parts
	if b.header {
		parts |= chain.PartHeader
	}
	if p.haveTxs {
		parts |= chain.PartTxs
	}
	switch {
	case p.files[fileTraces] != "" && b.covered():
		parts |= chain.PartTraceNative
	case p.haveTxs:
		parts |= chain.PartTxNative
	}
	if p.files[fileTokenTransfers] != "" || p.files[fileLogs] != "" {
		parts |= chain.PartTokens
	}
	return parts
}

// groupTxs sets each block's Txs, sorted by index, checking that indexes
// are unique.
func (p *parser) groupTxs(order, rank []int32) error {
	start := make([]int, len(order)+1)
	inOrder := true
	prev := int32(0)
	for _, s := range p.txSlot {
		r := rank[s]
		start[r+1]++
		inOrder = inOrder && r >= prev
		prev = r
	}
	for r := range order {
		start[r+1] += start[r]
	}
	if inOrder && p.groupTxsInPlace(order, start) {
		return nil
	}
	perm := make([]int32, len(p.txs))
	fill := slices.Clone(start[:len(order)])
	for pos, s := range p.txSlot {
		perm[fill[rank[s]]] = int32(pos)
		fill[rank[s]]++
	}
	all := make([]chain.AccountTx, len(p.txs))
	// Blocks are independent: ranges of them run on all cores; the first
	// range with a duplicate holds the first block with one.
	errs := make([]error, runtime.GOMAXPROCS(0))
	forRangesIndexed(len(order), blocksPerRange, func(k, lo, hi int) {
		for r := lo; r < hi; r++ {
			if errs[k] = p.groupBlockTxs(order[r], perm[start[r]:start[r+1]], all[start[r]:start[r+1]:start[r+1]]); errs[k] != nil {
				return
			}
		}
	})
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// groupTxsInPlace sets each block's Txs to its run of p.txs, without a
// copy, when the transactions came in block order and by index inside
// each block (as an export lists them); it reports false, having set
// nothing, when they did not. start[r] is where the run of the block of
// rank r begins.
func (p *parser) groupTxsInPlace(order []int32, start []int) bool {
	for r := range order {
		seg := p.txs[start[r]:start[r+1]]
		for i := 1; i < len(seg); i++ {
			if seg[i].Index <= seg[i-1].Index {
				return false // unsorted, or a duplicate index: the copying path sorts and reports
			}
		}
	}
	for r, s := range order {
		if start[r+1] > start[r] {
			p.blocks[s].b.Txs = p.txs[start[r]:start[r+1]:start[r+1]]
		}
	}
	return true
}

// blocksPerRange is the fewest blocks worth a goroutine when grouping.
const blocksPerRange = 256

// groupBlockTxs sorts seg (positions of block slot s's transactions) by
// index, checks indexes are unique, and copies the transactions into dst
// as the block's Txs.
func (p *parser) groupBlockTxs(s int32, seg []int32, dst []chain.AccountTx) error {
	byIndex := func(a, b int32) int { return cmp.Compare(p.txs[a].Index, p.txs[b].Index) }
	if !slices.IsSortedFunc(seg, byIndex) {
		slices.SortStableFunc(seg, byIndex)
	}
	for i, pos := range seg {
		if i > 0 && p.txs[seg[i-1]].Index == p.txs[pos].Index {
			return p.dupIndex(pos)
		}
		dst[i] = p.txs[pos]
	}
	if len(seg) > 0 {
		p.blocks[s].b.Txs = dst
	}
	return nil
}

// dupIndex is the error for a second transaction with the same index.
func (p *parser) dupIndex(pos int32) error {
	tx := &p.txs[pos]
	file := p.files[p.txFlags[pos]>>txFileShift]
	return inputerr.New(file, int(p.txLine[pos]), "transaction %s: block %d already has a transaction with index %d",
		hashStr(tx.Hash), tx.Block, tx.Index)
}

// txNatives adds the value of successful transactions in blocks not
// covered by traces.
func (p *parser) txNatives() {
	if !p.haveTxs {
		return
	}
	for pos := range p.txs {
		tx := &p.txs[pos]
		s := p.txSlot[pos]
		if tx.Value.IsZero() || tx.Failed || p.blocks[s].covered() {
			continue
		}
		to := tx.To
		if p.txFlags[pos]&txCreate != 0 {
			to = p.creates[int32(pos)]
		}
		p.addTransfer(&chain.AccountTransfer{
			Block: tx.Block, TxIndex: tx.Index, Kind: chain.KindTx,
			From: tx.From, To: to, Amount: tx.Value,
		}, s)
	}
}

// groupTransfers sets each block's Transfers, ordered by (TxIndex, Pos),
// and renumbers Pos inside each transaction.
func (p *parser) groupTransfers(order, rank []int32) {
	start := make([]int, len(order)+1)
	inOrder := true
	prev := int32(0)
	for _, s := range p.trSlot {
		r := rank[s]
		start[r+1]++
		inOrder = inOrder && r >= prev
		prev = r
	}
	for r := range order {
		start[r+1] += start[r]
	}
	all := p.tr
	if !inOrder {
		all = make([]chain.AccountTransfer, len(p.tr))
		fill := slices.Clone(start[:len(order)])
		for i, s := range p.trSlot {
			all[fill[rank[s]]] = p.tr[i]
			fill[rank[s]]++
		}
	}
	forRangesIndexed(len(order), blocksPerRange, func(_, lo, hi int) {
		for r := lo; r < hi; r++ {
			seg := all[start[r]:start[r+1]:start[r+1]]
			if len(seg) == 0 {
				continue
			}
			if !slices.IsSortedFunc(seg, transferOrder) {
				slices.SortStableFunc(seg, transferOrder)
			}
			renumber(seg)
			p.blocks[order[r]].b.Transfers = seg
		}
	})
}

// classRank puts a transaction's native moves before its token moves, and
// rewards before withdrawals.
func classRank(k chain.TransferKind) int {
	switch k {
	case chain.KindToken:
		return 1
	case chain.KindWithdrawal:
		return 2
	}
	return 0
}

// transferOrder orders by transaction, then natives (row order) before
// tokens (log index), with Pos holding the row order or log index.
func transferOrder(a, b chain.AccountTransfer) int {
	if c := cmp.Compare(a.TxIndex, b.TxIndex); c != 0 {
		return c
	}
	if c := cmp.Compare(classRank(a.Kind), classRank(b.Kind)); c != 0 {
		return c
	}
	return cmp.Compare(a.Pos, b.Pos)
}

// renumber sets Pos to 0, 1, 2... inside each transaction.
func renumber(seg []chain.AccountTransfer) {
	var pos uint32
	for i := range seg {
		if i > 0 && seg[i].TxIndex != seg[i-1].TxIndex {
			pos = 0
		}
		seg[i].Pos = pos
		pos++
	}
}
