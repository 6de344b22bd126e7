package trace_test

import (
	"sort"
	"strings"
	"testing"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/sim"
	"github.com/vigil-project/vigil/internal/trace"
)

// The hand-computed "own" cases (docs/tracing.md, Own amounts): address 1
// is the seed, A (2) and B (3) intermediaries, 7 and 8 DEX pools, 9 an
// exchange, 10 a sanctioned address (it stops the trace, as in
// screening). Each endpoint is "address asset taint own(asset:amount)".
var ownCases = []struct {
	name  string
	moves []mv
	want  []string
}{
	{
		// The seed sends A 10 eth; A swaps them all at pool 7 for 20,000
		// of token 1 and sends those to S. The tokens account for all
		// 10 eth of the seed's.
		name: "swap",
		moves: []mv{{1, 0, 1, 2, 0, 10},
			{2, 0, 2, 7, 0, 10}, {2, 0, 7, 2, 1, 20000}, {3, 0, 2, 10, 1, 20000}},
		want: []string{"a tok1 20000 eth:10"},
	},
	{
		// A holds 5 clean eth (from the exchange) and gets 10 from the
		// seed: B=15, T=10, own 10 eth. It swaps 6 eth: taint ⌊6·10/15⌋ =
		// 4, own ⌊10·4/10⌋ = 4; A keeps 9 eth, taint 6, own 6. The leg of
		// 12,000 tokens gets taint ⌊12000·4/6⌋ = 8000 and own 4. A sends
		// 9000 tokens to S: taint ⌊9000·8000/12000⌋ = 6000, own
		// ⌊4·6000/8000⌋ = 3 eth. Then its 9 eth to the exchange (a ≥ B:
		// all the taint, 6, and all the own, 6). Mixed: 6 of the seed's 10
		// eth reach the exchange as eth, 3 reach S as tokens, 1 rests with
		// A's 3000 tokens.
		name: "partial swap, mixed",
		moves: []mv{{1, 0, 9, 2, 0, 5}, {1, 1, 1, 2, 0, 10},
			{2, 0, 2, 7, 0, 6}, {2, 0, 7, 2, 1, 12000},
			{3, 0, 2, 10, 1, 9000}, {4, 0, 2, 9, 0, 9}},
		want: []string{"9 eth 6 eth:6", "a tok1 6000 eth:3"},
	},
	{
		// Two swaps. A swaps the seed's 10 eth for 100 of token 1 (own
		// 10) and sends them to B, which already holds 100 clean ones:
		// B=200, T=100, own 10. B swaps 50 at pool 8: taint ⌊50·100/200⌋
		// = 25, own ⌊10·25/100⌋ = 2 (2.5 rounded down); the leg of 300 of
		// token 2 gets taint ⌊300·25/50⌋ = 150 and own 2. B sends all 300
		// to S: taint 150, own 2 eth.
		name: "two swaps",
		moves: []mv{{1, 0, 1, 2, 0, 10}, {1, 1, 4, 3, 1, 100},
			{2, 0, 2, 7, 0, 10}, {2, 0, 7, 2, 1, 100}, {3, 0, 2, 3, 1, 100},
			{4, 0, 3, 8, 1, 50}, {4, 0, 8, 3, 2, 300}, {5, 0, 3, 10, 2, 300}},
		want: []string{"a tok2 150 eth:2"},
	},
	{
		// A swap paid back in two legs of one asset: the own 3 eth split
		// by cumulative rounding, ⌊3·1/2⌋ = 1 then ⌊3·2/2⌋ − 1 = 2, so
		// the legs carry all of it; S gets both tokens and 3 eth of own.
		name: "two legs",
		moves: []mv{{1, 0, 1, 2, 0, 3},
			{2, 0, 2, 7, 0, 3}, {2, 0, 7, 2, 1, 1}, {2, 0, 7, 2, 1, 1}, {3, 0, 2, 10, 1, 2}},
		want: []string{"a tok1 2 eth:3"},
	},
	{
		// A swap into two assets at once (100 of token 1 and 50 of token
		// 2 for the 10 eth) is not converted back: the taint converts as
		// always (⌊100·10/10⌋ = 100), but its own counts in the asset it
		// arrives in, 100 of token 1, as backward traces do.
		name: "two assets back",
		moves: []mv{{1, 0, 1, 2, 0, 10},
			{2, 0, 2, 7, 0, 10}, {2, 0, 7, 2, 1, 100}, {2, 0, 7, 2, 2, 50}, {3, 0, 2, 10, 1, 100}},
		want: []string{"a tok1 100 tok1:100"},
	},
	{
		// The seed swaps itself (10 eth for 20,000 tokens) and sends 5000
		// tokens to S: the tokens are its own sent value, in tokens.
		name:  "seed swaps",
		moves: []mv{{1, 0, 1, 7, 0, 10}, {1, 0, 7, 1, 1, 20000}, {2, 0, 1, 10, 1, 5000}},
		want:  []string{"a tok1 5000 tok1:5000"},
	},
}

func TestSentFlowsOwn(t *testing.T) {
	for _, c := range ownCases {
		t.Run(c.name, func(t *testing.T) {
			got := ownFlows(t, c.moves)
			if strings.Join(got, "|") != strings.Join(c.want, "|") {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}

// ownFlows traces forward from address 1 with own amounts and formats the
// endpoints (sorted).
func ownFlows(t *testing.T, moves []mv) []string {
	t.Helper()
	st := buildChain(t, moves)
	s, err := trace.Open(st, eth)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	svc := map[uint32]trace.Service{}
	for a, v := range map[int]trace.Service{7: {Entity: "Pool", Category: "dex", Stop: true},
		8: {Entity: "Pool2", Category: "dex", Stop: true}, 9: {Entity: "Ex", Category: "exchange", Stop: true},
		10: {Entity: "S", Category: "sanctioned", Stop: true}} {
		if id, ok, _ := s.AddressID(addrOf(a)); ok {
			svc[id] = v
		}
	}
	id, _, _ := s.AddressID(addrOf(1))
	flows, err := s.SentFlows(id, trace.Query{Chain: eth}, trace.NewLabels(svc))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range flows {
		if f.Own == nil {
			t.Fatalf("flow %+v: Own is nil", f)
		}
		out = append(out, flowString(t, s, f))
	}
	sort.Strings(out)
	return out
}

func flowString(t *testing.T, s *trace.Session, f trace.Flow) string {
	t.Helper()
	addr, err := s.AddressName(f.Addr)
	if err != nil {
		t.Fatal(err)
	}
	asset := func(id uint32) string {
		n, err := s.AssetName(id)
		if err != nil {
			t.Fatal(err)
		}
		return shortAsset(n)
	}
	own := make([]string, len(f.Own))
	for i, o := range f.Own {
		own[i] = asset(o.Asset) + ":" + o.Amount.String()
	}
	return strings.TrimLeft(addr[2:], "0") + " " + asset(f.Asset) + " " + f.Amount.String() + " " + strings.Join(own, ",")
}

// TestSentFlowsMatchFlows: tracking own amounts changes nothing else —
// the endpoints and their taint are those of Flows — and under another
// policy SentFlows is Flows (Own nil).
func TestSentFlowsMatchFlows(t *testing.T) {
	st := buildChain(t, ownCases[1].moves)
	s, err := trace.Open(st, eth)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	id, _, _ := s.AddressID(addrOf(1))
	ex, _, _ := s.AddressID(addrOf(9))
	ls := trace.NewLabels(map[uint32]trace.Service{ex: {Entity: "Ex", Category: "exchange", Stop: true}})
	for _, p := range []trace.Policy{trace.Haircut, trace.Poison, trace.FIFO} {
		q := trace.Query{Chain: eth, Policy: p}
		a, err := s.Flows(id, q, ls)
		if err != nil {
			t.Fatal(err)
		}
		b, err := s.SentFlows(id, q, ls)
		if err != nil {
			t.Fatal(err)
		}
		if len(a) != 1 || len(b) != 1 || a[0].Amount != b[0].Amount || a[0].Addr != b[0].Addr {
			t.Errorf("%s: Flows %+v, SentFlows %+v", p, a, b)
		}
		if (b[0].Own == nil) != (p != trace.Haircut) || p == trace.Haircut && b[0].Own[0].Amount != chain.U64(6) {
			t.Errorf("%s: own %+v", p, b[0].Own)
		}
	}
}

// TestSentFlowsOwnSimulatedHeist traces forward from each seed of a
// simulated heist (commingling, DEX swaps of stolen ETH to tokens) with own
// amounts and checks: the endpoints and their taint are those of Flows;
// an endpoint in a seed's asset that no swap touched has own = taint; and
// own is conserved: what reached endpoints plus what rests at addresses
// is exactly what the seed sent, per asset (nothing in the scenario
// comes back to a seed or passes a swap into several assets).
func TestSentFlowsOwnSimulatedHeist(t *testing.T) {
	st, labels, tr := scenario(t, sim.Config{Seed: 7, Background: 3000, Commingle: true})
	s, err := trace.Open(st, eth)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	d, _ := st.Addresses(eth)
	ls, err := trace.LoadLabels(labels, eth, d)
	if err != nil {
		t.Fatal(err)
	}
	converted := 0
	for _, seed := range tr.Seeds {
		id, _, _ := s.AddressID(seed)
		q := trace.Query{Chain: eth}
		plain, err := s.Flows(id, q, ls)
		if err != nil {
			t.Fatal(err)
		}
		own, err := s.SentFlows(id, q, ls)
		if err != nil {
			t.Fatal(err)
		}
		converted += checkOwnFlows(t, plain, own)
		ends, rest := trace.OwnBalance(s, id, q, ls)
		_, sent := s.Totals(id)
		for _, x := range sent {
			if got := add(t, sumOf(ends, x.Asset), sumOf(rest, x.Asset)); got.Cmp(x.Amount) != 0 {
				t.Errorf("seed %s asset %d: own at endpoints + resting = %s, sent %s", seed, x.Asset, got, x.Amount)
			}
		}
	}
	if converted == 0 {
		t.Error("no endpoint reached through a swap: the scenario does not test conversion")
	}
}

// checkOwnFlows compares a forward trace's flows without and with own
// amounts and returns how many endpoints were reached in another asset
// than their own amounts (through a swap).
func checkOwnFlows(t *testing.T, plain, own []trace.Flow) int {
	t.Helper()
	key := func(f trace.Flow) [2]uint32 { return [2]uint32{f.Addr, f.Asset} }
	want := map[[2]uint32]chain.U256{}
	for _, f := range plain {
		want[key(f)] = f.Amount
	}
	if len(own) != len(plain) {
		t.Fatalf("%d flows with own amounts, %d without", len(own), len(plain))
	}
	n := 0
	for _, f := range own {
		if want[key(f)] != f.Amount {
			t.Errorf("flow %+v: taint differs from Flows (%s)", f, want[key(f)])
		}
		if len(f.Own) == 1 && f.Own[0].Asset == f.Asset && f.Own[0].Amount != f.Amount {
			t.Errorf("flow %+v: own in its own asset differs from its taint", f)
		}
		if len(f.Own) > 0 && f.Own[0].Asset != f.Asset {
			n++
		}
	}
	return n
}

func sumOf(ts []trace.AssetTotal, asset uint32) chain.U256 {
	for _, x := range ts {
		if x.Asset == asset {
			return x.Amount
		}
	}
	return chain.U256{}
}

func add(t *testing.T, a, b chain.U256) chain.U256 {
	s, over := a.Add(b)
	if over {
		t.Fatal("overflow")
	}
	return s
}
