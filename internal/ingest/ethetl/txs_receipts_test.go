package ethetl

import (
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const rcHdr = "transaction_hash,block_number,transaction_index,status,contract_address\n"

// genReceipts writes transactions (genTxs' rows without receipt columns)
// and their receipts: statuses 1, 0 or empty, the contract on creations
// (and on a few other rows, which the parser ignores), every 10th
// transaction named again further on with the other status.
func genReceipts(n int, seed int64) (txs, rcs string) {
	rng := rand.New(rand.NewSource(seed))
	lines := strings.SplitAfter(genTxs(n, seed), "\n")
	var tx, rc strings.Builder
	tx.WriteString("hash,block_number,transaction_index,from_address,to_address,value,block_timestamp\n")
	rc.WriteString(rcHdr)
	var again []string
	for i, l := range lines[1 : len(lines)-1] {
		f := strings.Split(strings.TrimSuffix(l, "\n"), ",")
		tx.WriteString(strings.Join(f[:7], ",") + "\n")
		status := []string{"1", "0", "", "1", "1"}[rng.Intn(5)]
		contract := ""
		if f[gtTo] == "" || rng.Intn(20) == 0 {
			contract = f[gtContract]
		}
		fmt.Fprintf(&rc, "%s,%s,%s,%s,%s\n", f[gtHash], f[gtBlock], f[gtIndex], status, contract)
		if i%10 == 0 {
			again = append(again, fmt.Sprintf("%s,%s,%s,%s,0x%040x\n", f[gtHash], f[gtBlock], f[gtIndex],
				map[string]string{"1": "0", "0": "1", "": "0"}[status], 2000+rng.Intn(50)))
		}
		if len(again) > 0 && rng.Intn(8) == 0 {
			rc.WriteString(again[0])
			again = again[1:]
		}
	}
	rc.WriteString(strings.Join(again, ""))
	return tx.String(), rc.String()
}

// Columns of receipts.csv as genReceipts writes them.
const (
	grHash = iota
	grBlock
	grIndex
	grStatus
	grContract
)

func receiptsDir(t *testing.T, txs, rcs string) string {
	dir := t.TempDir()
	writeFile(t, dir, "transactions.csv", txs)
	writeFile(t, dir, "receipts.csv", rcs)
	return dir
}

// TestReceiptsParallel: generated receipts, a simulated export, and
// ethereum-etl's receipts fixtures (with a transactions.csv naming their
// transactions, creations where a contract is given) parse the same in
// parts.
func TestReceiptsParallel(t *testing.T) {
	txs, rcs := genReceipts(4000, 1)
	if err := sameParseOf(t, receiptsDir(t, txs, rcs), "receipts.csv"); err != nil {
		t.Fatal(err)
	}
	if err := sameParseOf(t, simDir(t), "receipts.csv"); err != nil {
		t.Fatal(err)
	}
	for _, rel := range []string{
		"test_export_receipts_job/receipts_with_logs/expected_receipts.csv",
	} {
		text := readText(t, fixture(t, rel))
		var b strings.Builder
		b.WriteString(txHdr)
		for _, m := range readCSVText(t, text) {
			to := aB
			if m["contract_address"] != "" {
				to = ""
			}
			fmt.Fprintf(&b, "%s,%s,%s,%s,%s,5\n", m["transaction_hash"], m["block_number"], m["transaction_index"], aA, to)
		}
		if err := sameParseOf(t, receiptsDir(t, b.String(), text), "receipts.csv"); err != nil {
			t.Fatal(err)
		}
	}
}

// Edits of a receipts row that keep its length; other is line 2.
var breakReceipt = map[string]func(row, other string) string{
	"hash":        func(r, _ string) string { return xField(r, grHash, 2) },
	"block":       func(r, _ string) string { return xField(r, grBlock, 1) },
	"index":       func(r, _ string) string { return xField(r, grIndex, 0) },
	"status":      func(r, _ string) string { return setField(r, grStatus, strings.Repeat("2", len(field(r, grStatus)))) },
	"contract":    func(r, _ string) string { return xField(r, grContract, 2) },
	"field count": func(r, _ string) string { return strings.Replace(r, ",", ";", 1) },
	"unknown tx":  func(r, _ string) string { return setField(r, grHash, field(r, grHash)[:5]+"f"+field(r, grHash)[6:]) },
	"other tx": func(r, o string) string {
		return setField(r, grHash, field(o, grHash))
	},
}

// TestReceiptsParallelFirstError breaks rows around the part boundary and
// compares the parses.
func TestReceiptsParallelFirstError(t *testing.T) {
	txs, rcs := genReceipts(3000, 2)
	dir := receiptsDir(t, txs, rcs)
	mid := partStartOf(t, filepath.Join(dir, "receipts.csv"))
	lines := strings.SplitAfter(rcs, "\n")
	placements := boundaryPlacements(mid)
	for pname, at := range placements {
		for kind, edit := range breakReceipt {
			t.Run(pname+"/"+kind, func(t *testing.T) {
				firstErrorOf(t, receiptsDir(t, txs, strings.Join(editLines(lines, at, edit), "")), "receipts.csv", mid)
			})
		}
	}
}

// FuzzParallelReceipts checks that the sequential and the parallel parse
// of any receipts.csv with a transactions.csv agree.
func FuzzParallelReceipts(f *testing.F) {
	txs, rcs := genReceipts(12, 3)
	f.Add([]byte(rcs), uint8(2), []byte(txs))
	tx := txHdr + h1 + ",5,0," + aA + ",,1\n" + h2 + ",5,1," + aA + "," + aB + ",1\n"
	f.Add([]byte(rcHdr+h1+",5,0,,"+aB+"\n"+h1+",5,0,0,"+aA+"\n"+h2+",5,1,1,"+aA+"\n"), uint8(2), []byte(tx))
	f.Add([]byte(rcHdr+h1+",5,0,1,\n"+h2+",6,1,1,\n"), uint8(3), []byte(tx))
	if b, err := os.ReadFile(seedPath("test_export_receipts_job/receipts_with_logs/expected_receipts.csv")); err == nil {
		f.Add(b, uint8(2), []byte(tx))
	}
	f.Fuzz(func(t *testing.T, data []byte, parts uint8, txs []byte) {
		dir := t.TempDir()
		writeFile(t, dir, "receipts.csv", string(data))
		writeFile(t, dir, "transactions.csv", string(txs))
		sameFuzzParse(t, dir, parts)
	})
}
