package report

import (
	"fmt"
	"strings"
	"time"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/inputerr"
	"github.com/vigil-project/vigil/internal/intel/incidents"
	"github.com/vigil-project/vigil/internal/store"
	"github.com/vigil-project/vigil/internal/trace"
)

// Tracer runs a trace (trace.Run with the current labels; the server
// passes one that serializes traces).
type Tracer func(q trace.Query) (*trace.Result, error)

// Request asks for an incident report: an incident from the registry, or
// explicit seeds on a chain.
type Request struct {
	Incident *incidents.Incident // nil: Seeds on Chain
	// Chain is the chain to trace; "" means the chain of the incident's
	// first non-victim seed.
	Chain string
	Seeds []string // explicit seeds (ignored for an incident)
	// SinceBlock is where the trace starts; nil means the first stored
	// block on or after the incident's date (by block time), else the
	// first stored block.
	SinceBlock *uint64
	Policy     trace.Policy
	MaxHops    int
	Assets     Assets
	Now        time.Time
	TopPaths   int
}

// Make traces what req asks for over st and builds the report. Bad
// requests (no seeds, unknown chain, seeds not in the data) are inputerr
// usage errors.
func Make(st *store.Store, tr Tracer, req Request) (*IncidentReport, error) {
	c, seeds, notes, err := resolveSeeds(req)
	if err != nil {
		return nil, err
	}
	times := NewStoreTimes(st, c)
	since, note, err := startBlock(st, times, c, req)
	if err != nil {
		return nil, err
	}
	if note != "" {
		notes = append(notes, note)
	}
	res, err := tr(trace.Query{Chain: c, Seeds: seeds, SinceBlock: since, Policy: req.Policy, MaxHops: req.MaxHops})
	if err != nil {
		return nil, err
	}
	as := DefaultAssets()
	if req.Assets != nil {
		as = as.With(req.Assets)
	}
	return Build(Input{Incident: req.Incident, Result: res, SinceBlock: since, Times: times, Assets: as, Now: req.Now,
		TopPaths: req.TopPaths, Notes: notes})
}

// resolveSeeds picks the chain and seeds of req; notes name the seeds on
// other chains that this report leaves out.
func resolveSeeds(req Request) (chain.Info, []string, []string, error) {
	name, seeds := req.Chain, req.Seeds
	var notes []string
	if inc := req.Incident; inc != nil {
		seeds = nil
		for _, s := range inc.Seeds {
			if s.Role == "victim" {
				continue
			}
			if name == "" {
				name = s.Chain
			}
			if s.Chain == name {
				seeds = append(seeds, s.Address)
			} else {
				notes = append(notes, fmt.Sprintf("Seed %s on %s is not traced in this report (make one with --chain %s).", s.Address, s.Chain, s.Chain))
			}
		}
		if len(seeds) == 0 {
			return chain.Info{}, nil, nil, inputerr.Usagef("incident %s has no seed addresses to trace%s (the registry lists none; use --chain and --seed)", inc.ID, onChain(name))
		}
	}
	if name == "" {
		return chain.Info{}, nil, nil, inputerr.Usagef("a chain is needed (--chain)")
	}
	c, err := chain.Lookup(name)
	if err != nil {
		return chain.Info{}, nil, nil, inputerr.Usagef("chain %q: %v", name, err)
	}
	if len(seeds) == 0 {
		return chain.Info{}, nil, nil, inputerr.Usagef("at least one seed address is needed")
	}
	return c, seeds, notes, nil
}

func onChain(name string) string {
	if name == "" {
		return ""
	}
	return " on " + name
}

// startBlock decides where the trace starts and says how it was chosen.
func startBlock(st *store.Store, times *StoreTimes, c chain.Info, req Request) (uint64, string, error) {
	if req.SinceBlock != nil {
		return *req.SinceBlock, "", nil
	}
	first, _, ok, err := st.BlockRange(c)
	if err != nil {
		return 0, "", err
	}
	if !ok {
		return 0, "", inputerr.Usagef("no %s blocks are loaded: ingest data first", c.Name)
	}
	if inc := req.Incident; inc != nil && inc.Date.Value != incidents.Unknown {
		day, err := time.Parse("2006-01-02", inc.Date.Value)
		if err == nil {
			n, found, err := times.SinceBlockFor(day)
			if err != nil {
				return 0, "", err
			}
			if found {
				return n, fmt.Sprintf("Start block %d: the first stored %s block on or after the incident date %s (00:00 UTC).", n, c.Name, inc.Date.Value), nil
			}
		}
	}
	return first, fmt.Sprintf("Start block %d: the first stored %s block (no block time on or after the incident date to start from).", first, c.Name), nil
}

// MakeSummary traces every incident with seeds in st (nil: none) and
// builds the activity summary. Incidents that cannot be traced (no seeds,
// no data) are listed with the reason.
func MakeSummary(st *store.Store, tr Tracer, incs []incidents.Incident, now time.Time, as Assets) (*Summary, error) {
	in := SummaryInput{Incidents: incs, Traces: map[string]*IncidentReport{}, NotTraced: map[string]string{}, Now: now, Assets: as}
	for i := range incs {
		inc := &incs[i]
		if st == nil {
			in.NotTraced[inc.ID] = "no data loaded"
			continue
		}
		r, err := Make(st, tr, Request{Incident: inc, Now: now, Assets: as})
		if err != nil {
			if inputerr.IsUsage(err) || inputerr.Is(err) {
				in.NotTraced[inc.ID] = "not traced: " + strings.TrimPrefix(err.Error(), "trace: ")
				continue
			}
			return nil, fmt.Errorf("incident %s: %w", inc.ID, err)
		}
		in.Traces[inc.ID] = r
	}
	s, err := Summarize(in)
	if err != nil {
		return nil, err
	}
	s.SortYears()
	return s, nil
}
