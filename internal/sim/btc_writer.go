package sim

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"path/filepath"
	"strconv"
)

// BtcFiles are the bitcoin-etl files Btc writes.
var BtcFiles = []string{"blocks.json", "transactions.json"}

// Block header constants of the simulated Bitcoin chain.
const (
	btcAnchorBlock = 840000     // the fourth halving
	btcAnchorTime  = 1713571767 // its timestamp; 600 s per block around it
	btcBlockVer    = 536870912  // 0x20000000 (BIP9 version bits, none set)
	btcBits        = "17034219"
	seqFinal       = 4294967295
	seqRBF         = 4294967293
)

// btcTime returns the timestamp of block num.
func btcTime(num uint64) uint64 {
	return uint64(int64(btcAnchorTime) + 600*(int64(num)-btcAnchorBlock))
}

// btcWriter formats bitcoin-etl JSON lines, one block at a time.
type btcWriter struct {
	tab    *btcAddrs
	d      ids
	txf    *asyncFile
	blf    *asyncFile
	buf    []byte
	bhHex  []byte
	sigBuf [70]byte

	blocks, txs, outputs int
}

func newBtcWriter(dir string, d ids, tab *btcAddrs) (*btcWriter, error) {
	w := &btcWriter{tab: tab, d: d, buf: make([]byte, 0, 1<<16)}
	var err error
	if w.blf, err = createAsync(filepath.Join(dir, BtcFiles[0])); err != nil {
		return nil, err
	}
	if w.txf, err = createAsync(filepath.Join(dir, BtcFiles[1])); err != nil {
		w.blf.close()
		return nil, err
	}
	return w, nil
}

func (w *btcWriter) close() error {
	return errors.Join(w.blf.close(), w.txf.close())
}

func (w *btcWriter) str(s string) { w.buf = append(w.buf, s...) }

func (w *btcWriter) uint(v uint64) { w.buf = strconv.AppendUint(w.buf, v, 10) }

// rawHex appends the lowercase hex of b without a 0x prefix.
func rawHex(dst []byte, b []byte) []byte {
	for _, c := range b {
		dst = append(dst, hexdigits[c>>4], hexdigits[c&15])
	}
	return dst
}

// btcBlockHash returns the hash of block num: leading zero bytes, as a
// real proof of work has.
func (d ids) btcBlockHash(num uint64) hash {
	h := d.hash(tagBtcBlock, num)
	for i := 0; i < 9; i++ {
		h[i] = 0
	}
	h[9] &= 3
	return h
}

// writeBlock writes the transactions of b (the coinbase first) as block
// num and its blocks.json record.
func (w *btcWriter) writeBlock(num uint64, b *bblock) {
	bh := w.d.btcBlockHash(num)
	w.bhHex = rawHex(w.bhHex[:0], bh[:])
	ts := btcTime(num)
	size, stripped, weight := 80+varintLen(b.n), 80+varintLen(b.n), 4*(80+varintLen(b.n))
	for i := 0; i < b.n; i++ {
		t := &b.txs[i]
		s, _, wt := t.size(w.tab)
		size += s
		weight += wt
		stripped += (wt - s) / 3
		w.txLine(t, num, ts, uint64(i), s)
		w.txs++
		w.outputs += len(t.outs)
	}
	w.blockLine(num, bh, ts, b, size, stripped, weight)
	w.blocks++
}

func (w *btcWriter) txLine(t *btx, num, ts, idx uint64, size int) {
	_, vsize, _ := t.size(w.tab)
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
	w.buf = append(w.buf, w.bhHex...)
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
	w.txf.write(w.buf)
	w.buf = w.buf[:0]
}

func (w *btcWriter) input(t *btx, i int) {
	in := &t.ins[i]
	e := w.tab.get(in.a)
	w.str(`{"index": `)
	w.uint(uint64(i))
	w.str(`, "spent_transaction_hash": "`)
	w.buf = rawHex(w.buf, in.h[:])
	w.str(`", "spent_output_index": `)
	w.uint(uint64(in.n))
	w.str(", ")
	switch e.kind {
	case kWPKH:
		w.str(`"script_asm": "", "script_hex": "", `)
	case kSH:
		w.str(e.sig)
	default:
		w.scriptSig(t, i, e)
	}
	w.str(`"sequence": `)
	w.uint(uint64(t.seq))
	w.str(", ")
	w.str(e.frag[e.tail:])
	w.uint(in.v)
	w.str("}")
}

// scriptSig writes a P2PKH input's signature and public key.
func (w *btcWriter) scriptSig(t *btx, i int, e *bent) {
	s := w.sigBuf[:]
	// DER: 30 44 02 20 <r> 02 20 <s>, then the public key.
	s[0], s[1], s[2], s[3] = 0x30, 0x44, 0x02, 0x20
	for k := 0; k < 4; k++ {
		binary.BigEndian.PutUint64(s[4+8*k:], w.d.word(tagBtcSig, binary.BigEndian.Uint64(t.h[:])^uint64(i), uint64(k)))
		binary.BigEndian.PutUint64(s[38+8*k:], w.d.word(tagBtcSig, binary.BigEndian.Uint64(t.h[8:])^uint64(i), uint64(k)))
	}
	s[4] &= 0x7f
	s[36], s[37] = 0x02, 0x20
	s[38] &= 0x7f
	der := s[:70]
	pub := e.pub[:]
	w.str(`"script_asm": "`)
	w.buf = rawHex(w.buf, der)
	w.str(`[ALL] `)
	w.buf = rawHex(w.buf, pub)
	w.str(`", "script_hex": "47`)
	w.buf = rawHex(w.buf, der)
	w.str(`0121`)
	w.buf = rawHex(w.buf, pub)
	w.str(`", `)
}

func (w *btcWriter) output(t *btx, i int, num uint64) {
	o := &t.outs[i]
	w.str(`{"index": `)
	w.uint(uint64(i))
	w.str(", ")
	if o.a == commitAddr {
		w.commitment(num)
	} else {
		w.str(w.tab.get(o.a).frag)
	}
	w.uint(o.v)
	w.str("}")
}

// commitment writes the witness commitment output of block num's coinbase
// the way bitcoin-etl writes an output without an address: type
// nonstandard and "nonstandard" + the first 40 hex digits of the script's
// SHA-256 as its address.
func (w *btcWriter) commitment(num uint64) {
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

// coinbaseParam returns the coinbase input script of block num: the
// BIP-34 height push, an extra nonce and a tag.
func (w *btcWriter) coinbaseParam(dst []byte, num uint64) []byte {
	dst = append(dst, 0x03, byte(num), byte(num>>8), byte(num>>16), 0x08)
	x := w.d.word(tagBtcBlock, num, 5)
	dst = binary.BigEndian.AppendUint64(dst, x)
	dst = append(dst, 0x0c)
	return append(dst, "/vigil-sim/\x00"...)
}

func (w *btcWriter) blockLine(num uint64, bh hash, ts uint64, b *bblock, size, stripped, weight int) {
	w.str(`{"hash": "`)
	w.buf = append(w.buf, w.bhHex...)
	w.str(`", "size": `)
	w.uint(uint64(size))
	w.str(`, "stripped_size": `)
	w.uint(uint64(stripped))
	w.str(`, "weight": `)
	w.uint(uint64(weight))
	w.str(`, "number": `)
	w.uint(num)
	w.str(`, "version": `)
	w.uint(btcBlockVer)
	w.str(`, "merkle_root": "`)
	mr := w.d.hash(tagBtcRoot, num)
	w.buf = rawHex(w.buf, mr[:])
	w.str(`", "timestamp": `)
	w.uint(ts)
	w.str(`, "nonce": "`)
	w.buf = strconv.AppendUint(w.buf, w.d.word(tagBtcBlock, num, 6)&0xffffffff, 16)
	w.str(`", "bits": "` + btcBits + `", "coinbase_param": "`)
	var cp [32]byte
	w.buf = rawHex(w.buf, w.coinbaseParam(cp[:0], num))
	w.str(`", "transaction_count": `)
	w.uint(uint64(b.n))
	w.str("}\n")
	w.blf.write(w.buf)
	w.buf = w.buf[:0]
}
