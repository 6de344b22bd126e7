package store

import (
	"encoding/binary"

	"github.com/vigil-project/vigil/internal/chain"
)

// Key namespaces (first byte). See docs/storage.md.
const (
	nsMeta     = 'm' // m<name>                       -> meta value
	nsAddr     = 'A' // A<chain><address bytes>        -> uvarint address ID
	nsAddrLog  = 'a' // a<chain><chunk u32>            -> addresses of IDs chunk*1024+1 .. (length-prefixed)
	nsToken    = 'K' // K<chain><token bytes>          -> uvarint asset ID
	nsTokenLog = 'k' // k<chain><chunk u32>            -> tokens of asset IDs, as nsAddrLog
	nsBlock    = 'B' // B<chain><block u64>            -> block record
	nsTxHash   = 'H' // H<chain><hash 32>              -> uvarint block, uvarint tx index
	nsRetired  = 'S' // S...: per-address totals of stores before 2026-11-30, deleted on open
	nsDictMark = 'D' // D<chain><block u64>            -> uvarint address-dictionary length after the commit ending there (UTXO)
	nsCounters = 'C' // C<chain>                       -> chain counters
	nsJournal  = 'J' // J                              -> interrupted-ingest journal
	nsChanges  = 'V' // V<chain><seq u64>              -> uvarint lowest, highest block written by commit seq
)

// logChunk is the number of dictionary entries per log chunk key.
const logChunk = 1024

func keyMeta(name string) []byte { return append([]byte{nsMeta}, name...) }

func keyDict(ns byte, c chain.ID, k []byte) []byte {
	b := make([]byte, 0, 2+len(k))
	return append(append(b, ns, byte(c)), k...)
}

func keyChunk(ns byte, c chain.ID, chunk uint32) []byte {
	return binary.BigEndian.AppendUint32([]byte{ns, byte(c)}, chunk)
}

func keyBlock(c chain.ID, n uint64) []byte {
	return binary.BigEndian.AppendUint64([]byte{nsBlock, byte(c)}, n)
}

func keyTx(c chain.ID, h chain.Hash) []byte {
	return append([]byte{nsTxHash, byte(c)}, h[:]...)
}

func keyDictMark(c chain.ID, n uint64) []byte {
	return binary.BigEndian.AppendUint64([]byte{nsDictMark, byte(c)}, n)
}

func keyCounters(c chain.ID) []byte { return []byte{nsCounters, byte(c)} }

func keyChange(c chain.ID, seq uint64) []byte {
	return binary.BigEndian.AppendUint64([]byte{nsChanges, byte(c)}, seq)
}

// prefixEnd returns the smallest key greater than every key with prefix p.
func prefixEnd(p []byte) []byte {
	end := append([]byte(nil), p...)
	for i := len(end) - 1; i >= 0; i-- {
		end[i]++
		if end[i] != 0 {
			return end[:i+1]
		}
	}
	return nil
}
