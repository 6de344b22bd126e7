package sim

import (
	"math/rand/v2"
)

// Layout of the Bitcoin address table: fixed service addresses, then the
// users, then the exchanges' customer deposit addresses; heist addresses
// are appended after them.
const (
	btcVictim     = 0 // the drained exchange's hot wallet
	btcExchanges  = 4 // hot wallets of the victim and three others: 0..3
	btcMixer0     = 4 // two mixer addresses: 4, 5
	btcMiner0     = 6 // five mining pools: 6..10
	btcMiners     = 5
	btcUser0      = 16
	btcUsers      = 100000
	btcCustomers  = 20000 // per exchange
	btcCustomer0  = btcUser0 + btcUsers
	btcFixedAddrs = btcCustomer0 + btcExchanges*btcCustomers
)

// Sizes that bound the generator's memory.
const (
	btcPoolCap    = 1 << 17 // users' spendable outputs kept
	btcHotCap     = 256     // spendable outputs of one hot wallet
	btcPendingCap = 8192    // deposits awaiting their sweep, per exchange
	btcSweepMax   = 200     // inputs of one sweep transaction
	btcMaturity   = 100     // blocks before a coinbase output may be spent
	dust          = 546
	satPerBTC     = 100000000
)

var btcEntities = [btcExchanges]string{"Bitvault Exchange", "Northwind Exchange", "Kestrel Exchange", "Harbor Exchange"}

// bpending is a deposit awaiting its exchange's sweep.
type bpending struct {
	u     butxo
	due   uint64
	heist bool
}

// bexchange is a simulated exchange: a labeled hot wallet, unlabeled
// customer deposit addresses swept into it, and its spendable outputs.
type bexchange struct {
	entity string
	hot    baddr
	pend   []bpending
	head   int
	hotUTX []butxo
}

// bmature is a coinbase output and the block from which it may be spent.
type bmature struct {
	u    butxo
	from uint64
}

// btcBackground generates ordinary activity; it never spends an
// attacker's output.
type btcBackground struct {
	rng   *rand.Rand
	d     ids
	tab   *btcAddrs
	ex    []*bexchange
	pool  []butxo
	mat   []bmature
	seq   uint64
	c     BackgroundCounts
	swept int // heist deposits swept
	sweep int // sweep transactions spending heist deposits
}

func newBtcBackground(rng *rand.Rand, d ids, tab *btcAddrs) *btcBackground {
	g := &btcBackground{rng: rng, d: d, tab: tab, pool: make([]butxo, 0, btcPoolCap)}
	kinds := [btcExchanges]bkind{kSH, kWPKH, kPKH, kWPKH}
	for i := 0; i < btcExchanges; i++ {
		tab.set(i, kinds[i])
		g.ex = append(g.ex, &bexchange{entity: btcEntities[i], hot: baddr(i)})
	}
	tab.set(btcMixer0, kWPKH)
	tab.set(btcMixer0+1, kWPKH)
	return g
}

// newTx starts a background transaction in b.
func (g *btcBackground) newTx(b *bblock) *btx {
	t := b.add()
	g.seq++
	t.h = g.d.hash(tagBtcTx, g.seq)
	t.seq = seqRBF
	if g.rng.IntN(2) == 0 {
		t.seq = seqFinal
	}
	return t
}

func (g *btcBackground) user() baddr { return baddr(btcUser0 + g.rng.IntN(btcUsers)) }

// put adds a spendable user output; a full pool forgets a random one (it
// stays unspent).
func (g *btcBackground) put(u butxo) {
	if len(g.pool) < btcPoolCap {
		g.pool = append(g.pool, u)
		return
	}
	g.pool[g.rng.IntN(btcPoolCap)] = u
}

// take removes and returns a random spendable user output.
func (g *btcBackground) take() (butxo, bool) {
	n := len(g.pool)
	if n == 0 {
		return butxo{}, false
	}
	i := g.rng.IntN(n)
	u := g.pool[i]
	g.pool[i] = g.pool[n-1]
	g.pool = g.pool[:n-1]
	return u, true
}

// putHot adds a spendable output of x's hot wallet; a full list forgets
// a random one (it stays unspent).
func (x *bexchange) putHot(g *btcBackground, u butxo) {
	if len(x.hotUTX) < btcHotCap {
		x.hotUTX = append(x.hotUTX, u)
		return
	}
	x.hotUTX[g.rng.IntN(btcHotCap)] = u
}

// feeFor returns the fee of t at a random rate of 2-31 sat/vB.
func (g *btcBackground) feeFor(t *btx) uint64 {
	_, vs, _ := t.size(g.tab)
	return uint64(vs) * (2 + g.rng.Uint64N(30))
}

// allocate fills the first block's coinbase: the chain's history before
// the simulated window compressed into one transaction. It pays the
// victim's reserve (values given), the hot wallets and the users.
func (g *btcBackground) allocate(t *btx, reserve []uint64, users int) {
	g.seq++
	t.h, t.cb, t.seq = g.d.hash(tagBtcTx, g.seq), true, seqFinal
	for _, v := range reserve {
		t.outs = append(t.outs, bout{btcVictim, v})
	}
	for _, x := range g.ex {
		for k := 0; k < 6; k++ {
			t.outs = append(t.outs, bout{x.hot, (50 + g.rng.Uint64N(400)) * satPerBTC})
			x.putHot(g, t.utxo(len(t.outs)-1))
		}
	}
	for k := 0; k < users; k++ {
		t.outs = append(t.outs, bout{g.user(), 1000000 + g.rng.Uint64N(20*satPerBTC)})
		g.put(t.utxo(len(t.outs) - 1))
	}
}

// release makes the coinbase outputs mature at block num spendable.
func (g *btcBackground) release(num uint64) {
	k := 0
	for k < len(g.mat) && g.mat[k].from <= num {
		g.put(g.mat[k].u)
		k++
	}
	g.mat = g.mat[:copy(g.mat, g.mat[k:])]
}

// coinbase fills t as block num's coinbase collecting fees.
func (g *btcBackground) coinbase(t *btx, num, fees uint64) {
	g.seq++
	t.h, t.cb, t.seq, t.lock = g.d.hash(tagBtcTx, g.seq), true, seqFinal, 0
	sub := uint64(0)
	if h := num / 210000; h < 64 {
		sub = 5000000000 >> h
	}
	miner := baddr(btcMiner0 + g.rng.IntN(btcMiners))
	t.outs = append(t.outs, bout{miner, sub + fees}, bout{commitAddr, 0})
	g.mat = append(g.mat, bmature{t.utxo(0), num + btcMaturity})
}
