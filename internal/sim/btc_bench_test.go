package sim

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// BenchmarkSimulateBtc writes a Bitcoin heist with 1,000,000 background
// outputs into a fresh directory and reports outputs written per second.
func BenchmarkSimulateBtc(b *testing.B) {
	root := b.TempDir()
	var n, i int
	var bytes int64
	for b.Loop() {
		dir := filepath.Join(root, strconv.Itoa(i))
		s, err := Btc(dir, Config{Seed: 1, Background: 1000000})
		if err != nil {
			b.Fatal(err)
		}
		n += s.Transfers
		b.StopTimer()
		if fi, err := os.Stat(filepath.Join(dir, "transactions.json")); err == nil {
			bytes += fi.Size()
		}
		os.RemoveAll(dir)
		i++
		b.StartTimer()
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "outputs/s")
	b.ReportMetric(float64(bytes)/float64(i)/1e6, "MB/op")
}
