package sim

import (
	"fmt"
	"math/big"
	"reflect"
	"testing"
)

// Names of the hand-built replay cases' addresses: S is the seed, U a
// clean user, X an exchange hot wallet (entity Ex), P a DEX pool, H an
// address labeled heist (does not stop a trace); the others are unlabeled.
var handNames = []string{"S", "U", "X", "P", "H", "M", "N", "Q", "W", "Z", "D", "E", "V"}

func handAddr(name string) addr {
	var a addr
	copy(a[:], name)
	return a
}

func handName(a addr) string {
	for _, n := range handNames {
		if handAddr(n) == a {
			return n
		}
	}
	return a.String()
}

// hand is one step of a hand-built case: "block.tx from to amount asset".
type hand struct {
	block, tx uint64
	from, to  string
	amount    int64
	asset     string // "" is eth
}

func handInput(steps []hand, since uint64) *replayIn {
	in := &replayIn{seeds: map[addr]bool{handAddr("S"): true}, since: since, labels: map[addr]rlabel{
		handAddr("X"): {"Ex", "exchange"}, handAddr("P"): {"Pool", "dex"}, handAddr("H"): {"Hacker", "heist"}}}
	var pos uint32
	for i, s := range steps {
		if i > 0 && (s.block != steps[i-1].block || s.tx != steps[i-1].tx) {
			pos = 0
		}
		asset := "eth"
		if s.asset != "" {
			asset = "eth:" + s.asset
		}
		in.moves = append(in.moves, rmove{block: s.block, tx: uint32(s.tx), pos: pos, from: handAddr(s.from),
			to: handAddr(s.to), asset: asset, amount: big.NewInt(s.amount)})
		pos++
	}
	return in
}

// handResult renders a replay's endpoints and resting as "ADDR asset" ->
// amount ("end " or "rest " prefix).
func handResult(o *replayOut) map[string]string {
	out := map[string]string{}
	for _, k := range o.ends.order {
		out[fmt.Sprintf("end %s %s", handName(k.a), k.asset)] = o.ends.m[k].String()
	}
	for _, k := range o.rest.order {
		out[fmt.Sprintf("rest %s %s", handName(k.a), k.asset)] = o.rest.m[k].String()
	}
	return out
}

// TestReplayHand checks the reference replay against cases computed by
// hand from docs/tracing.md.
func TestReplayHand(t *testing.T) {
	cases := []struct {
		name  string
		since uint64
		steps []hand
		want  [3]map[string]string // haircut, poison, fifo
	}{{
		// M holds 10 clean, receives 30 tainted (B=40, T=30), sends 15 to
		// the deposit address D and 25 to Z.
		// haircut: 15 carries floor(15*30/40) = floor(11.25) = 11; then
		// B=25, T=19 and 25 >= B carries all 19.
		// poison: 15 and 25 in full. fifo: [10 clean][30 tainted]: 15
		// takes 10 clean + 5 tainted; 25 takes 25 tainted.
		name: "clean first", since: 2,
		steps: []hand{{1, 0, "U", "M", 10, ""}, {2, 0, "S", "M", 30, ""}, {3, 0, "M", "D", 15, ""},
			{4, 0, "M", "Z", 25, ""}, {5, 0, "D", "X", 15, ""}},
		want: [3]map[string]string{
			{"end D eth": "11", "rest Z eth": "19"},
			{"end D eth": "15", "rest Z eth": "25"},
			{"end D eth": "5", "rest Z eth": "25"}},
	}, {
		// N: 7 tainted, 5 clean, 9 tainted (B=21, T=16); sends 8 to D then
		// 13 to W. haircut: floor(8*16/21) = floor(6.09) = 6, then B=13,
		// T=10, all 10 go to W. fifo: [7t][5c][9t]: 8 = 7t + 1c; 13 = 4c +
		// 9t. poison: 8 and 13 in full.
		name: "clean between", since: 1,
		steps: []hand{{1, 0, "S", "N", 7, ""}, {2, 0, "U", "N", 5, ""}, {3, 0, "S", "N", 9, ""},
			{4, 0, "N", "D", 8, ""}, {5, 0, "N", "W", 13, ""}, {6, 0, "D", "X", 8, ""}},
		want: [3]map[string]string{
			{"end D eth": "6", "rest W eth": "10"},
			{"end D eth": "8", "rest W eth": "13"},
			{"end D eth": "7", "rest W eth": "9"}},
	}, {
		// M gets 20 from U and 4 from S before since (clean), pays 6 back:
		// activation balance 18 clean, then 1 tainted (B=19, T=1). 9 to D:
		// haircut floor(9/19) = 0, fifo 9 clean: no endpoint; poison 9.
		// Resting: haircut 1, fifo [9c][1t] -> 1, poison B = 10.
		name: "activation balance", since: 3,
		steps: []hand{{1, 0, "U", "M", 20, ""}, {1, 1, "S", "M", 4, ""}, {2, 0, "M", "U", 6, ""},
			{3, 0, "S", "M", 1, ""}, {4, 0, "M", "D", 9, ""}, {5, 0, "D", "X", 9, ""}},
		want: [3]map[string]string{
			{"rest M eth": "1"},
			{"end D eth": "9", "rest M eth": "10"},
			{"rest M eth": "1"}},
	}, {
		// Q: 10 clean eth, 100 clean tok, 30 tainted eth (B=40, T=30);
		// swaps 20 eth for 400 tok at pool P; deposits 200 tok at D.
		// haircut: the 20 eth carry floor(20*30/40) = 15; 400 tok carry
		// floor(400*15/20) = 300; tok B=500, T=300; 200 carry
		// floor(200*300/500) = 120. Rest: eth 15, tok 180.
		// fifo: 20 eth = 10c + 10t; tok leg floor(400*10/20) = 200 tainted
		// first: [100c][200t][200c]; 200 = 100c + 100t. Rest: eth 20, tok
		// [100t][200c] -> 100.
		// poison: 20 eth tainted, 400 tok tainted, D gets 200; rest eth 20,
		// tok B = 300. The pool is never an endpoint.
		name: "commingled swap", since: 2,
		steps: []hand{{1, 0, "U", "Q", 10, ""}, {1, 1, "U", "Q", 100, "tok"}, {2, 0, "S", "Q", 30, ""},
			{3, 0, "Q", "P", 20, ""}, {3, 0, "P", "Q", 400, "tok"}, {4, 0, "Q", "D", 200, "tok"},
			{5, 0, "D", "X", 200, "tok"}},
		want: [3]map[string]string{
			{"end D eth:tok": "120", "rest Q eth": "15", "rest Q eth:tok": "180"},
			{"end D eth:tok": "200", "rest Q eth": "20", "rest Q eth:tok": "300"},
			{"end D eth:tok": "100", "rest Q eth": "20", "rest Q eth:tok": "100"}},
	}, {
		// Taint sent back to the seed counts nowhere; a heist label does
		// not stop a trace (H holds 6).
		name: "back to seed", since: 1,
		steps: []hand{{1, 0, "S", "M", 10, ""}, {2, 0, "M", "S", 4, ""}, {3, 0, "M", "H", 6, ""}},
		want:  [3]map[string]string{{"rest H eth": "6"}, {"rest H eth": "6"}, {"rest H eth": "6"}},
	}, {
		// D sends 96% to Ex: a deposit address (endpoint 100). E sends
		// 94%: not one; it is walked through: X gets 94, V holds 6 (V
		// already had 4 clean from D: poison holds all 10).
		name: "deposit rule", since: 1,
		steps: []hand{{1, 0, "S", "D", 100, ""}, {1, 1, "S", "E", 100, ""}, {2, 0, "D", "X", 96, ""},
			{2, 1, "D", "V", 4, ""}, {2, 2, "E", "X", 94, ""}, {2, 3, "E", "V", 6, ""}},
		want: [3]map[string]string{
			{"end D eth": "100", "end X eth": "94", "rest V eth": "6"},
			{"end D eth": "100", "end X eth": "94", "rest V eth": "10"},
			{"end D eth": "100", "end X eth": "94", "rest V eth": "6"}},
	}}
	for _, c := range cases {
		for p, want := range c.want {
			o := runReplay(handInput(c.steps, c.since), policy(p))
			if got := handResult(o); !reflect.DeepEqual(got, want) {
				t.Errorf("%s, %s:\n got %v\nwant %v", c.name, policyNames[p], got, want)
			}
			if o.ends.m[key{handAddr("P"), "eth"}] != nil {
				t.Errorf("%s, %s: the pool is an endpoint", c.name, policyNames[p])
			}
		}
	}
}

// TestReplayDepositFor checks the endpoint of a deposit address names the
// exchange and its wallet.
func TestReplayDepositFor(t *testing.T) {
	o := runReplay(handInput([]hand{{1, 0, "S", "D", 5, ""}, {2, 0, "D", "X", 5, ""}}, 1), haircut)
	info := o.info[handAddr("D")]
	if info.entity != "Ex" || info.category != "exchange" || info.depositFor == nil || *info.depositFor != handAddr("X") {
		t.Errorf("deposit endpoint %+v", info)
	}
	if o.created["eth"].String() != "5" {
		t.Errorf("created %v", o.created)
	}
}
