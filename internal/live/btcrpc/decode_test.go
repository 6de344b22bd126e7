package btcrpc

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/ingest/btcetl"
)

const fixtures = "../../../../shared/data/bitcoin-etl-fixtures/tests-resources/test_export_blocks_job"

// TestFixturesMatchBitcoinETL converts the real getblock responses that
// bitcoin-etl's own tests use and compares every transaction with what
// package btcetl parses from bitcoin-etl's expected output for the same
// blocks: hashes, coinbase flags, spent outputs, output addresses (as
// interned strings) and values.
func TestFixturesMatchBitcoinETL(t *testing.T) {
	files := transparentFixtures()
	if len(files) == 0 {
		t.Fatalf("no fixtures under %s", fixtures)
	}
	checked := 0
	for _, f := range files {
		dir := filepath.Dir(f)
		want := etlTxs(t, filepath.Join(dir, "expected_transactions.json"))
		var b rpcBlock
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(data, &b); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		var in chain.MapInterner
		got, err := (&converter{addrs: &in}).block(*b.Height, &b)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for i := range got.Txs {
			w, ok := want[got.Txs[i].Hash]
			if !ok {
				t.Fatalf("%s: tx %s not in bitcoin-etl's output", f, got.Txs[i].Hash.Hex())
			}
			compareTx(t, f, &got.Txs[i], &in, w)
			checked++
		}
	}
	if checked < 5 {
		t.Fatalf("only %d transactions compared", checked)
	}
}

// etlTx is a transaction parsed by btcetl with its interner.
type etlTx struct {
	tx *chain.UTXOTx
	in *chain.MapInterner
}

func etlTxs(t *testing.T, path string) map[chain.Hash]etlTx {
	t.Helper()
	in := &chain.MapInterner{}
	blocks, err := btcetl.ParsePath(path, btcetl.Options{Chain: btcInfo(t), Addrs: in})
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	out := map[chain.Hash]etlTx{}
	for i := range blocks {
		for j := range blocks[i].Txs {
			out[blocks[i].Txs[j].Hash] = etlTx{&blocks[i].Txs[j], in}
		}
	}
	return out
}

func key(in *chain.MapInterner, id chain.AddrID) string {
	if id == chain.NoAddr {
		return ""
	}
	return string(in.Keys[id-1])
}

func compareTx(t *testing.T, f string, got *chain.UTXOTx, in *chain.MapInterner, w etlTx) {
	t.Helper()
	tx := w.tx
	if got.Coinbase != tx.Coinbase || got.Index != tx.Index || len(got.Inputs) != len(tx.Inputs) || len(got.Outputs) != len(tx.Outputs) {
		t.Fatalf("%s: tx %s: got coinbase %v index %d %d/%d inputs/outputs, bitcoin-etl %v %d %d/%d", f, got.Hash.Hex(),
			got.Coinbase, got.Index, len(got.Inputs), len(got.Outputs), tx.Coinbase, tx.Index, len(tx.Inputs), len(tx.Outputs))
	}
	for j, o := range got.Outputs {
		e := tx.Outputs[j]
		if o.Index != e.Index || o.Value != e.Value || key(in, o.Addr) != key(w.in, e.Addr) {
			t.Errorf("%s: tx %s output %d: got %d %q %d, bitcoin-etl %d %q %d", f, got.Hash.Hex(), j,
				o.Index, key(in, o.Addr), o.Value, e.Index, key(w.in, e.Addr), e.Value)
		}
	}
	for j, i := range got.Inputs {
		e := tx.Inputs[j]
		if i.SpentTx != e.SpentTx || i.SpentIndex != e.SpentIndex {
			t.Errorf("%s: tx %s input %d spends %s:%d, bitcoin-etl %s:%d", f, got.Hash.Hex(), j,
				i.SpentTx.Hex(), i.SpentIndex, e.SpentTx.Hex(), e.SpentIndex)
		}
	}
}

func TestSatoshi(t *testing.T) {
	for _, c := range []struct {
		in   string
		want uint64
		bad  bool
	}{
		{"50", 5000000000, false},
		{"50.00000000", 5000000000, false},
		{"0.00000001", 1, false},
		{"1e-08", 1, false},
		{"1E-8", 1, false},
		{"2.1e+7", 2100000000000000, false},
		{"0", 0, false},
		{"0.0", 0, false},
		{"12.345", 1234500000, false},
		{"0.000000010", 1, false},
		{"184467440737.09551615", 18446744073709551615, false},
		{"184467440737.09551616", 0, true},
		{"0.000000001", 0, true},
		{"-1", 0, true},
		{"", 0, true},
		{"1e", 0, true},
		{"abc", 0, true},
		{".", 0, true},
		{"1.2.3", 0, true},
		{"1e99999", 0, true},
	} {
		got, err := satoshi(json.Number(c.in))
		if (err != nil) != c.bad || got != c.want {
			t.Errorf("satoshi(%q) = %d, %v; want %d, bad %v", c.in, got, err, c.want, c.bad)
		}
	}
}

func TestAddressKey(t *testing.T) {
	for _, c := range []struct {
		list []string
		hex  string
		want string
		bad  bool
	}{
		{[]string{"1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"}, "", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", false},
		{[]string{"1a", "1b"}, "", "multisig:1a,1b", false},
		// OP_RETURN "hello": bitcoin-etl's nonstandard name.
		{nil, "6a0568656c6c6f", "nonstandard", false},
		{nil, "zz", "", true},
		{[]string{"multisig:x"}, "", "", true},
		{[]string{"bad address"}, "", "", true},
	} {
		got, err := addressKey(c.list, c.hex, nil)
		if (err != nil) != c.bad || !strings.HasPrefix(string(got), c.want) {
			t.Errorf("addressKey(%v, %q) = %q, %v", c.list, c.hex, got, err)
		}
		if c.want == "nonstandard" && len(got) != len("nonstandard")+40 {
			t.Errorf("nonstandard key %q: want 40 hex digits", got)
		}
	}
}

// FuzzConvert decodes arbitrary getblock results: errors, never panics.
func FuzzConvert(f *testing.F) {
	for _, p := range transparentFixtures() {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte(`{"hash":"00","height":1,"tx":[{"txid":"x","vout":[{"value":-1}]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var b rpcBlock
		if json.Unmarshal(data, &b) != nil || b.Height == nil {
			return
		}
		var in chain.MapInterner
		_, _ = (&converter{addrs: &in}).block(*b.Height, &b)
	})
}

func btcInfo(t *testing.T) chain.Info {
	c, err := chain.Lookup("btc")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// transparentFixtures lists the getblock responses of the chains without
// shielded transactions (Zcash's shielded parts are not read over RPC).
func transparentFixtures() []string {
	var out []string
	for _, c := range []string{"bitcoin", "bitcoin_cash", "dogecoin"} {
		f, _ := filepath.Glob(filepath.Join(fixtures, c, "*", "rpc_response_getblock_*_2.json"))
		out = append(out, f...)
	}
	return out
}

// TestPrevout converts a Bitcoin Core 25+ verbosity-3 input: value and
// address come from the prevout (an address, or none: nonstandard).
func TestPrevout(t *testing.T) {
	raw := `{"hash":"` + strings.Repeat("ab", 32) + `","height":7,"time":5,"tx":[{"txid":"` + strings.Repeat("01", 32) + `",
		"vin":[{"txid":"` + strings.Repeat("02", 32) + `","vout":1,"prevout":{"value":0.5,"scriptPubKey":{"hex":"76a9","address":"1Prev"}}},
		       {"txid":"` + strings.Repeat("03", 32) + `","vout":0,"prevout":{"value":1e-8,"scriptPubKey":{"hex":"6a"}}},
		       {"txid":"` + strings.Repeat("04", 32) + `","vout":2}],
		"vout":[{"value":0.49,"n":0,"scriptPubKey":{"hex":"a914","address":"3Out"}}]}]}`
	var b rpcBlock
	if err := json.Unmarshal([]byte(raw), &b); err != nil {
		t.Fatal(err)
	}
	var in chain.MapInterner
	got, err := (&converter{addrs: &in}).block(7, &b)
	if err != nil {
		t.Fatal(err)
	}
	ins := got.Txs[0].Inputs
	if len(ins) != 3 || !ins[0].HasValue || ins[0].Value != 50000000 || key(&in, ins[0].Addr) != "1Prev" {
		t.Fatalf("input 0: %+v", ins)
	}
	if !ins[1].HasValue || ins[1].Value != 1 || !strings.HasPrefix(key(&in, ins[1].Addr), "nonstandard") {
		t.Fatalf("input 1: %+v (%q)", ins[1], key(&in, ins[1].Addr))
	}
	if ins[2].HasValue || ins[2].SpentIndex != 2 || ins[2].Addr != chain.NoAddr {
		t.Fatalf("input 2 (no prevout) must be left for the store: %+v", ins[2])
	}
}
