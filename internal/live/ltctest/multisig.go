package ltctest

import (
	"encoding/hex"
	"strings"
)

// PayBareMultisig pays the whole of wallet w's output in (less fee) to a
// bare 1-of-2 multisig script of two new legacy keys of w (createrawtransaction
// has no script outputs, so the P2PKH script of the first key is swapped
// for the multisig script before signing). It returns the txid and the
// multisig output as an Unspent with its script.
func (n *Node) PayBareMultisig(w string, in Unspent, fee uint64) (string, Unspent, string) {
	n.t.Helper()
	a1, a2 := n.NewAddress(w, "legacy"), n.NewAddress(w, "legacy")
	var i1, i2 struct {
		PubKey string `json:"pubkey"`
		Script string `json:"scriptPubKey"`
	}
	n.Wallet(w, &i1, "getaddressinfo", a1)
	n.Wallet(w, &i2, "getaddressinfo", a2)
	ms := "5121" + i1.PubKey + "21" + i2.PubKey + "52ae" // 1 <k1> <k2> 2 CHECKMULTISIG
	value := uint64(in.Amount*1e8+0.5) - fee
	var raw string
	n.Wallet(w, &raw, "createrawtransaction", []map[string]any{{"txid": in.Txid, "vout": *in.Vout}}, map[string]string{a1: Coins(value)})
	old := "19" + i1.Script
	if strings.Count(raw, old) != 1 || len(i1.PubKey) != 66 || len(i2.PubKey) != 66 {
		n.t.Fatalf("cannot place a multisig script in %s", raw)
	}
	raw = strings.Replace(raw, old, hex.EncodeToString([]byte{byte(len(ms) / 2)})+ms, 1)
	txid := n.fundSignSend(w, raw, false)
	zero := uint32(0)
	return txid, Unspent{Txid: txid, Vout: &zero, Amount: float64(value) / 1e8}, ms
}

// SpendScript spends output u (whose script is scriptHex, signed by
// wallet w's keys) to addr, less fee, and returns the txid.
func (n *Node) SpendScript(w string, u Unspent, scriptHex, addr string, fee uint64) string {
	n.t.Helper()
	value := uint64(u.Amount*1e8+0.5) - fee
	var raw string
	n.Wallet(w, &raw, "createrawtransaction", []map[string]any{{"txid": u.Txid, "vout": *u.Vout}}, map[string]string{addr: Coins(value)})
	prev := []map[string]any{{"txid": u.Txid, "vout": *u.Vout, "scriptPubKey": scriptHex, "amount": Coins(uint64(u.Amount*1e8 + 0.5))}}
	var s struct {
		Hex      string `json:"hex"`
		Complete bool   `json:"complete"`
	}
	n.Wallet(w, &s, "signrawtransactionwithwallet", raw, prev)
	if !s.Complete {
		n.t.Fatalf("litecoind could not sign the spend of %s:%d", u.Txid, *u.Vout)
	}
	var txid string
	n.Call(&txid, "sendrawtransaction", s.Hex)
	return txid
}
