package cli

import "github.com/vigil-project/vigil/internal/report"

func runReportIncident(env *Env, args []string) error {
	var c common
	fs := newFlags("report incident", env, &c)
	tf := addTraceFlags(fs)
	format := fs.String("format", "md", "md, html or json (--json is json)")
	charts := fs.String("charts", "", "also write the SVG charts into this directory")
	out := fs.String("out", "", "write the report to this file (default: stdout)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if c.json {
		*format = "json"
	}
	f, err := report.ParseFormat(*format, report.MD, report.HTML, report.JSON)
	if err != nil {
		return usagef("--format: %v", err)
	}
	r, err := incidentReport(c.data, fs, tf, pos)
	if err != nil {
		return err
	}
	body, err := r.Render(f)
	if err != nil {
		return reportErr(err)
	}
	if err := writeOutput(env, *out, body); err != nil {
		return err
	}
	return writeCharts(env, *charts, r.Charts())
}
