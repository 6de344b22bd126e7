package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/cockroachdb/pebble/v2"

	"github.com/vigil-project/vigil/internal/intel"
)

// LabelImport is one edition of a scope to import: every label the source
// publishes at that time. Labels must be valid (intel.Label.Validate).
type LabelImport struct {
	Scope    string // e.g. "ofac", "tagpack:lazarus.yaml"
	Importer string // intel.Importer* name
	File     string // what was read, for the edition log
	AsOf     string // YYYY-MM-DD: the list date, else the import date
	Labels   []intel.Label
}

// Edition is the log entry of one imported edition, with what it changed.
type Edition struct {
	Scope      string    `json:"scope"`
	Importer   string    `json:"importer"`
	File       string    `json:"file"`
	AsOf       string    `json:"as_of"`
	ImportedAt time.Time `json:"imported_at"`
	Digest     string    `json:"digest"`
	Labels     int       `json:"labels"`
	Added      int       `json:"added"`
	Updated    int       `json:"updated"`
	Unchanged  int       `json:"unchanged"`
	Delisted   int       `json:"delisted"`
	Replaced   int       `json:"replaced"`
	Duplicates int       `json:"duplicates,omitempty"`
	// Historical marks an edition older than the scope's latest one: its
	// labels the store lacked were added as already delisted.
	Historical bool `json:"historical,omitempty"`
	// Same marks a re-import of the latest edition: nothing changed.
	Same bool `json:"same,omitempty"`
}

// ImportLabels imports editions in order, all in one atomic batch: either
// every edition is stored or, on error, nothing is. Labels of a scope that
// are missing from its newer edition are kept, marked delisted (or
// replaced) with the edition's as-of date; importing the same edition
// again changes nothing.
func (s *Store) ImportLabels(imps []LabelImport, now time.Time) ([]Edition, error) {
	return s.importLabels(imps, now, nil)
}

// importLabels is ImportLabels with extra writes (pre) in the same batch.
func (s *Store) importLabels(imps []LabelImport, now time.Time, pre func(*pebble.Batch) error) ([]Edition, error) {
	b := s.db.NewIndexedBatch()
	defer b.Close()
	if pre != nil {
		if err := pre(b); err != nil {
			return nil, err
		}
	}
	var eds []Edition
	for i := range imps {
		ed, err := importEdition(b, &imps[i], now)
		if err != nil {
			return nil, err
		}
		eds = append(eds, ed)
	}
	if b.Empty() {
		return eds, nil
	}
	if err := b.Commit(pebble.Sync); err != nil {
		return nil, fmt.Errorf("committing labels: %w", err)
	}
	return eds, nil
}

// edImport carries one edition's import state.
type edImport struct {
	b      *pebble.Batch
	imp    *LabelImport
	ed     Edition
	exists map[string]byte // L-key -> status byte, of the scope before
}

func importEdition(b *pebble.Batch, imp *LabelImport, now time.Time) (Edition, error) {
	imp.Scope = CleanScope(imp.Scope)
	if imp.Scope == "" {
		return Edition{}, fmt.Errorf("label import of %s: empty scope", imp.File)
	}
	if _, err := time.Parse("2006-01-02", imp.AsOf); err != nil {
		return Edition{}, fmt.Errorf("label import of %s: as-of date %q is not YYYY-MM-DD", imp.File, imp.AsOf)
	}
	x := &edImport{b: b, imp: imp, exists: map[string]byte{},
		ed: Edition{Scope: imp.Scope, Importer: imp.Importer, File: imp.File, AsOf: imp.AsOf, ImportedAt: now}}
	keys, labels, err := x.dedupe()
	if err != nil {
		return x.ed, err
	}
	x.ed.Digest = digest(keys, labels)
	eds, err := editions(b, imp.Scope)
	if err != nil {
		return x.ed, err
	}
	if n := len(eds); n > 0 && eds[n-1].AsOf == imp.AsOf && eds[n-1].Digest == x.ed.Digest {
		x.ed.Same, x.ed.Unchanged = true, len(labels)
		return x.ed, nil
	}
	if err := x.loadScope(); err != nil {
		return x.ed, err
	}
	if n := len(eds); n > 0 && imp.AsOf < eds[n-1].AsOf {
		err = x.historical(keys, labels, nextAsOf(eds, imp.AsOf))
	} else {
		err = x.current(keys, labels)
	}
	if err != nil {
		return x.ed, err
	}
	v, _ := json.Marshal(x.ed)
	k := append(editionPrefix(imp.Scope), imp.AsOf...)
	k = binary.BigEndian.AppendUint64(append(k, 0), uint64(now.UnixNano()))
	return x.ed, b.Set(k, v, nil)
}

// dedupe validates the labels and drops repeats of one identity.
func (x *edImport) dedupe() ([][]byte, []intel.Label, error) {
	seen := map[string]bool{}
	var keys [][]byte
	var out []intel.Label
	for i := range x.imp.Labels {
		l := &x.imp.Labels[i]
		if err := l.Validate(); err != nil {
			return nil, nil, fmt.Errorf("label import of %s: %s %s: %w", x.imp.File, l.Chain, l.Address, err)
		}
		k := labelKey(x.imp.Scope, l)
		if seen[string(k)] {
			x.ed.Duplicates++
			continue
		}
		seen[string(k)] = true
		keys = append(keys, k)
		out = append(out, *l)
	}
	x.ed.Labels = len(out)
	return keys, out, nil
}

// digest hashes an edition's content, import times left out.
func digest(keys [][]byte, labels []intel.Label) string {
	idx := make([]int, len(keys))
	for i := range idx {
		idx[i] = i
	}
	sort.Slice(idx, func(a, b int) bool { return bytes.Compare(keys[idx[a]], keys[idx[b]]) < 0 })
	h := sha256.New()
	for _, i := range idx {
		l := labels[i]
		l.ImportedAt = time.Time{}
		v, _ := json.Marshal(l)
		h.Write(keys[i])
		h.Write(v)
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// editions returns the scope's edition log in (as-of, import time) order.
func editions(r reader, scope string) ([]Edition, error) {
	return scanEditions(r, editionPrefix(scope))
}

// scanEditions decodes the edition records under prefix, in key order.
func scanEditions(r reader, prefix []byte) ([]Edition, error) {
	it, err := r.NewIter(iterRange(prefix))
	if err != nil {
		return nil, err
	}
	defer it.Close()
	var out []Edition
	for ok := it.First(); ok; ok = it.Next() {
		var e Edition
		if err := json.Unmarshal(it.Value(), &e); err != nil {
			return nil, fmt.Errorf("store: bad edition record: %w", err)
		}
		out = append(out, e)
	}
	return out, it.Error()
}

// nextAsOf is the earliest as-of date after asOf in eds.
func nextAsOf(eds []Edition, asOf string) string {
	for _, e := range eds {
		if e.AsOf > asOf {
			return e.AsOf
		}
	}
	return asOf
}

func (x *edImport) loadScope() error {
	p := scopePrefix(x.imp.Scope)
	it, err := x.b.NewIter(iterRange(p))
	if err != nil {
		return err
	}
	defer it.Close()
	for ok := it.First(); ok; ok = it.Next() {
		lk := append([]byte{nsLabel}, it.Key()[len(p):]...)
		x.exists[string(lk)] = it.Value()[0]
	}
	return it.Error()
}

// addrOf is the (chain, address) prefix of an L-key.
func addrOf(lk []byte) string {
	i := bytes.IndexByte(lk, 0)
	j := bytes.IndexByte(lk[i+1:], 0)
	return string(lk[:i+1+j+1])
}

// current applies an edition at least as new as the scope's latest.
func (x *edImport) current(keys [][]byte, labels []intel.Label) error {
	inNew := make(map[string]bool, len(keys))
	addrs := make(map[string]bool, len(keys))
	for i, k := range keys {
		inNew[string(k)], addrs[addrOf(k)] = true, true
		rec := LabelRecord{Label: labels[i], Scope: x.imp.Scope, Status: StatusCurrent, FirstSeen: x.imp.AsOf}
		var old *LabelRecord
		if _, ok := x.exists[string(k)]; ok {
			o, err := x.read(k)
			if err != nil {
				return err
			}
			if o.Current() && sameLabel(&o.Label, &rec.Label) {
				x.ed.Unchanged++
				continue
			}
			if o.FirstSeen != "" && o.FirstSeen < rec.FirstSeen {
				rec.FirstSeen = o.FirstSeen
			}
			old = &o
		}
		if old != nil && old.Current() {
			x.ed.Updated++
		} else {
			x.ed.Added++
		}
		if err := x.write(k, &rec, old); err != nil {
			return err
		}
	}
	for ks, st := range x.exists {
		k := []byte(ks)
		if inNew[ks] || st != statusByte(StatusCurrent) {
			continue
		}
		o, err := x.read(k)
		if err != nil {
			return err
		}
		rec := o
		rec.Status, rec.DelistedAt = StatusDelisted, x.imp.AsOf
		if addrs[addrOf(k)] {
			rec.Status = StatusReplaced
			x.ed.Replaced++
		} else {
			x.ed.Delisted++
		}
		if err := x.write(k, &rec, &o); err != nil {
			return err
		}
	}
	return nil
}

// historical applies an edition older than the scope's latest: labels the
// store lacks are added as already dropped at next (the following
// edition's date); known labels only get an earlier first-seen date.
func (x *edImport) historical(keys [][]byte, labels []intel.Label, next string) error {
	x.ed.Historical = true
	curAddrs := map[string]bool{}
	for ks, st := range x.exists {
		if st == statusByte(StatusCurrent) {
			curAddrs[addrOf([]byte(ks))] = true
		}
	}
	for i, k := range keys {
		if _, ok := x.exists[string(k)]; ok {
			o, err := x.read(k)
			if err != nil {
				return err
			}
			if o.FirstSeen == "" || x.imp.AsOf < o.FirstSeen {
				rec := o
				rec.FirstSeen = x.imp.AsOf
				x.ed.Updated++
				if err := x.write(k, &rec, &o); err != nil {
					return err
				}
			} else {
				x.ed.Unchanged++
			}
			continue
		}
		rec := LabelRecord{Label: labels[i], Scope: x.imp.Scope, Status: StatusDelisted,
			FirstSeen: x.imp.AsOf, DelistedAt: next}
		if curAddrs[addrOf(k)] {
			rec.Status = StatusReplaced
			x.ed.Replaced++
		} else {
			x.ed.Delisted++
		}
		if err := x.write(k, &rec, nil); err != nil {
			return err
		}
	}
	return nil
}

func (x *edImport) read(k []byte) (LabelRecord, error) {
	v, ok, err := getFrom(x.b, k)
	if err != nil {
		return LabelRecord{}, err
	}
	if !ok {
		return LabelRecord{}, fmt.Errorf("store: label index names a missing record")
	}
	return decodeRecord(v)
}

// write stores rec under k with its scope and name index entries; old is
// the record it replaces (its name entries are removed first).
func (x *edImport) write(k []byte, rec, old *LabelRecord) error {
	if old != nil {
		for _, n := range labelNames(&old.Label) {
			if err := x.b.Delete(nameKey(n, k), nil); err != nil {
				return err
			}
		}
	}
	v, err := json.Marshal(rec)
	if err != nil {
		return err
	}
	if err := x.b.Set(k, v, nil); err != nil {
		return err
	}
	if err := x.b.Set(scopeKey(rec.Scope, k), []byte{statusByte(rec.Status)}, nil); err != nil {
		return err
	}
	for _, n := range labelNames(&rec.Label) {
		if err := x.b.Set(nameKey(n, k), nil, nil); err != nil {
			return err
		}
	}
	return nil
}

// labelNames are the searchable names of l: entity, aliases and actor,
// lowercased, without repeats.
func labelNames(l *intel.Label) []string {
	var out []string
	seen := map[string]bool{}
	for _, n := range append([]string{l.Entity, l.Actor}, l.Aliases...) {
		n = strings.ToLower(strings.TrimSpace(strings.ReplaceAll(n, "\x00", "")))
		if n != "" && !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	return out
}

// sameLabel compares two labels, import times left out.
func sameLabel(a, b *intel.Label) bool {
	x, y := *a, *b
	x.ImportedAt, y.ImportedAt = time.Time{}, time.Time{}
	va, _ := json.Marshal(x)
	vb, _ := json.Marshal(y)
	return bytes.Equal(va, vb)
}
