package screen

import (
	"fmt"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/intel"
)

// canonical returns the canonical form of addr on chain c, or an error
// wrapping ErrInvalidAddress. An account-chain address already in
// canonical form (0x and 40 lowercase hex digits) is returned as it is,
// without allocating.
func canonical(c chain.Info, addr string) (string, error) {
	if c.Kind == chain.Account && isLowerHex40(addr) {
		return addr, nil
	}
	canon, err := chain.ValidateAddress(c, addr)
	if err != nil {
		return "", fmt.Errorf("%w: %w", ErrInvalidAddress, err)
	}
	return canon, nil
}

// lowerHex marks the bytes 0-9 and a-f.
var lowerHex = func() (t [256]bool) {
	for _, c := range "0123456789abcdef" {
		t[c] = true
	}
	return t
}()

// isLowerHex40 reports whether s is "0x" and 40 lowercase hex digits.
func isLowerHex40(s string) bool {
	if len(s) != 42 || s[0] != '0' || s[1] != 'x' {
		return false
	}
	ok := true
	for i := 2; i < 42; i++ {
		ok = ok && lowerHex[s[i]]
	}
	return ok
}

// noDirect is the empty direct list (shared: appending to it copies).
var noDirect = []Direct{}

// direct returns the current labels of (chain, canonical address) as
// direct exposure. The lookup does not allocate; only labeled addresses
// allocate their list.
func (s *Screener) direct(chainName, canon string) []Direct {
	ls := s.labels.Lookup(chainName, canon)
	if len(ls) == 0 {
		return noDirect
	}
	out := make([]Direct, len(ls))
	for i := range ls {
		out[i] = directOf(&ls[i])
	}
	return out
}

func directOf(l *intel.Label) Direct {
	return Direct{Entity: l.Entity, Category: string(l.Category), Source: l.Source,
		Confidence: l.Confidence, Actor: l.Actor, Programs: l.Programs}
}

// Labels returns the current labels of (chain, canonical address) without
// allocating (the slice is shared: do not modify it). It is the
// direct-exposure lookup for callers that need no Result.
func (s *Screener) Labels(chainName, canon string) []intel.Label {
	return s.labels.Lookup(chainName, canon)
}
