package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/inputerr"
	"github.com/vigil-project/vigil/internal/store"
)

// errUsage marks flag errors.
var errUsage = errors.New("bad usage")

// helpRequest is returned by parse for -h/--help: Main prints the
// command's flags on stdout and exits 0.
type helpRequest struct{ fs *flag.FlagSet }

func (h *helpRequest) Error() string { return "help requested" }

// printHelp writes the usage of the command whose flags are fs.
func printHelp(w io.Writer, summary string, fs *flag.FlagSet) {
	fmt.Fprintf(w, "usage: vigil %s [flags] [args]\n", fs.Name())
	if summary != "" {
		fmt.Fprintf(w, "\n%s\n", summary)
	}
	fmt.Fprintln(w, "\nflags:")
	fs.SetOutput(w)
	fs.PrintDefaults()
	fs.SetOutput(io.Discard)
}

// common are the flags every command has.
type common struct {
	data string
	json bool
}

func newFlags(name string, env *Env, c *common) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	def := env.Getenv("VIGIL_DATA")
	if def == "" {
		def = "./vigil-data"
	}
	fs.StringVar(&c.data, "data", def, "data directory")
	fs.BoolVar(&c.json, "json", false, "print one JSON document on stdout")
	return fs
}

// parse parses flags anywhere among the arguments and returns the
// positional ones. "--" ends flags.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for len(args) > 0 {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, &helpRequest{fs}
			}
			return nil, inputerr.Usagef("%v", err)
		}
		rest := fs.Args()
		if len(rest) == 0 {
			break
		}
		if len(args) > len(rest) && args[len(args)-len(rest)-1] == "--" {
			pos = append(pos, rest...)
			break
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
	return pos, nil
}

// chainFlag registers --chain with a default.
func chainFlag(fs *flag.FlagSet, def string) *string {
	return fs.String("chain", def, "chain name ("+strings.Join(chain.Names(), ", ")+")")
}

func lookupChain(name string) (chain.Info, error) {
	if name == "" {
		return chain.Info{}, inputerr.Usagef("--chain is required")
	}
	c, err := chain.Lookup(name)
	if err != nil {
		return chain.Info{}, inputerr.Usagef("%v", err)
	}
	return c, nil
}

func openStore(c *common, readOnly bool) (*store.Store, error) {
	s, err := store.Open(c.data, &store.Options{ReadOnly: readOnly})
	if err != nil {
		return nil, err
	}
	return s, nil
}

func needArgs(pos []string, n int, what string) error {
	if len(pos) < n {
		return inputerr.Usagef("missing %s", what)
	}
	return nil
}

func usagef(format string, a ...any) error { return inputerr.Usagef(format, a...) }

var _ = fmt.Sprintf
