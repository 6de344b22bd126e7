package report

import (
	"errors"
	"time"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/store"
)

// BlockTimes tells the time of a block (Unix seconds, UTC); ok is false
// when the block or its time is not known.
type BlockTimes interface {
	BlockTime(block uint64) (unix int64, ok bool, err error)
}

// MapTimes is a fixed table of block times.
type MapTimes map[uint64]int64

// BlockTime returns the time of block from the table.
func (m MapTimes) BlockTime(block uint64) (int64, bool, error) {
	t, ok := m[block]
	return t, ok && t > 0, nil
}

// StoreTimes reads block times from the stored block headers of one chain
// (a header time of 0 means the source had none). Lookups are cached.
type StoreTimes struct {
	st    *store.Store
	c     chain.Info
	cache map[uint64]int64
}

// NewStoreTimes returns the block times of chain c in st.
func NewStoreTimes(st *store.Store, c chain.Info) *StoreTimes {
	return &StoreTimes{st: st, c: c, cache: map[uint64]int64{}}
}

var errStop = errors.New("stop")

// BlockTime returns the header time of block n.
func (s *StoreTimes) BlockTime(n uint64) (int64, bool, error) {
	if t, ok := s.cache[n]; ok {
		return t, t > 0, nil
	}
	_, t, ok, err := s.firstFrom(n, n)
	if err != nil {
		return 0, false, err
	}
	if !ok {
		t = 0
	}
	s.cache[n] = t
	return t, t > 0, nil
}

// firstFrom returns the first stored block in from..to and its time.
func (s *StoreTimes) firstFrom(from, to uint64) (uint64, int64, bool, error) {
	var n uint64
	var t int64
	found := false
	var err error
	if s.c.Kind == chain.UTXO {
		err = s.st.ScanUTXO(s.c, from, to, func(b *store.UTXOBlockView) error {
			n, t, found = b.Header.Number, b.Header.Time, true
			return errStop
		})
	} else {
		err = s.st.ScanAccount(s.c, from, to, func(b *chain.AccountBlock) error {
			n, t, found = b.Header.Number, b.Header.Time, true
			return errStop
		})
	}
	if err != nil && !errors.Is(err, errStop) {
		return 0, 0, false, err
	}
	return n, t, found, nil
}

// SinceBlockFor returns the first stored block of the chain whose time is
// at or after at (binary search over the stored headers; block times grow
// with block numbers). ok is false when no stored block has a time or
// every stored block is older than at.
func (s *StoreTimes) SinceBlockFor(at time.Time) (uint64, bool, error) {
	first, last, ok, err := s.st.BlockRange(s.c)
	if err != nil || !ok {
		return 0, false, err
	}
	target := at.Unix()
	lo, hi := first, last+1
	for lo < hi {
		mid := lo + (hi-lo)/2
		n, t, found, err := s.firstFrom(mid, last)
		if err != nil {
			return 0, false, err
		}
		if !found || t == 0 {
			return 0, false, nil
		}
		if t >= target {
			hi = mid
		} else {
			lo = n + 1
		}
	}
	if lo > last {
		return 0, false, nil
	}
	n, _, found, err := s.firstFrom(lo, last)
	return n, found, err
}

// nominalBlocksPerDay is the design block rate of chains, used to count
// days in blocks when block times are not known.
var nominalBlocksPerDay = map[string]uint64{
	"btc": 144, "bch": 144, "ltc": 576, "doge": 1440, "zec": 1152,
	"eth": 7200, "bsc": 28800, "polygon": 43200, "op": 43200, "base": 43200, "arb": 345600,
}

// clock places blocks in time: by header times when every block asked
// about has one, else by nominal blocks per day counted from the start.
type clock struct {
	times     BlockTimes
	start     uint64
	startTime int64 // 0 when unknown
	perDay    uint64
	byTime    bool
}

// timeOf returns the time of block n (ok false when unknown).
func (c *clock) timeOf(n uint64) (int64, bool, error) {
	if c.times == nil {
		return 0, false, nil
	}
	return c.times.BlockTime(n)
}

// dayOf labels the day of block n: "2006-01-02" by time, or "day N
// (blocks a-b)" counted in nominal days from the start block.
func (c *clock) dayOf(n uint64, t int64) (label string, key int64) {
	if c.byTime {
		d := time.Unix(t, 0).UTC().Truncate(24 * time.Hour)
		return d.Format("2006-01-02"), d.Unix()
	}
	if c.perDay == 0 {
		return "all blocks", 0
	}
	var i uint64
	if n > c.start {
		i = (n - c.start) / c.perDay
	}
	lo := c.start + i*c.perDay
	return "day " + itoa(i+1) + " (blocks " + itoa(lo) + "-" + itoa(lo+c.perDay-1) + ")", int64(i)
}

// within reports whether block n (time t) is within days of the start.
func (c *clock) within(n uint64, t int64, days int) (bool, bool) {
	if c.byTime {
		return t-c.startTime <= int64(days)*86400, true
	}
	if c.perDay == 0 {
		return false, false
	}
	return n < c.start || n-c.start < uint64(days)*c.perDay, true
}

func itoa(v uint64) string {
	var b [20]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + v%10)
		v /= 10
		if v == 0 {
			return string(b[i:])
		}
	}
}

// rfc3339 formats a Unix time in UTC ("" for 0).
func rfc3339(t int64) string {
	if t <= 0 {
		return ""
	}
	return time.Unix(t, 0).UTC().Format(time.RFC3339)
}
