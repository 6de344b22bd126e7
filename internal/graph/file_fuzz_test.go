package graph

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"unsafe"

	"github.com/vigil-project/vigil/internal/chain"
)

// FuzzParseSegment feeds damaged and random segment files to the parser:
// it must reject them with an error or return a segment whose arrays are
// consistent, never panic.
func FuzzParseSegment(f *testing.F) {
	var b builder
	for i := 0; i < 20; i++ {
		t := chain.AccountTransfer{TxIndex: uint32(i % 3), From: chain.AddrID(1 + i%5), To: chain.AddrID(2 + i%4), Amount: chain.U256{uint64(i), uint64(i % 2)}}
		if i == 7 {
			t.Amount[3] = 9
		}
		b.add(uint64(100+i/4), &t)
	}
	seg := b.finish(100, 104)
	path := filepath.Join(f.TempDir(), "seg")
	if err := writeFile(path, seg); err != nil {
		f.Fatal(err)
	}
	good, err := os.ReadFile(path)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add(good[:headerSize])
	f.Add(bytes.Repeat([]byte{0xff}, 200))
	f.Fuzz(func(t *testing.T, data []byte) {
		aligned := make([]uint64, (len(data)+7)/8+1)
		buf := unsafe.Slice((*byte)(unsafe.Pointer(&aligned[0])), len(data))
		copy(buf, data)
		s, err := parseSegment(buf)
		if err != nil {
			return
		}
		total := 0
		for a := uint32(0); a <= s.NAddr; a++ { // one past the end too
			total += len(s.Out(a)) + len(s.In(a))
		}
		if total != 2*s.Len() {
			t.Fatalf("adjacency lists hold %d rows, want %d", total, 2*s.Len())
		}
	})
}
