package namescreen

import (
	"math"
	"strconv"
)

// DefaultThreshold is the score at or above which a name is reported as a
// match (see docs/screening.md for the precision and recall it gives).
const DefaultThreshold = 0.88

// DefaultLimit is the number of matches Screen returns when Options.Limit
// is 0.
const DefaultLimit = 10

// Entry is one listed entity with every name it is known by.
type Entry struct {
	Entity      string   // primary name
	Aliases     []string // other names (any script)
	Source      string   // where the listing comes from
	List        string   // e.g. "SDN List"
	Programs    []string // e.g. DPRK3
	ListEntryID string   // e.g. the SDN FixedRef
	Type        string   // individual, entity, vessel, aircraft, or ""
}

// Options tune one screening. The zero value uses the defaults.
type Options struct {
	Threshold float64 // minimum score 0–1; 0 means DefaultThreshold
	Limit     int     // at most this many matches; 0 means DefaultLimit, <0 all
}

// Match is one entity whose name or alias scored at least the threshold.
type Match struct {
	Entity      string   `json:"entity"`
	Alias       string   `json:"alias"` // the name of the entity that matched best
	Score       Score    `json:"score"`
	Source      string   `json:"source"`
	List        string   `json:"list,omitempty"`
	Programs    []string `json:"programs"`
	ListEntryID string   `json:"list_entry_id,omitempty"`
}

// Score is a similarity 0–1. It marshals to JSON as a decimal string with
// two digits, rounded down ("0.93"), so that only an exact match shows 1.00.
type Score float64

// String formats s with two digits, rounded down.
func (s Score) String() string {
	v := math.Floor(float64(s)*100+1e-9) / 100
	return strconv.FormatFloat(v, 'f', 2, 64)
}

// MarshalJSON writes s as a quoted decimal string.
func (s Score) MarshalJSON() ([]byte, error) {
	return []byte(`"` + s.String() + `"`), nil
}

func (o Options) threshold() float64 {
	if o.Threshold <= 0 {
		return DefaultThreshold
	}
	return o.Threshold
}

func (o Options) limit() int {
	if o.Limit == 0 {
		return DefaultLimit
	}
	return o.Limit
}
