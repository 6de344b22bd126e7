package cli_test

import (
	"encoding/json"
	"net/http"
	"testing"
)

// TestServeUsesClusters: vigil serve answers with the labels a cluster
// build passes on, as vigil trace and screen do: the trace over HTTP stops
// at A, the unlabeled member of the exchange's cluster, and /v1/screen
// shows A's inherited label.
func TestServeUsesClusters(t *testing.T) {
	v := clusterScenario(t)
	v.ok("cluster", "build", "--chain", "btc")
	base, stop := v.served()
	defer stop()
	var tr clTrace
	clGetJSON(t, base+"/v1/trace?chain=btc&seed="+clSeed, &tr)
	if len(tr.Endpoints) != 1 || tr.Endpoints[0].Address != clA || tr.Endpoints[0].Entity != "Test Exchange" {
		t.Fatalf("/v1/trace: want the trace to stop at %s (Test Exchange), got %+v", clA, tr)
	}
	var sc struct {
		Results []struct {
			Direct []struct{ Entity, Source string } `json:"direct"`
		} `json:"results"`
	}
	clGetJSON(t, base+"/v1/screen?chain=btc&address="+clA, &sc)
	if len(sc.Results) != 1 || len(sc.Results[0].Direct) != 1 || sc.Results[0].Direct[0].Source != "cluster" {
		t.Fatalf("/v1/screen: want A's inherited exchange label, got %+v", sc)
	}
}

func clGetJSON(t *testing.T, url string, v any) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("%s: HTTP %d", url, resp.StatusCode)
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatalf("%s: %v", url, err)
	}
}
