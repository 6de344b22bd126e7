package ethrpc

import (
	"encoding/json"
	"os"
	"slices"
	"testing"

	"github.com/vigil-project/vigil/internal/chain"
)

// FuzzDecodeBlock feeds arbitrary block, receipts and traces results to the
// decoder: it must return blocks or an error, never panic, and what it
// accepts must convert into well-ordered transfers.
func FuzzDecodeBlock(f *testing.F) {
	f.Add([]byte(okBlock), []byte(okReceipts), []byte(okTraces), true)
	f.Add([]byte(okBlock), []byte(okReceipts), []byte(okTraces), false)
	f.Add([]byte(`{"number":"0x10","hash":"0x`+h64+`","timestamp":"0x0","transactions":[]}`), []byte(`[]`), []byte(`[]`), true)
	f.Add([]byte(`null`), []byte(`null`), []byte(`null`), true)
	if b, err := os.ReadFile("testdata/geth_blocks.json"); err == nil {
		var recs []recorded
		if json.Unmarshal(b, &recs) == nil {
			for _, r := range recs[:min(len(recs), 8)] {
				blk, _ := json.Marshal(r.Block)
				rcs, _ := json.Marshal(r.Receipts)
				trs, _ := json.Marshal(r.Traces)
				f.Add(blk, rcs, trs, true)
			}
		}
	}
	f.Fuzz(func(t *testing.T, blk, rcs, trs []byte, traced bool) {
		b, err := decodeJSON(16, blk, rcs, trs, traced)
		if err != nil {
			return
		}
		var addrs, tokens chain.MapInterner
		cb := convert([]*block{b}, &addrs, &tokens)[0]
		if cb.Header.Number != 16 || cb.TxCount != len(cb.Txs) {
			t.Fatalf("header %+v, %d txs", cb.Header, len(cb.Txs))
		}
		if !slices.IsSortedFunc(cb.Transfers, func(a, b chain.AccountTransfer) int {
			if a.TxIndex != b.TxIndex {
				return int(int64(a.TxIndex) - int64(b.TxIndex))
			}
			return int(int64(a.Pos) - int64(b.Pos))
		}) {
			t.Fatalf("transfers out of order: %+v", cb.Transfers)
		}
		for _, tr := range cb.Transfers {
			if tr.Amount.IsZero() || int(tr.TxIndex) >= len(cb.Txs) || cb.Txs[tr.TxIndex].Failed {
				t.Fatalf("bad move %+v", tr)
			}
		}
	})
}
