package ingest

import (
	"fmt"
	"io"
	"path/filepath"
	"time"
)

// progress prints at most one line per second to w: rows, rows/s and the
// percentage when the size is known.
type progress struct {
	w     io.Writer
	stage string
	start time.Time
	last  time.Time
	rows  int64
	base  int64 // rows of files finished before the current one
	cur   string
}

func newProgress(w io.Writer, stage string) *progress {
	now := time.Now()
	return &progress{w: w, stage: stage, start: now, last: now}
}

// file is the parsers' callback.
func (p *progress) file(name string, done, total, rows int64) {
	if p.w == nil {
		return
	}
	if name != p.cur {
		p.base += p.rows
		p.rows = 0
		p.cur = name
	}
	p.rows = rows
	now := time.Now()
	if now.Sub(p.last) < time.Second && done != total {
		return
	}
	p.last = now
	all := p.base + p.rows
	rate := float64(all) / max(now.Sub(p.start).Seconds(), 1e-9)
	pct := ""
	if total > 0 {
		pct = fmt.Sprintf(" %5.1f%%", 100*float64(done)/float64(total))
	}
	fmt.Fprintf(p.w, "vigil: %s %s: %d rows, %.0f rows/s%s\n", p.stage, filepath.Base(name), rows, rate, pct)
}

// blocks reports commit progress.
func (p *progress) blocks(done, total int) {
	if p.w == nil {
		return
	}
	fmt.Fprintf(p.w, "vigil: %s: %d/%d blocks (%.1f%%), %s\n", p.stage, done, total,
		100*float64(done)/float64(max(total, 1)), time.Since(p.start).Round(time.Millisecond))
}

func (p *progress) done() {}
