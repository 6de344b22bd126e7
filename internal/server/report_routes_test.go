package server

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/intel/incidents"
	"github.com/vigil-project/vigil/internal/report"
	"github.com/vigil-project/vigil/internal/trace"
)

func init() {
	sampleParam["format"] = "json"
	sampleParam["exchange"] = xssName
}

// xssName is an entity and incident name that tries to inject a script.
const xssName = `Harbor <script>alert(1)</script> Exchange`

// fakeReport is a real report (package report) over a fixed trace.
func fakeReport(q trace.Query, inc *incidents.Incident) (*report.IncidentReport, error) {
	dep := ethB
	res := &trace.Result{Chain: q.Chain.Name, Policy: q.Policy.String(), Seeds: q.Seeds,
		Endpoints: []trace.Endpoint{{Address: "0x1111111111111111111111111111111111111111", Entity: xssName, Category: "exchange",
			DepositFor: &dep, Asset: "eth", Amount: "1500000000000000000", Hops: 2, FirstBlock: 5, LastBlock: 6, Path: []string{"0xaa", "0xbb"}}},
		Resting: []trace.Resting{{Address: ethA, Asset: "eth", Amount: "500000000000000000"}}}
	return report.Build(report.Input{Incident: inc, Result: res, SinceBlock: q.SinceBlock, Now: time.Unix(0, 0)})
}

func fakeIncident(id string) (*incidents.Incident, error) {
	if id != "bybit" {
		return nil, report.NotFoundf("no incident %q", id)
	}
	return &incidents.Incident{ID: "bybit", Name: xssName + " theft", Date: incidents.Fact{Value: "unknown"}}, nil
}

func fakeDoc(r *report.IncidentReport, format string) (Document, error) {
	f, err := report.ParseFormat(format, report.MD, report.HTML, report.JSON)
	if err != nil {
		return Document{}, err
	}
	b, err := r.Render(f)
	return Document{ContentType: report.ContentType(f), Body: b}, err
}

// IncidentReport makes the fake a Reports backend (through Incidents).
func (f *fake) IncidentReport(id string, o ReportOptions) (Document, error) {
	inc, err := fakeIncident(id)
	if err != nil {
		return Document{}, err
	}
	r, err := fakeReport(trace.Query{Chain: mustChain("eth"), Seeds: []string{ethA}, Policy: o.Policy}, inc)
	if err != nil {
		return Document{}, err
	}
	return fakeDoc(r, o.Format)
}

// TraceReport renders the fixed trace's report.
func (f *fake) TraceReport(q trace.Query, format string) (Document, error) {
	r, err := fakeReport(q, nil)
	if err != nil {
		return Document{}, err
	}
	return fakeDoc(r, format)
}

// FreezePackage renders the fixed trace's freeze ZIP.
func (f *fake) FreezePackage(id string, o ReportOptions) (Document, error) {
	inc, err := fakeIncident(id)
	if err != nil {
		return Document{}, err
	}
	r, err := fakeReport(trace.Query{Chain: mustChain("eth"), Seeds: []string{ethA}}, inc)
	if err != nil {
		return Document{}, err
	}
	z, err := r.Freeze(report.FreezeOptions{Exchange: o.Exchange})
	return Document{ContentType: "application/zip", Body: z}, err
}

// Summary renders the summary of the registry without traces.
func (f *fake) Summary(format string) (Document, error) {
	fm, err := report.ParseFormat(format, report.CSV, report.JSON, report.HTML)
	if err != nil {
		return Document{}, err
	}
	incs, err := incidents.Registry()
	if err != nil {
		return Document{}, err
	}
	s, err := report.Summarize(report.SummaryInput{Incidents: incs, Now: time.Unix(0, 0)})
	if err != nil {
		return Document{}, err
	}
	b, err := s.Render(fm)
	return Document{ContentType: report.ContentType(fm), Body: b}, err
}

func mustChain(name string) chain.Info {
	c, err := chainOf(name)
	if err != nil {
		panic(err)
	}
	return c
}

// TestReportRoutes: the report routes answer in each format with the
// right content type, escape names in HTML, refuse bad input with 4xx
// JSON errors, and answer 501 without a backend.
func TestReportRoutes(t *testing.T) {
	l := startLive(t, New(allBackends(&fake{})))
	tests := []struct {
		path, ctype string
		status      int
		want        string // substring of the body, or the error code
	}{
		{"/v1/reports/incident/bybit", "application/json", 200, `"kind": "vigil_incident_report"`},
		{"/v1/reports/incident/bybit?format=html", "text/html; charset=utf-8", 200, "&lt;script&gt;alert(1)&lt;/script&gt;"},
		{"/v1/reports/incident/bybit?format=md", "text/markdown; charset=utf-8", 200, "&lt;script&gt;"},
		{"/v1/reports/incident/nope?format=html", "", 404, "not_found"},
		{"/v1/reports/incident/bybit?format=pdf", "", 400, "bad_parameter"},
		{"/v1/reports/incident/bybit?since_block=-3", "", 400, "bad_parameter"},
		{"/v1/reports/incident/bybit?chain=eht", "", 400, "unknown_chain"},
		{"/v1/reports/trace?chain=eth&seed=" + ethA + "&since_block=3&format=html", "text/html; charset=utf-8", 200, "1.5 ETH"},
		{"/v1/reports/trace?chain=eth&seed=0xnothex&format=html", "", 400, "bad_address"},
		{"/v1/reports/trace?chain=eth&format=json", "", 400, "missing_parameter"},
		{"/v1/reports/freeze/bybit", "application/zip", 200, "PK"},
		{"/v1/reports/freeze/bybit?exchange=Binance", "", 404, "not_found"},
		{"/v1/reports/freeze/nope", "", 404, "not_found"},
		{"/v1/reports/summary", "application/json", 200, `"kind": "vigil_activity_summary"`},
		{"/v1/reports/summary?format=csv", "text/csv; charset=utf-8", 200, "table,key,incidents,asset,amount,note"},
		{"/v1/reports/summary?format=html", "text/html; charset=utf-8", 200, "<svg "},
		{"/v1/reports/summary?format=md", "", 400, "bad_parameter"},
	}
	for _, tc := range tests {
		code, hdr, body := do(t, "GET", l.url+tc.path, "")
		if code != tc.status {
			t.Errorf("%s: %d %.200s, want %d", tc.path, code, body, tc.status)
			continue
		}
		if code != 200 {
			if e := apiErr(t, body); e.Code != tc.want {
				t.Errorf("%s: code %s (%s), want %s", tc.path, e.Code, e.Message, tc.want)
			}
			continue
		}
		if hdr.Get("Content-Type") != tc.ctype || !strings.Contains(body, tc.want) {
			t.Errorf("%s: %s, body lacks %q", tc.path, hdr.Get("Content-Type"), tc.want)
		}
		if tc.ctype != "application/json" && strings.Contains(body, "<script>") {
			t.Errorf("%s: unescaped <script> in the body", tc.path)
		}
	}
	none := startLive(t, New(Options{}))
	if code, _, body := do(t, "GET", none.url+"/v1/reports/summary", ""); code != 501 || apiErr(t, body).Code != CodeNotImplemented {
		t.Errorf("without a backend: %d %s", code, body)
	}
}

// TestFreezeRoute: the ZIP opens and holds the three files of the one
// exchange, with the name escaped in the letter.
func TestFreezeRoute(t *testing.T) {
	l := startLive(t, New(allBackends(&fake{})))
	code, _, body := do(t, "GET", l.url+"/v1/reports/freeze/bybit?exchange="+strings.ReplaceAll(xssName, " ", "%20"), "")
	if code != 200 {
		t.Fatalf("%d %s", code, body)
	}
	zr, err := zip.NewReader(bytes.NewReader([]byte(body)), int64(len(body)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		b.ReadFrom(rc)
		rc.Close()
		if strings.HasSuffix(f.Name, ".html") && strings.Contains(b.String(), "<script>") {
			t.Errorf("%s: unescaped script", f.Name)
		}
		if strings.HasSuffix(f.Name, ".json") && !json.Valid(b.Bytes()) {
			t.Errorf("%s: not JSON", f.Name)
		}
	}
	want := "harbor-script-alert-1-script-exchange/letter.html harbor-script-alert-1-script-exchange/accounts.csv harbor-script-alert-1-script-exchange/evidence.json"
	if strings.Join(names, " ") != want {
		t.Errorf("files %q, want %q", names, want)
	}
}
