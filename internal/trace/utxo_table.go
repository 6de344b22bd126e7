package trace

// taintTable maps global output rows to the taint they hold: open
// addressing with linear probing over two flat arrays (no allocation per
// entry; it grows by doubling).
type taintTable struct {
	keys []uint32 // row+1; 0 is an empty slot
	vals []uint64
	n    int
}

func (t *taintTable) slot(k uint32) int {
	return int((k * 0x9e3779b1) & uint32(len(t.keys)-1))
}

// get returns the taint of row r.
func (t *taintTable) get(r uint32) (uint64, bool) {
	if t.n == 0 {
		return 0, false
	}
	k := r + 1
	mask := len(t.keys) - 1
	for i := t.slot(k); ; i = (i + 1) & mask {
		switch t.keys[i] {
		case k:
			return t.vals[i], true
		case 0:
			return 0, false
		}
	}
}

// add adds v to the taint of row r.
func (t *taintTable) add(r uint32, v uint64) {
	if 2*(t.n+1) > len(t.keys) {
		t.grow()
	}
	k := r + 1
	mask := len(t.keys) - 1
	i := t.slot(k)
	for t.keys[i] != 0 && t.keys[i] != k {
		i = (i + 1) & mask
	}
	if t.keys[i] == 0 {
		t.keys[i] = k
		t.n++
	}
	t.vals[i] += v
}

// del removes row r (backward-shift deletion keeps probe chains whole).
func (t *taintTable) del(r uint32) {
	if t.n == 0 {
		return
	}
	k := r + 1
	mask := len(t.keys) - 1
	i := t.slot(k)
	for t.keys[i] != k {
		if t.keys[i] == 0 {
			return
		}
		i = (i + 1) & mask
	}
	t.n--
	for j := (i + 1) & mask; t.keys[j] != 0; j = (j + 1) & mask {
		home := t.slot(t.keys[j])
		// Move j back to the hole i unless its home lies in (i, j].
		if (j > i && (home <= i || home > j)) || (j < i && home <= i && home > j) {
			t.keys[i], t.vals[i] = t.keys[j], t.vals[j]
			i = j
		}
	}
	t.keys[i], t.vals[i] = 0, 0
}

func (t *taintTable) grow() {
	old, oldV := t.keys, t.vals
	n := max(64, 2*len(old))
	t.keys, t.vals, t.n = make([]uint32, n), make([]uint64, n), 0
	for i, k := range old {
		if k != 0 {
			t.add(k-1, oldV[i])
		}
	}
}

// each calls fn for every row and its taint, in no particular order.
func (t *taintTable) each(fn func(r uint32, v uint64)) {
	for i, k := range t.keys {
		if k != 0 {
			fn(k-1, t.vals[i])
		}
	}
}

// txQueue is a min-heap of global transaction numbers.
type txQueue []uint32

func (q *txQueue) push(t uint32) {
	h := append(*q, t)
	i := len(h) - 1
	for i > 0 {
		p := (i - 1) / 2
		if h[p] <= h[i] {
			break
		}
		h[p], h[i] = h[i], h[p]
		i = p
	}
	*q = h
}

func (q *txQueue) pop() uint32 {
	h := *q
	top := h[0]
	n := len(h) - 1
	h[0] = h[n]
	h = h[:n]
	for i := 0; ; {
		c := 2*i + 1
		if c >= n {
			break
		}
		if c+1 < n && h[c+1] < h[c] {
			c++
		}
		if h[i] <= h[c] {
			break
		}
		h[i], h[c] = h[c], h[i]
		i = c
	}
	*q = h
	return top
}
