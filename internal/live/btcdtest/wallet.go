package btcdtest

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"math/big"
)

// Coin is a spendable output: anyone who shows Redeem spends it.
type Coin struct {
	Txid   string
	Vout   uint32
	Value  uint64 // satoshi
	Redeem []byte
}

// Out is an output to create: to the P2SH address of Redeem, or, with
// Data set, an OP_RETURN carrying it.
type Out struct {
	Redeem []byte
	Data   []byte
	Value  uint64
}

// Redeem returns the redeem script of "key" i: push i, OP_DROP, OP_TRUE.
func Redeem(i uint32) []byte {
	b := binary.LittleEndian.AppendUint32(nil, i)
	return append(append([]byte{4}, b...), 0x75, 0x51)
}

// Addr returns the simnet P2SH address of a redeem script, as the node
// names it.
func (n *Node) Addr(redeem []byte) string {
	n.t.Helper()
	var r struct {
		P2SH string `json:"p2sh"`
	}
	n.Call(&r, "decodescript", hex.EncodeToString(redeem))
	return r.P2SH
}

// p2shScript is OP_HASH160 <hash160 of the address> OP_EQUAL.
func (n *Node) p2shScript(redeem []byte) []byte {
	if s, ok := n.scripts[string(redeem)]; ok {
		return s
	}
	h := base58Hash(n.Addr(redeem))
	s := append(append([]byte{0xa9, 0x14}, h...), 0x87)
	if n.scripts == nil {
		n.scripts = map[string][]byte{}
	}
	n.scripts[string(redeem)] = s
	return s
}

// base58Hash decodes a base58check address to its 20-byte hash.
func base58Hash(s string) []byte {
	const alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
	v := new(big.Int)
	for _, c := range s {
		v.Mul(v, big.NewInt(58))
		v.Add(v, big.NewInt(int64(bytes.IndexRune([]byte(alphabet), c))))
	}
	b := v.Bytes() // version, hash, checksum (version > 0 here)
	return b[len(b)-24 : len(b)-4]
}

// Spend builds, sends and returns the txid of a transaction spending
// coins to outs (the rest is the fee). It returns the new coins.
func (n *Node) Spend(coins []Coin, outs []Out) (string, []Coin) {
	n.t.Helper()
	var tx []byte
	tx = binary.LittleEndian.AppendUint32(tx, 1)
	tx = appendVarint(tx, len(coins))
	for _, c := range coins {
		id, _ := hex.DecodeString(c.Txid)
		for i := len(id) - 1; i >= 0; i-- {
			tx = append(tx, id[i])
		}
		tx = binary.LittleEndian.AppendUint32(tx, c.Vout)
		tx = append(tx, byte(len(c.Redeem)+1), byte(len(c.Redeem)))
		tx = append(tx, c.Redeem...)
		tx = binary.LittleEndian.AppendUint32(tx, 0xffffffff)
	}
	tx = appendVarint(tx, len(outs))
	for _, o := range outs {
		tx = binary.LittleEndian.AppendUint64(tx, o.Value)
		var script []byte
		if o.Data != nil {
			script = append([]byte{0x6a, byte(len(o.Data))}, o.Data...)
		} else {
			script = n.p2shScript(o.Redeem)
		}
		tx = append(tx, byte(len(script)))
		tx = append(tx, script...)
	}
	tx = binary.LittleEndian.AppendUint32(tx, 0)
	var txid string
	n.Call(&txid, "sendrawtransaction", hex.EncodeToString(tx))
	if want := txidOf(tx); want != txid {
		n.t.Fatalf("node txid %s, computed %s", txid, want)
	}
	var made []Coin
	for i, o := range outs {
		if o.Data == nil {
			made = append(made, Coin{Txid: txid, Vout: uint32(i), Value: o.Value, Redeem: o.Redeem})
		}
	}
	return txid, made
}

func txidOf(tx []byte) string {
	a := sha256.Sum256(tx)
	b := sha256.Sum256(a[:])
	for i, j := 0, 31; i < j; i, j = i+1, j-1 {
		b[i], b[j] = b[j], b[i]
	}
	return hex.EncodeToString(b[:])
}

// CoinbaseOf returns the miner's coin of block h (mature after 100 blocks).
func (n *Node) CoinbaseOf(h uint64) Coin {
	b := n.BlockAt(h)
	cb := b.Txs[0]
	return Coin{Txid: cb.Txid, Vout: 0, Value: uint64(cb.Vout[0].Value*1e8 + 0.5), Redeem: MinerRedeem}
}

// appendVarint appends a Bitcoin CompactSize.
func appendVarint(b []byte, n int) []byte {
	if n < 0xfd {
		return append(b, byte(n))
	}
	return binary.LittleEndian.AppendUint16(append(b, 0xfd), uint16(n))
}
