// Package mmapfile maps files read-only into memory: the derived index
// files (graph segments, cluster builds) are used in place, their pages
// shared with the page cache, instead of being read and copied.
package mmapfile

import (
	"fmt"
	"math"
	"os"
	"unsafe"
)

// Map returns the bytes of the file at path and the function that
// releases them. Where the platform maps files (Unix) the bytes are a
// read-only shared mapping: writing to them faults, and they stay valid
// until release even if the file is replaced or removed. Elsewhere, and
// for an empty file, the file is read into 8-byte-aligned memory and
// release does nothing. The bytes start 8-byte aligned either way, so
// fixed-width columns can be viewed in place.
func Map(path string) (data []byte, release func() error, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, nil, err
	}
	size := st.Size()
	if size > math.MaxInt {
		return nil, nil, fmt.Errorf("%s: %d bytes is too large to map", path, size)
	}
	if size > 0 && canMap {
		if data, release, err = mapRead(f, int(size)); err == nil {
			return data, release, nil
		}
	}
	return readAligned(f, int(size))
}

// readAligned reads size bytes of f into 8-byte-aligned memory.
func readAligned(f *os.File, size int) ([]byte, func() error, error) {
	words := make([]uint64, (size+7)/8+1)
	buf := unsafe.Slice((*byte)(unsafe.Pointer(&words[0])), size)
	n, err := f.ReadAt(buf, 0)
	if err != nil && n < size {
		return nil, nil, err
	}
	return buf, func() error { return nil }, nil
}
