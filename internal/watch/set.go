package watch

import (
	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/store"
)

// MaxFollowed bounds the addresses one watch may gain by following taint
// live, so that a watch cannot grow without limit (a peel chain through
// thousands of fresh addresses stays watched; a sweep into a whole
// exchange's customer base does not).
const MaxFollowed = 100000

// ref says that an address is watched by watch w (index into set.watches)
// in a role; via is the alert that added it (RoleFollowed).
type ref struct {
	w    int
	role string
	via  string
}

// set is the watched addresses of one chain, by address ID, with a bitset
// for the fast "is this address watched at all" test of the scan.
type set struct {
	watches  []store.Watch
	addrs    map[chain.AddrID][]ref
	bits     []uint64
	followed []int // per watch: addresses added live
}

func newSet(ws []store.Watch) *set {
	return &set{watches: ws, addrs: map[chain.AddrID][]ref{}, followed: make([]int, len(ws))}
}

// touches reports whether any watch watches id.
func (s *set) touches(id chain.AddrID) bool {
	i := uint(id) >> 6
	return id != chain.NoAddr && i < uint(len(s.bits)) && s.bits[i]&(1<<(uint(id)&63)) != 0
}

// role returns the role of id in watch w.
func (s *set) role(id chain.AddrID, w int) (ref, bool) {
	for _, r := range s.addrs[id] {
		if r.w == w {
			return r, true
		}
	}
	return ref{}, false
}

// add watches id in watch w (replacing an older role there).
func (s *set) add(id chain.AddrID, r ref) {
	if id == chain.NoAddr {
		return
	}
	s.drop(id, r.w)
	s.addrs[id] = append(s.addrs[id], r)
	if r.role == store.RoleFollowed {
		s.followed[r.w]++
	}
	i := int(uint(id) >> 6)
	if i >= len(s.bits) {
		s.bits = append(s.bits, make([]uint64, i+1-len(s.bits))...)
	}
	s.bits[i] |= 1 << (uint(id) & 63)
}

// drop stops watching id in watch w.
func (s *set) drop(id chain.AddrID, w int) {
	rs := s.addrs[id]
	for i, r := range rs {
		if r.w != w {
			continue
		}
		if r.role == store.RoleFollowed {
			s.followed[w]--
		}
		rs = append(rs[:i:i], rs[i+1:]...)
		break
	}
	if len(rs) > 0 {
		s.addrs[id] = rs
		return
	}
	delete(s.addrs, id)
	if i := uint(id) >> 6; i < uint(len(s.bits)) {
		s.bits[i] &^= 1 << (uint(id) & 63)
	}
}

// propagates reports whether value leaving an address of role r is
// followed (seeds, traced and followed addresses; given addresses too
// when the watch follows; never trace endpoints).
func propagates(r string) bool { return r != store.RoleEndpoint }

// hit is one watch touched by a move: side is "from", "to" or "both";
// follow asks to watch the receiver from now on.
type hit struct {
	w      int
	side   string
	follow bool
}

// match returns the watches active at change seq that move from->to
// touches. isService tells labeled services (never followed into).
func (s *set) match(from, to chain.AddrID, seq uint64, isService func(chain.AddrID) bool) []hit {
	var out []hit
	for _, r := range s.addrs[from] {
		if !s.active(r.w, seq) {
			continue
		}
		h := hit{w: r.w, side: "from"}
		if _, ok := s.role(to, r.w); ok {
			h.side = "both"
		} else if s.watches[r.w].Follow && propagates(r.role) && to != chain.NoAddr &&
			s.followed[r.w] < MaxFollowed && !isService(to) {
			h.follow = true
		}
		out = append(out, h)
	}
	for _, r := range s.addrs[to] {
		if !s.active(r.w, seq) {
			continue
		}
		if _, ok := s.role(from, r.w); !ok {
			out = append(out, hit{w: r.w, side: "to"})
		}
	}
	return out
}

// active reports whether watch w takes alerts from change seq.
func (s *set) active(w int, seq uint64) bool { return seq > s.watches[w].SinceSeq }

// anyActive reports whether some watch takes alerts from change seq.
func (s *set) anyActive(seq uint64) bool {
	for w := range s.watches {
		if s.active(w, seq) {
			return true
		}
	}
	return false
}
