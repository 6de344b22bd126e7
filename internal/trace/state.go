package trace

import "github.com/vigil-project/vigil/internal/chain"

// lot is a FIFO queue entry: amount of one kind.
type lot struct {
	amount  chain.U256
	tainted bool
}

// holding is an active address's balance of one asset.
type holding struct {
	asset    uint32
	bal      chain.U256 // all value the data shows
	taint    chain.U256 // tainted part (haircut); unused by poison and fifo
	poisoned bool
	lots     []lot // fifo: oldest first
	head     int   // fifo: lots[head:] are live
	// own (haircut, when the trace tracks it) is what the taint accounts
	// for of the seed's sent value, per asset the seed sent (see own.go).
	own []AssetTotal
}

// node is the state of an address that holds (or held) taint.
type node struct {
	hop      int
	parent   uint32 // sender of the first taint
	via      uint32 // global row of the first tainted receipt
	holdings []holding
}

// holding returns the holding of asset, or nil.
func (n *node) holding(asset uint32) *holding {
	for i := range n.holdings {
		if n.holdings[i].asset == asset {
			return &n.holdings[i]
		}
	}
	return nil
}

// tainted returns the taint h holds under policy p.
func (h *holding) tainted(p Policy) chain.U256 {
	switch p {
	case Poison:
		if h.poisoned {
			return h.bal
		}
		return chain.U256{}
	case FIFO:
		var t chain.U256
		for _, l := range h.lots[h.head:] {
			if l.tainted {
				t = add(t, l.amount)
			}
		}
		return t
	}
	return h.taint
}

// receive credits amount a carrying taint t (FIFO: the lots in carried).
func (h *holding) receive(p Policy, a, t chain.U256, carried []lot) {
	h.bal = add(h.bal, a)
	switch p {
	case Haircut:
		h.taint = add(h.taint, t)
	case Poison:
		if !t.IsZero() {
			h.poisoned = true
		}
	case FIFO:
		for _, l := range carried {
			h.push(l)
		}
	}
}

// push appends a lot, merging with the last one of the same kind.
func (h *holding) push(l lot) {
	if l.amount.IsZero() {
		return
	}
	if n := len(h.lots); n > h.head && h.lots[n-1].tainted == l.tainted {
		h.lots[n-1].amount = add(h.lots[n-1].amount, l.amount)
		return
	}
	if h.head > 32 && h.head*2 > len(h.lots) {
		h.lots = append(h.lots[:0], h.lots[h.head:]...)
		h.head = 0
	}
	h.lots = append(h.lots, l)
}

// send debits amount a and returns the taint it carries; FIFO appends the
// lots taken to out.
func (h *holding) send(p Policy, a chain.U256, md *muldiv, out []lot) (chain.U256, []lot) {
	var t chain.U256
	switch p {
	case Haircut:
		if a.Cmp(h.bal) >= 0 {
			t = h.taint
		} else if !h.taint.IsZero() {
			t = md.do(a, h.taint, h.bal)
		}
		h.taint = sub(h.taint, t)
	case Poison:
		if h.poisoned {
			t = a
		}
	case FIFO:
		t, out = h.take(a, out)
	}
	h.bal = sub(h.bal, a)
	return t, out
}

// take removes a from the front of the FIFO queue; a shortfall is clean.
func (h *holding) take(a chain.U256, out []lot) (chain.U256, []lot) {
	var t chain.U256
	for !a.IsZero() && h.head < len(h.lots) {
		l := &h.lots[h.head]
		n := l.amount
		if n.Cmp(a) > 0 {
			n = a
		}
		out = appendLot(out, lot{n, l.tainted})
		if l.tainted {
			t = add(t, n)
		}
		l.amount = sub(l.amount, n)
		a = sub(a, n)
		if l.amount.IsZero() {
			h.head++
		}
	}
	if !a.IsZero() {
		out = appendLot(out, lot{a, false})
	}
	return t, out
}

func appendLot(out []lot, l lot) []lot {
	if n := len(out); n > 0 && out[n-1].tainted == l.tainted {
		out[n-1].amount = add(out[n-1].amount, l.amount)
		return out
	}
	return append(out, l)
}
