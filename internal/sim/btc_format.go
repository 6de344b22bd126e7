package sim

import (
	"crypto/sha256"
	"encoding/binary"
	"strconv"
)

// btcFmt formats bitcoin-etl transaction lines into buf. Several may run
// at once on different transactions: they only read the address table
// (every address used is rendered before).
type btcFmt struct {
	tab *btcAddrs
	d   ids
	buf []byte
	bh  []byte // hex of the block hash
	sig [70]byte
}

func (w *btcFmt) str(s string) { w.buf = append(w.buf, s...) }

func (w *btcFmt) uint(v uint64) { w.buf = strconv.AppendUint(w.buf, v, 10) }

// format appends the lines of transactions [from, to) of b.
func (w *btcFmt) format(b *bblock, from, to int, num, ts uint64, bh []byte, sizes [][2]int) {
	w.bh = bh
	for i := from; i < to; i++ {
		w.txLine(&b.txs[i], num, ts, uint64(i), sizes[i][0], sizes[i][1])
	}
}

func (w *btcFmt) txLine(t *btx, num, ts, idx uint64, size, vsize int) {
	w.str(`{"hash": "`)
	w.buf = rawHex(w.buf, t.h[:])
	w.str(`", "size": `)
	w.uint(uint64(size))
	w.str(`, "virtual_size": `)
	w.uint(uint64(vsize))
	w.str(`, "version": 2, "lock_time": `)
	w.uint(uint64(t.lock))
	w.str(`, "block_number": `)
	w.uint(num)
	w.str(`, "block_hash": "`)
	w.buf = append(w.buf, w.bh...)
	w.str(`", "block_timestamp": `)
	w.uint(ts)
	if t.cb {
		w.str(`, "is_coinbase": true, "index": `)
	} else {
		w.str(`, "is_coinbase": false, "index": `)
	}
	w.uint(idx)
	w.str(`, "inputs": [`)
	for i := range t.ins {
		if i > 0 {
			w.str(", ")
		}
		w.input(t, i)
	}
	w.str(`], "outputs": [`)
	for i := range t.outs {
		if i > 0 {
			w.str(", ")
		}
		w.output(t, i, num)
	}
	w.str(`], "input_count": `)
	w.uint(uint64(len(t.ins)))
	w.str(`, "output_count": `)
	w.uint(uint64(len(t.outs)))
	w.str(`, "input_value": `)
	w.uint(t.inValue())
	w.str(`, "output_value": `)
	w.uint(t.outValue())
	w.str(`, "fee": `)
	w.uint(t.fee())
	w.str("}\n")
}

func (w *btcFmt) input(t *btx, i int) {
	in := &t.ins[i]
	e := &w.tab.ents[in.a]
	w.str(`{"index": `)
	w.uint(uint64(i))
	w.str(`, "spent_transaction_hash": "`)
	w.buf = rawHex(w.buf, in.h[:])
	w.str(`", "spent_output_index": `)
	w.uint(uint64(in.n))
	switch e.kind {
	case kWPKH:
		w.str(`, "script_asm": "", "script_hex": "", "sequence": `)
	case kSH:
		var wk [20]byte // the key hash the redeem script wraps
		w.tab.hash160(&wk, int(in.a), 4)
		w.str(`, "script_asm": "0014`)
		w.buf = rawHex(w.buf, wk[:])
		w.str(`", "script_hex": "160014`)
		w.buf = rawHex(w.buf, wk[:])
		w.str(`", "sequence": `)
	default:
		w.scriptSig(t, i, in.a)
	}
	w.uint(uint64(t.seq))
	w.str(", ")
	w.str(kindTail[e.kind])
	w.buf = append(w.buf, e.text[:e.n]...)
	w.str(`"], "value": `)
	w.uint(in.v)
	w.str("}")
}

// scriptSig writes a P2PKH input's signature and public key.
func (w *btcFmt) scriptSig(t *btx, i int, a baddr) {
	s := w.sig[:]
	// DER: 30 44 02 20 <r> 02 20 <s>, then the public key.
	s[0], s[1], s[2], s[3] = 0x30, 0x44, 0x02, 0x20
	for k := 0; k < 4; k++ {
		binary.BigEndian.PutUint64(s[4+8*k:], w.d.word(tagBtcSig, binary.BigEndian.Uint64(t.h[:])^uint64(i), uint64(k)))
		binary.BigEndian.PutUint64(s[38+8*k:], w.d.word(tagBtcSig, binary.BigEndian.Uint64(t.h[8:])^uint64(i), uint64(k)))
	}
	s[4] &= 0x7f
	s[36], s[37] = 0x02, 0x20
	s[38] &= 0x7f
	var pub [33]byte
	w.tab.pubKey(&pub, a)
	w.str(`, "script_asm": "`)
	w.buf = rawHex(w.buf, s)
	w.str(`[ALL] `)
	w.buf = rawHex(w.buf, pub[:])
	w.str(`", "script_hex": "47`)
	w.buf = rawHex(w.buf, s)
	w.str(`0121`)
	w.buf = rawHex(w.buf, pub[:])
	w.str(`", "sequence": `)
}

func (w *btcFmt) output(t *btx, i int, num uint64) {
	o := &t.outs[i]
	w.str(`{"index": `)
	w.uint(uint64(i))
	w.str(", ")
	if o.a == commitAddr {
		w.commitment(num)
	} else {
		e := &w.tab.ents[o.a]
		w.str(kindPre[e.kind])
		w.buf = rawHex(w.buf, e.h[:])
		w.str(kindMid[e.kind])
		w.buf = rawHex(w.buf, e.h[:])
		w.str(kindPost[e.kind])
		w.buf = append(w.buf, e.text[:e.n]...)
		w.str(`"], "value": `)
	}
	w.uint(o.v)
	w.str("}")
}

// commitment writes the witness commitment output of block num's coinbase
// the way bitcoin-etl writes an output without an address: type
// nonstandard and "nonstandard" + the first 40 hex digits of the script's
// SHA-256 as its address.
func (w *btcFmt) commitment(num uint64) {
	c := w.d.hash(tagBtcCommit, num)
	script := append([]byte{0x6a, 0x24, 0xaa, 0x21, 0xa9, 0xed}, c[:]...)
	sum := sha256.Sum256(script)
	w.str(`"script_asm": "OP_RETURN aa21a9ed`)
	w.buf = rawHex(w.buf, c[:])
	w.str(`", "script_hex": "`)
	w.buf = rawHex(w.buf, script)
	w.str(`", "required_signatures": null, "type": "nonstandard", "addresses": ["nonstandard`)
	w.buf = rawHex(w.buf, sum[:20])
	w.str(`"], "value": `)
}
