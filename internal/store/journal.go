package store

import (
	"encoding/json"
	"fmt"
)

// Journal marks an ingest that committed some but not all of its batches.
// Each batch holds whole blocks, so the store is consistent; re-running the
// same ingest finishes it (blocks already stored are skipped).
type Journal struct {
	Chain  string `json:"chain"`
	Source string `json:"source"`
}

func (cm *committer) writeJournal() error {
	v, _ := json.Marshal(Journal{Chain: cm.c.Name, Source: cm.opts.Source})
	return cm.batch.Set([]byte{nsJournal}, v, nil)
}

// Interrupted returns the journal of an interrupted ingest, or nil.
func (s *Store) Interrupted() (*Journal, error) {
	v, ok, err := s.get([]byte{nsJournal})
	if err != nil || !ok {
		return nil, err
	}
	var j Journal
	if err := json.Unmarshal(v, &j); err != nil {
		return nil, fmt.Errorf("store journal: %w", err)
	}
	return &j, nil
}
