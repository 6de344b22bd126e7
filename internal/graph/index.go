package graph

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/store"
)

// MaxSegments bounds the segments of an index: one more update rebuilds it
// whole into a single segment.
const MaxSegments = 16

// Index is the traversal index of one account chain: its segments in block
// order. Row numbers are global: Base[i] is the first row of Segs[i].
type Index struct {
	Chain chain.Info
	Segs  []*Segment
	Base  []uint32
	Rows  int
	Seq   uint64 // store change-log sequence the index reflects
	// Built says what Open did: "fresh" (nothing to do), "appended",
	// "rebuilt" or "empty".
	Built string
}

// manifest is DATA/graph/<chain>/MANIFEST.
type manifest struct {
	Seq      uint64       `json:"seq"`
	Segments []segmentRef `json:"segments"`
}

type segmentRef struct {
	File  string `json:"file"`
	First uint64 `json:"first"`
	Last  uint64 `json:"last"`
	Rows  int    `json:"rows"`
}

// Open returns the up-to-date index of account chain c, updating the files
// under st's directory first when the store changed since they were
// written. A damaged index (a segment file that does not parse) is rebuilt
// from the store. The index must be closed.
func Open(st *store.Store, c chain.Info) (*Index, error) {
	if c.Kind != chain.Account {
		return nil, fmt.Errorf("graph: %s is not an account chain", c.Name)
	}
	dir := filepath.Join(st.Dir(), "graph", c.Name)
	x, err := open(st, c, dir)
	if errors.Is(err, errBadFile) {
		if err := os.RemoveAll(dir); err != nil {
			return nil, fmt.Errorf("graph: %w", err)
		}
		if x, err = open(st, c, dir); err == nil {
			x.Built = "rebuilt"
		}
	}
	return x, err
}

func open(st *store.Store, c chain.Info, dir string) (*Index, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("graph: %w", err)
	}
	m, err := readManifest(dir)
	if err != nil {
		return nil, err
	}
	built, err := update(st, c, dir, &m)
	if err != nil {
		return nil, err
	}
	x := &Index{Chain: c, Seq: m.Seq, Built: built}
	for _, r := range m.Segments {
		s, err := readSegment(filepath.Join(dir, r.File))
		if err != nil {
			x.Close()
			return nil, err
		}
		x.add(s)
	}
	return x, nil
}

func (x *Index) add(s *Segment) {
	x.Segs = append(x.Segs, s)
	x.Base = append(x.Base, uint32(x.Rows))
	x.Rows += s.Len()
}

// Close unmaps the segment files.
func (x *Index) Close() error {
	err := closeAll(x.Segs)
	x.Segs = nil
	return err
}

// Seg returns the segment holding global row r and its local row.
func (x *Index) Seg(r uint32) (*Segment, uint32) {
	i := len(x.Segs) - 1
	for i > 0 && x.Base[i] > r {
		i--
	}
	return x.Segs[i], r - x.Base[i]
}

func readManifest(dir string) (manifest, error) {
	var m manifest
	b, err := os.ReadFile(filepath.Join(dir, "MANIFEST"))
	if errors.Is(err, os.ErrNotExist) {
		return m, nil
	}
	if err == nil && json.Unmarshal(b, &m) != nil {
		err = errBadFile
	}
	if err != nil {
		return m, fmt.Errorf("graph: reading %s: %w", filepath.Join(dir, "MANIFEST"), err)
	}
	return m, nil
}

func writeManifest(dir string, m manifest) error {
	return writeJSONFile(filepath.Join(dir, "MANIFEST"), m)
}
