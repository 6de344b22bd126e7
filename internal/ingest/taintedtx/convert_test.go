package taintedtx

import (
	"bytes"
	"testing"
	"time"

	"github.com/vigil-project/vigil/internal/sharedtest"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/ingest/btcetl"
)

// dataDir finds taintedtx-btc-2009/sampledata/2009 under
// $VIGIL_SHARED_DATA or the first shared/data above the package.
func dataDir(t testing.TB) string {
	t.Helper()
	return sharedtest.Path(t, "taintedtx-btc-2009", "sampledata", "2009")
}

func convert2009(t testing.TB) ([]byte, Stats) {
	t.Helper()
	var buf bytes.Buffer
	start := time.Now()
	st, err := Convert(dataDir(t), &buf)
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("Convert took %v, want < 1s", d)
	}
	return buf.Bytes(), st
}

func TestConvert2009(t *testing.T) {
	_, st := convert2009(t)
	t.Logf("%+v", st)
	// SOURCE.txt: 32,709 txs, 32,783 outputs (rows, 2 of them repeated), 2,887 inputs.
	want := Stats{Txs: 32709, CoinbaseTxs: 32490, Blocks: 32490, Inputs: 2887, Outputs: 32781,
		DuplicateRows: 2, RestoredHashes: 2052}
	got := st
	got.OutputValue, got.InputValue, got.CoinbaseValue, got.Fees = 0, 0, 0, 0
	if got != want {
		t.Errorf("stats %+v\nwant  %+v", got, want)
	}
	if st.Outputs+st.DuplicateRows != 32783 {
		t.Errorf("output rows %d, want 32783", st.Outputs+st.DuplicateRows)
	}
	// Every 2009 block claimed exactly the 50 BTC subsidy plus its fees.
	if st.CoinbaseValue != uint64(st.Blocks)*5000000000+st.Fees {
		t.Errorf("coinbase value %d, want 50 BTC x %d blocks + fees %d", st.CoinbaseValue, st.Blocks, st.Fees)
	}
	if st.OutputValue != st.CoinbaseValue+st.InputValue-st.Fees {
		t.Errorf("outputs %d != coinbase %d + inputs %d - fees %d", st.OutputValue, st.CoinbaseValue, st.InputValue, st.Fees)
	}
}

// TestParsedGraph parses the converted lines with btcetl and checks the
// graph: inputs spend existing earlier outputs once, fees >= 0, totals.
func TestParsedGraph(t *testing.T) {
	data, st := convert2009(t)
	c, _ := chain.Lookup("btc")
	addrs := &chain.MapInterner{}
	blocks, err := btcetl.Parse(bytes.NewReader(data), "2009.json", btcetl.Options{Chain: c, Addrs: addrs})
	if err != nil {
		t.Fatal(err)
	}
	type outpoint struct {
		tx   chain.Hash
		vout uint32
	}
	type utxo struct {
		value uint64
		addr  chain.AddrID
		spent bool
	}
	outs := map[outpoint]*utxo{}
	var got Stats
	got.Blocks = len(blocks)
	for _, b := range blocks {
		if b.Header.Hash != (chain.Hash{}) || b.Header.Time != 0 {
			t.Fatalf("block %d header %+v, want zero hash and time", b.Header.Number, b.Header)
		}
		for _, tx := range b.Txs {
			got.Txs++
			var in, out uint64
			for _, i := range tx.Inputs {
				u := outs[outpoint{i.SpentTx, i.SpentIndex}]
				switch {
				case u == nil:
					t.Fatalf("tx %s spends unknown or later output %s:%d", tx.Hash.Hex(), i.SpentTx.Hex(), i.SpentIndex)
				case u.spent:
					t.Fatalf("output %s:%d spent twice", i.SpentTx.Hex(), i.SpentIndex)
				case !i.HasValue || i.Value != u.value || i.Addr != u.addr:
					t.Fatalf("tx %s input %+v does not match the spent output %+v", tx.Hash.Hex(), i, u)
				}
				u.spent = true
				in += i.Value
				got.Inputs++
			}
			for _, o := range tx.Outputs {
				if o.Addr == chain.NoAddr {
					t.Fatalf("tx %s output %d has no address", tx.Hash.Hex(), o.Index)
				}
				outs[outpoint{tx.Hash, o.Index}] = &utxo{value: o.Value, addr: o.Addr}
				out += o.Value
				got.Outputs++
			}
			got.OutputValue += out
			if tx.Coinbase {
				got.CoinbaseTxs++
				got.CoinbaseValue += out
				continue
			}
			if in < out {
				t.Fatalf("tx %s: inputs %d < outputs %d", tx.Hash.Hex(), in, out)
			}
			got.InputValue += in
			got.Fees += in - out
		}
	}
	got.DuplicateRows, got.RestoredHashes = st.DuplicateRows, st.RestoredHashes
	if got != st {
		t.Errorf("parsed %+v\nwant   %+v", got, st)
	}
	if got.OutputValue != got.CoinbaseValue+got.InputValue-got.Fees {
		t.Errorf("totals do not balance: %+v", got)
	}
	if len(addrs.Keys) != 32611 {
		t.Errorf("%d distinct addresses, want 32,611 (SOURCE.txt)", len(addrs.Keys))
	}
	checkKnown(t, blocks, addrs)
}

// checkKnown spot-checks famous 2009 transactions against bitcoin-etl's
// own fixtures and the well-known block 170 transfer.
func checkKnown(t *testing.T, blocks []chain.UTXOBlock, addrs *chain.MapInterner) {
	t.Helper()
	g := blocks[0].Txs[0]
	if g.Hash.Hex() != "4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b" ||
		string(addrs.Key(uint32(g.Outputs[0].Addr))) != "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa" || g.Outputs[0].Value != 5000000000 {
		t.Errorf("genesis tx %+v", g)
	}
	b170 := blocks[170]
	if b170.Header.Number != 170 || len(b170.Txs) != 2 {
		t.Fatalf("block 170: %+v", b170)
	}
	hal := b170.Txs[1]
	if hal.Hash.Hex() != "f4184fc596403b9d638783cf57adfe4c75c605f6356fbc91338530e9831e9e16" ||
		hal.Inputs[0].SpentTx.Hex() != "0437cd7f8525ceed2324359c2d0ba26006d92d856a9c20fa0241106ee5a597c9" ||
		hal.Outputs[0].Value != 1000000000 || hal.Outputs[1].Value != 4000000000 {
		t.Errorf("block 170 tx %+v", hal)
	}
}

func BenchmarkConvert(b *testing.B) {
	dir := dataDir(b)
	for i := 0; i < b.N; i++ {
		var buf bytes.Buffer
		if _, err := Convert(dir, &buf); err != nil {
			b.Fatal(err)
		}
	}
}
