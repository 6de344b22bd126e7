package ethrpc

import "testing"

// TestRecordedSameAsETL: the geth responses recorded by the end-to-end
// test (go test -run GethEndToEnd -update) convert exactly as ethetl parses
// their ethereum-etl export, with and without traces. It runs without geth.
func TestRecordedSameAsETL(t *testing.T) {
	recs := loadRecorded(t, "testdata/geth_blocks.json")
	for _, traced := range []bool{true, false} {
		bs := sameAsETL(t, recs, traced)
		moves := 0
		for _, b := range bs {
			moves += len(b.Transfers)
		}
		t.Logf("traced %v: %d blocks, %d moves", traced, len(bs), moves)
		if moves < 20 {
			t.Errorf("traced %v: only %d moves in %d blocks", traced, moves, len(bs))
		}
	}
}
