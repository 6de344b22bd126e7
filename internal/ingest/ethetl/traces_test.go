package ethetl

import (
	"testing"

	"github.com/vigil-project/vigil/internal/chain"
)

func TestTraceFixtures(t *testing.T) {
	const (
		reward1000895 = "1000895 - 0 reward - 0x63a9975ba31b0b9626b34300f7f627147df1f526 eth 5000000000000000000"
		reward1011973 = "1011973 - 0 reward - 0x738db714c08b8a32a29e0e68af00215079aa9c5c eth 5000000000000000000"
		reward1000690 = "1000690 - 0 reward - 0xf8b483dba2c3b7176a3da549ad41a48bb3121069 eth 5000000000000000000"
		reward1000000 = "1000000 - 0 reward - 0x2a65aca4d5fc5b5c859090a6c34d164135398226 eth 5000000000000000000"
		callErr       = "1000895 1 0 tx 0x9288fe5be3be048b5c7a68bfd4b9a0746b7e4a00 0xe05ff93a9978bbb48356accc74088f3841fc5d72 eth 1100000000000000000"
		suicide       = "1011973 0 0 selfdestruct 0x474faa5018639791952fae334e2911700ac7fe9b 0x83973747eec131bf9a08ac64fb1a518e891bdf4b eth 50000000000000000"
		create        = "1000690 0 0 tx 0xaf21e07e5a929d16026a7b4d88f3906a8d2e4942 0x5b3c526b152b1f3d8eabe2ec27f49b904ad51cad eth 64655529900000002048"
		sub0          = "1000000 0 0 tx 0x39fa8c5f2793459d6622857e7d9fbb4bd91766d3 0xc083e9947cf02b8ffc7d3090ae9aea72df98fd47 eth 100000000000000000000"
		sub1          = "1000000 1 0 tx 0x32be343b94f860124dc4fee278fdcbd38c102d88 0xdf190dc7190dfba737d7777a163445b7fff16133 eth 437194980000000000"
	)
	tests := []struct {
		job, block string
		want       []string
		txs        int // stub transactions (hash and index known)
	}{
		// The failed call (status 0, "Out of gas") moves nothing.
		{"test_export_traces_job", "block_with_error", []string{callErr, reward1000895}, 2},
		// The top-level call has value 0; the selfdestruct pays out.
		{"test_export_traces_job", "block_with_suicide", []string{suicide, reward1011973}, 1},
		// The create has value 0.
		{"test_export_traces_job", "block_with_create", []string{create, reward1000690}, 2},
		// The callcode repeats the caller's value and moves nothing.
		{"test_export_traces_job", "block_with_subtraces", []string{sub0, sub1, reward1000000}, 2},
		{"test_export_traces_job", "block_without_transactions", nil, 0},
		// geth: empty transaction_hash and status; error marks failure.
		{"test_extract_geth_traces_job", "block_with_error", []string{callErr}, 0},
		{"test_extract_geth_traces_job", "block_with_suicide", nil, 0}, // suicide row without value
		{"test_extract_geth_traces_job", "block_with_create", []string{create}, 0},
		{"test_extract_geth_traces_job", "block_with_subtraces", []string{sub0, sub1}, 0},
	}
	for _, tc := range tests {
		t.Run(tc.job+"/"+tc.block, func(t *testing.T) {
			dir := makeDir(t, map[string]string{"traces.csv": fixture(t, tc.job+"/"+tc.block+"/expected_traces.csv")})
			r := parse(t, dir)
			checkLines(t, "transfers", r.transfers(), tc.want)
			if len(tc.want) == 0 {
				return
			}
			if len(r.blocks) != 1 {
				t.Fatalf("%d blocks, want 1", len(r.blocks))
			}
			b := r.blocks[0]
			if b.Parts != chain.PartTraceNative || len(b.Txs) != tc.txs || b.TxCount != 0 {
				t.Errorf("parts %b, %d txs (TxCount %d); want parts %b, %d txs", b.Parts, len(b.Txs), b.TxCount,
					chain.PartTraceNative, tc.txs)
			}
		})
	}
}

// TestTraceRules covers rules the fixtures lack: creates and internal
// calls with value, failed subtrees, failed transactions, genesis.
func TestTraceRules(t *testing.T) {
	const hdr = "block_number,transaction_hash,transaction_index,from_address,to_address,value,trace_type,call_type,trace_address,error,status\n"
	const (
		a = "0x00000000000000000000000000000000000000aa"
		b = "0x00000000000000000000000000000000000000bb"
		c = "0x00000000000000000000000000000000000000cc"
	)
	traces := hdr +
		"0,,,," + a + ",7,genesis,,,,1\n" +
		// tx 0 of block 5: top call 10, internal call 3, reverted subtree (0,1) with a child, create 2
		"5,,0," + a + "," + b + ",10,call,call,,,\n" +
		"5,,0," + b + "," + c + ",3,call,call,0,,\n" +
		"5,,0," + b + "," + c + ",4,call,call,1,Reverted,\n" +
		"5,,0," + c + "," + a + ",5,call,call,\"1,0\",,\n" +
		"5,,0," + b + "," + c + ",2,create,,2,,\n" +
		"5,,0," + b + "," + c + ",9,call,staticcall,3,,\n" +
		// tx 1: its receipt says failed; traces say success
		"5,,1," + a + "," + b + ",6,call,call,,,1\n"
	txs := "hash,block_number,transaction_index,from_address,to_address,value,receipt_status\n" +
		"0x" + repeat("1", 64) + ",5,0," + a + "," + b + ",10,1\n" +
		"0x" + repeat("2", 64) + ",5,1," + a + "," + b + ",6,0\n" +
		"0x" + repeat("3", 64) + ",0,0," + a + "," + b + ",1,1\n"
	dir := t.TempDir()
	writeFile(t, dir, "traces.csv", traces)
	writeFile(t, dir, "transactions.csv", txs)
	r := parse(t, dir)
	checkLines(t, "transfers", r.transfers(), []string{
		// block 0 has a transaction and only a genesis row: not covered
		"0 0 0 tx " + a + " " + b + " eth 1",
		"0 - 0 reward - " + a + " eth 7",
		"5 0 0 tx " + a + " " + b + " eth 10",
		"5 0 1 internal " + b + " " + c + " eth 3",
		"5 0 2 internal " + b + " " + c + " eth 2",
	})
	if p := r.blocks[1].Parts; p != chain.PartTxs|chain.PartTraceNative {
		t.Errorf("block 5 parts %b", p)
	}
	if p := r.blocks[0].Parts; p != chain.PartTxs|chain.PartTxNative {
		t.Errorf("block 0 parts %b", p)
	}
}

func repeat(s string, n int) string {
	out := ""
	for i := 0; i < n; i++ {
		out += s
	}
	return out
}

// TestIssuanceOffByDefault: as CONTRACT.md says, only transactions and
// call/create/suicide trace rows move value; block rewards and withdrawals
// are recorded only with Options.Issuance.
func TestIssuanceOffByDefault(t *testing.T) {
	traces := fixture(t, "test_export_traces_job/block_with_suicide/expected_traces.csv")
	w := "test_export_blocks_job/blocks_with_transactions_and_withdrawals/"
	for _, dir := range []string{
		makeDir(t, map[string]string{"traces.csv": traces}),
		makeDir(t, map[string]string{"blocks.csv": fixture(t, w+"expected_blocks.csv")}),
	} {
		r, err := tryParseOpts(dir, false)
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range r.blocks {
			for _, tr := range b.Transfers {
				if tr.Kind == chain.KindReward || tr.Kind == chain.KindWithdrawal {
					t.Fatalf("issuance recorded by default: %+v", tr)
				}
			}
		}
		on, err := tryParseOpts(dir, true)
		if err != nil || len(on.transfers()) == 0 {
			t.Fatalf("with Issuance: %v, %d moves", err, len(on.transfers()))
		}
	}
}
