// Package gethtest starts a real geth --dev node for end-to-end tests and
// drives it over JSON-RPC: transactions from the unlocked dev account and
// small hand-assembled contracts (there is no solc here): an ERC-20, a
// value forwarder, a delegator, a reverter, a selfdestructor and CREATE /
// CREATE2 factories. Tests skip when geth is not installed
// (.ci/install.d/30-geth.sh installs it).
package gethtest

import (
	"context"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/vigil-project/vigil/internal/jsonrpc"
	"github.com/vigil-project/vigil/internal/sharedtest"
)

// Node is a geth --dev node started by a test.
type Node struct {
	URL string
	C   *jsonrpc.Client // client of the node
	Dev string          // the unlocked, funded dev account
	t   testing.TB
}

// Start starts geth --dev on a loopback port with a temporary data
// directory, or skips the test when geth is not installed.
func Start(t testing.TB) *Node {
	t.Helper()
	bin, err := exec.LookPath("geth")
	if err != nil {
		t.Skip("geth not installed (install it with .ci/install.d/30-geth.sh)")
	}
	addr := sharedtest.FreePort(t)
	port := addr[strings.LastIndexByte(addr, ':')+1:]
	dir := t.TempDir()
	logf, err := os.Create(filepath.Join(dir, "geth.log"))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "--dev", "--dev.period", "0", "--datadir", filepath.Join(dir, "data"),
		"--http", "--http.addr", "127.0.0.1", "--http.port", port,
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
	g := &Node{URL: "http://" + addr, t: t}
	g.C, _ = jsonrpc.New(g.URL, jsonrpc.Options{Retries: -1, Timeout: 30 * time.Second})
	deadline := time.Now().Add(60 * time.Second)
	for {
		var accts []string
		err := g.C.Call(context.Background(), &accts, "eth_accounts")
		if err == nil && len(accts) > 0 {
			g.Dev = accts[0]
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

// Call makes a JSON-RPC call or fails the test.
func (g *Node) Call(out any, method string, params ...any) {
	g.t.Helper()
	if err := g.C.Call(context.Background(), out, method, params...); err != nil {
		g.t.Fatalf("%s: %v", method, err)
	}
}

// Send sends a transaction from the dev account with fixed gas (so that
// reverting calls are mined rather than refused by gas estimation) and
// waits for its receipt.
func (g *Node) Send(to string, value uint64, data []byte) map[string]any {
	g.t.Helper()
	tx := map[string]any{"from": g.Dev, "gas": "0x200000", "value": hexQ(value)}
	if to != "" {
		tx["to"] = to
	}
	if len(data) > 0 {
		tx["data"] = "0x" + hex.EncodeToString(data)
	}
	var h string
	g.Call(&h, "eth_sendTransaction", tx)
	return g.Receipt(h)
}

// SendMany sends transactions (to, value, data) from the dev account in
// one JSON-RPC batch, so that geth --dev tends to mine several into one
// block, and waits for their receipts.
func (g *Node) SendMany(txs []Tx) []map[string]any {
	g.t.Helper()
	hashes := make([]string, len(txs))
	calls := make([]jsonrpc.BatchCall, len(txs))
	var nonce string // explicit nonces: geth may give two calls of a batch the same one
	g.Call(&nonce, "eth_getTransactionCount", g.Dev, "pending")
	base, err := strconv.ParseUint(strings.TrimPrefix(nonce, "0x"), 16, 64)
	if err != nil {
		g.t.Fatalf("nonce %q: %v", nonce, err)
	}
	for i, tx := range txs {
		m := map[string]any{"from": g.Dev, "gas": "0x200000", "value": hexQ(tx.Value), "to": "0x" + tx.To, "nonce": hexQ(base + uint64(i))}
		if len(tx.Data) > 0 {
			m["data"] = "0x" + hex.EncodeToString(tx.Data)
		}
		calls[i] = jsonrpc.BatchCall{Method: "eth_sendTransaction", Params: []any{m}, Out: &hashes[i]}
	}
	if err := g.C.Batch(context.Background(), calls); err != nil {
		g.t.Fatal(err)
	}
	var rs []map[string]any
	for i := range calls {
		if calls[i].Err != nil {
			g.t.Fatal(calls[i].Err)
		}
		rs = append(rs, g.Receipt(hashes[i]))
	}
	return rs
}

// Tx is a transaction for SendMany.
type Tx struct {
	To    string // 40 hex digits without 0x
	Value uint64
	Data  []byte
}

// Receipt waits for the receipt of transaction h.
func (g *Node) Receipt(h string) map[string]any {
	g.t.Helper()
	for i := 0; i < 600; i++ {
		var r map[string]any
		err := g.C.Call(context.Background(), &r, "eth_getTransactionReceipt", h)
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

// Deploy creates a contract and returns its address (lower-case hex
// without 0x).
func (g *Node) Deploy(code []byte, value uint64) string {
	g.t.Helper()
	r := g.Send("", value, code)
	if Str(r, "status") != "0x1" {
		g.t.Fatalf("deploy failed: %v", r)
	}
	return strings.TrimPrefix(Str(r, "contractAddress"), "0x")
}

// Tip returns the node's block number.
func (g *Node) Tip() uint64 {
	g.t.Helper()
	var s string
	g.Call(&s, "eth_blockNumber")
	n, err := strconv.ParseUint(strings.TrimPrefix(s, "0x"), 16, 64)
	if err != nil {
		g.t.Fatal(err)
	}
	return n
}

// Str returns m[k] as a string ("" when absent or null).
func Str(m map[string]any, k string) string {
	s, _ := m[k].(string)
	return s
}

// hexQ formats a hex quantity.
func hexQ(n uint64) string { return "0x" + strconv.FormatUint(n, 16) }
