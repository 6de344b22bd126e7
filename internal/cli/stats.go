package cli

import (
	"fmt"
	"os"
	"text/tabwriter"
)

func init() { register("stats", "per-chain totals of the store", runStats) }

type statsChain struct {
	Chain        string `json:"chain"`
	Blocks       int64  `json:"blocks"`
	Transactions int64  `json:"transactions"`
	Transfers    int64  `json:"transfers"`
	Addresses    int    `json:"addresses"`
	FirstBlock   uint64 `json:"first_block"`
	LastBlock    uint64 `json:"last_block"`
}

func runStats(env *Env, args []string) error {
	var c common
	fs := newFlags("stats", env, &c)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unexpected argument %q", pos[0])
	}
	out := struct {
		Chains []statsChain `json:"chains"`
	}{Chains: []statsChain{}}
	if _, err := os.Stat(c.data); err == nil {
		s, err := openStore(&c, false)
		if err != nil {
			return err
		}
		defer s.Close()
		if j, _ := s.Interrupted(); j != nil {
			fmt.Fprintf(env.Stderr, "vigil: warning: an ingest of %s (%s) was interrupted; run it again to finish\n", j.Source, j.Chain)
		}
		st, err := s.Stats()
		if err != nil {
			return err
		}
		for _, cs := range st {
			out.Chains = append(out.Chains, statsChain{Chain: cs.Chain.Name, Blocks: cs.Counters.Blocks,
				Transactions: cs.Counters.Txs, Transfers: cs.Counters.Transfers, Addresses: cs.Addresses,
				FirstBlock: cs.Counters.FirstBlock, LastBlock: cs.Counters.LastBlock})
		}
	}
	if c.json {
		return writeJSON(env.Stdout, out)
	}
	if len(out.Chains) == 0 {
		fmt.Fprintf(env.Stdout, "the store at %s is empty\n", c.data)
		return nil
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "chain\tblocks\ttransactions\ttransfers\taddresses\tfirst block\tlast block\t")
	for _, ch := range out.Chains {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t%d\t\n", ch.Chain, ch.Blocks, ch.Transactions, ch.Transfers, ch.Addresses, ch.FirstBlock, ch.LastBlock)
	}
	return tw.Flush()
}
