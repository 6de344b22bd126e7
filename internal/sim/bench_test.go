package sim

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// BenchmarkSimulate writes a heist with 1,000,000 background transfers
// into a fresh directory and reports transfers written per second.
func BenchmarkSimulate(b *testing.B) {
	root := b.TempDir()
	var n, i int
	for b.Loop() {
		dir := filepath.Join(root, strconv.Itoa(i))
		s, err := Eth(dir, Config{Seed: 1, Background: 1000000})
		if err != nil {
			b.Fatal(err)
		}
		n += s.Transfers
		b.StopTimer()
		os.RemoveAll(dir)
		i++
		b.StartTimer()
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "transfers/s")
}
