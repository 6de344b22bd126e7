package cli

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/intel/incidents"
	"github.com/vigil-project/vigil/internal/report"
	"github.com/vigil-project/vigil/internal/store"
	"github.com/vigil-project/vigil/internal/trace"
)

func init() {
	register("report", "reports: report incident ID|--chain C --seed A | freeze ID --out FILE.zip | summary", runReport)
}

const reportUsage = "usage: vigil report incident ID|--chain C --seed A [--since-block N] [--clusters=false] [--format md|html|json] [--out FILE] [--charts DIR] | " +
	"report freeze ID|--chain C --seed A [--clusters=false] [--exchange NAME] --out FILE.zip | report summary [--clusters=false] [--format csv|json|html] [--out FILE] [--charts DIR]"

func runReport(env *Env, args []string) error {
	var data []string
	if len(args) >= 2 && args[0] == "--data" {
		data, args = args[:2], args[2:]
	}
	if len(args) == 0 {
		return usagef("%s", reportUsage)
	}
	rest := append(append([]string{}, data...), args[1:]...)
	switch args[0] {
	case "incident":
		return runReportIncident(env, rest)
	case "freeze":
		return runReportFreeze(env, rest)
	case "summary":
		return runReportSummary(env, rest)
	}
	return usagef("unknown report %q (incident, freeze, summary)", args[0])
}

// reportNow is the generation time printed in reports; tests fix it.
var reportNow = func() time.Time { return time.Now().UTC().Truncate(time.Second) }

// traceFlags are the flags that choose what an incident report traces.
type traceFlags struct {
	chain, policy *string
	seeds         seedList
	since         *uint64
	maxHops, top  *int
	assets        assetFlags
	clusters      *bool
}

func addTraceFlags(fs *flag.FlagSet) *traceFlags {
	t := &traceFlags{chain: chainFlag(fs, ""),
		since:    fs.Uint64("since-block", 0, "start the trace at this block (default: the incident's date, else the first stored block)"),
		policy:   fs.String("policy", "haircut", "taint policy: haircut, poison or fifo"),
		maxHops:  fs.Int("max-hops", trace.DefaultMaxHops, "hops to follow from the seeds"),
		top:      fs.Int("top", report.DefaultTopPaths, "evidence paths to list"),
		clusters: fs.Bool("clusters", true, clusterFlagUsage)}
	fs.Var(&t.seeds, "seed", "seed address (repeatable, or comma-separated), instead of an incident ID")
	fs.Var(&t.assets, "asset", "display of a token: ASSET=SYMBOL:DECIMALS (repeatable), e.g. eth:0x...=USDS:6")
	return t
}

// request checks the flags and the incident ID (pos) into a report
// request; incs are the incidents to look the ID up in.
func (t *traceFlags) request(fs *flag.FlagSet, pos []string, incs []incidents.Incident) (report.Request, error) {
	p, err := trace.ParsePolicy(*t.policy)
	if err != nil {
		return report.Request{}, usagef("--policy: %v", err)
	}
	if *t.maxHops < 1 {
		return report.Request{}, usagef("--max-hops %d: must be at least 1", *t.maxHops)
	}
	if *t.top < 1 {
		return report.Request{}, usagef("--top %d: must be at least 1", *t.top)
	}
	req := report.Request{Chain: *t.chain, Seeds: t.seeds, Policy: p, MaxHops: *t.maxHops, TopPaths: *t.top,
		Assets: report.Assets(t.assets), Now: reportNow()}
	if flagSet(fs, "since-block") {
		req.SinceBlock = t.since
	}
	if *t.chain != "" {
		if _, err := lookupChain(*t.chain); err != nil {
			return req, err
		}
	}
	switch {
	case len(pos) > 1:
		return req, usagef("one incident ID at most (got %q)", strings.Join(pos, " "))
	case len(pos) == 1 && len(t.seeds) > 0:
		return req, usagef("give an incident ID or --seed, not both")
	case len(pos) == 1:
		inc, err := findIncident(incs, pos[0])
		if err != nil {
			return req, err
		}
		req.Incident = inc
	case len(t.seeds) == 0:
		return req, usagef("an incident ID or --chain C --seed ADDRESS is needed")
	case *t.chain == "":
		return req, usagef("--chain is required with --seed")
	}
	return req, nil
}

func findIncident(incs []incidents.Incident, id string) (*incidents.Incident, error) {
	for i := range incs {
		if incs[i].ID == id {
			return &incs[i], nil
		}
	}
	return nil, usagef("no incident %q (see vigil incidents list)", id)
}

// assetFlags collects --asset ASSET=SYMBOL:DECIMALS.
type assetFlags report.Assets

func (a *assetFlags) String() string { return fmt.Sprint(len(*a)) }

func (a *assetFlags) Set(v string) error {
	asset, spec, ok := strings.Cut(v, "=")
	sym, dec, ok2 := strings.Cut(spec, ":")
	n, err := strconv.Atoi(dec)
	if !ok || !ok2 || sym == "" || err != nil || n < 0 || n > 77 {
		return fmt.Errorf("%q: want ASSET=SYMBOL:DECIMALS, e.g. eth:0xdac17f958d2ee523a2206206994597c13d831ec7=USDT:6", v)
	}
	if _, _, err := chain.ParseAssetName(asset); err != nil {
		return err
	}
	if *a == nil {
		*a = assetFlags{}
	}
	(*a)[strings.ToLower(asset)] = report.AssetInfo{Symbol: sym, Decimals: n}
	return nil
}

// reportStore opens the store read-only for a report with the merged
// incidents; a missing data directory is bad usage when need is set and
// yields a nil store otherwise.
func reportStore(dir string, need bool) (*store.Store, []incidents.Incident, error) {
	var s *store.Store
	if _, err := os.Stat(dir); err == nil {
		if s, err = store.Open(dir, &store.Options{ReadOnly: true}); err != nil {
			return nil, nil, err
		}
	} else if need {
		return nil, nil, usagef("no store at %s: ingest data first", dir)
	}
	merged, err := storeIncidents(s)
	if err != nil {
		if s != nil {
			s.Close()
		}
		return nil, nil, err
	}
	incs := make([]incidents.Incident, len(merged))
	for i := range merged {
		incs[i] = merged[i].Incident
	}
	return s, incs, nil
}

// storeTracer traces over s with its current labels and, when clusters
// is set, the labels addresses inherit from their cluster on the traced
// chain, exactly as vigil trace does with the same --clusters.
func storeTracer(s *store.Store, clusters bool) (report.Tracer, error) {
	labels, err := newChainLabels(s, clusters)
	if err != nil {
		return nil, err
	}
	return func(q trace.Query) (*trace.Result, error) {
		x, err := labels.index(q.Chain)
		if err != nil {
			return nil, err
		}
		return trace.Run(s, q, x)
	}, nil
}

// incidentReport opens the store at data, builds the report that the
// trace flags and arguments ask for, and closes the store again (a built
// report holds no store).
func incidentReport(data string, fs *flag.FlagSet, tf *traceFlags, pos []string) (*report.IncidentReport, error) {
	s, incs, err := reportStore(data, true)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	req, err := tf.request(fs, pos, incs)
	if err != nil {
		return nil, err
	}
	return makeReport(s, req, *tf.clusters)
}

// makeReport builds the incident report of req over s, with or without
// the labels inherited through clusters.
func makeReport(s *store.Store, req report.Request, clusters bool) (*report.IncidentReport, error) {
	tr, err := storeTracer(s, clusters)
	if err != nil {
		return nil, err
	}
	return report.Make(s, tr, req)
}

// writeOutput writes body to out (atomically: a temporary file renamed
// into place) or to stdout when out is "".
func writeOutput(env *Env, out string, body []byte) error {
	if out == "" {
		_, err := env.Stdout.Write(body)
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(out), ".vigil-report-*")
	if err != nil {
		return usagef("--out %s: %v", out, err)
	}
	_, err = tmp.Write(body)
	if err == nil {
		err = tmp.Chmod(0o644) // CreateTemp makes 0600; a report is an ordinary file
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), out)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("writing %s: %w", out, err)
	}
	fmt.Fprintf(env.Stderr, "vigil: wrote %s (%d bytes)\n", out, len(body))
	return nil
}

// reportErr turns the report package's bad-input errors into bad usage.
func reportErr(err error) error {
	if errors.Is(err, report.ErrNotFound) || errors.Is(err, report.ErrBadFormat) {
		return usagef("%v", err)
	}
	return err
}

// writeCharts writes each chart as DIR/NAME (creating DIR); "" writes
// nothing.
func writeCharts(env *Env, dir string, charts []report.Chart) error {
	if dir == "" {
		return nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return usagef("--charts %s: %v", dir, err)
	}
	for _, c := range charts {
		if err := os.WriteFile(filepath.Join(dir, c.Name), []byte(c.SVG), 0o644); err != nil {
			return fmt.Errorf("writing %s: %w", c.Name, err)
		}
	}
	fmt.Fprintf(env.Stderr, "vigil: wrote %d SVG charts to %s\n", len(charts), dir)
	return nil
}
