package trace_test

import (
	"errors"
	"sort"
	"strings"
	"testing"

	"github.com/vigil-project/vigil/internal/inputerr"
	"github.com/vigil-project/vigil/internal/trace"
)

// answer is a trace result in short form: "addr asset amount" for
// endpoints (plus entity and deposit wallet) and resting value.
type answer struct {
	ends, rest []string
}

func short(res *trace.Result) answer {
	var a answer
	for _, e := range res.Endpoints {
		s := strings.TrimLeft(e.Address[2:], "0") + " " + shortAsset(e.Asset) + " " + e.Amount + " " + e.Entity
		if e.DepositFor != nil {
			s += " via " + strings.TrimLeft((*e.DepositFor)[2:], "0")
		}
		a.ends = append(a.ends, s)
	}
	for _, r := range res.Resting {
		a.rest = append(a.rest, strings.TrimLeft(r.Address[2:], "0")+" "+shortAsset(r.Asset)+" "+r.Amount)
	}
	sort.Strings(a.ends)
	sort.Strings(a.rest)
	return a
}

func shortAsset(s string) string {
	if s == "eth" {
		return "eth"
	}
	return "tok" + strings.TrimLeft(s[len("eth:0xee"):], "0")
}

// The hand-computed cases of docs/tracing.md. Address 1 is the seed, 3 and
// 8 are exchange wallets, 9 a clean sender; since-block is 2.
var cases = []struct {
	name    string
	moves   []mv
	maxHops int
	want    map[trace.Policy]answer
}{
	{
		// A (2) holds 10 clean, gets 30 tainted, sends 15 to the exchange
		// and 25 to C (4). Haircut: ⌊15·30/40⌋ = 11, then the rest 19.
		// FIFO: 10 clean + 5 tainted, then 25 tainted. Poison: all.
		name:  "commingled",
		moves: []mv{{1, 0, 9, 2, 0, 10}, {2, 0, 1, 2, 0, 30}, {3, 0, 2, 3, 0, 15}, {4, 0, 2, 4, 0, 25}},
		want: map[trace.Policy]answer{
			trace.Haircut: {ends: []string{"3 eth 11 Ex"}, rest: []string{"4 eth 19"}},
			trace.Poison:  {ends: []string{"3 eth 15 Ex"}, rest: []string{"4 eth 25"}},
			trace.FIFO:    {ends: []string{"3 eth 5 Ex"}, rest: []string{"4 eth 25"}},
		},
	},
	{
		// A holds 20 clean ETH, gets 100 tainted, swaps 60 ETH at pool 6
		// for 1000 tokens, sends all 1000 tokens to the exchange.
		// Haircut: 60 carries ⌊60·100/120⌋ = 50, tokens ⌊1000·50/60⌋ = 833;
		// ETH left 60 with 50 tainted. FIFO: 20 clean + 40 tainted → 666
		// tainted tokens; 60 tainted ETH left. Poison: everything.
		name:  "swap",
		moves: []mv{{1, 0, 9, 2, 0, 20}, {2, 0, 1, 2, 0, 100}, {3, 0, 2, 6, 0, 60}, {3, 0, 6, 2, 1, 1000}, {4, 0, 2, 3, 1, 1000}},
		want: map[trace.Policy]answer{
			trace.Haircut: {ends: []string{"3 tok1 833 Ex"}, rest: []string{"2 eth 50"}},
			trace.Poison:  {ends: []string{"3 tok1 1000 Ex"}, rest: []string{"2 eth 60"}},
			trace.FIFO:    {ends: []string{"3 tok1 666 Ex"}, rest: []string{"2 eth 60"}},
		},
	},
	{
		// D (7) sweeps everything to wallet 8 (exchange Ex2): a deposit
		// address. E (10) sends half to 8 and half to 11: not a deposit,
		// walked through.
		name: "deposit",
		moves: []mv{{2, 0, 1, 7, 0, 50}, {2, 1, 1, 10, 0, 50}, {3, 0, 9, 7, 0, 10},
			{5, 0, 7, 8, 0, 50}, {5, 1, 10, 8, 0, 25}, {5, 2, 10, 11, 0, 25}, {6, 0, 7, 8, 0, 10}},
		want: map[trace.Policy]answer{
			trace.Haircut: {ends: []string{"7 eth 50 Ex2 via 8", "8 eth 25 Ex2"}, rest: []string{"b eth 25"}},
			trace.Poison:  {ends: []string{"7 eth 50 Ex2 via 8", "8 eth 25 Ex2"}, rest: []string{"b eth 25"}},
			trace.FIFO:    {ends: []string{"7 eth 50 Ex2 via 8", "8 eth 25 Ex2"}, rest: []string{"b eth 25"}},
		},
	},
	{
		// One transaction: seed → forwarder 12 → 13 and 14 by internal
		// calls; value sent before since-block (block 1) is not taint.
		name:  "forwarder",
		moves: []mv{{1, 0, 1, 13, 0, 99}, {2, 0, 1, 12, 0, 10}, {2, 0, 12, 13, 0, 6}, {2, 0, 12, 14, 0, 4}},
		want: map[trace.Policy]answer{
			trace.Haircut: {rest: []string{"d eth 6", "e eth 4"}},
			trace.Poison:  {rest: []string{"d eth 105", "e eth 4"}},
			trace.FIFO:    {rest: []string{"d eth 6", "e eth 4"}},
		},
	},
	{
		// With --max-hops 2 the chain 1 → 2 → 4 → 5 stops at 4 (hop 2).
		name:    "max hops",
		maxHops: 2,
		moves:   []mv{{2, 0, 1, 2, 0, 10}, {3, 0, 2, 4, 0, 10}, {4, 0, 4, 5, 0, 10}},
		want: map[trace.Policy]answer{
			trace.Haircut: {rest: []string{"4 eth 10"}},
			trace.Poison:  {rest: []string{"4 eth 10"}},
			trace.FIFO:    {rest: []string{"4 eth 10"}},
		},
	},
}

func TestPolicies(t *testing.T) {
	labels := labelSet(map[int][2]string{3: {"Ex", "exchange"}, 8: {"Ex2", "exchange"}})
	for _, c := range cases {
		st := buildChain(t, c.moves)
		for p, want := range c.want {
			res, err := trace.Run(st, trace.Query{Chain: eth, Seeds: []string{addrOf(1)}, SinceBlock: 2, Policy: p, MaxHops: c.maxHops}, labels)
			if err != nil {
				t.Fatalf("%s %s: %v", c.name, p, err)
			}
			if got := short(res); strings.Join(got.ends, "|") != strings.Join(want.ends, "|") || strings.Join(got.rest, "|") != strings.Join(want.rest, "|") {
				t.Errorf("%s %s:\n got  %q %q\n want %q %q", c.name, p, got.ends, got.rest, want.ends, want.rest)
			}
		}
	}
}

func TestBadSeeds(t *testing.T) {
	st := buildChain(t, cases[0].moves)
	for _, seed := range []string{"0x1234", "not-an-address", addrOf(77)} {
		_, err := trace.Run(st, trace.Query{Chain: eth, Seeds: []string{seed}}, nil)
		var u *inputerr.Usage
		if !errors.As(err, &u) {
			t.Errorf("seed %s: got %v, want a usage error", seed, err)
		}
	}
	// A valid seed that sends nothing after since-block: empty, no error.
	res, err := trace.Run(st, trace.Query{Chain: eth, Seeds: []string{addrOf(4)}, SinceBlock: 2}, nil)
	if err != nil || len(res.Endpoints)+len(res.Resting) != 0 {
		t.Errorf("idle seed: %v %+v", err, res)
	}
	res, err = trace.Run(st, trace.Query{Chain: eth, Seeds: []string{addrOf(1)}, SinceBlock: 1 << 40}, nil)
	if err != nil || len(res.Endpoints)+len(res.Resting) != 0 {
		t.Errorf("since-block beyond the data: %v %+v", err, res)
	}
}
