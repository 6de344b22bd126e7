package cli

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/vigil-project/vigil/internal/intel"
	"github.com/vigil-project/vigil/internal/intel/csvlabels"
	"github.com/vigil-project/vigil/internal/intel/stix"
	"github.com/vigil-project/vigil/internal/store"
)

// searchHit is one entity found by labels search.
type searchHit struct {
	Entity     string         `json:"entity"`
	Matched    string         `json:"matched"`
	Exact      bool           `json:"exact"`
	Actor      string         `json:"actor,omitempty"`
	Categories []string       `json:"categories"`
	Aliases    []string       `json:"aliases,omitempty"`
	Programs   []string       `json:"programs,omitempty"`
	Sources    []string       `json:"sources"`
	Addresses  []searchedAddr `json:"addresses"`
}

type searchedAddr struct {
	Chain      string `json:"chain"`
	Address    string `json:"address"`
	Scope      string `json:"scope"`
	Status     string `json:"status"`
	DelistedAt string `json:"delisted_at,omitempty"`
}

func runLabelsSearch(env *Env, args []string) error {
	var c common
	fs := newFlags("labels search", env, &c)
	history := fs.Bool("history", false, "also match delisted and replaced labels")
	limit := fs.Int("limit", 0, "at most this many matching labels (0 = all)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if err := needArgs(pos, 1, "TEXT"); err != nil {
		return err
	}
	text := strings.Join(pos, " ")
	hits := []*searchHit{}
	s, err := storeIfExists(&c)
	if err != nil {
		return err
	}
	if s != nil {
		defer s.Close()
		ms, err := s.SearchLabels(text, *history, *limit)
		if err != nil {
			return usagef("%v", err)
		}
		hits = groupHits(ms, strings.ToLower(strings.TrimSpace(text)))
	}
	if c.json {
		return writeJSON(env.Stdout, map[string]any{"query": text, "results": hits})
	}
	if len(hits) == 0 {
		fmt.Fprintf(env.Stdout, "no entity matches %q\n", text)
	}
	for _, h := range hits {
		fmt.Fprintf(env.Stdout, "%s  [%s]", h.Entity, strings.Join(h.Categories, ","))
		if h.Matched != strings.ToLower(h.Entity) {
			fmt.Fprintf(env.Stdout, "  (matched %q)", h.Matched)
		}
		if len(h.Programs) > 0 {
			fmt.Fprintf(env.Stdout, "  programs %s", strings.Join(h.Programs, ","))
		}
		fmt.Fprintf(env.Stdout, "  %d addresses\n", len(h.Addresses))
		for _, a := range h.Addresses {
			st := ""
			if a.Status != store.StatusCurrent {
				st = " [" + a.Status + " " + a.DelistedAt + "]"
			}
			fmt.Fprintf(env.Stdout, "  %s %s  %s%s\n", a.Chain, a.Address, a.Scope, st)
		}
	}
	return nil
}

// groupHits groups matching labels by entity, in match order.
func groupHits(ms []store.NameMatch, q string) []*searchHit {
	hits := []*searchHit{}
	by := map[string]*searchHit{}
	seenAddr := map[string]bool{}
	for _, m := range ms {
		r := &m.Record
		h := by[r.Entity]
		if h == nil {
			h = &searchHit{Entity: r.Entity, Matched: m.Name, Exact: m.Name == q, Actor: r.Actor,
				Categories: []string{}, Sources: []string{}, Addresses: []searchedAddr{}}
			by[r.Entity] = h
			hits = append(hits, h)
		}
		h.Categories = addUnique(h.Categories, string(r.Category))
		h.Sources = addUnique(h.Sources, r.Source)
		for _, a := range r.Aliases {
			h.Aliases = addUnique(h.Aliases, a)
		}
		for _, p := range r.Programs {
			h.Programs = addUnique(h.Programs, p)
		}
		k := r.Entity + "\x00" + r.Chain + "\x00" + r.Address + "\x00" + r.Scope
		if !seenAddr[k] {
			seenAddr[k] = true
			h.Addresses = append(h.Addresses, searchedAddr{Chain: r.Chain, Address: r.Address, Scope: r.Scope,
				Status: r.Status, DelistedAt: r.DelistedAt})
		}
	}
	return hits
}

func addUnique(list []string, s string) []string {
	if s == "" || contains(list, s) {
		return list
	}
	return append(list, s)
}

func runLabelsExport(env *Env, args []string) error {
	var c common
	fs := newFlags("labels export", env, &c)
	format := fs.String("format", "", "stix or csv")
	chainName := fs.String("chain", "", "only labels of this chain")
	outPath := fs.String("o", "", "write to FILE instead of stdout")
	fs.StringVar(outPath, "output", "", "same as -o")
	history := fs.Bool("history", false, "also export delisted and replaced labels")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unexpected argument %q", pos[0])
	}
	if *format != "stix" && *format != "csv" {
		return usagef("--format must be stix or csv")
	}
	if *chainName != "" {
		if _, err := intel.LabelChain(*chainName); err != nil {
			return usagef("%v", err)
		}
	}
	var ls []intel.Label
	s, err := storeIfExists(&c)
	if err != nil {
		return err
	}
	if s != nil {
		defer s.Close()
		err = s.EachLabel(*chainName, *history, func(r *store.LabelRecord) error {
			ls = append(ls, r.Label)
			return nil
		})
		if err != nil {
			return err
		}
	}
	var w io.Writer = env.Stdout
	var f *os.File
	if *outPath != "" && *outPath != "-" {
		if f, err = os.Create(*outPath); err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	if *format == "stix" {
		err = stix.WriteBundle(bw, ls)
	} else {
		err = csvlabels.WriteCSV(bw, ls)
	}
	if err == nil {
		err = bw.Flush()
	}
	if err == nil && f != nil {
		err = f.Close()
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stderr, "vigil: labels: exported %d labels as %s\n", len(ls), *format)
	return nil
}
