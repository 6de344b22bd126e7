package ethetl

import (
	"encoding/csv"
	"fmt"
	"math/big"
	"os"
	"strings"
	"testing"

	"github.com/vigil-project/vigil/internal/chain"
)

// readCSV reads a whole CSV file as maps, with encoding/csv (the reference
// reader the fast path is checked against).
func readCSV(t *testing.T, path string) []map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]string
	for _, r := range recs[1:] {
		m := map[string]string{}
		for i, name := range recs[0] {
			m[name] = r[i]
		}
		out = append(out, m)
	}
	return out
}

// expectedTokens renders an ethereum-etl token_transfers.csv as
// "block txhash token from to value".
func expectedTokens(t *testing.T, path string) []string {
	var out []string
	for _, m := range readCSV(t, path) {
		out = append(out, strings.ToLower(strings.Join([]string{m["block_number"], m["transaction_hash"],
			m["token_address"], m["from_address"], m["to_address"], m["value"]}, " ")))
	}
	return out
}

// tokens renders the parsed token transfers like expectedTokens.
func (r result) tokenLines() []string {
	var out []string
	for _, b := range r.blocks {
		for _, tr := range b.Transfers {
			if tr.Kind != chain.KindToken {
				continue
			}
			out = append(out, fmt.Sprintf("%d %s %s %s %s %s", tr.Block, hashOfTx(b, tr.TxIndex),
				r.asset(tr.Asset), r.addr(tr.From), r.addr(tr.To), tr.Amount))
		}
	}
	return out
}

func hashOfTx(b chain.AccountBlock, idx uint32) string {
	for _, tx := range b.Txs {
		if tx.Index == idx {
			return tx.Hash.String()
		}
	}
	return "?"
}

func TestTokenFixtures(t *testing.T) {
	extracted := "test_extract_token_transfers_job/logs/"
	exported := "test_export_token_transfers_job/block_with_transfers/"
	tests := []struct {
		name  string
		files map[string]string
		want  string // expected_token_transfers.csv
		parts chain.Parts
	}{
		{"transfers derived from logs", map[string]string{"logs.csv": extracted + "logs.csv"},
			extracted + "expected_token_transfers.csv", chain.PartTokens},
		{"token_transfers alone", map[string]string{"token_transfers.csv": exported + "expected_token_transfers.csv"},
			exported + "expected_token_transfers.csv", chain.PartTokens},
		{"receipts and logs", map[string]string{
			"receipts.csv": "test_export_receipts_job/receipts_with_logs/expected_receipts.csv",
			"logs.csv":     "test_export_receipts_job/receipts_with_logs/expected_logs.csv"},
			exported + "expected_token_transfers.csv", chain.PartTokens},
		{"token_transfers wins over logs", map[string]string{
			"token_transfers.csv": exported + "expected_token_transfers.csv",
			"logs.csv":            extracted + "logs.csv"},
			exported + "expected_token_transfers.csv", chain.PartTokens},
		{"with transactions", map[string]string{
			"token_transfers.csv": exported + "expected_token_transfers.csv",
			"transactions.csv":    "test_export_blocks_job/block_with_logs/expected_transactions.csv",
			"blocks.csv":          "test_export_blocks_job/block_with_logs/expected_blocks.csv"},
			exported + "expected_token_transfers.csv",
			chain.PartTokens | chain.PartTxs | chain.PartTxNative | chain.PartHeader},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			files := map[string]string{}
			for k, v := range tc.files {
				files[k] = fixture(t, v)
			}
			r := parse(t, makeDir(t, files))
			checkLines(t, "token transfers", r.tokenLines(), expectedTokens(t, fixture(t, tc.want)))
			for _, b := range r.blocks {
				if b.Parts != tc.parts {
					t.Errorf("block %d parts %b, want %b", b.Header.Number, b.Parts, tc.parts)
				}
			}
		})
	}
}

// TestTokensAfterNative checks Pos order inside a transaction: native
// value first, then tokens by log index.
func TestTokensAfterNative(t *testing.T) {
	d := "test_export_blocks_job/block_with_logs/"
	dir := makeDir(t, map[string]string{
		"transactions.csv":    fixture(t, d+"expected_transactions.csv"),
		"token_transfers.csv": fixture(t, "test_export_token_transfers_job/block_with_transfers/expected_token_transfers.csv"),
	})
	r := parse(t, dir)
	checkLines(t, "transfers", r.transfers(), []string{
		"483920 0 0 token 0x1b63142628311395ceafeea5667e7c9026c862ca 0xac4df82fe37ea2187bc8c011a23d743b4f39019a 0xf4eced2f682ce333f96f2d8966c613ded8fc95dd 100000",
		"483920 1 0 token 0x9b22a80d5c7b3374a05b446081f97d0a34079e7f 0x66f183060253cfbe45beff1e6e7ebbe318c81e56 0xf4eced2f682ce333f96f2d8966c613ded8fc95dd 200000",
		"483920 2 0 tx 0x9df428a91ff0f3635c8f0ce752933b9788926804 0x9e669f970ec0f49bb735f20799a7e7c4a1c274e2 eth 11000440000000000",
		"483920 3 0 tx 0x2a65aca4d5fc5b5c859090a6c34d164135398226 0x743b8aeedc163c0e3a0fe9f3910d146c48e70da8 eth 1530219620000000000",
	})
	if b := r.blocks[0]; b.TxCount != 4 || len(b.Txs) != 4 || b.Header.Time != 1446561880 {
		t.Errorf("TxCount %d, %d txs, time %d", b.TxCount, len(b.Txs), b.Header.Time)
	}
}

// TestNativeThenTokens: one transaction with value and two token
// transfers given out of log order; a failed one moves nothing.
func TestNativeThenTokens(t *testing.T) {
	a, b, tok := "0x"+repeat("a", 40), "0x"+repeat("b", 40), "0x"+repeat("c", 40)
	h1, h2 := "0x"+repeat("1", 64), "0x"+repeat("2", 64)
	dir := t.TempDir()
	writeFile(t, dir, "transactions.csv", "block_number,transaction_index,hash,from_address,to_address,value,receipt_status,extra\n"+
		"7,0,"+h1+","+a+","+tok+",5,1,x\n7,1,"+h2+","+a+","+tok+",5,0,y\n")
	writeFile(t, dir, "token_transfers.csv", "token_address,from_address,to_address,value,transaction_hash,log_index,block_number\n"+
		tok+","+a+","+b+",2,"+h1+",9,7\n"+tok+","+b+","+a+",1,"+h1+",4,7\n"+tok+","+a+","+b+",3,"+h2+",11,7\n")
	r := parse(t, dir)
	checkLines(t, "transfers", r.transfers(), []string{
		"7 0 0 tx " + a + " " + tok + " eth 5",
		"7 0 1 token " + b + " " + a + " " + tok + " 1",
		"7 0 2 token " + a + " " + b + " " + tok + " 2",
	})
	if !r.blocks[0].Txs[1].Failed || r.blocks[0].Txs[0].Failed {
		t.Errorf("txs %+v", r.blocks[0].Txs)
	}
}

func TestBlocksWithTransactionsAndWithdrawals(t *testing.T) {
	d := "test_export_blocks_job/blocks_with_transactions_and_withdrawals/"
	bpath, tpath := fixture(t, d+"expected_blocks.csv"), fixture(t, d+"expected_transactions.csv")
	r := parse(t, makeDir(t, map[string]string{"blocks.csv": bpath, "transactions.csv": tpath}))
	blocks, txs := readCSV(t, bpath), readCSV(t, tpath)
	if len(r.blocks) != len(blocks) || len(txs) != 298 {
		t.Fatalf("%d blocks, want %d (%d txs)", len(r.blocks), len(blocks), len(txs))
	}
	for i, m := range blocks {
		b := r.blocks[i]
		if fmt.Sprint(b.Header.Number) != m["number"] || b.Header.Hash.String() != m["hash"] ||
			fmt.Sprint(b.Header.Time) != m["timestamp"] {
			t.Errorf("block %d header %+v, want %s %s %s", i, b.Header, m["number"], m["hash"], m["timestamp"])
		}
		if fmt.Sprint(b.TxCount) != m["transaction_count"] || len(b.Txs) != b.TxCount {
			t.Errorf("block %s: TxCount %d (%d txs), want %s", m["number"], b.TxCount, len(b.Txs), m["transaction_count"])
		}
		want := chain.PartHeader | chain.PartTxs | chain.PartTxNative
		if b.Parts != want {
			t.Errorf("block %s parts %b, want %b", m["number"], b.Parts, want)
		}
		checkLines(t, "block "+m["number"], r.nativeSums(b), referenceSums(t, m, txs))
	}
}

// nativeSums renders a block's native totals per kind and counts.
func (r result) nativeSums(b chain.AccountBlock) []string {
	sums := map[chain.TransferKind]*big.Int{}
	counts := map[chain.TransferKind]int{}
	for _, tr := range b.Transfers {
		if sums[tr.Kind] == nil {
			sums[tr.Kind] = new(big.Int)
		}
		sums[tr.Kind].Add(sums[tr.Kind], tr.Amount.Big())
		counts[tr.Kind]++
	}
	return []string{
		fmt.Sprintf("tx %d %v", counts[chain.KindTx], sums[chain.KindTx]),
		fmt.Sprintf("withdrawal %d %v", counts[chain.KindWithdrawal], sums[chain.KindWithdrawal]),
	}
}

// referenceSums computes the same from the CSV with encoding/json-free
// string handling and math/big.
func referenceSums(t *testing.T, block map[string]string, txs []map[string]string) []string {
	txSum, n := new(big.Int), 0
	for _, m := range txs {
		v, ok := new(big.Int).SetString(m["value"], 10)
		if !ok {
			t.Fatalf("value %q", m["value"])
		}
		if m["block_number"] == block["number"] && v.Sign() > 0 {
			txSum.Add(txSum, v)
			n++
		}
	}
	wSum, wn := new(big.Int), 0
	for _, obj := range strings.Split(block["withdrawals"], "},{") {
		_, amt, _ := strings.Cut(obj, `"amount":`)
		amt = strings.TrimRight(amt, "}")
		v, ok := new(big.Int).SetString(amt, 10)
		if !ok {
			t.Fatalf("withdrawal amount %q", amt)
		}
		wSum.Add(wSum, v.Mul(v, big.NewInt(1e9)))
		wn++
	}
	return []string{fmt.Sprintf("tx %d %v", n, txSum), fmt.Sprintf("withdrawal %d %v", wn, wSum)}
}
