package ltctest

import (
	"encoding/hex"
	"fmt"
)

// Coins formats a satoshi amount as the decimal coin string RPC takes.
func Coins(sat uint64) string { return fmt.Sprintf("%d.%08d", sat/1e8, sat%1e8) }

// NewAddress returns a new address of wallet w of kind "legacy",
// "p2sh-segwit", "bech32" or "mweb".
func (n *Node) NewAddress(w, kind string) string {
	n.t.Helper()
	var a string
	n.Wallet(w, &a, "getnewaddress", "", kind)
	return a
}

// Generate mines k blocks to addr and returns their hashes.
func (n *Node) Generate(k int, addr string) []string {
	n.t.Helper()
	var out []string
	n.Call(&out, "generatetoaddress", k, addr)
	return out
}

// GenerateEmpty mines one block to addr holding no transactions but the
// coinbase (generateblock), leaving the mempool as it is.
func (n *Node) GenerateEmpty(addr string) string {
	n.t.Helper()
	var out struct {
		Hash string `json:"hash"`
	}
	n.Call(&out, "generateblock", addr, []string{})
	return out.Hash
}

// Pay sends sat to addr from wallet w (the wallet picks inputs and adds
// change) and returns the txid.
func (n *Node) Pay(w, addr string, sat uint64) string {
	n.t.Helper()
	var txid string
	n.Wallet(w, &txid, "sendtoaddress", addr, Coins(sat))
	return txid
}

// PayMany sends to several addresses in one transaction (sendmany).
func (n *Node) PayMany(w string, to map[string]uint64) string {
	n.t.Helper()
	amounts := map[string]string{}
	for a, v := range to {
		amounts[a] = Coins(v)
	}
	var txid string
	n.Wallet(w, &txid, "sendmany", "", amounts)
	return txid
}

// PayData sends sat to addr with an OP_RETURN output carrying data
// (createrawtransaction with a "data" output, then fundrawtransaction,
// signrawtransactionwithwallet, sendrawtransaction).
func (n *Node) PayData(w, addr string, sat uint64, data []byte) string {
	n.t.Helper()
	outs := []map[string]string{{"data": hex.EncodeToString(data)}, {addr: Coins(sat)}}
	var raw string
	n.Wallet(w, &raw, "createrawtransaction", []any{}, outs)
	return n.fundSignSend(w, raw, true)
}

// Unspent is an output of listunspent.
type Unspent struct {
	Txid    string  `json:"txid"`
	Vout    *uint32 `json:"vout"` // absent on MWEB outputs
	Address string  `json:"address"`
	Amount  float64 `json:"amount"`
}

// Unspent lists wallet w's confirmed spendable outputs.
func (n *Node) Unspent(w string) []Unspent {
	n.t.Helper()
	var out []Unspent
	n.Wallet(w, &out, "listunspent", 1)
	return out
}

// Spend spends exactly the given outputs of wallet w to addr, less fee
// (a transaction with len(ins) inputs and one output), and returns its
// txid.
func (n *Node) Spend(w string, ins []Unspent, addr string, fee uint64) string {
	n.t.Helper()
	var total uint64
	var vin []map[string]any
	for _, u := range ins {
		vin = append(vin, map[string]any{"txid": u.Txid, "vout": *u.Vout})
		total += uint64(u.Amount*1e8 + 0.5)
	}
	var raw string
	n.Wallet(w, &raw, "createrawtransaction", vin, map[string]string{addr: Coins(total - fee)})
	return n.fundSignSend(w, raw, false)
}

// fundSignSend optionally funds raw from wallet w, signs it and sends it.
func (n *Node) fundSignSend(w, raw string, fund bool) string {
	n.t.Helper()
	if fund {
		var f struct {
			Hex string `json:"hex"`
		}
		n.Wallet(w, &f, "fundrawtransaction", raw)
		raw = f.Hex
	}
	var s struct {
		Hex      string `json:"hex"`
		Complete bool   `json:"complete"`
	}
	n.Wallet(w, &s, "signrawtransactionwithwallet", raw)
	if !s.Complete {
		n.t.Fatalf("litecoind could not sign %s", raw)
	}
	var txid string
	n.Call(&txid, "sendrawtransaction", s.Hex)
	return txid
}
