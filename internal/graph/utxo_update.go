package graph

import (
	"fmt"
	"math"
	"os"
	"path/filepath"

	"github.com/vigil-project/vigil/internal/store"
)

// update brings the manifest m and the files in dir up to the store's
// change log and loads the segments into x. Blocks appended after the
// index get a new segment; a re-ingest of older blocks rebuilds from the
// lowest changed block on; past MaxSegments the index is rebuilt whole.
func (x *UTXOIndex) update(st *store.Store, dir string, m *utxoManifest) error {
	seq, err := st.ChangeSeq(x.Chain)
	if err != nil {
		return err
	}
	if seq < m.Seq { // the store is not the one the index was built from
		*m = utxoManifest{Segments: m.Segments}
	}
	changes, err := st.Changes(x.Chain, m.Seq)
	if err != nil {
		return err
	}
	if len(changes) == 0 {
		x.Seq, x.Built = m.Seq, "fresh"
		return x.load(dir, m.Segments)
	}
	keep, drop, low := x.plan(m, changes)
	if err := x.load(dir, keep); err != nil {
		return err
	}
	nm := utxoManifest{Seq: changes[len(changes)-1].Seq, Segments: keep}
	refs, err := x.buildNew(st, dir, low, nm.Seq)
	if err != nil {
		return err
	}
	nm.Segments = append(nm.Segments, refs...)
	if err := writeUTXOManifest(dir, nm); err != nil {
		return err
	}
	for _, r := range drop {
		os.Remove(filepath.Join(dir, r.File))
	}
	*m, x.Seq = nm, nm.Seq
	return nil
}

// plan decides which segments of m stay, which go, and the first block to
// build, and sets x.Built.
func (x *UTXOIndex) plan(m *utxoManifest, changes []store.Change) (keep, drop []utxoSegFile, low uint64) {
	low = math.MaxUint64
	for _, ch := range changes {
		low = min(low, ch.Lowest)
	}
	if m.Seq == 0 {
		low = 0
	}
	keep, drop, low = splitUTXO(m.Segments, low)
	x.Built = "appended"
	if len(drop) > 0 {
		x.Built = "rebuilt"
	}
	if len(keep) >= MaxSegments {
		drop, keep, low, x.Built = append(keep, drop...), nil, 0, "rebuilt"
	}
	return keep, drop, low
}

// splitUTXO keeps the segments wholly before block low and lowers low to
// the first block of the ones dropped.
func splitUTXO(segs []utxoSegFile, low uint64) (keep, drop []utxoSegFile, _ uint64) {
	for _, r := range segs {
		if r.Last < low && len(drop) == 0 {
			keep = append(keep, r)
		} else {
			drop = append(drop, r)
			low = min(low, r.First)
		}
	}
	return keep, drop, low
}

// buildNew builds blocks low.. after the loaded segments (in parallel
// parts, one segment each), writes the files and maps them.
func (x *UTXOIndex) buildNew(st *store.Store, dir string, low, seq uint64) ([]utxoSegFile, error) {
	segs, err := buildUTXOParts(st, x.Chain, x.Segs, low, math.MaxUint64, utxoParts(MaxSegments-len(x.Segs)))
	if err != nil {
		return nil, err
	}
	var refs []utxoSegFile
	for _, seg := range segs {
		name := fmt.Sprintf("utxo-%d-%d-%d.vgu", seg.First, seg.Last, seq)
		if err := writeUTXOFile(filepath.Join(dir, name), seg); err != nil {
			return nil, err
		}
		refs = append(refs, utxoSegFile{File: name, First: seg.First, Last: seg.Last, Txs: seg.NTx(), Outs: seg.NOut()})
	}
	return refs, x.load(dir, refs)
}
