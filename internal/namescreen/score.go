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

// score is the similarity 0–1 of two names: the token assignment after
// joining, on either side, runs of 2–3 adjacent tokens that spell a token
// of the other name (spacing variants: "Jong Un" = "Jongun").
func score(q, c *name) float64 {
	best := assign(q, c)
	if best == 1 {
		return best
	}
	mq, okq := joinRuns(q, c)
	mc, okc := joinRuns(c, q)
	if !okq && !okc {
		return best
	}
	return max(best, assign(&mq, &mc))
}

// joinRuns joins runs of 2–3 adjacent tokens of n whose joined key is
// close to (Jaro-Winkler ≥ joinSim, same first byte, length ±1) a token
// key of other; ok is false when nothing was joined.
func joinRuns(n, other *name) (name, bool) {
	if len(n.toks) < 2 {
		return *n, false
	}
	var m name
	m.w = n.w
	joined := false
	for i := 0; i < len(n.toks); {
		e := i + 1
		for j := min(len(n.toks), i+3); j > i+1; j-- {
			if spells(concat(n.keys[i:j]), other) {
				e, joined = j, true
				break
			}
		}
		m.toks = append(m.toks, concat(n.toks[i:e]))
		m.keys = append(m.keys, concat(n.keys[i:e]))
		i = e
	}
	return m, joined
}

// joinSim is how close joined tokens must be to a token of the other name.
const joinSim = 0.92

// spells reports whether key k is close to a token key of n.
func spells(k string, n *name) bool {
	for _, o := range n.keys {
		if len(o) == 0 || o[0] != k[0] || abs(len(o)-len(k)) > 1 {
			continue
		}
		if o == k || JaroWinkler(k, o) >= joinSim {
			return true
		}
	}
	return false
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
