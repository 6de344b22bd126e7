package screen

import (
	_ "embed"
	"fmt"
	"slices"

	"github.com/vigil-project/vigil/internal/intel"
)

// Rules grade a screening. They are ordered: the first rule whose
// condition holds decides the risk (so put the most severe rules first);
// when none holds the risk is none.
type Rules struct {
	// Source names where the rules came from (a file, or "default").
	Source string
	risky  []intel.Category
	list   []Rule
}

// Rule is one graded condition.
type Rule struct {
	Name string
	When Condition
	Risk Risk
	Line int // line in the rules file (0 when built in code)
}

// Condition is what a rule asks of a screening. Every field that is set
// must hold; a condition with nothing set always holds (a catch-all).
type Condition struct {
	// DirectCategory: some current label of the address has one of these
	// categories ("any": any risky category).
	DirectCategory []string
	// MinConfidence bounds the confidence of that label (0: any).
	MinConfidence int
	// IndirectCategory: some indirect exposure has one of these
	// categories ("any": any risky category). MinShare, Direction and
	// MaxHops qualify that exposure and imply IndirectCategory "any".
	IndirectCategory []string
	MinShare         Share
	Direction        string // "received", "sent" or "" (either)
	MaxHops          int    // 0: any within the screening's hops
}

// Share is an exact decimal fraction Num/Den in [0, 1].
type Share struct {
	Num, Den uint64
	Text     string // as written
}

//go:embed default_rules.yaml
var defaultYAML []byte

var defaultRules = mustParse(defaultYAML, "default")

// DefaultRules returns the rules built into the binary
// (default_rules.yaml).
func DefaultRules() *Rules { return defaultRules }

// DefaultYAML returns the text of the built-in rules.
func DefaultYAML() []byte { return slices.Clone(defaultYAML) }

func mustParse(b []byte, name string) *Rules {
	r, err := ParseRules(b, name)
	if err != nil {
		panic(fmt.Sprintf("screen: built-in rules: %v", err)) // a build defect, caught by every test
	}
	return r
}

// List returns the rules in order.
func (r *Rules) List() []Rule { return slices.Clone(r.list) }

// Risky returns the categories counted as risky for indirect exposure.
func (r *Rules) Risky() []intel.Category { return slices.Clone(r.risky) }

// IsRisky reports whether category c is risky.
func (r *Rules) IsRisky(c intel.Category) bool { return slices.Contains(r.risky, c) }

// DefaultRisky are the risky categories when a rules file names none.
var DefaultRisky = []intel.Category{intel.Sanctioned, intel.Heist, intel.Mixer, intel.Scam,
	intel.ITWorker, intel.Facilitator, intel.DarknetMarket, intel.Blocklisted}
