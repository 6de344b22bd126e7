package server

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/vigil-project/vigil/internal/report"
	"github.com/vigil-project/vigil/internal/trace"
)

// Reports renders the documents of the /v1/reports routes (package
// report): incident and trace reports, freeze-request packages and the
// activity summary. Unknown incidents and exchanges are report.ErrNotFound
// (404); bad usage (an incident without seeds, seeds not in the data) is
// an inputerr error (400).
type Reports interface {
	IncidentReport(id string, o ReportOptions) (Document, error)
	TraceReport(q trace.Query, format string) (Document, error)
	FreezePackage(id string, o ReportOptions) (Document, error)
	Summary(format string) (Document, error)
}

// ReportOptions are the per-request options of an incident report or a
// freeze package.
type ReportOptions struct {
	Format     string  // md, html or json (incident report)
	Chain      string  // "" means the chain of the incident's first seed
	SinceBlock *uint64 // nil means from the incident's date
	Policy     trace.Policy
	MaxHops    int
	Exchange   string // freeze package: one exchange ("" means all)
}

// Document is a rendered report: its bytes and content type, and the
// file name a browser should save it as ("" for none).
type Document struct {
	ContentType string
	Body        []byte
	Filename    string
}

// report formats of the routes.
var (
	incidentFormats = []string{"html", "md", "json"}
	summaryFormats  = []string{"json", "csv", "html"}
)

// reportRoutes are the /v1/reports routes, appended to the table.
func (s *Server) reportRoutes() []*route {
	formatP := func(fs []string) param {
		return param{name: "format", in: "query", typ: "string", desc: "document format (default " + fs[len(fs)-1] + ")", enum: fs}
	}
	opt := []param{q("chain", "string", "chain to trace (default: the chain of the incident's first seed)"),
		q("since_block", "integer", "start block (default: the first stored block on or after the incident's date)"),
		{name: "policy", in: "query", typ: "string", desc: "taint policy", enum: []string{"haircut", "poison", "fifo"}},
		q("max_hops", "integer", "hops to follow (default 64)")}
	idP := pathP("id", "incident id, e.g. bybit-2025-02-21")
	return []*route{
		{name: "report_incident", method: "GET", pattern: "/v1/reports/incident/{id}",
			summary: "Incident report: where the stolen value went (html, md or json; json is the IncidentReport schema)",
			params:  append([]param{idP, formatP(incidentFormats)}, opt...), resp: "IncidentReport", handle: s.handleReportIncident},
		{name: "report_trace", method: "GET", pattern: "/v1/reports/trace",
			summary: "Report on a trace from explicit seeds (html, md or json)",
			params: []param{reqQ("chain", "chain name"), {name: "seed", in: "query", typ: "string", desc: "seed address (repeatable, or comma-separated)", required: true, multi: true},
				opt[1], opt[2], opt[3], formatP(incidentFormats)}, resp: "IncidentReport", handle: s.handleReportTrace},
		{name: "report_freeze", method: "GET", pattern: "/v1/reports/freeze/{id}",
			summary: "Freeze-request package: a ZIP with a folder per exchange (letter.html, accounts.csv, evidence.json)",
			params:  append([]param{idP, q("exchange", "string", "only this exchange (name, any case; default: all)")}, opt...),
			resp:    "ZipFile", raw: "application/zip", handle: s.handleReportFreeze},
		{name: "report_summary", method: "GET", pattern: "/v1/reports/summary",
			summary: "Activity summary per year, actor, victim and laundering channel (json, csv or html)",
			params:  []param{formatP(summaryFormats)}, resp: "ActivitySummary", handle: s.handleReportSummary},
	}
}

func (s *Server) reports() (Reports, error) {
	if s.opts.Reports != nil {
		return s.opts.Reports, nil
	}
	if r, ok := s.opts.Incidents.(Reports); ok {
		return r, nil
	}
	return nil, notImplemented("reports")
}

// formatParam reads format (default: the last allowed one for summaries,
// json for the others).
func formatParam(v url.Values, allowed []string, def string) (string, error) {
	f := v.Get("format")
	if f == "" {
		return def, nil
	}
	for _, a := range allowed {
		if strings.EqualFold(f, a) {
			return a, nil
		}
	}
	return "", Errorf(ClassBadRequest, CodeBadParameter, "format", "format %q: want %s", trunc(f), strings.Join(allowed, ", "))
}

// reportOptions reads the options shared by the incident routes.
func reportOptions(v url.Values) (ReportOptions, error) {
	var o ReportOptions
	var q trace.Query
	if err := traceOptions(v, &q); err != nil {
		return o, err
	}
	if q.Backward {
		return o, Errorf(ClassBadRequest, CodeBadParameter, "direction", "reports follow value forward")
	}
	o.Policy, o.MaxHops = q.Policy, q.MaxHops
	if v.Get("since_block") != "" {
		o.SinceBlock = &q.SinceBlock
	}
	if c := v.Get("chain"); c != "" {
		if _, err := chainOf(c); err != nil {
			return o, err
		}
		o.Chain = c
	}
	return o, nil
}

// docResult turns a rendered document or a backend error into the answer.
func docResult(d Document, err error, item string) (any, error) {
	if errors.Is(err, report.ErrNotFound) {
		return nil, Errorf(ClassNotFound, CodeNotFound, item, "%v", err)
	}
	if errors.Is(err, report.ErrBadFormat) {
		return nil, Errorf(ClassBadRequest, CodeBadParameter, "format", "%v", err)
	}
	if err != nil {
		return nil, err
	}
	return rawBody{contentType: d.ContentType, body: d.Body, filename: d.Filename}, nil
}

// handleReportIncident is GET /v1/reports/incident/{id}.
func (s *Server) handleReportIncident(r *http.Request) (any, error) {
	rep, err := s.reports()
	if err != nil {
		return nil, err
	}
	v := r.URL.Query()
	o, err := reportOptions(v)
	if err != nil {
		return nil, err
	}
	if o.Format, err = formatParam(v, incidentFormats, "json"); err != nil {
		return nil, err
	}
	id := r.PathValue("id")
	d, err := rep.IncidentReport(id, o)
	return docResult(d, err, id)
}

// handleReportTrace is GET /v1/reports/trace.
func (s *Server) handleReportTrace(r *http.Request) (any, error) {
	rep, err := s.reports()
	if err != nil {
		return nil, err
	}
	v := r.URL.Query()
	q, err := s.traceQuery(v)
	if err != nil {
		return nil, err
	}
	f, err := formatParam(v, incidentFormats, "json")
	if err != nil {
		return nil, err
	}
	d, err := rep.TraceReport(q, f)
	return docResult(d, err, "")
}

// handleReportFreeze is GET /v1/reports/freeze/{id}.
func (s *Server) handleReportFreeze(r *http.Request) (any, error) {
	rep, err := s.reports()
	if err != nil {
		return nil, err
	}
	v := r.URL.Query()
	o, err := reportOptions(v)
	if err != nil {
		return nil, err
	}
	o.Exchange = strings.TrimSpace(v.Get("exchange"))
	if len(o.Exchange) > maxItemLen {
		return nil, Errorf(ClassBadRequest, CodeBadParameter, "exchange", "exchange name longer than %d bytes", maxItemLen)
	}
	id := r.PathValue("id")
	d, err := rep.FreezePackage(id, o)
	return docResult(d, err, id)
}

// handleReportSummary is GET /v1/reports/summary.
func (s *Server) handleReportSummary(r *http.Request) (any, error) {
	rep, err := s.reports()
	if err != nil {
		return nil, err
	}
	f, err := formatParam(r.URL.Query(), summaryFormats, "json")
	if err != nil {
		return nil, err
	}
	d, err := rep.Summary(f)
	return docResult(d, err, "")
}

// incidentReportSchema is the OpenAPI schema of the JSON incident report.
func incidentReportSchema() obj {
	free := obj{"type": "object", "additionalProperties": true}
	amounts := arr(object(obj{"asset": str(), "amount": amount()}, "asset", "amount"))
	return object(obj{"kind": str(), "title": str(), "generated_at": str(), "incident": nullable(free),
		"chain": str(), "policy": str(), "seeds": arr(str()), "since_block": integer(), "since_time": str(),
		"time_basis": obj{"type": "string", "enum": []string{"block_time", "block_number"}}, "notes": arr(str()),
		"traced": amounts, "channels": arr(free), "entities": arr(free), "assets": arr(free), "daily": arr(free),
		"speed": arr(free), "top_paths": arr(free), "endpoints": arr(free), "resting": arr(free), "stats": free},
		"kind", "title", "chain", "policy", "seeds", "since_block", "time_basis", "traced", "channels", "entities",
		"assets", "daily", "speed", "top_paths", "endpoints", "resting")
}

// activitySummarySchema is the OpenAPI schema of the JSON activity summary.
func activitySummarySchema() obj {
	free := obj{"type": "object", "additionalProperties": true}
	return object(obj{"kind": str(), "generated_at": str(), "notes": arr(str()), "incidents": arr(free),
		"by_year": arr(free), "by_actor": arr(free), "by_victim": arr(free), "by_channel": arr(free), "by_entity": arr(free)},
		"kind", "incidents", "by_year", "by_actor", "by_victim", "by_channel", "by_entity")
}

// zipFileSchema is the OpenAPI schema of a ZIP download.
func zipFileSchema() obj { return obj{"type": "string", "format": "binary"} }
