package sim

import (
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"strconv"
)

// ITWorkers is the IT-worker payroll pattern in truth.json: employers pay
// workers salaries in a stablecoin (Asset), workers pass most of it to
// facilitators, facilitators deposit it at exchange deposit addresses
// (Deposits, which sweep all of it to the exchange's hot wallet). Amounts
// are token base units. Only facilitators with Labeled set are in
// labels.csv (category facilitator); workers and employers are not.
type ITWorkers struct {
	Asset        string         `json:"asset"`
	Months       int            `json:"months"`
	Payments     int            `json:"payments"`   // salary payments
	TotalPaid    string         `json:"total_paid"` // all salaries
	Employers    []PayrollParty `json:"employers"`
	Workers      []PayrollParty `json:"workers"`
	Facilitators []PayrollParty `json:"facilitators"`
	Deposits     []Endpoint     `json:"deposits"`
}

// PayrollParty is one address of the payroll pattern with what it
// received and sent in the pattern (an employer receives its funding
// withdrawal and sends salaries).
type PayrollParty struct {
	Address  string `json:"address"`
	Received string `json:"received"`
	Sent     string `json:"sent"`
	// Facilitator is a worker's facilitator; Deposit a facilitator's
	// exchange deposit address.
	Facilitator string `json:"facilitator,omitempty"`
	Deposit     string `json:"deposit,omitempty"`
	Labeled     bool   `json:"labeled,omitempty"` // in labels.csv
}

// Labels of facilitators (fictitious entity, the actor of the pattern).
const (
	facilitatorEntity = "Simulated IT Facilitator"
	facilitatorActor  = "DPRK IT workers"
)

// labeled reports whether facilitator f is labeled: every other one.
func (p *payroll) labeled(f int) bool { return f%2 == 0 }

// finish checks the written pattern, adds it to tr, counts it in pat and
// appends the labeled facilitators to labels.csv. It does nothing when p
// is nil.
func (p *payroll) finish(dir string, seed uint64, tr *Truth, pat *Patterns) error {
	if p == nil {
		return nil
	}
	if err := p.check(); err != nil {
		return fmt.Errorf("simulation self-check: payroll: %w", err)
	}
	pat.PayrollPayments, pat.Workers, pat.Facilitators = p.paid, len(p.work), len(p.fac)
	tr.ITWorkers = p.truth()
	return p.appendLabels(dir, seed)
}

// check replays the written payroll transactions in order: no worker,
// facilitator or deposit address ever sends more than it holds, and each
// ends with its planned totals (deposit addresses empty).
func (p *payroll) check() error {
	if p.next != len(p.events) {
		return fmt.Errorf("%d transactions not written", len(p.events)-p.next)
	}
	bal, in, out := newSums(), newSums(), newSums()
	const asset = "tok"
	for i := range p.events {
		m := p.events[i].t.tokens[0]
		v := m.value.Big()
		out.add(key{m.from, asset}, v)
		in.add(key{m.to, asset}, v)
		b := bal.get(key{m.from, asset})
		if b.Sub(b, v).Sign() < 0 && !p.isFunder(m.from) {
			return fmt.Errorf("%s sends more than it holds at block %d", m.from, p.events[i].tick)
		}
		bal.add(key{m.to, asset}, v)
	}
	for _, group := range [][]payParty{p.emp, p.work, p.fac, p.dep} {
		for _, q := range group {
			if in.get(key{q.a, asset}).Cmp(q.received) != 0 || out.get(key{q.a, asset}).Cmp(q.sent) != 0 {
				return fmt.Errorf("%s: totals differ from the plan", q.a)
			}
		}
	}
	for _, q := range p.dep {
		if q.received.Cmp(q.sent) != 0 {
			return fmt.Errorf("deposit address %s keeps %s", q.a, new(big.Int).Sub(q.received, q.sent))
		}
	}
	return nil
}

// isFunder reports whether a is an exchange hot wallet (its balance is
// outside the simulation).
func (p *payroll) isFunder(a addr) bool {
	for _, x := range p.s.exchanges {
		if x.hot == a {
			return true
		}
	}
	return false
}

// truth describes the pattern for truth.json.
func (p *payroll) truth() *ITWorkers {
	t := &ITWorkers{Asset: p.s.asset(0), Months: p.months, Payments: p.paid}
	total := new(big.Int)
	for _, q := range p.emp {
		total.Add(total, q.sent)
		t.Employers = append(t.Employers, q.doc())
	}
	t.TotalPaid = total.String()
	for _, q := range p.work {
		d := q.doc()
		d.Facilitator = p.fac[q.link].a.String()
		t.Workers = append(t.Workers, d)
	}
	for f, q := range p.fac {
		d := q.doc()
		d.Deposit, d.Labeled = p.dep[f].a.String(), p.labeled(f)
		t.Facilitators = append(t.Facilitators, d)
		x := p.s.exchanges[p.facX[f]]
		hot := x.hot.String()
		t.Deposits = append(t.Deposits, Endpoint{Address: p.dep[f].a.String(), Entity: x.entity, Category: "exchange",
			DepositFor: &hot, Asset: p.s.asset(0), Amount: p.dep[f].received.String()})
	}
	return t
}

func (q payParty) doc() PayrollParty {
	return PayrollParty{Address: q.a.String(), Received: q.received.String(), Sent: q.sent.String()}
}

// appendLabels appends the labeled facilitators to labels.csv.
func (p *payroll) appendLabels(dir string, seed uint64) error {
	f, err := os.OpenFile(filepath.Join(dir, "labels.csv"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	var b []byte
	src := "vigil-simulate seed " + strconv.FormatUint(seed, 10)
	for i, q := range p.fac {
		if p.labeled(i) {
			b = append(b, "eth,"+q.a.String()+","+facilitatorEntity+",facilitator,"+src+",80,"+facilitatorActor+",CLEAR,payroll consolidation\n"...)
		}
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
