package ethetl

import (
	"slices"
	"testing"
)

// TestGroupTxsOrders checks that a block's Txs come out sorted by index
// whether the file lists them in order (grouped in place, no copy) or not
// (grouped by the copying path), and that in-place Txs cannot grow into
// the next block's.
func TestGroupTxsOrders(t *testing.T) {
	h3 := "0x3333333333333333333333333333333333333333333333333333333333333333"
	row := func(h, block, idx string) string { return h + "," + block + "," + idx + "," + aA + "," + aB + ",1\n" }
	tests := map[string]string{
		"in order":         row(h1, "5", "0") + row(h2, "5", "1") + row(h3, "6", "0"),
		"indexes reversed": row(h2, "5", "1") + row(h1, "5", "0") + row(h3, "6", "0"),
		"blocks reversed":  row(h3, "6", "0") + row(h1, "5", "0") + row(h2, "5", "1"),
	}
	for name, rows := range tests {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			writeFile(t, dir, "transactions.csv", txHdr+rows)
			r := parse(t, dir)
			if len(r.blocks) != 2 {
				t.Fatalf("%d blocks, want 2", len(r.blocks))
			}
			b5, b6 := r.blocks[0], r.blocks[1]
			if len(b5.Txs) != 2 || b5.Txs[0].Index != 0 || b5.Txs[1].Index != 1 || b5.Txs[0].Hash[0] != 0x11 {
				t.Fatalf("block 5 Txs %+v", b5.Txs)
			}
			if len(b6.Txs) != 1 || b6.Txs[0].Hash[0] != 0x33 {
				t.Fatalf("block 6 Txs %+v", b6.Txs)
			}
			if cap(b5.Txs) != len(b5.Txs) {
				t.Errorf("block 5 Txs has spare capacity %d: an append would overwrite block 6", cap(b5.Txs))
			}
			grown := append(slices.Clip(b5.Txs), b5.Txs[0])
			if grown[0].Hash != b5.Txs[0].Hash || b6.Txs[0].Hash[0] != 0x33 {
				t.Errorf("appending to block 5 changed block 6")
			}
		})
	}
}
