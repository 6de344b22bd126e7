package report

import (
	"bytes"
	"encoding/csv"
	"math/big"
	"strings"
	"testing"

	"github.com/vigil-project/vigil/internal/intel/incidents"
)

// simSummary is the summary of the curated registry plus the simulated
// incident, traced over the scenario's store (the registry's seeds are
// not in it, so those are listed as not traced).
func simSummary(t *testing.T) (*Summary, []incidents.Incident) {
	t.Helper()
	s := newScenario(t, 7, 2000)
	reg, err := incidents.Registry()
	if err != nil {
		t.Fatal(err)
	}
	incs := append(reg, *s.incident())
	sum, err := MakeSummary(s.st, s.tracer(t), incs, fixedNow, s.assets(t))
	if err != nil {
		t.Fatal(err)
	}
	return sum, incs
}

// TestSummaryGolden: the activity summary as JSON and CSV equals the
// golden files; USD sums are exact sums of the registry's figures.
func TestSummaryGolden(t *testing.T) {
	sum, incs := simSummary(t)
	for _, f := range []Format{JSON, CSV} {
		b, err := sum.Render(f)
		if err != nil {
			t.Fatal(err)
		}
		golden(t, "summary."+string(f)+".golden", b)
	}
	want := new(big.Int)
	for _, inc := range incs {
		if len(inc.StolenUSD) > 0 {
			v, _ := new(big.Int).SetString(inc.StolenUSD[0].Value, 10)
			want.Add(want, v)
		}
	}
	for _, gs := range [][]GroupTotal{sum.ByYear, sum.ByActor, sum.ByVictim} {
		got, n := new(big.Int), 0
		for _, g := range gs {
			got.Add(got, bigOf(g.StolenUSD))
			n += g.Incidents
		}
		if got.Cmp(want) != 0 || n != len(incs) {
			t.Errorf("groups sum to USD %s over %d incidents, want %s over %d", got, n, want, len(incs))
		}
	}
	traced := 0
	for _, i := range sum.Incidents {
		if i.Traced {
			traced++
		} else if !strings.HasPrefix(i.TraceNote, "not traced: ") {
			t.Errorf("%s: note %q", i.ID, i.TraceNote)
		}
	}
	if traced != 1 || len(sum.ByChannel) == 0 || sum.ByChannel[0].Channel != ChanExchange {
		t.Errorf("%d traced, channels %+v", traced, sum.ByChannel)
	}
}

// TestSummaryCSVAndHTML: the CSV has one number per row under its header;
// the HTML is well-formed with a chart per grouping.
func TestSummaryCSVAndHTML(t *testing.T) {
	sum, _ := simSummary(t)
	b, _ := sum.Render(CSV)
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range rows[1:] {
		if row[4] == "" && row[0] != "incident" {
			t.Errorf("row without an amount: %v", row)
		}
		if _, ok := new(big.Int).SetString(row[4], 10); row[4] != "" && !ok {
			t.Errorf("amount %q is not a decimal integer", row[4])
		}
	}
	h, err := sum.Render(HTML)
	if err != nil {
		t.Fatal(err)
	}
	text := wellFormed(t, "summary.html", h)
	if n := strings.Count(string(h), "<svg "); n < 4 {
		t.Errorf("%d charts", n)
	}
	if !strings.Contains(text, "USD 1,500,000,000") || !strings.Contains(text, "Lazarus Group (TraderTraitor)") {
		t.Error("summary HTML lacks the Bybit figure or the actor")
	}
	if _, err := sum.Render(MD); err == nil {
		t.Error("the summary has no Markdown format")
	}
}
