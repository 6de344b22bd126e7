// Package ltctest runs a real litecoind (Litecoin Core 0.21, a Bitcoin Core
// 0.21 fork with MWEB) in regtest for end-to-end tests: start on free
// ports in a temporary data directory, mine to a wallet, make payments
// (change, several outputs, OP_RETURN, several inputs, MWEB peg-ins and
// peg-outs), reorganise with invalidateblock, stop. Tests skip when the
// litecoind binary is absent (install it with .ci/install.d/40-litecoind.sh).
package ltctest

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vigil-project/vigil/internal/jsonrpc"
	"github.com/vigil-project/vigil/internal/sharedtest"
)

// Node is one running litecoind in regtest with a wallet named "w".
type Node struct {
	t       testing.TB
	cmd     *exec.Cmd
	done    chan struct{}
	dir     string
	RPCAddr string // host:port of JSON-RPC
	URL     string // http://user:pass@host:port (no credentials with Cookie)
	rpc     *jsonrpc.Client
	wallets map[string]*jsonrpc.Client
	stderr  bytes.Buffer // what litecoind printed (start-up errors)
	user    string       // RPC credentials (from the cookie file with Cookie)
	pass    string
}

// Binary returns the path of litecoind, or "" when it is not installed.
func Binary() string {
	if p, err := exec.LookPath("litecoind"); err == nil {
		return p
	}
	return ""
}

// Need skips t when litecoind is not installed.
func Need(t testing.TB) string {
	t.Helper()
	b := Binary()
	if b == "" {
		t.Skip("litecoind not installed (run .ci/install.d/40-litecoind.sh)")
	}
	return b
}

// Options configures Start.
type Options struct {
	// Cookie makes the node authenticate RPC with its cookie file
	// (regtest/.cookie, "__cookie__:<random hex>") instead of a user and
	// password; URL then carries no credentials.
	Cookie bool
}

// Start runs a litecoind in regtest with a new data directory and a new
// wallet "w"; t.Cleanup stops it.
func Start(t testing.TB) *Node { return StartWith(t, Options{}) }

// StartWith is Start with options.
func StartWith(t testing.TB, o Options) *Node {
	t.Helper()
	bin := Need(t)
	n := &Node{t: t, dir: t.TempDir(), RPCAddr: sharedtest.FreePort(t), wallets: map[string]*jsonrpc.Client{}}
	_, port, _ := net.SplitHostPort(n.RPCAddr)
	args := []string{"-regtest", "-datadir=" + n.dir, "-rpcbind=127.0.0.1", "-rpcallowip=127.0.0.1", "-rpcport=" + port,
		"-listen=0", "-port=" + sharedtest.FreePort(t)[len("127.0.0.1:"):], "-server", "-txindex", "-keypool=16", "-rpcservertimeout=2",
		"-fallbackfee=0.0001", "-printtoconsole=0", "-discover=0", "-dnsseed=0", "-upnp=0"}
	n.URL = "http://" + n.RPCAddr
	if !o.Cookie {
		args = append(args, "-rpcuser=u", "-rpcpassword=p")
		n.URL = "http://u:p@" + n.RPCAddr
		n.user, n.pass = "u", "p"
	}
	n.cmd = exec.Command(bin, args...)
	n.cmd.Stderr = &n.stderr
	if err := n.cmd.Start(); err != nil {
		t.Fatalf("starting litecoind: %v", err)
	}
	n.done = make(chan struct{})
	go func() { n.cmd.Wait(); close(n.done) }()
	t.Cleanup(n.Stop)
	if o.Cookie {
		n.readCookie()
	}
	n.rpc = n.client("")
	n.waitRPC()
	n.Call(nil, "createwallet", "w")
	return n
}

// CookieFile returns the path of the node's RPC cookie file.
func (n *Node) CookieFile() string { return filepath.Join(n.dir, "regtest", ".cookie") }

// readCookie waits for the cookie file and takes its credentials.
func (n *Node) readCookie() {
	deadline := time.Now().Add(60 * time.Second)
	for {
		data, err := os.ReadFile(n.CookieFile())
		if u, p, ok := strings.Cut(strings.TrimSpace(string(data)), ":"); err == nil && ok {
			n.user, n.pass = u, p
			return
		}
		select {
		case <-n.done:
			n.t.Fatalf("litecoind exited before writing its cookie:\n%s", n.Logs())
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			n.t.Fatalf("litecoind wrote no cookie in 60 s:\n%s", n.Logs())
		}
	}
}

// client returns a JSON-RPC client for the node ("" ) or one of its
// wallets.
func (n *Node) client(wallet string) *jsonrpc.Client {
	u := "http://" + n.RPCAddr
	if wallet != "" {
		u += "/wallet/" + wallet
	}
	c, err := jsonrpc.New(u, jsonrpc.Options{Version: "1.0", Retries: -1, HTTP: HTTPClient()})
	if err != nil {
		n.t.Fatal(err)
	}
	c.SetAuth(n.user, n.pass)
	return c
}

// waitRPC waits until the node answers (it warms up for a moment).
func (n *Node) waitRPC() {
	deadline := time.Now().Add(60 * time.Second)
	for {
		var h int64
		err := n.rpc.Call(context.Background(), &h, "getblockcount")
		if err == nil {
			return
		}
		select {
		case <-n.done:
			n.t.Fatalf("litecoind exited: %v\n%s", err, n.Logs())
		case <-time.After(100 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			n.t.Fatalf("litecoind did not answer in 60 s: %v\n%s", err, n.Logs())
		}
	}
}

// HTTPClient returns an HTTP client without keep-alive for clients of the
// node: litecoind's shutdown waits for open connections to go idle for
// -rpcservertimeout (set to 2 s here; 30 s by default).
func HTTPClient() *http.Client {
	return &http.Client{Timeout: 60 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
}

// Stop shuts the node down cleanly (the stop RPC, then SIGKILL after 30 s)
// and waits for it.
func (n *Node) Stop() {
	if n.cmd == nil {
		return
	}
	n.rpc.Call(context.Background(), nil, "stop")
	select {
	case <-n.done:
	case <-time.After(30 * time.Second):
		n.cmd.Process.Kill()
		<-n.done
	}
	n.cmd = nil
}

// Call invokes a node RPC method, failing the test on error.
func (n *Node) Call(out any, method string, params ...any) {
	n.t.Helper()
	if err := n.rpc.Call(context.Background(), out, method, params...); err != nil {
		n.t.Fatalf("litecoind %s: %v", method, err)
	}
}

// Wallet invokes an RPC method of a wallet of the node ("w" is created by
// Start; other names are created on first use).
func (n *Node) Wallet(wallet string, out any, method string, params ...any) {
	n.t.Helper()
	c := n.wallets[wallet]
	if c == nil {
		if wallet != "w" {
			n.Call(nil, "createwallet", wallet)
		}
		c = n.client(wallet)
		n.wallets[wallet] = c
	}
	if err := c.Call(context.Background(), out, method, params...); err != nil {
		n.t.Fatalf("litecoind wallet %s %s: %v", wallet, method, err)
	}
}

// Logs returns the end of the node's debug log (for failure messages).
func (n *Node) Logs() string {
	data, _ := os.ReadFile(filepath.Join(n.dir, "regtest", "debug.log"))
	var msg string
	select {
	case <-n.done: // stderr is written only while the process runs
		msg = n.stderr.String()
	default:
	}
	s := strings.TrimSpace(msg + "\n" + string(data))
	if len(s) > 4000 {
		s = s[len(s)-4000:]
	}
	return s
}

// String names the node.
func (n *Node) String() string { return fmt.Sprintf("litecoind %s", n.RPCAddr) }
