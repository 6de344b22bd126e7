package ethetl

import (
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// genTraces writes a transactions.csv (with receipt_status when status)
// and a traces.csv: blocks of 1-10 transactions, 1-6 trace rows each,
// some failed (status 0), some of zero value, some delegatecalls, a
// reward row after each block. Trace addresses are "", "0", "1", "0",
// "1", "2" (plain, so the file has no quote) or, when quoted, "", "0",
// "0,0", "0,1", "1", "1,0". Fields have fixed widths where edits need it.
func genTraces(nTx int, seed int64, status, quoted bool) (txs, traces string) {
	rng := rand.New(rand.NewSource(seed))
	tas := []string{"", "0", "1", "0", "1", "2"}
	if quoted {
		tas = []string{"", "0", `"0,0"`, `"0,1"`, "1", `"1,0"`}
	}
	var tx, tr strings.Builder
	tx.WriteString("hash,block_number,transaction_index,from_address,to_address,value")
	if status {
		tx.WriteString(",receipt_status")
	}
	tx.WriteString("\n")
	tr.WriteString(trHdr)
	addr := func() string { return fmt.Sprintf("0x%040x", 1+rng.Intn(200)) }
	block := 20_000_000
	for i := 0; i < nTx; block++ {
		for idx := range 1 + rng.Intn(10) {
			var h [32]byte
			rng.Read(h[:])
			fmt.Fprintf(&tx, "0x%x,%d,%d,%s,%s,%d", h, block, idx, addr(), addr(), rng.Intn(1000))
			if status {
				fmt.Fprintf(&tx, ",%d", min(1, rng.Intn(10)))
			}
			tx.WriteString("\n")
			for k := range 1 + rng.Intn(6) {
				typ, call := "call", "call"
				switch rng.Intn(12) {
				case 0:
					call = "delegatecall"
				case 1:
					typ, call = "create", ""
				}
				value := fmt.Sprintf("%012d", rng.Int63n(1e12))
				if rng.Intn(5) == 0 {
					value = "000000000000"
				}
				fmt.Fprintf(&tr, "%d,0x%x,%d,%s,%s,%s,%s,%s,%s,,%d\n", block, h, idx, addr(), addr(), value,
					typ, call, tas[k], min(1, rng.Intn(8)))
			}
			i++
		}
		fmt.Fprintf(&tr, "%d,,,,%s,%012d,reward,,,,1\n", block, addr(), rng.Int63n(1e12))
	}
	return tx.String(), tr.String()
}

// Columns of traces.csv as genTraces writes them (trHdr).
const (
	gtrBlock = iota
	gtrHash
	gtrIndex
	gtrFrom
	gtrTo
	gtrValue
	gtrType
	gtrCall
	gtrAddress
	gtrError
	gtrStatus
)

// TestTracesParallelFixtures: ethereum-etl's traces fixtures (with a
// transactions.csv naming their transactions) and graphsense's mainnet
// traces and transactions parse the same in parts.
func TestTracesParallelFixtures(t *testing.T) {
	for _, rel := range []string{
		"test_export_traces_job/block_with_create/expected_traces.csv",
		"test_export_traces_job/block_with_error/expected_traces.csv",
		"test_export_traces_job/block_with_subtraces/expected_traces.csv",
		"test_export_traces_job/block_with_suicide/expected_traces.csv",
		"test_extract_geth_traces_job/block_with_create/expected_traces.csv",
		"test_extract_geth_traces_job/block_with_error/expected_traces.csv",
		"test_extract_geth_traces_job/block_with_subtraces/expected_traces.csv",
		"test_extract_geth_traces_job/block_with_suicide/expected_traces.csv",
	} {
		t.Run(rel, func(t *testing.T) {
			text := readText(t, fixture(t, rel))
			dir := t.TempDir()
			writeFile(t, dir, "traces.csv", text)
			writeFile(t, dir, "transactions.csv", txsOfTraces(t, text))
			if err := sameParseOf(t, dir, "traces.csv"); err != nil {
				t.Fatal(err)
			}
		})
	}
	t.Run("graphsense 15000000-4", func(t *testing.T) {
		dir := t.TempDir()
		trs := graphsenseTracesCSV(t)
		writeFile(t, dir, "transactions.csv", txsOfTraces(t, trs))
		writeFile(t, dir, "traces.csv", trs)
		if err := sameParseOf(t, dir, "traces.csv"); err != nil {
			t.Fatal(err)
		}
	})
}

// txsOfTraces writes a transactions.csv naming each transaction of a
// traces.csv (by hash, block and index).
func txsOfTraces(t *testing.T, traces string) string {
	var b strings.Builder
	b.WriteString(txHdr)
	seen := map[string]bool{}
	for _, m := range readCSVText(t, traces) {
		h, idx := m["transaction_hash"], m["transaction_index"]
		if idx == "" {
			continue // a reward
		}
		if h == "" { // geth-extracted traces name the index only
			h = fmt.Sprintf("0x%032s%032s", m["block_number"], idx)
		}
		if !seen[h] {
			seen[h] = true
			fmt.Fprintf(&b, "%s,%s,%s,%s,%s,0\n", h, m["block_number"], idx, aA, aB)
		}
	}
	return b.String()
}

func readCSVText(t *testing.T, text string) []map[string]string {
	dir := t.TempDir()
	writeFile(t, dir, "x.csv", text)
	return readCSV(t, filepath.Join(dir, "x.csv"))
}

// graphsenseTracesCSV converts graphsense's traces.csv as
// TestGraphsenseNative does (transaction indexes in order of first
// appearance in each block), quoting only trace addresses with a comma.
func graphsenseTracesCSV(t *testing.T) string {
	var b strings.Builder
	b.WriteString(trHdr)
	index, perBlock := map[string]int{}, map[string]int{}
	for _, m := range readCSV(t, filepath.Join(graphsenseDir(t), "traces.csv")) {
		typ, rest, _ := strings.Cut(m["traceId"], "_")
		addr, idx := "", ""
		if m["txHash"] != "" {
			_, ta, _ := strings.Cut(rest, "_")
			addr = strings.ReplaceAll(ta, "_", ",")
			if strings.Contains(addr, ",") {
				addr = `"` + addr + `"`
			}
			if _, ok := index[m["txHash"]]; !ok {
				index[m["txHash"]] = perBlock[m["blockId"]]
				perBlock[m["blockId"]]++
			}
			idx = fmt.Sprint(index[m["txHash"]])
		}
		fmt.Fprintf(&b, "%s,%s,%s,%s,%s,%s,%s,%s,%s,,%s\n", m["blockId"], m["txHash"], idx, m["fromAddress"],
			m["toAddress"], expandExp(t, m["value"]), typ, m["callType"], addr, m["status"])
	}
	return b.String()
}

// TestTracesParallelSynthetic: generated traces, plain and quoted, with
// and without receipt statuses, parse the same in parts.
func TestTracesParallelSynthetic(t *testing.T) {
	for _, status := range []bool{false, true} {
		for _, quoted := range []bool{false, true} {
			t.Run(fmt.Sprintf("status=%v/quoted=%v", status, quoted), func(t *testing.T) {
				txs, trs := genTraces(2000, 1, status, quoted)
				dir := t.TempDir()
				writeFile(t, dir, "transactions.csv", txs)
				writeFile(t, dir, "traces.csv", trs)
				if err := sameParseOf(t, dir, "traces.csv"); err != nil {
					t.Fatal(err)
				}
			})
		}
	}
}

// TestTracesParallelSimulated: a simulated export's traces.csv parses the
// same in parts, and so does the export with transactions.csv moved away
// (then traces.csv is parsed sequentially).
func TestTracesParallelSimulated(t *testing.T) {
	dir := simDir(t)
	if err := sameParseOf(t, dir, "traces.csv"); err != nil {
		t.Fatal(err)
	}
	noTxs := t.TempDir()
	for _, name := range []string{"traces.csv", "token_transfers.csv", "blocks.csv"} {
		writeFile(t, noTxs, name, readText(t, filepath.Join(dir, name)))
	}
	if tookParallel(t, noTxs, "traces.csv", 2) {
		t.Fatal("traces.csv without transactions.csv took the parallel path")
	}
	seq, serr := parseWith(noTxs, 0)
	par, perr := parseWith(noTxs, 2)
	if serr != nil || perr != nil || fmt.Sprint(seq.blocks) != fmt.Sprint(par.blocks) {
		t.Fatalf("errors %v / %v or blocks differ", serr, perr)
	}
}

// TestTracesParallelCarry: a transaction whose trace rows straddle the
// cut, with one of its rows before the cut failed (so rows under it after
// the cut move nothing, and a failed top-level call fails the
// transaction), and with one of its rows copied far into part 1.
func TestTracesParallelCarry(t *testing.T) {
	for _, status := range []bool{false, true} {
		for _, quoted := range []bool{false, true} {
			txs, trs, mid := straddle(t, status, quoted)
			lines := strings.SplitAfter(trs, "\n")
			h := field(lines[mid-1], gtrHash)
			for l := mid - 1; field(lines[l-1], gtrHash) == h; l-- {
				for _, far := range []bool{false, true} {
					t.Run(fmt.Sprintf("status=%v/quoted=%v/failed line %d/far=%v", status, quoted, l, far), func(t *testing.T) {
						out := append([]string(nil), lines...)
						out[l-1] = setField(out[l-1], gtrStatus, "0")
						if far {
							for _, c := range []int{gtrBlock, gtrHash, gtrIndex} {
								out[mid+300] = setField(out[mid+300], c, field(lines[mid-1], c))
							}
						}
						tracesCase(t, txs, out, mid)
					})
				}
			}
		}
	}
}

// straddle generates traces until a transaction has rows on both sides of
// the cut; it returns the files and the first line of part 1.
func straddle(t *testing.T, status, quoted bool) (txs, trs string, mid int) {
	for seed := int64(1); ; seed++ {
		txs, trs = genTraces(2000, seed, status, quoted)
		dir := t.TempDir()
		writeFile(t, dir, "traces.csv", trs)
		mid = partStartOf(t, filepath.Join(dir, "traces.csv"))
		lines := strings.SplitAfter(trs, "\n")
		h := field(lines[mid-1], gtrHash)
		if h != "" && field(lines[mid-2], gtrHash) == h && field(lines[mid+300], gtrType) != "reward" {
			return txs, trs, mid
		}
	}
}

// tracesCase writes the files and compares the parses.
func tracesCase(t *testing.T, txs string, lines []string, mid int) {
	t.Helper()
	dir := t.TempDir()
	writeFile(t, dir, "transactions.csv", txs)
	writeFile(t, dir, "traces.csv", strings.Join(lines, ""))
	firstErrorOf(t, dir, "traces.csv", mid)
}

// Edits of a traces row that keep its length (no-ops where the field is
// empty); other is line 2 of the file.
var breakTrace = map[string]func(row, other string) string{
	"block":       func(r, _ string) string { return setField(r, gtrBlock, "1x"+field(r, gtrBlock)[2:]) },
	"type":        func(r, _ string) string { return setField(r, gtrType, "cx"+field(r, gtrType)[2:]) },
	"call type":   func(r, _ string) string { return xField(r, gtrCall, 1) },
	"value":       func(r, _ string) string { return xField(r, gtrValue, 0) },
	"status":      func(r, _ string) string { return setField(r, gtrStatus, "2") },
	"from hex":    func(r, _ string) string { return xField(r, gtrFrom, 2) },
	"field count": func(r, _ string) string { return strings.Replace(r, ",", ";", 1) },
	"unknown tx":  func(r, _ string) string { return xField(r, gtrHash, 5) },
	"index":       func(r, _ string) string { return xField(r, gtrIndex, 0) },
	"other tx": func(r, o string) string {
		if field(r, gtrHash) == "" {
			return r
		}
		return setField(setField(r, gtrHash, field(o, gtrHash)), gtrIndex, field(o, gtrIndex))
	},
	"other index": func(r, _ string) string {
		i := field(r, gtrIndex)
		if i == "" {
			return r
		}
		return setField(r, gtrIndex, string('0'+(i[0]-'0'+1)%10))
	},
}

// xField replaces character i of field c with 'x' when the field is
// longer than i.
func xField(r string, c, i int) string {
	f := field(r, c)
	if len(f) <= i {
		return r
	}
	return setField(r, c, f[:i]+"x"+f[i+1:])
}

// TestTracesParallelFirstError breaks rows around the part boundary and
// compares the parses, with and without receipt statuses.
func TestTracesParallelFirstError(t *testing.T) {
	for _, status := range []bool{false, true} {
		txs, trs := genTraces(2000, 7, status, false)
		dir := t.TempDir()
		writeFile(t, dir, "traces.csv", trs)
		mid := partStartOf(t, filepath.Join(dir, "traces.csv"))
		lines := strings.SplitAfter(trs, "\n")
		placements := boundaryPlacements(mid)
		for pname, at := range placements {
			for kind, edit := range breakTrace {
				t.Run(fmt.Sprintf("status=%v/%s/%s", status, pname, kind), func(t *testing.T) {
					tracesCase(t, txs, editLines(lines, at, edit), mid)
				})
			}
		}
	}
}

// FuzzParallelTraces checks that the sequential and the parallel parse of
// any traces.csv with a transactions.csv agree.
func FuzzParallelTraces(f *testing.F) {
	txs, trs := genTraces(6, 3, false, false)
	f.Add([]byte(trs), uint8(2), []byte(txs))
	txs, trs = genTraces(6, 4, true, true)
	f.Add([]byte(trs), uint8(3), []byte(txs))
	tx := txHdr + h1 + ",5,0," + aA + "," + aB + ",1\n"
	f.Add([]byte(trHdr+"5,"+h1+",0,"+aA+","+aB+",3,call,call,,,0\n5,"+h1+",0,"+aA+","+aB+",3,call,call,0,,1\n"), uint8(2), []byte(tx))
	f.Add([]byte(trHdr+"5,,0,"+aA+","+aB+",3,call,call,,,1\n6,,,,"+aB+",3,reward,,,,1\n"), uint8(2), []byte(tx))
	if b, err := os.ReadFile(seedPath("test_export_traces_job/block_with_subtraces/expected_traces.csv")); err == nil {
		f.Add(b, uint8(2), []byte(txHdr+"0xea1093d492a1dcb1bef708f771a99a96ff05dcab81ca76c31940300177fcf49f,1000000,0,"+aA+","+aB+",0\n"))
	}
	f.Fuzz(func(t *testing.T, data []byte, parts uint8, txs []byte) {
		dir := t.TempDir()
		writeFile(t, dir, "traces.csv", string(data))
		writeFile(t, dir, "transactions.csv", string(txs))
		sameFuzzParse(t, dir, parts)
	})
}
