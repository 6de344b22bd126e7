package sim

import (
	"math/big"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/ingest/ethetl"
)

// TestPayroll checks the IT-worker payroll pattern: counts, totals that
// add up, labels for a subset of facilitators only, deposit addresses
// that the deposit rule recognizes in the written files, transactions
// interleaved with the background, and a heist answer left unchanged.
func TestPayroll(t *testing.T) {
	dir, s, tr := simulateWith(t, Config{Seed: 3, Background: 2000, ITWorkers: 20})
	w := tr.ITWorkers
	if w == nil || len(w.Workers) != 20 || len(w.Facilitators) != 3 || len(w.Employers) != 10 || w.Months != payrollMonths {
		t.Fatalf("it_workers %+v", w)
	}
	if s.Patterns.Workers != 20 || s.Patterns.Facilitators != 3 || s.Patterns.PayrollPayments != 20*payrollMonths || w.Payments != s.Patterns.PayrollPayments {
		t.Errorf("patterns %+v, payments %d", s.Patterns, w.Payments)
	}
	checkPayrollTotals(t, w)
	checkPayrollLabels(t, dir, w)
	checkPayrollFiles(t, dir, tr)
	_, _, plain := simulateWith(t, Config{Seed: 3, Background: 2000})
	if !reflect.DeepEqual(tr.Endpoints, plain.Endpoints) || !reflect.DeepEqual(tr.Resting, plain.Resting) || !reflect.DeepEqual(tr.Stolen, plain.Stolen) {
		t.Errorf("payroll changes the heist's answer")
	}
	if _, err := Eth(filepath.Join(t.TempDir(), "x"), Config{ITWorkers: -1}); err == nil {
		t.Errorf("negative ITWorkers accepted")
	}
}

// checkPayrollTotals: employers pay the total; workers receive it and
// pass most of it on; facilitators pass on all they collect.
func checkPayrollTotals(t *testing.T, w *ITWorkers) {
	t.Helper()
	sum := func(ps []PayrollParty, sent bool) *big.Int {
		s := new(big.Int)
		for _, p := range ps {
			v := p.Received
			if sent {
				v = p.Sent
			}
			s.Add(s, bigOf(t, v))
		}
		return s
	}
	paid := sum(w.Employers, true)
	if paid.String() != w.TotalPaid || sum(w.Workers, false).Cmp(paid) != 0 || sum(w.Employers, false).Cmp(paid) != 0 {
		t.Errorf("total paid %s, employers sent %s, workers received %s", w.TotalPaid, paid, sum(w.Workers, false))
	}
	if f := sum(w.Facilitators, false); f.Cmp(sum(w.Workers, true)) != 0 || f.Cmp(sum(w.Facilitators, true)) != 0 {
		t.Errorf("facilitators received %s, workers sent %s", f, sum(w.Workers, true))
	}
	facs := map[string]PayrollParty{}
	for _, f := range w.Facilitators {
		facs[f.Address] = f
	}
	for _, x := range w.Workers {
		if _, ok := facs[x.Facilitator]; !ok || bigOf(t, x.Sent).Cmp(bigOf(t, x.Received)) >= 0 {
			t.Errorf("worker %+v", x)
		}
	}
	for i, d := range w.Deposits {
		if f := w.Facilitators[i]; f.Deposit != d.Address || f.Sent != d.Amount || d.Asset != w.Asset {
			t.Errorf("facilitator %+v, deposit %+v", f, d)
		}
	}
}

// checkPayrollLabels: labels.csv has the labeled facilitators (category
// facilitator) and no other payroll address.
func checkPayrollLabels(t *testing.T, dir string, w *ITWorkers) {
	t.Helper()
	labels := readLabelMap(t, dir)
	nLabeled := 0
	for _, f := range w.Facilitators {
		l, ok := labels[parseAddr(t, f.Address)]
		if ok != f.Labeled || (ok && (l.category != "facilitator" || l.entity != facilitatorEntity)) {
			t.Errorf("facilitator %+v: label %+v", f, l)
		}
		if ok {
			nLabeled++
		}
	}
	if nLabeled == 0 || nLabeled == len(w.Facilitators) {
		t.Errorf("%d of %d facilitators labeled, want a subset", nLabeled, len(w.Facilitators))
	}
	for _, group := range [][]PayrollParty{w.Workers, w.Employers} {
		for _, p := range group {
			if l, ok := labels[parseAddr(t, p.Address)]; ok {
				t.Errorf("%s is labeled %+v", p.Address, l)
			}
		}
	}
}

// checkPayrollFiles reads the files back with vigil's ethereum-etl parser:
// the deposit rule of docs/tracing.md finds each facilitator's deposit
// address with its exchange and wallet, and each block holding payroll
// transactions holds background ones too.
func checkPayrollFiles(t *testing.T, dir string, tr Truth) {
	t.Helper()
	in := csvInput(t, dir, tr)
	x := newDepositIndex(in)
	for _, d := range tr.ITWorkers.Deposits {
		e := x.classify(parseAddr(t, d.Address))
		if e == nil || e.entity != d.Entity || e.depositFor.String() != *d.DepositFor {
			t.Errorf("deposit %+v: rule finds %+v", d, e)
		}
	}
	payroll := map[addr]bool{}
	for _, g := range [][]PayrollParty{tr.ITWorkers.Employers, tr.ITWorkers.Workers, tr.ITWorkers.Facilitators} {
		for _, p := range g {
			payroll[parseAddr(t, p.Address)] = true
		}
	}
	var addrs, tokens chain.MapInterner
	blocks, err := ethetl.ParseDir(dir, ethetl.Options{Addrs: &addrs, Tokens: &tokens})
	if err != nil {
		t.Fatal(err)
	}
	mixed, alone := 0, 0
	for _, b := range blocks {
		pay := 0
		for _, m := range b.Transfers {
			var from addr
			copy(from[:], addrs.Key(uint32(m.From)))
			if payroll[from] {
				pay++
			}
		}
		switch {
		case pay > 0 && len(b.Transfers) > pay:
			mixed++
		case pay > 0:
			alone++
		}
	}
	if mixed == 0 || alone > mixed/10 {
		t.Errorf("payroll blocks: %d with background, %d without", mixed, alone)
	}
}
