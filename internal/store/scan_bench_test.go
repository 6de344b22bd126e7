package store

import (
	"encoding/binary"
	"testing"

	"github.com/vigil-project/vigil/internal/chain"
)

// BenchmarkDecodeMoves decodes the value moves of 1,000 encoded block
// records (200 transfers each), as a scan of the graph index build does,
// and reports moves/s.
func BenchmarkDecodeMoves(b *testing.B) {
	blocks := synthBlocks(200000, 200, 100000, 3)
	recs := make([][]byte, len(blocks))
	for i := range blocks {
		recs[i] = encodeAccount(&blocks[i], nil)
	}
	var buf []chain.AccountTransfer
	var txs []chain.AccountTx
	var err error
	for b.Loop() {
		for i, r := range recs {
			if buf, txs, err = decodeMoves(blocks[i].Header.Number, r, buf, txs); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(200000*b.N)/b.Elapsed().Seconds(), "moves/s")
}

// TestUvarintMatchesBinary decodes varints of every length with dec and
// with encoding/binary, and truncated or overlong ones to errors.
func TestUvarintMatchesBinary(t *testing.T) {
	for _, v := range []uint64{0, 1, 127, 128, 300, 1<<21 - 1, 1 << 35, 1<<63 + 5, ^uint64(0)} {
		b := binary.AppendUvarint(nil, v)
		d := dec{b: append(b, 0xAA)}
		if got := d.uvarint(); got != v || d.err != nil || len(d.b) != 1 {
			t.Errorf("%d: got %d, err %v, %d bytes left", v, got, d.err, len(d.b))
		}
		if len(b) > 1 {
			d := dec{b: b[:len(b)-1]}
			if d.uvarint(); d.err == nil {
				t.Errorf("%d truncated: no error", v)
			}
		}
	}
	d := dec{b: []byte{0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01}}
	if d.uvarint(); d.err == nil {
		t.Error("overlong varint: no error")
	}
	d = dec{}
	if d.uvarint(); d.err == nil {
		t.Error("empty input: no error")
	}
}
