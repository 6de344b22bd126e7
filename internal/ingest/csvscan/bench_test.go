package csvscan

import (
	"os"
	"testing"
)

// BenchmarkScanFile scans $CSVSCAN_BENCH_FILE (skipped when unset).
func BenchmarkScanFile(b *testing.B) {
	path := os.Getenv("CSVSCAN_BENCH_FILE")
	if path == "" {
		b.Skip("set CSVSCAN_BENCH_FILE to a CSV file")
	}
	st, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(st.Size())
	b.ReportAllocs()
	for b.Loop() {
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		s := New(f)
		rows := 0
		for s.Next() {
			rows++
		}
		f.Close()
		if s.Err() != nil {
			b.Fatal(s.Err())
		}
		b.ReportMetric(float64(rows), "rows")
	}
}
