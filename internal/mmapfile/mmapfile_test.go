package mmapfile

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"unsafe"
)

// TestMap maps files of several sizes and checks content, alignment, that
// the mapping outlives the file's removal, and release.
func TestMap(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []int{0, 1, 7, 8, 4096, 100003} {
		want := make([]byte, n)
		for i := range want {
			want[i] = byte(i*7 + n)
		}
		p := filepath.Join(dir, "f")
		if err := os.WriteFile(p, want, 0o644); err != nil {
			t.Fatal(err)
		}
		data, release, err := Map(p)
		if err != nil {
			t.Fatalf("%d bytes: %v", n, err)
		}
		if err := os.Remove(p); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(data, want) {
			t.Fatalf("%d bytes: content differs", n)
		}
		if n > 0 && uintptr(unsafe.Pointer(&data[0]))%8 != 0 {
			t.Fatalf("%d bytes: not 8-byte aligned", n)
		}
		if err := release(); err != nil {
			t.Fatalf("%d bytes: release: %v", n, err)
		}
	}
	if _, _, err := Map(filepath.Join(dir, "missing")); !os.IsNotExist(err) {
		t.Fatalf("missing file: %v", err)
	}
}
