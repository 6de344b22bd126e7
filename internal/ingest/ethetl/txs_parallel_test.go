package ethetl

import (
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// txsFullHdr is a transactions.csv header with every column the parser
// reads.
const txsFullHdr = "hash,block_number,transaction_index,from_address,to_address,value,block_timestamp,receipt_status,receipt_contract_address\n"

// genTxs writes n transactions: blocks of 1-10, one time per block,
// every 4th row a contract creation (empty to_address), every 9th failed,
// receipt_contract_address set on every row (the parser reads it on
// creations only). Fields have fixed widths, so edits can keep lengths.
func genTxs(n int, seed int64) string {
	rng := rand.New(rand.NewSource(seed))
	var b strings.Builder
	b.WriteString(txsFullHdr)
	block, idx, size := 10_000_000, 0, 1+rng.Intn(10)
	for i := range n {
		if idx == size {
			block, idx, size = block+1+rng.Intn(2), 0, 1+rng.Intn(10)
		}
		var h [32]byte
		rng.Read(h[:])
		to := fmt.Sprintf("0x%040x", 1+rng.Intn(300))
		if i%4 == 0 {
			to = ""
		}
		status := "1"
		if i%9 == 0 {
			status = "0"
		}
		fmt.Fprintf(&b, "0x%x,%d,%d,0x%040x,%s,%012d,%d,%s,0x%040x\n", h, block, idx, 1+rng.Intn(300), to,
			rng.Int63n(1e12), 1_700_000_000+block, status, 1000+rng.Intn(50))
		idx++
	}
	return b.String()
}

// TestTxsParallelFixtures: ethereum-etl's transactions fixtures and
// graphsense's mainnet transactions (blocks 15,000,000-4, converted as
// TestGraphsenseNative does) parse the same in parts.
func TestTxsParallelFixtures(t *testing.T) {
	for _, rel := range []string{
		"test_export_blocks_job/blocks_with_transactions/expected_transactions.csv",
		"test_export_blocks_job/block_with_logs/expected_transactions.csv",
		"test_export_blocks_job/blocks_with_transactions_and_withdrawals/expected_transactions.csv",
	} {
		t.Run(rel, func(t *testing.T) {
			dir := makeDir(t, map[string]string{"transactions.csv": fixture(t, rel)})
			if err := sameParseOf(t, dir, "transactions.csv"); err != nil {
				t.Fatal(err)
			}
		})
	}
	t.Run("graphsense 15000000-4", func(t *testing.T) {
		dir := t.TempDir()
		writeFile(t, dir, "transactions.csv", graphsenseTxsCSV(t))
		err := sameParseOf(t, dir, "transactions.csv")
		if err == nil || !strings.Contains(err.Error(), "transactions.csv:328: transaction 0x5c504ed4") {
			t.Fatalf("error %v, want the reused index at line 328", err)
		}
	})
}

// graphsenseTxsCSV converts graphsense's transactions.csv to ethereum-etl
// columns (all rows: its two made-up transactions reuse an index, which
// the parse reports at the end, in both paths).
func graphsenseTxsCSV(t *testing.T) string {
	var b strings.Builder
	b.WriteString("hash,block_number,transaction_index,from_address,to_address,value,block_timestamp\n")
	for _, m := range readCSV(t, filepath.Join(graphsenseDir(t), "transactions.csv")) {
		fmt.Fprintf(&b, "%s,%s,%s,%s,%s,%s,%s\n", m["txHash"], m["blockId"], m["transactionIndex"],
			m["fromAddress"], m["toAddress"], m["value"], m["blockTimestamp"])
	}
	return b.String()
}

// TestTxsParallelSimulated: a simulated export's transactions.csv (and
// the rest of the export) parses the same in parts.
func TestTxsParallelSimulated(t *testing.T) {
	if err := sameParseOf(t, simDir(t), "transactions.csv"); err != nil {
		t.Fatal(err)
	}
}

// TestTxsParallelSynthetic: generated transactions with creations,
// failures and block times, alone and with every row's time removed.
func TestTxsParallelSynthetic(t *testing.T) {
	text := genTxs(5000, 1)
	for name, text := range map[string]string{"full": text, "no times": noTimes(text)} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			writeFile(t, dir, "transactions.csv", text)
			if err := sameParseOf(t, dir, "transactions.csv"); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func noTimes(text string) string {
	lines := strings.SplitAfter(text, "\n")
	for i := 1; i < len(lines)-1; i++ {
		lines[i] = setField(lines[i], 6, "")
	}
	return strings.Join(lines, "")
}

// Columns of genTxs.
const (
	gtHash = iota
	gtBlock
	gtIndex
	gtFrom
	gtTo
	gtValue
	gtTime
	gtStatus
	gtContract
)

// Edits of a transactions row that keep its length; other is another
// row of the file (lines[1], lines[l-2] or lines[l]).
var breakTx = map[string]func(row, other string) string{
	"value":       func(r, _ string) string { return setField(r, gtValue, "x"+field(r, gtValue)[1:]) },
	"hash":        func(r, _ string) string { return setField(r, gtHash, "0xg"+field(r, gtHash)[3:]) },
	"block":       func(r, _ string) string { return setField(r, gtBlock, "1x"+field(r, gtBlock)[2:]) },
	"index":       func(r, _ string) string { return setField(r, gtIndex, "x") },
	"from hex":    func(r, _ string) string { return setField(r, gtFrom, "0xg"+field(r, gtFrom)[3:]) },
	"status":      func(r, _ string) string { return setField(r, gtStatus, "2") },
	"field count": func(r, _ string) string { return strings.Replace(r, ",", ";", 1) },
	"time":        func(r, _ string) string { return setField(r, gtTime, "x"+field(r, gtTime)[1:]) },
	"big time":    func(r, _ string) string { return setField(r, gtTime, "9999999999") },
	"contract":    func(r, _ string) string { return setField(r, gtContract, "0xg"+field(r, gtContract)[3:]) },
	"dup":         func(r, o string) string { return setField(r, gtHash, field(o, gtHash)) },
}

// TestTxsParallelFirstError breaks rows around the part boundary, alone
// and two or three checks on one row, and compares the parses.
func TestTxsParallelFirstError(t *testing.T) {
	text := genTxs(3000, 2)
	dir := t.TempDir()
	writeFile(t, dir, "transactions.csv", text)
	lines := strings.SplitAfter(text, "\n")
	mid := partStartOf(t, filepath.Join(dir, "transactions.csv"))
	placements := boundaryPlacements(mid)
	placements["second of part 1"] = []int{mid + 1}
	kinds := []string{"value", "hash", "block", "index", "from hex", "status", "field count", "time",
		"big time", "contract", "dup", "dup+time", "dup+contract", "time+contract", "dup+time+contract"}
	for pname, at := range placements {
		for _, kind := range kinds {
			for _, other := range []int{1, -1, 0} { // the dup's other row: line 2, the row before, the row after
				if other != 1 && !strings.Contains(kind, "dup") {
					continue
				}
				t.Run(fmt.Sprintf("%s/%s/%d", pname, kind, other), func(t *testing.T) {
					out := append([]string(nil), lines...)
					for _, l := range at {
						o := lines[1]
						if other != 1 {
							o = lines[l+other]
						}
						for _, k := range strings.Split(kind, "+") {
							out[l-1] = breakTx[k](out[l-1], o)
						}
					}
					txsCase(t, out, mid)
				})
			}
		}
	}
}

// TestTxsParallelTimes: a block's first time decides, across the cut: a
// bad time after a good one of the same block is ignored, a bad first
// time is the error, wherever the rows fall.
func TestTxsParallelTimes(t *testing.T) {
	var lines []string
	var mid, first, last int
	for seed := int64(3); first == mid; seed++ { // until the cut is inside a block
		text := genTxs(3000, seed)
		dir := t.TempDir()
		writeFile(t, dir, "transactions.csv", text)
		lines = strings.SplitAfter(text, "\n")
		mid = partStartOf(t, filepath.Join(dir, "transactions.csv"))
		// The block at the cut, its first line and its last.
		blk := field(lines[mid-1], gtBlock)
		first, last = mid, mid
		for field(lines[first-2], gtBlock) == blk {
			first--
		}
		for last < len(lines)-1 && field(lines[last], gtBlock) == blk {
			last++
		}
	}
	bad := breakTx["time"]
	cases := map[string][]int{
		"after the cut only":         {mid},
		"all of part 0's rows":       seq(first, mid-1),
		"all rows of the block":      seq(first, last),
		"part 0's rows and the next": append(seq(first, mid-1), last+1),
	}
	for name, at := range cases {
		t.Run(name, func(t *testing.T) {
			out := append([]string(nil), lines...)
			for _, l := range at {
				out[l-1] = bad(out[l-1], "")
			}
			txsCase(t, out, mid)
		})
	}
}

func seq(lo, hi int) []int {
	var s []int
	for i := lo; i <= hi; i++ {
		s = append(s, i)
	}
	return s
}

// txsCase writes lines as transactions.csv and compares the parses.
func txsCase(t *testing.T, lines []string, mid int) {
	t.Helper()
	dir := t.TempDir()
	writeFile(t, dir, "transactions.csv", strings.Join(lines, ""))
	firstErrorOf(t, dir, "transactions.csv", mid)
}

// TestTxsParallelQuoted: quoted fields are parsed in parts when every cut
// is a record boundary; a cut inside a quoted field falls back.
func TestTxsParallelQuoted(t *testing.T) {
	text := genTxs(3000, 4)
	lines := strings.SplitAfter(text, "\n")
	for i := 1; i < len(lines)-1; i += 3 {
		lines[i] = setField(lines[i], gtValue, `"`+field(lines[i], gtValue)+`"`)
	}
	dir := t.TempDir()
	writeFile(t, dir, "transactions.csv", strings.Join(lines, ""))
	if err := sameParseOf(t, dir, "transactions.csv"); err != nil {
		t.Fatal(err)
	}
	// A quoted field holding line breaks around the cut: the part before
	// it ends inside quotes, so the file is parsed sequentially.
	mid := partStartOf(t, filepath.Join(dir, "transactions.csv"))
	lines[mid-1] = setField(lines[mid-1], gtValue, "\"1\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n2\"")
	dir = t.TempDir()
	writeFile(t, dir, "transactions.csv", strings.Join(lines, ""))
	seq, serr := parseWith(dir, 0)
	par, perr := parseWith(dir, 2)
	if fmt.Sprint(serr) != fmt.Sprint(perr) || fmt.Sprint(seq.blocks) != fmt.Sprint(par.blocks) {
		t.Fatalf("errors %v / %v or blocks differ", perr, serr)
	}
	if serr == nil {
		t.Fatal("a value with line breaks parsed")
	}
}

// FuzzParallelTxs checks that the sequential and the parallel parse of
// any transactions.csv agree.
func FuzzParallelTxs(f *testing.F) {
	lines := strings.SplitAfter(genTxs(12, 5), "\n")
	f.Add([]byte(strings.Join(lines, "")), uint8(2))
	f.Add([]byte(strings.Join(lines[:6], "")+breakTx["dup"](lines[6], lines[2])+strings.Join(lines[7:], "")), uint8(3))
	f.Add([]byte(strings.Join(lines[:6], "")+breakTx["time"](lines[6], "")+strings.Join(lines[7:], "")), uint8(2))
	f.Add([]byte(noTimes(strings.Join(lines, ""))), uint8(4))
	f.Add([]byte(txHdr+h1+",5,0,"+aA+","+aB+",1\n"+h1+",5,1,"+aA+","+aB+",1\n"), uint8(2))
	f.Add([]byte(txsFullHdr+h1+",5,0,"+aA+",,1,7,1,"+aB+"\n"+h2+",5,1,"+aA+",,1,x,1,0xg\n"), uint8(2))
	if b, err := os.ReadFile(seedPath("test_export_blocks_job/blocks_with_transactions/expected_transactions.csv")); err == nil {
		f.Add(b, uint8(3))
	}
	f.Fuzz(func(t *testing.T, data []byte, parts uint8) {
		dir := t.TempDir()
		writeFile(t, dir, "transactions.csv", string(data))
		sameFuzzParse(t, dir, parts)
	})
}
