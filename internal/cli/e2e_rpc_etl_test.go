package cli_test

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vigil-project/vigil/internal/live/btcdtest"
)

// etlIO and etlTx are bitcoin-etl's transaction JSON (enriched inputs).
type etlIO struct {
	Index    uint32   `json:"index"`
	SpentTx  string   `json:"spent_transaction_hash,omitempty"`
	SpentIdx *uint32  `json:"spent_output_index,omitempty"`
	Addrs    []string `json:"addresses"`
	Value    uint64   `json:"value"`
}

type etlTx struct {
	Hash     string  `json:"hash"`
	Block    uint64  `json:"block_number"`
	Time     int64   `json:"block_timestamp"`
	Coinbase bool    `json:"is_coinbase"`
	Index    int     `json:"index"`
	Inputs   []etlIO `json:"inputs"`
	Outputs  []etlIO `json:"outputs"`
}

// etlLines writes the node's chain as bitcoin-etl would export it
// (export_blocks_and_transactions with enrichment): coinbase inputs
// dropped, outputs without addresses named "nonstandard" + SHA-256 of the
// script, inputs carrying the spent output's addresses and value.
func etlLines(t *testing.T, n *btcdtest.Node) ([]byte, []string) {
	type key struct {
		tx string
		n  uint32
	}
	outs := map[key]etlIO{}
	var lines []string
	var txids []string
	for h := uint64(0); h <= n.Tip(); h++ {
		b := n.BlockAt(h)
		var hdr struct {
			Time int64 `json:"time"`
		}
		n.Call(&hdr, "getblock", b.Hash, 1)
		for i, tx := range b.Txs {
			e := etlTx{Hash: tx.Txid, Block: h, Time: hdr.Time, Index: i, Inputs: []etlIO{}}
			for _, in := range tx.Vin {
				if in.Coinbase != "" {
					e.Coinbase = true
					continue
				}
				s := outs[key{in.Txid, in.Vout}]
				vout := in.Vout
				e.Inputs = append(e.Inputs, etlIO{Index: uint32(len(e.Inputs)), SpentTx: in.Txid, SpentIdx: &vout, Addrs: s.Addrs, Value: s.Value})
			}
			for _, o := range tx.Vout {
				addrs := o.ScriptPubKey.Addresses
				if len(addrs) == 0 {
					script, _ := hex.DecodeString(o.ScriptPubKey.Hex)
					sum := sha256.Sum256(script)
					addrs = []string{"nonstandard" + hex.EncodeToString(sum[:20])}
				}
				out := etlIO{Index: o.N, Addrs: addrs, Value: uint64(o.Value*1e8 + 0.5)}
				outs[key{tx.Txid, o.N}] = out
				e.Outputs = append(e.Outputs, out)
			}
			line, err := json.Marshal(e)
			if err != nil {
				t.Fatal(err)
			}
			lines = append(lines, string(line))
			txids = append(txids, tx.Txid)
		}
	}
	return []byte(strings.Join(lines, "\n") + "\n"), txids
}

// TestIngestRPCEqualsBitcoinETL ingests the same btcd chain over RPC and as
// a bitcoin-etl export: stats, every address (including the OP_RETURN's
// nonstandard one) and every transaction read the same.
func TestIngestRPCEqualsBitcoinETL(t *testing.T) {
	n := btcdtest.Start(t)
	btcdChain(t, n)
	data, txids := etlLines(t, n)
	path := filepath.Join(t.TempDir(), "transactions.json")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	rpc, file := newVigil(t), newVigil(t)
	rpc.ok("ingest", "rpc", "--chain", "btc", "--url", n.URL, "--quiet")
	file.ok("ingest", "bitcoin-etl", path, "--quiet")
	var addrs []string
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		for _, f := range strings.Split(line, `"addresses":["`)[1:] {
			a, _, _ := strings.Cut(f, `"`)
			addrs = append(addrs, "btc:"+a)
		}
	}
	if got, want := rpc.snapshot(addrs...), file.snapshot(addrs...); got != want {
		t.Fatalf("rpc and bitcoin-etl ingests differ:\n%s\n%s", got, want)
	}
	if !strings.Contains(strings.Join(addrs, " "), "nonstandard") {
		t.Fatal("no nonstandard address in the chain")
	}
	for _, h := range txids {
		_, a, _ := rpc.run("tx", "--chain", "btc", h, "--json")
		_, b, _ := file.run("tx", "--chain", "btc", h, "--json")
		if a != b || a == "" {
			t.Fatalf("tx %s:\nrpc %s\netl %s", h, a, b)
		}
	}
	t.Logf("%d transactions, %d address mentions compared", len(txids), len(addrs))
}
