package sim

import (
	"encoding/binary"
	"errors"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
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
	txf    *btcSink
	blf    *asyncFile
	buf    []byte // the current blocks.json line
	bhHex  []byte
	sizes  [][2]int // size and virtual size of each transaction of the block
	todo   []baddr  // addresses to render before formatting the block
	shards [2]btcFmt

	blocks, txs, outputs int
}

func newBtcWriter(dir string, d ids, tab *btcAddrs) (*btcWriter, error) {
	w := &btcWriter{tab: tab, d: d}
	for k := range w.shards {
		w.shards[k] = btcFmt{tab: tab, d: d}
	}
	var err error
	if w.blf, err = createAsync(filepath.Join(dir, BtcFiles[0])); err != nil {
		return nil, err
	}
	if w.txf, err = createSink(filepath.Join(dir, BtcFiles[1])); err != nil {
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
	n := len(dst)
	dst = slices.Grow(dst, 2*len(b))[:n+2*len(b)]
	out := dst[n:]
	for i, c := range b {
		binary.LittleEndian.PutUint16(out[2*i:], hexPairs[c])
	}
	return dst
}

// hexPairs holds the two hex digits of every byte value, first digit in
// the low byte.
var hexPairs = func() (t [256]uint16) {
	for i := range t {
		t[i] = uint16(hexdigits[i>>4]) | uint16(hexdigits[i&15])<<8
	}
	return t
}()

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
// num and its blocks.json record. Addresses are rendered first; then two
// goroutines format the two halves of the block (by inputs and outputs)
// at once.
func (w *btcWriter) writeBlock(num uint64, b *bblock) {
	bh := w.d.btcBlockHash(num)
	w.bhHex = rawHex(w.bhHex[:0], bh[:])
	ts := btcTime(num)
	size, stripped, weight, half := w.prepare(b)
	for k := range w.shards {
		w.shards[k].buf = w.txf.buffer()
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		w.shards[1].format(b, half, b.n, num, ts, w.bhHex, w.sizes)
		wg.Done()
	}()
	w.shards[0].format(b, 0, half, num, ts, w.bhHex, w.sizes)
	wg.Wait()
	for k := range w.shards {
		w.txf.write(w.shards[k].buf)
		w.shards[k].buf = nil
	}
	for i := 0; i < b.n; i++ {
		w.outputs += len(b.txs[i].outs)
	}
	w.txs += b.n
	w.blockLine(num, bh, ts, b, size, stripped, weight)
	w.blocks++
}

// prepare sizes the transactions of b, renders the addresses they use
// and returns the block's size, stripped size, weight and the index that
// splits its inputs and outputs in halves.
func (w *btcWriter) prepare(b *bblock) (size, stripped, weight, half int) {
	hdr := 80 + varintLen(b.n)
	size, stripped, weight = hdr, hdr, 4*hdr
	w.sizes = w.sizes[:0]
	items := 0
	for i := 0; i < b.n; i++ {
		t := &b.txs[i]
		s, vs, wt := t.size(w.tab)
		size += s
		weight += wt
		stripped += (wt - s) / 3
		w.sizes = append(w.sizes, [2]int{s, vs})
		for k := range t.ins {
			w.need(t.ins[k].a)
		}
		for k := range t.outs {
			if t.outs[k].a != commitAddr {
				w.need(t.outs[k].a)
			}
		}
		items += len(t.outs) + len(t.ins)
	}
	w.renderNeeded()
	for acc := 0; half < b.n && 2*acc < items; half++ {
		acc += len(b.txs[half].outs) + len(b.txs[half].ins)
	}
	return size, stripped, weight, half
}

// need notes that a must be rendered before the block is formatted.
func (w *btcWriter) need(a baddr) {
	if !w.tab.done[a] {
		w.tab.done[a] = true
		w.todo = append(w.todo, a)
	}
}

// renderNeeded renders the noted addresses, half on another goroutine.
func (w *btcWriter) renderNeeded() {
	todo := w.todo
	half := len(todo) / 2
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		for _, a := range todo[half:] {
			w.tab.render(int(a), w.tab.kinds[a])
		}
		wg.Done()
	}()
	for _, a := range todo[:half] {
		w.tab.render(int(a), w.tab.kinds[a])
	}
	wg.Wait()
	w.todo = todo[:0]
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
