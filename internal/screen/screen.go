package screen

import (
	"errors"
	"fmt"
	"sync"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/intel"
	"github.com/vigil-project/vigil/internal/store"
)

// DefaultHops is how far indirect exposure looks by default.
const DefaultHops = 3

// MaxBatch bounds the addresses of one batch.
const MaxBatch = 100_000

// Options tune one screening.
type Options struct {
	// Hops bounds indirect exposure (0: DefaultHops).
	Hops int
	// DirectOnly skips indirect exposure.
	DirectOnly bool
	// Explain fills Result.Explain.
	Explain bool
}

// Result is the screening of one address, shaped as the contract's JSON.
type Result struct {
	Chain    string     `json:"chain"`
	Address  string     `json:"address"`
	Risk     Risk       `json:"risk"`
	Direct   []Direct   `json:"direct"`
	Indirect []Indirect `json:"indirect"`
	// Known is true when indirect exposure was computed: the store has
	// moves of the address (false with no store or Options.DirectOnly).
	Known   bool     `json:"known"`
	Explain *Explain `json:"explain,omitempty"`
}

// Direct is one current label of the screened address.
type Direct struct {
	Entity     string   `json:"entity"`
	Category   string   `json:"category"`
	Source     string   `json:"source"`
	Confidence int      `json:"confidence"`
	Actor      string   `json:"actor,omitempty"`
	Programs   []string `json:"programs,omitempty"`
}

// Indirect is exposure to one risky entity through the address's received
// value (direction "received": the entity is a source within Hops) or
// its sent value ("sent": the entity is where it arrived), in one asset.
// Share is Amount / Total, rounded down to 4 decimals.
type Indirect struct {
	Entity    string `json:"entity"`
	Category  string `json:"category"`
	Share     string `json:"share"`
	Hops      int    `json:"hops"`
	Direction string `json:"direction"`
	Asset     string `json:"asset"`
	Amount    string `json:"amount"`
	Total     string `json:"total"`
	// amount and total are the exact figures the rules compare.
	amount, total chain.U256
}

// Explain says which rule decided the risk and why.
type Explain struct {
	Rule   string `json:"rule"`
	Reason string `json:"reason"`
}

// ErrInvalidAddress marks an address that is malformed for its chain
// (bad length, characters or checksum).
var ErrInvalidAddress = errors.New("invalid address")

// Screener screens addresses. It is safe for concurrent use.
type Screener struct {
	st     *store.Store
	labels *intel.Index
	rules  *Rules
	mu     sync.Mutex
	chains map[chain.ID]*chainState
}

// New returns a Screener over the labels (nil: none) and rules (nil: the
// default rules). st may be nil: direct exposure only.
func New(st *store.Store, labels *intel.Index, rules *Rules) *Screener {
	if labels == nil {
		labels = intel.NewIndex(nil)
	}
	if rules == nil {
		rules = DefaultRules()
	}
	return &Screener{st: st, labels: labels, rules: rules, chains: map[chain.ID]*chainState{}}
}

// Close releases the graph indexes the Screener opened.
func (s *Screener) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	var err error
	for id, cs := range s.chains {
		if cs.sess != nil {
			err = errors.Join(err, cs.sess.Close())
		}
		delete(s.chains, id)
	}
	return err
}

// Rules returns the rules the Screener grades with.
func (s *Screener) Rules() *Rules { return s.rules }

// Screen screens addr on chain c. A malformed address is an error wrapping
// ErrInvalidAddress; an address the store does not know gets direct
// exposure only.
func (s *Screener) Screen(c chain.Info, addr string, o Options) (Result, error) {
	canon, err := canonical(c, addr)
	if err != nil {
		return Result{}, err
	}
	r := Result{Chain: c.Name, Address: canon, Indirect: []Indirect{}}
	r.Direct = s.direct(c.Name, canon)
	if s.st != nil && !o.DirectOnly {
		if err := s.indirect(c, &r, o); err != nil {
			return Result{}, err
		}
	}
	s.rules.grade(&r, o.Explain)
	return r, nil
}

// ScreenBatch screens addrs (at most MaxBatch) in order. The first bad
// address stops it: the error is a *BatchError naming it.
func (s *Screener) ScreenBatch(c chain.Info, addrs []string, o Options) ([]Result, error) {
	if len(addrs) > MaxBatch {
		return nil, fmt.Errorf("%d addresses: at most %d per batch", len(addrs), MaxBatch)
	}
	out := make([]Result, 0, len(addrs))
	for i, a := range addrs {
		r, err := s.Screen(c, a, o)
		if err != nil {
			return nil, &BatchError{Index: i, Input: a, Err: err}
		}
		out = append(out, r)
	}
	return out, nil
}

// BatchError names the item of a batch that failed.
type BatchError struct {
	Index int    // position in the batch, from 0
	Input string // the address as given
	Err   error
}

// Error implements error.
func (e *BatchError) Error() string {
	return fmt.Sprintf("item %d (%q): %v", e.Index+1, e.Input, e.Err)
}

// Unwrap returns the cause.
func (e *BatchError) Unwrap() error { return e.Err }
