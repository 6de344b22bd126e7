package ingest

import (
	"runtime/debug"
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
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	var parse, commit time.Duration
	for i := 0; i < b.N; i++ {
		s, err := store.Open(b.TempDir(), nil)
		if err != nil {
			b.Fatal(err)
		}
		addrs, _ := s.Addresses(eth)
		tokens, _ := s.Tokens(eth)
		t0 := time.Now()
		blocks, err := ethetl.ParseDir(src, ethetl.Options{Chain: eth, Addrs: addrs, Tokens: tokens})
		if err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		if _, err := s.CommitAccount(eth, addrs, tokens, blocks, nil); err != nil {
			b.Fatal(err)
		}
		parse += t1.Sub(t0)
		commit += time.Since(t1)
		s.Close()
	}
	b.ReportMetric(parse.Seconds()/float64(b.N), "parse-s")
	b.ReportMetric(commit.Seconds()/float64(b.N), "commit-s")
}
