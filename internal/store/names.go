package store

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/cockroachdb/pebble/v2"
)

// nsName holds the sanctions names table: every listed party's names, for
// name screening (also parties without crypto addresses, which have no
// label). N<scope>0<list entry id> -> NameRecord JSON. See docs/storage.md.
const nsName = 'N'

// NameRecord is one listed party with all its names.
type NameRecord struct {
	Scope       string   `json:"scope"`
	Entity      string   `json:"entity"`
	Aliases     []string `json:"aliases,omitempty"`
	Source      string   `json:"source"`
	List        string   `json:"list,omitempty"`
	Programs    []string `json:"programs,omitempty"`
	ListEntryID string   `json:"list_entry_id"`
	ListDate    string   `json:"list_date,omitempty"`
}

// NameSet is the names table of one scope as one edition: importing it
// replaces every name record of the scope.
type NameSet struct {
	Scope   string
	Records []NameRecord
}

func namePrefix(scope string) []byte {
	return append(append([]byte{nsName}, scope...), 0)
}

// putNames replaces the scope's name records inside batch b.
func putNames(b *pebble.Batch, ns *NameSet) error {
	scope := CleanScope(ns.Scope)
	if scope == "" {
		return fmt.Errorf("store: names without scope")
	}
	p := namePrefix(scope)
	if err := b.DeleteRange(p, prefixEnd(p), nil); err != nil {
		return err
	}
	for i := range ns.Records {
		r := ns.Records[i]
		r.Scope = scope
		if r.ListEntryID == "" || r.Entity == "" {
			return fmt.Errorf("store: name record %d has no list entry id or entity", i)
		}
		v, err := json.Marshal(&r)
		if err != nil {
			return err
		}
		if err := b.Set(append(append([]byte(nil), p...), r.ListEntryID...), v, nil); err != nil {
			return err
		}
	}
	return nil
}

// ImportNames replaces the names table of ns.Scope in one atomic batch.
func (s *Store) ImportNames(ns NameSet) error {
	b := s.db.NewBatch()
	defer b.Close()
	if err := putNames(b, &ns); err != nil {
		return err
	}
	return b.Commit(pebble.Sync)
}

// ImportLabelsAndNames is ImportLabels that also replaces the names table
// of ns.Scope, all in the same atomic batch: either both are stored or
// nothing is.
func (s *Store) ImportLabelsAndNames(imps []LabelImport, ns NameSet, now time.Time) ([]Edition, error) {
	return s.importLabels(imps, now, func(b *pebble.Batch) error { return putNames(b, &ns) })
}

// EachName calls fn for every stored name record, by scope and list entry.
func (s *Store) EachName(fn func(*NameRecord) error) error {
	it, err := s.db.NewIter(iterRange([]byte{nsName}))
	if err != nil {
		return err
	}
	defer it.Close()
	for ok := it.First(); ok; ok = it.Next() {
		var r NameRecord
		if err := json.Unmarshal(it.Value(), &r); err != nil {
			return fmt.Errorf("store: bad name record: %w", err)
		}
		if err := fn(&r); err != nil {
			return err
		}
	}
	return it.Error()
}
