package cli_test

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/vigil-project/vigil/internal/live/ltctest"
)

// ltcOut is an output as the node describes it, with its address named as
// bitcoin-etl names it.
type ltcOut struct {
	Addr  string
	Addrs []string // as bitcoin-etl lists them
	Value uint64
}

// ltcAddr names an output's address: the node's address,
// "multisig:<a>,<b>", or "nonstandard" + the first 40 hex digits of
// SHA-256 of the script.
func ltcAddr(s ltctest.Script) string {
	if a := s.Addr(); a != "" {
		return a
	}
	script, _ := hex.DecodeString(s.Hex)
	sum := sha256.Sum256(script)
	return "nonstandard" + hex.EncodeToString(sum[:20])
}

// etlAddrs lists an output's addresses as bitcoin-etl exports them.
func etlAddrs(s ltctest.Script) []string {
	if len(s.Addresses) > 0 {
		return s.Addresses
	}
	return []string{ltcAddr(s)}
}

// multisigNames lists the "multisig:..." names among r's addresses
// (checked with the others: `vigil address` looks them up).
func multisigNames(r *ref) []string {
	var out []string
	for a := range r.totals {
		if strings.HasPrefix(a, "multisig:") {
			out = append(out, a)
		}
	}
	return out
}

// ltcNode is what a scan of the node's blocks (getblock verbosity 2) says:
// reference totals of every address, counts, and every output.
type ltcNode struct {
	ref          *ref
	txs, outputs int64
	outs         map[string]ltcOut // "txid:n"
	blockOf      map[string]uint64 // txid -> height
	blocks       []ltctest.Block
}

func scanLtc(t *testing.T, n *ltctest.Node) *ltcNode {
	s := &ltcNode{ref: newRef(), outs: map[string]ltcOut{}, blockOf: map[string]uint64{}}
	for h := uint64(0); h <= n.Tip(); h++ {
		b := n.BlockAt(h)
		s.blocks = append(s.blocks, b)
		for _, tx := range b.Txs {
			s.txs++
			s.blockOf[tx.Txid] = h
			for _, in := range tx.Vin {
				if in.Coinbase != "" || in.IsMWEB {
					continue
				}
				o, ok := s.outs[in.Txid+":"+strconv.Itoa(int(in.Vout))]
				if !ok {
					t.Fatalf("tx %s spends unknown output %s:%d", tx.Txid, in.Txid, in.Vout)
				}
				s.ref.move(o.Addr, "", "ltc", bigStr(t, strconv.FormatUint(o.Value, 10)))
				s.ref.moves--
			}
			for _, o := range tx.Vout {
				s.outputs++
				out := ltcOut{ltcAddr(o.ScriptPubKey), etlAddrs(o.ScriptPubKey), ltctest.Sat(o.Value)}
				s.outs[tx.Txid+":"+strconv.Itoa(int(o.N))] = out
				s.ref.move("", out.Addr, "ltc", bigStr(t, strconv.FormatUint(out.Value, 10)))
			}
		}
	}
	return s
}

// ingestLtc runs `vigil ingest rpc --chain ltc` to the node's tip.
func ingestLtc(t *testing.T, v *vigil, n *ltctest.Node) {
	var res struct {
		Blocks    int64  `json:"blocks_written"`
		LastBlock *int64 `json:"last_block"`
	}
	v.json(&res, "ingest", "rpc", "--chain", "ltc", "--url", n.URL, "--quiet", "--fetch-blocks", "9")
	if tip := n.Tip(); res.LastBlock == nil || *res.LastBlock != int64(tip) {
		t.Fatalf("ingest: %+v, node tip %d", res, tip)
	}
}

// TestIngestRPCLtc ingests a real litecoind's regtest chain (payments
// with change to legacy, P2SH-segwit and bech32 addresses, sendmany, an
// OP_RETURN, a spend of several inputs, a bare multisig output and its
// spend, then MWEB: a peg-in, a peg-out and
// a payment inside MWEB) and compares the store with the node: counts,
// every output, every address's totals (also against the node's wallets),
// the multi-input transaction, the MWEB transactions; and with a
// bitcoin-etl export of the same chain; then a reorg of MWEB blocks.
func TestIngestRPCLtc(t *testing.T) {
	n := ltctest.Start(t)
	c := ltctest.Build(n, true)
	v := newVigil(t)
	ingestLtc(t, v, n)
	s := scanLtc(t, n)
	tip := n.Tip()
	st := v.stats()["ltc"]
	if st.Blocks != int64(tip+1) || st.Transactions != s.txs || st.Transfers != s.outputs || st.LastBlock != tip {
		t.Fatalf("stats %+v; node: %d blocks, %d txs, %d outputs", st, tip+1, s.txs, s.outputs)
	}
	if ms := multisigNames(s.ref); len(ms) != 1 {
		t.Fatalf("multisig addresses %v, want one", ms)
	}
	v.checkRef("ltc", s.ref)
	checkWallets(t, v, n, map[string]string{c.Payees[0]: "w2", c.Payees[1]: "w2", c.Payees[2]: "w2", c.Sink: "w3", c.Out: "w5"})
	checkLtcTx(t, v, n, s, c.Multi, 4)
	checkLtcTx(t, v, n, s, c.Bare, 1)
	checkLtcTx(t, v, n, s, c.BareOut, 1) // its input is the multisig output
	checkMWEB(t, v, n, s, c)
	checkLtcETL(t, v, s)
	t.Logf("%d blocks, %d txs, %d outputs, %d addresses compared", tip+1, s.txs, s.outputs, len(s.ref.totals))
	checkMWEBReorg(t, v, n, c)
}

// checkMWEBReorg drops the node's two newest MWEB blocks (invalidateblock),
// mines a longer branch with a new peg-in, and ingests again: the two
// blocks (with their HogEx transactions) are rolled back and the store
// equals a fresh ingest of the node's final chain.
func checkMWEBReorg(t *testing.T, v *vigil, n *ltctest.Node, c ltctest.Chain) {
	t.Helper()
	tip := n.Tip()
	old := n.BlockAt(tip)
	n.Invalidate(tip - 1)
	pegin := n.Pay("w3", n.NewAddress("w6", "mweb"), 300000000) // w3 holds no MWEB coins
	n.Generate(3, c.Miner)
	var res struct {
		Reorgs     int   `json:"reorgs"`
		RolledBack int64 `json:"blocks_rolled_back"`
		Blocks     int64 `json:"blocks_written"`
	}
	v.json(&res, "ingest", "rpc", "--chain", "ltc", "--url", n.URL, "--quiet")
	if res.Reorgs != 1 || res.RolledBack != 2 || res.Blocks != 3 {
		t.Fatalf("after the MWEB reorg: %+v", res)
	}
	hog := old.Txs[len(old.Txs)-1].Txid
	if code, _, _ := v.run("tx", "--chain", "ltc", hog); code != 1 {
		t.Fatalf("the orphaned HogEx %s is still in the store", hog)
	}
	s := scanLtc(t, n)
	v.checkRef("ltc", s.ref)
	checkLtcTx(t, v, n, s, pegin, 1)
	fresh := newVigil(t)
	ingestLtc(t, fresh, n)
	var addrs []string
	for _, a := range s.ref.addrs() {
		addrs = append(addrs, "ltc:"+a)
	}
	if got, want := v.snapshot(addrs...), fresh.snapshot(addrs...); got != want {
		t.Fatalf("store after the MWEB reorg differs from a fresh ingest:\n%s\n%s", got, want)
	}
}

// checkWallets compares vigil's totals of wallet addresses with what the
// owning wallet says: getreceivedbyaddress and the sum of listunspent.
func checkWallets(t *testing.T, v *vigil, n *ltctest.Node, owner map[string]string) {
	t.Helper()
	for addr, w := range owner {
		var recv json.Number
		n.Wallet(w, &recv, "getreceivedbyaddress", addr, 1)
		var unspent []struct {
			Amount json.Number `json:"amount"`
		}
		n.Wallet(w, &unspent, "listunspent", 1, 9999999, []string{addr})
		var bal uint64
		for _, u := range unspent {
			bal += ltctest.Sat(u.Amount)
		}
		d := v.addresses("ltc", []string{addr})[0]
		if len(d.Received) != 1 || d.Received[0].Amount != strconv.FormatUint(ltctest.Sat(recv), 10) ||
			len(d.Balances) != 1 || d.Balances[0].Amount != strconv.FormatUint(bal, 10) {
			t.Errorf("address %s: vigil %s; wallet %s received %s, unspent %d", addr, renderDoc(d), w, recv, bal)
		}
	}
}

// ltcTxDoc is `vigil tx --json` of a UTXO transaction.
type ltcTxDoc struct {
	Block  uint64 `json:"block"`
	Inputs []struct {
		Tx      string `json:"spent_transaction_hash"`
		N       uint32 `json:"spent_output_index"`
		Address string `json:"address"`
		Value   string `json:"value"`
	} `json:"inputs"`
	Outputs []struct {
		Index   uint32 `json:"index"`
		Address string `json:"address"`
		Value   string `json:"value"`
	} `json:"outputs"`
}

// checkLtcTx compares `vigil tx` with getrawtransaction: block, every
// input (with the spent output's address and value from the node) and
// every output.
func checkLtcTx(t *testing.T, v *vigil, n *ltctest.Node, s *ltcNode, txid string, minInputs int) {
	t.Helper()
	var d ltcTxDoc
	v.json(&d, "tx", "--chain", "ltc", txid)
	want := n.Transaction(txid)
	if d.Block != s.blockOf[txid] || len(d.Inputs) != len(want.Vin) || len(d.Inputs) < minInputs || len(d.Outputs) != len(want.Vout) {
		t.Fatalf("tx %s: vigil %+v; node block %d, %d inputs, %d outputs", txid, d, s.blockOf[txid], len(want.Vin), len(want.Vout))
	}
	for i, in := range want.Vin {
		spent := n.Transaction(in.Txid).Vout[in.Vout]
		g := d.Inputs[i]
		if g.Tx != in.Txid || g.N != in.Vout || g.Address != ltcAddr(spent.ScriptPubKey) || g.Value != strconv.FormatUint(ltctest.Sat(spent.Value), 10) {
			t.Errorf("tx %s input %d: vigil %+v; node %s:%d %s %s", txid, i, g, in.Txid, in.Vout, ltcAddr(spent.ScriptPubKey), spent.Value)
		}
	}
	for i, o := range want.Vout {
		g := d.Outputs[i]
		if g.Index != o.N || g.Address != ltcAddr(o.ScriptPubKey) || g.Value != strconv.FormatUint(ltctest.Sat(o.Value), 10) {
			t.Errorf("tx %s output %d: vigil %+v; node %d %s %s", txid, i, g, o.N, ltcAddr(o.ScriptPubKey), o.Value)
		}
	}
}

// checkMWEB checks what vigil sees of MWEB: the peg-in transaction pays a
// nonstandard address (its witness_mweb_pegin script), the HogEx of the
// block spends it into the next MWEB pool address, the peg-out and the
// payment inside MWEB are in no block (vigil tx: not found) and the
// peg-out's canonical output is an output of a later HogEx.
func checkMWEB(t *testing.T, v *vigil, n *ltctest.Node, s *ltcNode, c ltctest.Chain) {
	t.Helper()
	if h := s.blockOf[c.PegIn]; h < c.MWEBFrom || c.MWEBFrom != 432 {
		t.Fatalf("peg-in in block %d, MWEB from %d", h, c.MWEBFrom)
	}
	checkLtcTx(t, v, n, s, c.PegIn, 1)
	for _, h := range []string{c.PegOut, c.MWEBOnly} {
		if code, _, errs := v.run("tx", "--chain", "ltc", h); code != 1 {
			t.Errorf("vigil tx %s (MWEB, in no block): exit %d, %s", h, code, errs)
		}
	}
	hogexes := 0
	for h := c.MWEBFrom; h <= n.Tip(); h++ {
		b := n.BlockAt(h)
		hog := b.Txs[len(b.Txs)-1] // the HogEx is the last transaction
		if hog.Vout[0].ScriptPubKey.Type != "witness_mweb_hogaddr" {
			t.Fatalf("block %d: last tx %s is not a HogEx", h, hog.Txid)
		}
		checkLtcTx(t, v, n, s, hog.Txid, 1)
		hogexes++
	}
	d := v.addresses("ltc", []string{c.Out})[0]
	if len(d.Received) != 1 || d.Received[0].Amount != "200000000" {
		t.Errorf("peg-out address %s: %s", c.Out, renderDoc(d))
	}
	t.Logf("%d HogEx transactions compared", hogexes)
}

// checkLtcETL writes the node's chain as bitcoin-etl exports it and
// checks that `vigil ingest bitcoin-etl --chain ltc` of it reads the same
// as the RPC ingest: stats, every address, and every transaction but the
// coinbases between the first and the last block.
func checkLtcETL(t *testing.T, rpc *vigil, s *ltcNode) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "transactions.json")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	enc := json.NewEncoder(f)
	var txids []string
	for h, b := range s.blocks {
		for i, tx := range b.Txs {
			e := etlTx{Hash: tx.Txid, Block: uint64(h), Time: b.Time, Index: i, Inputs: []etlIO{}, Outputs: []etlIO{}}
			for _, in := range tx.Vin {
				if in.Coinbase != "" {
					e.Coinbase = true
					continue
				}
				o, vout := s.outs[in.Txid+":"+strconv.Itoa(int(in.Vout))], in.Vout
				e.Inputs = append(e.Inputs, etlIO{Index: uint32(len(e.Inputs)), SpentTx: in.Txid, SpentIdx: &vout, Addrs: o.Addrs, Value: o.Value})
			}
			for _, o := range tx.Vout {
				e.Outputs = append(e.Outputs, etlIO{Index: o.N, Addrs: etlAddrs(o.ScriptPubKey), Value: ltctest.Sat(o.Value)})
			}
			if err := enc.Encode(e); err != nil {
				t.Fatal(err)
			}
			if !e.Coinbase || h == 0 || h == len(s.blocks)-1 {
				txids = append(txids, tx.Txid) // compared one by one below
			}
		}
	}
	f.Close()
	file := newVigil(t)
	file.ok("ingest", "bitcoin-etl", "--chain", "ltc", path, "--quiet")
	var addrs []string
	for _, a := range s.ref.addrs() {
		addrs = append(addrs, "ltc:"+a)
	}
	if got, want := rpc.snapshot(addrs...), file.snapshot(addrs...); got != want {
		t.Fatalf("rpc and bitcoin-etl ingests differ:\n%s\n%s", got, want)
	}
	for _, h := range txids {
		_, a, _ := rpc.run("tx", "--chain", "ltc", h, "--json")
		_, b, _ := file.run("tx", "--chain", "ltc", h, "--json")
		if a != b || a == "" {
			t.Fatalf("tx %s:\nrpc %s\netl %s", h, a, b)
		}
	}
}

// TestIngestRPCLtcFollowReorg runs `vigil ingest rpc --chain ltc --follow`
// as a process against litecoind: it picks up newly mined blocks, then the
// node drops its two newest blocks (invalidateblock; one holds a payment)
// and mines a longer branch where the payment lands one block later. The
// follower rolls back, ingests the branch, stops cleanly on SIGTERM, and
// its store equals a fresh ingest of the node's final chain.
func TestIngestRPCLtcFollowReorg(t *testing.T) {
	n := ltctest.Start(t)
	miner, other := n.NewAddress("w", "bech32"), n.NewAddress("w3", "legacy")
	n.Generate(101, miner)
	v := newVigil(t)
	p := startVigil(t, v.data, "ingest", "rpc", "--chain", "ltc", "--url", n.URL, "--follow", "--poll", "50ms", "--json")
	p.waitStderr(t, "block 101 of 101")
	payee := n.NewAddress("w2", "p2sh-segwit")
	tx := n.Pay("w", payee, 300000000)
	n.Generate(1, miner)
	p.waitStderr(t, "block 102 of 102")
	n.Generate(1, miner)
	p.waitStderr(t, "block 103 of 103")
	n.Invalidate(102) // the payment goes back to the mempool
	n.GenerateEmpty(other)
	n.Generate(2, other) // 102' empty, 103' with the payment, 104'
	p.waitStderr(t, "rolled back blocks 102..103")
	p.waitStderr(t, "block 104 of 104")
	p.cmd.Process.Signal(syscall.SIGTERM)
	if code := p.wait(t); code != 0 {
		t.Fatalf("follower exit %d after SIGTERM:\n%s", code, p.Stderr())
	}
	s := scanLtc(t, n)
	if d := v.tx("ltc", tx); d.Block != 103 || s.blockOf[tx] != 103 {
		t.Fatalf("payment in block %d after the reorg, node %d", d.Block, s.blockOf[tx])
	}
	v.checkRef("ltc", s.ref)
	fresh := newVigil(t)
	ingestLtc(t, fresh, n)
	var addrs []string
	for _, a := range append(s.ref.addrs(), miner, other, payee) {
		addrs = append(addrs, "ltc:"+a)
	}
	if got, want := v.snapshot(addrs...), fresh.snapshot(addrs...); got != want {
		t.Fatalf("store after the reorg differs from a fresh ingest:\n%s\n%s", got, want)
	}
	if st := v.stats()["ltc"]; st.LastBlock != 104 || st.Blocks != 105 {
		t.Fatalf("stats after follow: %+v", st)
	}
}

// TestIngestRPCLtcCookie authenticates with litecoind's cookie file
// (--rpc-cookie, "__cookie__:<hex>"): the ingest equals the node; a wrong
// cookie is refused (exit 1) without printing the password or storing
// anything.
func TestIngestRPCLtcCookie(t *testing.T) {
	n := ltctest.StartWith(t, ltctest.Options{Cookie: true})
	miner := n.NewAddress("w", "bech32")
	n.Generate(101, miner)
	n.Pay("w", n.NewAddress("w2", "legacy"), 100000000)
	n.Generate(1, miner)
	bad := filepath.Join(t.TempDir(), "cookie")
	writeFile(t, bad, []byte("__cookie__:0123456789abcdef\n"))
	v := newVigil(t)
	code, out, errs := v.run("ingest", "rpc", "--chain", "ltc", "--url", n.URL, "--rpc-cookie", bad, "--quiet")
	if code != 1 || strings.Contains(out+errs, "0123456789abcdef") {
		t.Fatalf("wrong cookie: exit %d, stdout %q, stderr %q", code, out, errs)
	}
	if st, ok := v.stats()["ltc"]; ok && st.Blocks != 0 {
		t.Fatalf("a refused ingest stored %+v", st)
	}
	v.ok("ingest", "rpc", "--chain", "ltc", "--url", n.URL, "--rpc-cookie", n.CookieFile(), "--quiet")
	s := scanLtc(t, n)
	if st := v.stats()["ltc"]; st.Blocks != 103 || st.Transactions != s.txs || st.Transfers != s.outputs {
		t.Fatalf("stats %+v; node: 103 blocks, %d txs, %d outputs", st, s.txs, s.outputs)
	}
	v.checkRef("ltc", s.ref)
	t.Logf("wrong cookie: %s", strings.TrimSpace(errs))
}

// ltcFanChain mines on litecoind 20 blocks of 5 sendmany transactions
// paying 100 outputs each (to 200 reused addresses), then blocks of
// 20-input spends gathering them again. It returns the tip.
func ltcFanChain(b *testing.B, n *ltctest.Node) uint64 {
	miner := n.NewAddress("w", "bech32")
	n.Generate(120, miner)
	payees := make([]string, 200)
	for i := range payees {
		payees[i] = n.NewAddress("w2", []string{"legacy", "p2sh-segwit", "bech32"}[i%3])
	}
	for round := 0; round < 20; round++ {
		for k := 0; k < 5; k++ {
			to := map[string]uint64{}
			for i := 0; i < 100; i++ {
				to[payees[(round*500+k*100+i)%200]] = 1000000 + uint64(i)
			}
			n.PayMany("w", to)
		}
		n.Generate(1, miner)
	}
	sink := n.NewAddress("w3", "bech32")
	coins := n.Unspent("w2")
	for i := 0; len(coins) >= 20; i++ {
		n.Spend("w2", coins[:20], sink, 50000)
		coins = coins[20:]
		if i%50 == 49 {
			n.Generate(1, miner)
		}
	}
	n.Generate(1, miner)
	return n.Tip()
}

// BenchmarkIngestRPCLitecoind measures a backfill of a whole local
// litecoind regtest chain (152 blocks, 11,000 transfers) through
// `vigil ingest rpc --chain ltc` into a fresh store, and, as the
// baseline, the node alone: the same blocks read and converted, not
// stored.
func BenchmarkIngestRPCLitecoind(b *testing.B) {
	n := ltctest.Start(b)
	benchIngestRPC(b, "ltc", n.URL, ltcFanChain(b, n))
}
