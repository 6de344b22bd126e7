package sim

import (
	"bufio"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/ingest/ethetl"
)

// csvInput reads a simulation back with vigil's ethereum-etl parser and
// labels.csv into a replay input over every value move of the output.
func csvInput(t *testing.T, dir string, tr Truth) *replayIn {
	t.Helper()
	var addrs, tokens chain.MapInterner
	blocks, err := ethetl.ParseDir(dir, ethetl.Options{Addrs: &addrs, Tokens: &tokens})
	if err != nil {
		t.Fatal(err)
	}
	in := &replayIn{seeds: map[addr]bool{}, since: tr.TheftBlock, labels: readLabelMap(t, dir)}
	for _, s := range tr.Seeds {
		in.seeds[parseAddr(t, s)] = true
	}
	for _, b := range blocks {
		for _, m := range b.Transfers {
			asset := "eth"
			if m.Asset != chain.Native {
				asset = "eth:" + string(appendHex(nil, tokens.Key(uint32(m.Asset))))
			}
			var from, to addr
			copy(from[:], addrs.Key(uint32(m.From)))
			copy(to[:], addrs.Key(uint32(m.To)))
			in.moves = append(in.moves, rmove{block: m.Block, tx: m.TxIndex, pos: m.Pos, from: from, to: to,
				asset: asset, amount: m.Amount.Big()})
		}
	}
	return in
}

func parseAddr(t *testing.T, s string) addr {
	t.Helper()
	var a addr
	v, ok := new(big.Int).SetString(strings.TrimPrefix(s, "0x"), 16)
	if !ok || len(s) != 42 {
		t.Fatalf("bad address %q", s)
	}
	v.FillBytes(a[:])
	return a
}

// readLabelMap reads labels.csv (no field holds a comma).
func readLabelMap(t *testing.T, dir string) map[addr]rlabel {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, "labels.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[addr]rlabel{}
	sc := bufio.NewScanner(f)
	sc.Scan()
	for sc.Scan() {
		c := strings.Split(sc.Text(), ",")
		out[parseAddr(t, c[1])] = rlabel{c[2], c[3]}
	}
	return out
}

// policyOf renders a replay's output the way truth.json does.
func policyOf(o *replayOut) PolicyTruth {
	stolen := map[string]*big.Int{}
	for a, v := range o.created {
		addTo(stolen, a, v)
	}
	for a, v := range o.swapAway {
		addTo(stolen, a, new(big.Int).Neg(v))
	}
	for a, v := range o.swapGot {
		addTo(stolen, a, v)
	}
	return PolicyTruth{Stolen: assetAmounts(stolen), Endpoints: endpointsOf(o), Resting: o.rest.amounts()}
}
