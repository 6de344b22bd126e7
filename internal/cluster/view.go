package cluster

import (
	"encoding/binary"
	"unsafe"
)

// nativeLittle is true on little-endian machines, where the file's
// columns can be used in place.
var nativeLittle = binary.NativeEndian.Uint16([]byte{1, 0}) == 1

// canShare reports whether columns of data can be viewed in place: a
// little-endian machine and data starting at a multiple of 8 (a mapping
// starts on a page; the columns of a version-3 file at multiples of 8
// from the start).
func canShare(data []byte) bool {
	return nativeLittle && len(data) > 0 && uintptr(unsafe.Pointer(&data[0]))%8 == 0
}

// view32 is p viewed as uint32s (p 4-byte aligned, length a multiple of 4).
func view32(p []byte) []uint32 {
	if len(p) == 0 {
		return []uint32{}
	}
	return unsafe.Slice((*uint32)(unsafe.Pointer(&p[0])), len(p)/4)
}

// view64 is p viewed as uint64s (p 8-byte aligned, length a multiple of 8).
func view64(p []byte) []uint64 {
	if len(p) == 0 {
		return []uint64{}
	}
	return unsafe.Slice((*uint64)(unsafe.Pointer(&p[0])), len(p)/8)
}
