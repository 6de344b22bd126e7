package report

import (
	"testing"
	"time"

	"github.com/vigil-project/vigil/internal/chain"
)

// TestSinceBlockFor: the binary search over stored block times finds the
// first block at or after a time, on both sides of the stored range.
func TestSinceBlockFor(t *testing.T) {
	s := newScenario(t, 3, 300)
	eth, _ := chain.Lookup("eth")
	st := NewStoreTimes(s.st, eth)
	first, last, _, err := s.st.BlockRange(eth)
	if err != nil {
		t.Fatal(err)
	}
	t0, ok, err := st.BlockTime(first)
	if err != nil || !ok {
		t.Fatalf("time of block %d: %v %v", first, ok, err)
	}
	mid := first + (last-first)/2
	tm, _, _ := st.BlockTime(mid)
	tests := []struct {
		at    int64
		want  uint64
		found bool
	}{
		{t0 - 86400, first, true},
		{t0, first, true},
		{tm, mid, true},
		{tm + 1, mid + 1, true},
		{t0 + int64(last-first)*12 + 1, 0, false},
	}
	for _, tc := range tests {
		n, found, err := st.SinceBlockFor(time.Unix(tc.at, 0))
		if err != nil || found != tc.found || (found && n != tc.want) {
			t.Errorf("at %d: block %d found %v (%v), want %d %v", tc.at, n, found, err, tc.want, tc.found)
		}
	}
	if _, ok, err := st.BlockTime(last + 1000); ok || err != nil {
		t.Errorf("a block beyond the data has a time (%v)", err)
	}
}
