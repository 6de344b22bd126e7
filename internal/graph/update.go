package graph

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"

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
	if len(keep)+partsFor(math.MaxUint32) > MaxSegments {
		drop, keep, low, built = append(keep, drop...), nil, 0, "rebuilt"
	}
	segs, err := BuildSegments(st, c, low, math.MaxUint64)
	if err != nil {
		return "", err
	}
	nm := manifest{Seq: changes[len(changes)-1].Seq, Segments: keep}
	for _, seg := range segs {
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
// store into one new in-memory segment.
func Build(st *store.Store, c chain.Info, from, to uint64) (*Segment, error) {
	parts, err := buildParts(st, c, from, to)
	if err != nil {
		return nil, err
	}
	return join(parts), nil
}

// BuildSegments reads the moves of blocks from..to into consecutive
// segments, one per part read in parallel (decoding block records is most
// of the cost), without joining them.
func BuildSegments(st *store.Store, c chain.Info, from, to uint64) ([]*Segment, error) {
	parts, err := buildParts(st, c, from, to)
	if err != nil {
		return nil, err
	}
	segs := make([]*Segment, 0, len(parts))
	for i := range parts {
		if parts[i].seg.Len() > 0 {
			segs = append(segs, parts[i].finish(parts[i].first, parts[i].last))
		}
	}
	return segs, nil
}

// buildParts reads blocks from..to in parallel parts.
func buildParts(st *store.Store, c chain.Info, from, to uint64) ([]builder, error) {
	first, last, ok, err := st.BlockRange(c)
	if err != nil || !ok || from > last || to < first {
		return []builder{{}}, err
	}
	from, to = max(from, first), min(to, last)
	cnt, err := st.Counts(c)
	if err != nil {
		return nil, err
	}
	parts := make([]builder, partsFor(to-from+1))
	errs := make(chan error, len(parts))
	span := (to - from + 1 + uint64(len(parts)) - 1) / uint64(len(parts))
	for i := range parts {
		lo := from + uint64(i)*span
		hi := min(lo+span-1, to)
		parts[i].reserve(estimate(cnt, first, last, lo, hi))
		go func(b *builder) { errs <- b.scan(st, c, lo, hi) }(&parts[i])
	}
	for range parts {
		if e := <-errs; err == nil {
			err = e
		}
	}
	return parts, err
}

// estimate guesses the moves in blocks lo..hi from the chain's counters
// (moves spread evenly over first..last), with 10% to spare.
func estimate(cnt store.Counters, first, last, lo, hi uint64) int {
	if cnt.Transfers <= 0 || hi < lo {
		return 0
	}
	n := uint64(cnt.Transfers) / (last - first + 1) * (hi - lo + 1)
	return int(n+n/10) + 16
}

// partsFor is how many parts a range of n blocks is read in.
func partsFor(n uint64) int {
	if n < 64 {
		return 1
	}
	return max(1, min(runtime.GOMAXPROCS(0), 8))
}

// scan reads blocks lo..hi into b.
func (b *builder) scan(st *store.Store, c chain.Info, lo, hi uint64) error {
	if lo > hi {
		return nil
	}
	return st.ScanAccountMoves(c, lo, hi, func(n uint64, moves []chain.AccountTransfer) error {
		if n > math.MaxUint32 {
			return fmt.Errorf("graph: block %d beyond the index's 32-bit block numbers", n)
		}
		if !b.any {
			b.first, b.any = n, true
		}
		b.last = n
		for i := range moves {
			b.add(n, &moves[i])
		}
		if len(b.seg.From) > math.MaxUint32/2 {
			return fmt.Errorf("graph: %d moves in one segment: too many", len(b.seg.From))
		}
		return nil
	})
}

// join concatenates the parts (in block order) and builds the adjacency.
func join(parts []builder) *Segment {
	if len(parts) == 1 {
		return parts[0].finish(parts[0].first, parts[0].last)
	}
	var out builder
	n := 0
	for i := range parts {
		n += parts[i].seg.Len()
	}
	s := &out.seg
	s.From, s.To, s.Asset = make([]uint32, 0, n), make([]uint32, 0, n), make([]uint32, 0, n)
	s.Block, s.Tx = make([]uint32, 0, n), make([]uint32, 0, n)
	s.Lo, s.Hi = make([]uint64, 0, n), make([]uint64, 0, n)
	for i := range parts {
		p := &parts[i]
		base := uint32(s.Len())
		s.From, s.To, s.Asset = append(s.From, p.seg.From...), append(s.To, p.seg.To...), append(s.Asset, p.seg.Asset...)
		s.Block, s.Tx = append(s.Block, p.seg.Block...), append(s.Tx, p.seg.Tx...)
		s.Lo, s.Hi = append(s.Lo, p.seg.Lo...), append(s.Hi, p.seg.Hi...)
		for r, v := range p.seg.Big {
			if s.Big == nil {
				s.Big = map[uint32]chain.U256{}
			}
			s.Big[base+r] = v
		}
		s.NAddr = max(s.NAddr, p.seg.NAddr)
		if p.any {
			if !out.any {
				out.first, out.any = p.first, true
			}
			out.last = p.last
		}
	}
	return out.finish(out.first, out.last)
}
