package screen_test

import (
	"errors"
	"math/big"
	"sync"
	"testing"

	"github.com/vigil-project/vigil/internal/screen"
	"github.com/vigil-project/vigil/internal/sim"
)

// TestScreenSimulatedHeist screens the parties of a simulated heist with
// commingling and an IT-worker payroll against the built-in rules.
func TestScreenSimulatedHeist(t *testing.T) {
	w := scenario(t, sim.Config{Seed: 7, Background: 5000, Commingle: true, ITWorkers: 12})
	s := screen.New(w.st, w.labels, nil)
	defer s.Close()
	o := screen.Options{Explain: true}
	seed := mustScreen(t, s, w.truth.Seeds[0], o)
	if seed.Risk != screen.High || len(seed.Direct) == 0 || seed.Direct[0].Category != "heist" || seed.Explain.Rule != "heist-or-mixer-direct" {
		t.Errorf("seed: %+v", seed)
	}
	high := 0
	for _, e := range w.truth.Endpoints {
		if e.DepositFor == nil || e.Asset != "eth" {
			continue
		}
		r := mustScreen(t, s, e.Address, o)
		x := exposure(r, "received", "heist")
		if x == nil {
			continue // reached through the unlabeled seed or beyond 3 hops
		}
		high++
		if r.Risk != screen.High || !r.Known {
			t.Errorf("deposit %s: risk %s", e.Address, r.Risk)
		}
		if !near(x.Amount, e.Amount, 2) || x.Total == "" {
			t.Errorf("deposit %s: exposure %s of %s, truth %s", e.Address, x.Amount, x.Total, e.Amount)
		}
	}
	if high < 5 {
		t.Errorf("only %d deposit addresses screened with heist exposure", high)
	}
	clean := 0
	for _, u := range w.users[:50] {
		r := mustScreen(t, s, u, o)
		if len(r.Direct) == 0 && len(r.Indirect) == 0 {
			clean++
			if r.Risk != screen.None || !r.Known || r.Explain.Rule != "clean" {
				t.Errorf("clean user %s: %+v", u, r)
			}
		}
	}
	if clean < 25 {
		t.Errorf("only %d of 50 background users are clean", clean)
	}
	checkPayroll(t, s, w)
}

// checkPayroll: labeled facilitators are high (direct); a worker paying
// a labeled facilitator has sent facilitator exposure.
func checkPayroll(t *testing.T, s *screen.Screener, w *world) {
	t.Helper()
	labeled := map[string]bool{}
	for _, f := range w.truth.ITWorkers.Facilitators {
		r := mustScreen(t, s, f.Address, screen.Options{})
		if f.Labeled != (r.Risk == screen.High) {
			t.Errorf("facilitator %s (labeled %v): risk %s", f.Address, f.Labeled, r.Risk)
		}
		labeled[f.Address] = f.Labeled
	}
	n := 0
	for _, wk := range w.truth.ITWorkers.Workers {
		r := mustScreen(t, s, wk.Address, screen.Options{})
		x := exposure(r, "sent", "facilitator")
		if labeled[wk.Facilitator] != (x != nil) {
			t.Errorf("worker %s of %s: %+v", wk.Address, wk.Facilitator, r)
		}
		if x != nil {
			n++
			if r.Risk.Rank() < screen.Low.Rank() {
				t.Errorf("worker %s: risk %s", wk.Address, r.Risk)
			}
		}
	}
	if n == 0 {
		t.Errorf("no worker has facilitator exposure")
	}
}

// TestScreenEdges: invalid addresses, unknown addresses, no store,
// batches and concurrent use.
func TestScreenEdges(t *testing.T) {
	w := scenario(t, sim.Config{Seed: 3, Background: 1000})
	s := screen.New(w.st, w.labels, nil)
	defer s.Close()
	for _, bad := range []string{"", "0x12", "0x" + "zz" + w.truth.Seeds[0][4:], "0xA4bf6a657402ced1911cafea0e9325733813ace6"} {
		if _, err := s.Screen(eth, bad, screen.Options{}); !errors.Is(err, screen.ErrInvalidAddress) {
			t.Errorf("%q: %v", bad, err)
		}
	}
	unknown := "0x000000000000000000000000000000000000dead"
	r := mustScreen(t, s, unknown, screen.Options{})
	if r.Known || r.Risk != screen.None || r.Direct == nil || r.Indirect == nil {
		t.Errorf("unknown: %+v", r)
	}
	d := screen.New(nil, w.labels, nil)
	if r, err := d.Screen(eth, w.truth.Seeds[0], screen.Options{}); err != nil || r.Risk != screen.High || len(r.Indirect) != 0 {
		t.Errorf("no store: %+v %v", r, err)
	}
	_, err := s.ScreenBatch(eth, []string{w.truth.Seeds[0], "0x1"}, screen.Options{})
	var be *screen.BatchError
	if !errors.As(err, &be) || be.Index != 1 {
		t.Errorf("batch: %v", err)
	}
	addrs := append(append([]string(nil), w.users[:20]...), w.truth.Seeds...)
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, a := range addrs {
				if _, err := s.Screen(eth, a, screen.Options{}); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
}

func mustScreen(t *testing.T, s *screen.Screener, addr string, o screen.Options) screen.Result {
	t.Helper()
	r, err := s.Screen(eth, addr, o)
	if err != nil {
		t.Fatalf("screen %s: %v", addr, err)
	}
	return r
}

func exposure(r screen.Result, dir, cat string) *screen.Indirect {
	for i := range r.Indirect {
		if x := &r.Indirect[i]; x.Direction == dir && x.Category == cat {
			return x
		}
	}
	return nil
}

// near reports |a-b| ≤ tol (decimal strings).
func near(a, b string, tol int64) bool {
	x, ok1 := new(big.Int).SetString(a, 10)
	y, ok2 := new(big.Int).SetString(b, 10)
	return ok1 && ok2 && new(big.Int).Abs(x.Sub(x, y)).Cmp(big.NewInt(tol)) <= 0
}
