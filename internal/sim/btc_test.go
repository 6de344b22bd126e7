package sim

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"testing"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/sharedtest"
)

func simulateBtc(t testing.TB, seed uint64, background int) (string, Summary) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "out")
	s, err := Btc(dir, Config{Seed: seed, Background: background})
	if err != nil {
		t.Fatal(err)
	}
	return dir, s
}

// etlTx is a bitcoin-etl transaction record as the tests read it.
type etlTx struct {
	Hash         string  `json:"hash"`
	BlockNumber  uint64  `json:"block_number"`
	Coinbase     bool    `json:"is_coinbase"`
	Index        int     `json:"index"`
	Inputs       []etlIO `json:"inputs"`
	Outputs      []etlIO `json:"outputs"`
	InputCount   int     `json:"input_count"`
	OutputCount  int     `json:"output_count"`
	InputValue   uint64  `json:"input_value"`
	OutputValue  uint64  `json:"output_value"`
	Fee          int64   `json:"fee"`
	Size         int     `json:"size"`
	VirtualSize  int     `json:"virtual_size"`
	BlockHash    string  `json:"block_hash"`
	BlockTime    int64   `json:"block_timestamp"`
	LockTime     uint32  `json:"lock_time"`
	TxVersion    int     `json:"version"`
	SpentOutputs []etlIO `json:"-"`
}

type etlIO struct {
	Index     int      `json:"index"`
	SpentTx   string   `json:"spent_transaction_hash"`
	SpentIdx  int      `json:"spent_output_index"`
	Addresses []string `json:"addresses"`
	Value     uint64   `json:"value"`
	Type      string   `json:"type"`
}

// readBtcTxs decodes transactions.json of dir.
func readBtcTxs(t *testing.T, dir string) []etlTx {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, "transactions.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var txs []etlTx
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 64<<20)
	for sc.Scan() {
		var tx etlTx
		if err := json.Unmarshal(sc.Bytes(), &tx); err != nil {
			t.Fatalf("line %d: %v", len(txs)+1, err)
		}
		txs = append(txs, tx)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return txs
}

func readBtcTruth(t *testing.T, dir string) Truth {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "truth.json"))
	if err != nil {
		t.Fatal(err)
	}
	var tr Truth
	if err := json.Unmarshal(b, &tr); err != nil {
		t.Fatal(err)
	}
	return tr
}

func TestBtcDeterminism(t *testing.T) {
	a, sa := simulateBtc(t, 42, 6000)
	b, sb := simulateBtc(t, 42, 6000)
	c, _ := simulateBtc(t, 43, 6000)
	sa.Dir, sb.Dir = "", ""
	if !reflect.DeepEqual(sa, sb) {
		t.Errorf("summaries differ:\n%+v\n%+v", sa, sb)
	}
	for _, name := range sa.Files {
		x, err1 := os.ReadFile(filepath.Join(a, name))
		y, err2 := os.ReadFile(filepath.Join(b, name))
		z, err3 := os.ReadFile(filepath.Join(c, name))
		if err1 != nil || err2 != nil || err3 != nil {
			t.Fatal(err1, err2, err3)
		}
		if !bytes.Equal(x, y) {
			t.Errorf("%s: same seed, different bytes", name)
		}
		if bytes.Equal(x, z) {
			t.Errorf("%s: seeds 42 and 43 give the same bytes", name)
		}
	}
}

// jsonShape returns the keys of a JSON object in order with the JSON type
// of each value.
func jsonShape(t *testing.T, line []byte) ([]string, map[string]string) {
	t.Helper()
	d := json.NewDecoder(bytes.NewReader(line))
	d.UseNumber()
	if tok, err := d.Token(); err != nil || tok != json.Delim('{') {
		t.Fatalf("not an object: %s", line)
	}
	var keys []string
	types := map[string]string{}
	for d.More() {
		k, _ := d.Token()
		var v any
		if err := d.Decode(&v); err != nil {
			t.Fatal(err)
		}
		keys = append(keys, k.(string))
		types[k.(string)] = "null"
		if v != nil {
			types[k.(string)] = reflect.TypeOf(v).String()
		}
	}
	return keys, types
}

// btcFirstLine returns the first line of file for which keep is true.
func btcFirstLine(t *testing.T, file string, keep func([]byte) bool) []byte {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range bytes.Split(b, []byte("\n")) {
		if len(l) > 0 && keep(l) {
			return l
		}
	}
	t.Fatalf("%s: no matching line", file)
	return nil
}

// TestBtcFormat compares field names, order and JSON types of every kind
// of record with the public exporter's fixture records.
func TestBtcFormat(t *testing.T) {
	fx := sharedtest.Path(t, "bitcoin-etl-fixtures", "tests-resources", "test_export_blocks_job", "bitcoin", "block_with_transactions")
	dir, _ := simulateBtc(t, 5, 3000)
	for _, c := range []struct {
		file     string
		sub      string // nested list compared, "" for the record itself
		nullable []string
	}{
		{"expected_transactions.json", "", nil},
		{"expected_transactions.json", "outputs", []string{"required_signatures"}},
		{"expected_transactions.json", "inputs", []string{"required_signatures", "type", "value"}},
		{"expected_blocks.json", "", nil},
	} {
		name := "transactions.json"
		if c.file == "expected_blocks.json" {
			name = "blocks.json"
		}
		wantLine := btcFirstLine(t, filepath.Join(fx, c.file), func(l []byte) bool {
			return bytes.Contains(l, []byte(`"is_coinbase": false`)) || c.file == "expected_blocks.json"
		})
		for _, gotLine := range [][]byte{
			btcFirstLine(t, filepath.Join(dir, name), func(l []byte) bool { return bytes.Contains(l, []byte(`"is_coinbase": false`)) || name == "blocks.json" }),
			btcFirstLine(t, filepath.Join(dir, name), func(l []byte) bool { return nonCoinbase(l, "scripthash") || name == "blocks.json" }),
			btcFirstLine(t, filepath.Join(dir, name), func(l []byte) bool { return nonCoinbase(l, "pubkeyhash") || name == "blocks.json" }),
		} {
			wk, wt := shapeOf(t, wantLine, c.sub)
			gk, gt := shapeOf(t, gotLine, c.sub)
			if !reflect.DeepEqual(wk, gk) {
				t.Errorf("%s %s: keys\n got %v\nwant %v", name, c.sub, gk, wk)
			}
			for k, w := range wt {
				if g := gt[k]; g != w && !(w == "null" && contains(c.nullable, k)) {
					t.Errorf("%s %s: %s is %s, fixture %s", name, c.sub, k, g, w)
				}
			}
		}
	}
}

// nonCoinbase reports a transaction line that is not a coinbase and
// spends an output of script type typ.
func nonCoinbase(l []byte, typ string) bool {
	return bytes.Contains(l, []byte(`"is_coinbase": false`)) && bytes.Contains(l, []byte(`"sequence": 4294967293, "required_signatures": 1, "type": "`+typ+`"`))
}

// shapeOf returns the shape of the record, or of its first element of list sub.
func shapeOf(t *testing.T, line []byte, sub string) ([]string, map[string]string) {
	t.Helper()
	if sub == "" {
		return jsonShape(t, line)
	}
	var m map[string][]json.RawMessage
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(line, &raw); err != nil {
		t.Fatal(err)
	}
	m = map[string][]json.RawMessage{}
	var list []json.RawMessage
	if err := json.Unmarshal(raw[sub], &list); err != nil || len(list) == 0 {
		t.Fatalf("%s: %v (%d)", sub, err, len(list))
	}
	m[sub] = list
	return jsonShape(t, m[sub][0])
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

type opKey struct {
	tx string
	n  int
}

// TestBtcUTXO checks the chain: every input spends an existing unspent
// output with its exact value and address, fees are inputs minus outputs
// and never negative, coinbases pay subsidy plus fees, addresses are
// valid mainnet addresses, and counts match the summary.
func TestBtcUTXO(t *testing.T) {
	dir, sum := simulateBtc(t, 9, 20000)
	txs := readBtcTxs(t, dir)
	outs := map[opKey]etlIO{}
	spent := map[opKey]bool{}
	valid := map[string]bool{}
	fees := map[uint64]int64{}
	nOuts := 0
	for _, tx := range txs {
		var in, out uint64
		for _, i := range tx.Inputs {
			k := opKey{i.SpentTx, i.SpentIdx}
			o, ok := outs[k]
			if !ok || spent[k] {
				t.Fatalf("tx %s input %d spends %v: exists %v, spent %v", tx.Hash, i.Index, k, ok, spent[k])
			}
			if o.Value != i.Value || !reflect.DeepEqual(o.Addresses, i.Addresses) || o.Type != i.Type {
				t.Fatalf("tx %s input %d: %+v, spent output %+v", tx.Hash, i.Index, i, o)
			}
			spent[k] = true
			in += i.Value
		}
		for _, o := range tx.Outputs {
			outs[opKey{tx.Hash, o.Index}] = o
			out += o.Value
			nOuts++
			checkBtcAddr(t, valid, o)
		}
		if tx.InputValue != in || tx.OutputValue != out || tx.InputCount != len(tx.Inputs) || tx.OutputCount != len(tx.Outputs) {
			t.Fatalf("tx %s: totals or counts differ from its inputs and outputs", tx.Hash)
		}
		if !tx.Coinbase {
			if tx.Fee != int64(in)-int64(out) || tx.Fee <= 0 {
				t.Fatalf("tx %s: fee %d, inputs %d, outputs %d", tx.Hash, tx.Fee, in, out)
			}
			fees[tx.BlockNumber] += tx.Fee
		}
	}
	for _, tx := range txs {
		if tx.Coinbase && tx.BlockNumber != sum.FirstBlock {
			if want := uint64(fees[tx.BlockNumber]) + 5000000000>>(tx.BlockNumber/210000); tx.OutputValue != want {
				t.Errorf("coinbase of %d pays %d, want %d", tx.BlockNumber, tx.OutputValue, want)
			}
		}
	}
	if len(txs) != sum.Transactions || nOuts != sum.Transfers || nOuts < 20000 {
		t.Errorf("%d txs, %d outputs; summary %+v", len(txs), nOuts, sum)
	}
}

// checkBtcAddr validates an output's address once (checksums included).
func checkBtcAddr(t *testing.T, valid map[string]bool, o etlIO) {
	if len(o.Addresses) != 1 {
		t.Fatalf("output %+v has %d addresses", o, len(o.Addresses))
	}
	a := o.Addresses[0]
	if valid[a] || o.Type == "nonstandard" {
		return
	}
	btc, _ := chain.Lookup("btc")
	if _, err := chain.ValidateAddress(btc, a); err != nil {
		t.Fatalf("output %+v: %v", o, err)
	}
	valid[a] = true
}

// TestBtcConservation replays the export from the seeds independently:
// the stolen outputs are the seeds' receipts; a transaction spending one
// must spend only stolen outputs; its outputs to labeled services and to
// the truth's deposit addresses are endpoints, the others stay stolen. The
// result must equal truth.json, which must balance exactly.
func TestBtcConservation(t *testing.T) {
	dir, sum := simulateBtc(t, 3, 8000)
	tr := readBtcTruth(t, dir)
	txs := readBtcTxs(t, dir)
	stop := map[string]bool{}
	for _, e := range tr.Endpoints {
		stop[e.Address] = true
	}
	for _, l := range readLabels(t, dir) {
		stop[l] = true
	}
	depositFor := map[string]string{}
	for _, e := range tr.Endpoints {
		if e.DepositFor != nil {
			depositFor[e.Address] = *e.DepositFor
		}
	}
	checkSweeps(t, txs, depositFor)
	total, fees, ends, rest := replayBtc(t, txs, map[string]bool{tr.Seeds[0]: true, tr.Seeds[1]: true}, stop)
	u := func(s string) uint64 { v, _ := strconv.ParseUint(s, 10, 64); return v }
	if total != u(tr.Stolen[0].Amount) || fees != u(tr.Fees[0].Amount) {
		t.Errorf("replay: stolen %d fees %d; truth %v %v", total, fees, tr.Stolen, tr.Fees)
	}
	var endSum, restSum uint64
	for _, e := range tr.Endpoints {
		if ends[e.Address] != u(e.Amount) {
			t.Errorf("endpoint %s: replay %d, truth %s", e.Address, ends[e.Address], e.Amount)
		}
		endSum += u(e.Amount)
	}
	for _, r := range tr.Resting {
		if rest[r.Address] != u(r.Amount) {
			t.Errorf("resting %s: replay %d, truth %s", r.Address, rest[r.Address], r.Amount)
		}
		restSum += u(r.Amount)
	}
	if len(ends) != len(tr.Endpoints) || len(rest) != len(tr.Resting) {
		t.Errorf("replay: %d endpoints %d resting; truth %d %d", len(ends), len(rest), len(tr.Endpoints), len(tr.Resting))
	}
	if endSum+restSum+fees != total || !tr.Conservation[0].OK {
		t.Errorf("conservation: %d + %d + %d != %d", endSum, restSum, fees, total)
	}
	if sum.Patterns.Resting != len(tr.Resting) {
		t.Errorf("patterns.resting %d, truth %d", sum.Patterns.Resting, len(tr.Resting))
	}
}

// replayBtc follows the outputs paid to seeds through txs: a transaction
// spending one must spend only such outputs; its outputs to stop addresses
// are endpoint receipts, the others are followed on. It returns the value
// paid to the seeds, the fees paid from it, the endpoints' receipts and
// what is left unspent per address.
func replayBtc(t *testing.T, txs []etlTx, seeds, stop map[string]bool) (total, fees uint64, ends, rest map[string]uint64) {
	t.Helper()
	stolen := map[opKey]etlIO{}
	ends, rest = map[string]uint64{}, map[string]uint64{}
	for _, tx := range txs {
		tainted := 0
		for _, i := range tx.Inputs {
			if _, ok := stolen[opKey{i.SpentTx, i.SpentIdx}]; ok {
				tainted++
				delete(stolen, opKey{i.SpentTx, i.SpentIdx})
			}
		}
		if tainted > 0 && tainted != len(tx.Inputs) {
			t.Fatalf("tx %s mixes stolen and other inputs", tx.Hash)
		}
		if tainted > 0 {
			fees += uint64(tx.Fee)
		}
		for _, o := range tx.Outputs {
			a := o.Addresses[0]
			switch {
			case tainted == 0 && seeds[a]:
				stolen[opKey{tx.Hash, o.Index}] = o
				total += o.Value
			case tainted == 0:
			case stop[a]:
				ends[a] += o.Value
			default:
				stolen[opKey{tx.Hash, o.Index}] = o
			}
		}
	}
	for _, o := range stolen {
		rest[o.Addresses[0]] += o.Value
	}
	return total, fees, ends, rest
}

// checkSweeps checks that every transaction spending an output of a
// deposit endpoint pays all of its outputs to that endpoint's exchange
// wallet (what makes it a deposit address), that each is spent, and that
// some sweeps mix them with other customers' deposits.
func checkSweeps(t *testing.T, txs []etlTx, depositFor map[string]string) {
	t.Helper()
	swept := map[string]bool{}
	mixed := 0 // sweeps of heist deposits together with customers' deposits
	for _, tx := range txs {
		heist := 0
		for _, i := range tx.Inputs {
			hot, ok := depositFor[i.Addresses[0]]
			if !ok {
				continue
			}
			heist++
			swept[i.Addresses[0]] = true
			for _, o := range tx.Outputs {
				if o.Addresses[0] != hot {
					t.Errorf("sweep %s of deposit %s pays %s, not %s", tx.Hash, i.Addresses[0], o.Addresses[0], hot)
				}
			}
		}
		if heist > 0 && heist < len(tx.Inputs) {
			mixed++
		}
	}
	if len(swept) != len(depositFor) || mixed == 0 {
		t.Errorf("%d of %d deposit endpoints swept, %d sweeps mixed with customers' deposits", len(swept), len(depositFor), mixed)
	}
}

// readLabels returns the addresses of labels.csv.
func readLabels(t *testing.T, dir string) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "labels.csv"))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for i, l := range bytes.Split(bytes.TrimSpace(b), []byte("\n")) {
		if f := bytes.Split(l, []byte(",")); i > 0 && string(f[3]) != "heist" {
			out = append(out, string(f[1]))
		}
	}
	return out
}

func TestBtcPatterns(t *testing.T) {
	for _, seed := range []uint64{1, 2, 77} {
		_, s := simulateBtc(t, seed, 2000)
		p := s.Patterns
		for name, n := range map[string]int{"peel": p.Peel, "consolidation": p.Consolidation, "fanout": p.Fanout,
			"deposit": p.Deposit, "sweep": p.Sweep, "mixer": p.Mixer, "resting": p.Resting} {
			if n <= 0 {
				t.Errorf("seed %d: no %s: %+v", seed, name, p)
			}
		}
		bg := s.Background
		if bg.Payments == 0 || bg.Deposits == 0 || bg.Sweeps == 0 || bg.Withdrawals == 0 {
			t.Errorf("seed %d: background %+v", seed, bg)
		}
		if s.Transfers < 2000 || s.Heist.Transactions == 0 {
			t.Errorf("seed %d: summary %+v", seed, s)
		}
	}
}

func TestBtcBadConfig(t *testing.T) {
	for _, c := range []Config{{Background: -1}, {Commingle: true}, {ITWorkers: 3}} {
		if _, err := Btc(t.TempDir(), c); err == nil {
			t.Errorf("%+v accepted", c)
		}
	}
}
