package cli_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const ethFixtures = "ethereum-etl-fixtures/tests-resources/"

const transferTopic = "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef"

// ethRef computes, from the ethereum-etl files in dir with encoding/csv
// and math/big, the totals the contract's rules give, the blocks named and
// the number of transactions.csv rows. Traces and transactions.csv are not
// mixed in the sets below, so a block with a trace row of a transaction is
// covered by traces. Rewards (not in the contract's list of trace rows
// that move value) are counted as mints, as internal/ingest/ethetl does.
func ethRef(t testing.TB, dir string, issuance bool) (r *ref, blocks map[string]bool, txRows int) {
	r, blocks = newRef(), map[string]bool{}
	lc := strings.ToLower
	failed := map[string]bool{}
	contract := map[string]string{}
	for _, m := range readCSV(t, filepath.Join(dir, "receipts.csv")) {
		failed[lc(m["transaction_hash"])] = m["status"] == "0"
		contract[lc(m["transaction_hash"])] = lc(m["contract_address"])
	}
	txs := readCSV(t, filepath.Join(dir, "transactions.csv"))
	for _, m := range txs {
		if s, ok := m["receipt_status"]; ok {
			failed[lc(m["hash"])] = s == "0"
		}
		if c := m["receipt_contract_address"]; c != "" {
			contract[lc(m["hash"])] = lc(c)
		}
	}
	covered := map[string]bool{}
	failedAt := map[string][]string{} // tx -> failed trace addresses
	for _, m := range readCSV(t, filepath.Join(dir, "traces.csv")) {
		blocks[m["block_number"]] = true
		v, typ := new(big.Int), m["trace_type"]
		if m["value"] != "" {
			v = bigOf(t, m["value"])
		}
		ok := m["error"] == "" && (m["status"] == "1" || m["status"] == "")
		if typ == "reward" || typ == "genesis" {
			if issuance && ok && v.Sign() > 0 {
				r.move("", lc(m["to_address"]), "eth", v)
			}
			continue
		}
		covered[m["block_number"]] = true
		tx, ta := lc(m["transaction_hash"]), m["trace_address"]
		if tx == "" {
			tx = m["block_number"] + "/" + m["transaction_index"]
		}
		if !ok {
			failedAt[tx] = append(failedAt[tx], ta)
			if ta == "" {
				failed[tx] = true
			}
			continue
		}
		if failed[tx] || under(failedAt[tx], ta) || v.Sign() == 0 || typ == "call" && m["call_type"] != "call" {
			continue
		}
		if typ == "call" || typ == "create" || typ == "suicide" {
			r.move(lc(m["from_address"]), lc(m["to_address"]), "eth", v)
		}
	}
	for _, m := range txs {
		txRows++
		blocks[m["block_number"]] = true
		v := bigOf(t, m["value"])
		if covered[m["block_number"]] || failed[lc(m["hash"])] || v.Sign() == 0 {
			continue
		}
		to := lc(m["to_address"])
		if to == "" {
			to = contract[lc(m["hash"])]
		}
		r.move(lc(m["from_address"]), to, "eth", v)
	}
	tokens := readCSV(t, filepath.Join(dir, "token_transfers.csv"))
	if tokens == nil {
		for _, m := range readCSV(t, filepath.Join(dir, "logs.csv")) {
			tp := strings.Split(lc(m["topics"]), ",")
			if len(tp) != 3 || tp[0] != transferTopic || len(m["data"]) != 66 {
				continue
			}
			v, _ := new(big.Int).SetString(m["data"][2:], 16)
			tokens = append(tokens, map[string]string{"block_number": m["block_number"],
				"transaction_hash": m["transaction_hash"], "token_address": m["address"],
				"from_address": "0x" + tp[1][26:], "to_address": "0x" + tp[2][26:], "value": v.String()})
		}
	}
	for _, m := range tokens {
		blocks[m["block_number"]] = true
		if !failed[lc(m["transaction_hash"])] {
			r.move(lc(m["from_address"]), lc(m["to_address"]), "eth:"+lc(m["token_address"]), bigOf(t, m["value"]))
		}
	}
	for _, m := range readCSV(t, filepath.Join(dir, "blocks.csv")) {
		blocks[m["number"]] = true
		var ws []struct {
			Address string
			Amount  json.Number
		}
		if w := m["withdrawals"]; w != "" && w != "[]" {
			if err := json.Unmarshal([]byte("["+strings.Trim(w, "[]")+"]"), &ws); err != nil {
				t.Fatalf("withdrawals of block %s: %v", m["number"], err)
			}
		}
		for _, w := range ws {
			if !issuance {
				break // withdrawals are not value moves in CONTRACT.md
			}
			v := bigOf(t, w.Amount.String())
			r.move("", lc(w.Address), "eth", v.Mul(v, big.NewInt(1e9)))
		}
	}
	return r, blocks, txRows
}

// under reports whether trace address ta is at or under one of failed.
func under(failed []string, ta string) bool {
	for _, f := range failed {
		if f == "" || f == ta || strings.HasPrefix(ta, f+",") {
			return true
		}
	}
	return false
}

// ethSet is an export directory assembled from fixture files.
type ethSet struct {
	name  string
	files map[string]string // name in the export dir -> fixture path
	// ref, when set, are the files the reference is computed from
	// (expected outputs of the same blocks); default files.
	ref map[string]string
	gz  bool // write the ingested files as NAME.csv.gz
}

func ethSets() []ethSet {
	w := "test_export_blocks_job/blocks_with_transactions_and_withdrawals/"
	logs := "test_export_blocks_job/block_with_logs/"
	tt := "test_export_token_transfers_job/block_with_transfers/expected_token_transfers.csv"
	rc := "test_export_receipts_job/receipts_with_logs/"
	ex := "test_extract_token_transfers_job/logs/"
	wfiles := map[string]string{"blocks.csv": w + "expected_blocks.csv", "transactions.csv": w + "expected_transactions.csv"}
	sets := []ethSet{
		{name: "withdrawals", files: wfiles},
		{name: "withdrawals.gz", files: wfiles, gz: true},
		{name: "block_with_logs+token_transfers", files: map[string]string{"blocks.csv": logs + "expected_blocks.csv",
			"transactions.csv": logs + "expected_transactions.csv", "token_transfers.csv": tt}},
		{name: "token_transfers", files: map[string]string{"token_transfers.csv": tt}},
		{name: "receipts+logs", files: map[string]string{"receipts.csv": rc + "expected_receipts.csv", "logs.csv": rc + "expected_logs.csv"},
			ref: map[string]string{"receipts.csv": rc + "expected_receipts.csv", "token_transfers.csv": tt}},
		{name: "extract_token_transfers", files: map[string]string{"logs.csv": ex + "logs.csv"},
			ref: map[string]string{"token_transfers.csv": ex + "expected_token_transfers.csv"}},
	}
	for _, job := range []string{"test_export_traces_job", "test_extract_geth_traces_job"} {
		for _, b := range []string{"block_with_error", "block_with_suicide", "block_with_create", "block_with_subtraces"} {
			sets = append(sets, ethSet{name: job + "/" + b, files: map[string]string{"traces.csv": job + "/" + b + "/expected_traces.csv"}})
		}
	}
	return sets
}

// build writes the set's export dir (and its reference dir).
func (s ethSet) build(t testing.TB) (dir, refDir string) {
	root := filepath.Join(e2eShared(t), ethFixtures)
	files := map[string]string{}
	for k, v := range s.files {
		files[k] = filepath.Join(root, v)
	}
	dir = makeDir(t, files)
	refDir = dir
	if s.ref != nil {
		for k, v := range s.ref {
			files[k] = filepath.Join(root, v)
		}
		for k := range files {
			if _, ok := s.ref[k]; !ok {
				delete(files, k)
			}
		}
		refDir = makeDir(t, files)
	}
	if s.gz {
		gzDir := t.TempDir()
		for k := range s.files {
			b, err := os.ReadFile(filepath.Join(dir, k))
			if err != nil {
				t.Fatal(err)
			}
			writeFile(t, filepath.Join(gzDir, k+".gz"), gzipBytes(t, b))
		}
		dir = gzDir
	}
	return dir, refDir
}

func gzipBytes(t testing.TB, b []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestEthereumETLFixtures ingests each fixture set through the CLI and
// checks stats and every address's totals against ethRef.
func TestEthereumETLFixtures(t *testing.T) {
	for _, s := range ethSets() {
		for _, issuance := range []bool{false, true} {
			name := s.name
			if issuance {
				name += "/issuance"
			}
			t.Run(name, func(t *testing.T) { checkEthSet(t, s, issuance) })
		}
	}
}

// checkEthSet ingests one set (with --issuance or not) and compares.
func checkEthSet(t *testing.T, s ethSet, issuance bool) {
	dir, refDir := s.build(t)
	r, blocks, txRows := ethRef(t, refDir, issuance)
	v := newVigil(t)
	args := []string{"ingest", "ethereum-etl", "--quiet", dir}
	if issuance {
		args = append(args, "--issuance")
	}
	v.ok(args...)
	st, ok := v.stats()["eth"]
	if !ok {
		t.Fatal("no eth in stats")
	}
	if st.Blocks != int64(len(blocks)) || st.Transfers != r.moves {
		t.Errorf("stats %+v; want %d blocks, %d transfers", st, len(blocks), r.moves)
	}
	if _, ok := s.files["transactions.csv"]; ok && st.Transactions != int64(txRows) {
		t.Errorf("stats: %d transactions, want %d", st.Transactions, txRows)
	}
	if r.moves == 0 && s.name != "test_extract_geth_traces_job/block_with_suicide" {
		t.Fatal("empty reference") // only geth's suicide row has no value
	}
	v.checkRef("eth", r)
	// Idempotence: a second ingest writes nothing.
	before := v.snapshot()
	var res struct {
		Written   int `json:"blocks_written"`
		Unchanged int `json:"blocks_unchanged"`
	}
	v.json(&res, append(args, "--json")...)
	if res.Written != 0 || res.Unchanged != len(blocks) {
		t.Errorf("second ingest: %+v, want 0 written, %d unchanged", res, len(blocks))
	}
	if after := v.snapshot(); after != before {
		t.Errorf("second ingest changed stats:\n%s\n%s", before, after)
	}
}

// txsFromTraces writes a transactions.csv for the transactions of a
// traces.csv (from its top-level rows), so that the transactions are stored
// and `tx` finds them.
func txsFromTraces(t testing.TB, dir string) {
	var b strings.Builder
	b.WriteString("hash,block_number,transaction_index,from_address,to_address,value\n")
	for _, m := range readCSV(t, filepath.Join(dir, "traces.csv")) {
		if m["transaction_hash"] != "" && m["trace_address"] == "" {
			b.WriteString(strings.Join([]string{m["transaction_hash"], m["block_number"], m["transaction_index"],
				m["from_address"], m["to_address"], m["value"]}, ",") + "\n")
		}
	}
	writeFile(t, filepath.Join(dir, "transactions.csv"), []byte(b.String()))
}

var traceTxTests = []struct {
	block, hash string
	failed      bool
	want        []moveDoc
}{
	{"block_with_error", "0xa2f089480e6fd907e786a88d928ba20feeca2ca37ffa84c2d54bae42f5d989c9", true, nil},
	{"block_with_error", "0xc7fec96b2dd4cadaade2721dc9b5386a39ab00e96e7c1060e441f273801b39de", false, []moveDoc{{"transaction",
		"0x9288fe5be3be048b5c7a68bfd4b9a0746b7e4a00", "0xe05ff93a9978bbb48356accc74088f3841fc5d72", "eth", "1100000000000000000"}}},
	{"block_with_suicide", "0x91acb43c5f141c393a189e091c190c9ffb20e4e8a502e4cc3087be9587bdbc89", false, []moveDoc{{"selfdestruct",
		"0x474faa5018639791952fae334e2911700ac7fe9b", "0x83973747eec131bf9a08ac64fb1a518e891bdf4b", "eth", "50000000000000000"}}},
	// The callcode subtrace repeats the value and moves nothing.
	{"block_with_subtraces", "0xea1093d492a1dcb1bef708f771a99a96ff05dcab81ca76c31940300177fcf49f", false, []moveDoc{{"transaction",
		"0x39fa8c5f2793459d6622857e7d9fbb4bd91766d3", "0xc083e9947cf02b8ffc7d3090ae9aea72df98fd47", "eth", "100000000000000000000"}}},
	{"block_with_create", "0x2c3cfb8d7f3039fcad64bd231beb0229af55f9114d74aef12a6f228ad1dac100", false, []moveDoc{{"transaction",
		"0xaf21e07e5a929d16026a7b4d88f3906a8d2e4942", "0x5b3c526b152b1f3d8eabe2ec27f49b904ad51cad", "eth", "64655529900000002048"}}},
	// A create with value 0 moves nothing.
	{"block_with_create", "0xe4de004685c7b5fe48854cfb54cd59686f3f7cbf95e68c3984dfd672fe677871", false, nil},
}

// TestEthereumETLTxs checks `tx --json` for the transactions the trace
// rules are about: traces.csv of test_export_traces_job with a
// transactions.csv made from its top-level rows (traces cover the blocks,
// so native moves come from traces only).
func TestEthereumETLTxs(t *testing.T) { checkTraceTxs(t, true) }

// TestEthereumETLTraceOnlyTxs is the same from traces.csv alone: the
// stub transactions (hash and index) ethetl makes from traces must be
// stored so that every transfer keeps its transaction hash.
func TestEthereumETLTraceOnlyTxs(t *testing.T) {
	checkTraceTxs(t, false)
}

func checkTraceTxs(t *testing.T, withTxs bool) {
	vs := map[string]*vigil{}
	for _, tc := range traceTxTests {
		v := vs[tc.block]
		if v == nil {
			v = newVigil(t)
			dir, _ := ethSet{files: map[string]string{"traces.csv": "test_export_traces_job/" + tc.block + "/expected_traces.csv"}}.build(t)
			if withTxs {
				txsFromTraces(t, dir)
			}
			v.ok("ingest", "ethereum-etl", "--quiet", dir)
			vs[tc.block] = v
		}
		d := v.tx("eth", tc.hash)
		// "transfers" is omitted when empty (omitempty in tx.go).
		if d.Hash != tc.hash || d.Failed == nil || *d.Failed != tc.failed {
			t.Errorf("%s: hash %s failed %v, want %v", tc.hash, d.Hash, d.Failed, tc.failed)
		}
		if len(d.Transfers) != len(tc.want) {
			t.Errorf("%s: transfers %+v, want %+v", tc.hash, d.Transfers, tc.want)
			continue
		}
		for i := range tc.want {
			if d.Transfers[i] != tc.want[i] {
				t.Errorf("%s: transfer %d %+v, want %+v", tc.hash, i, d.Transfers[i], tc.want[i])
			}
		}
	}
}
