package store

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
)

// NameMatch is a label found by name: the name that matched (lowercased)
// and the label record.
type NameMatch struct {
	Name   string
	Record LabelRecord
}

// SearchLabels finds labels whose entity, alias or actor equals text or
// starts with it, case-insensitively; current labels only unless history
// is set. Exact matches come first, then by name. At most limit matches
// are returned (0 = no limit).
func (s *Store) SearchLabels(text string, history bool, limit int) ([]NameMatch, error) {
	q := strings.ToLower(strings.TrimSpace(text))
	if q == "" {
		return nil, fmt.Errorf("empty search text")
	}
	p := append([]byte{nsLabelIdx, lxName}, q...)
	it, err := s.db.NewIter(iterRange(p))
	if err != nil {
		return nil, err
	}
	defer it.Close()
	var out []NameMatch
	for ok := it.First(); ok; ok = it.Next() {
		k := it.Key()[2:]
		i := bytes.IndexByte(k, 0)
		if i < 0 {
			continue
		}
		name := string(k[:i])
		lk := append([]byte{nsLabel}, k[i+1:]...)
		v, found, err := s.get(lk)
		if err != nil {
			return nil, err
		}
		if !found {
			continue
		}
		rec, err := decodeRecord(v)
		if err != nil {
			return nil, err
		}
		if history || rec.Current() {
			out = append(out, NameMatch{Name: name, Record: rec})
		}
	}
	if err := it.Error(); err != nil {
		return nil, err
	}
	sort.SliceStable(out, func(i, j int) bool {
		ei, ej := out[i].Name == q, out[j].Name == q
		if ei != ej {
			return ei
		}
		return out[i].Name < out[j].Name
	})
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// LabelEditions returns the edition log of scope, or of every scope when
// scope is "", ordered by scope, as-of date and import time.
func (s *Store) LabelEditions(scope string) ([]Edition, error) {
	if scope != "" {
		return editions(s.db, CleanScope(scope))
	}
	return scanEditions(s.db, []byte{nsLabelIdx, lxEdition})
}

// ScopeLabels returns every stored label of scope (all statuses).
func (s *Store) ScopeLabels(scope string) ([]LabelRecord, error) {
	p := scopePrefix(CleanScope(scope))
	it, err := s.db.NewIter(iterRange(p))
	if err != nil {
		return nil, err
	}
	defer it.Close()
	var out []LabelRecord
	for ok := it.First(); ok; ok = it.Next() {
		lk := append([]byte{nsLabel}, it.Key()[len(p):]...)
		v, found, err := s.get(lk)
		if err != nil {
			return nil, err
		}
		if !found {
			continue
		}
		rec, err := decodeRecord(v)
		if err != nil {
			return nil, err
		}
		out = append(out, rec)
	}
	return out, it.Error()
}
