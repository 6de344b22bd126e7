package cluster

import (
	"errors"
	"fmt"
	"time"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/intel"
	"github.com/vigil-project/vigil/internal/store"
)

// Options configure Build.
type Options struct {
	// Heuristics to apply; 0 means Defaults(chain kind).
	Heuristics Set
	// Labels is the label index the deposit heuristic takes exchange
	// wallets from (account chains); nil means none.
	Labels *intel.Index
	// Full forces a rebuild from the first block.
	Full bool
}

// Report says what Build did.
type Report struct {
	Chain      string   `json:"chain"`
	Built      string   `json:"built"` // "fresh", "appended" or "rebuilt"
	Heuristics []string `json:"heuristics"`
	Seq        uint64   `json:"seq"`
	LastBlock  uint64   `json:"last_block"`
	Addresses  int      `json:"addresses"` // addresses covered
	Summary
	Stats     Stats `json:"stats"`
	ElapsedMS int64 `json:"elapsed_ms"`
	// Conflicts lists clusters whose members carry labels of one category
	// with different entities (filled by Conflicts).
	Conflicts     []ClusterConflict `json:"conflicts"`
	ConflictCount int               `json:"conflict_count"`
}

// ClusterConflict is a cluster with conflicting labels.
type ClusterConflict struct {
	ID        uint32     `json:"id"` // lowest address ID
	Address   string     `json:"address"`
	Size      int        `json:"size"`
	Conflicts []Conflict `json:"conflicts"`
}

// Build brings chain c's cluster build under the store's directory up to
// date: it applies only the blocks added since the last build when it
// can (same heuristics, same exchange wallets, no block rewritten), and
// rebuilds from scratch otherwise.
func Build(st *store.Store, c chain.Info, o Options) (*Report, error) {
	t0 := time.Now()
	if o.Heuristics == 0 {
		o.Heuristics = Defaults(c.Kind)
	}
	b, err := newBuilder(st, c, o)
	if err != nil {
		return nil, err
	}
	if err := b.run(); err != nil {
		return nil, err
	}
	if b.built != "fresh" {
		if err := save(Dir(st.Dir(), c), b.st); err != nil {
			return nil, err
		}
	}
	cs := fromState(c, b.st)
	r := &Report{Chain: c.Name, Built: b.built, Heuristics: o.Heuristics.Names(), Seq: b.st.Seq,
		LastBlock: b.st.LastBlock, Addresses: cs.Len() - 1, Summary: cs.Summarize(10), Stats: b.st.Stats,
		Conflicts: []ClusterConflict{}}
	if err := nameTop(st, c, r.Top); err != nil {
		return nil, err
	}
	r.ElapsedMS = time.Since(t0).Milliseconds()
	return r, nil
}

// nameTop fills the address of each top cluster.
func nameTop(st *store.Store, c chain.Info, top []TopCluster) error {
	d, err := st.Addresses(c)
	if err != nil {
		return err
	}
	for i := range top {
		if top[i].Address, err = store.AddressName(c, d, chain.AddrID(top[i].ID)); err != nil {
			return err
		}
	}
	return nil
}

// builder carries one Build.
type builder struct {
	s     *store.Store
	c     chain.Info
	o     Options
	st    *state
	after uint64 // blocks after this one are new (when !full)
	full  bool
	built string
	seq   uint64
	n     int // address IDs are < n
}

func newBuilder(s *store.Store, c chain.Info, o Options) (*builder, error) {
	b := &builder{s: s, c: c, o: o}
	seq, err := s.ChangeSeq(c)
	if err != nil {
		return nil, err
	}
	d, err := s.Addresses(c)
	if err != nil {
		return nil, err
	}
	b.seq, b.n = seq, d.Len()+1
	if b.n > MaxIDs {
		return nil, fmt.Errorf("cluster: %s has %d addresses, more than the %d a build holds", c.Name, d.Len(), MaxIDs-1)
	}
	m, a, err := load(Dir(s.Dir(), c), false) // copied: an update changes the arrays
	switch {
	case errors.Is(err, ErrNoBuild):
		return b.fresh("first build"), nil
	case errors.Is(err, ErrBadFile):
		return b.fresh("damaged files"), nil
	case err != nil:
		return nil, err
	case o.Full:
		return b.fresh("--full"), nil
	case m.heuristicSet() != o.Heuristics:
		return b.fresh(fmt.Sprintf("heuristics changed (%s)", m.heuristicSet())), nil
	}
	changes, err := s.Changes(c, m.Seq)
	if err != nil {
		return nil, err
	}
	for _, ch := range changes {
		if m.Blocks && ch.Lowest <= m.LastBlock {
			return b.fresh(fmt.Sprintf("blocks %d-%d rewritten", ch.Lowest, ch.Highest)), nil
		}
	}
	b.st = resume(m, a)
	b.st.Stats.Rebuilt = ""
	b.after, b.built = m.LastBlock, "appended"
	if len(changes) == 0 {
		b.built = "fresh"
	}
	if !m.Blocks {
		b.full = true
	}
	return b, nil
}

// fresh starts a full build.
func (b *builder) fresh(why string) *builder {
	b.st = newState(Manifest{Chain: b.c.Name, Heuristics: b.o.Heuristics.Names()}, b.n)
	b.st.Stats.Rebuilt = why
	b.full, b.built = true, "rebuilt"
	return b
}

// run applies the heuristics to the new blocks.
func (b *builder) run() error {
	b.st.grow(b.n)
	var err error
	if b.c.Kind == chain.UTXO {
		err = b.utxo()
	} else {
		err = b.account()
	}
	if errors.Is(err, errRebuild) {
		b.st.links = [8]int{}
		b.fresh(err.Error())
		b.st.grow(b.n)
		if b.c.Kind == chain.UTXO {
			err = b.utxo()
		} else {
			err = b.account()
		}
	}
	if err != nil {
		return err
	}
	b.st.flushLinks()
	if b.st.keyed < b.n {
		d, err := b.s.Addresses(b.c)
		if err != nil {
			return err
		}
		if err := b.st.keys.extend(d, b.st.keyed, b.n); err != nil {
			return err
		}
		b.st.keyed = b.n
	}
	b.st.Seq = b.seq
	_, last, ok, err := b.s.BlockRange(b.c)
	if err != nil {
		return err
	}
	if ok {
		b.st.LastBlock, b.st.Blocks = last, true
	}
	return nil
}

// errRebuild asks for a full rebuild (the reason is its text).
var errRebuild = errors.New("rebuild")
