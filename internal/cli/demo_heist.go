package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/vigil-project/vigil/internal/sim"
	"github.com/vigil-project/vigil/internal/trace"
)

// demoHeist is the second part of the demo: simulate a laundered heist
// with known answers, load it into its own store under the demo's data
// directory, trace it, and compare the trace with the ground truth.
func demoHeist(env *Env, data, tmp string) error {
	out := filepath.Join(tmp, "heist")
	store := filepath.Join(data, "demo-heist")
	fmt.Fprintf(env.Stdout, "\nPart 2: a simulated heist with ground truth (laundered through fan-outs, peel chains, a forwarder, swaps, a mixer, a bridge and exchange deposit addresses), traced; store %s\n", store)
	steps := [][]string{
		{"simulate", "eth", "--seed", "7", "--background", "20000", "--out", out},
		{"ingest", "ethereum-etl", "--quiet", out},
		{"labels", "import", "--quiet", "--format", "csv", filepath.Join(out, "labels.csv")},
	}
	for _, step := range steps {
		if err := demoRun(env, store, tmp, step); err != nil {
			return err
		}
	}
	truth, err := readDemoTruth(filepath.Join(out, "truth.json"))
	if err != nil {
		return err
	}
	step := []string{"trace", "--chain", "eth", "--since-block", fmt.Sprint(truth.TheftBlock)}
	for _, s := range truth.Seeds {
		step = append(step, "--seed", s)
	}
	if err := demoRun(env, store, tmp, step); err != nil {
		return err
	}
	if err := demoCompare(env, store, truth); err != nil {
		return err
	}
	return demoDocuments(env, data, store, tmp, step[1:], truth)
}

// demoDocuments shows what an investigator hands on: the incident report,
// the freeze requests to the exchanges, and a deposit address screened as
// an exchange's compliance team would see it; then how to browse it all.
func demoDocuments(env *Env, data, store, tmp string, traceArgs []string, truth sim.Truth) error {
	report := filepath.Join(data, "demo-heist-report.html")
	freeze := filepath.Join(data, "demo-heist-freeze.zip")
	steps := [][]string{
		append(append([]string{"report", "incident"}, traceArgs...), "--format", "html", "--out", report),
		append(append([]string{"report", "freeze"}, traceArgs...), "--out", freeze),
	}
	if dep := demoDeposit(truth); dep != "" {
		steps = append(steps, []string{"screen", "--chain", "eth", dep})
	}
	quiet := *env // the reports' "wrote FILE" lines: the demo names the files below
	quiet.Stderr = io.Discard
	for _, step := range steps {
		if err := demoRun(&quiet, store, tmp, step); err != nil {
			return err
		}
	}
	fmt.Fprintf(env.Stdout, "\nopen %s in a browser for the report; %s holds one folder per exchange (letter, accounts CSV, evidence JSON).\n"+
		"To explore the heist in the web interface: vigil --data %s serve, then open http://127.0.0.1:8080/\n", report, freeze, store)
	return nil
}

// demoDeposit returns a token deposit address of the truth (reached
// through a swap), else any deposit address, else "".
func demoDeposit(truth sim.Truth) string {
	pick := ""
	for _, e := range truth.Endpoints {
		if e.DepositFor == nil {
			continue
		}
		if e.Asset != "eth" {
			return e.Address
		}
		if pick == "" {
			pick = e.Address
		}
	}
	return pick
}

// demoRun prints and runs one step as a user would type it.
func demoRun(env *Env, data, tmp string, step []string) error {
	fmt.Fprintf(env.Stdout, "\n$ vigil %s\n", shortArgs(step, tmp))
	if err := commands[step[0]].run(env, append([]string{"--data", data}, step[1:]...)); err != nil {
		return fmt.Errorf("%s: %w", step[0], err)
	}
	return nil
}

func readDemoTruth(path string) (sim.Truth, error) {
	var t sim.Truth
	b, err := os.ReadFile(path)
	if err == nil {
		err = json.Unmarshal(b, &t)
	}
	return t, err
}

// demoCompare traces again in-process and counts the endpoints that match
// the simulator's answer exactly (amount, entity, deposit wallet).
func demoCompare(env *Env, dir string, truth sim.Truth) error {
	c, err := lookupChain("eth")
	if err != nil {
		return err
	}
	s, res, err := traceStore(dir, trace.Query{Chain: c, Seeds: truth.Seeds, SinceBlock: truth.TheftBlock})
	if err != nil {
		return err
	}
	s.Close()
	got := map[string]trace.Endpoint{}
	for _, e := range res.Endpoints {
		got[e.Address+e.Asset] = e
	}
	exact := 0
	for _, w := range truth.Endpoints {
		g, ok := got[w.Address+w.Asset]
		if ok && g.Amount == w.Amount && g.Entity == w.Entity && (g.DepositFor == nil) == (w.DepositFor == nil) &&
			(g.DepositFor == nil || *g.DepositFor == *w.DepositFor) {
			exact++
		}
	}
	fmt.Fprintf(env.Stdout, "\nground truth (truth.json): %d of %d endpoints found with the exact amount, entity and deposit wallet; %d endpoints reported in all\n",
		exact, len(truth.Endpoints), len(res.Endpoints))
	return nil
}
