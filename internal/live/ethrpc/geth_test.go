package ethrpc

import (
	"context"
	"encoding/hex"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vigil-project/vigil/internal/jsonrpc"
)

// gethNode is a geth --dev node started by a test.
type gethNode struct {
	URL string
	c   *jsonrpc.Client
	dev string // the unlocked, funded dev account
	t   testing.TB
}

// startGeth starts geth --dev on a loopback port with a temporary data
// directory, or skips the test when geth is not installed.
func startGeth(t testing.TB) *gethNode {
	t.Helper()
	bin, err := exec.LookPath("geth")
	if err != nil {
		t.Skip("geth not installed (install it with .ci/install.d/30-geth.sh)")
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	dir := t.TempDir()
	logf, err := os.Create(filepath.Join(dir, "geth.log"))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "--dev", "--dev.period", "0", "--datadir", filepath.Join(dir, "data"),
		"--http", "--http.addr", "127.0.0.1", "--http.port", fmt.Sprint(port),
		"--http.api", "eth,debug,net,web3", "--ipcdisable", "--nodiscover", "--maxpeers", "0",
		"--authrpc.port", "0", "--port", "0", "--verbosity", "2")
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		logf.Close()
		if t.Failed() {
			b, _ := os.ReadFile(logf.Name())
			t.Logf("geth log tail:\n%s", tail(string(b), 3000))
		}
	})
	g := &gethNode{URL: fmt.Sprintf("http://127.0.0.1:%d", port), t: t}
	g.c, _ = jsonrpc.New(g.URL, jsonrpc.Options{Retries: -1, Timeout: 30 * time.Second})
	deadline := time.Now().Add(60 * time.Second)
	for {
		var accts []string
		err := g.c.Call(context.Background(), &accts, "eth_accounts")
		if err == nil && len(accts) > 0 {
			g.dev = accts[0]
			return g
		}
		if time.Now().After(deadline) {
			t.Fatalf("geth did not answer on %s: %v", g.URL, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}

// call makes a JSON-RPC call or fails the test.
func (g *gethNode) call(out any, method string, params ...any) {
	g.t.Helper()
	if err := g.c.Call(context.Background(), out, method, params...); err != nil {
		g.t.Fatalf("%s: %v", method, err)
	}
}

// send sends a transaction from the dev account with fixed gas (so that
// reverting calls are mined rather than refused by gas estimation) and
// waits for its receipt.
func (g *gethNode) send(to string, value uint64, data []byte) map[string]any {
	g.t.Helper()
	tx := map[string]any{"from": g.dev, "gas": "0x200000", "value": hexQ(value)}
	if to != "" {
		tx["to"] = to
	}
	if len(data) > 0 {
		tx["data"] = "0x" + hex.EncodeToString(data)
	}
	var h string
	g.call(&h, "eth_sendTransaction", tx)
	return g.receipt(h)
}

// sendMany sends transactions (to, value, data) from the dev account in
// one JSON-RPC batch, so that geth --dev tends to mine several into one
// block, and waits for their receipts.
func (g *gethNode) sendMany(txs []devTx) []map[string]any {
	g.t.Helper()
	hashes := make([]string, len(txs))
	calls := make([]jsonrpc.BatchCall, len(txs))
	for i, tx := range txs {
		m := map[string]any{"from": g.dev, "gas": "0x200000", "value": hexQ(tx.value), "to": "0x" + tx.to}
		if len(tx.data) > 0 {
			m["data"] = "0x" + hex.EncodeToString(tx.data)
		}
		calls[i] = jsonrpc.BatchCall{Method: "eth_sendTransaction", Params: []any{m}, Out: &hashes[i]}
	}
	if err := g.c.Batch(context.Background(), calls); err != nil {
		g.t.Fatal(err)
	}
	var rs []map[string]any
	for i := range calls {
		if calls[i].Err != nil {
			g.t.Fatal(calls[i].Err)
		}
		rs = append(rs, g.receipt(hashes[i]))
	}
	return rs
}

// devTx is a transaction for sendMany.
type devTx struct {
	to    string
	value uint64
	data  []byte
}

// receipt waits for the receipt of transaction h.
func (g *gethNode) receipt(h string) map[string]any {
	g.t.Helper()
	for i := 0; i < 600; i++ {
		var r map[string]any
		err := g.c.Call(context.Background(), &r, "eth_getTransactionReceipt", h)
		if err != nil && !strings.Contains(err.Error(), "indexing is in progress") {
			g.t.Fatalf("receipt of %s: %v", h, err)
		}
		if r != nil {
			return r
		}
		time.Sleep(50 * time.Millisecond)
	}
	g.t.Fatalf("transaction %s not mined", h)
	return nil
}

// deploy creates a contract and returns its address (lower-case hex
// without 0x).
func (g *gethNode) deploy(code []byte, value uint64) string {
	g.t.Helper()
	r := g.send("", value, code)
	if str(r, "status") != "0x1" {
		g.t.Fatalf("deploy failed: %v", r)
	}
	return strings.TrimPrefix(str(r, "contractAddress"), "0x")
}

// tip returns the node's block number.
func (g *gethNode) tip() uint64 {
	g.t.Helper()
	var s string
	g.call(&s, "eth_blockNumber")
	n, err := quantity(s)
	if err != nil {
		g.t.Fatal(err)
	}
	return n
}
