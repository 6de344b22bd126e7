package ltctest

// pegoutMaturity is the depth at which a peg-out (an output of a HogEx)
// becomes spendable; the wallet lists it as unspent only then.
const pegoutMaturity = 6

// Chain names what Build made on a node.
type Chain struct {
	Miner    string   // bech32 address of wallet "w" that mines every block
	Payees   []string // addresses of wallet "w2": legacy, p2sh-segwit, bech32
	Change   string   // txid of a payment with change (w -> legacy payee)
	Many     string   // txid of a sendmany to the three payees
	Data     string   // txid of a payment with an OP_RETURN output
	Multi    string   // txid spending every output of w2 (several inputs)
	Sink     string   // legacy address of wallet "w3" that Multi pays
	Bare     string   // txid paying a bare 1-of-2 multisig output of w
	BareOut  string   // txid spending that multisig output to Sink
	PegIn    string   // txid of a payment from w into MWEB (wallet "w4")
	PegOut   string   // txid of w4's MWEB-to-canonical payment (not in any block)
	MWEBOnly string   // txid of w4's payment inside MWEB (not in any block)
	Out      string   // legacy address of wallet "w5" that PegOut pays
	MWEBFrom uint64   // height of the first MWEB block (0: MWEB not reached)
}

// Build mines a chain of ordinary payments (legacy, P2SH-segwit and
// bech32 addresses, change, several outputs, an OP_RETURN, a spend of
// several inputs, a bare multisig output and its spend) and, when mweb is
// set, continues past MWEB activation
// (height 432 on regtest) with a peg-in, a peg-out and a payment inside
// MWEB, then mines until the peg-out is mature. Every transaction is
// confirmed when Build returns.
func Build(n *Node, mweb bool) Chain {
	n.t.Helper()
	c := Chain{Miner: n.NewAddress("w", "bech32")}
	n.Generate(101, c.Miner)
	for _, kind := range []string{"legacy", "p2sh-segwit", "bech32"} {
		c.Payees = append(c.Payees, n.NewAddress("w2", kind))
	}
	c.Change = n.Pay("w", c.Payees[0], 150000000)
	c.Many = n.PayMany("w", map[string]uint64{c.Payees[0]: 25000000, c.Payees[1]: 200000000, c.Payees[2]: 312500000})
	c.Data = n.PayData("w", c.Payees[2], 50000000, []byte("vigil ltc"))
	n.Generate(1, c.Miner)
	c.Sink = n.NewAddress("w3", "legacy")
	c.Multi = n.Spend("w2", n.Unspent("w2"), c.Sink, 20000)
	var ms Unspent
	var script string
	c.Bare, ms, script = n.PayBareMultisig("w", n.matureCoin("w"), 30000)
	n.Generate(1, c.Miner)
	c.BareOut = n.SpendScript("w", ms, script, c.Sink, 20000)
	n.Generate(2, c.Miner)
	if !mweb {
		return c
	}
	c.MWEBFrom = n.MineToMWEB(c.Miner)
	c.PegIn = n.Pay("w", n.NewAddress("w4", "mweb"), 500000000)
	n.Generate(1, c.Miner)
	c.Out = n.NewAddress("w5", "legacy")
	c.PegOut = n.Pay("w4", c.Out, 200000000)
	c.MWEBOnly = n.Pay("w4", n.NewAddress("w5", "mweb"), 100000000)
	n.Generate(1+pegoutMaturity, c.Miner)
	return c
}

// matureCoin returns a confirmed output of wallet w holding at least
// 1 coin that no transaction in the mempool spends (listunspent leaves
// those out).
func (n *Node) matureCoin(w string) Unspent {
	n.t.Helper()
	for _, u := range n.Unspent(w) {
		if u.Vout != nil && u.Amount >= 1 {
			return u
		}
	}
	n.t.Fatalf("wallet %s has no confirmed output of 1 coin", w)
	return Unspent{}
}
