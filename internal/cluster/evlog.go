package cluster

// evLog is the evidence of a build in progress: the links of the build it
// continues (base, columns as read from the file) and the new ones in
// fixed-size blocks, so that millions of links are appended without
// copying what is there (a growing slice would copy it again and again).
type evLog struct {
	base evidence
	recs [][]evRec
	n    int // new links
}

// evRec is one new link.
type evRec struct {
	a, b, blk, pos uint32
	h              uint8
}

// evBlock is the number of links per block.
const evBlock = 1 << 16

func (l *evLog) add(a, b, blk, pos uint32, h Heuristic) {
	if l.n%evBlock == 0 {
		l.recs = append(l.recs, make([]evRec, 0, evBlock))
	}
	k := len(l.recs) - 1
	l.recs[k] = append(l.recs[k], evRec{a, b, blk, pos, uint8(h)})
	l.n++
}

// columns returns every link as columns, the base's first.
func (l *evLog) columns() evidence {
	if l.n == 0 {
		return l.base
	}
	n := l.base.Len() + l.n
	e := evidence{A: make([]uint32, 0, n), B: make([]uint32, 0, n), Block: make([]uint32, 0, n),
		Pos: make([]uint32, 0, n), H: make([]uint8, 0, n)}
	e.A, e.B = append(e.A, l.base.A...), append(e.B, l.base.B...)
	e.Block, e.Pos, e.H = append(e.Block, l.base.Block...), append(e.Pos, l.base.Pos...), append(e.H, l.base.H...)
	for _, blk := range l.recs {
		for _, r := range blk {
			e.add(r.a, r.b, r.blk, r.pos, Heuristic(r.h))
		}
	}
	return e
}
