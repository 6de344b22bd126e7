package screen

import "github.com/vigil-project/vigil/internal/intel"

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
