package cli

import (
	"fmt"
	"math"
	"os"
	"runtime/debug"

	"github.com/vigil-project/vigil/internal/ingest"
)

func init() {
	register("ingest", "load chain data: ingest ethereum-etl DIR | bitcoin-etl PATH | rpc --chain C --url URL", runIngest)
}

type ingestJSON struct {
	Chain     string `json:"chain"`
	Source    string `json:"source"`
	Blocks    int    `json:"blocks"`
	Written   int    `json:"blocks_written"`
	Replaced  int    `json:"blocks_replaced"`
	Unchanged int    `json:"blocks_unchanged"`
	Txs       int64  `json:"transactions"`
	Transfers int64  `json:"transfers"`
	Addresses int    `json:"new_addresses"`
	ElapsedMS int64  `json:"elapsed_ms"`
}

// ingestGC sets a soft memory limit for the ingest unless GOMEMLIMIT is
// set. The collector keeps Go's default pace (GOGC=100): on this
// project's virtual machine a page fault costs microseconds, so the
// memory a lazier collector leaves unreused (GOGC=400: 700 MB instead of
// 500 MB peak for 1M transfers, 40% more faults) cost more kernel time
// than the collections it saved; see docs/performance.md. GOGC, when set,
// still applies.
func ingestGC() {
	if debug.SetMemoryLimit(-1) == math.MaxInt64 {
		debug.SetMemoryLimit(6 << 30)
	}
}

func runIngest(env *Env, args []string) (err error) {
	if isIngestRPC(args) {
		return runIngestRPC(env, args)
	}
	var c common
	fs := newFlags("ingest", env, &c)
	chainName := chainFlag(fs, "")
	quiet := fs.Bool("quiet", false, "no progress on stderr")
	issuance := fs.Bool("issuance", false, "ethereum-etl: also record block rewards, genesis allocations and withdrawals as moves from no one (not value moves in CONTRACT.md)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if err := needArgs(pos, 2, "source format and path (ethereum-etl DIR | bitcoin-etl PATH)"); err != nil {
		return err
	}
	format, path := pos[0], pos[1]
	if len(pos) > 2 {
		return usagef("unexpected argument %q", pos[2])
	}
	def := map[string]string{"ethereum-etl": "eth", "bitcoin-etl": "btc"}[format]
	if def == "" {
		return usagef("unknown source format %q (ethereum-etl, bitcoin-etl)", format)
	}
	if *chainName == "" {
		*chainName = def
	}
	ch, err := lookupChain(*chainName)
	if err != nil {
		return err
	}
	_, statErr := os.Stat(c.data)
	s, err := openStore(&c, false)
	if err != nil {
		return err
	}
	defer s.Close()
	if statErr != nil { // a failed first ingest leaves no empty store behind
		defer func() {
			if err != nil {
				s.Close()
				os.RemoveAll(c.data)
			}
		}()
	}
	ingestGC()
	o := ingest.Options{Chain: ch, Issuance: *issuance}
	if !*quiet {
		o.Progress = env.Stderr
	}
	var res ingest.Result
	if format == "ethereum-etl" {
		res, err = ingest.EthereumETL(s, path, o)
	} else {
		res, err = ingest.BitcoinETL(s, path, o)
	}
	if err != nil {
		return err
	}
	updateIndex(env, s, ch, *quiet)
	watchAfterIngest(env, s, ch, *quiet)
	out := ingestJSON{Chain: res.Chain, Source: path, Blocks: res.Blocks, Written: res.Commit.Blocks,
		Replaced: res.Commit.Replaced, Unchanged: res.Commit.Unchanged, Txs: res.Commit.Txs,
		Transfers: res.Commit.Moves, Addresses: res.Commit.Addresses, ElapsedMS: res.Elapsed.Milliseconds()}
	if c.json {
		return writeJSON(env.Stdout, out)
	}
	rate := float64(out.Transfers) / max(res.Elapsed.Seconds(), 1e-9)
	fmt.Fprintf(env.Stdout, "ingested %s from %s: %d blocks (%d written, %d replaced, %d unchanged), %d transactions, %d transfers, %d new addresses in %s (%.0f transfers/s)\n",
		out.Chain, path, out.Blocks, out.Written, out.Replaced, out.Unchanged, out.Txs, out.Transfers, out.Addresses, res.Elapsed.Round(1e6), rate)
	return nil
}
