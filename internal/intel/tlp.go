package intel

import (
	"fmt"
	"strings"
)

// TLP is a Traffic Light Protocol 2.0 sharing level.
type TLP string

// The TLP 2.0 levels.
const (
	TLPClear       TLP = "CLEAR"
	TLPGreen       TLP = "GREEN"
	TLPAmber       TLP = "AMBER"
	TLPAmberStrict TLP = "AMBER+STRICT"
	TLPRed         TLP = "RED"
)

// TLPLevels lists the levels from least to most restricted.
var TLPLevels = []TLP{TLPClear, TLPGreen, TLPAmber, TLPAmberStrict, TLPRed}

// ParseTLP accepts a TLP 2.0 level in any case, with or without a "TLP:"
// prefix; TLP 1.0 "WHITE" maps to CLEAR.
func ParseTLP(s string) (TLP, error) {
	u := strings.ToUpper(strings.TrimSpace(s))
	u = strings.TrimPrefix(u, "TLP:")
	if u == "WHITE" {
		return TLPClear, nil
	}
	for _, t := range TLPLevels {
		if string(t) == u {
			return t, nil
		}
	}
	return "", fmt.Errorf("unknown TLP %q (use CLEAR, GREEN, AMBER, AMBER+STRICT or RED)", s)
}

// DefaultTLP is the TLP of labels whose input states none: public sources
// (OFAC, public TagPacks, the named public CSV/JSON formats) are CLEAR;
// user-supplied CSV and STIX without markings default to AMBER, so private
// data is not shared by accident.
func DefaultTLP(importer string) TLP {
	switch importer {
	case ImporterOFACXML, ImporterOFACList, ImporterTagPack:
		return TLPClear
	}
	return TLPAmber
}
