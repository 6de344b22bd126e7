package sim

import (
	"cmp"
	"math/big"
	"math/rand/v2"
	"slices"

	"github.com/vigil-project/vigil/internal/chain"
)

// tagPayroll is the namespace of the payroll pattern's addresses (far
// from ids.go's tags); the kind of address is in the index's high bits.
const tagPayroll uint64 = 0x70617972

// Kinds of payroll addresses.
const (
	payEmployer = iota
	payWorker
	payFacilitator
	payDeposit
)

// payroll plans the IT-worker payroll pattern (Config.ITWorkers):
// employers, funded once by a stablecoin withdrawal from an exchange, pay
// workers a salary about monthly; each worker passes most of it on to its
// facilitator within a few blocks; each facilitator then deposits what it
// collected at its exchange deposit address, which sweeps it to the
// exchange's labeled hot wallet. All in the 6-decimal token. It never
// touches the heist's addresses.
type payroll struct {
	rng    *rand.Rand
	d      ids
	s      *services
	events []event
	next   int
	nonce  map[addr]uint64
	months int
	paid   int // salary payments
	emp    []payParty
	work   []payParty
	fac    []payParty
	dep    []payParty
	facX   []int // exchange of each facilitator's deposit address
}

// payParty is one payroll address with its totals.
type payParty struct {
	a              addr
	received, sent *big.Int
	link           int // worker: its facilitator; facilitator: its deposit address
}

// payrollMonths is the number of paydays; a month is at least
// payrollMonthBlocks blocks (the simulation grows to fit them).
const (
	payrollMonths      = 6
	payrollMonthBlocks = 16
)

// planPayroll plans the pattern over blocks [start, start+nBlocks),
// nBlocks grown to fit six months, and returns it with the block count;
// nil (and nBlocks unchanged) when c.ITWorkers is 0.
func planPayroll(c Config, d ids, s *services, start uint64, nBlocks int) (*payroll, int) {
	if c.ITWorkers <= 0 {
		return nil, nBlocks
	}
	nBlocks = max(nBlocks, payrollMonths*payrollMonthBlocks)
	n := c.ITWorkers
	p := &payroll{rng: rand.New(rand.NewPCG(c.Seed, 5)), d: d, s: s, nonce: map[addr]uint64{}, months: payrollMonths}
	p.emp = p.parties(payEmployer, max(1, (n+1)/2))
	p.work = p.parties(payWorker, n)
	p.fac = p.parties(payFacilitator, min(8, 1+n/10))
	p.dep = p.parties(payDeposit, len(p.fac))
	for f := range p.fac {
		p.fac[f].link = f
		p.facX = append(p.facX, f%len(s.exchanges))
	}
	employer := make([]int, n)
	salary := make([]*big.Int, n)
	for w := range p.work {
		p.work[w].link = w % len(p.fac)
		employer[w] = w // every employer pays someone
		if w >= len(p.emp) {
			employer[w] = p.rng.IntN(len(p.emp))
		}
		salary[w] = new(big.Int).SetUint64(uint64(2500+p.rng.IntN(6500))*1e6 + p.rng.Uint64N(1e6))
	}
	monthLen := nBlocks / p.months
	for m := 0; m < p.months; m++ {
		base := start + uint64(m*monthLen)
		p.month(base+3+p.rng.Uint64N(uint64(max(1, monthLen/4))), employer, salary)
	}
	p.fund(start)
	slices.SortStableFunc(p.events, func(x, y event) int { return cmp.Compare(x.tick, y.tick) })
	return p, nBlocks
}

// parties returns k fresh payroll addresses of a kind.
func (p *payroll) parties(kind, k int) []payParty {
	out := make([]payParty, k)
	for i := range out {
		out[i] = payParty{a: p.d.addr(tagPayroll, uint64(kind)<<32|uint64(i)), received: new(big.Int), sent: new(big.Int)}
	}
	return out
}

// month plans one payday at block pd (paid in pd or pd+1): salaries
// (varying by up to 3%), the workers' forwards 1-3 blocks later (keeping
// 5-15%), each facilitator's deposit 1-2 blocks after its last forward
// and the sweep 2-3 blocks after that: at most pd+9.
func (p *payroll) month(pd uint64, employer []int, salary []*big.Int) {
	last := make([]uint64, len(p.fac))
	got := make([]*big.Int, len(p.fac))
	for w := range p.work {
		v := percentDiv(salary[w], 970+p.rng.IntN(61), 1000)
		at := pd + p.rng.Uint64N(2)
		p.send(at, &p.emp[employer[w]], &p.work[w], v)
		p.paid++
		fwd := percentDiv(v, 85+p.rng.IntN(11), 100)
		f := p.work[w].link
		at += 1 + p.rng.Uint64N(3)
		p.send(at, &p.work[w], &p.fac[f], fwd)
		last[f] = max(last[f], at)
		got[f] = new(big.Int).Add(orZero(got[f]), fwd)
	}
	for f := range p.fac {
		if got[f] == nil {
			continue
		}
		at := last[f] + 1 + p.rng.Uint64N(2)
		p.send(at, &p.fac[f], &p.dep[f], got[f])
		hot := payParty{a: p.s.exchanges[p.facX[f]].hot, received: new(big.Int), sent: new(big.Int)}
		p.send(at+2+p.rng.Uint64N(2), &p.dep[f], &hot, got[f])
	}
}

// fund plans each employer's funding: a withdrawal of its whole payroll
// from an exchange hot wallet in the first blocks.
func (p *payroll) fund(start uint64) {
	for e := range p.emp {
		x := p.s.exchanges[e%len(p.s.exchanges)]
		hot := payParty{a: x.hot, received: new(big.Int), sent: new(big.Int)}
		p.send(start+uint64(e%3), &hot, &p.emp[e], new(big.Int).Set(p.emp[e].sent))
	}
}

// send plans a token transfer of v from a to b at block at.
func (p *payroll) send(at uint64, a, b *payParty, v *big.Int) {
	a.sent.Add(a.sent, v)
	b.received.Add(b.received, v)
	tok := p.s.tokens[0].contract
	u, _ := chain.FromBig(v)
	p.events = append(p.events, event{tick: int(at), seq: len(p.events), swap: -1, t: tx{from: a.a, to: tok,
		kind: kindToken, nonce: p.nonce[a.a], tokens: []tokenMove{{token: tok, from: a.a, to: b.a, value: u}}}})
	p.nonce[a.a]++
}

// percentDiv returns v*n/d.
func percentDiv(v *big.Int, n, d int) *big.Int {
	return new(big.Int).Div(new(big.Int).Mul(v, big.NewInt(int64(n))), big.NewInt(int64(d)))
}

// appendDue appends the payroll transactions of block num to due.
func (p *payroll) appendDue(due []*event, num uint64) []*event {
	if p == nil {
		return due
	}
	for p.next < len(p.events) && uint64(p.events[p.next].tick) <= num {
		due = append(due, &p.events[p.next])
		p.next++
	}
	return due
}
