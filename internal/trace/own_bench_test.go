package trace_test

import (
	"testing"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/trace"
)

// BenchmarkSentFlows traces forward from the simulated heist's first seed
// through an open Session: "flows" without own amounts (Flows), "own"
// with them (SentFlows, what screening runs), in the same run, so the
// cost of carrying own amounts shows directly.
func BenchmarkSentFlows(b *testing.B) {
	st, labels, tr := loadBench(b)
	eth, _ := chain.Lookup("eth")
	s, err := trace.Open(st, eth)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	d, _ := st.Addresses(eth)
	ls, err := trace.LoadLabels(labels, eth, d)
	if err != nil {
		b.Fatal(err)
	}
	id, _, err := s.AddressID(tr.Seeds[0])
	if err != nil {
		b.Fatal(err)
	}
	q := trace.Query{Chain: eth, SinceBlock: tr.TheftBlock}
	for _, c := range []struct {
		name string
		run  func(uint32, trace.Query, *trace.Labels) ([]trace.Flow, error)
	}{{"flows", s.Flows}, {"own", s.SentFlows}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			var fs []trace.Flow
			for i := 0; i < b.N; i++ {
				if fs, err = c.run(id, q, ls); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(fs)), "endpoints")
		})
	}
}
