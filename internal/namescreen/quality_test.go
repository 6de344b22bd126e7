package namescreen_test

import (
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"testing"

	"github.com/vigil-project/vigil/internal/intel/ofac"
	"github.com/vigil-project/vigil/internal/namescreen"
	"github.com/vigil-project/vigil/internal/namescreen/evalset"
	"github.com/vigil-project/vigil/internal/sharedtest"
)

var (
	evalOnce  sync.Once
	evalIdx   *namescreen.Index
	evalCases []evalset.Case
	evalErr   error
)

// evalData builds the evaluation list and cases from the real SDN edition
// once per test binary.
func evalData(t testing.TB) (*namescreen.Index, []evalset.Case) {
	dir := sharedtest.Path(t, "ofac-sdn-crypto", "brave-intl-lists")
	evalOnce.Do(func() {
		ns, err := ofac.ReadNamesFile(filepath.Join(dir, "sdn_advanced.xml.bz2"), 0)
		if err != nil {
			evalErr = err
			return
		}
		list, cases := evalset.Build(namescreen.EntriesFromSDN(ns, ofac.DefaultSource))
		evalIdx, evalCases = namescreen.New(list), cases
	})
	if evalErr != nil {
		t.Fatal(evalErr)
	}
	return evalIdx, evalCases
}

func ids(ms []namescreen.Match) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.ListEntryID
	}
	return out
}

// TestQuality: precision and recall at the default threshold on the
// evaluation set (docs/screening.md records the figures).
func TestQuality(t *testing.T) {
	x, cases := evalData(t)
	r := evalset.Score(cases, func(q string) []string { return ids(x.Screen(q, namescreen.Options{})) })
	r.Report(os.Stderr, "vigil")
	if r.Recall() < 0.97 || r.Precision() < 0.99 {
		t.Errorf("precision %.4f recall %.4f", r.Precision(), r.Recall())
	}
}

// BenchmarkScreenName screens the evaluation queries (variants of listed
// names and common names) round-robin against the full SDN list.
// It also reports names per CPU-second of the process (names/cpu-s), which
// a machine loaded by other jobs changes less than wall time.
func BenchmarkScreenName(b *testing.B) {
	x, cases := evalData(b)
	cpu0 := cpuSeconds()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		x.Screen(cases[i%len(cases)].Query, namescreen.Options{})
	}
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "names/s")
	b.ReportMetric(float64(b.N)/(cpuSeconds()-cpu0), "names/cpu-s")
}

// cpuSeconds is the user+system CPU time of the process.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}

// BenchmarkScreenNameParallel is BenchmarkScreenName on every core.
func BenchmarkScreenNameParallel(b *testing.B) {
	x, cases := evalData(b)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			x.Screen(cases[i%len(cases)].Query, namescreen.Options{})
			i++
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "names/s")
}
