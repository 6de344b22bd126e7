package btcetl

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/inputerr"
)

// FuzzParse: Parse never panics, fails only with *inputerr.Error, accepts
// only lines that encoding/json also finds valid, and returns well-formed
// blocks.
func FuzzParse(f *testing.F) {
	f.Add([]byte(coinbaseLine + "\n" + spendLine))
	f.Add([]byte(`{"type": "block", "hash": "x"}` + "\n" + spendLine))
	f.Add([]byte(`{"hash":"` + h1 + `","block_number":1,"is_coinbase":false,"inputs":[{"type":"shielded","value":5,"spent_transaction_hash":null}],"outputs":[]}`))
	f.Add([]byte(`{"a":"\u00e9\ud83d\ude00\\","b":[1.5e3,-0,true,false,null,{}]}`))
	if root, ok := fuzzRoot(); ok {
		files, _ := filepath.Glob(filepath.Join(root, "*", "*", "expected_transactions.json"))
		for _, name := range files {
			if data, err := os.ReadFile(name); err == nil {
				f.Add(data)
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, _ := chain.Lookup("zec")
		blocks, err := Parse(bytes.NewReader(data), "fuzz.json", Options{Chain: c, Addrs: &chain.MapInterner{}})
		if err != nil {
			if !inputerr.Is(err) {
				t.Fatalf("not an input error: %T %v", err, err)
			}
			return
		}
		if len(data) < 2 || data[0] != 0x1f {
			for _, line := range bytes.Split(data, []byte("\n")) {
				if !blank(line) && !json.Valid(line) {
					t.Fatalf("accepted invalid JSON %q", line)
				}
			}
		}
		checkBlocks(t, blocks)
	})
}

// checkBlocks verifies ordering and the coinbase/inputs rule.
func checkBlocks(t *testing.T, blocks []chain.UTXOBlock) {
	for i, b := range blocks {
		if i > 0 && blocks[i-1].Header.Number >= b.Header.Number {
			t.Fatalf("blocks out of order")
		}
		for j, tx := range b.Txs {
			if j > 0 && b.Txs[j-1].Index >= tx.Index {
				t.Fatalf("txs out of order")
			}
			if tx.Coinbase == (len(tx.Inputs) > 0) {
				t.Fatalf("coinbase %v with %d inputs", tx.Coinbase, len(tx.Inputs))
			}
		}
	}
}

// fuzzRoot finds the fixtures without skipping (seeds are optional).
func fuzzRoot() (string, bool) {
	const sub = "bitcoin-etl-fixtures/tests-resources/test_export_blocks_job"
	if d := os.Getenv("VIGIL_SHARED_DATA"); d != "" {
		return filepath.Join(d, sub), true
	}
	dir, _ := filepath.Abs(".")
	for {
		cand := filepath.Join(dir, "shared", "data", sub)
		if _, err := os.Stat(cand); err == nil {
			return cand, true
		}
		if filepath.Dir(dir) == dir {
			return "", false
		}
		dir = filepath.Dir(dir)
	}
}
