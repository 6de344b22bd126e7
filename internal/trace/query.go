package trace

import (
	"fmt"

	"github.com/vigil-project/vigil/internal/chain"
)

// Policy says how taint mixes with clean value at an address.
type Policy uint8

// The policies of docs/tracing.md.
const (
	Haircut Policy = iota // proportional share of the balance
	Poison                // any taint taints everything after it
	FIFO                  // first in, first out
)

var policyNames = [...]string{Haircut: "haircut", Poison: "poison", FIFO: "fifo"}

// String returns the contract name of p.
func (p Policy) String() string {
	if int(p) < len(policyNames) {
		return policyNames[p]
	}
	return fmt.Sprintf("policy(%d)", uint8(p))
}

// ParsePolicy parses a contract policy name.
func ParsePolicy(s string) (Policy, error) {
	for i, n := range policyNames {
		if n == s {
			return Policy(i), nil
		}
	}
	return 0, fmt.Errorf("policy %q: want haircut, poison or fifo", s)
}

// DefaultMaxHops is the contract's default --max-hops.
const DefaultMaxHops = 64

// Query is one trace request.
type Query struct {
	Chain      chain.Info
	Seeds      []string // addresses as the user gave them
	SinceBlock uint64
	Policy     Policy
	MaxHops    int // 0 means DefaultMaxHops
	// Backward asks where the seeds' received value came from instead of
	// where their sent value went (see docs/tracing.md, Backward).
	Backward bool
	// Edges asks for Result.Edges, the traced subgraph (for --graph).
	Edges bool
}

// Result is the answer to a Query, shaped as the contract's JSON.
type Result struct {
	Chain     string     `json:"chain"`
	Policy    string     `json:"policy"`
	Direction string     `json:"direction"`
	Seeds     []string   `json:"seeds"`
	Endpoints []Endpoint `json:"endpoints"`
	Resting   []Resting  `json:"resting"`
	Stats     Stats      `json:"stats"`
	// Edges is the traced subgraph, filled when Query.Edges is set (for
	// --graph); not part of the JSON.
	Edges []Edge `json:"-"`
}

// Endpoint is where tainted value arrived at a service or deposit address.
type Endpoint struct {
	Address    string   `json:"address"`
	Entity     string   `json:"entity"`
	Category   string   `json:"category"`
	DepositFor *string  `json:"deposit_for"`
	Asset      string   `json:"asset"`
	Amount     string   `json:"amount"`
	Hops       int      `json:"hops"`
	FirstBlock uint64   `json:"first_block"`
	LastBlock  uint64   `json:"last_block"`
	Path       []string `json:"path"`
}

// Resting is tainted value still held at an address.
type Resting struct {
	Address string `json:"address"`
	Asset   string `json:"asset"`
	Amount  string `json:"amount"`
}

// Stats says how much work a trace did.
type Stats struct {
	TransfersVisited int64    `json:"transfers_visited"`
	ElapsedMS        int64    `json:"elapsed_ms"`
	Addresses        int      `json:"addresses_tainted"`
	Fees             []Amount `json:"fees,omitempty"` // UTXO chains: tainted value paid as fees
	Truncated        bool     `json:"truncated,omitempty"`
}

// Amount is an amount of an asset.
type Amount struct {
	Asset  string `json:"asset"`
	Amount string `json:"amount"`
}

// Edge is one tainted move of the traced subgraph, aggregated per
// (from, to, asset).
type Edge struct {
	From, To, Asset string
	Amount          string
}
