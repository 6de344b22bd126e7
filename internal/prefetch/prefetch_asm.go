//go:build amd64 || arm64

package prefetch

import "unsafe"

// Line starts loading the cache line holding p. It never faults: p may be
// any address, even an invalid one.
//
//go:noescape
func Line(p unsafe.Pointer)
