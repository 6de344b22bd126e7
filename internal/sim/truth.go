package sim

import (
	"cmp"
	"encoding/json"
	"math/big"
	"os"
	"path/filepath"
	"slices"
)

// Truth is the known answer of a simulated heist, written as truth.json.
type Truth struct {
	Chain      string   `json:"chain"`
	Seed       uint64   `json:"seed"`
	StartBlock uint64   `json:"start_block"` // first block of the export
	TheftBlock uint64   `json:"theft_block"` // block of the theft
	Seeds      []string `json:"seeds"`       // addresses that received the stolen value
	Victim     string   `json:"victim"`      // the drained hot wallet
	// StolenBeforeSwaps is what left the victim, per asset.
	StolenBeforeSwaps []Amount `json:"stolen_before_swaps"`
	// Stolen is per asset after the attacker's swaps: ETH swapped away is
	// subtracted, tokens received are added (exact swap ratios).
	Stolen       []Amount       `json:"stolen"`
	Swaps        []Swap         `json:"swaps"`
	Endpoints    []Endpoint     `json:"endpoints"`
	Resting      []Amount       `json:"resting"`
	Conservation []Conservation `json:"conservation"`
	// Fees is stolen value paid as transaction fees, per asset (UTXO
	// chains: stolen = endpoints + resting + fees).
	Fees []Amount `json:"fees,omitempty"`
	// Commingled lists the attacker addresses that also received clean
	// value (eth with Config.Commingle; see truth_policy.go).
	Commingled []string `json:"commingled,omitempty"`
	// Policies is the exact answer per taint policy ("haircut", "poison",
	// "fifo") when the scenario has commingling; the top-level stolen,
	// endpoints, resting and conservation are then the haircut answer.
	Policies map[string]PolicyTruth `json:"policies,omitempty"`
	// ITWorkers describes the IT-worker payroll pattern (Config.ITWorkers).
	ITWorkers *ITWorkers `json:"it_workers,omitempty"`
}

// Amount is an amount of an asset, at an address when Address is set.
type Amount struct {
	Address string `json:"address,omitempty"`
	Asset   string `json:"asset"`
	Amount  string `json:"amount"`
}

// Swap is one attacker swap at a DEX pool: exactly AmountIn of AssetIn for
// exactly AmountOut of AssetOut.
type Swap struct {
	Tx        string `json:"tx"`
	Address   string `json:"address"`
	Pool      string `json:"pool"`
	AssetIn   string `json:"asset_in"`
	AmountIn  string `json:"amount_in"`
	AssetOut  string `json:"asset_out"`
	AmountOut string `json:"amount_out"`
}

// Endpoint is where stolen value arrived at a service: a deposit address
// (Entity is its exchange, DepositFor its hot wallet), a mixer or a bridge.
type Endpoint struct {
	Address    string  `json:"address"`
	Entity     string  `json:"entity"`
	Category   string  `json:"category"`
	DepositFor *string `json:"deposit_for"`
	Asset      string  `json:"asset"`
	Amount     string  `json:"amount"`
}

// Conservation is the self-check of one asset: Stolen = Endpoints + Resting.
type Conservation struct {
	Asset     string `json:"asset"`
	Stolen    string `json:"stolen"`
	Endpoints string `json:"endpoints"`
	Resting   string `json:"resting"`
	Fees      string `json:"fees,omitempty"` // UTXO chains: stolen value paid as fees
	OK        bool   `json:"ok"`
}

// key is an (address, asset) pair.
type key struct {
	a     addr
	asset string
}

// sums accumulates amounts per key, remembering first-seen order.
type sums struct {
	m     map[key]*big.Int
	order []key
}

func newSums() *sums { return &sums{m: map[key]*big.Int{}} }

func (s *sums) get(k key) *big.Int {
	v, ok := s.m[k]
	if !ok {
		v = new(big.Int)
		s.m[k] = v
		s.order = append(s.order, k)
	}
	return v
}

func (s *sums) add(k key, v *big.Int) { s.get(k).Add(s.get(k), v) }

// perAsset totals s per asset.
func (s *sums) perAsset() map[string]*big.Int {
	out := map[string]*big.Int{}
	for _, k := range s.order {
		if out[k.asset] == nil {
			out[k.asset] = new(big.Int)
		}
		out[k.asset].Add(out[k.asset], s.m[k])
	}
	return out
}

// amounts lists the non-zero entries of s sorted by asset then address.
func (s *sums) amounts() []Amount {
	var out []Amount
	for _, k := range s.order {
		if v := s.m[k]; v.Sign() != 0 {
			out = append(out, Amount{Address: k.a.String(), Asset: k.asset, Amount: v.String()})
		}
	}
	slices.SortFunc(out, func(x, y Amount) int {
		return cmp.Or(cmp.Compare(x.Asset, y.Asset), cmp.Compare(x.Address, y.Address))
	})
	return out
}

// assetAmounts lists m sorted by asset.
func assetAmounts(m map[string]*big.Int) []Amount {
	out := make([]Amount, 0, len(m))
	for a, v := range m {
		out = append(out, Amount{Asset: a, Amount: v.String()})
	}
	slices.SortFunc(out, func(x, y Amount) int { return cmp.Compare(x.Asset, y.Asset) })
	return out
}

func writeJSON(dir, name string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, name), append(b, '\n'), 0o644)
}
