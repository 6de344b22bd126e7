package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/vigil-project/vigil/internal/sim"
)

// TestSimulateOptions simulates with --commingle and --it-workers, ingests
// the output and its labels with vigil itself, checks stats against the
// summary, the facilitator labels, and that `vigil trace` finds exactly
// truth.json's answer under each policy.
func TestSimulateOptions(t *testing.T) {
	v := newVigil(t)
	out := filepath.Join(t.TempDir(), "sim")
	var sum sim.Summary
	v.json(&sum, "simulate", "eth", "--seed", "5", "--background", "3000", "--commingle", "--it-workers", "12", "--out", out)
	if sum.Patterns.Commingle == 0 || sum.Patterns.Workers != 12 || sum.Patterns.Facilitators == 0 || sum.Patterns.PayrollPayments == 0 {
		t.Fatalf("patterns %+v", sum.Patterns)
	}
	v.ok("ingest", "ethereum-etl", "--quiet", out)
	st := v.stats()["eth"]
	if st.Blocks != int64(sum.Blocks) || st.Transactions != int64(sum.Transactions) || st.Transfers != int64(sum.Transfers) {
		t.Errorf("stats %+v, summary %+v", st, sum)
	}
	v.ok("labels", "import", "--quiet", "--format", "csv", filepath.Join(out, "labels.csv"))
	var tr sim.Truth
	b, err := os.ReadFile(filepath.Join(out, "truth.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &tr); err != nil {
		t.Fatal(err)
	}
	for _, f := range tr.ITWorkers.Facilitators {
		if f.Labeled {
			checkLabel(t, v, f.Address, "facilitator")
		} else if l := labelsOf(t, v, f.Address); len(l) != 0 {
			t.Errorf("unlabeled facilitator %s has labels %v", f.Address, l)
		}
	}
	for _, name := range []string{"haircut", "poison", "fifo"} {
		checkTraceAnswer(t, v, tr, name)
	}
}

// checkTraceAnswer runs vigil trace under policy and compares its
// endpoints and resting with truth.json's answer for that policy.
func checkTraceAnswer(t *testing.T, v *vigil, tr sim.Truth, policy string) {
	t.Helper()
	args := []string{"trace", "--chain", "eth", "--policy", policy, "--since-block", strconv.FormatUint(tr.TheftBlock, 10)}
	for _, s := range tr.Seeds {
		args = append(args, "--seed", s)
	}
	var got struct {
		Endpoints []sim.Endpoint `json:"endpoints"`
		Resting   []sim.Amount   `json:"resting"`
	}
	v.json(&got, args...)
	want := tr.Policies[policy]
	if g, w := answerSet(got.Endpoints, got.Resting), answerSet(want.Endpoints, want.Resting); g != w {
		t.Errorf("%s: vigil trace:\n%s\ntruth.json:\n%s", policy, g, w)
	}
}

// answerSet renders endpoints and resting amounts one per line, sorted.
func answerSet(ends []sim.Endpoint, rest []sim.Amount) string {
	var lines []string
	for _, e := range ends {
		dep := ""
		if e.DepositFor != nil {
			dep = *e.DepositFor
		}
		lines = append(lines, "end "+e.Address+" "+e.Asset+" "+e.Amount+" "+e.Entity+" "+e.Category+" "+dep)
	}
	for _, r := range rest {
		lines = append(lines, "rest "+r.Address+" "+r.Asset+" "+r.Amount)
	}
	slices.Sort(lines)
	return strings.Join(lines, "\n")
}
