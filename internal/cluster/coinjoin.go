package cluster

import "slices"

// Mix is the kind of CoinJoin a transaction was recognized as.
type Mix uint8

// The CoinJoin kinds, in the order they are tested.
const (
	NotMix     Mix = iota
	Whirlpool      // Samourai/Sparrow Whirlpool: 5 in, 5 equal out at a pool denomination
	Wasabi         // Wasabi 1 (≈0.1 BTC equal outputs) or Wasabi 2 (many standard denominations)
	JoinMarket     // maker/taker: d equal outputs plus d-1 or d change outputs
	GenericMix     // the research rule (BlockSci, Kalodner et al. 2020)
)

var mixNames = [...]string{"none", "whirlpool", "wasabi", "joinmarket", "generic"}

// String names the kind.
func (m Mix) String() string { return mixNames[m] }

// Thresholds of CoinJoin detection (see docs/clustering.md).
const (
	// WasabiMinEqual is the least number of equal outputs of a Wasabi 1
	// round; WasabiDenom ± WasabiTolerance is its denomination (satoshi).
	WasabiMinEqual  = 10
	WasabiDenom     = 10_000_000
	WasabiTolerance = 2_000_000
	// Wasabi2MinIO is the least number of inputs and of outputs of a
	// Wasabi 2 round, Wasabi2StdShare the least percentage of its outputs
	// at standard denominations.
	Wasabi2MinIO    = 50
	Wasabi2StdShare = 50
	// JoinMarketMinEqual is the least number of equal outputs (participants)
	// of a JoinMarket-style transaction.
	JoinMarketMinEqual = 3
)

// whirlpoolPools are the Whirlpool pool denominations in satoshi.
var whirlpoolPools = []uint64{100_000, 1_000_000, 5_000_000, 50_000_000}

// DetectCoinJoin says whether t is a CoinJoin, and which kind. Only
// transactions with at least two inputs are considered: with one input
// there is nothing to link anyway.
func DetectCoinJoin(t *Tx) Mix {
	var sc scratch
	return sc.coinJoin(t)
}

func (sc *scratch) coinJoin(t *Tx) Mix {
	nIn, nOut := len(t.InAddr), len(t.OutAddr)
	if nIn < 2 || nOut < 2 {
		return NotMix
	}
	val, d := sc.mostCommon(t.OutValue)
	distinct := sc.distinctInputs(t.InAddr)
	switch {
	case nIn == 5 && nOut == 5 && d == 5 && slices.Contains(whirlpoolPools, val):
		return Whirlpool
	case d >= WasabiMinEqual && nIn >= d && val+WasabiTolerance >= WasabiDenom && val <= WasabiDenom+WasabiTolerance:
		return Wasabi
	case nIn >= Wasabi2MinIO && nOut >= Wasabi2MinIO && stdShare(t.OutValue) >= Wasabi2StdShare:
		return Wasabi
	case d >= JoinMarketMinEqual && (nOut == 2*d || nOut == 2*d-1) && nIn >= d && distinct >= d:
		return JoinMarket
	}
	return genericMix(nIn, nOut, distinct, val, d)
}

// genericMix is the BlockSci rule: at least 2 inputs and 3 outputs; the
// participants p = (outputs+1)/2 are no more than the inputs nor than the
// distinct input addresses; at least p outputs share the most common
// value (BlockSci asks for exactly p; more equal outputs, as in a 5x5
// mix, are no less a mix), which is not a dust/spam amount (546, 2730
// sat).
func genericMix(nIn, nOut, distinct int, val uint64, d int) Mix {
	if nOut < 3 {
		return NotMix
	}
	p := (nOut + 1) / 2
	if p > nIn || p > distinct || d < p || val == 546 || val == 2730 {
		return NotMix
	}
	return GenericMix
}

// mostCommon returns the most frequent non-zero value of vs and its count
// (the larger value on ties).
func (sc *scratch) mostCommon(vs []uint64) (uint64, int) {
	sc.vals = append(sc.vals[:0], vs...)
	slices.Sort(sc.vals)
	var best uint64
	n := 0
	for i := 0; i < len(sc.vals); {
		j := i + 1
		for j < len(sc.vals) && sc.vals[j] == sc.vals[i] {
			j++
		}
		if sc.vals[i] != 0 && j-i >= n {
			best, n = sc.vals[i], j-i
		}
		i = j
	}
	return best, n
}

// distinctInputs counts the distinct input addresses (0 excluded).
func (sc *scratch) distinctInputs(as []uint32) int {
	sc.addrs = append(sc.addrs[:0], as...)
	slices.Sort(sc.addrs)
	n := 0
	for i, a := range sc.addrs {
		if a != 0 && (i == 0 || a != sc.addrs[i-1]) {
			n++
		}
	}
	return n
}

// stdShare returns the percentage of vs at a standard denomination.
func stdShare(vs []uint64) int {
	n := 0
	for _, v := range vs {
		if standardDenom(v) {
			n++
		}
	}
	return n * 100 / max(len(vs), 1)
}

// standardDenom reports whether v (satoshi, ≥ 5000) is one of Wasabi 2's
// standard denominations: 2^k, 3·2^k, 10^k, 2·10^k or 5·10^k.
func standardDenom(v uint64) bool {
	if v < 5000 {
		return false
	}
	for _, m := range []uint64{1, 3} {
		if v%m == 0 && isPow2(v/m) {
			return true
		}
	}
	for _, m := range []uint64{1, 2, 5} {
		if v%m == 0 && isPow10(v/m) {
			return true
		}
	}
	return false
}

func isPow2(v uint64) bool { return v != 0 && v&(v-1) == 0 }

func isPow10(v uint64) bool {
	for v >= 10 && v%10 == 0 {
		v /= 10
	}
	return v == 1
}
