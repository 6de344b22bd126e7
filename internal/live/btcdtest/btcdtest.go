// Package btcdtest runs real btcd nodes in simnet for end-to-end tests:
// start, mine, pay with change (unsigned P2SH "anyone can spend" outputs,
// which simnet relays), connect nodes to make reorgs. Tests skip when the
// btcd binary is absent (install it with .ci/install.d/10-btcd.sh).
package btcdtest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vigil-project/vigil/internal/jsonrpc"
	"github.com/vigil-project/vigil/internal/sharedtest"
)

// MinerRedeem is the redeem script the miner address pays to (push 0x00,
// OP_DROP, OP_TRUE); MinerAddr is its simnet P2SH address.
var MinerRedeem = []byte{0x01, 0x00, 0x75, 0x51}

// MinerAddr is the P2SH address of MinerRedeem on simnet.
const MinerAddr = "rZTxvHmKFq5YXLBLMj645253cTEbsyD5VL"

// Node is one running btcd.
type Node struct {
	t       testing.TB
	cmd     *exec.Cmd
	dir     string
	RPCAddr string // host:port of JSON-RPC (plain HTTP)
	P2PAddr string // host:port of the peer listener
	URL     string // http://user:pass@host:port
	rpc     *jsonrpc.Client
	scripts map[string][]byte // P2SH output script by redeem script
}

// Binary returns the path of btcd, or "" when it is not installed.
func Binary() string {
	if p, err := exec.LookPath("btcd"); err == nil {
		return p
	}
	p := filepath.Join(os.Getenv("HOME"), "go", "bin", "btcd")
	if _, err := os.Stat(p); err == nil {
		return p
	}
	return ""
}

// Need skips t when btcd is not installed.
func Need(t testing.TB) string {
	t.Helper()
	b := Binary()
	if b == "" {
		t.Skip("btcd not installed (run .ci/install.d/10-btcd.sh)")
	}
	return b
}

// Start runs a btcd in simnet with a new data directory.
func Start(t testing.TB) *Node {
	t.Helper()
	bin := Need(t)
	n := &Node{t: t, dir: t.TempDir(), RPCAddr: sharedtest.FreePort(t), P2PAddr: sharedtest.FreePort(t)}
	n.URL = "http://u:p@" + n.RPCAddr
	n.start(bin)
	t.Cleanup(n.Stop)
	return n
}

func (n *Node) start(bin string) {
	n.cmd = exec.Command(bin, "--simnet", "--notls", "--relaynonstd", "--miningaddr="+MinerAddr,
		"--datadir="+filepath.Join(n.dir, "data"), "--logdir="+filepath.Join(n.dir, "logs"),
		"--configfile="+filepath.Join(n.dir, "btcd.conf"),
		"--rpcuser=u", "--rpcpass=p", "--rpclisten="+n.RPCAddr, "--listen="+n.P2PAddr, "--debuglevel=warn")
	n.cmd.Stdout, n.cmd.Stderr = nil, nil
	os.WriteFile(filepath.Join(n.dir, "btcd.conf"), nil, 0o600)
	if err := n.cmd.Start(); err != nil {
		n.t.Fatalf("starting btcd: %v", err)
	}
	c, err := jsonrpc.New("http://"+n.RPCAddr, jsonrpc.Options{Version: "1.0", Retries: -1, Timeout: 10 * time.Second})
	if err != nil {
		n.t.Fatal(err)
	}
	c.SetAuth("u", "p")
	n.rpc = c
	deadline := time.Now().Add(30 * time.Second)
	for {
		var h int64
		err := c.Call(context.Background(), &h, "getblockcount")
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			n.t.Fatalf("btcd did not answer in 30 s: %v", err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// Stop shuts the node down cleanly (SIGINT, so its database is flushed;
// SIGKILL after 20 s) and waits for it.
func (n *Node) Stop() {
	if n.cmd == nil || n.cmd.Process == nil {
		return
	}
	done := make(chan struct{})
	go func() { n.cmd.Wait(); close(done) }()
	n.cmd.Process.Signal(os.Interrupt)
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		n.cmd.Process.Kill()
		<-done
	}
	n.cmd = nil
}

// Restart stops and starts the node on the same data directory and ports.
func (n *Node) Restart() {
	n.Stop()
	n.start(Binary())
}

// Call invokes an RPC method, failing the test on error.
func (n *Node) Call(out any, method string, params ...any) {
	n.t.Helper()
	if err := n.rpc.Call(context.Background(), out, method, params...); err != nil {
		n.t.Fatalf("btcd %s: %v", method, err)
	}
}

// Generate mines k blocks and returns their hashes.
func (n *Node) Generate(k int) []string {
	n.t.Helper()
	var out []string
	n.Call(&out, "generate", k)
	return out
}

// Tip returns the block count.
func (n *Node) Tip() uint64 {
	var h uint64
	n.Call(&h, "getblockcount")
	return h
}

// Connect makes n connect to other (peers sync, the longer chain wins).
func (n *Node) Connect(other *Node) {
	n.Call(nil, "addnode", other.P2PAddr, "add")
}

// WaitTip waits until the node's best block hash is h.
func (n *Node) WaitTip(h string) {
	n.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		var best string
		n.Call(&best, "getbestblockhash")
		if best == h {
			return
		}
		if time.Now().After(deadline) {
			n.t.Fatalf("node did not reach block %s (at %s); log:\n%s", h, best, n.Logs())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// Block is the part of getblock (verbosity 2) tests compare with.
type Block struct {
	Hash   string `json:"hash"`
	Height uint64 `json:"height"`
	Txs    []Tx   `json:"rawtx"`
}

// Tx is a transaction of Block.
type Tx struct {
	Txid string `json:"txid"`
	Vin  []struct {
		Coinbase string `json:"coinbase"`
		Txid     string `json:"txid"`
		Vout     uint32 `json:"vout"`
	} `json:"vin"`
	Vout []struct {
		Value        float64 `json:"value"`
		N            uint32  `json:"n"`
		ScriptPubKey struct {
			Hex       string   `json:"hex"`
			Type      string   `json:"type"`
			Addresses []string `json:"addresses"`
		} `json:"scriptPubKey"`
	} `json:"vout"`
}

// BlockAt returns block h of the best chain.
func (n *Node) BlockAt(h uint64) Block {
	n.t.Helper()
	var hash string
	n.Call(&hash, "getblockhash", h)
	var b Block
	n.Call(&b, "getblock", hash, 2)
	return b
}

// Logs returns the node's log text (for failure messages).
func (n *Node) Logs() string {
	data, _ := os.ReadFile(filepath.Join(n.dir, "logs", "simnet", "btcd.log"))
	return strings.TrimSpace(string(data))
}

// String names the node.
func (n *Node) String() string { return fmt.Sprintf("btcd %s", n.RPCAddr) }

// WaitHookTip waits until a follower's hook reports tip want on tips
// (other tips are skipped); it fails the test after a minute.
func WaitHookTip(t testing.TB, tips <-chan uint64, want uint64) {
	t.Helper()
	for {
		select {
		case got := <-tips:
			if got == want {
				return
			}
		case <-time.After(60 * time.Second):
			t.Fatalf("no hook with tip %d", want)
		}
	}
}
