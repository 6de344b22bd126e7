package trace

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/inputerr"
	"github.com/vigil-project/vigil/internal/intel"
	"github.com/vigil-project/vigil/internal/store"
)

var btcChain, _ = chain.Lookup("btc")

// utx is a transaction of a hand-built UTXO chain: inputs spend outputs
// of earlier transactions named by number; outputs are (address, value).
type utx struct {
	n    int // names the transaction; its hash is utxoTestHash(n)
	ins  [][2]int
	outs []uout
}

type uout struct {
	to string
	v  uint64
}

func utxoTestHash(n int) chain.Hash {
	var h chain.Hash
	h[0], h[1], h[31] = byte(n), byte(n>>8), 0xcc
	return h
}

// utxoStore commits blocks (block i+1 holds blocks[i]) to a new store.
func utxoStore(t testing.TB, blocks [][]utx) *store.Store {
	t.Helper()
	st, err := store.Open(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	utxoCommit(t, st, blocks, 1)
	return st
}

// utxoCommit commits blocks numbered from first on.
func utxoCommit(t testing.TB, st *store.Store, blocks [][]utx, first uint64) {
	t.Helper()
	d, err := st.Addresses(btcChain)
	if err != nil {
		t.Fatal(err)
	}
	var bs []chain.UTXOBlock
	for i, txs := range blocks {
		b := chain.UTXOBlock{Header: chain.BlockHeader{Number: first + uint64(i)}}
		for j, tx := range txs {
			ct := chain.UTXOTx{Hash: utxoTestHash(tx.n), Index: uint32(j), Coinbase: len(tx.ins) == 0}
			for _, in := range tx.ins {
				ct.Inputs = append(ct.Inputs, chain.UTXOInput{SpentTx: utxoTestHash(in[0]), SpentIndex: uint32(in[1])})
			}
			for k, o := range tx.outs {
				ct.Outputs = append(ct.Outputs, chain.UTXOOutput{Index: uint32(k), Addr: chain.AddrID(d.Intern([]byte(o.to))), Value: o.v})
			}
			b.Txs = append(b.Txs, ct)
		}
		bs = append(bs, b)
	}
	if _, err := st.CommitUTXO(btcChain, d, bs, nil); err != nil {
		t.Fatal(err)
	}
}

func utxoLabels(m map[string][2]string) *intel.Index {
	var ls []intel.Label
	for a, ec := range m {
		ls = append(ls, intel.Label{Chain: "btc", Address: a, Entity: ec[0], Category: intel.Category(ec[1]), Confidence: 80})
	}
	return intel.NewIndex(ls)
}

// short renders a result compactly: endpoints as
// "addr entity/deposit_for amount hops first-last path-length", resting
// as "addr amount", fees.
func shortUTXO(r *Result) []string {
	var out []string
	for _, e := range r.Endpoints {
		dep := ""
		if e.DepositFor != nil {
			dep = "/" + *e.DepositFor
		}
		out = append(out, fmt.Sprintf("end %s %s%s %s h%d b%d-%d p%d", e.Address, e.Entity, dep, e.Amount, e.Hops, e.FirstBlock, e.LastBlock, len(e.Path)))
	}
	for _, s := range r.Resting {
		out = append(out, "rest "+s.Address+" "+s.Amount)
	}
	return append(out, "fees "+r.Stats.Fees[0].Amount)
}

// mixChain: S (seed, 100) and W (clean, 60) pay A 70 and B 80 (fee 10);
// A pays exchange wallet X 30 and C 39 (fee 1); B pays D 80; D forwards
// everything to the exchange's other wallet X2 (fee 1): D is a deposit
// address. C keeps its coin.
var mixChain = [][]utx{
	{{n: 1, outs: []uout{{"S", 100}}}, {n: 2, outs: []uout{{"W", 60}}}},
	{{n: 3, ins: [][2]int{{2, 0}, {1, 0}}, outs: []uout{{"A", 70}, {"B", 80}}}},
	{{n: 4, ins: [][2]int{{3, 0}}, outs: []uout{{"X", 30}, {"C", 39}}}, {n: 5, ins: [][2]int{{3, 1}}, outs: []uout{{"D", 80}}}},
	{{n: 6, ins: [][2]int{{5, 0}}, outs: []uout{{"X2", 79}}}},
}

var mixLabels = map[string][2]string{"X": {"Ex", "exchange"}, "X2": {"Ex", "exchange"}}

func TestUTXOPolicies(t *testing.T) {
	st := utxoStore(t, mixChain)
	labels := utxoLabels(mixLabels)
	cases := []struct {
		name string
		q    Query
		want []string
	}{
		// tx 3: I=160, TI=100: A ⌊70·100/160⌋=43, B ⌊150·100/160⌋−43=50, fee 7.
		// tx 4: I=70, TI=43: X ⌊30·43/70⌋=18, C ⌊69·43/70⌋−18=24, fee 1.
		{"haircut", Query{Policy: Haircut}, []string{"end D Ex/X2 50 h2 b3-3 p2", "end X Ex 18 h2 b3-3 p2", "rest C 24", "fees 8"}},
		{"poison", Query{Policy: Poison}, []string{"end D Ex/X2 80 h2 b3-3 p2", "end X Ex 30 h2 b3-3 p2", "rest C 39", "fees 11"}},
		// Ruler of tx 3: W [0,60) clean, S [60,160) tainted: A gets [60,70),
		// B [70,150), the fee [150,160). Tx 4: A's 10 are its first 10: X.
		{"fifo", Query{Policy: FIFO}, []string{"end D Ex/X2 80 h2 b3-3 p2", "end X Ex 10 h2 b3-3 p2", "fees 10"}},
		{"max hops 1", Query{Policy: Haircut, MaxHops: 1}, []string{"rest B 50", "rest A 43", "fees 7"}},
		{"max hops 1 fifo", Query{Policy: FIFO, MaxHops: 1}, []string{"rest B 80", "rest A 10", "fees 10"}},
		{"since after the theft", Query{Policy: Haircut, SinceBlock: 3}, []string{"fees 0"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.q.Chain, c.q.Seeds = btcChain, []string{"S"}
			res, err := Run(st, c.q, labels)
			if err != nil {
				t.Fatal(err)
			}
			if got := shortUTXO(res); !reflect.DeepEqual(got, c.want) {
				t.Errorf("got  %q\nwant %q", got, c.want)
			}
		})
	}
}

func TestUTXOPathAndEdges(t *testing.T) {
	st := utxoStore(t, mixChain)
	res, err := Run(st, Query{Chain: btcChain, Seeds: []string{"S"}, Edges: true}, utxoLabels(mixLabels))
	if err != nil {
		t.Fatal(err)
	}
	h := func(n int) string { return utxoTestHash(n).Hex() }
	if p := res.Endpoints[0].Path; !reflect.DeepEqual(p, []string{h(3), h(5)}) {
		t.Errorf("path to D %v", p)
	}
	// Edges come in address-ID order (the order addresses were first seen).
	want := []Edge{{"S", "A", "btc", "43"}, {"S", "B", "btc", "50"}, {"A", "X", "btc", "18"}, {"A", "C", "btc", "24"}, {"B", "D", "btc", "50"}}
	if !reflect.DeepEqual(res.Edges, want) {
		t.Errorf("edges %v", res.Edges)
	}
	// Without Query.Edges the subgraph is not formatted.
	if res, _ := Run(st, Query{Chain: btcChain, Seeds: []string{"S"}}, utxoLabels(mixLabels)); len(res.Edges) != 0 {
		t.Errorf("edges without Query.Edges: %v", res.Edges)
	}
	if res.Chain != "btc" || res.Policy != "haircut" || res.Stats.Addresses != 3 || res.Stats.TransfersVisited == 0 {
		t.Errorf("result %+v", res)
	}
}

// returnChain: the seed pays H 40 and itself 60, then spends that change
// and its other coin to the mixer E; H (labeled heist: not a stop) pays E
// too. Taint sent back to the seed is not counted again.
var returnChain = [][]utx{
	{{n: 1, outs: []uout{{"S", 100}}}, {n: 2, outs: []uout{{"S", 50}}}},
	{{n: 3, ins: [][2]int{{1, 0}}, outs: []uout{{"H", 40}, {"S", 60}}}},
	{{n: 4, ins: [][2]int{{3, 1}, {2, 0}}, outs: []uout{{"E", 110}}}},
	{{n: 5, ins: [][2]int{{3, 0}}, outs: []uout{{"E", 40}}}, {n: 6, outs: []uout{{"E", 50}}}},
}

func TestUTXOReturnToSeedAndServices(t *testing.T) {
	st := utxoStore(t, returnChain)
	labels := utxoLabels(map[string][2]string{"E": {"Mix", "mixer"}, "H": {"Lazarus", "heist"}})
	for _, p := range []Policy{Haircut, Poison, FIFO} {
		res, err := Run(st, Query{Chain: btcChain, Seeds: []string{"S", "S"}, Policy: p}, labels)
		if err != nil {
			t.Fatal(err)
		}
		want := []string{"end E Mix 150 h1 b3-4 p1", "fees 0"}
		if got := shortUTXO(res); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: got %q, want %q", p, got, want)
		}
		if res.Endpoints[0].Path[0] != utxoTestHash(4).Hex() {
			t.Errorf("%s: path %v", p, res.Endpoints[0].Path)
		}
	}
}

func TestUTXOBadSeed(t *testing.T) {
	st := utxoStore(t, returnChain)
	for _, s := range []string{"Nope", "bad address!"} {
		_, err := Run(st, Query{Chain: btcChain, Seeds: []string{s}}, nil)
		if !inputerr.IsUsage(err) {
			t.Errorf("seed %q: %v, want a usage error", s, err)
		}
	}
}

// TestUTXODepositRule: an address whose spends pay < 95% to one exchange,
// or to two exchanges, is not a deposit address: taint goes through it.
func TestUTXODepositRule(t *testing.T) {
	chainOf := func(ex, other uout) [][]utx {
		return [][]utx{
			{{n: 1, outs: []uout{{"S", 100}}}},
			{{n: 2, ins: [][2]int{{1, 0}}, outs: []uout{{"D", 100}}}},
			{{n: 3, ins: [][2]int{{2, 0}}, outs: []uout{ex, other}}},
		}
	}
	labels := utxoLabels(map[string][2]string{"X": {"Ex", "exchange"}, "Y": {"Other", "exchange"}})
	cases := []struct {
		ex, other uout
		want      []string
	}{
		{uout{"X", 95}, uout{"Z", 5}, []string{"end D Ex/X 100 h1 b2-2 p1", "fees 0"}},
		{uout{"X", 94}, uout{"Z", 6}, []string{"end X Ex 94 h2 b3-3 p2", "rest Z 6", "fees 0"}},
		{uout{"X", 99}, uout{"Y", 1}, []string{"end X Ex 99 h2 b3-3 p2", "end Y Other 1 h2 b3-3 p2", "fees 0"}},
	}
	for _, c := range cases {
		st := utxoStore(t, chainOf(c.ex, c.other))
		res, err := Run(st, Query{Chain: btcChain, Seeds: []string{"S"}}, labels)
		if err != nil {
			t.Fatal(err)
		}
		if got := shortUTXO(res); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%v+%v: got %q, want %q", c.ex, c.other, got, c.want)
		}
	}
}

// TestUTXOIncrementalIndex: blocks ingested in two commits give an index
// of two segments (spends across them) that traces like one.
func TestUTXOIncrementalIndex(t *testing.T) {
	st := utxoStore(t, mixChain[:2])
	labels := utxoLabels(mixLabels)
	q := Query{Chain: btcChain, Seeds: []string{"S"}}
	res, err := Run(st, q, labels)
	if err != nil {
		t.Fatal(err)
	}
	if got := shortUTXO(res); !reflect.DeepEqual(got, []string{"rest B 50", "rest A 43", "fees 7"}) {
		t.Errorf("first two blocks: %q", got)
	}
	utxoCommit(t, st, mixChain[2:], 3)
	res, err = Run(st, q, labels)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"end D Ex/X2 50 h2 b3-3 p2", "end X Ex 18 h2 b3-3 p2", "rest C 24", "fees 8"}
	if got := shortUTXO(res); !reflect.DeepEqual(got, want) {
		t.Errorf("after appending: %q, want %q", got, want)
	}
}
