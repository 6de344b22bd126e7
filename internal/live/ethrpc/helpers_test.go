package ethrpc

import (
	"encoding/json"
	"fmt"
	"reflect"
	"testing"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/ingest/ethetl"
)

// decodeJSON decodes the raw results for block num as the node does.
func decodeJSON(num uint64, blk, rcs, trs []byte, traced bool) (*block, error) {
	var rb *rpcBlock
	var rr []rpcReceipt
	var rt []rpcTxTrace
	if err := json.Unmarshal(blk, &rb); err != nil {
		return nil, fmt.Errorf("block: %v", err)
	}
	if err := json.Unmarshal(rcs, &rr); err != nil {
		return nil, fmt.Errorf("receipts: %v", err)
	}
	if traced {
		if err := json.Unmarshal(trs, &rt); err != nil {
			return nil, fmt.Errorf("traces: %v", err)
		}
	}
	return decodeBlock(num, rb, rr, rt, traced)
}

// decodeRecorded decodes recorded responses with the package's decoder.
func decodeRecorded(t testing.TB, recs []recorded, traced bool) []*block {
	t.Helper()
	var bs []*block
	for _, r := range recs {
		blk, _ := json.Marshal(r.Block)
		rcs, _ := json.Marshal(r.Receipts)
		trs, _ := json.Marshal(r.Traces)
		var num uint64
		fmt.Sscanf(str(r.Block, "number"), "0x%x", &num)
		b, err := decodeJSON(num, blk, rcs, trs, traced)
		if err != nil {
			t.Fatal(err)
		}
		bs = append(bs, b)
	}
	return bs
}

// sameAsETL converts recs with the package and parses an ethereum-etl
// export of them with ethetl.ParseDir, and requires identical blocks and
// identical interned keys in the same order.
func sameAsETL(t *testing.T, recs []recorded, traced bool) []chain.AccountBlock {
	t.Helper()
	dir := t.TempDir()
	writeETL(t, dir, recs, traced)
	var a1, t1, a2, t2 chain.MapInterner
	want, err := ethetl.ParseDir(dir, ethetl.Options{Addrs: &a1, Tokens: &t1})
	if err != nil {
		t.Fatal(err)
	}
	got := convert(decodeRecorded(t, recs, traced), &a2, &t2)
	if len(got) != len(want) {
		t.Fatalf("%d blocks, ethetl has %d", len(got), len(want))
	}
	for i := range want {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Errorf("block %d differs from ethetl:\n got %+v\nwant %+v", want[i].Header.Number, got[i], want[i])
		}
	}
	if !reflect.DeepEqual(a1.Keys, a2.Keys) || !reflect.DeepEqual(t1.Keys, t2.Keys) {
		t.Errorf("interned keys differ from ethetl: %d/%d addresses, %d/%d tokens", len(a2.Keys), len(a1.Keys), len(t2.Keys), len(t1.Keys))
	}
	return got
}
