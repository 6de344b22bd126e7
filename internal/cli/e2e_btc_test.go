package cli_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/vigil-project/vigil/internal/ingest/taintedtx"
)

type btcIn struct {
	SpentTx   string       `json:"spent_transaction_hash"`
	SpentIdx  uint32       `json:"spent_output_index"`
	Addresses []string     `json:"addresses"`
	Value     *json.Number `json:"value"`
}

type btcOut struct {
	Index     uint32      `json:"index"`
	Addresses []string    `json:"addresses"`
	Value     json.Number `json:"value"`
}

type btcTx struct {
	Hash     string   `json:"hash"`
	Block    uint64   `json:"block_number"`
	Coinbase bool     `json:"is_coinbase"`
	Inputs   []btcIn  `json:"inputs"`
	Outputs  []btcOut `json:"outputs"`
}

// btcFile is a reference computed from a bitcoin-etl file with
// encoding/json and math/big.
type btcFile struct {
	ref     *ref
	txs     int
	outputs int64
	blocks  map[uint64]bool
	// unresolved is the 1-based line of the first transaction with an input
	// that has no value and spends an output not in the file (0: none).
	unresolved int
	coinbase   int64 // total value of coinbase outputs
}

// btcAddr is how vigil names an output's addresses ("" for none).
func btcAddr(as []string) string {
	switch len(as) {
	case 0:
		return ""
	case 1:
		return as[0]
	}
	return "multisig:" + strings.Join(as, ",")
}

func readBTC(t testing.TB, data []byte, asset string) *btcFile {
	f := &btcFile{ref: newRef(), blocks: map[uint64]bool{}}
	type outpoint struct {
		tx string
		i  uint32
	}
	type spent struct {
		addr  string
		value string
	}
	outs := map[outpoint]spent{}
	var txs []btcTx
	for i, line := range bytes.Split(bytes.TrimSpace(data), []byte("\n")) {
		d := json.NewDecoder(bytes.NewReader(line))
		d.UseNumber()
		var tx btcTx
		if err := d.Decode(&tx); err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		txs = append(txs, tx)
		for _, o := range tx.Outputs {
			outs[outpoint{tx.Hash, o.Index}] = spent{btcAddr(o.Addresses), o.Value.String()}
		}
	}
	for i, tx := range txs {
		f.txs++
		f.blocks[tx.Block] = true
		for _, in := range tx.Inputs {
			s := spent{btcAddr(in.Addresses), ""}
			if in.Value != nil {
				s.value = in.Value.String()
			} else if o, ok := outs[outpoint{in.SpentTx, in.SpentIdx}]; ok {
				s = o
			} else if f.unresolved == 0 {
				f.unresolved = i + 1
			}
			if s.value != "" && s.addr != "" {
				f.ref.move(s.addr, "", asset, bigOf(t, s.value))
				f.ref.moves--
			}
		}
		for _, o := range tx.Outputs {
			f.outputs++
			f.ref.move("", btcAddr(o.Addresses), asset, bigOf(t, o.Value.String()))
			if tx.Coinbase {
				f.coinbase += bigOf(t, o.Value.String()).Int64()
			}
		}
	}
	return f
}

// TestBitcoinETLFixtures ingests every bitcoin-etl expected_transactions.json
// with its chain. Files whose inputs lack values and spend transactions
// that are not in the file (bitcoin block_with_transactions, dogecoin
// block_with_float_precision_loss, zcash block_with_shielded_addresses and
// block_with_value_balance) must fail with exit 2 naming file and line.
func TestBitcoinETLFixtures(t *testing.T) {
	root := filepath.Join(e2eShared(t), "bitcoin-etl-fixtures", "tests-resources", "test_export_blocks_job")
	files, _ := filepath.Glob(filepath.Join(root, "*", "*", "expected_transactions.json"))
	if len(files) < 10 {
		t.Fatalf("%d bitcoin-etl fixture files under %s", len(files), root)
	}
	chains := map[string]string{"bitcoin": "btc", "bitcoin_cash": "bch", "dogecoin": "doge", "zcash": "zec"}
	failing := 0
	for _, path := range files {
		rel, _ := filepath.Rel(root, path)
		t.Run(filepath.Dir(rel), func(t *testing.T) {
			c := chains[strings.Split(rel, string(filepath.Separator))[0]]
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			f := readBTC(t, data, c)
			v := newVigil(t)
			code, _, stderr := v.run("ingest", "bitcoin-etl", "--chain", c, "--quiet", path)
			if f.unresolved > 0 {
				failing++
				want := fmt.Sprintf("%s:%d: ", path, f.unresolved)
				if code != 2 || !strings.HasPrefix(stderr, "vigil: ") || !strings.Contains(stderr, want) ||
					strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, "not in the store") {
					t.Errorf("exit %d, stderr %q; want 2 and one line with %q", code, stderr, want)
				}
				if st := v.stats(); len(st) != 0 {
					t.Errorf("failed ingest left %+v", st)
				}
				return
			}
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			st := v.stats()[c]
			if st.Transactions != int64(f.txs) || st.Transfers != f.outputs || st.Blocks != int64(len(f.blocks)) {
				t.Errorf("stats %+v; want %d transactions, %d transfers, %d blocks", st, f.txs, f.outputs, len(f.blocks))
			}
			v.checkRef(c, f.ref)
		})
	}
	if failing != 4 {
		t.Errorf("%d fixture files fail on unknown spent outputs, want 4", failing)
	}
}

const genesisAddr = "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"

// TestTaintedTx2009 converts the 2009 Bitcoin transaction graph, ingests it
// through the CLI, and checks stats, a sample of address totals, the
// genesis address, that the total of all balances is the coinbase value
// less fees,
// and that a second ingest changes nothing.
func TestTaintedTx2009(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping the 2009 graph")
	}
	dir := filepath.Join(e2eShared(t), "taintedtx-btc-2009", "sampledata", "2009")
	var buf bytes.Buffer
	cs, err := taintedtx.Convert(dir, &buf)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "2009.json")
	writeFile(t, path, buf.Bytes())
	f := readBTC(t, buf.Bytes(), "btc")
	if f.unresolved != 0 || f.txs != 32709 || f.outputs != 32781 || f.coinbase != int64(cs.CoinbaseValue) {
		t.Fatalf("converted data: %d txs, %d outputs, coinbase %d (converter says %d), unresolved at line %d",
			f.txs, f.outputs, f.coinbase, cs.CoinbaseValue, f.unresolved)
	}

	v := newVigil(t)
	var res struct {
		Blocks    int   `json:"blocks_written"`
		Txs       int64 `json:"transactions"`
		Transfers int64 `json:"transfers"`
		Addresses int   `json:"new_addresses"`
	}
	v.json(&res, "ingest", "bitcoin-etl", "--quiet", path)
	st := v.stats()["btc"]
	want := chainStats{Chain: "btc", Blocks: int64(len(f.blocks)), Transactions: 32709, Transfers: 32781,
		Addresses: len(f.ref.totals), FirstBlock: 0, LastBlock: st.LastBlock}
	if st != want || st.LastBlock < 32000 || res.Txs != 32709 || res.Transfers != 32781 || res.Addresses != len(f.ref.totals) {
		t.Errorf("stats %+v, ingest %+v; want %+v", st, res, want)
	}

	// The total of all balances is what coinbases created: their value less
	// the fees they collected (spent inputs' value that left no output),
	// i.e. 50 BTC per block in 2009. None is negative.
	total := int64(0)
	addrs := f.ref.addrs()
	for _, a := range addrs {
		agg := f.ref.totals[a]["btc"]
		bal := agg.recv.Int64() - agg.sent.Int64()
		if bal < 0 {
			t.Errorf("reference balance of %s is %d", a, bal)
		}
		total += bal
	}
	if total != int64(cs.CoinbaseValue-cs.Fees) || total != 5000000000*int64(len(f.blocks)) {
		t.Errorf("sum of reference balances %d, want coinbase value %d - fees %d", total, cs.CoinbaseValue, cs.Fees)
	}
	sample := []string{genesisAddr}
	for i := 0; i < len(addrs); i += 97 {
		sample = append(sample, addrs[i])
	}
	// The addresses that spent the most (the graph's busiest) too.
	sort.Slice(addrs, func(i, j int) bool {
		return f.ref.totals[addrs[i]]["btc"].sc > f.ref.totals[addrs[j]]["btc"].sc
	})
	sample = append(sample, addrs[:20]...)
	part := &ref{totals: map[string]map[string]*agg{}}
	for _, a := range sample {
		part.totals[a] = f.ref.totals[a]
	}
	v.checkRef("btc", part)
	g := v.addresses("btc", []string{genesisAddr})[0]
	if len(g.Received) != 1 || g.Received[0] != (amountDoc{"btc", "5000000000", 1}) {
		t.Errorf("genesis address received %+v, want 50 BTC once", g.Received)
	}

	before := v.snapshot("btc:"+genesisAddr, "btc:"+addrs[0])
	var again struct {
		Written   int `json:"blocks_written"`
		Unchanged int `json:"blocks_unchanged"`
	}
	v.json(&again, "ingest", "bitcoin-etl", "--quiet", path)
	if again.Written != 0 || again.Unchanged != len(f.blocks) {
		t.Errorf("second ingest %+v, want 0 written", again)
	}
	if after := v.snapshot("btc:"+genesisAddr, "btc:"+addrs[0]); after != before {
		t.Errorf("second ingest changed the store:\n%s\n%s", before, after)
	}
}
