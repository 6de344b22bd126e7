package pbzip2

import (
	"bytes"
	"compress/bzip2"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/vigil-project/vigil/internal/sharedtest"
)

func ofacBz2(t testing.TB) []byte {
	b, err := os.ReadFile(sharedtest.Path(t, "ofac-sdn-crypto", "brave-intl-lists", "sdn_advanced.xml.bz2"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func sequential(data []byte) ([]byte, error) {
	return io.ReadAll(bzip2.NewReader(bytes.NewReader(data)))
}

func TestMatchesSequential(t *testing.T) {
	files := []string{
		"ofac-sdn-crypto/brave-intl-lists/sdn_advanced.xml.bz2",
		"btcd-testdata/database/testdata/blocks1-256.bz2",
		"btcd-testdata/blockchain/testdata/277647.dat.bz2",
		"btcd-testdata/wire/testdata/megatx.bin.bz2",
	}
	for _, f := range files {
		data, err := os.ReadFile(filepath.Join(sharedtest.Dir(t), f))
		if err != nil {
			t.Fatal(err)
		}
		want, err := sequential(data)
		if err != nil {
			t.Fatal(err)
		}
		r := NewReader(data, 4)
		got, err := io.ReadAll(r)
		if err != nil || !bytes.Equal(got, want) {
			t.Fatalf("%s: parallel output differs (len %d vs %d, err %v)", f, len(got), len(want), err)
		}
		t.Logf("%s: %d bytes, parallel=%v", f, len(got), r.Parallel())
	}
}

func TestSplitsOFAC(t *testing.T) {
	data := ofacBz2(t)
	lay, err := split(data)
	if err != nil {
		t.Fatal(err)
	}
	if len(lay.starts) < 100 {
		t.Fatalf("only %d blocks", len(lay.starts))
	}
}

// TestCorruptBlockFallsBack flips a bit inside a middle block: the block CRC
// check fails, the reader falls back to sequential decoding, and the result
// is the same error after the same bytes as compress/bzip2.
func TestCorruptBlockFallsBack(t *testing.T) {
	data := append([]byte(nil), ofacBz2(t)...)
	lay, err := split(data)
	if err != nil {
		t.Fatal(err)
	}
	mid := lay.starts[len(lay.starts)/2]/8 + 5000
	data[mid] ^= 0x10
	want, werr := sequential(data)
	r := NewReader(data, 2)
	got, gerr := io.ReadAll(r)
	if werr == nil || gerr == nil {
		t.Fatalf("corruption not detected: %v / %v", werr, gerr)
	}
	if !bytes.Equal(got, want) || r.Parallel() {
		t.Fatalf("fallback output differs: %d vs %d bytes (parallel=%v)", len(got), len(want), r.Parallel())
	}
}

// TestStreamCRCMismatch: a wrong stored stream CRC makes the stream
// unsplittable, so decoding is sequential and fails like compress/bzip2.
func TestStreamCRCMismatch(t *testing.T) {
	data := append([]byte(nil), ofacBz2(t)...)
	data[len(data)-2] ^= 1
	if _, err := split(data); err == nil {
		t.Fatal("split accepted a bad stream CRC")
	}
	r := NewReader(data, 2)
	if _, err := io.ReadAll(r); err == nil || r.Parallel() {
		t.Fatalf("err=%v parallel=%v", err, r.Parallel())
	}
}

func FuzzReader(f *testing.F) {
	f.Add([]byte("BZh91AY&SY"))
	f.Add([]byte("BZh9\x17\x72\x45\x38\x50\x90\x00\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		r := NewReader(data, 2)
		defer r.Close()
		_, _ = io.Copy(io.Discard, io.LimitReader(r, 1<<20))
	})
}

func BenchmarkParallel(b *testing.B) {
	data := ofacBz2(b)
	b.SetBytes(120977559)
	for i := 0; i < b.N; i++ {
		r := NewReader(data, 0)
		if _, err := io.Copy(io.Discard, r); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSequential(b *testing.B) {
	data := ofacBz2(b)
	b.SetBytes(120977559)
	for i := 0; i < b.N; i++ {
		if _, err := io.Copy(io.Discard, bzip2.NewReader(bytes.NewReader(data))); err != nil {
			b.Fatal(err)
		}
	}
}
