package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/vigil-project/vigil/internal/demo"
)

func init() {
	register("demo", "load the bundled real mainnet exports, then trace a simulated heist against its ground truth", runDemo)
}

// demoSteps are the commands the demo runs, as a user would type them.
func demoSteps(p demo.Paths) [][]string {
	return [][]string{
		{"ingest", "ethereum-etl", "--quiet", p.Eth},
		{"ingest", "bitcoin-etl", "--quiet", p.Btc},
		{"labels", "import", "--quiet", "--format", "fbi-psa-bybit", p.FBIBybit},
		{"stats"},
		// An address that receives 14.03 ETH in blocks 17,173,049-050.
		{"address", "--chain", "eth", "0xcca3e571400b299f3e09616721ccd0be0529226d"},
		// A Uniswap swap: ETH in, WETH and a token moved by the same transaction.
		{"tx", "--chain", "eth", "0xec7cc4df1ff542793053335700f18d59c3f870e1e4820a42d558c76db832bd14"},
		// The genesis coinbase address.
		{"address", "--chain", "btc", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"},
		{"tx", "--chain", "btc", "7940cdde4d713e171849efc6bd89939185be270266c94e92369e3877ad89455a"},
		// An address the FBI attributed to the Bybit laundering (TraderTraitor).
		{"labels", "get", "--chain", "eth", "0x51E9d833Ecae4E8D9D8Be17300AEE6D3398C135D"},
	}
}

func runDemo(env *Env, args []string) error {
	var c common
	fs := newFlags("demo", env, &c)
	if _, err := parse(fs, args); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "vigil-demo-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	paths, err := demo.Extract(tmp)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "vigil demo: real Ethereum blocks 17,173,049-050, Bitcoin blocks 0-1 and 50,001-50,002, and the FBI's Bybit address list, into %s\n", c.data)
	for _, step := range demoSteps(paths) {
		fmt.Fprintf(env.Stdout, "\n$ vigil %s\n", shortArgs(step, tmp))
		cmd := commands[step[0]]
		if err := cmd.run(env, append([]string{"--data", c.data}, step[1:]...)); err != nil {
			return fmt.Errorf("%s: %w", step[0], err)
		}
	}
	return demoHeist(env, c.data, tmp)
}

func shortArgs(step []string, tmp string) string {
	out := ""
	for i, a := range step {
		if rest, ok := strings.CutPrefix(a, filepath.Join(tmp, "data")); ok {
			a = "<bundled>" + rest
		} else if rest, ok := strings.CutPrefix(a, tmp); ok {
			a = "<tmp>" + rest
		}
		if i > 0 {
			out += " "
		}
		out += a
	}
	return out
}
