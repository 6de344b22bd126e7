package intel

import (
	"fmt"
	"strconv"
	"strings"
)

// ConfidenceLevel is a named confidence level of the GraphSense TagPack
// taxonomy.
type ConfidenceLevel struct {
	Name  string
	Level int
}

// ConfidenceLevels are the GraphSense levels, from
// graphsense-tagpack-tool src/tagpack/db/confidence.csv (commit a14a1597,
// 2025-09-04), highest first.
var ConfidenceLevels = []ConfidenceLevel{
	{"override", 100},
	{"ownership", 100},
	{"ledger_immanent", 100},
	{"manual_transaction", 90},
	{"service_api", 70},
	{"forensic_investigation", 70},
	{"authority_data", 60},
	{"trusted_provider", 50},
	{"service_data", 50},
	{"forensic", 50},
	{"untrusted_transaction", 40},
	{"web_crawl", 20},
	{"heuristic", 10},
	{"unknown", 5},
}

// CheckConfidence reports whether v is within 0..100.
func CheckConfidence(v int) error {
	if v < 0 || v > 100 {
		return fmt.Errorf("confidence %d out of range 0..100", v)
	}
	return nil
}

// ParseConfidence accepts a GraphSense level name (case-insensitive) or an
// integer 0..100.
func ParseConfidence(s string) (int, error) {
	s = strings.TrimSpace(s)
	if n, err := strconv.Atoi(s); err == nil {
		return n, CheckConfidence(n)
	}
	low := strings.ToLower(s)
	for _, l := range ConfidenceLevels {
		if l.Name == low {
			return l.Level, nil
		}
	}
	return 0, fmt.Errorf("unknown confidence %q (use 0..100 or a GraphSense level such as authority_data, web_crawl, unknown)", s)
}

// ConfidenceName returns the first GraphSense level name whose level is v,
// or "" when none is.
func ConfidenceName(v int) string {
	for _, l := range ConfidenceLevels {
		if l.Level == v {
			return l.Name
		}
	}
	return ""
}
