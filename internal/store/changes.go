package store

import (
	"encoding/binary"
	"fmt"

	"github.com/cockroachdb/pebble/v2"

	"github.com/vigil-project/vigil/internal/chain"
)

// Change is one entry of a chain's change log: commit Seq wrote (added or
// replaced) blocks within Lowest..Highest. Derived structures such as the
// graph index remember the last Seq they have seen and read the log after
// it to update themselves without a full rebuild.
type Change struct {
	Seq             uint64
	Lowest, Highest uint64
}

// blockSpan is the range of block numbers a commit wrote.
type blockSpan struct {
	lo, hi uint64
	set    bool
}

func (b *blockSpan) add(n uint64) {
	if !b.set {
		b.lo, b.hi, b.set = n, n, true
		return
	}
	b.lo, b.hi = min(b.lo, n), max(b.hi, n)
}

// logChange appends the blocks written since the last flush to the change
// log, in the same atomic batch as the blocks.
func (cm *committer) logChange() error {
	if !cm.changed.set {
		return nil
	}
	seq, err := cm.s.ChangeSeq(cm.c)
	if err != nil {
		return err
	}
	v := binary.AppendUvarint(binary.AppendUvarint(nil, cm.changed.lo), cm.changed.hi)
	cm.changed = blockSpan{}
	return cm.batch.Set(keyChange(cm.c.ID, seq+1), v, nil)
}

// ChangeSeq returns the sequence number of the last commit that wrote
// blocks of c (0 when none has).
func (s *Store) ChangeSeq(c chain.Info) (uint64, error) {
	it, err := s.db.NewIter(iterRange([]byte{nsChanges, byte(c.ID)}))
	if err != nil {
		return 0, err
	}
	defer it.Close()
	if !it.Last() {
		return 0, it.Error()
	}
	return binary.BigEndian.Uint64(it.Key()[2:]), nil
}

// Changes returns the change-log entries of c after sequence number after,
// in order.
func (s *Store) Changes(c chain.Info, after uint64) ([]Change, error) {
	lo := keyChange(c.ID, after+1)
	it, err := s.db.NewIter(&pebble.IterOptions{LowerBound: lo, UpperBound: prefixEnd([]byte{nsChanges, byte(c.ID)})})
	if err != nil {
		return nil, err
	}
	defer it.Close()
	var out []Change
	for ok := it.First(); ok; ok = it.Next() {
		d := dec{b: it.Value()}
		ch := Change{Seq: binary.BigEndian.Uint64(it.Key()[2:]), Lowest: d.uvarint(), Highest: d.uvarint()}
		if d.err != nil {
			return nil, fmt.Errorf("store: change log: %w", errCorrupt)
		}
		out = append(out, ch)
	}
	return out, it.Error()
}
