package namescreen

import (
	"sort"
	"strings"
	"sync"
)

// Index is an in-memory name index of listed entities. It is safe for
// concurrent use by many goroutines once built.
type Index struct {
	entries []Entry
	aliases []alias
	post    map[string][]int32 // blocking key -> aliases
	pool    sync.Pool          // *scratch
}

// alias is one indexed name of an entry.
type alias struct {
	entry int32
	text  string
	n     name
}

// New indexes entries: every entity name and alias, deduplicated per entry
// by normalized form.
func New(entries []Entry) *Index {
	x := &Index{entries: entries, post: map[string][]int32{}}
	for i := range entries {
		seen := map[string]bool{}
		for _, t := range append([]string{entries[i].Entity}, entries[i].Aliases...) {
			toks := Normalize(t)
			k := strings.Join(toks, " ")
			if len(toks) == 0 || seen[k] {
				continue
			}
			seen[k] = true
			x.add(int32(i), t, toks)
		}
	}
	return x
}

func (x *Index) add(entry int32, text string, toks []string) {
	id := int32(len(x.aliases))
	x.aliases = append(x.aliases, alias{entry: entry, text: text, n: prepare(toks)})
	seen := map[string]bool{}
	for _, k := range x.aliases[id].n.keys {
		for _, b := range blockKeys(k) {
			if !seen[b] {
				seen[b] = true
				x.post[b] = append(x.post[b], id)
			}
		}
	}
}

// blockKeys are the candidate-index keys of an indexed token's phonetic
// key: the whole key ("=") and, for keys of 4 bytes or more, every key
// with one byte deleted ("~"), so that one edit still finds the token.
func blockKeys(k string) []string {
	out := []string{"=" + k}
	if len(k) >= 4 {
		out = appendDeletions(out, "~", k)
	}
	return out
}

// queryKeys are the keys a query token looks up: its whole key and its
// deletions against both (substitution, insertion, deletion and
// transposition of one byte), and its prefixes of 3 bytes or more against
// whole keys (a query that joins tokens the list separates).
func queryKeys(k string, out []string) []string {
	out = append(out, "="+k)
	if len(k) >= 3 {
		out = append(out, "~"+k)
	}
	if len(k) >= 4 {
		out = appendDeletions(out, "~", k)
		out = appendDeletions(out, "=", k)
	}
	for p := 3; p < len(k); p++ {
		out = append(out, "="+k[:p])
	}
	return out
}

func appendDeletions(out []string, tag, k string) []string {
	for i := 0; i < len(k); i++ {
		if i > 0 && k[i] == k[i-1] {
			continue
		}
		out = append(out, tag+k[:i]+k[i+1:])
	}
	return out
}

// Len returns the number of entries and of indexed names.
func (x *Index) Len() (entries, names int) { return len(x.entries), len(x.aliases) }

// scratch is per-call candidate state, reused through the pool.
type scratch struct {
	gen, tokGen uint32
	stamp, tok  []uint32
	hit         []float32
	touched     []int32
}

func (x *Index) scratch() *scratch {
	if s, ok := x.pool.Get().(*scratch); ok {
		return s
	}
	n := len(x.aliases)
	return &scratch{stamp: make([]uint32, n), tok: make([]uint32, n), hit: make([]float32, n)}
}

// candidates returns the aliases sharing a blocking key with tokens (or
// runs of adjacent tokens joined) of q that make up at least half of q's
// letters.
func (x *Index) candidates(q *name, s *scratch) []int32 {
	s.gen++
	s.touched = s.touched[:0]
	var keys []string
	for i := range q.keys {
		w := 0
		for j := i; j < len(q.keys) && j < i+3; j++ {
			w += len(q.toks[j])
			if j == i {
				keys = queryKeys(q.keys[i], keys[:0])
			} else {
				keys = append(keys[:0], "="+concat(q.keys[i:j+1]))
			}
			x.collect(s, keys, float32(w))
		}
	}
	out := s.touched[:0]
	half := float32(q.w) / 2
	for _, a := range s.touched {
		if s.hit[a] >= half {
			out = append(out, a)
		}
	}
	return out
}

// collect adds weight w to every alias found under keys (once per call;
// an alias's weight is the best of its hits, summed over calls).
func (x *Index) collect(s *scratch, keys []string, w float32) {
	s.tokGen++
	for _, b := range keys {
		for _, a := range x.post[b] {
			if s.stamp[a] != s.gen {
				s.stamp[a] = s.gen
				s.hit[a] = 0
				s.touched = append(s.touched, a)
			}
			if s.tok[a] != s.tokGen {
				s.tok[a] = s.tokGen
				s.hit[a] += w
			}
		}
	}
}

// Screen returns the entries whose best name scores at least the
// threshold against name, best first (ties by entity name), at most
// o.Limit of them.
func (x *Index) Screen(query string, o Options) []Match {
	if x == nil || len(x.aliases) == 0 {
		return nil
	}
	toks := Normalize(query)
	if len(toks) == 0 {
		return nil
	}
	q := prepare(toks)
	s := x.scratch()
	defer x.pool.Put(s)
	th := o.threshold()
	best := map[int32]hit{}
	for _, a := range x.candidates(&q, s) {
		al := &x.aliases[a]
		sc := score(&q, &al.n)
		if sc < th {
			continue
		}
		if b, ok := best[al.entry]; !ok || sc > b.score {
			best[al.entry] = hit{score: sc, alias: a}
		}
	}
	return x.matches(best, o.limit())
}

type hit struct {
	score float64
	alias int32
}

// matches orders the best hit per entry and turns them into Matches.
func (x *Index) matches(best map[int32]hit, limit int) []Match {
	out := make([]Match, 0, len(best))
	for e, h := range best {
		en := &x.entries[e]
		out = append(out, Match{Entity: en.Entity, Alias: x.aliases[h.alias].text, Score: Score(h.score),
			Source: en.Source, List: en.List, Programs: nonNil(en.Programs), ListEntryID: en.ListEntryID})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		if out[i].Entity != out[j].Entity {
			return out[i].Entity < out[j].Entity
		}
		return out[i].ListEntryID < out[j].ListEntryID
	})
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
