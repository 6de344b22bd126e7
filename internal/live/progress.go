package live

import (
	"fmt"
	"io"
	"time"

	"github.com/vigil-project/vigil/internal/chain"
)

// progress prints at most one line a second (and the last of a range).
type progress struct {
	t0, last time.Time
}

func (p *progress) start(t time.Time) { p.t0 = t }

func (p *progress) report(w io.Writer, c chain.Info, block, to uint64, r *Result, final bool) {
	now := time.Now()
	if !final && now.Sub(p.last) < time.Second {
		return
	}
	p.last = now
	secs := max(now.Sub(p.t0).Seconds(), 1e-9)
	fmt.Fprintf(w, "vigil: %s: block %d of %d: %d blocks, %.0f blocks/s, %d transfers, %.0f transfers/s\n",
		c.Name, block, to, r.Blocks, float64(r.Blocks)/secs, r.Transfers, float64(r.Transfers)/secs)
}
