package cli

import (
	"flag"
	"fmt"
	"time"

	"github.com/vigil-project/vigil/internal/sim"
)

func init() {
	register("simulate", "write a synthetic heist with known answers (eth: ethereum-etl, btc: bitcoin-etl; labels.csv, truth.json)", runSimulate)
}

// simulateJSON is the --json summary of simulate.
type simulateJSON struct {
	sim.Summary
	ElapsedMS int64 `json:"elapsed_ms"`
}

func runSimulate(env *Env, args []string) error {
	var c common
	fs := newFlags("simulate", env, &c)
	seed := fs.Uint64("seed", 1, "random seed: the same seed writes the same bytes")
	background := fs.Int("background", 10000, "approximate number of background transfers")
	out := fs.String("out", "", "output directory (required)")
	start := fs.Uint64("start-block", sim.DefaultStartBlock, "first block number")
	commingle := fs.Bool("commingle", false, "eth: attacker addresses also receive clean value; truth.json answers per policy")
	itWorkers := fs.Int("it-workers", 0, "eth: add an IT-worker payroll pattern with N workers (0: none)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("usage: vigil simulate eth|btc --seed N --background N --out DIR [--json]")
	}
	cfg := sim.Config{Seed: *seed, Background: *background, StartBlock: *start, Commingle: *commingle, ITWorkers: *itWorkers}
	run := sim.Eth
	switch pos[0] {
	case "eth":
	case "btc":
		run = sim.Btc
		if !flagSet(fs, "start-block") {
			cfg.StartBlock = sim.DefaultBtcStartBlock
		}
	default:
		return usagef("chain %q: only eth and btc can be simulated", pos[0])
	}
	if *out == "" {
		return usagef("--out DIR is required")
	}
	if *background < 0 {
		return usagef("--background %d: must be >= 0", *background)
	}
	if *itWorkers < 0 {
		return usagef("--it-workers %d: must be >= 0", *itWorkers)
	}
	if pos[0] != "eth" && (*commingle || *itWorkers > 0) {
		return usagef("--commingle and --it-workers: only eth so far")
	}
	t0 := time.Now()
	sum, err := run(*out, cfg)
	if err != nil {
		return err
	}
	elapsed := time.Since(t0)
	if c.json {
		return writeJSON(env.Stdout, simulateJSON{Summary: sum, ElapsedMS: elapsed.Milliseconds()})
	}
	fmt.Fprintf(env.Stdout, "simulated %s heist (seed %d) into %s: %d blocks (%d-%d), %d transactions, %d transfers (heist: %d transactions, %d transfers) in %s\n",
		sum.Chain, sum.Seed, sum.Dir, sum.Blocks, sum.FirstBlock, sum.LastBlock, sum.Transactions, sum.Transfers,
		sum.Heist.Transactions, sum.Heist.Transfers, elapsed.Round(time.Millisecond))
	p := sum.Patterns
	if sum.Chain == "btc" {
		fmt.Fprintf(env.Stdout, "patterns: fanout %d, consolidation %d, peel %d, deposit %d, sweep %d, mixer %d, resting %d\n",
			p.Fanout, p.Consolidation, p.Peel, p.Deposit, p.Sweep, p.Mixer, p.Resting)
	} else {
		fmt.Fprintf(env.Stdout, "patterns: fanout %d, fanin %d, peel %d, forwarder %d, swap %d, deposit %d, sweep %d, mixer %d, bridge %d, failed %d, resting %d%s\n",
			p.Fanout, p.Fanin, p.Peel, p.Forwarder, p.Swap, p.Deposit, p.Sweep, p.Mixer, p.Bridge, p.Failed, p.Resting, optionalPatterns(p))
	}
	fmt.Fprintf(env.Stdout, "files: %v (answers in truth.json)\n", sum.Files)
	return nil
}

// flagSet reports whether flag name was given on the command line.
func flagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

// optionalPatterns lists the patterns of --commingle and --it-workers
// when there are any.
func optionalPatterns(p sim.Patterns) string {
	if p.Commingle == 0 && p.Workers == 0 {
		return ""
	}
	return fmt.Sprintf(", commingle %d, payroll payments %d, workers %d, facilitators %d",
		p.Commingle, p.PayrollPayments, p.Workers, p.Facilitators)
}
