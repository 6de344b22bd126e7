package trace

import (
	"math/big"
	"math/bits"

	"github.com/vigil-project/vigil/internal/chain"
)

// add returns a+b, saturating at 2^256-1 (no real balance gets there).
func add(a, b chain.U256) chain.U256 {
	s, over := a.Add(b)
	if over {
		return chain.U256{^uint64(0), ^uint64(0), ^uint64(0), ^uint64(0)}
	}
	return s
}

// sub returns a-b, or 0 when b > a.
func sub(a, b chain.U256) chain.U256 {
	if a.Cmp(b) <= 0 {
		return chain.U256{}
	}
	var r chain.U256
	var c uint64
	for i := 0; i < 4; i++ {
		r[i], c = bits.Sub64(a[i], b[i], c)
	}
	return r
}

// muldiv computes ⌊a·b/c⌋ (c > 0, result ≤ a when b ≤ c) exactly. The
// common case — all three within 64 bits — needs no big.Int.
type muldiv struct{ x, y, z big.Int }

func (m *muldiv) do(a, b, c chain.U256) chain.U256 {
	if a.IsUint64() && b.IsUint64() && c.IsUint64() {
		hi, lo := bits.Mul64(a[0], b[0])
		if hi < c[0] {
			q, _ := bits.Div64(hi, lo, c[0])
			return chain.U64(q)
		}
	}
	setBig(&m.x, a)
	setBig(&m.y, b)
	m.x.Mul(&m.x, &m.y)
	setBig(&m.z, c)
	m.x.Quo(&m.x, &m.z)
	u, err := chain.FromBig(&m.x)
	if err != nil {
		return chain.U256{^uint64(0), ^uint64(0), ^uint64(0), ^uint64(0)}
	}
	return u
}

// setBig sets dst to u, reusing dst's memory.
func setBig(dst *big.Int, u chain.U256) {
	if bits.UintSize != 64 {
		dst.Set(u.Big())
		return
	}
	w := dst.Bits()[:0]
	for _, v := range u {
		w = append(w, big.Word(v))
	}
	dst.SetBits(w)
}
