package store

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/ingest/ethetl"
	"github.com/vigil-project/vigil/internal/sim"
)

// TestAdoptAccountMatchesCopy merges every block of simulated exports into an empty stored block both ways — mergeAccount (which
// shares the parsed slices when it can) and mergeAccountCopy — and wants
// the same record bytes; it also wants the sharing path taken for the
// parsers' blocks, and refused for blocks whose merge changes them.
func TestAdoptAccountMatchesCopy(t *testing.T) {
	dirs := map[string]string{}
	simDir := t.TempDir()
	if _, err := sim.Eth(simDir, sim.Config{Seed: 11, Background: 3000}); err != nil {
		t.Fatal(err)
	}
	dirs["simulated (blocks, transactions, receipts, traces, token transfers)"] = simDir
	tokensOnly := t.TempDir()
	copyFile(t, filepath.Join(simDir, "token_transfers.csv"), filepath.Join(tokensOnly, "token_transfers.csv"))
	dirs["simulated, token transfers only"] = tokensOnly
	eth, _ := chain.Lookup("eth")
	for name, dir := range dirs {
		t.Run(name, func(t *testing.T) {
			blocks, err := ethetl.ParseDir(dir, ethetl.Options{Chain: eth, Addrs: &chain.MapInterner{}, Tokens: &chain.MapInterner{}})
			if err != nil {
				t.Fatal(err)
			}
			adopted := 0
			for i := range blocks {
				var empty chain.AccountBlock
				if _, ok := adoptAccount(&empty, &blocks[i]); ok {
					adopted++
				}
				checkSameMerge(t, &empty, &blocks[i])
			}
			if adopted != len(blocks) {
				t.Errorf("%d of %d parsed blocks shared their slices; want all", adopted, len(blocks))
			}
		})
	}
}

// TestAdoptAccountRefuses lists blocks whose merge into nothing differs
// from the block: the copy must be taken, and both paths agree.
func TestAdoptAccountRefuses(t *testing.T) {
	tx := func(i uint32) chain.AccountTx {
		return chain.AccountTx{Block: 7, Index: i, Hash: chain.Hash{byte(i + 1)}}
	}
	mv := func(tx, pos uint32, k chain.TransferKind) chain.AccountTransfer {
		return chain.AccountTransfer{Block: 7, TxIndex: tx, Pos: pos, Kind: k, From: 1, To: 2, Amount: chain.U64(5)}
	}
	full := chain.PartHeader | chain.PartTxs | chain.PartTxNative | chain.PartTokens
	cases := map[string]chain.AccountBlock{
		"token before native": {Parts: full, Txs: []chain.AccountTx{tx(0)},
			Transfers: []chain.AccountTransfer{mv(0, 0, chain.KindToken), mv(0, 1, chain.KindTx)}},
		"positions not from 0": {Parts: full, Txs: []chain.AccountTx{tx(0)},
			Transfers: []chain.AccountTransfer{mv(0, 1, chain.KindToken)}},
		"transactions out of order": {Parts: full, Txs: []chain.AccountTx{tx(1), tx(0)},
			Transfers: []chain.AccountTransfer{mv(1, 0, chain.KindToken), mv(0, 0, chain.KindToken)}},
		"tokens without their part": {Parts: chain.PartHeader | chain.PartTxs | chain.PartTxNative, Txs: []chain.AccountTx{tx(0)},
			Transfers: []chain.AccountTransfer{mv(0, 0, chain.KindTx), mv(0, 1, chain.KindToken)}},
		"native without a native part": {Parts: chain.PartTokens, Txs: []chain.AccountTx{tx(0)},
			Transfers: []chain.AccountTransfer{mv(0, 0, chain.KindTx)}},
		"unsorted transaction list": {Parts: full, Txs: []chain.AccountTx{tx(2), tx(1)}},
	}
	for name, b := range cases {
		t.Run(name, func(t *testing.T) {
			var empty chain.AccountBlock
			if _, ok := adoptAccount(&empty, &b); ok {
				t.Fatalf("shared the slices of a block its merge changes")
			}
			checkSameMerge(t, &empty, &b)
		})
	}
	stored := chain.AccountBlock{Parts: full, Txs: []chain.AccountTx{tx(0)}}
	b := cases["tokens without their part"]
	if _, ok := adoptAccount(&stored, &b); ok {
		t.Fatalf("shared the slices of a block merged with a stored one")
	}
}

// checkSameMerge wants mergeAccount and mergeAccountCopy to encode alike.
func checkSameMerge(t *testing.T, old, nw *chain.AccountBlock) {
	t.Helper()
	got := encodeAccount(new(mergeAccount(old, nw)), nil)
	want := encodeAccount(new(mergeAccountCopy(old, nw)), nil)
	if !bytes.Equal(got, want) {
		t.Fatalf("block %d: merged record differs from the copying merge", nw.Header.Number)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o644); err != nil {
		t.Fatal(err)
	}
}
