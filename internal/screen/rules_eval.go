package screen

import (
	"fmt"
	"math/big"
	"strings"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/intel"
)

// grade sets r.Risk from the first rule that holds (and r.Explain when
// asked).
func (rs *Rules) grade(r *Result, explain bool) {
	r.Risk = None
	for i := range rs.list {
		rule := &rs.list[i]
		d, x, ok := rs.holds(&rule.When, r)
		if !ok {
			continue
		}
		r.Risk = rule.Risk
		if explain {
			r.Explain = &Explain{Rule: rule.Name, Reason: reason(&rule.When, d, x)}
		}
		return
	}
	if explain {
		r.Explain = &Explain{Rule: "", Reason: "no rule matched"}
	}
}

// holds checks c against r and returns the label and exposure that
// satisfied it (nil for the parts c does not ask about).
func (rs *Rules) holds(c *Condition, r *Result) (*Direct, *Indirect, bool) {
	var d *Direct
	var x *Indirect
	if c.DirectCategory != nil {
		if d = rs.directMatch(c, r.Direct); d == nil {
			return nil, nil, false
		}
	}
	if c.IndirectCategory != nil {
		if x = rs.indirectMatch(c, r.Indirect); x == nil {
			return nil, nil, false
		}
	}
	return d, x, true
}

// reason says why c held, from what satisfied it.
func reason(c *Condition, d *Direct, x *Indirect) string {
	var parts []string
	if d != nil {
		parts = append(parts, fmt.Sprintf("direct label %s: %s (source %s, confidence %d)", d.Category, d.Entity, d.Source, d.Confidence))
	}
	if x != nil {
		w := fmt.Sprintf("indirect %s exposure to %s: share %s of %s %s at %d hops", x.Category, x.Entity, x.Share, x.Direction, x.Asset, x.Hops)
		if c.MinShare.Den != 0 {
			w += " ≥ min_share " + c.MinShare.Text
		}
		parts = append(parts, w)
	}
	if len(parts) == 0 {
		return "always (empty condition)"
	}
	return strings.Join(parts, "; ")
}

// catIn reports whether category c is in names ("any": any risky one).
func (rs *Rules) catIn(c string, names []string) bool {
	for _, n := range names {
		if n == c || n == "any" && rs.IsRisky(intel.Category(c)) {
			return true
		}
	}
	return false
}

func (rs *Rules) directMatch(c *Condition, ds []Direct) *Direct {
	for i := range ds {
		if ds[i].Confidence >= c.MinConfidence && rs.catIn(ds[i].Category, c.DirectCategory) {
			return &ds[i]
		}
	}
	return nil
}

// indirectMatch returns the largest-share exposure satisfying c.
func (rs *Rules) indirectMatch(c *Condition, xs []Indirect) *Indirect {
	var best *Indirect
	for i := range xs {
		x := &xs[i]
		if !rs.catIn(x.Category, c.IndirectCategory) || c.Direction != "" && x.Direction != c.Direction ||
			c.MaxHops > 0 && x.Hops > c.MaxHops || !atLeast(x, c.MinShare) {
			continue
		}
		if best == nil || x.Share > best.Share {
			best = x
		}
	}
	return best
}

// atLeast reports amount/total ≥ s.Num/s.Den exactly (a zero total counts
// as a share of 1).
func atLeast(x *Indirect, s Share) bool {
	if s.Den == 0 || s.Num == 0 {
		return true
	}
	if x.total.IsZero() {
		return !x.amount.IsZero()
	}
	l := new(big.Int).Mul(x.amount.Big(), new(big.Int).SetUint64(s.Den))
	r := new(big.Int).Mul(x.total.Big(), new(big.Int).SetUint64(s.Num))
	return l.Cmp(r) >= 0
}

// formatShare formats min(amount/total, 1) rounded down to 4 decimals
// ("0.4200"); a zero total is a share of 1 when amount > 0. Own amounts
// never exceed the total; only value through a swap into several assets
// at once, which counts in the asset it arrived in, can (docs/screening.md).
func formatShare(amount, total chain.U256) string {
	if total.IsZero() || amount.Cmp(total) >= 0 {
		if amount.IsZero() {
			return "0.0000"
		}
		return "1.0000"
	}
	q := new(big.Int).Mul(amount.Big(), big.NewInt(10000))
	q.Quo(q, total.Big())
	return fmt.Sprintf("0.%04d", q.Int64())
}
