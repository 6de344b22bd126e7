package ethetl

import (
	"bytes"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/vigil-project/vigil/internal/sharedtest"
	"github.com/vigil-project/vigil/internal/sim"
)

// parseWith parses dir sequentially (parts 0) or with the parallel path
// forced into the given number of parts, whatever the file size.
func parseWith(dir string, parts int) (result, error) {
	oldMin, oldParts := parallelMin, parallelParts
	defer func() { parallelMin, parallelParts = oldMin, oldParts }()
	if parts == 0 {
		parallelMin = 1 << 62
	} else {
		parallelMin, parallelParts = 1, parts
	}
	return tryParse(dir)
}

// sameParse parses dir sequentially and in 2, 3 and 7 parts and fails
// unless every parse gives the same blocks, the same dictionaries (IDs in
// the same order) and the same error. It returns the sequential error.
func sameParse(t *testing.T, dir string) error {
	t.Helper()
	mustSplit(t, filepath.Join(dir, "token_transfers.csv"))
	return compareParts(t, dir)
}

// compareParts parses dir sequentially and in 2, 3 and 7 parts and fails
// unless every parse gives the same blocks, the same dictionaries (IDs in
// the same order) and the same error. It returns the sequential error.
func compareParts(t *testing.T, dir string) error {
	t.Helper()
	seq, serr := parseWith(dir, 0)
	for _, n := range []int{2, 3, 7} {
		par, perr := parseWith(dir, n)
		if fmt.Sprint(serr) != fmt.Sprint(perr) {
			t.Fatalf("%d parts: error %v, sequential %v", n, perr, serr)
		}
		if !reflect.DeepEqual(seq.addrs.Keys, par.addrs.Keys) || !reflect.DeepEqual(seq.tokens.Keys, par.tokens.Keys) {
			t.Fatalf("%d parts: dictionaries differ (%d/%d addresses, %d/%d tokens)", n,
				len(par.addrs.Keys), len(seq.addrs.Keys), len(par.tokens.Keys), len(seq.tokens.Keys))
		}
		if !reflect.DeepEqual(seq.blocks, par.blocks) {
			t.Fatalf("%d parts: blocks differ", n)
		}
	}
	return serr
}

// mustSplit fails unless path takes the parallel path when forced: no
// quotes, a plain header.
func mustSplit(t *testing.T, path string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.IndexByte(b, '"') >= 0 {
		t.Fatalf("%s has quotes: it would be parsed sequentially", path)
	}
	oldMin, oldParts := parallelMin, parallelParts
	defer func() { parallelMin, parallelParts = oldMin, oldParts }()
	parallelMin, parallelParts = 1, 2
	s, err := splitFile(path, fileColumns[fileTokenTransfers], nil)
	if s == nil {
		t.Fatalf("%s: not split (%v)", path, err)
	}
	s.close()
}

// TestParallelFixtures: real token transfers (ethereum-etl's fixtures,
// the mainnet blocks 17173049-50 of its stream test, graphsense's blocks
// 15,000,000-4 converted from logs.json) parse the same in parts.
func TestParallelFixtures(t *testing.T) {
	exported := fixture(t, "test_export_token_transfers_job/block_with_transfers/expected_token_transfers.csv")
	extracted := fixture(t, "test_extract_token_transfers_job/logs/expected_token_transfers.csv")
	stream := fixture(t, "test_stream/blocks_17173049_17173050/expected_token_transfers.json")
	gs := filepath.Join(sharedData(t), "graphsense-lib-eth-mainnet", "eth-tokens-block15000000", "logs.json")
	streamCSV, gsCSV := jsonTokensCSV(t, stream), graphsenseTokensCSV(t, gs)
	if n := strings.Count(streamCSV, "\n"); n != 292 {
		t.Fatalf("stream fixture: %d lines", n)
	}
	if n := strings.Count(gsCSV, "\n"); n != 716 {
		t.Fatalf("graphsense: %d lines", n)
	}
	tests := []struct {
		name  string
		files map[string]string
	}{
		{"exported", map[string]string{"token_transfers.csv": readText(t, exported)}},
		{"extracted", map[string]string{"token_transfers.csv": readText(t, extracted)}},
		{"exported with transactions", map[string]string{"token_transfers.csv": readText(t, exported),
			"transactions.csv": readText(t, fixture(t, "test_export_blocks_job/block_with_logs/expected_transactions.csv"))}},
		{"stream 17173049-50", map[string]string{"token_transfers.csv": streamCSV}},
		{"graphsense 15000000-4", map[string]string{"token_transfers.csv": gsCSV}},
		{"graphsense twice (transactions in two places)", map[string]string{"token_transfers.csv": gsCSV + gsCSV[strings.IndexByte(gsCSV, '\n')+1:]}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, text := range tc.files {
				writeFile(t, dir, name, text)
			}
			if err := sameParse(t, dir); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func readText(t *testing.T, path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// jsonTokensCSV converts ethereum-etl's JSON token transfers to its CSV.
func jsonTokensCSV(t *testing.T, path string) string {
	var b strings.Builder
	b.WriteString(ttHdr)
	sharedtest.EachJSONLine(t, path, func(m map[string]any) {
		fmt.Fprintf(&b, "%v,%v,%v,%v,%v,%v,%v\n", m["token_address"], m["from_address"], m["to_address"],
			m["value"], m["transaction_hash"], m["log_index"], m["block_number"])
	})
	return b.String()
}

// graphsenseTokensCSV writes the ERC-20 Transfer events of graphsense's
// logs.json as a token_transfers.csv, as ethereum-etl extracts them.
func graphsenseTokensCSV(t *testing.T, path string) string {
	var b strings.Builder
	b.WriteString(ttHdr)
	sharedtest.EachJSONLine(t, path, func(m map[string]any) {
		tp := m["topics"].([]any)
		data := m["data"].(string)
		if len(tp) != 3 || tp[0] != "0x"+transferTopic || len(data) != 66 {
			return
		}
		v, _ := new(big.Int).SetString(data[2:], 16)
		fmt.Fprintf(&b, "%v,0x%s,0x%s,%v,%v,%v,%v\n", m["address"], tp[1].(string)[26:], tp[2].(string)[26:],
			v, m["txHash"], m["logIndex"], m["blockId"])
	})
	return b.String()
}

// synthTokens writes a token_transfers.csv of n synthetic rows (the
// benchmark's generator) and a transactions.csv naming every transaction,
// every 7th failed, when withTxs.
func synthTokens(t *testing.T, n int, withTxs bool) (dir string, lines []string) {
	var b bytes.Buffer
	genTokenTransfers(&b, n)
	dir = t.TempDir()
	writeFile(t, dir, "token_transfers.csv", b.String())
	lines = strings.SplitAfter(b.String(), "\n")
	if withTxs {
		var tx strings.Builder
		tx.WriteString("hash,block_number,transaction_index,from_address,to_address,value,receipt_status\n")
		seen, next := map[string]bool{}, map[string]int{}
		for _, l := range lines[1 : len(lines)-1] {
			f := strings.Split(strings.TrimSpace(l), ",")
			if seen[f[4]] {
				continue
			}
			seen[f[4]] = true
			status := "1"
			if len(seen)%7 == 0 {
				status = "0"
			}
			fmt.Fprintf(&tx, "%s,%s,%d,%s,%s,0,%s\n", f[4], f[6], next[f[6]], aA, aB, status)
			next[f[6]]++
		}
		writeFile(t, dir, "transactions.csv", tx.String())
	}
	return dir, lines
}

// TestParallelSynthetic: 20,000 rows, alone and joined with a
// transactions.csv with failed transactions.
func TestParallelSynthetic(t *testing.T) {
	for _, withTxs := range []bool{false, true} {
		dir, _ := synthTokens(t, 20000, withTxs)
		if err := sameParse(t, dir); err != nil {
			t.Fatal(err)
		}
	}
}

// TestParallelSimulated: a full simulated export (blocks, transactions
// with failed ones, receipts, traces, token transfers of a heist and its
// background) parses the same in parts.
func TestParallelSimulated(t *testing.T) {
	dir := t.TempDir()
	if _, err := sim.Eth(dir, sim.Config{Seed: 9, Background: 20000}); err != nil {
		t.Fatal(err)
	}
	if err := sameParse(t, dir); err != nil {
		t.Fatal(err)
	}
}

// partStart returns the line where part 1 of 2 begins.
func partStart(t *testing.T, dir string) int {
	path := filepath.Join(dir, "token_transfers.csv")
	oldMin, oldParts := parallelMin, parallelParts
	defer func() { parallelMin, parallelParts = oldMin, oldParts }()
	parallelMin, parallelParts = 1, 2
	s, err := splitFile(path, fileColumns[fileTokenTransfers], nil)
	if s == nil {
		t.Fatal("not split", err)
	}
	defer s.close()
	b, _ := os.ReadFile(path)
	return bytes.Count(b[:s.bounds[1]], []byte{'\n'}) + 1
}

// Edits that break a row without changing its length (so the split stays).
var breakRow = map[string]func(row, other string) string{
	"value":       func(r, _ string) string { return setField(r, ttValue, "x"+field(r, ttValue)[1:]) },
	"block":       func(r, _ string) string { return setField(r, 6, "1x"+field(r, 6)[2:]) },
	"hash":        func(r, _ string) string { return setField(r, 4, "0xg"+field(r, 4)[3:]) },
	"from hex":    func(r, _ string) string { return setField(r, ttFrom, "0xg"+field(r, ttFrom)[3:]) },
	"field count": func(r, _ string) string { return strings.Replace(r, ",", ";", 1) },
	"other block": func(r, o string) string { return setField(r, 4, field(o, 4)) },
	"unknown tx": func(r, _ string) string {
		h := []byte(field(r, 4))
		h[5] ^= 1
		return setField(r, 4, string(h))
	},
	// Two faults in one row: the transaction's comes first, as in the
	// sequential parse, though a part parses the keys before its lookup.
	"other block, from hex": func(r, o string) string {
		r = setField(r, 4, field(o, 4))
		return setField(r, ttFrom, "0xg"+field(r, ttFrom)[3:])
	},
	"unknown tx, to length": func(r, _ string) string {
		h := []byte(field(r, 4))
		h[5] ^= 1
		return setField(setField(r, 4, string(h)), ttTo, field(r, ttTo)[:20])
	},
}

// The synthetic file's columns, as genTokenTransfers writes them.
func field(row string, i int) string { return strings.Split(strings.TrimSuffix(row, "\n"), ",")[i] }

func setField(row string, i int, v string) string {
	f := strings.Split(strings.TrimSuffix(row, "\n"), ",")
	f[i] = v
	return strings.Join(f, ",") + "\n"
}

// TestParallelFirstError breaks rows in the second part, in both parts,
// and on both sides of the part boundary, with and without a
// transactions.csv, and checks that the parallel parse reports the
// sequential parse's first error (and leaves the same dictionaries).
func TestParallelFirstError(t *testing.T) {
	for _, withTxs := range []bool{false, true} {
		clean, lines := synthTokens(t, 6000, withTxs)
		mid := partStart(t, clean) // 1-based line; lines[mid-1] is its text
		placements := boundaryPlacements(mid)
		for pname, at := range placements {
			for kind := range breakRow {
				if strings.HasPrefix(kind, "unknown tx") && !withTxs {
					continue // a stub then, not an error
				}
				t.Run(fmt.Sprintf("txs=%v/%s/%s", withTxs, pname, kind), func(t *testing.T) {
					firstErrorCase(t, clean, lines, mid, at, []string{kind, kind})
				})
			}
		}
		// A transaction of part 0 named in another block in part 1, then a
		// bad row in part 1: the join error comes first.
		for _, second := range []string{"value", "field count", "from hex"} {
			t.Run(fmt.Sprintf("txs=%v/join then %s", withTxs, second), func(t *testing.T) {
				firstErrorCase(t, clean, lines, mid, []int{mid + 100, mid + 200}, []string{"other block", second})
			})
		}
	}
}

// firstErrorCase applies breakRow[kinds[i]] at lines[i] of a copy of the
// clean export and compares the parses; the first edit must be the error.
func firstErrorCase(t *testing.T, clean string, lines []string, mid int, at []int, kinds []string) {
	out := append([]string(nil), lines...)
	for i, l := range at {
		out[l-1] = breakRow[kinds[i]](out[l-1], out[1])
	}
	dir := t.TempDir()
	writeFile(t, dir, "token_transfers.csv", strings.Join(out, ""))
	if txs := filepath.Join(clean, "transactions.csv"); fileExists(txs) {
		writeFile(t, dir, "transactions.csv", readText(t, txs))
	}
	if partStart(t, dir) != mid {
		t.Fatal("the edit moved the part boundary")
	}
	err := sameParse(t, dir)
	want := fmt.Sprintf("token_transfers.csv:%d:", slices.Min(at))
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("error %v, want one at %s", err, want)
	}
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// TestParallelQuotesFallBack: a quoted field (legal CSV) sends the file to
// the sequential parse, with the same result.
func TestParallelQuotesFallBack(t *testing.T) {
	_, lines := synthTokens(t, 3000, false)
	lines[2500] = setField(lines[2500], ttValue, `"`+field(lines[2500], ttValue)+`"`)
	dir := t.TempDir()
	writeFile(t, dir, "token_transfers.csv", strings.Join(lines, ""))
	seq, serr := parseWith(dir, 0)
	par, perr := parseWith(dir, 2)
	if serr != nil || perr != nil || !reflect.DeepEqual(seq.blocks, par.blocks) || len(seq.blocks) == 0 {
		t.Fatalf("errors %v, %v; equal %v", serr, perr, reflect.DeepEqual(seq.blocks, par.blocks))
	}
}

// FuzzParallel checks that the sequential and the parallel parse of any
// token_transfers.csv (with an optional transactions.csv) agree.
func FuzzParallel(f *testing.F) {
	row := func(h, block, value string) string {
		return aA + "," + aA + "," + aB + "," + value + "," + h + ",0," + block + "\n"
	}
	good := ttHdr + row(h1, "5", "1") + row(h1, "5", "2") + row(h2, "6", "3") + row(h1, "5", "4")
	f.Add([]byte(good), uint8(2), []byte(nil))
	f.Add([]byte(good+row(h1, "6", "1")), uint8(3), []byte(nil))
	f.Add([]byte(good+"\xef\xbb\xbf"+row(h2, "6", "1")), uint8(2), []byte(nil))
	f.Add([]byte(strings.ReplaceAll(good, "\n", "\r\n")+"\n\n"), uint8(4), []byte(nil))
	f.Add([]byte(good+aA+",x\n"), uint8(2), []byte(nil))
	f.Add([]byte(good), uint8(2), []byte(txHdr+h1+",5,0,"+aA+","+aB+",1\n"))
	f.Add([]byte(good), uint8(2), []byte(txHdr+h1+",5,0,"+aA+","+aB+",1\n"+h2+",6,0,"+aA+","+aB+",1\n"))
	f.Add([]byte("\xef\xbb\xbf"+good), uint8(5), []byte(nil))
	f.Fuzz(func(t *testing.T, data []byte, parts uint8, txs []byte) {
		dir := t.TempDir()
		writeFile(t, dir, "token_transfers.csv", string(data))
		if len(txs) > 0 {
			writeFile(t, dir, "transactions.csv", string(txs))
		}
		seq, serr := parseWith(dir, 0)
		par, perr := parseWith(dir, 2+int(parts%5))
		if fmt.Sprint(serr) != fmt.Sprint(perr) {
			t.Fatalf("parallel error %v, sequential %v", perr, serr)
		}
		if serr == nil && !reflect.DeepEqual(seq, par) {
			t.Fatalf("results differ")
		}
	})
}
