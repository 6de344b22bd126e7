package ethetl

import "testing"

// BenchmarkParseTraces: traces.csv of a simulated export (after its
// transactions.csv and receipts.csv, untimed), sequential and in parts,
// in the same run.
func BenchmarkParseTraces(b *testing.B) {
	dir := benchSim(b)
	b.Run("sequential", func(b *testing.B) { benchFileParse(b, dir, fileTraces, false) })
	b.Run("parallel", func(b *testing.B) { benchFileParse(b, dir, fileTraces, true) })
}
