package graph

import (
	"fmt"
	"math"
	"os"
	"path/filepath"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/store"
)

// update brings the manifest m (and the segment files in dir) up to the
// store's change log. It returns what it did.
func update(st *store.Store, c chain.Info, dir string, m *manifest) (string, error) {
	changes, err := st.Changes(c, m.Seq)
	if err != nil {
		return "", err
	}
	if len(changes) == 0 {
		return "fresh", nil
	}
	low := uint64(math.MaxUint64)
	for _, ch := range changes {
		low = min(low, ch.Lowest)
	}
	keep := m.Segments[:0:0]
	var drop []segmentRef
	for _, r := range m.Segments {
		if r.Last < low {
			keep = append(keep, r)
		} else {
			drop = append(drop, r)
			low = min(low, r.First)
		}
	}
	built := "appended"
	if len(drop) > 0 {
		built = "rebuilt"
	}
	if len(keep) >= MaxSegments {
		drop, keep, low, built = append(keep, drop...), nil, 0, "rebuilt"
	}
	seg, err := Build(st, c, low, math.MaxUint64)
	if err != nil {
		return "", err
	}
	nm := manifest{Seq: changes[len(changes)-1].Seq, Segments: keep}
	if seg.Len() > 0 {
		name := fmt.Sprintf("seg-%d-%d-%d.vgx", seg.First, seg.Last, nm.Seq)
		if err := writeFile(filepath.Join(dir, name), seg); err != nil {
			return "", err
		}
		nm.Segments = append(nm.Segments, segmentRef{File: name, First: seg.First, Last: seg.Last, Rows: seg.Len()})
	}
	if err := writeManifest(dir, nm); err != nil {
		return "", err
	}
	for _, r := range drop {
		os.Remove(filepath.Join(dir, r.File))
	}
	*m = nm
	return built, nil
}

// Build reads the moves of blocks from..to of account chain c from the
// store into a new in-memory segment.
func Build(st *store.Store, c chain.Info, from, to uint64) (*Segment, error) {
	var b builder
	first, last, any := uint64(0), uint64(0), false
	err := st.ScanAccount(c, from, to, func(blk *chain.AccountBlock) error {
		n := blk.Header.Number
		if n > math.MaxUint32 {
			return fmt.Errorf("graph: block %d beyond the index's 32-bit block numbers", n)
		}
		if !any {
			first, any = n, true
		}
		last = n
		for i := range blk.Transfers {
			b.add(n, &blk.Transfers[i])
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if b.seg.Len() > math.MaxUint32/2 {
		return nil, fmt.Errorf("graph: %d moves in one segment: too many", b.seg.Len())
	}
	return b.finish(first, last), nil
}
