package watch

import (
	"github.com/vigil-project/vigil/internal/inputerr"
	"github.com/vigil-project/vigil/internal/store"
)

// Filter selects alerts; empty fields match everything.
type Filter struct {
	Watch  string
	Status string // new, delivered or orphaned
}

// Validate checks the filter's values (bad usage otherwise).
func (f Filter) Validate() error {
	switch f.Status {
	case "", store.AlertNew, store.AlertDelivered, store.AlertOrphaned:
	default:
		return inputerr.Usagef("--status %q: want new, delivered or orphaned", f.Status)
	}
	if f.Watch != "" {
		if _, err := store.WatchNum(f.Watch); err != nil {
			return inputerr.Usagef("--watch: %v", err)
		}
	}
	return nil
}

// Alerts returns the stored alerts that f selects, oldest first, with
// their confirmations as of now (the stored blocks above each alert's
// block; an orphaned alert keeps the count it had when it left the chain).
func Alerts(st *store.Store, f Filter) ([]store.AlertRecord, error) {
	if err := f.Validate(); err != nil {
		return nil, err
	}
	out := []store.AlertRecord{}
	tips := newChainTips(st)
	err := st.EachAlert(func(r *store.AlertRecord) error {
		if (f.Watch == "" || r.Watch == f.Watch) && (f.Status == "" || r.Status == f.Status) {
			if err := tips.current(r); err != nil {
				return err
			}
			out = append(out, *r)
		}
		return nil
	})
	return out, err
}
