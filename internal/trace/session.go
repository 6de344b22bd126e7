package trace

import (
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/graph"
	"github.com/vigil-project/vigil/internal/store"
)

// Session keeps one chain's graph index (memory-mapped) and its address
// and token dictionaries open for many traces, so that a trace costs the
// traversal only (Run opens the index per call). A Session is safe for
// concurrent use; it reflects the store as it was when opened.
type Session struct {
	st *store.Store
	c  chain.Info
	x  *graph.Index     // account chains
	ux *graph.UTXOIndex // UTXO chains
	// mu guards d and tokens: a store.Dict is not safe for concurrent use.
	mu        sync.Mutex
	d, tokens *store.Dict
	// ext lists, per address, the inputs spending outputs the index does
	// not hold (a range ingested without its history); built on first use.
	extOnce sync.Once
	ext     map[uint32][]extInput
}

// ErrClosed is returned by a Session used after Close.
var ErrClosed = errors.New("trace: session closed")

// Open opens (updating it first when the store changed) the graph index of
// chain c and returns a Session over it.
func Open(st *store.Store, c chain.Info) (*Session, error) {
	s := &Session{st: st, c: c}
	var err error
	if s.d, err = st.Addresses(c); err != nil {
		return nil, err
	}
	if s.tokens, err = st.Tokens(c); err != nil {
		return nil, err
	}
	if c.Kind == chain.UTXO {
		s.ux, err = graph.OpenUTXO(st, c)
	} else {
		s.x, err = graph.Open(st, c)
	}
	if err != nil {
		return nil, err
	}
	return s, nil
}

// Chain returns the session's chain.
func (s *Session) Chain() chain.Info { return s.c }

// Close releases the index. Traces still running must finish first.
func (s *Session) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	var err error
	if s.x != nil {
		err = s.x.Close()
	}
	if s.ux != nil {
		err = s.ux.Close()
	}
	s.x, s.ux = nil, nil
	return err
}

// AddressID returns the store ID of addr (any accepted spelling); ok is
// false when the store has never seen it. A malformed address is an
// error.
func (s *Session) AddressID(addr string) (id uint32, ok bool, err error) {
	key, err := store.AddressKey(s.c, addr)
	if err != nil {
		return 0, false, fmt.Errorf("address %q: %w", addr, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.d.Lookup(key)
}

// AddressName returns the display form of address ID id.
func (s *Session) AddressName(id uint32) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return store.AddressName(s.c, s.d, chain.AddrID(id))
}

// AssetName returns the contract name of asset ID id (0: the native coin).
func (s *Session) AssetName(id uint32) (string, error) {
	if id == 0 {
		return s.c.Name, nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return store.AssetName(s.c, s.tokens, id)
}

// Run answers q like the package-level Run, over the session's index and
// with labels already resolved (LoadLabels or NewLabels); labels may be
// nil.
func (s *Session) Run(q Query, labels *Labels) (*Result, error) {
	if len(q.Seeds) == 0 {
		return nil, errors.New("trace: at least one seed is needed")
	}
	if s.x == nil && s.ux == nil {
		return nil, ErrClosed
	}
	if q.MaxHops <= 0 {
		q.MaxHops = DefaultMaxHops
	}
	if labels == nil {
		labels = NewLabels(nil)
	}
	t0 := time.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	ids, names, err := SeedIDs(s.c, s.d, q.Seeds)
	if err != nil {
		return nil, err
	}
	res, err := s.runLocked(q, labels, ids)
	if err != nil {
		return nil, fmt.Errorf("trace: %w", err)
	}
	res.Chain, res.Policy, res.Seeds = s.c.Name, q.Policy.String(), names
	res.Direction = "forward"
	if q.Backward {
		res.Direction = "backward"
	}
	res.Stats.ElapsedMS = time.Since(t0).Milliseconds()
	return res, nil
}

// runLocked runs q from the seed IDs and formats the result (s.mu held).
func (s *Session) runLocked(q Query, labels *Labels, ids []uint32) (*Result, error) {
	if s.ux != nil {
		n := &utxoNames{st: s.st, c: s.c, d: s.d, x: s.ux}
		if q.Backward {
			b := newBackUTXO(s.ux, q, labels)
			b.run(ids, q.SinceBlock)
			return b.result(n, s.c)
		}
		u := newUTXOTrace(s.ux, q, labels, ids)
		u.run()
		return u.result(n)
	}
	r := &resolver{st: s.st, c: s.c, d: s.d, tokens: s.tokens, x: s.x, hashes: map[uint32]string{}}
	if q.Backward {
		b := newBack(s.x, q, labels, ids)
		b.run(q.SinceBlock)
		return b.result(r)
	}
	a := newAcct(s.x, q, labels, ids)
	a.run()
	return a.result(r)
}
