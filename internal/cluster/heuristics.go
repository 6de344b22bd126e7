package cluster

import (
	"fmt"
	"strings"

	"github.com/vigil-project/vigil/internal/chain"
)

// Heuristic is one clustering heuristic (a bit of a Set).
type Heuristic uint8

// The heuristics.
const (
	MultiInput    Heuristic = 1 << iota // UTXO: inputs spent together, CoinJoins excepted
	ChangeFresh                         // UTXO: the only output to a never-seen address is change
	ChangeType                          // UTXO: the only output of the inputs' script type is change
	ChangeRound                         // UTXO: beside a round payment, the other output is change
	ChangeOptimal                       // UTXO: the only output smaller than every input is change
	Deposit                             // deposit addresses join their exchange (account and UTXO rules)
)

// Set is a set of heuristics.
type Set uint8

var heuristicNames = []struct {
	h    Heuristic
	name string
	conf int
}{
	{MultiInput, "multi-input", 90},
	{ChangeFresh, "change-fresh", 60},
	{ChangeType, "change-type", 55},
	{ChangeRound, "change-round", 50},
	{ChangeOptimal, "change-optimal", 40},
	{Deposit, "deposit", 90},
}

// String names h.
func (h Heuristic) String() string {
	for _, n := range heuristicNames {
		if n.h == h {
			return n.name
		}
	}
	return fmt.Sprintf("heuristic(%d)", uint8(h))
}

// Confidence is how far a link made by h is trusted (0-100): a label
// inherited through a cluster built with h has at most this confidence
// (scaled by the label's own).
func (h Heuristic) Confidence() int {
	for _, n := range heuristicNames {
		if n.h == h {
			return n.conf
		}
	}
	return 0
}

// Has reports whether s contains h.
func (s Set) Has(h Heuristic) bool { return s&Set(h) != 0 }

// List returns the heuristics of s in order.
func (s Set) List() []Heuristic {
	var out []Heuristic
	for _, n := range heuristicNames {
		if s.Has(n.h) {
			out = append(out, n.h)
		}
	}
	return out
}

// Names returns the names of s in order.
func (s Set) Names() []string {
	out := []string{}
	for _, h := range s.List() {
		out = append(out, h.String())
	}
	return out
}

// String is the comma-separated names of s.
func (s Set) String() string { return strings.Join(s.Names(), ",") }

// Confidence is the least confidence of the heuristics in s (100 for the
// empty set).
func (s Set) Confidence() int {
	c := 100
	for _, h := range s.List() {
		c = min(c, h.Confidence())
	}
	return c
}

// Defaults returns the heuristics on by default for a chain kind:
// multi-input and deposit for UTXO chains, deposit for account chains.
// The change heuristics are off by default.
func Defaults(k chain.Kind) Set {
	if k == chain.UTXO {
		return Set(MultiInput | Deposit)
	}
	return Set(Deposit)
}

// The heuristics of each chain kind, and the change heuristics.
const (
	changeSet   = Set(ChangeFresh | ChangeType | ChangeRound | ChangeOptimal)
	utxoOnly    = Set(MultiInput|Deposit) | changeSet
	accountOnly = Set(Deposit)
)

// ParseSet parses a comma-separated list of heuristic names for a chain
// kind ("" gives the defaults).
func ParseSet(s string, k chain.Kind) (Set, error) {
	if strings.TrimSpace(s) == "" {
		return Defaults(k), nil
	}
	var set Set
	for _, p := range strings.Split(s, ",") {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		h, ok := heuristicByName(p)
		if !ok {
			return 0, fmt.Errorf("unknown heuristic %q (want %s)", p, strings.Join(allNames(), ", "))
		}
		set |= Set(h)
	}
	allowed, kind := utxoOnly, "UTXO"
	if k != chain.UTXO {
		allowed, kind = accountOnly, "account"
	}
	if bad := set &^ allowed; bad != 0 {
		return 0, fmt.Errorf("heuristic %s does not apply to %s chains", bad, kind)
	}
	if set == 0 {
		return 0, fmt.Errorf("no heuristic given")
	}
	return set, nil
}

func heuristicByName(name string) (Heuristic, bool) {
	for _, n := range heuristicNames {
		if n.name == name {
			return n.h, true
		}
	}
	return 0, false
}

func allNames() []string {
	var out []string
	for _, n := range heuristicNames {
		out = append(out, n.name)
	}
	return out
}
