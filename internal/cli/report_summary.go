package cli

import (
	"github.com/vigil-project/vigil/internal/report"
	"github.com/vigil-project/vigil/internal/trace"
)

func runReportSummary(env *Env, args []string) error {
	var c common
	fs := newFlags("report summary", env, &c)
	format := fs.String("format", "csv", "csv, json or html (--json is json)")
	charts := fs.String("charts", "", "also write the SVG charts into this directory")
	out := fs.String("out", "", "write the summary to this file (default: stdout)")
	clusters := fs.Bool("clusters", true, clusterFlagUsage)
	var assets assetFlags
	fs.Var(&assets, "asset", "display of a token: ASSET=SYMBOL:DECIMALS (repeatable)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unexpected argument %q", pos[0])
	}
	if c.json {
		*format = "json"
	}
	f, err := report.ParseFormat(*format, report.CSV, report.JSON, report.HTML)
	if err != nil {
		return usagef("--format: %v", err)
	}
	s, incs, err := reportStore(c.data, false)
	if err != nil {
		return err
	}
	var tr report.Tracer
	if s != nil {
		defer s.Close()
		if tr, err = storeTracer(s, *clusters); err != nil {
			return err
		}
	} else {
		tr = func(trace.Query) (*trace.Result, error) { return nil, usagef("no data loaded") }
	}
	sum, err := report.MakeSummary(s, tr, incs, reportNow(), report.DefaultAssets().With(report.Assets(assets)))
	if err != nil {
		return err
	}
	body, err := sum.Render(f)
	if err != nil {
		return reportErr(err)
	}
	if err := writeOutput(env, *out, body); err != nil {
		return err
	}
	return writeCharts(env, *charts, sum.Charts())
}
