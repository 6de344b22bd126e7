package screen

import (
	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/intel"
	"github.com/vigil-project/vigil/internal/trace"
)

// chain returns the open state of chain c, opening it on first use.
func (s *Screener) chain(c chain.Info) *chainState {
	s.mu.Lock()
	defer s.mu.Unlock()
	if cs, ok := s.chains[c.ID]; ok {
		return cs
	}
	cs := s.open(c)
	s.chains[c.ID] = cs
	return cs
}

// Session returns the graph index session the screener keeps open for c
// (nil when the store has no data of c). Callers must not close it; it
// lives until the screener's Close.
func (s *Screener) Session(c chain.Info) (*trace.Session, error) {
	cs := s.chain(c)
	return cs.sess, cs.err
}

// open opens c's graph index and resolves its labels to store IDs.
func (s *Screener) open(c chain.Info) *chainState {
	if _, _, ok, err := s.st.BlockRange(c); err != nil || !ok {
		return &chainState{err: err}
	}
	sess, err := trace.Open(s.st, c)
	if err != nil {
		return &chainState{err: err}
	}
	cs := &chainState{sess: sess, risky: map[uint32][]intel.Label{}}
	byID := map[uint32][]intel.Label{}
	for _, l := range s.labels.Labels() {
		if l.Chain != c.Name {
			continue
		}
		if id, ok, err := sess.AddressID(l.Address); err == nil && ok {
			byID[id] = append(byID[id], l)
		}
	}
	svc := make(map[uint32]trace.Service, len(byID))
	for id, ls := range byID {
		svc[id] = s.service(ls)
		for _, l := range ls {
			if s.rules.IsRisky(l.Category) {
				cs.risky[id] = append(cs.risky[id], l)
			}
		}
	}
	cs.labels = trace.NewLabels(svc)
	return cs
}

// service is what a trace knows of an address with labels ls: the label
// trace.LoadLabels would keep (a stopping one first, then the higher
// confidence), stopping also when any label is risky (so that forward
// exposure ends at risky entities, like at services).
func (s *Screener) service(ls []intel.Label) trace.Service {
	best, risky := 0, false
	for i, l := range ls {
		b := ls[best]
		if st, bst := trace.StopsAt(l.Category), trace.StopsAt(b.Category); st && !bst || st == bst && l.Confidence > b.Confidence {
			best = i
		}
		risky = risky || s.rules.IsRisky(l.Category)
	}
	b := ls[best]
	return trace.Service{Entity: b.Entity, Category: string(b.Category), Stop: trace.StopsAt(b.Category) || risky}
}
