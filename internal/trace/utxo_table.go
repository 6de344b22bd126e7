package trace

// oaMap is a hash map from IDs to numbers for the UTXO trace's hot paths:
// open addressing with linear probing over two flat arrays (no allocation
// per entry; it grows by doubling). Key k is stored as k+1 (0 marks an
// empty slot), so the largest key is not allowed.
type oaMap[K uint32 | uint64, V uint32 | uint64] struct {
	keys []K
	vals []V
	n    int
}

// taintTable maps global output rows to the taint they hold.
type taintTable = oaMap[uint32, uint64]

func (t *oaMap[K, V]) slot(k K) int {
	return int((uint64(k) * 0x9e3779b97f4a7c15 >> 32) & uint64(len(t.keys)-1))
}

// find returns the slot of key k+1 or of the empty slot ending its chain.
func (t *oaMap[K, V]) find(k K) int {
	mask := len(t.keys) - 1
	i := t.slot(k)
	for t.keys[i] != 0 && t.keys[i] != k {
		i = (i + 1) & mask
	}
	return i
}

// get returns the value of key.
func (t *oaMap[K, V]) get(key K) (V, bool) {
	if t.n == 0 {
		return 0, false
	}
	i := t.find(key + 1)
	return t.vals[i], t.keys[i] != 0
}

// add adds v to the value of key (inserting it with v when absent).
func (t *oaMap[K, V]) add(key K, v V) {
	if 2*(t.n+1) > len(t.keys) {
		t.grow()
	}
	i := t.find(key + 1)
	if t.keys[i] == 0 {
		t.keys[i] = key + 1
		t.n++
	}
	t.vals[i] += v
}

// put sets the value of key.
func (t *oaMap[K, V]) put(key K, v V) {
	if 2*(t.n+1) > len(t.keys) {
		t.grow()
	}
	i := t.find(key + 1)
	if t.keys[i] == 0 {
		t.keys[i] = key + 1
		t.n++
	}
	t.vals[i] = v
}

// del removes key (backward-shift deletion keeps probe chains whole).
func (t *oaMap[K, V]) del(key K) {
	if t.n == 0 {
		return
	}
	mask := len(t.keys) - 1
	i := t.find(key + 1)
	if t.keys[i] == 0 {
		return
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

func (t *oaMap[K, V]) grow() {
	old, oldV := t.keys, t.vals
	n := max(64, 2*len(old))
	t.keys, t.vals, t.n = make([]K, n), make([]V, n), 0
	for i, k := range old {
		if k != 0 {
			t.put(k-1, oldV[i])
		}
	}
}

// len returns the number of keys.
func (t *oaMap[K, V]) len() int { return t.n }

// each calls fn for every key and value, in no particular order.
func (t *oaMap[K, V]) each(fn func(k K, v V)) {
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
