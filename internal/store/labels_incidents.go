package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	"github.com/cockroachdb/pebble/v2"

	"github.com/vigil-project/vigil/internal/intel/incidents"
)

// ImportIncidents stores incidents (replacing stored ones of the same id)
// together with label editions (their seed labels) in one atomic batch.
// Incidents stored with identical content are not rewritten.
func (s *Store) ImportIncidents(incs []incidents.Incident, seeds []LabelImport, now time.Time) ([]Edition, error) {
	return s.importLabels(seeds, now, func(b *pebble.Batch) error {
		for i := range incs {
			v, err := json.Marshal(&incs[i])
			if err != nil {
				return err
			}
			k := append([]byte{nsIncident}, incs[i].ID...)
			old, ok, err := getFrom(b, k)
			if err != nil {
				return err
			}
			if ok && bytes.Equal(old, v) {
				continue
			}
			if err := b.Set(k, v, nil); err != nil {
				return err
			}
		}
		return nil
	})
}

// Incidents returns the stored (imported) incidents in id order.
func (s *Store) Incidents() ([]incidents.Incident, error) {
	it, err := s.db.NewIter(iterRange([]byte{nsIncident}))
	if err != nil {
		return nil, err
	}
	defer it.Close()
	var out []incidents.Incident
	for ok := it.First(); ok; ok = it.Next() {
		var inc incidents.Incident
		if err := json.Unmarshal(it.Value(), &inc); err != nil {
			return nil, fmt.Errorf("store: bad incident record: %w", err)
		}
		out = append(out, inc)
	}
	return out, it.Error()
}
