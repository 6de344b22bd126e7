package cli

import (
	"fmt"
	"os"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/vigil-project/vigil/internal/intel"
	"github.com/vigil-project/vigil/internal/store"
)

func init() {
	register("labels", "intelligence labels: import | get | search | export | diff", runLabels)
}

const labelsUsage = "labels import --format FORMAT PATH... | get [--chain C] ADDRESS... [--history] | " +
	"search TEXT | export --format stix|csv [-o FILE] | diff [--scope S]"

func runLabels(env *Env, args []string) error {
	if len(args) > 0 && args[0] == "--data" && len(args) >= 2 {
		// "vigil --data DIR labels get ..." arrives as "--data DIR get ...".
		if len(args) < 3 {
			return usagef("usage: vigil %s", labelsUsage)
		}
		args = append([]string{args[2], "--data", args[1]}, args[3:]...)
	}
	if len(args) == 0 {
		return usagef("usage: vigil %s", labelsUsage)
	}
	sub, rest := args[0], args[1:]
	switch sub {
	case "import":
		return runLabelsImport(env, rest)
	case "get":
		return runLabelsGet(env, rest)
	case "search":
		return runLabelsSearch(env, rest)
	case "export":
		return runLabelsExport(env, rest)
	case "diff", "editions":
		return runLabelsDiff(env, rest)
	}
	return usagef("unknown labels command %q (usage: vigil %s)", sub, labelsUsage)
}

// labelJSON is one label as printed by labels get, address and search.
// The first five fields are the contract's; the rest add provenance,
// sanctions data and history.
type labelJSON struct {
	Entity         string   `json:"entity"`
	Category       string   `json:"category"`
	Source         string   `json:"source"`
	Confidence     int      `json:"confidence"`
	Actor          string   `json:"actor"`
	TLP            string   `json:"tlp"`
	Importer       string   `json:"importer"`
	ImportedAt     string   `json:"imported_at"`
	Scope          string   `json:"scope"`
	Status         string   `json:"status"`
	FirstSeen      string   `json:"first_seen,omitempty"`
	DelistedAt     string   `json:"delisted_at,omitempty"`
	Aliases        []string `json:"aliases,omitempty"`
	SourceCategory string   `json:"source_category,omitempty"`
	Asset          string   `json:"asset,omitempty"`
	Note           string   `json:"note,omitempty"`
	List           string   `json:"list,omitempty"`
	Programs       []string `json:"programs,omitempty"`
	ListEntryID    string   `json:"list_entry_id,omitempty"`
	ListDate       string   `json:"list_date,omitempty"`
}

func toLabelJSON(r *store.LabelRecord) labelJSON {
	l := &r.Label
	return labelJSON{Entity: l.Entity, Category: string(l.Category), Source: l.Source, Confidence: l.Confidence,
		Actor: l.Actor, TLP: string(l.TLP), Importer: l.Importer, ImportedAt: l.ImportedAt.UTC().Format(time.RFC3339),
		Scope: r.Scope, Status: r.Status, FirstSeen: r.FirstSeen, DelistedAt: r.DelistedAt, Aliases: l.Aliases,
		SourceCategory: l.SourceCategory, Asset: l.Asset, Note: l.Note, List: l.List, Programs: l.Programs,
		ListEntryID: l.ListEntryID, ListDate: l.ListDate}
}

type labelResult struct {
	Chain   string      `json:"chain"`
	Address string      `json:"address"`
	Labels  []labelJSON `json:"labels"`
}

// resolveAddress returns the label chain and canonical address of addr:
// on chainName when given, else on the chain its shape tells (0x-hex →
// eth, then Tron, Bitcoin and relatives).
func resolveAddress(chainName, addr string) (string, string, error) {
	addr = strings.TrimSpace(addr)
	if chainName != "" {
		c := strings.ToLower(chainName)
		if _, err := intel.LabelChain(c); err != nil {
			return "", "", usagef("%v", err)
		}
		canon, err := intel.CanonicalAddress(c, addr)
		if err == nil {
			return c, canon, nil
		}
		// Lists file some addresses under another chain's asset (OFAC
		// lists a Tron address under XBT): look those up where they are.
		if other, canon2, err2 := intel.ChainForAsset(c, addr); err2 == nil && other != c {
			return other, canon2, nil
		}
		return "", "", usagef("%v", err)
	}
	c, canon, err := intel.ChainForAsset("", addr)
	if err != nil {
		return "", "", usagef("address %q: chain not recognized (give --chain)", addr)
	}
	return c, canon, nil
}

// storeIfExists opens the store when its directory exists; nil otherwise
// (nothing imported yet means no labels).
func storeIfExists(c *common) (*store.Store, error) {
	if _, err := os.Stat(c.data); err != nil {
		return nil, nil
	}
	return openStore(c, false)
}

// addressLabels returns the current labels of an address as printed.
func addressLabels(s *store.Store, chainName, addr string, history bool) ([]labelJSON, error) {
	out := []labelJSON{}
	if s == nil {
		return out, nil
	}
	recs, err := s.LabelsOf(chainName, addr, history)
	if err != nil {
		return nil, err
	}
	sortRecords(recs)
	for i := range recs {
		out = append(out, toLabelJSON(&recs[i]))
	}
	return out, nil
}

// sortRecords puts current labels first, then by confidence (highest
// first), scope and entity.
func sortRecords(recs []store.LabelRecord) {
	sort.SliceStable(recs, func(i, j int) bool {
		a, b := &recs[i], &recs[j]
		if a.Current() != b.Current() {
			return a.Current()
		}
		if a.Confidence != b.Confidence {
			return a.Confidence > b.Confidence
		}
		if a.Scope != b.Scope {
			return a.Scope < b.Scope
		}
		return a.Entity < b.Entity
	})
}

func runLabelsGet(env *Env, args []string) error {
	var c common
	fs := newFlags("labels get", env, &c)
	chainName := fs.String("chain", "", "chain (default: told by the address shape; 0x-hex is eth)")
	history := fs.Bool("history", false, "also show delisted and replaced labels, with dates")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if err := needArgs(pos, 1, "ADDRESS"); err != nil {
		return err
	}
	type target struct{ chain, addr string }
	var ts []target
	for _, a := range pos {
		ch, canon, err := resolveAddress(*chainName, a)
		if err != nil {
			return err
		}
		if *chainName != "" && ch != strings.ToLower(*chainName) {
			fmt.Fprintf(env.Stderr, "vigil: labels: %s is not a %s address: looked up on %s\n", a, *chainName, ch)
		}
		ts = append(ts, target{ch, canon})
	}
	s, err := storeIfExists(&c)
	if err != nil {
		return err
	}
	if s != nil {
		defer s.Close()
	}
	res := []labelResult{}
	for _, t := range ts {
		ls, err := addressLabels(s, t.chain, t.addr, *history)
		if err != nil {
			return err
		}
		res = append(res, labelResult{Chain: t.chain, Address: t.addr, Labels: ls})
	}
	if c.json {
		return writeJSON(env.Stdout, map[string]any{"results": res})
	}
	for _, r := range res {
		printLabels(env, r)
	}
	return nil
}

func printLabels(env *Env, r labelResult) {
	fmt.Fprintf(env.Stdout, "%s %s\n", r.Chain, r.Address)
	if len(r.Labels) == 0 {
		fmt.Fprintln(env.Stdout, "  no labels")
		return
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 0, 2, ' ', 0)
	for _, l := range r.Labels {
		status := ""
		if l.Status != store.StatusCurrent {
			status = fmt.Sprintf(" [%s %s]", l.Status, l.DelistedAt)
		}
		extra := ""
		if len(l.Programs) > 0 {
			extra = fmt.Sprintf(" %s entry %s", strings.Join(l.Programs, ","), l.ListEntryID)
		}
		actor := ""
		if l.Actor != "" && l.Actor != l.Entity {
			actor = " (" + l.Actor + ")"
		}
		fmt.Fprintf(tw, "  %s%s\t%s\t%d\tTLP:%s\t%s%s%s\n", l.Entity, actor, l.Category, l.Confidence, l.TLP, l.Scope, extra, status)
	}
	tw.Flush()
}
