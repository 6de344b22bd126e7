package ingest

import (
	"runtime/debug"
	"syscall"
	"testing"
	"time"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/ingest/ethetl"
	"github.com/vigil-project/vigil/internal/store"
)

// BenchmarkIngestPhases splits the end-to-end ingest into parse and commit.
func BenchmarkIngestPhases(b *testing.B) {
	const n = 1 << 20
	src := b.TempDir()
	writeTokenCSV(b, src, n, false)
	eth, _ := chain.Lookup("eth")
	defer debug.SetGCPercent(debug.SetGCPercent(100)) // as the CLI's ingest
	var parse, commit, parseCPU, commitCPU time.Duration
	for i := 0; i < b.N; i++ {
		s, err := store.Open(b.TempDir(), nil)
		if err != nil {
			b.Fatal(err)
		}
		addrs, _ := s.Addresses(eth)
		tokens, _ := s.Tokens(eth)
		t0, c0 := time.Now(), cpuTime()
		blocks, err := ethetl.ParseDir(src, ethetl.Options{Chain: eth, Addrs: addrs, Tokens: tokens})
		if err != nil {
			b.Fatal(err)
		}
		t1, c1 := time.Now(), cpuTime()
		if _, err := s.CommitAccount(eth, addrs, tokens, blocks, nil); err != nil {
			b.Fatal(err)
		}
		parse += t1.Sub(t0)
		commit += time.Since(t1)
		parseCPU += c1 - c0
		commitCPU += cpuTime() - c1
		s.Close()
	}
	b.ReportMetric(parse.Seconds()/float64(b.N), "parse-s")
	b.ReportMetric(commit.Seconds()/float64(b.N), "commit-s")
	b.ReportMetric(parseCPU.Seconds()/float64(b.N), "parse-cpu-s")
	b.ReportMetric(commitCPU.Seconds()/float64(b.N), "commit-cpu-s")
}

// cpuTime is the process's user plus system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
