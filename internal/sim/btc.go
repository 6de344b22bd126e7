package sim

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"sync"
)

// DefaultBtcStartBlock is the first block of a Bitcoin simulation by
// default (31 May 2024 at 600 s per block from the fourth halving: the
// day of the DMM Bitcoin theft).
const DefaultBtcStartBlock = 845900

// btcOutsPerBlock is the typical number of outputs of a simulated block.
const btcOutsPerBlock = 5000

// Btc writes a simulated Bitcoin heist with background activity into dir
// (created if needed): bitcoin-etl transactions.json and blocks.json,
// labels.csv and truth.json.
func Btc(dir string, c Config) (Summary, error) {
	if c.Background < 0 {
		return Summary{}, fmt.Errorf("background %d is negative", c.Background)
	}
	if c.Commingle || c.ITWorkers != 0 {
		return Summary{}, fmt.Errorf("commingling and IT-worker payroll are not simulated for btc")
	}
	start := c.StartBlock
	if start == 0 {
		start = DefaultBtcStartBlock
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return Summary{}, err
	}
	d := ids{seed: c.Seed}
	tab := newBtcAddrs(d, btcFixedAddrs)
	g := newBtcBackground(rand.New(rand.NewPCG(c.Seed, 12)), d, tab)
	h := newBtcHeist(rand.New(rand.NewPCG(c.Seed, 11)), d, tab, g.ex)
	var b bblock
	alloc := b.add()
	g.allocate(alloc, h.reserve, min(max(c.Background/20, 200), 50000))
	h.plan([]butxo{alloc.utxo(0), alloc.utxo(1), alloc.utxo(2)})
	nBlocks := btcSchedule(h, rand.New(rand.NewPCG(c.Seed, 13)), start, c.Background)

	w, err := newBtcWriter(dir, d, tab)
	if err != nil {
		return Summary{}, err
	}
	w.writeBlock(start, &b)
	r := btcRun{g: g, h: h, w: w, rng: rand.New(rand.NewPCG(c.Seed, 14)), bgOuts: len(alloc.outs)}
	r.run(start, nBlocks, c.Background)
	if err := w.close(); err != nil {
		return Summary{}, err
	}
	if r.next != len(h.events) {
		return Summary{}, fmt.Errorf("simulation self-check: %d heist transactions not written", len(h.events)-r.next)
	}
	if err := finishBtc(dir, c.Seed, start, h, g); err != nil {
		return Summary{}, err
	}
	return Summary{Chain: "btc", Dir: dir, Seed: c.Seed, Files: append(append([]string{}, BtcFiles...), "labels.csv", "truth.json"),
		Blocks: w.blocks, FirstBlock: start, LastBlock: start + uint64(nBlocks), Transactions: w.txs, Transfers: w.outputs,
		Heist: r.heist, Patterns: h.p, Background: g.c}, nil
}

// finishBtc checks the written heist against its ledger and writes
// labels.csv and truth.json.
func finishBtc(dir string, seed, start uint64, h *btcHeist, g *btcBackground) error {
	tab := h.tab
	tr := Truth{Chain: "btc", Seed: seed, StartBlock: start, TheftBlock: h.events[0].block, Victim: tab.String(btcVictim)}
	for _, a := range h.seeds {
		tr.Seeds = append(tr.Seeds, tab.String(a))
	}
	if err := h.verify(&tr, g.swept); err != nil {
		return fmt.Errorf("simulation self-check: %w", err)
	}
	h.p.Sweep = g.sweep
	if err := writeBtcLabels(dir, h, seed); err != nil {
		return err
	}
	return writeBtcTruth(dir, tr)
}

// btcSchedule assigns each heist event its block and sorts the events in
// written order; phase t of the laundering occupies its own range of
// blocks. The last blocks carry no heist transaction, so every heist
// deposit is swept. It returns the number of blocks after the first.
func btcSchedule(h *btcHeist, rng *rand.Rand, start uint64, background int) int {
	phases := 0
	for _, e := range h.events {
		phases = max(phases, e.tick+1)
	}
	nBlocks := max(2*phases+12, (background+btcOutsPerBlock-1)/btcOutsPerBlock)
	stride := (nBlocks - 10) / phases
	for i := range h.events {
		e := &h.events[i]
		e.block = start + 1 + uint64(e.tick*stride+rng.IntN(stride))
	}
	slices.SortStableFunc(h.events, func(x, y bevent) int { return cmp.Compare(x.block, y.block) })
	return nBlocks
}

// btcRun writes the blocks after the first.
type btcRun struct {
	g      *btcBackground
	h      *btcHeist
	w      *btcWriter
	b      *bblock   // the block being built
	bufs   [2]bblock // b is one of them; the writer writes the other
	rng    *rand.Rand
	next   int // next heist event
	bgOuts int // background outputs written
	heist  HeistCounts
}

// run builds blocks 1..nBlocks after start on this goroutine while a
// second one writes the previous block.
func (r *btcRun) run(start uint64, nBlocks, background int) {
	jobs, free := make(chan int, 1), make(chan int, 2)
	nums := [2]uint64{}
	free <- 0
	free <- 1
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for k := range jobs {
			r.w.writeBlock(nums[k], &r.bufs[k])
			free <- k
		}
	}()
	for i := 1; i <= nBlocks; i++ {
		k := <-free
		r.b = &r.bufs[k]
		nums[k] = start + uint64(i)
		r.block(nums[k], int(int64(background)*int64(i)/int64(nBlocks)), i == nBlocks)
		jobs <- k
	}
	close(jobs)
	wg.Wait()
}

// block builds block num: its coinbase, the sweeps due, then heist and
// background transactions interleaved until the background has reached
// target outputs; last sweeps every pending deposit.
func (r *btcRun) block(num uint64, target int, last bool) {
	b, g := r.b, r.g
	b.n = 0
	b.add() // the coinbase, filled last
	g.release(num)
	r.bgOuts += g.sweeps(b, num, last)
	first := r.next
	for r.next < len(r.h.events) && r.h.events[r.next].block == num {
		r.next++
	}
	heistLeft, fails := r.next-first, 0
	for r.bgOuts < target || heistLeft > 0 {
		bgLeft := max(target-r.bgOuts, 0)
		if heistLeft > 0 && r.rng.IntN(bgLeft+heistLeft) < heistLeft {
			r.place(&r.h.events[r.next-heistLeft], num)
			heistLeft--
			continue
		}
		n := g.one(b, num)
		if fails++; n > 0 {
			fails = 0
		} else if fails > 256 {
			r.bgOuts = target // no spendable outputs left
		}
		r.bgOuts += n
	}
	var fees uint64
	for i := 1; i < b.n; i++ {
		fees += b.txs[i].fee()
	}
	g.coinbase(&b.txs[0], num, fees)
	r.bgOuts += 2
}

// place copies heist event e into the block and hands its deposits to the
// exchanges (and the victim's change to the victim).
func (r *btcRun) place(e *bevent, num uint64) {
	t := r.b.add()
	ins, outs := t.ins, t.outs
	*t = e.t
	t.ins = append(ins, e.t.ins...)
	t.outs = append(outs, e.t.outs...)
	t.lock = uint32(num - 1)
	for k, role := range e.role {
		switch {
		case role >= 0:
			r.g.pending(int(role), t.utxo(k), num, true)
		case role == roleVictim:
			r.g.ex[btcVictim].putHot(r.g, t.utxo(k))
		}
	}
	r.heist.Transactions++
	r.heist.Transfers += len(t.outs)
}
