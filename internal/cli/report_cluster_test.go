package cli_test

import (
	"archive/zip"
	"path/filepath"
	"testing"
)

// clReport is the part of a JSON incident report the cluster tests read.
type clReport struct {
	Endpoints []struct{ Address, Entity, Channel string } `json:"endpoints"`
}

// clReportArgs asks for the report of the clustering scenario's seed.
func clReportArgs(cmd string, extra ...string) []string {
	return append([]string{"report", cmd, "--chain", "btc", "--seed", clSeed}, extra...)
}

// TestReportUsesClusters: an address known as the exchange's only through
// its cluster is named in the report, the freeze package and the served
// report exactly as vigil trace names it; --clusters=false gives the
// report without cluster labels, as it gives trace's.
func TestReportUsesClusters(t *testing.T) {
	v := clusterScenario(t)
	v.ok("cluster", "build", "--chain", "btc")
	tr := v.clTrace()
	if len(tr.Endpoints) != 1 || tr.Endpoints[0].Entity != "Test Exchange" {
		t.Fatalf("trace: want one endpoint at Test Exchange, got %+v", tr)
	}
	var rep clReport
	v.json(&rep, clReportArgs("incident")...)
	if len(rep.Endpoints) != 1 || rep.Endpoints[0].Address != tr.Endpoints[0].Address ||
		rep.Endpoints[0].Entity != "Test Exchange" || rep.Endpoints[0].Channel != "exchange" {
		t.Fatalf("report: want the trace's endpoint %s (Test Exchange, exchange), got %+v", clA, rep.Endpoints)
	}
	var off clReport
	v.json(&off, clReportArgs("incident", "--clusters=false")...)
	if offTr := v.clTrace("--clusters=false"); len(off.Endpoints) != len(offTr.Endpoints) || len(off.Endpoints) != 0 {
		t.Fatalf("--clusters=false: report endpoints %+v, trace endpoints %+v; want none in both", off.Endpoints, offTr.Endpoints)
	}
	zipPath := filepath.Join(t.TempDir(), "freeze.zip")
	v.ok(clReportArgs("freeze", "--exchange", "test exchange", "--out", zipPath)...)
	checkFreezeFiles(t, zipPath, "test-exchange/letter.html", "test-exchange/accounts.csv", "test-exchange/evidence.json")
	if code, _, _ := v.run(clReportArgs("freeze", "--clusters=false", "--out", zipPath+"2.zip")...); code != 2 {
		t.Errorf("freeze --clusters=false: exit %d, want 2 (no exchange received anything)", code)
	}
	base, stop := v.served()
	defer stop()
	var served clReport
	clGetJSON(t, base+"/v1/reports/trace?chain=btc&seed="+clSeed+"&since_block=0&format=json", &served)
	if len(served.Endpoints) != 1 || served.Endpoints[0] != rep.Endpoints[0] {
		t.Errorf("/v1/reports/trace: endpoints %+v, want the CLI report's %+v", served.Endpoints, rep.Endpoints)
	}
}

// checkFreezeFiles checks that the ZIP at path holds exactly names.
func checkFreezeFiles(t *testing.T, path string, names ...string) {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var got []string
	for _, f := range zr.File {
		got = append(got, f.Name)
	}
	if len(got) != len(names) {
		t.Fatalf("%s holds %q, want %q", path, got, names)
	}
	for i := range names {
		if got[i] != names[i] {
			t.Errorf("%s holds %q, want %q", path, got, names)
		}
	}
}

// TestReportSummaryUsesClusters: the activity summary traces a registered
// incident with the cluster labels too (and without them on
// --clusters=false).
func TestReportSummaryUsesClusters(t *testing.T) {
	v := clusterScenario(t)
	v.ok("cluster", "build", "--chain", "btc")
	yaml := `incidents:
  - id: cl-heist
    name: Cluster heist
    date: {value: "2009-01-03", sources: ["https://example.org/cl"]}
    victim: {value: Test Victim, sources: ["https://example.org/cl"]}
    actor: {value: unknown}
    chains: [btc]
    seeds:
      - {chain: btc, address: "` + clSeed + `", role: theft, sources: ["https://example.org/cl"]}
`
	path := filepath.Join(t.TempDir(), "cl.yaml")
	writeFile(t, path, []byte(yaml))
	v.ok("incidents", "import", path)
	type summary struct {
		ByEntity []struct{ Entity, Channel string } `json:"by_entity"`
	}
	for _, tc := range []struct {
		flag string
		want int
	}{{"--clusters=true", 1}, {"--clusters=false", 0}} {
		var s summary
		v.json(&s, "report", "summary", tc.flag)
		n := 0
		for _, e := range s.ByEntity {
			if e.Entity == "Test Exchange" && e.Channel == "exchange" {
				n++
			}
		}
		if n != tc.want {
			t.Errorf("summary %s: Test Exchange listed %d times, want %d (%+v)", tc.flag, n, tc.want, s.ByEntity)
		}
	}
}
