package sim

import "github.com/vigil-project/vigil/internal/chain"

// txKind decides a transaction's input data and gas.
type txKind uint8

const (
	kindPlain    txKind = iota // ETH payment, input 0x
	kindToken                  // ERC-20 transfer call to the token contract
	kindSwap                   // swapExactETHForTokens at a pool
	kindDisperse               // contract call that pays out by internal calls
)

// call is an internal call (a trace row under the top-level call).
type call struct {
	from, to addr
	value    chain.U256
}

// tokenMove is one token_transfers.csv row.
type tokenMove struct {
	token, from, to addr
	value           chain.U256
}

// tx is one transaction with its internal calls and token moves.
type tx struct {
	from, to addr
	value    chain.U256
	nonce    uint64
	kind     txKind
	failed   bool
	calls    []call
	tokens   []tokenMove
	hash     hash // set when written
}

// block collects the transactions of one block; its slots are reused.
type block struct {
	txs []tx
	n   int
}

// add returns a cleared transaction slot appended to b.
func (b *block) add() *tx {
	if b.n == len(b.txs) {
		b.txs = append(b.txs, tx{})
	}
	t := &b.txs[b.n]
	b.n++
	calls, tokens := t.calls[:0], t.tokens[:0]
	*t = tx{calls: calls, tokens: tokens}
	return t
}

// reset empties b, keeping its slots.
func (b *block) reset() { b.n = 0 }

// moves returns how many value moves t makes in vigil's model: the
// top-level value, internal calls with value and token transfers; a
// failed transaction makes none.
func (t *tx) moves() int {
	if t.failed {
		return 0
	}
	n := len(t.tokens)
	if !t.value.IsZero() {
		n++
	}
	for i := range t.calls {
		if !t.calls[i].value.IsZero() {
			n++
		}
	}
	return n
}

// gasUsed returns the gas t uses.
func (t *tx) gasUsed() uint64 {
	g := uint64(21000)
	switch t.kind {
	case kindToken:
		g = 51230
	case kindSwap:
		g = 118400
	case kindDisperse:
		g = 31000 + 9700*uint64(len(t.calls))
	}
	if t.failed {
		g = g/2 + 1700
	}
	return g
}
