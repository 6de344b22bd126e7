//go:build linux || darwin

package cluster

import (
	"math"
	"os"
	"syscall"
)

// mapFile maps the file at path read-only (shared: pages come from the
// page cache, nothing is copied) and returns its bytes and the function
// that unmaps them. A file too short to be a cluster file, or too large
// to map, is read instead (the parser then rejects or copies it). Builds
// never change a file in place (a new build writes a new file and
// removes the old one, which a mapping outlives), so the mapping stays
// valid until unmapped.
func mapFile(path string) ([]byte, func() error, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, nil, err
	}
	if size := fi.Size(); size < int64(fileHead+4) || size > math.MaxInt {
		b, err := os.ReadFile(path)
		return b, nil, err
	}
	data, err := syscall.Mmap(int(f.Fd()), 0, int(fi.Size()), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return nil, nil, err
	}
	return data, func() error { return syscall.Munmap(data) }, nil
}
