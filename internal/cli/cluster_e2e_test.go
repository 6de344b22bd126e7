package cli_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Addresses of the clustering scenario (valid mainnet forms).
const (
	clSeed  = "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"
	clA     = "12cbQLTFMXRnSzktFkuoG3eHoMeFtpTu3S" // never labeled
	clHot   = "1Q2TWHE3GMdB6BZKafqwxXtWAWgFt5Jvm3" // the exchange's labeled hot wallet
	clOther = "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy"
)

// clTx renders one bitcoin-etl transaction; ins are "hash:vout:addr:value".
func clTx(hash string, block, index int, ins []string, outs ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `{"hash":"%s","block_number":%d,"block_timestamp":%d,"is_coinbase":%t,"index":%d,"inputs":[`,
		strings.Repeat(hash, 32), block, 1231006505+600*block, len(ins) == 0, index)
	for i, in := range ins {
		p := strings.Split(in, ":")
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"spent_transaction_hash":"%s","spent_output_index":%s,"addresses":["%s"],"value":%s}`,
			strings.Repeat(p[0], 32), p[1], p[2], p[3])
	}
	b.WriteString(`],"outputs":[`)
	for i, o := range outs {
		p := strings.Split(o, ":")
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"index":%d,"addresses":["%s"],"value":%s}`, i, p[0], p[1])
	}
	b.WriteString("]}\n")
	return b.String()
}

// clusterScenario: the seed pays A; A later spends together with the
// exchange's labeled hot wallet (so multi-input puts A in the exchange's
// cluster) and pays an unlabeled address.
func clusterScenario(t *testing.T) *vigil {
	t.Helper()
	v := newVigil(t)
	txs := clTx("a1", 1, 0, nil, clSeed+":100000") + clTx("a2", 1, 1, nil, clHot+":50000") +
		clTx("b1", 2, 0, []string{"a1:0:" + clSeed + ":100000"}, clA+":99000") +
		clTx("c1", 3, 0, []string{"b1:0:" + clA + ":99000", "a2:0:" + clHot + ":50000"}, clOther+":148000")
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "txs.json"), []byte(txs))
	writeFile(t, filepath.Join(dir, "labels.csv"),
		[]byte("chain,address,entity,category,source,confidence\nbtc,"+clHot+",Test Exchange,exchange,test,100\n"))
	v.ok("ingest", "bitcoin-etl", filepath.Join(dir, "txs.json"))
	v.ok("labels", "import", "--format", "csv", filepath.Join(dir, "labels.csv"))
	return v
}

type clTrace struct {
	Endpoints []struct {
		Address, Entity, Category string
	} `json:"endpoints"`
	Resting []struct{ Address string } `json:"resting"`
}

func (v *vigil) clTrace(extra ...string) clTrace {
	var tr clTrace
	v.json(&tr, append([]string{"trace", "--chain", "btc", "--seed", clSeed}, extra...)...)
	return tr
}

// TestTraceStopsAtClusterMember: before a cluster build the trace walks
// through A (never labeled) to rest at the next address; after it, A
// inherits the exchange's label through its cluster and the trace stops
// there; --clusters=false gives the old answer.
func TestTraceStopsAtClusterMember(t *testing.T) {
	v := clusterScenario(t)
	before := v.clTrace()
	if len(before.Endpoints) != 0 || len(before.Resting) != 1 || before.Resting[0].Address != clOther {
		t.Fatalf("without clusters: want the value resting at %s, got %+v", clOther, before)
	}
	v.ok("cluster", "build", "--chain", "btc")
	after := v.clTrace()
	if len(after.Endpoints) != 1 || after.Endpoints[0].Address != clA || after.Endpoints[0].Entity != "Test Exchange" ||
		after.Endpoints[0].Category != "exchange" || len(after.Resting) != 0 {
		t.Fatalf("with clusters: want the trace to stop at %s (Test Exchange), got %+v", clA, after)
	}
	if off := v.clTrace("--clusters=false"); len(off.Endpoints) != 0 || len(off.Resting) != 1 {
		t.Fatalf("--clusters=false: want the answer without clusters, got %+v", off)
	}
	var sc struct {
		Results []struct {
			Direct []struct{ Entity, Category, Source string } `json:"direct"`
		} `json:"results"`
	}
	v.json(&sc, "screen", "--chain", "btc", clA)
	if len(sc.Results) != 1 || len(sc.Results[0].Direct) != 1 || sc.Results[0].Direct[0].Source != "cluster" {
		t.Fatalf("screen: want A's inherited exchange label (source cluster), got %+v", sc)
	}
}

// TestClusterShow checks show's JSON and its bad-input answers.
func TestClusterShow(t *testing.T) {
	v := clusterScenario(t)
	if code, _, errs := v.run("cluster", "show", "--chain", "btc", clA); code != 2 || !strings.Contains(errs, "cluster build") {
		t.Fatalf("show before build: want exit 2 asking for a build, got %d %q", code, errs)
	}
	v.ok("cluster", "build")
	var doc struct {
		Cluster    string
		Size       int
		Heuristics []string
		Labels     []struct {
			Entity, Category, Source, From string
			Confidence                     int
		}
		Links []struct {
			With, Heuristic, Tx string
		}
		Members struct {
			Page, Pages, Total int
			Addresses          []string
		}
	}
	v.json(&doc, "cluster", "show", "--chain", "btc", clA, "--page-size", "1", "--page", "2")
	if doc.Size != 2 || doc.Members.Total != 2 || doc.Members.Pages != 2 || len(doc.Members.Addresses) != 1 {
		t.Fatalf("want a cluster of 2 paged by 1, got %+v", doc)
	}
	if len(doc.Labels) != 1 || doc.Labels[0].Source != "cluster" || doc.Labels[0].Confidence != 90 || doc.Labels[0].From != clHot {
		t.Fatalf("want the hot wallet's label inherited at confidence 90, got %+v", doc.Labels)
	}
	if len(doc.Links) != 1 || doc.Links[0].With != clHot || doc.Links[0].Heuristic != "multi-input" ||
		doc.Links[0].Tx != strings.Repeat("c1", 32) {
		t.Fatalf("want the co-spend as evidence, got %+v", doc.Links)
	}
	for _, bad := range [][]string{
		{"cluster", "show", "--chain", "btc", "1BoatSLRHtKNngkdXEeobR76b53LETtpyT"},
		{"cluster", "show", "--chain", "nope", clA},
		{"cluster", "show", "--chain", "btc", "not-an-address"},
		{"cluster", "show", "--chain", "btc"},
		{"cluster", "build", "--chain", "eth"},
		{"cluster", "build", "--chain", "btc", "--heuristics", "multi-input,bogus"},
		{"cluster", "frob"},
	} {
		if code, out, errs := v.run(bad...); code != 2 || out != "" || !strings.HasPrefix(errs, "vigil: ") {
			t.Errorf("%v: want exit 2 with one error line, got %d %q %q", bad, code, out, errs)
		}
	}
}

// TestClusterConflict: when A is labeled with another exchange, the
// cluster {A, hot wallet} carries two exchanges: build and show report
// the conflict and the exchange labels are not inherited.
func TestClusterConflict(t *testing.T) {
	v := clusterScenario(t)
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "more.csv"),
		[]byte("chain,address,entity,category,source,confidence\nbtc,"+clA+",Other Exchange,exchange,test,80\n"))
	v.ok("labels", "import", "--format", "csv", filepath.Join(dir, "more.csv"))
	var build struct {
		Builds []struct {
			ConflictCount int `json:"conflict_count"`
			Conflicts     []struct {
				Address   string
				Size      int
				Conflicts []struct {
					Category string
					Entities []string
				}
			}
		}
	}
	v.json(&build, "cluster", "build", "--chain", "btc")
	if len(build.Builds) != 1 || build.Builds[0].ConflictCount != 1 || len(build.Builds[0].Conflicts) != 1 ||
		strings.Join(build.Builds[0].Conflicts[0].Conflicts[0].Entities, ",") != "Other Exchange,Test Exchange" {
		t.Fatalf("build: want one conflict between the two exchanges, got %+v", build)
	}
	var doc struct {
		Labels    []struct{ Entity string }
		Conflicts []struct {
			Category string
			Entities []string
		}
	}
	v.json(&doc, "cluster", "show", "--chain", "btc", clHot)
	if len(doc.Labels) != 0 || len(doc.Conflicts) != 1 || doc.Conflicts[0].Category != "exchange" {
		t.Fatalf("show: want the conflict and no inherited exchange label, got %+v", doc)
	}
}

// TestClusterShowDeposit: on the simulated Ethereum heist, a deposit
// address of the truth is shown in its exchange's cluster with the
// deposit evidence naming the truth's hot wallet.
func TestClusterShowDeposit(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping the simulation")
	}
	v := newVigil(t)
	dir := filepath.Join(t.TempDir(), "sim")
	v.ok("simulate", "eth", "--seed", "7", "--background", "5000", "--out", dir)
	v.ok("ingest", "ethereum-etl", dir)
	v.ok("labels", "import", "--format", "csv", filepath.Join(dir, "labels.csv"))
	v.ok("cluster", "build", "--chain", "eth")
	var truth struct {
		Endpoints []struct {
			Address, Entity string
			DepositFor      *string `json:"deposit_for"`
		}
	}
	decodeOne(t, string(readAll(t, filepath.Join(dir, "truth.json"))), &truth)
	checked := 0
	for _, e := range truth.Endpoints {
		if e.DepositFor == nil {
			continue
		}
		var doc struct {
			Size       int
			Heuristics []string
			Labels     []struct{ Entity, Category string }
			Deposit    *struct{ Wallet, Share string }
		}
		v.json(&doc, "cluster", "show", "--chain", "eth", e.Address)
		if doc.Deposit == nil || doc.Deposit.Wallet != *e.DepositFor || doc.Size < 2 ||
			len(doc.Labels) != 1 || doc.Labels[0].Entity != e.Entity || strings.Join(doc.Heuristics, ",") != "deposit" {
			t.Errorf("%s: want a deposit of %s (%s), got %+v", e.Address, *e.DepositFor, e.Entity, doc)
		}
		checked++
	}
	if checked == 0 {
		t.Fatal("the truth has no deposit address")
	}
}

func readAll(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
