package ltctest

import (
	"encoding/json"
	"math/big"
	"strings"
)

// Block is the part of getblock (verbosity 2) tests compare with.
type Block struct {
	Hash   string          `json:"hash"`
	Height uint64          `json:"height"`
	Prev   string          `json:"previousblockhash"`
	Time   int64           `json:"time"`
	Txs    []Tx            `json:"tx"`
	MWEB   json.RawMessage `json:"mweb"` // the MWEB block body once MWEB is active
}

// Tx is a transaction of a Block or of getrawtransaction (verbose).
type Tx struct {
	Txid string `json:"txid"`
	Vin  []Vin  `json:"vin"`
	Vout []Vout `json:"vout"`
}

// Vin is an input: coinbase, a spent output, or (IsMWEB) an MWEB input
// that names only its output_id.
type Vin struct {
	IsMWEB   bool   `json:"ismweb"`
	Coinbase string `json:"coinbase"`
	Txid     string `json:"txid"`
	Vout     uint32 `json:"vout"`
}

// Vout is an output; MWEB outputs (IsMWEB) have no value and no script.
type Vout struct {
	IsMWEB       bool        `json:"ismweb"`
	Value        json.Number `json:"value"`
	N            uint32      `json:"n"`
	ScriptPubKey Script      `json:"scriptPubKey"`
}

// Script is an output script with the node's address fields (Litecoin
// Core 0.21 names them "addresses"; Bitcoin Core 22+ "address").
type Script struct {
	Hex       string   `json:"hex"`
	Type      string   `json:"type"`
	Address   string   `json:"address"`
	Addresses []string `json:"addresses"`
}

// Addr returns the script's address as bitcoin-etl names it: the
// address, "multisig:" + several joined by ",", or "" (none).
func (s Script) Addr() string {
	if s.Address != "" {
		return s.Address
	}
	if len(s.Addresses) > 1 {
		return "multisig:" + strings.Join(s.Addresses, ",")
	}
	return strings.Join(s.Addresses, ",")
}

// Sat converts a decimal coin amount to satoshi (litoshi) exactly; it
// panics on anything else (the node's own output).
func Sat(v json.Number) uint64 {
	r, ok := new(big.Rat).SetString(string(v))
	if !ok {
		panic("ltctest: bad amount " + string(v))
	}
	r.Mul(r, big.NewRat(100000000, 1))
	if !r.IsInt() || r.Sign() < 0 {
		panic("ltctest: bad amount " + string(v))
	}
	return r.Num().Uint64()
}

// Tip returns the block count.
func (n *Node) Tip() uint64 {
	var h uint64
	n.Call(&h, "getblockcount")
	return h
}

// BlockAt returns block h of the best chain (getblock verbosity 2).
func (n *Node) BlockAt(h uint64) Block {
	n.t.Helper()
	var hash string
	n.Call(&hash, "getblockhash", h)
	var b Block
	n.Call(&b, "getblock", hash, 2)
	return b
}

// RawBlock returns the node's getblock answer for block h at verbosity v,
// as the node sent it.
func (n *Node) RawBlock(h uint64, v int) json.RawMessage {
	n.t.Helper()
	var hash string
	n.Call(&hash, "getblockhash", h)
	var raw json.RawMessage
	n.Call(&raw, "getblock", hash, v)
	return raw
}

// Transaction returns getrawtransaction (verbose) of txid (the node runs
// with -txindex).
func (n *Node) Transaction(txid string) Tx {
	n.t.Helper()
	var tx Tx
	n.Call(&tx, "getrawtransaction", txid, true)
	return tx
}

// Invalidate marks the block at height h and its descendants invalid
// (invalidateblock): the node's tip goes back to h-1.
func (n *Node) Invalidate(h uint64) {
	n.t.Helper()
	var hash string
	n.Call(&hash, "getblockhash", h)
	n.Call(nil, "invalidateblock", hash)
}
