package report

import (
	"strings"
	"testing"
	"time"

	"github.com/vigil-project/vigil/internal/intel/incidents"
	"github.com/vigil-project/vigil/internal/trace"
)

const evil = `<script>alert("x")</script><img src=x onerror=alert(1)>`

// evilReport is a report whose incident, entities and sources are hostile.
func evilReport(t *testing.T) *IncidentReport {
	t.Helper()
	dep := "0x2222222222222222222222222222222222222222"
	src := []string{"javascript:alert(1)", "https://example.org/?a=<b>"}
	inc := &incidents.Incident{ID: "evil" + evil, Name: "Heist " + evil, Date: incidents.Fact{Value: "2024-01-01", Sources: src},
		Victim: incidents.Fact{Value: evil, Sources: src}, Actor: incidents.Fact{Value: "unknown"},
		Notes: []incidents.Fact{{Value: evil}}}
	res := &trace.Result{Chain: "eth", Policy: "haircut", Seeds: []string{"0x3333333333333333333333333333333333333333"},
		Endpoints: []trace.Endpoint{
			{Address: "0x1111111111111111111111111111111111111111", Entity: "Ex " + evil, Category: "exchange", DepositFor: &dep,
				Asset: "eth", Amount: "2000000000000000000", Hops: 1, FirstBlock: 10, LastBlock: 11, Path: []string{"0xaa"}},
			{Address: "0x4444444444444444444444444444444444444444", Entity: "Mix " + evil, Category: "mixer" + evil,
				Asset: "eth:0x5555555555555555555555555555555555555555", Amount: "7", Hops: 2, FirstBlock: 12, LastBlock: 12}},
		Resting: []trace.Resting{{Address: "0x6666666666666666666666666666666666666666", Asset: "eth", Amount: "1"}}}
	r, err := Build(Input{Incident: inc, Result: res, SinceBlock: 10,
		Times: MapTimes{10: 1704067200, 11: 1704067212, 12: 1704153600}, Now: time.Unix(1704240000, 0)})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestXSS: names and sources from labels and incidents are escaped in
// HTML (report, letter, summary), SVG and Markdown; a javascript: source
// never becomes a live link.
func TestXSS(t *testing.T) {
	r := evilReport(t)
	docs := map[string][]byte{}
	for _, f := range []Format{HTML, MD} {
		b, err := r.Render(f)
		if err != nil {
			t.Fatal(err)
		}
		docs["report."+string(f)] = b
	}
	z, err := r.Freeze(FreezeOptions{Requester: evil})
	if err != nil {
		t.Fatal(err)
	}
	for name, b := range readZip(t, z) {
		if strings.HasSuffix(name, ".html") {
			docs[name] = b
		}
	}
	s, err := Summarize(SummaryInput{Incidents: []incidents.Incident{*r.Incident}, Traces: map[string]*IncidentReport{r.Incident.ID: r}, Now: time.Unix(0, 0)})
	if err != nil {
		t.Fatal(err)
	}
	if docs["summary.html"], err = s.Render(HTML); err != nil {
		t.Fatal(err)
	}
	for name, b := range docs {
		low := strings.ToLower(string(b))
		for _, bad := range []string{"<script", "<img", `href="javascript:`} {
			if strings.Contains(low, bad) {
				t.Errorf("%s contains %s", name, bad)
			}
		}
		if !strings.Contains(string(b), "&lt;script&gt;") {
			t.Errorf("%s does not show the escaped name", name)
		}
		if strings.HasSuffix(name, ".html") {
			wellFormed(t, name, b)
		}
	}
	_, daily, speed := r.charts()
	for _, svg := range []string{string(daily), string(speed), r.flow("eth")} {
		if strings.Contains(svg, "<script") {
			t.Errorf("SVG with a script: %.200s", svg)
		}
	}
	if flow := r.flow("eth"); !strings.Contains(flow, "Ex &lt;script&gt;") {
		t.Errorf("flow chart does not show the escaped entity: %.300s", flow)
	}
}
