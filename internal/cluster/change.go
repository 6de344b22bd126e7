package cluster

// Change-address heuristics: each names at most one output of a
// transaction as the spender's change, or none (-1). None fires on a
// coinbase, a CoinJoin, a transaction with fewer than two outputs, or one
// that already pays an input address back (the change is then known and
// linking it adds nothing). See docs/clustering.md.

// RoundUnit is the round-payment unit: a value that is a multiple of it
// (0.001 BTC) is taken for a payment typed in by a person.
const RoundUnit = 100_000

// changeCtx is what the change heuristics know beyond the transaction.
type changeCtx struct {
	hist  History // first receipt of every address (change-fresh)
	types []uint8 // script type of every address, 0 unknown (change-type)
}

// changeCandidate reports whether t is a transaction the change
// heuristics look at.
func changeCandidate(t *Tx) bool {
	if t.Coinbase || len(t.InAddr) == 0 || len(t.OutAddr) < 2 {
		return false
	}
	for _, o := range t.OutAddr {
		for _, i := range t.InAddr {
			if o == i {
				return false
			}
		}
	}
	return true
}

// changeFresh: exactly one output goes to an address never seen before
// this transaction, every other output to an address seen before.
func changeFresh(t *Tx, h History) int {
	k := -1
	for j, a := range t.OutAddr {
		if a == 0 {
			continue
		}
		if f := h.FirstOut(a); f >= t.OutRow {
			if k >= 0 {
				return -1
			}
			k = j
		}
	}
	return k
}

// changeType: every input has one script type T (known) and exactly one
// output has type T.
func changeType(t *Tx, types []uint8) int {
	typ := uint8(0)
	for _, a := range t.InAddr {
		if a == 0 || int(a) >= len(types) || types[a] == 0 || typ != 0 && types[a] != typ {
			return -1
		}
		typ = types[a]
	}
	k := -1
	for j, a := range t.OutAddr {
		if a != 0 && int(a) < len(types) && types[a] == typ {
			if k >= 0 {
				return -1
			}
			k = j
		}
	}
	return k
}

// changeRound: two outputs, exactly one of them a round amount (a multiple
// of RoundUnit): the other is change.
func changeRound(t *Tx) int {
	if len(t.OutValue) != 2 || t.OutAddr[0] == 0 || t.OutAddr[1] == 0 {
		return -1
	}
	r0, r1 := round(t.OutValue[0]), round(t.OutValue[1])
	switch {
	case r0 && !r1:
		return 1
	case r1 && !r0:
		return 0
	}
	return -1
}

func round(v uint64) bool { return v > 0 && v%RoundUnit == 0 }

// changeOptimal: exactly one output is smaller than every input (a wallet
// would not have spent an input it did not need to pay the others).
func changeOptimal(t *Tx) int {
	minIn := ^uint64(0)
	for _, v := range t.InValue {
		minIn = min(minIn, v)
	}
	k := -1
	for j, v := range t.OutValue {
		if t.OutAddr[j] != 0 && v < minIn {
			if k >= 0 {
				return -1
			}
			k = j
		}
	}
	return k
}

// changeOf returns the change output that heuristic h names in t, or -1.
func changeOf(h Heuristic, t *Tx, c *changeCtx) int {
	switch h {
	case ChangeFresh:
		if c.hist == nil {
			return -1
		}
		return changeFresh(t, c.hist)
	case ChangeType:
		return changeType(t, c.types)
	case ChangeRound:
		return changeRound(t)
	case ChangeOptimal:
		return changeOptimal(t)
	}
	return -1
}

// Script types of UTXO addresses, by their text (0: unknown).
const (
	typeUnknown uint8 = iota
	typeP2PKH
	typeP2SH
	typeP2WPKH
	typeP2WSH
	typeP2TR
	typeOther
)

// AddrType returns the script type of a Bitcoin-like address by its form:
// base58 1…/3… (mainnet) and m/n/2… (testnet), bech32 …1q (v0, 42 or 62
// characters) and …1p (taproot).
func AddrType(a []byte) uint8 {
	if len(a) == 0 {
		return typeUnknown
	}
	if i := bech32Sep(a); i > 0 && i+1 < len(a) {
		switch a[i+1] {
		case 'q', 'Q':
			if len(a)-i-1 > 40 {
				return typeP2WSH
			}
			return typeP2WPKH
		case 'p', 'P':
			return typeP2TR
		}
		return typeOther
	}
	switch a[0] {
	case '1', 'm', 'n', 'L':
		return typeP2PKH
	case '3', '2', 'M':
		return typeP2SH
	}
	return typeOther
}

// bech32Sep returns the index of the "1" separating a bech32 address's
// human-readable part (bc, tb, bcrt, ltc...), or -1.
func bech32Sep(a []byte) int {
	for _, hrp := range []string{"bc1", "tb1", "bcrt1", "ltc1", "tltc1"} {
		if len(a) > len(hrp) && string(a[:len(hrp)]) == hrp {
			return len(hrp) - 1
		}
	}
	return -1
}
