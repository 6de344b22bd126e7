package cli_test

import (
	"archive/zip"
	"bytes"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/vigil-project/vigil/internal/cli"
)

// reportGet returns status, content type and body.
func reportGet(t *testing.T, url string) (int, string, []byte) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header.Get("Content-Type"), b
}

// TestReportServe: `vigil serve` answers the report routes with the same
// bytes as `vigil report` (same generation time), and 4xx for bad input.
func TestReportServe(t *testing.T) {
	defer cli.SetReportNow(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))()
	v, seeds := reportScenario(t)
	base, stop := v.served()
	defer stop()
	for _, f := range []string{"md", "html", "json"} {
		code, ctype, body := reportGet(t, base+"/v1/reports/incident/sim-heist?format="+f)
		want := v.ok("report", "incident", "sim-heist", "--format", f)
		if code != 200 || string(body) != want {
			t.Errorf("incident %s over HTTP (%d %s) differs from the CLI's", f, code, ctype)
		}
	}
	q := "/v1/reports/trace?chain=eth&seed=" + strings.Join(seeds, "&seed=") + "&since_block=19000000&format=md"
	if code, _, body := reportGet(t, base+q); code != 200 || !bytes.HasPrefix(body, []byte("# Trace of ")) {
		t.Errorf("trace report: %d %.200s", code, body)
	}
	code, ctype, body := reportGet(t, base+"/v1/reports/freeze/sim-heist?exchange=Harbor%20Exchange")
	zr, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
	if code != 200 || ctype != "application/zip" || err != nil || len(zr.File) != 3 || zr.File[0].Name != "harbor-exchange/letter.html" {
		t.Errorf("freeze: %d %s %v", code, ctype, err)
	}
	for path, want := range map[string]string{
		"/v1/reports/freeze/sim-heist":               "attachment; filename=\"vigil-freeze-sim-heist.zip\"",
		"/v1/reports/incident/sim-heist?format=html": "inline; filename=\"vigil-report-sim-heist.html\"",
		"/v1/reports/summary?format=csv":             "attachment; filename=\"vigil-summary.csv\"",
	} {
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if got := resp.Header.Get("Content-Disposition"); got != want {
			t.Errorf("%s: Content-Disposition %q, want %q", path, got, want)
		}
	}
	if code, ctype, body := reportGet(t, base+"/v1/reports/summary?format=csv"); code != 200 || ctype != "text/csv; charset=utf-8" ||
		!bytes.Contains(body, []byte("incident,sim-heist,1,usd_published,1000000")) {
		t.Errorf("summary: %d %s %.200s", code, ctype, body)
	}
	for path, want := range map[string]int{
		"/v1/reports/incident/nope":                         404,
		"/v1/reports/incident/sim-heist?format=docx":        400,
		"/v1/reports/incident/bybit-2025-02-21":             400,
		"/v1/reports/freeze/sim-heist?exchange=Binance":     404,
		"/v1/reports/incident/dmm-bitcoin-2024-05-31":       400,
		"/v1/reports/trace?chain=eth&seed=0x12&format=html": 400,
	} {
		if code, _, body := reportGet(t, base+path); code != want || !bytes.HasPrefix(body, []byte(`{"error":{`)) {
			t.Errorf("%s: %d %.200s, want %d with a JSON error", path, code, body, want)
		}
	}
}
