package intel

import (
	"sort"
	"strings"
)

// Index answers "which labels does (chain, address) have" for an immutable
// set of labels. Lookups do not allocate: keys are kept as a sorted array
// of 64-bit FNV-1a hashes; a directory on the top hash bits narrows the
// search to a bucket of about one key, and the labels of one key are a
// contiguous range of the sorted label slice.
type Index struct {
	hashes []uint64 // hashes[i] is the key hash of labels[i]; sorted
	labels []Label
	dir    []uint32 // dir[b] = first i with hashes[i]>>shift >= b
	shift  uint
}

// fnv64 hashes chain, a separator and address (FNV-1a).
func fnv64(chainName, addr string) uint64 {
	const prime = 1099511628211
	h := uint64(14695981039346656037)
	for i := 0; i < len(chainName); i++ {
		h = (h ^ uint64(chainName[i])) * prime
	}
	h = (h ^ ':') * prime
	for i := 0; i < len(addr); i++ {
		h = (h ^ uint64(addr[i])) * prime
	}
	return h
}

// NewIndex builds an Index over a copy of labels. Labels must carry
// canonical addresses (Normalize them first).
func NewIndex(labels []Label) *Index {
	ls := append([]Label(nil), labels...)
	hs := make([]uint64, len(ls))
	for i := range ls {
		hs[i] = fnv64(ls[i].Chain, ls[i].Address)
	}
	sort.Stable(byKey{hs, ls})
	x := &Index{hashes: hs, labels: ls}
	x.buildDir()
	return x
}

// buildDir builds the bucket directory (about one label per bucket).
func (x *Index) buildDir() {
	bits := uint(1)
	for 1<<bits < len(x.hashes) && bits < 24 {
		bits++
	}
	x.shift = 64 - bits
	x.dir = make([]uint32, 1<<bits+1)
	i := 0
	for b := range x.dir {
		for i < len(x.hashes) && x.hashes[i]>>x.shift < uint64(b) {
			i++
		}
		x.dir[b] = uint32(i)
	}
}

type byKey struct {
	h []uint64
	l []Label
}

func (b byKey) Len() int { return len(b.h) }
func (b byKey) Less(i, j int) bool {
	if b.h[i] != b.h[j] {
		return b.h[i] < b.h[j]
	}
	if b.l[i].Chain != b.l[j].Chain {
		return b.l[i].Chain < b.l[j].Chain
	}
	return b.l[i].Address < b.l[j].Address
}
func (b byKey) Swap(i, j int) {
	b.h[i], b.h[j] = b.h[j], b.h[i]
	b.l[i], b.l[j] = b.l[j], b.l[i]
}

// Len returns the number of labels in the index.
func (x *Index) Len() int { return len(x.labels) }

// Labels returns all labels, grouped by key. The slice is shared: do not
// modify it.
func (x *Index) Labels() []Label { return x.labels }

// Lookup returns the labels of (chain, canonical address), or nil. The
// result shares the index's memory: do not modify it.
func (x *Index) Lookup(chainName, addr string) []Label {
	h := fnv64(chainName, addr)
	b := h >> x.shift
	lo, hi := int(x.dir[b]), int(x.dir[b+1])
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if x.hashes[m] < h {
			lo = m + 1
		} else {
			hi = m
		}
	}
	start := -1
	i := lo
	for ; i < len(x.hashes) && x.hashes[i] == h; i++ {
		l := &x.labels[i]
		match := l.Address == addr && l.Chain == chainName
		if match && start < 0 {
			start = i
		} else if !match && start >= 0 {
			break
		}
	}
	if start < 0 {
		return nil
	}
	return x.labels[start:i]
}

// LookupAny canonicalizes addr for the chain first (so any case of an EVM
// address matches). It returns nil for addresses that are not valid.
func (x *Index) LookupAny(chainName, addr string) []Label {
	chainName = strings.ToLower(chainName)
	canon, err := CanonicalAddress(chainName, addr)
	if err != nil {
		return nil
	}
	return x.Lookup(chainName, canon)
}
