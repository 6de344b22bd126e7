package report

import (
	"fmt"
	"strings"
	"time"

	"github.com/vigil-project/vigil/internal/intel/incidents"
	"github.com/vigil-project/vigil/internal/trace"
)

// DefaultTopPaths is how many evidence paths a report lists by default.
const DefaultTopPaths = 10

// Input is what an incident report is built from.
type Input struct {
	Incident   *incidents.Incident // nil for a report on explicit seeds
	Result     *trace.Result       // a forward trace
	SinceBlock uint64
	Times      BlockTimes // nil: no block times known
	Assets     Assets     // nil: DefaultAssets
	Now        time.Time  // generation time printed in the report
	TopPaths   int        // 0: DefaultTopPaths
	Notes      []string   // extra notes (e.g. how the start block was chosen)
}

// Build aggregates a trace into an incident report.
func Build(in Input) (*IncidentReport, error) {
	res := in.Result
	if res == nil {
		return nil, fmt.Errorf("report: no trace result")
	}
	r := &IncidentReport{Kind: KindIncident, GeneratedAt: in.Now.UTC().Format(time.RFC3339), Incident: in.Incident,
		Chain: res.Chain, Policy: res.Policy, Seeds: res.Seeds, SinceBlock: in.SinceBlock, Notes: []string{},
		assets: in.Assets}
	if r.Seeds == nil {
		r.Seeds = []string{}
	}
	r.Title = title(in.Incident, res)
	r.Stats = TraceStats{Endpoints: len(res.Endpoints), TransfersVisited: res.Stats.TransfersVisited,
		Truncated: res.Stats.Truncated}
	clk, err := r.setClock(in)
	if err != nil {
		return nil, err
	}
	r.Notes = append(r.Notes, in.Notes...)
	if err := r.fill(res, clk, in.TopPaths); err != nil {
		return nil, err
	}
	return r, nil
}

func title(inc *incidents.Incident, res *trace.Result) string {
	if inc != nil {
		return inc.Name + ": where the stolen value went"
	}
	seeds := strings.Join(res.Seeds, ", ")
	if len(res.Seeds) > 2 {
		seeds = strings.Join(res.Seeds[:2], ", ") + fmt.Sprintf(" and %d more", len(res.Seeds)-2)
	}
	return "Trace of " + seeds + " (" + res.Chain + "): where the value went"
}

// setClock decides the time basis: block times when the start block and
// every endpoint block have one, else nominal blocks per day.
func (r *IncidentReport) setClock(in Input) (*clock, error) {
	c := &clock{times: in.Times, start: in.SinceBlock, perDay: nominalBlocksPerDay[r.Chain]}
	byTime := in.Times != nil
	if byTime {
		t, ok, err := c.timeOf(in.SinceBlock)
		if err != nil {
			return nil, err
		}
		if !ok {
			t, ok, err = firstTime(c, in.Result)
			if err != nil {
				return nil, err
			}
		}
		c.startTime, byTime = t, ok
	}
	for _, e := range in.Result.Endpoints {
		if !byTime {
			break
		}
		_, ok, err := c.timeOf(e.LastBlock)
		if err != nil {
			return nil, err
		}
		byTime = ok
	}
	c.byTime = byTime
	r.TimeBasis = BasisBlockTime
	if byTime {
		r.SinceTime = rfc3339(c.startTime)
		return c, nil
	}
	r.TimeBasis = BasisBlockNumber
	if c.perDay > 0 {
		r.Notes = append(r.Notes, fmt.Sprintf("No block times are stored for these blocks: days are counted in blocks from block %d at the nominal %d blocks per day of %s, not measured.", c.start, c.perDay, r.Chain))
	} else {
		r.Notes = append(r.Notes, fmt.Sprintf("No block times are stored for these blocks and %s has no nominal block rate here: days and laundering speed are unknown.", r.Chain))
	}
	return c, nil
}

// firstTime is the time of the earliest endpoint block when the start
// block itself is not stored (the trace starts at the first move after it).
func firstTime(c *clock, res *trace.Result) (int64, bool, error) {
	var first uint64
	found := false
	for _, e := range res.Endpoints {
		if !found || e.FirstBlock < first {
			first, found = e.FirstBlock, true
		}
	}
	if !found {
		return 0, false, nil
	}
	return c.timeOf(first)
}
