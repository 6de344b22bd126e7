package ethrpc

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// This file writes an ethereum-etl export of recorded node responses, the
// way ethereum-etl's export_blocks_and_transactions, export_receipts_and_logs
// and extract_geth_traces jobs do, independently of the package's own
// decoding: the tests parse it with ethetl.ParseDir and compare.

// recorded are the responses for one block, as stored under testdata.
type recorded struct {
	Block    map[string]any   `json:"block"`    // eth_getBlockByNumber(n, true)
	Receipts []map[string]any `json:"receipts"` // eth_getBlockReceipts(n)
	Traces   []map[string]any `json:"traces"`   // debug_traceBlockByNumber(n, callTracer)
}

// str returns m[k] as a string ("" when absent or null).
func str(m map[string]any, k string) string {
	s, _ := m[k].(string)
	return s
}

// dec converts a hex quantity to decimal text ("" stays "").
func dec(s string) string {
	if s == "" {
		return ""
	}
	v, ok := new(big.Int).SetString(strings.TrimPrefix(s, "0x"), 16)
	if !ok {
		panic("bad hex in recorded response: " + s)
	}
	return v.String()
}

// etlTrace is one traces.csv row.
type etlTrace struct {
	txIndex                              int
	from, to, value, typ, callType, addr string
	err                                  string
}

// flattenGeth is ethereum-etl's EthTraceMapper.geth_trace_to_traces:
// pre-order, trace_address the path of call indexes. CREATE2 is written
// as create (ethereum-etl would write create2, which its trace_block
// exports and ethetl do not know).
func flattenGeth(txIndex int, f map[string]any, path []int, out []etlTrace) []etlTrace {
	typ := strings.ToLower(str(f, "type"))
	row := etlTrace{txIndex: txIndex, from: str(f, "from"), to: str(f, "to"), value: dec(str(f, "value")), err: str(f, "error")}
	switch typ {
	case "selfdestruct":
		row.typ = "suicide"
	case "call", "callcode", "delegatecall", "staticcall":
		row.typ, row.callType = "call", typ
	case "create2":
		row.typ = "create"
	default:
		row.typ = typ
	}
	parts := make([]string, len(path))
	for i, p := range path {
		parts[i] = fmt.Sprint(p)
	}
	row.addr = strings.Join(parts, ",")
	out = append(out, row)
	calls, _ := f["calls"].([]any)
	for i, c := range calls {
		out = flattenGeth(txIndex, c.(map[string]any), append(append([]int(nil), path...), i), out)
	}
	return out
}

// gethTraces flattens a debug_traceBlockByNumber result.
func gethTraces(trs []map[string]any) []etlTrace {
	var out []etlTrace
	for i, t := range trs {
		out = flattenGeth(i, t["result"].(map[string]any), nil, out)
	}
	return out
}

// writeCSV writes rows under a header to dir/name.csv.
func writeCSV(t testing.TB, dir, name string, header []string, rows [][]string) {
	t.Helper()
	f, err := os.Create(filepath.Join(dir, name+".csv"))
	if err != nil {
		t.Fatal(err)
	}
	w := csv.NewWriter(f)
	w.Write(header)
	w.WriteAll(rows)
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// writeETL writes blocks, transactions, receipts, logs and (when traced)
// traces CSVs of recs into dir.
func writeETL(t testing.TB, dir string, recs []recorded, traced bool) {
	t.Helper()
	var blocks, txs, rcs, logs, traces [][]string
	for _, r := range recs {
		num := dec(str(r.Block, "number"))
		blocks = append(blocks, []string{num, str(r.Block, "hash"), dec(str(r.Block, "timestamp"))})
		for _, x := range r.Block["transactions"].([]any) {
			tx := x.(map[string]any)
			txs = append(txs, []string{str(tx, "hash"), num, dec(str(tx, "transactionIndex")), str(tx, "from"), str(tx, "to"), dec(str(tx, "value")), dec(str(r.Block, "timestamp"))})
		}
		for _, rc := range r.Receipts {
			rcs = append(rcs, []string{str(rc, "transactionHash"), num, dec(str(rc, "transactionIndex")), dec(str(rc, "status")), str(rc, "contractAddress")})
			lg, _ := rc["logs"].([]any)
			for _, x := range lg {
				l := x.(map[string]any)
				var topics []string
				for _, tp := range l["topics"].([]any) {
					topics = append(topics, tp.(string))
				}
				logs = append(logs, []string{dec(str(l, "logIndex")), str(rc, "transactionHash"), dec(str(rc, "transactionIndex")), num, str(l, "address"), str(l, "data"), strings.Join(topics, ",")})
			}
		}
		for _, tr := range gethTraces(r.Traces) {
			traces = append(traces, []string{num, "", fmt.Sprint(tr.txIndex), tr.from, tr.to, tr.value, tr.typ, tr.callType, tr.addr, tr.err, ""})
		}
	}
	writeCSV(t, dir, "blocks", []string{"number", "hash", "timestamp"}, blocks)
	writeCSV(t, dir, "transactions", []string{"hash", "block_number", "transaction_index", "from_address", "to_address", "value", "block_timestamp"}, txs)
	writeCSV(t, dir, "receipts", []string{"transaction_hash", "block_number", "transaction_index", "status", "contract_address"}, rcs)
	writeCSV(t, dir, "logs", []string{"log_index", "transaction_hash", "transaction_index", "block_number", "address", "data", "topics"}, logs)
	if traced {
		writeCSV(t, dir, "traces", []string{"block_number", "transaction_hash", "transaction_index", "from_address", "to_address", "value", "trace_type", "call_type", "trace_address", "error", "status"}, traces)
	}
}

// loadRecorded reads testdata/NAME (a JSON list of recorded blocks).
func loadRecorded(t testing.TB, path string) []recorded {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var recs []recorded
	if err := json.Unmarshal(b, &recs); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return recs
}
