package cli

import (
	"strings"

	"github.com/vigil-project/vigil/internal/report"
)

func runReportFreeze(env *Env, args []string) error {
	var c common
	fs := newFlags("report freeze", env, &c)
	tf := addTraceFlags(fs)
	exchange := fs.String("exchange", "", "only this exchange (its name, any case); default: every exchange that received value")
	from := fs.String("from", "", "who sends the request (printed in the letters)")
	out := fs.String("out", "", "the ZIP file to write (required)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if *out == "" {
		return usagef("--out FILE.zip is required")
	}
	if !strings.HasSuffix(strings.ToLower(*out), ".zip") {
		return usagef("--out %s: the package is a ZIP file: name it .zip", *out)
	}
	r, err := incidentReport(c.data, fs, tf, pos)
	if err != nil {
		return err
	}
	zip, err := r.Freeze(report.FreezeOptions{Exchange: *exchange, Requester: *from})
	if err != nil {
		return reportErr(err)
	}
	return writeOutput(env, *out, zip)
}
