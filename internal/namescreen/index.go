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
	vocab   map[string]int32   // token key -> vocabulary id
	vkeys   []string           // vocabulary id -> token key
	vpost   [][]int32          // vocabulary id -> aliases with the token
	dels    map[string][]int32 // one-byte deletion of a key (len ≥ 4) -> vocabulary ids
	pool    sync.Pool          // *scratch
}

// alias is one indexed name of an entry.
type alias struct {
	entry int32
	text  string
	n     name
	kw    int     // total length of the token keys
	vids  []int32 // vocabulary ids of the tokens
}

// New indexes entries: every entity name and alias, deduplicated per entry
// by normalized form.
func New(entries []Entry) *Index {
	x := &Index{entries: entries, vocab: map[string]int32{}, dels: map[string][]int32{}}
	for i := range entries {
		seen := map[string]bool{}
		for _, t := range append([]string{entries[i].Entity}, entries[i].Aliases...) {
			toks := tokens(t)
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
	n := prepare(toks)
	kw := 0
	for _, k := range n.keys {
		kw += len(k)
	}
	x.aliases = append(x.aliases, alias{entry: entry, text: text, n: n, kw: max(kw, 1)})
	for _, k := range x.aliases[id].n.keys {
		v := x.vocabID(k)
		x.aliases[id].vids = append(x.aliases[id].vids, v)
		if p := x.vpost[v]; len(p) == 0 || p[len(p)-1] != id {
			x.vpost[v] = append(p, id)
		}
	}
}

// vocabID returns the vocabulary id of token key k, adding it (and its
// deletions) when new.
func (x *Index) vocabID(k string) int32 {
	if v, ok := x.vocab[k]; ok {
		return v
	}
	v := int32(len(x.vkeys))
	x.vocab[k] = v
	x.vkeys = append(x.vkeys, k)
	x.vpost = append(x.vpost, nil)
	if len(k) >= 4 {
		for _, d := range deletions(k, nil) {
			x.dels[d] = append(x.dels[d], v)
		}
	}
	return v
}

// deletions appends every distinct string made by deleting one byte of k.
func deletions(k string, out []string) []string {
	for i := 0; i < len(k); i++ {
		if i > 0 && k[i] == k[i-1] {
			continue
		}
		out = append(out, k[:i]+k[i+1:])
	}
	return out
}

// Len returns the number of entries and of indexed names.
func (x *Index) Len() (entries, names int) { return len(x.entries), len(x.aliases) }

// scratch is per-call candidate state, reused through the pool.
type scratch struct {
	gen, tokGen uint32
	al          []acc // per alias, valid where stamp == gen
	touched     []int32
	vstamp      []uint32
	vpos        []int32
	vgen        uint32
	vs          []vhit
}

// acc accumulates what blocking found for one alias: query letters (hit)
// and alias key letters (cov), each the sum over query tokens of the best
// (best, bestC) for the current token.
type acc struct {
	stamp, tok            uint32
	hit, best, cov, bestC float32
}

// vhit is a vocabulary token found for a query token, with its weight.
type vhit struct {
	v    int32
	c, l float32 // query letters × similarity; alias key letters × similarity
}

func (x *Index) scratch() *scratch {
	if s, ok := x.pool.Get().(*scratch); ok {
		return s
	}
	n := len(x.aliases)
	return &scratch{al: make([]acc, n), vstamp: make([]uint32, len(x.vkeys)), vpos: make([]int32, len(x.vkeys))}
}

// minHit is the share of the query's letters that blocking must find in
// an alias (weighted by token similarity) for the alias to be scored.
const minHit = 0.7

// candidates returns the aliases worth scoring. Each query token finds
// vocabulary tokens within one edit of its key (SymSpell-style deletions),
// tokens its key starts with (two tokens it is made of count fully), and runs
// of 2–3 adjacent query tokens find the joined key; an alias collects, per
// query token, the best weight (letters × similarity) of its tokens found
// so. Tokens are taken rarest first; once the letters left cannot reach
// minHit on their own, the frequent tokens only update aliases already
// found instead of walking their long posting lists.
func (x *Index) candidates(q *name, s *scratch, th float64) []int32 {
	s.gen++
	s.touched = s.touched[:0]
	x.joinedHits(q, s)
	type near struct {
		vs   []vhit
		w    float32
		cost int
	}
	nears := make([]near, len(q.keys))
	for i, k := range q.keys {
		w := float32(len(q.toks[i]))
		vs := append([]vhit(nil), x.nearKeys(s, k, w, nil)...)
		cost := 0
		for _, h := range vs {
			cost += len(x.vpost[h.v])
		}
		nears[i] = near{vs, w, cost}
	}
	sort.Slice(nears, func(i, j int) bool { return nears[i].cost < nears[j].cost })
	need := float32(q.w) * minHit
	left := float32(q.w)
	for _, n := range nears {
		s.vs = n.vs
		if left >= need {
			x.collect(s)
		} else {
			s.prune(need - left)
			x.update(s)
		}
		left -= n.w
	}
	out := s.touched[:0]
	for _, a := range s.touched {
		if s.al[a].hit >= need && x.estimate(q, a, s) >= th-estSlack {
			out = append(out, a)
		}
	}
	return out
}

// joinedHits looks up runs of 2–3 adjacent query tokens joined.
func (x *Index) joinedHits(q *name, s *scratch) {
	for i := range q.keys {
		joined, jw := q.keys[i], len(q.toks[i])
		for j := i + 1; j < len(q.keys) && j < i+3; j++ {
			joined += q.keys[j]
			jw += len(q.toks[j])
			if v, ok := x.vocab[joined]; ok {
				s.vs = append(s.vs[:0], vhit{v, float32(jw), float32(len(joined))})
				x.collect(s)
			}
		}
	}
}

// oneEdit is the similarity blocking assumes for a key one edit away
// (Jaro-Winkler of such tokens is typically 0.85–0.97).
const oneEdit = 0.9

// nearKeys lists the vocabulary tokens near query key k with weights.
func (x *Index) nearKeys(s *scratch, k string, w float32, dels []string) []vhit {
	s.vgen++
	s.vs = s.vs[:0]
	add := func(v int32, c float32) {
		if s.vstamp[v] != s.vgen {
			s.vstamp[v] = s.vgen
			s.vs = append(s.vs, vhit{v, c, c / w * float32(len(x.vkeys[v]))})
		}
	}
	if v, ok := x.vocab[k]; ok {
		add(v, w)
	}
	near := func(v int32) { add(v, w*oneEdit) }
	for _, v := range x.dels[k] {
		near(v)
	}
	if len(k) >= 4 {
		dels = deletions(k, dels)
		for _, d := range dels {
			if v, ok := x.vocab[d]; ok {
				near(v)
			}
			for _, v := range x.dels[d] {
				near(v)
			}
		}
	}
	for p := 2; p+2 <= len(k); p++ {
		v, ok := x.vocab[k[:p]]
		if !ok {
			continue
		}
		if v2, ok := x.vocab[k[p:]]; ok {
			add(v, w)
			add(v2, w)
		} else if p >= 3 {
			add(v, w*float32(p)/float32(len(k)))
		}
	}
	return s.vs
}

// estSlack is how far below the threshold the blocking estimate of a
// score may be for the alias to be scored.
const estSlack = 0.12

// estimate approximates the score of alias a from what blocking found:
// the found share of the query's letters and of the alias's key letters,
// weighted by the two names' lengths.
func (x *Index) estimate(q *name, a int32, s *scratch) float64 {
	al := &x.aliases[a]
	fq := min(1, float64(s.al[a].hit)/float64(q.w))
	fc := min(1, float64(s.al[a].cov)/float64(al.kw))
	return (fq*float64(q.w) + fc*float64(al.n.w)) / float64(q.w+al.n.w)
}

// collect adds, for the current query token, the best weight of each
// alias's found tokens to the alias's hit.
func (x *Index) collect(s *scratch) {
	s.tokGen++
	for _, h := range s.vs {
		for _, a := range x.vpost[h.v] {
			p := &s.al[a]
			if p.stamp != s.gen {
				*p = acc{stamp: s.gen}
				s.touched = append(s.touched, a)
			}
			p.add(s.tokGen, h)
		}
	}
}

// update is collect restricted to the aliases already found: it checks
// their tokens against the current token's vocabulary hits.
func (x *Index) update(s *scratch) {
	s.tokGen++
	s.vgen++
	for i, h := range s.vs {
		s.vstamp[h.v], s.vpos[h.v] = s.vgen, int32(i)
	}
	for _, a := range s.touched {
		for _, v := range x.aliases[a].vids {
			if s.vstamp[v] == s.vgen {
				s.al[a].add(s.tokGen, s.vs[s.vpos[v]])
			}
		}
	}
}

// prune drops the found aliases whose hit is below min: the query
// tokens left cannot bring them to minHit.
func (s *scratch) prune(min float32) {
	kept := s.touched[:0]
	for _, a := range s.touched {
		if s.al[a].hit >= min {
			kept = append(kept, a)
		}
	}
	s.touched = kept
}

// add counts hit h for the query token tok.
func (p *acc) add(tok uint32, h vhit) {
	if p.tok != tok {
		p.tok, p.best, p.bestC = tok, 0, 0
	}
	if h.c > p.best {
		p.hit += h.c - p.best
		p.best = h.c
	}
	if h.l > p.bestC {
		p.cov += h.l - p.bestC
		p.bestC = h.l
	}
}

// MaxTokens bounds the tokens of a query that are screened (the rest is
// ignored): listed names have at most about 20, and the cost grows with
// the token count.
const MaxTokens = 24

// Screen returns the entries whose best name scores at least the
// threshold against name, best first (ties by entity name), at most
// o.Limit of them.
func (x *Index) Screen(query string, o Options) []Match {
	if x == nil || len(x.aliases) == 0 {
		return nil
	}
	toks := tokens(query)
	if len(toks) == 0 {
		return nil
	}
	if len(toks) > MaxTokens {
		toks = toks[:MaxTokens]
	}
	q := prepare(toks)
	s := x.scratch()
	defer x.pool.Put(s)
	th := o.threshold()
	best := map[int32]hit{}
	for _, a := range x.candidates(&q, s, th) {
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
