package ethetl

import (
	"testing"

	"github.com/vigil-project/vigil/internal/chain"
)

// TestCreatesAndReceipts: a contract creation with value goes to the
// receipt's contract address (or NoAddr when unknown); receipts.csv
// supplies the status when transactions.csv has none.
func TestCreatesAndReceipts(t *testing.T) {
	h3 := "0x" + repeat("3", 64)
	contract := "0x" + repeat("c", 40)
	dir := t.TempDir()
	writeFile(t, dir, "transactions.csv", txHdr+
		h1+",5,0,"+aA+",,7\n"+ // create, receipt names the contract
		h2+",5,1,"+aA+",,8\n"+ // create, no receipt
		h3+",5,2,"+aA+","+aB+",9\n") // failed per receipt
	writeFile(t, dir, "receipts.csv", "transaction_hash,block_number,transaction_index,status,contract_address\n"+
		h1+",5,0,1,"+contract+"\n"+h3+",5,2,0,\n")
	var calls []int64
	addrs, tokens := &chain.MapInterner{}, &chain.MapInterner{}
	blocks, err := ParseDir(dir, Options{Addrs: addrs, Tokens: tokens,
		Progress: func(file string, done, total, rows int64) {
			if done != total {
				t.Errorf("progress %s: %d of %d bytes at the end", file, done, total)
			}
			calls = append(calls, rows)
		}})
	if err != nil {
		t.Fatal(err)
	}
	r := result{blocks: blocks, addrs: addrs, tokens: tokens}
	checkLines(t, "transfers", r.transfers(), []string{
		"5 0 0 tx " + aA + " " + contract + " eth 7",
		"5 1 0 tx " + aA + " - eth 8",
	})
	if txs := blocks[0].Txs; txs[0].To != chain.NoAddr || !txs[2].Failed || txs[0].Failed {
		t.Errorf("txs %+v", txs)
	}
	if len(calls) != 2 || calls[0] != 3 || calls[1] != 2 {
		t.Errorf("progress rows %v, want [3 2]", calls)
	}
}
