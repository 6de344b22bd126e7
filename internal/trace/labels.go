package trace

import (
	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/intel"
	"github.com/vigil-project/vigil/internal/store"
)

// Service is what a trace knows of a labeled address.
type Service struct {
	Entity   string
	Category string
	Stop     bool // a service: taint arriving here is an endpoint
}

// stops lists the categories where a trace ends.
var stops = map[intel.Category]bool{
	intel.Exchange: true, intel.Bridge: true, intel.Mixer: true, intel.DEX: true, intel.Service: true,
}

// StopsAt reports whether a label of category c ends a trace.
func StopsAt(c intel.Category) bool { return stops[c] }

// Labels maps the address IDs of one chain to what the labels say. Of
// several labels on one address, a stopping one wins, then the higher
// confidence.
type Labels struct {
	byID map[uint32]Service
	conf map[uint32]int
}

// Of returns the service of address id, if labeled.
func (l *Labels) Of(id uint32) (Service, bool) {
	s, ok := l.byID[id]
	return s, ok
}

// Len returns the number of labeled addresses known to the store.
func (l *Labels) Len() int { return len(l.byID) }

// LoadLabels resolves the current labels of chain c in x to address IDs of
// the store's dictionary d. Labeled addresses the store has never seen are
// skipped: no move can reach them.
func LoadLabels(x *intel.Index, c chain.Info, d *store.Dict) (*Labels, error) {
	l := &Labels{byID: map[uint32]Service{}, conf: map[uint32]int{}}
	if x == nil {
		return l, nil
	}
	for _, lb := range x.Labels() {
		if lb.Chain != c.Name {
			continue
		}
		key, err := store.AddressKey(c, lb.Address)
		if err != nil {
			continue
		}
		id, ok, err := d.Lookup(key)
		if err != nil {
			return nil, err
		}
		if ok {
			l.put(id, lb)
		}
	}
	return l, nil
}

// put records lb for id unless a better label is there.
func (l *Labels) put(id uint32, lb intel.Label) {
	s := Service{Entity: lb.Entity, Category: string(lb.Category), Stop: StopsAt(lb.Category)}
	old, ok := l.byID[id]
	if ok && (old.Stop && !s.Stop || old.Stop == s.Stop && l.conf[id] >= lb.Confidence) {
		return
	}
	l.byID[id], l.conf[id] = s, lb.Confidence
}

// NewLabels builds Labels from a map (tests and tools).
func NewLabels(m map[uint32]Service) *Labels {
	l := &Labels{byID: map[uint32]Service{}, conf: map[uint32]int{}}
	for id, s := range m {
		l.byID[id] = s
	}
	return l
}
