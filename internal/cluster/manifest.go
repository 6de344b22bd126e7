package cluster

import "time"

// Manifest describes a cluster build: DATA/cluster/<chain>/MANIFEST.
type Manifest struct {
	Version    int       `json:"version"`
	Chain      string    `json:"chain"`
	Heuristics []string  `json:"heuristics"`
	Seq        uint64    `json:"seq"`        // store change-log sequence reflected
	LastBlock  uint64    `json:"last_block"` // last block clustered (when Blocks)
	Blocks     bool      `json:"blocks"`     // whether any block was clustered
	Addresses  int       `json:"addresses"`  // address IDs covered: 1..Addresses
	File       string    `json:"file"`       // the arrays (see file.go)
	BuiltAt    time.Time `json:"built_at"`
	// Wallets fingerprints the exchange wallets the deposit heuristic
	// used (account chains): other labels force a rebuild.
	Wallets uint64 `json:"wallets,omitempty"`
	Stats   Stats  `json:"stats"`
}

// manifestVersion is the current Manifest.Version.
const manifestVersion = 1

// Stats counts what the heuristics saw and did.
type Stats struct {
	Transactions  int            `json:"transactions"`             // UTXO transactions looked at
	MultiInput    int            `json:"multi_input"`              // of them with ≥ 2 inputs
	CoinJoins     map[string]int `json:"coinjoins,omitempty"`      // CoinJoins skipped, by kind
	Links         map[string]int `json:"links"`                    // links that merged two clusters, by heuristic
	Senders       int            `json:"senders,omitempty"`        // account: addresses checked for deposits
	Deposits      int            `json:"deposits,omitempty"`       // account: deposit addresses found
	ChangeSkipped int            `json:"change_reused,omitempty"`  // UTXO: txs paying an input address back
	Rebuilt       string         `json:"rebuild_reason,omitempty"` // why the last build was full
}

func (s *Stats) addLinks(h Heuristic, n int) {
	if s.Links == nil {
		s.Links = map[string]int{}
	}
	s.Links[h.String()] += n
}

func (s *Stats) addMix(m Mix) {
	if s.CoinJoins == nil {
		s.CoinJoins = map[string]int{}
	}
	s.CoinJoins[m.String()]++
}

// heuristicSet parses the manifest's heuristic names.
func (m *Manifest) heuristicSet() Set {
	var s Set
	for _, n := range m.Heuristics {
		if h, ok := heuristicByName(n); ok {
			s |= Set(h)
		}
	}
	return s
}
