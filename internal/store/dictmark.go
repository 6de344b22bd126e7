package store

import (
	"encoding/binary"
	"fmt"

	"github.com/cockroachdb/pebble/v2"

	"github.com/vigil-project/vigil/internal/chain"
)

// maxMarkScan bounds how many blocks between the last dictionary mark and
// a rollback point truncateDict reads; past it the dictionary is kept
// whole (harmless: unused entries only raise the address count).
const maxMarkScan = 100000

// markDict records, for a UTXO chain, the address-dictionary length after
// a batch that appended blocks above every stored one, keyed by the
// batch's last block. Every block at or below a mark then uses IDs no
// higher than it, which lets a rollback find the entries only removed
// blocks introduced. A batch that writes at or below the stored tail
// breaks that, so it deletes the chain's marks instead.
func (cm *committer) markDict() error {
	if cm.c.Kind != chain.UTXO || !cm.changed.set {
		return nil
	}
	if cm.hasData && cm.changed.lo <= cm.tail {
		return cm.dropDictMarks(0)
	}
	v := binary.AppendUvarint(nil, uint64(cm.dicts[0].Len()))
	return cm.batch.Set(keyDictMark(cm.c.ID, cm.changed.hi), v, nil)
}

// dropDictMarks deletes the chain's dictionary marks at blocks from and
// above.
func (cm *committer) dropDictMarks(from uint64) error {
	keys, err := cm.s.dictMarksFrom(cm.c, from)
	if err != nil {
		return err
	}
	for _, k := range keys {
		if err := cm.batch.Delete(k, nil); err != nil {
			return err
		}
	}
	return nil
}

// dictMarksFrom returns the keys of c's dictionary marks at blocks from
// and above (one per append batch since the last non-append one).
func (s *Store) dictMarksFrom(c chain.Info, from uint64) ([][]byte, error) {
	it, err := s.db.NewIter(&pebble.IterOptions{LowerBound: keyDictMark(c.ID, from), UpperBound: prefixEnd([]byte{nsDictMark, byte(c.ID)})})
	if err != nil {
		return nil, err
	}
	defer it.Close()
	var keys [][]byte
	for ok := it.First(); ok; ok = it.Next() {
		keys = append(keys, append([]byte(nil), it.Key()...))
	}
	return keys, it.Error()
}

// dictMarkBelow returns the last dictionary mark of c below block from.
func (s *Store) dictMarkBelow(c chain.Info, from uint64) (block, length uint64, ok bool, err error) {
	it, err := s.db.NewIter(&pebble.IterOptions{LowerBound: keyDictMark(c.ID, 0), UpperBound: keyDictMark(c.ID, from)})
	if err != nil {
		return 0, 0, false, err
	}
	defer it.Close()
	if !it.Last() {
		return 0, 0, false, it.Error()
	}
	k := it.Key()
	n, m := binary.Uvarint(it.Value())
	if len(k) != 10 || m <= 0 {
		return 0, 0, false, fmt.Errorf("store: %s dictionary mark: %w", c.Name, errCorrupt)
	}
	return binary.BigEndian.Uint64(k[2:]), n, true, nil
}

// truncateDict removes the dictionary entries only blocks from.. used
// (they were interned for them), so the dictionary is as it would be
// without those blocks: the IDs above both the last mark below from and
// every ID the blocks between that mark and from use (without a mark, all
// blocks below from). With more than maxMarkScan blocks to read it keeps
// the dictionary. It also drops the marks of the removed blocks.
func (cm *committer) truncateDict(d *Dict, from uint64) (int, error) {
	if err := cm.dropDictMarks(from); err != nil {
		return 0, err
	}
	mark, keep64, ok, err := cm.s.dictMarkBelow(cm.c, from)
	if err != nil {
		return 0, err
	}
	lo := mark + 1
	if !ok {
		lo = 0
	}
	n := uint32(d.Len())
	keep, fits, err := cm.s.highestIDUsed(cm.c, lo, from, uint32(min(keep64, uint64(n))))
	if err != nil || !fits || keep >= n {
		return 0, err
	}
	for id := keep + 1; id <= n; id++ {
		k, err := d.Key(id)
		if err != nil {
			return 0, err
		}
		if err := cm.batch.Delete(keyDict(d.ns, d.c, k), nil); err != nil {
			return 0, err
		}
	}
	if err := cm.rewriteChunks(d, keep, n); err != nil {
		return 0, err
	}
	return int(n - keep), nil
}

// highestIDUsed returns the highest address ID the UTXO blocks lo..hi-1
// use, at least floor; fits is false when there are more than maxMarkScan
// of them.
func (s *Store) highestIDUsed(c chain.Info, lo, hi uint64, floor uint32) (uint32, bool, error) {
	if hi == 0 || lo > hi-1 {
		return floor, true, nil
	}
	top, scanned := floor, 0
	errTooMany := fmt.Errorf("too many blocks")
	err := s.scanBlocks(c, lo, hi-1, func(n uint64, v []byte) error {
		if scanned++; scanned > maxMarkScan {
			return errTooMany
		}
		b, err := decodeUTXO(n, v)
		if err != nil {
			return fmt.Errorf("store: %s block %d: %w", c.Name, n, err)
		}
		for i := range b.Txs {
			for _, in := range b.Txs[i].Inputs {
				top = max(top, uint32(in.Addr))
			}
			for _, o := range b.Txs[i].Outputs {
				top = max(top, uint32(o.Addr))
			}
		}
		return nil
	})
	if err == errTooMany {
		return 0, false, nil
	}
	return top, err == nil, err
}
