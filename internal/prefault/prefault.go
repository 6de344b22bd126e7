// Package prefault faults in the pages of a new hash table by writing
// them, before the table's first reads.
//
// A large array fresh from the operating system is not cleared by Go (its
// pages are zero already) and is not mapped yet. An open-addressing table
// reads slots before it writes them, and Linux maps a page first read to
// the shared zero page; the first write then takes a second fault that
// copies it and flushes the other cores' TLBs with an interrupt each. On
// this project's virtual machine those write-protect faults and their
// interrupts were about a fifth of a large ingest's CPU. Writing one byte
// per page first takes one plain fault per page instead.
package prefault

import "unsafe"

// page is the smallest page size of the supported platforms.
const page = 4096

// Write writes a zero byte into every page of s's backing array up to its
// capacity. Call it on a newly made, still-zero array that no other
// goroutine can see yet.
func Write[T any](s []T) {
	s = s[:cap(s)]
	var zero T
	n := uintptr(len(s)) * unsafe.Sizeof(zero)
	if n < 16*page {
		return // small: a few faults, not worth a pass
	}
	base := unsafe.Pointer(unsafe.SliceData(s))
	for off := uintptr(0); off < n; off += page {
		*(*byte)(unsafe.Add(base, off)) = 0
	}
}
