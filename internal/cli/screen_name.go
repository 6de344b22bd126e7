package cli

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/vigil-project/vigil/internal/inputerr"
	"github.com/vigil-project/vigil/internal/intel/ofac"
	"github.com/vigil-project/vigil/internal/namescreen"
)

func init() {
	register("screen-name", "screen person or organisation names against sanctioned entities and aliases", runScreenName)
}

// screenedName is one screened name as printed.
type screenedName struct {
	Query   string             `json:"query"`
	Matches []namescreen.Match `json:"matches"`
	Hit     bool               `json:"hit"`
}

// maxNameLen bounds one screened name (bytes).
const maxNameLen = 1024

func runScreenName(env *Env, args []string) error {
	var c common
	fs := newFlags("screen-name", env, &c)
	th := fs.Float64("threshold", namescreen.DefaultThreshold, "minimum score 0–1 of a match")
	limit := fs.Int("limit", namescreen.DefaultLimit, "at most this many matches per name (0 = all)")
	input := fs.String("input", "", "file with one name per line (- for stdin)")
	sdn := fs.String("sdn", "", "also screen against every party of this SDN Advanced XML (.xml or .bz2)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if *th <= 0 || *th > 1 {
		return usagef("--threshold must be in (0, 1], got %v", *th)
	}
	if *limit < 0 {
		return usagef("--limit must be ≥ 0")
	}
	names, err := screenNames(env, pos, *input)
	if err != nil {
		return err
	}
	x, err := nameIndex(&c, *sdn)
	if err != nil {
		return err
	}
	o := namescreen.Options{Threshold: *th, Limit: *limit}
	if *limit == 0 {
		o.Limit = -1
	}
	res := make([]screenedName, 0, len(names))
	for _, n := range names {
		ms := x.Screen(n, o)
		if ms == nil {
			ms = []namescreen.Match{}
		}
		res = append(res, screenedName{Query: n, Matches: ms, Hit: len(ms) > 0})
	}
	if c.json {
		return writeJSON(env.Stdout, map[string]any{"results": res})
	}
	printNameResults(env.Stdout, res)
	return nil
}

// screenNames collects the names: positional arguments (one name, words
// joined) and the lines of --input.
func screenNames(env *Env, pos []string, input string) ([]string, error) {
	var names []string
	if len(pos) > 0 {
		n := strings.TrimSpace(strings.Join(pos, " "))
		if n == "" {
			return nil, usagef("empty NAME")
		}
		names = append(names, n)
	}
	if input != "" {
		more, err := readNameLines(input)
		if err != nil {
			return nil, err
		}
		names = append(names, more...)
	}
	if len(names) == 0 {
		return nil, usagef("missing NAME (or --input FILE)")
	}
	for _, n := range names {
		if len(n) > maxNameLen {
			return nil, usagef("name longer than %d bytes", maxNameLen)
		}
	}
	return names, nil
}

// readNameLines reads one name per line, skipping blank lines and lines
// starting with '#'.
func readNameLines(path string) ([]string, error) {
	var r io.Reader = os.Stdin
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return nil, inputerr.Wrap(path, 0, err)
		}
		defer f.Close()
		r = f
	}
	var out []string
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for line := 1; sc.Scan(); line++ {
		t := strings.TrimSpace(sc.Text())
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		if len(t) > maxNameLen {
			return nil, inputerr.New(path, line, "name longer than %d bytes", maxNameLen)
		}
		out = append(out, t)
	}
	if err := sc.Err(); err != nil {
		return nil, inputerr.Wrap(path, 0, err)
	}
	return out, nil
}

// nameIndex builds the index from the store (names table and labels) and,
// with --sdn, every party of that SDN file.
func nameIndex(c *common, sdn string) (*namescreen.Index, error) {
	var es []namescreen.Entry
	if sdn != "" {
		ns, err := ofac.ReadNamesFile(sdn, 0)
		if err != nil {
			return nil, err
		}
		es = namescreen.EntriesFromSDN(ns, ofac.DefaultSource)
	}
	s, err := storeIfExists(c)
	if err != nil {
		return nil, err
	}
	if s == nil {
		return namescreen.New(es), nil
	}
	defer s.Close()
	stored, err := namescreen.LoadEntries(s)
	if err != nil {
		return nil, err
	}
	return namescreen.New(append(es, stored...)), nil
}

func printNameResults(w io.Writer, res []screenedName) {
	for _, r := range res {
		if !r.Hit {
			fmt.Fprintf(w, "%s: no match\n", r.Query)
			continue
		}
		fmt.Fprintf(w, "%s: %d match(es)\n", r.Query, len(r.Matches))
		for _, m := range r.Matches {
			fmt.Fprintf(w, "  %s  %s", m.Score, m.Entity)
			if m.Alias != m.Entity {
				fmt.Fprintf(w, "  (as %q)", m.Alias)
			}
			fmt.Fprintf(w, "  %s %s %s\n", m.List, strings.Join(m.Programs, ","), m.ListEntryID)
		}
	}
}
