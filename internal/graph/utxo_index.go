package graph

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/store"
)

// UTXOIndex is the traversal index of one UTXO chain: its segments in
// block order, with global transaction, output and input numbers running
// across them (see UTXOSegment). Files live under DATA/graph/<chain>/ next
// to UTXO-MANIFEST, and are updated from the store's change log like the
// account index.
type UTXOIndex struct {
	Chain          chain.Info
	Segs           []*UTXOSegment
	Txs, Outs, Ins int    // totals
	Seq            uint64 // store change-log sequence the index reflects
	// Built says what OpenUTXO did: "fresh" (nothing to do), "appended"
	// (a new segment after the others, or the first), "rebuilt".
	Built string
}

var errBadManifest = errors.New("corrupt manifest")

// utxoManifestName is the manifest file of a UTXO index.
const utxoManifestName = "UTXO-MANIFEST"

type utxoManifest struct {
	Seq      uint64        `json:"seq"`
	Segments []utxoSegFile `json:"segments"`
}

type utxoSegFile struct {
	File  string `json:"file"`
	First uint64 `json:"first"`
	Last  uint64 `json:"last"`
	Txs   int    `json:"txs"`
	Outs  int    `json:"outputs"`
}

// OpenUTXO returns the up-to-date index of UTXO chain c, updating the files
// under st's directory first when the store changed since they were
// written. The index must be closed.
func OpenUTXO(st *store.Store, c chain.Info) (*UTXOIndex, error) {
	if c.Kind != chain.UTXO {
		return nil, fmt.Errorf("graph: %s is not a UTXO chain", c.Name)
	}
	dir := filepath.Join(st.Dir(), "graph", c.Name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("graph: %w", err)
	}
	m, err := readUTXOManifest(dir)
	x := &UTXOIndex{Chain: c}
	if err == nil {
		err = x.update(st, dir, &m)
	}
	if errors.Is(err, errBadFile) || errors.Is(err, errBadManifest) {
		// A damaged file: rebuild everything from the store.
		x.Close()
		x = &UTXOIndex{Chain: c}
		m = utxoManifest{Segments: m.Segments}
		if err = x.update(st, dir, &m); err == nil {
			removeStrays(dir, m)
			x.Built = "rebuilt"
		}
	}
	if err != nil {
		x.Close()
		return nil, err
	}
	return x, nil
}

// removeStrays deletes segment files the manifest m does not list.
func removeStrays(dir string, m utxoManifest) {
	files, _ := filepath.Glob(filepath.Join(dir, "utxo-*.vgu"))
	for _, f := range files {
		if !slices.ContainsFunc(m.Segments, func(r utxoSegFile) bool { return r.File == filepath.Base(f) }) {
			os.Remove(f)
		}
	}
}

// load maps the files of refs and appends them.
func (x *UTXOIndex) load(dir string, refs []utxoSegFile) error {
	for _, r := range refs {
		s, err := readUTXOSegment(filepath.Join(dir, r.File))
		if err != nil {
			return err
		}
		if s.TxBase != uint32(x.Txs) || s.OutBase != uint32(x.Outs) || s.InBase != uint32(x.Ins) {
			s.unmap()
			return fmt.Errorf("%w: %s does not follow the segment before it", errBadFile, r.File)
		}
		x.add(s)
	}
	return nil
}

func (x *UTXOIndex) add(s *UTXOSegment) {
	x.Segs = append(x.Segs, s)
	x.Txs += s.NTx()
	x.Outs += s.NOut()
	x.Ins += s.NIn()
}

// Close unmaps the segment files.
func (x *UTXOIndex) Close() error {
	err := closeAll(x.Segs)
	x.Segs = nil
	return err
}

// TxSeg returns the segment holding global transaction t and its local
// number (nil when out of range).
func (x *UTXOIndex) TxSeg(t uint32) (*UTXOSegment, uint32) {
	i := len(x.Segs) - 1
	if i > 0 && t < x.Segs[i].TxBase {
		i = sort.Search(i, func(i int) bool { return x.Segs[i].TxBase > t }) - 1
	}
	if i < 0 || t-x.Segs[i].TxBase >= uint32(x.Segs[i].NTx()) {
		return nil, 0
	}
	return x.Segs[i], t - x.Segs[i].TxBase
}

// OutSeg returns the segment index holding global output row o and its
// local row (-1 when out of range).
func (x *UTXOIndex) OutSeg(o uint32) (int, uint32) {
	i := len(x.Segs) - 1
	if i > 0 && o < x.Segs[i].OutBase {
		i = sort.Search(i, func(i int) bool { return x.Segs[i].OutBase > o }) - 1
	}
	if i < 0 || o-x.Segs[i].OutBase >= uint32(x.Segs[i].NOut()) {
		return -1, 0
	}
	return i, o - x.Segs[i].OutBase
}

// Output returns the address and value of global output row o.
func (x *UTXOIndex) Output(o uint32) (addr uint32, value uint64, ok bool) {
	i, l := x.OutSeg(o)
	if i < 0 {
		return 0, 0, false
	}
	s := x.Segs[i]
	return s.OutAddr[l], s.OutValue[l], true
}

// SpentBy returns the global transaction spending global output row o, or
// NoRow when it is unspent in the indexed data.
func (x *UTXOIndex) SpentBy(o uint32) uint32 {
	i, l := x.OutSeg(o)
	if i < 0 {
		return NoRow
	}
	s := x.Segs[i]
	if t := s.OutSpent[l]; t != NoRow {
		return s.TxBase + t
	}
	for _, later := range x.Segs[i+1:] {
		if t := later.crossSpender(o); t != NoRow {
			return later.TxBase + t
		}
	}
	return NoRow
}

// Outputs appends to buf the global output rows paid to address a, in
// chain order, and returns it.
func (x *UTXOIndex) Outputs(a uint32, buf []uint32) []uint32 {
	for _, s := range x.Segs {
		for _, o := range s.Outs(a) {
			buf = append(buf, s.OutBase+o)
		}
	}
	return buf
}

// TxOutputs returns the global output rows [lo, hi) of global transaction t.
func (x *UTXOIndex) TxOutputs(t uint32) (lo, hi uint32) {
	s, l := x.TxSeg(t)
	if s == nil {
		return 0, 0
	}
	return s.OutBase + s.TxOut[l], s.OutBase + s.TxOut[l+1]
}

// TxLoc returns the block and position in the block of global transaction t.
func (x *UTXOIndex) TxLoc(t uint32) (block uint64, pos uint32, ok bool) {
	s, l := x.TxSeg(t)
	if s == nil {
		return 0, 0, false
	}
	return uint64(s.TxBlock[l]), s.TxPos[l], true
}

func readUTXOManifest(dir string) (utxoManifest, error) {
	var m utxoManifest
	p := filepath.Join(dir, utxoManifestName)
	b, err := os.ReadFile(p)
	if errors.Is(err, os.ErrNotExist) {
		return m, nil
	}
	if err != nil {
		return m, fmt.Errorf("graph: reading %s: %w", p, err)
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return utxoManifest{}, fmt.Errorf("graph: reading %s: %w: %v", p, errBadManifest, err)
	}
	return m, nil
}

func writeUTXOManifest(dir string, m utxoManifest) error {
	return writeJSONFile(filepath.Join(dir, utxoManifestName), m)
}
