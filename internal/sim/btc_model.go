package sim

// butxo is an unspent output: its outpoint, owner and value in satoshi.
type butxo struct {
	h hash
	n uint32
	a baddr
	v uint64
}

// bout is an output being built.
type bout struct {
	a baddr
	v uint64
}

// commitAddr marks a coinbase's witness commitment output (OP_RETURN,
// written as bitcoin-etl writes outputs without an address).
const commitAddr = ^baddr(0)

// btx is one Bitcoin transaction: the outputs it spends and the outputs it
// creates. Its fee is the input value minus the output value.
type btx struct {
	h     hash
	cb    bool
	heist bool
	ins   []butxo
	outs  []bout
	lock  uint32
	seq   uint32
}

func (t *btx) inValue() uint64 {
	var s uint64
	for i := range t.ins {
		s += t.ins[i].v
	}
	return s
}

func (t *btx) outValue() uint64 {
	var s uint64
	for i := range t.outs {
		s += t.outs[i].v
	}
	return s
}

// fee returns the input value minus the output value (0 for a coinbase).
func (t *btx) fee() uint64 {
	if t.cb {
		return 0
	}
	return t.inValue() - t.outValue()
}

// utxo returns output k of t as an unspent output.
func (t *btx) utxo(k int) butxo {
	return butxo{h: t.h, n: uint32(k), a: t.outs[k].a, v: t.outs[k].v}
}

// coinbaseScriptLen is the length of a simulated coinbase input script.
const coinbaseScriptLen = 26

// size returns the serialized size, virtual size and weight of t.
func (t *btx) size(tab *btcAddrs) (size, vsize, weight int) {
	base := 4 + 4 + varintLen(len(t.ins)) + varintLen(len(t.outs))
	wit := 0
	if t.cb {
		base += 41 + coinbaseScriptLen
		wit = 2 + 1 + 1 + 32
	}
	segwit := false
	for i := range t.ins {
		switch tab.kind(t.ins[i].a) {
		case kWPKH:
			base += 41
			wit += 108
			segwit = true
		case kSH:
			base += 41 + 23
			wit += 108
			segwit = true
		default:
			base += 41 + 106
			wit++
		}
	}
	if segwit {
		wit += 2
	} else if !t.cb {
		wit = 0
	}
	for i := range t.outs {
		if t.outs[i].a == commitAddr {
			base += 8 + 1 + 38
			continue
		}
		switch tab.kind(t.outs[i].a) {
		case kWPKH:
			base += 31
		case kSH:
			base += 32
		default:
			base += 34
		}
	}
	size = base + wit
	weight = 4*base + wit
	return size, (weight + 3) / 4, weight
}

func varintLen(n int) int {
	switch {
	case n < 0xfd:
		return 1
	case n <= 0xffff:
		return 3
	}
	return 5
}

// bblock collects the transactions of one block; slots are reused.
type bblock struct {
	txs []btx
	n   int
}

// add returns a cleared transaction slot appended to b.
func (b *bblock) add() *btx {
	if b.n == len(b.txs) {
		b.txs = append(b.txs, btx{})
	}
	t := &b.txs[b.n]
	b.n++
	*t = btx{ins: t.ins[:0], outs: t.outs[:0]}
	return t
}
