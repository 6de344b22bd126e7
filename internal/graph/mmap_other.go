//go:build !unix

package graph

import (
	"os"
	"unsafe"
)

// mapFile reads path into memory where mmap is not available.
func mapFile(path string) ([]byte, func() error, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	// Copy into 8-byte-aligned memory so the columns can be sliced.
	words := make([]uint64, (len(b)+7)/8)
	out := unsafe.Slice((*byte)(unsafe.Pointer(&words[0])), len(b))
	copy(out, b)
	return out, func() error { return nil }, nil
}
