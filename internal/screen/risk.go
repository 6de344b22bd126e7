package screen

import (
	"fmt"
	"strings"
)

// Risk is a risk level: none < low < medium < high < severe.
type Risk string

// The risk levels of the contract.
const (
	None   Risk = "none"
	Low    Risk = "low"
	Medium Risk = "medium"
	High   Risk = "high"
	Severe Risk = "severe"
)

var riskRank = map[Risk]int{None: 0, Low: 1, Medium: 2, High: 3, Severe: 4}

// Rank orders risk levels (none 0 .. severe 4; unknown -1).
func (r Risk) Rank() int {
	if n, ok := riskRank[r]; ok {
		return n
	}
	return -1
}

// ParseRisk parses a risk level name (case-insensitive).
func ParseRisk(s string) (Risk, error) {
	r := Risk(strings.ToLower(strings.TrimSpace(s)))
	if r.Rank() < 0 {
		return "", fmt.Errorf("risk %q: want none, low, medium, high or severe", s)
	}
	return r, nil
}
