package cli

import (
	"sync"

	"github.com/vigil-project/vigil/internal/intel/incidents"
	"github.com/vigil-project/vigil/internal/report"
	"github.com/vigil-project/vigil/internal/server"
	"github.com/vigil-project/vigil/internal/trace"
)

// reportBackend renders the /v1/reports documents over the served store
// with the same code as `vigil report` (traces go through the backend's
// lock). The activity summary traces every incident, so it is made once
// per format and kept: the served store is a snapshot that does not
// change until a reload builds a new backend.
type reportBackend struct {
	b       *backend
	mu      sync.Mutex
	summary map[string]server.Document
}

// reportsOf returns the report backend of b.
func reportsOf(b *backend) server.Reports {
	return &reportBackend{b: b, summary: map[string]server.Document{}}
}

func (r *reportBackend) incident(id string) (*incidents.Incident, error) {
	for i := range r.b.incidents {
		if r.b.incidents[i].ID == id {
			inc := r.b.incidents[i].Incident
			return &inc, nil
		}
	}
	return nil, report.NotFoundf("no incident %q (see /v1/incidents)", id)
}

func (r *reportBackend) make(req report.Request) (*report.IncidentReport, error) {
	req.Now = reportNow()
	return report.Make(r.b.st, r.b.Trace, req)
}

// incidentReport builds the report of incident id with the options o.
func (r *reportBackend) incidentReport(id string, o server.ReportOptions) (*report.IncidentReport, error) {
	inc, err := r.incident(id)
	if err != nil {
		return nil, err
	}
	return r.make(report.Request{Incident: inc, Chain: o.Chain, SinceBlock: o.SinceBlock, Policy: o.Policy, MaxHops: o.MaxHops})
}

// IncidentReport renders the report of incident id.
func (r *reportBackend) IncidentReport(id string, o server.ReportOptions) (server.Document, error) {
	rep, err := r.incidentReport(id, o)
	if err != nil {
		return server.Document{}, err
	}
	return render(rep, o.Format, "vigil-report-"+id)
}

// TraceReport renders the report of a trace from explicit seeds.
func (r *reportBackend) TraceReport(q trace.Query, format string) (server.Document, error) {
	since := q.SinceBlock
	rep, err := r.make(report.Request{Chain: q.Chain.Name, Seeds: q.Seeds, SinceBlock: &since, Policy: q.Policy, MaxHops: q.MaxHops})
	if err != nil {
		return server.Document{}, err
	}
	return render(rep, format, "vigil-trace-report")
}

// render renders rep in format, named name.<format> for downloads.
func render(rep *report.IncidentReport, format, name string) (server.Document, error) {
	f, err := report.ParseFormat(format, report.MD, report.HTML, report.JSON)
	if err != nil {
		return server.Document{}, err
	}
	body, err := rep.Render(f)
	return server.Document{ContentType: report.ContentType(f), Body: body, Filename: name + "." + string(f)}, err
}

// FreezePackage renders the freeze-request ZIP of incident id.
func (r *reportBackend) FreezePackage(id string, o server.ReportOptions) (server.Document, error) {
	rep, err := r.incidentReport(id, o)
	if err != nil {
		return server.Document{}, err
	}
	zip, err := rep.Freeze(report.FreezeOptions{Exchange: o.Exchange})
	return server.Document{ContentType: "application/zip", Body: zip, Filename: freezeName(id, o.Exchange)}, err
}

// Summary renders the activity summary (cached per format).
func (r *reportBackend) Summary(format string) (server.Document, error) {
	f, err := report.ParseFormat(format, report.CSV, report.JSON, report.HTML)
	if err != nil {
		return server.Document{}, err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if d, ok := r.summary[string(f)]; ok {
		return d, nil
	}
	d, err := r.makeSummary(f)
	if err == nil {
		r.summary[string(f)] = d
	}
	return d, err
}

func (r *reportBackend) makeSummary(f report.Format) (server.Document, error) {
	incs := make([]incidents.Incident, len(r.b.incidents))
	for i := range r.b.incidents {
		incs[i] = r.b.incidents[i].Incident
	}
	sum, err := report.MakeSummary(r.b.st, r.b.Trace, incs, reportNow(), nil)
	if err != nil {
		return server.Document{}, err
	}
	body, err := sum.Render(f)
	return server.Document{ContentType: report.ContentType(f), Body: body, Filename: "vigil-summary." + string(f)}, err
}

// freezeName is the download name of a freeze package: the incident, and
// the exchange when the package is for one.
func freezeName(id, exchange string) string {
	if exchange == "" {
		return "vigil-freeze-" + id + ".zip"
	}
	return "vigil-freeze-" + id + "-" + exchange + ".zip"
}
