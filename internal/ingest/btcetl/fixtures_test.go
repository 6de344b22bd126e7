package btcetl

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/vigil-project/vigil/internal/chain"
)

// fixtureChains maps bitcoin-etl fixture folders to vigil chains.
var fixtureChains = map[string]string{
	"bitcoin": "btc", "bitcoin_cash": "bch", "dogecoin": "doge", "zcash": "zec",
}

// jsonTx is what the tests expect, decoded with encoding/json.
type jsonTx struct {
	Hash        string       `json:"hash"`
	BlockNumber uint64       `json:"block_number"`
	BlockHash   string       `json:"block_hash"`
	Timestamp   int64        `json:"block_timestamp"`
	IsCoinbase  bool         `json:"is_coinbase"`
	Index       *uint32      `json:"index"`
	Inputs      []jsonInOut  `json:"inputs"`
	Outputs     []jsonInOut  `json:"outputs"`
	Extra       *json.Number `json:"output_value"`
}

type jsonInOut struct {
	Index      *uint32      `json:"index"`
	SpentHash  *string      `json:"spent_transaction_hash"`
	SpentIndex *uint32      `json:"spent_output_index"`
	Addresses  []string     `json:"addresses"`
	Value      *json.Number `json:"value"`
	Type       *string      `json:"type"`
}

func readExpected(t *testing.T, path string) []jsonTx {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var txs []jsonTx
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		d := json.NewDecoder(strings.NewReader(sc.Text()))
		d.UseNumber()
		var tx jsonTx
		if err := d.Decode(&tx); err != nil {
			t.Fatal(err)
		}
		txs = append(txs, tx)
	}
	return txs
}

func TestFixtures(t *testing.T) {
	root := filepath.Join(sharedData(t), "bitcoin-etl-fixtures", "tests-resources", "test_export_blocks_job")
	files, err := filepath.Glob(filepath.Join(root, "*", "*", "expected_transactions.json"))
	if err != nil || len(files) < 11 {
		t.Fatalf("want >= 11 fixtures under %s, got %d (%v)", root, len(files), err)
	}
	for _, f := range files {
		rel, _ := filepath.Rel(root, filepath.Dir(f))
		t.Run(rel, func(t *testing.T) {
			c := mustChain(t, fixtureChains[strings.Split(rel, string(filepath.Separator))[0]])
			addrs := &chain.MapInterner{}
			blocks, err := ParsePath(f, Options{Chain: c, Addrs: addrs})
			if err != nil {
				t.Fatal(err)
			}
			checkFixture(t, readExpected(t, f), blocks, addrs)
		})
	}
}

// checkFixture compares parsed blocks with the encoding/json view.
func checkFixture(t *testing.T, want []jsonTx, blocks []chain.UTXOBlock, addrs *chain.MapInterner) {
	t.Helper()
	byHash := map[string]chain.UTXOTx{}
	hdr := map[string]chain.BlockHeader{}
	n := 0
	for i, b := range blocks {
		if i > 0 && blocks[i-1].Header.Number >= b.Header.Number {
			t.Errorf("blocks not sorted: %d then %d", blocks[i-1].Header.Number, b.Header.Number)
		}
		for j, tx := range b.Txs {
			if j > 0 && b.Txs[j-1].Index >= tx.Index {
				t.Errorf("block %d: txs not sorted by index", b.Header.Number)
			}
			byHash[tx.Hash.Hex()] = tx
			hdr[tx.Hash.Hex()] = b.Header
			n++
		}
	}
	if n != len(want) {
		t.Fatalf("parsed %d txs, want %d", n, len(want))
	}
	pos := map[uint64]uint32{}
	for _, w := range want {
		got, ok := byHash[w.Hash]
		if !ok {
			t.Fatalf("tx %s missing", w.Hash)
		}
		h := hdr[w.Hash]
		if h.Number != w.BlockNumber || h.Hash.Hex() != w.BlockHash || h.Time != w.Timestamp {
			t.Errorf("tx %s: header %+v, want %d %s %d", w.Hash, h, w.BlockNumber, w.BlockHash, w.Timestamp)
		}
		wantIdx := pos[w.BlockNumber]
		pos[w.BlockNumber]++
		if w.Index != nil {
			wantIdx = *w.Index
		}
		if got.Index != wantIdx || got.Coinbase != w.IsCoinbase {
			t.Errorf("tx %s: index %d coinbase %v, want %d %v", w.Hash, got.Index, got.Coinbase, wantIdx, w.IsCoinbase)
		}
		checkInputs(t, w, got, addrs)
		checkOutputs(t, w, got, addrs)
	}
}

func num(t *testing.T, n *json.Number) uint64 {
	t.Helper()
	v, err := strconv.ParseUint(string(*n), 10, 64)
	if err != nil {
		t.Fatalf("fixture value %s: %v", *n, err)
	}
	return v
}

func addrKey(addrs []string) string {
	switch len(addrs) {
	case 0:
		return ""
	case 1:
		return addrs[0]
	}
	return MultisigPrefix + strings.Join(addrs, ",")
}

func checkInputs(t *testing.T, w jsonTx, got chain.UTXOTx, addrs *chain.MapInterner) {
	t.Helper()
	if len(got.Inputs) != len(w.Inputs) {
		t.Fatalf("tx %s: %d inputs, want %d", w.Hash, len(got.Inputs), len(w.Inputs))
	}
	var sum, wantSum uint64
	for i, wi := range w.Inputs {
		gi := got.Inputs[i]
		if wi.Value == nil {
			if gi.HasValue {
				t.Errorf("tx %s input %d: HasValue with null value", w.Hash, i)
			}
		} else if !gi.HasValue || gi.Value != num(t, wi.Value) {
			t.Errorf("tx %s input %d: value %d/%v, want %s", w.Hash, i, gi.Value, gi.HasValue, *wi.Value)
		} else {
			sum, wantSum = sum+gi.Value, wantSum+num(t, wi.Value)
		}
		if wi.SpentHash == nil {
			if gi.SpentTx != (chain.Hash{}) || gi.SpentIndex != ShieldedSpentIndex || *wi.Type != "shielded" {
				t.Errorf("tx %s input %d: shielded input parsed as %+v", w.Hash, i, gi)
			}
		} else if gi.SpentTx.Hex() != *wi.SpentHash || gi.SpentIndex != *wi.SpentIndex {
			t.Errorf("tx %s input %d: spends %s:%d, want %s:%d", w.Hash, i, gi.SpentTx.Hex(), gi.SpentIndex, *wi.SpentHash, *wi.SpentIndex)
		}
		if k := string(addrs.Key(uint32(gi.Addr))); k != addrKey(wi.Addresses) {
			t.Errorf("tx %s input %d: address %q, want %q", w.Hash, i, k, addrKey(wi.Addresses))
		}
	}
	if sum != wantSum {
		t.Errorf("tx %s: input sum %d, want %d", w.Hash, sum, wantSum)
	}
}

func checkOutputs(t *testing.T, w jsonTx, got chain.UTXOTx, addrs *chain.MapInterner) {
	t.Helper()
	if len(got.Outputs) != len(w.Outputs) {
		t.Fatalf("tx %s: %d outputs, want %d", w.Hash, len(got.Outputs), len(w.Outputs))
	}
	var sum, wantSum uint64
	for i, wo := range w.Outputs {
		g := got.Outputs[i]
		if g.Index != *wo.Index || g.Value != num(t, wo.Value) {
			t.Errorf("tx %s output %d: %d/%d, want %d/%s", w.Hash, i, g.Index, g.Value, *wo.Index, *wo.Value)
		}
		if k := string(addrs.Key(uint32(g.Addr))); k != addrKey(wo.Addresses) {
			t.Errorf("tx %s output %d: address %q, want %q", w.Hash, i, k, addrKey(wo.Addresses))
		}
		sum, wantSum = sum+g.Value, wantSum+num(t, wo.Value)
	}
	if sum != wantSum {
		t.Errorf("tx %s: output sum %d, want %d", w.Hash, sum, wantSum)
	}
	if w.Extra != nil && num(t, w.Extra) != sum {
		t.Errorf("tx %s: output sum %d, exporter's output_value %s", w.Hash, sum, *w.Extra)
	}
}
