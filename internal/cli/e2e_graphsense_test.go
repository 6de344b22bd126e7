package cli_test

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vigil-project/vigil/internal/sharedtest"
)

const usdtAsset = "eth:0xdac17f958d2ee523a2206206994597c13d831ec7"

func b64hex(t testing.TB, s string) string {
	raw, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return "0x" + hex.EncodeToString(raw)
}

// TestGraphsenseUSDT converts graphsense's logs.json (mainnet blocks
// 15,000,000-15,000,004) to an ethereum-etl logs.csv, ingests it through
// the CLI and checks every USDT sender's and receiver's totals against
// reference/USDT_token_transfers.json.
func TestGraphsenseUSDT(t *testing.T) {
	src := filepath.Join(e2eShared(t), "graphsense-lib-eth-mainnet", "eth-tokens-block15000000")
	var b strings.Builder
	b.WriteString("log_index,transaction_hash,transaction_index,block_hash,block_number,address,data,topics\n")
	sharedtest.EachJSONLine(t, filepath.Join(src, "logs.json"), func(m map[string]any) {
		var topics []string
		for _, tp := range m["topics"].([]any) {
			topics = append(topics, tp.(string))
		}
		fmt.Fprintf(&b, "%v,%v,%v,%v,%v,%v,%v,\"%s\"\n", m["logIndex"], m["txHash"], m["transactionIndex"],
			m["blockHash"], m["blockId"], m["address"], m["data"], strings.Join(topics, ","))
	})
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "logs.csv"), []byte(b.String()))

	r := newRef()
	sharedtest.EachJSONLine(t, filepath.Join(src, "reference", "USDT_token_transfers.json"), func(m map[string]any) {
		if tok := "eth:" + b64hex(t, m["tokenAddress"].(string)); tok != usdtAsset {
			t.Fatalf("reference token %s", tok)
		}
		r.move(b64hex(t, m["from"].(string)), b64hex(t, m["to"].(string)), usdtAsset, bigOf(t, m["value"].(json.Number).String()))
	})
	if r.moves != 143 {
		t.Fatalf("reference has %d USDT transfers, want 143", r.moves)
	}

	v := newVigil(t)
	v.ok("ingest", "ethereum-etl", "--quiet", dir)
	st := v.stats()["eth"]
	if st.Blocks != 5 || st.FirstBlock != 15000000 || st.LastBlock != 15000004 {
		t.Errorf("stats %+v, want blocks 15000000-15000004", st)
	}
	addrs := r.addrs()
	docs := v.addresses("eth", addrs)
	for i, d := range docs {
		got := onlyAsset(renderDoc(d), usdtAsset)
		if want := r.render(addrs[i]); got != want {
			t.Errorf("address %s USDT:\ngot:\n%s\nwant:\n%s", addrs[i], got, want)
		}
	}
	if len(docs) < 50 {
		t.Errorf("only %d USDT addresses", len(docs))
	}
}

// onlyAsset keeps the lines of a rendered address that are about asset.
func onlyAsset(rendered, asset string) string {
	var out []string
	for _, l := range strings.Split(rendered, "\n") {
		if f := strings.Fields(l); len(f) > 1 && f[1] == asset {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
