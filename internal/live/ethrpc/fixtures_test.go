package ethrpc

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// gethFixtures are ethereum-etl's extract_geth_traces test cases: real
// mainnet debug_traceBlockByNumber callTracer responses and the traces.csv
// ethereum-etl made of them.
const gethFixtures = "../../../../shared/data/ethereum-etl-fixtures/tests-resources/test_extract_geth_traces_job"

// fixtureBlock builds recorded responses around a fixture's real traces:
// one transaction per trace, as the top frame says, receipts without
// status (these blocks are pre-Byzantium).
func fixtureBlock(t *testing.T, dir string) (recorded, [][]string) {
	t.Helper()
	matches, _ := filepath.Glob(filepath.Join(dir, "web3_response.debug_traceBlockByNumber_*.json"))
	if len(matches) != 1 {
		t.Fatalf("%s: no response file", dir)
	}
	var resp struct {
		Result []map[string]any `json:"result"`
	}
	b, err := os.ReadFile(matches[0])
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &resp); err != nil {
		t.Fatal(err)
	}
	var num uint64
	fmt.Sscanf(strings.Split(filepath.Base(matches[0]), "_")[2], "0x%x", &num)
	r := recorded{Traces: resp.Result, Receipts: []map[string]any{}}
	var txs []any
	for i, tr := range resp.Result {
		top := tr["result"].(map[string]any)
		h := fmt.Sprintf("0x%064x", num*1000+uint64(i))
		tx := map[string]any{"hash": h, "transactionIndex": fmt.Sprintf("0x%x", i), "from": top["from"], "to": top["to"], "value": top["value"]}
		rc := map[string]any{"transactionHash": h, "transactionIndex": fmt.Sprintf("0x%x", i), "logs": []any{}}
		if strings.HasPrefix(str(top, "type"), "CREATE") {
			tx["to"], rc["contractAddress"] = nil, top["to"]
		}
		txs = append(txs, tx)
		r.Receipts = append(r.Receipts, rc)
	}
	r.Block = map[string]any{"number": fmt.Sprintf("0x%x", num), "hash": fmt.Sprintf("0x%064x", num), "timestamp": "0x55ba467c", "transactions": txs}
	f, err := os.Open(filepath.Join(dir, "expected_traces.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil && len(rows) > 0 {
		t.Fatal(err)
	}
	return r, rows
}

// TestGethTraceFixtures checks the flattening of real callTracer output
// against ethereum-etl's own traces.csv of it, then the conversion against
// ethetl.ParseDir of that export.
func TestGethTraceFixtures(t *testing.T) {
	dirs, _ := filepath.Glob(filepath.Join(gethFixtures, "block_*"))
	if len(dirs) != 5 {
		t.Fatalf("want 5 fixture blocks under %s, have %d", gethFixtures, len(dirs))
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			r, want := fixtureBlock(t, dir)
			got := gethTraces(r.Traces)
			if len(want) > 0 {
				want = want[1:] // header
			}
			if len(got) != len(want) {
				t.Fatalf("%d trace rows, ethereum-etl wrote %d", len(got), len(want))
			}
			for i, w := range want {
				// block_number,transaction_hash,transaction_index,from_address,to_address,value,input,output,trace_type,call_type,reward_type,gas,gas_used,subtraces,trace_address,error
				g := got[i]
				have := []string{fmt.Sprint(g.txIndex), g.from, g.to, g.value, g.typ, g.callType, g.addr, g.err}
				exp := []string{w[2], w[3], w[4], w[5], w[8], w[9], w[14], w[15]}
				if strings.Join(have, "|") != strings.Join(exp, "|") {
					t.Errorf("row %d: %v, ethereum-etl %v", i, have, exp)
				}
			}
			bs := sameAsETL(t, []recorded{r}, true)
			t.Logf("%d txs, %d transfers", len(bs[0].Txs), len(bs[0].Transfers))
		})
	}
}
