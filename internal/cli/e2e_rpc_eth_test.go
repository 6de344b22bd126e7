package cli_test

import (
	"math/big"
	"strings"
	"testing"

	"github.com/vigil-project/vigil/internal/live/ethrpc/gethtest"
)

// ethRPCAddress is the part of `vigil address --json` this test reads.
type ethRPCAddress struct {
	Seen     bool `json:"seen"`
	Balances []struct {
		Asset  string `json:"asset"`
		Amount string `json:"amount"`
	} `json:"balances"`
}

// TestIngestRPCEthAgainstGeth drives a real geth --dev (payments, an
// ERC-20, value forwarded by internal calls, a failed internal call, a
// failed transaction), ingests it with `vigil ingest rpc --chain eth`, then
// again after more blocks (resume), and requires `vigil address --json`
// balances to equal eth_getBalance and the token's balanceOf for every
// address that paid no fees.
func TestIngestRPCEthAgainstGeth(t *testing.T) {
	g := gethtest.Start(t)
	const alice, bob, carol = "00000000000000000000000000000000000a11ce", "0000000000000000000000000000000000000b0b", "000000000000000000000000000000000000ca01"
	g.Send("0x"+alice, 1e18, nil)
	token := g.Deploy(gethtest.TokenCode("00000000000000000000000000000000000000000000d3c21bcecceda1000000"), 0)
	g.Send("0x"+token, 0, gethtest.TokenCall(alice, big.NewInt(1000)))
	fwd := g.Deploy(gethtest.ForwarderCode(carol), 0)
	g.Send("0x"+fwd, 5e15, nil)
	rev := g.Deploy(gethtest.ReverterCode(), 0)
	failFwd := g.Deploy(gethtest.ForwarderCode(rev), 0)
	g.Send("0x"+failFwd, 3e15, nil)
	if r := g.Send("0x"+rev, 1e15, nil); gethtest.Str(r, "status") != "0x0" {
		t.Fatalf("the reverter's transaction succeeded: %v", r)
	}

	v := newVigil(t)
	var res struct {
		Blocks    int64  `json:"blocks_written"`
		Transfers int64  `json:"transfers"`
		LastBlock *int64 `json:"last_block"`
		Elapsed   int64  `json:"elapsed_ms"`
	}
	v.json(&res, "ingest", "rpc", "--chain", "eth", "--url", g.URL, "--quiet")
	t.Logf("ingest rpc: %d blocks, %d transfers in %d ms", res.Blocks, res.Transfers, res.Elapsed)
	tip := g.Tip()
	if res.LastBlock == nil || uint64(*res.LastBlock) != tip || res.Transfers < 6 {
		t.Fatalf("first ingest: %+v, node tip %d", res, tip)
	}
	check := func() {
		t.Helper()
		for _, a := range []string{alice, bob, carol, fwd, failFwd, rev, token} {
			var out ethRPCAddress
			v.json(&out, "address", "--chain", "eth", "0x"+a)
			var bal string
			g.Call(&bal, "eth_getBalance", "0x"+a, "latest")
			if got, want := ethRPCAmount(out, "eth"), ethRPCHex(t, bal); got.Cmp(want) != 0 {
				t.Errorf("0x%s: vigil balance %s, eth_getBalance %s", a, got, want)
			}
			var tok string
			g.Call(&tok, "eth_call", map[string]any{"to": "0x" + token, "data": gethtest.BalanceOfCall(a)}, "latest")
			if got, want := ethRPCAmount(out, "eth:0x"+token), ethRPCHex(t, tok); got.Cmp(want) != 0 {
				t.Errorf("0x%s: vigil token balance %s, balanceOf %s", a, got, want)
			}
		}
	}
	check()

	g.Send("0x"+bob, 777, nil)
	g.Send("0x"+fwd, 1e15, nil)
	g.Send("0x"+token, 0, gethtest.TokenCall(bob, big.NewInt(42)))
	prev := *res.LastBlock
	v.json(&res, "ingest", "rpc", "--chain", "eth", "--url", g.URL, "--quiet")
	// geth --dev may mine an empty block besides a transaction's.
	if tip := g.Tip(); res.LastBlock == nil || uint64(*res.LastBlock) != tip || res.Blocks != int64(tip)-prev || res.Transfers != 4 {
		t.Fatalf("resumed ingest wrote %+v, want the %d new blocks with 4 moves", res, int64(tip)-prev)
	}
	check()

	// --no-traces, for a node without the debug API: top-level moves only.
	// Carol, paid only by the forwarder's internal calls, gets nothing; Bob,
	// paid directly, is right.
	nt := newVigil(t)
	nt.ok("ingest", "rpc", "--chain", "eth", "--url", g.URL, "--quiet", "--no-traces")
	var c, b ethRPCAddress
	nt.json(&c, "address", "--chain", "eth", "0x"+carol)
	nt.json(&b, "address", "--chain", "eth", "0x"+bob)
	if got := ethRPCAmount(c, "eth"); got.Sign() != 0 {
		t.Errorf("--no-traces: carol has %s, want nothing (internal transfers are not read)", got)
	}
	if got := ethRPCAmount(b, "eth"); got.Cmp(big.NewInt(777)) != 0 {
		t.Errorf("--no-traces: bob has %s, want 777", got)
	}
	if code, _, errs := nt.run("ingest", "rpc", "--chain", "btc", "--url", g.URL, "--no-traces"); code != 2 || !strings.Contains(errs, "--no-traces") {
		t.Errorf("--no-traces on btc: exit %d, %s", code, errs)
	}
}

// ethRPCAmount returns the balance of asset in out (0 when absent).
func ethRPCAmount(out ethRPCAddress, asset string) *big.Int {
	for _, b := range out.Balances {
		if b.Asset == asset {
			v, _ := new(big.Int).SetString(b.Amount, 10)
			return v
		}
	}
	return new(big.Int)
}

func ethRPCHex(t *testing.T, s string) *big.Int {
	v, ok := new(big.Int).SetString(strings.TrimPrefix(s, "0x"), 16)
	if !ok {
		t.Fatalf("bad quantity %q", s)
	}
	return v
}
