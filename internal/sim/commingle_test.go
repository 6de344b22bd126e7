package sim

import (
	"bytes"
	"math/big"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func simulateWith(t *testing.T, c Config) (string, Summary, Truth) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "out")
	s, err := Eth(dir, c)
	if err != nil {
		t.Fatal(err)
	}
	return dir, s, readTruth(t, dir)
}

// TestOptionsDeterminism: the same seed with the options on writes the
// same bytes; the options change the output.
func TestOptionsDeterminism(t *testing.T) {
	c := Config{Seed: 42, Background: 3000, Commingle: true, ITWorkers: 12}
	a, sa, _ := simulateWith(t, c)
	b, sb, _ := simulateWith(t, c)
	off, _, _ := simulateWith(t, Config{Seed: 42, Background: 3000})
	sa.Dir, sb.Dir = "", ""
	if !reflect.DeepEqual(sa, sb) {
		t.Errorf("summaries differ:\n%+v\n%+v", sa, sb)
	}
	for _, name := range sa.Files {
		x, _ := os.ReadFile(filepath.Join(a, name))
		y, _ := os.ReadFile(filepath.Join(b, name))
		z, _ := os.ReadFile(filepath.Join(off, name))
		if len(x) == 0 || !bytes.Equal(x, y) {
			t.Errorf("%s: same config, different bytes", name)
		}
		if bytes.Equal(x, z) {
			t.Errorf("%s: same bytes with and without the options", name)
		}
	}
}

// TestReplayMatchesTruth cross-checks the reference replay and the
// generator's ledger: without commingling, the replay of every move of
// the written files (read back with vigil's ethereum-etl parser) gives
// the no-policy truth under each of the three policies.
func TestReplayMatchesTruth(t *testing.T) {
	for _, seed := range []uint64{42, 7} {
		dir, _, tr := simulateWith(t, Config{Seed: seed, Background: 2000})
		if tr.Policies != nil || tr.Commingled != nil || tr.ITWorkers != nil {
			t.Fatalf("seed %d: optional sections without the options", seed)
		}
		in := csvInput(t, dir, tr)
		want := PolicyTruth{Stolen: tr.Stolen, Endpoints: tr.Endpoints, Resting: tr.Resting}
		for p, name := range policyNames {
			if got := policyOf(runReplay(in, policy(p))); !reflect.DeepEqual(got, want) {
				t.Errorf("seed %d, %s: replay differs from the truth:\n got %+v\nwant %+v", seed, name, got, want)
			}
		}
	}
}

// TestCommingleTruth checks truth.json with commingling: per-policy
// answers that differ, conservation per policy (poison: at least
// haircut), the top level equal to haircut, and the generator's replay
// (moves touching attacker addresses) equal to a replay of every move
// of the written files.
func TestCommingleTruth(t *testing.T) {
	for _, seed := range []uint64{1, 2, 99} {
		dir, s, tr := simulateWith(t, Config{Seed: seed, Background: 1500, Commingle: true})
		if s.Patterns.Commingle != 4*commingleRounds || len(tr.Commingled) != s.Patterns.Commingle {
			t.Errorf("seed %d: %d commingled addresses, truth lists %d", seed, s.Patterns.Commingle, len(tr.Commingled))
		}
		hc, po, ff := tr.Policies["haircut"], tr.Policies["poison"], tr.Policies["fifo"]
		if !reflect.DeepEqual(tr.Endpoints, hc.Endpoints) || !reflect.DeepEqual(tr.Resting, hc.Resting) ||
			!reflect.DeepEqual(tr.Stolen, hc.Stolen) || !reflect.DeepEqual(tr.Conservation, hc.Conservation) {
			t.Errorf("seed %d: top level is not the haircut answer", seed)
		}
		checkConserved(t, hc)
		checkConserved(t, ff)
		checkCovers(t, po, hc)
		if n := allDiffer(hc, po, ff); n < commingleRounds {
			t.Errorf("seed %d: %d endpoints where haircut, poison and fifo all differ", seed, n)
		}
		in := csvInput(t, dir, tr)
		for p, name := range policyNames {
			got, want := policyOf(runReplay(in, policy(p))), tr.Policies[name]
			want.Conservation = nil
			if !reflect.DeepEqual(got, want) {
				t.Errorf("seed %d, %s: replay of the files differs from truth.json:\n got %+v\nwant %+v", seed, name, got, want)
			}
		}
	}
}

func bigOf(t *testing.T, s string) *big.Int {
	t.Helper()
	v, ok := new(big.Int).SetString(s, 10)
	if !ok || v.Sign() <= 0 {
		t.Fatalf("bad amount %q", s)
	}
	return v
}

// checkConserved recomputes stolen = endpoints + resting per asset.
func checkConserved(t *testing.T, p PolicyTruth) {
	t.Helper()
	sum := map[string]*big.Int{}
	for _, e := range p.Endpoints {
		addTo(sum, e.Asset, bigOf(t, e.Amount))
	}
	for _, r := range p.Resting {
		addTo(sum, r.Asset, bigOf(t, r.Amount))
	}
	for _, s := range p.Stolen {
		if orZero(sum[s.Asset]).String() != s.Amount {
			t.Errorf("%s: stolen %s, endpoints + resting %v", s.Asset, s.Amount, sum[s.Asset])
		}
	}
	if len(p.Conservation) != len(p.Stolen) {
		t.Errorf("conservation %+v", p.Conservation)
	}
}

// checkCovers checks poison gives at least haircut at each endpoint.
func checkCovers(t *testing.T, po, hc PolicyTruth) {
	t.Helper()
	got := map[string]string{}
	for _, e := range po.Endpoints {
		got[e.Address+e.Asset] = e.Amount
	}
	for _, e := range hc.Endpoints {
		if g, ok := got[e.Address+e.Asset]; !ok || bigOf(t, g).Cmp(bigOf(t, e.Amount)) < 0 {
			t.Errorf("poison %q < haircut %s at %s", g, e.Amount, e.Address)
		}
	}
}

// allDiffer counts endpoints whose amounts differ under all three.
func allDiffer(hc, po, ff PolicyTruth) int {
	amt := func(p PolicyTruth) map[string]string {
		m := map[string]string{}
		for _, e := range p.Endpoints {
			m[e.Address+e.Asset] = e.Amount
		}
		return m
	}
	h, p, f := amt(hc), amt(po), amt(ff)
	n := 0
	for k, v := range h {
		if v != p[k] && v != f[k] && p[k] != f[k] {
			n++
		}
	}
	return n
}
