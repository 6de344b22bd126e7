package namescreen

import "strings"

// name is a normalized name ready to score: tokens, their phonetic keys
// and the total token length.
type name struct {
	toks, keys []string
	w          int
}

// prepare computes keys (per syllable for transliterated Hangul) and
// removes the syllable separators.
func prepare(toks []string) name {
	n := name{toks: make([]string, len(toks)), keys: make([]string, len(toks))}
	for i, t := range toks {
		if strings.Contains(t, syllableSep) {
			parts := strings.Split(t, syllableSep)
			for j, p := range parts {
				parts[j] = Key(p)
			}
			n.keys[i] = strings.Join(parts, "")
			t = strings.ReplaceAll(t, syllableSep, "")
		} else {
			n.keys[i] = Key(t)
		}
		n.toks[i] = t
		n.w += len(t)
	}
	return n
}

// mergeFloor: spacing variants are tried only for names whose plain
// assignment scores at least this.
const mergeFloor = 0.5

// maxMerge bounds the token count for which spacing variants are tried.
const maxMerge = 8

// score is the similarity 0–1 of two names: the best of the plain token
// assignment and of the assignments after merging adjacent tokens of the
// longer name (spacing variants: "Jong Un" = "Jongun").
func score(q, c *name) float64 {
	best := assign(q, c)
	if best == 1 || best < mergeFloor || len(q.toks) == len(c.toks) {
		return best
	}
	long, short := q, c
	if len(long.toks) < len(short.toks) {
		long, short = c, q
	}
	if len(long.toks) > maxMerge {
		return best
	}
	eachMerge(long, len(short.toks), func(m *name) {
		if s := assign(m, short); s > best {
			best = s
		}
	})
	for i := 0; i+1 < len(long.toks); i++ {
		m := mergeRange(long, i, i+2)
		if s := assign(&m, short); s > best {
			best = s
		}
	}
	return best
}

// eachMerge calls fn with every way of joining adjacent tokens of n into
// exactly k tokens.
func eachMerge(n *name, k int, fn func(*name)) {
	cuts := make([]int, 0, k+1)
	var rec func(start, left int)
	rec = func(start, left int) {
		if left == 1 {
			m := joinAt(n, append(cuts, start))
			fn(&m)
			return
		}
		for end := start + 1; end <= len(n.toks)-(left-1); end++ {
			cuts = append(cuts, start)
			rec(end, left-1)
			cuts = cuts[:len(cuts)-1]
		}
	}
	if k >= 1 {
		rec(0, k)
	}
}

// joinAt builds the name whose tokens start at the given positions.
func joinAt(n *name, starts []int) name {
	m := name{w: n.w}
	for i, s := range starts {
		e := len(n.toks)
		if i+1 < len(starts) {
			e = starts[i+1]
		}
		m.toks = append(m.toks, concat(n.toks[s:e]))
		m.keys = append(m.keys, concat(n.keys[s:e]))
	}
	return m
}

// mergeRange joins tokens [i, j) of n into one.
func mergeRange(n *name, i, j int) name {
	m := name{w: n.w}
	m.toks = append(append(append(m.toks, n.toks[:i]...), concat(n.toks[i:j])), n.toks[j:]...)
	m.keys = append(append(append(m.keys, n.keys[:i]...), concat(n.keys[i:j])), n.keys[j:]...)
	return m
}

func concat(ss []string) string {
	if len(ss) == 1 {
		return ss[0]
	}
	s := ""
	for _, x := range ss {
		s += x
	}
	return s
}

// assign pairs tokens one-to-one, greedily by similarity, and returns
// Σ sim·(len q + len c) / (total length of both names).
func assign(q, c *name) float64 {
	nq, nc := len(q.toks), len(c.toks)
	if nq == 0 || nc == 0 {
		return 0
	}
	var buf [64]float64
	sim := buf[:0]
	if nq*nc > len(buf) {
		sim = make([]float64, 0, nq*nc)
	}
	for i := range q.toks {
		for j := range c.toks {
			sim = append(sim, tokenSim(q.toks[i], q.keys[i], c.toks[j], c.keys[j]))
		}
	}
	var usedQ, usedC uint64
	total, factor := 0.0, 1.0
	for range min(nq, nc) {
		bi, bj, bs := -1, -1, -1.0
		for i := 0; i < nq && i < 64; i++ {
			if usedQ&(1<<i) != 0 {
				continue
			}
			for j := 0; j < nc && j < 64; j++ {
				if usedC&(1<<j) == 0 && sim[i*nc+j] > bs {
					bi, bj, bs = i, j, sim[i*nc+j]
				}
			}
		}
		if bi < 0 {
			break
		}
		usedQ |= 1 << bi
		usedC |= 1 << bj
		total += bs * float64(len(q.toks[bi])+len(c.toks[bj]))
		if bs < weakPair {
			factor *= weakFactor
		}
	}
	return factor * total / float64(q.w+c.w)
}

// A pair of tokens more different than weakPair (Jaro-Winkler after the
// length penalty) multiplies the name's score by weakFactor: two names
// that share a surname and one given name but differ in the other are
// different people.
const (
	weakPair   = 0.85
	weakFactor = 0.9
)

// keyEqual is the similarity of two different spellings with the same
// phonetic key (romanization variants such as Jong/Jeong, Lee/Ri).
const keyEqual = 0.97

// tokenSim is the similarity of two tokens: keyEqual (or Jaro-Winkler if
// higher) when their phonetic keys are equal, else Jaro-Winkler of the
// spellings times the length factor.
func tokenSim(a, ka, b, kb string) float64 {
	if a == b {
		return 1
	}
	if ka == kb {
		return max(JaroWinkler(a, b), keyEqual)
	}
	return JaroWinkler(a, b) * lengthFactor(len(a), len(b))
}

// lengthFactor is 1 − ½·(d−1)/longer for tokens whose lengths differ by
// d > 1 (Jaro-Winkler alone rates "patricia" close to "patriciabrown").
func lengthFactor(la, lb int) float64 {
	d := abs(la - lb)
	if d <= 1 {
		return 1
	}
	return 1 - 0.5*float64(d-1)/float64(max(la, lb))
}
