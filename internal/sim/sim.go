package sim

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
)

// Config configures a simulation.
type Config struct {
	Seed       uint64
	Background int    // approximate number of background transfers
	StartBlock uint64 // first block; 0 means DefaultStartBlock
	// Commingle adds attacker addresses that also receive clean value;
	// truth.json then holds the answer per policy (commingle.go).
	Commingle bool
	// ITWorkers, when > 0, adds the IT-worker payroll pattern with that
	// many workers (payroll.go).
	ITWorkers int
}

// DefaultStartBlock is the first block of a simulation by default.
const DefaultStartBlock = 19000000

// Summary reports what a simulation wrote.
type Summary struct {
	Chain        string           `json:"chain"`
	Dir          string           `json:"dir"`
	Seed         uint64           `json:"seed"`
	Files        []string         `json:"files"`
	Blocks       int              `json:"blocks"`
	FirstBlock   uint64           `json:"first_block"`
	LastBlock    uint64           `json:"last_block"`
	Transactions int              `json:"transactions"` // rows of transactions.csv, failed ones too
	Transfers    int              `json:"transfers"`    // value moves as vigil counts them
	Heist        HeistCounts      `json:"heist"`
	Patterns     Patterns         `json:"patterns"`
	Background   BackgroundCounts `json:"background"`
}

// HeistCounts counts the heist's own transactions and transfers.
type HeistCounts struct {
	Transactions int `json:"transactions"`
	Transfers    int `json:"transfers"`
}

// txsPerBlock is the typical number of transactions of a block.
const txsPerBlock = 150

// Eth writes a simulated Ethereum heist with background activity into dir
// (created if needed): the ethereum-etl files, labels.csv and truth.json.
func Eth(dir string, c Config) (Summary, error) {
	if c.Background < 0 || c.ITWorkers < 0 {
		return Summary{}, fmt.Errorf("background %d or it-workers %d is negative", c.Background, c.ITWorkers)
	}
	start := c.StartBlock
	if start == 0 {
		start = DefaultStartBlock
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return Summary{}, err
	}
	d := ids{seed: c.Seed}
	s := newServices(d)
	h := newHeist(newRand(c.Seed), d, &s)
	h.plan()
	if c.Commingle {
		h.planCommingle(c.Seed)
	}
	rng := rand.New(rand.NewPCG(c.Seed, 3))
	nBlocks := schedule(h, rng, start, c.Background)
	pay, nBlocks := planPayroll(c, d, &s, start, nBlocks)

	w, err := newWriter(dir, d)
	if err != nil {
		return Summary{}, err
	}
	sum := Summary{Chain: "eth", Dir: dir, Seed: c.Seed, FirstBlock: start, LastBlock: start + uint64(nBlocks) - 1, Patterns: h.p}
	g := newBackground(rand.New(rand.NewPCG(c.Seed, 2)), d, &s)
	var b block
	var slots []int // block slot of each heist event in the block
	var due []*event
	var rec recorder
	next, bgMoves := 0, 0
	for i := 0; i < nBlocks; i++ {
		num := start + uint64(i)
		b.reset()
		slots = slots[:0]
		first := next
		for next < len(h.events) && h.events[next].tick == int(num) {
			next++
		}
		due = appendEvents(due[:0], h.events[first:next])
		due = pay.appendDue(due, num)
		target := int(int64(c.Background) * int64(i+1) / int64(nBlocks))
		heistLeft := len(due)
		bgMoves += g.sweepDue(&b, num, txsPerBlock/4)
		for bgMoves < target || heistLeft > 0 {
			bgLeft := max(target-bgMoves, 0)
			if heistLeft > 0 && rng.IntN(bgLeft+heistLeft) < heistLeft {
				e := due[len(due)-heistLeft]
				t := b.add()
				calls, tokens := t.calls, t.tokens
				*t = e.t
				t.calls = append(calls, e.t.calls...)
				t.tokens = append(tokens, e.t.tokens...)
				slots = append(slots, b.n-1)
				heistLeft--
				continue
			}
			n0 := b.n
			g.one(&b, num)
			for j := n0; j < b.n; j++ {
				bgMoves += b.txs[j].moves()
			}
		}
		w.writeBlock(num, &b)
		for k, slot := range slots {
			e := due[k]
			e.t.hash = b.txs[slot].hash
			if k >= next-first {
				continue // payroll, not the heist
			}
			rec.add(num, slot, &e.t)
			sum.Heist.Transactions++
			sum.Heist.Transfers += e.t.moves()
			if e.swap >= 0 {
				h.swaps[e.swap].Tx = string(appendHex(nil, e.t.hash[:]))
			}
		}
	}
	if err := w.close(); err != nil {
		return Summary{}, err
	}
	if next != len(h.events) {
		return Summary{}, fmt.Errorf("simulation self-check: %d heist transactions not written", len(h.events)-next)
	}
	sum.Blocks, sum.Transactions, sum.Transfers, sum.Background = w.blocks, w.txs, w.transfers, g.c
	tr := Truth{Chain: "eth", Seed: c.Seed, StartBlock: start, Victim: s.victim.hot.String(), Swaps: h.swaps}
	for _, a := range h.seeds {
		tr.Seeds = append(tr.Seeds, a.String())
	}
	tr.TheftBlock = uint64(h.events[0].tick)
	if err := h.truth(&tr, c, rec.moves, &sum.Patterns); err != nil {
		return Summary{}, fmt.Errorf("simulation self-check: %w", err)
	}
	if err := writeLabels(dir, &s, h.seeds[0], c.Seed); err != nil {
		return Summary{}, err
	}
	if err := pay.finish(dir, c.Seed, &tr, &sum.Patterns); err != nil {
		return Summary{}, err
	}
	if err := writeJSON(dir, "truth.json", tr); err != nil {
		return Summary{}, err
	}
	sum.Files = append(append([]string{}, EthFiles...), "labels.csv", "truth.json")
	return sum, nil
}

// schedule assigns each heist event its block (stored in tick) and sorts
// the events in written order. Phase t of the laundering occupies its own
// range of blocks, so phases stay in order; it returns the block count.
func schedule(h *heist, rng *rand.Rand, start uint64, background int) int {
	phases := 0
	for _, e := range h.events {
		phases = max(phases, e.tick+1)
	}
	// Background transfers are about 1.1 per transaction.
	nBlocks := max(2*phases, (background+txsPerBlock-1)/txsPerBlock)
	stride := nBlocks / phases
	for i := range h.events {
		e := &h.events[i]
		e.tick = int(start) + e.tick*stride + rng.IntN(stride)
	}
	slices.SortStableFunc(h.events, func(x, y event) int { return cmp.Compare(x.tick, y.tick) })
	return nBlocks
}
