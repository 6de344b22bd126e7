package cli

import (
	"errors"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/cluster"
	"github.com/vigil-project/vigil/internal/intel"
	"github.com/vigil-project/vigil/internal/store"
)

// clusterDoc is cluster show's JSON.
type clusterDoc struct {
	Chain      string             `json:"chain"`
	Address    string             `json:"address"`
	Cluster    string             `json:"cluster"` // the lowest member address: the cluster's name
	ClusterID  uint32             `json:"cluster_id"`
	Size       int                `json:"size"`
	Heuristics []string           `json:"heuristics"`
	Confidence int                `json:"confidence"`
	Labels     []clusterLabel     `json:"labels"`
	Conflicts  []cluster.Conflict `json:"conflicts"`
	Evidence   map[string]int     `json:"evidence"` // links inside the cluster, by heuristic
	Links      []clusterLink      `json:"links"`    // the links naming the address
	Deposit    *clusterDeposit    `json:"deposit,omitempty"`
	Members    memberPage         `json:"members"`
	Build      clusterBuildInfo   `json:"build"`
}

type clusterLabel struct {
	Entity     string `json:"entity"`
	Category   string `json:"category"`
	Source     string `json:"source"`
	Confidence int    `json:"confidence"`
	Actor      string `json:"actor,omitempty"`
	From       string `json:"from"`        // the member carrying the label
	FromSource string `json:"from_source"` // its own source
}

type clusterLink struct {
	With      string `json:"with"`
	Heuristic string `json:"heuristic"`
	Block     uint32 `json:"block"`
	Tx        string `json:"tx,omitempty"`
}

type clusterDeposit struct {
	Wallet   string `json:"wallet"`
	Share    string `json:"share"` // least share of what it sent, over its assets, that went to the exchange
	Evidence string `json:"evidence"`
}

type memberPage struct {
	Page      int      `json:"page"`
	PageSize  int      `json:"page_size"`
	Pages     int      `json:"pages"`
	Total     int      `json:"total"`
	Addresses []string `json:"addresses"`
}

type clusterBuildInfo struct {
	Seq       uint64 `json:"seq"`
	LastBlock uint64 `json:"last_block"`
	Stale     bool   `json:"stale"` // the store has changed since: run cluster build
}

func runClusterShow(env *Env, args []string) error {
	var c common
	fs := newFlags("cluster show", env, &c)
	chainName := chainFlag(fs, "")
	page := fs.Int("page", 1, "page of members to list (from 1)")
	size := fs.Int("page-size", 100, "members per page (1-10000)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	ch, err := lookupChain(*chainName)
	if err != nil {
		return err
	}
	if err := needArgs(pos, 1, "ADDRESS"); err != nil {
		return err
	}
	if len(pos) > 1 {
		return usagef("one ADDRESS at a time (got %d)", len(pos))
	}
	if *page < 1 || *size < 1 || *size > 10000 {
		return usagef("--page %d --page-size %d: want a page from 1 and a size of 1 to 10000", *page, *size)
	}
	s, err := openStore(&c, true)
	if err != nil {
		return err
	}
	defer s.Close()
	doc, err := showCluster(s, ch, pos[0], *page, *size)
	if err != nil {
		return err
	}
	if c.json {
		return writeJSON(env.Stdout, doc)
	}
	printCluster(env, doc)
	return nil
}

// showCluster answers cluster show.
func showCluster(s *store.Store, ch chain.Info, addr string, page, size int) (*clusterDoc, error) {
	cs, err := cluster.OpenStore(s, ch)
	if errors.Is(err, cluster.ErrNoBuild) {
		return nil, usagef("no cluster build for %s: run 'vigil cluster build --chain %s' first", ch.Name, ch.Name)
	}
	if err != nil {
		return nil, err
	}
	defer cs.Close()
	d, err := s.Addresses(ch)
	if err != nil {
		return nil, err
	}
	id, err := lookupAddress(ch, d, addr)
	if err != nil {
		return nil, err
	}
	root := cs.Of(id)
	doc := &clusterDoc{Chain: ch.Name, ClusterID: cs.ID(root), Size: cs.Size(root),
		Heuristics: cs.Heuristics(root).Names(), Confidence: cs.Heuristics(root).Confidence(),
		Labels: []clusterLabel{}, Conflicts: []cluster.Conflict{}, Links: []clusterLink{}}
	name := func(x uint32) string { n, _ := store.AddressName(ch, d, chain.AddrID(x)); return n }
	doc.Address, doc.Cluster = name(id), name(doc.ClusterID)
	_, doc.Evidence = cs.Evidence(root, 0)
	if err := clusterLabels(s, cs, root, doc, name); err != nil {
		return nil, err
	}
	showLinks(s, cs, id, doc, name)
	doc.Members = pageMembers(cs.Members(root), page, size, name)
	seq, err := s.ChangeSeq(ch)
	if err != nil {
		return nil, err
	}
	doc.Build = clusterBuildInfo{Seq: cs.Manifest.Seq, LastBlock: cs.Manifest.LastBlock, Stale: seq != cs.Manifest.Seq}
	return doc, nil
}

// lookupAddress resolves addr to its ID in d: a malformed or unknown
// address is bad input.
func lookupAddress(ch chain.Info, d *store.Dict, addr string) (uint32, error) {
	canon, err := intel.CanonicalAddress(ch.Name, strings.TrimSpace(addr))
	if err != nil {
		return 0, usagef("address %q: %v", addr, err)
	}
	key, err := store.AddressKey(ch, canon)
	if err != nil {
		return 0, usagef("address %q: %v", addr, err)
	}
	id, ok, err := d.Lookup(key)
	if err != nil {
		return 0, err
	}
	if !ok {
		return 0, usagef("address %s is not in the %s data", canon, ch.Name)
	}
	return id, nil
}

// clusterLabels fills the labels inherited and the conflicts of root.
func clusterLabels(s *store.Store, cs *cluster.Clusters, root uint32, doc *clusterDoc, name func(uint32) string) error {
	x, err := s.LabelIndex()
	if err != nil {
		return err
	}
	groups, err := cs.Inherit(x)
	if err != nil {
		return err
	}
	g := groups[root]
	if g == nil {
		return nil
	}
	doc.Conflicts = append(doc.Conflicts, g.Conflicts...)
	for _, l := range g.Inherited {
		var best *cluster.MemberLabel
		for i, m := range g.Own {
			if m.Label.Entity == l.Entity && m.Label.Category == l.Category && (best == nil || m.Label.Confidence > best.Label.Confidence) {
				best = &g.Own[i]
			}
		}
		from, fromSrc := name(best.ID), best.Label.Source
		doc.Labels = append(doc.Labels, clusterLabel{Entity: l.Entity, Category: string(l.Category), Source: l.Source,
			Confidence: l.Confidence, Actor: l.Actor, From: from, FromSource: fromSrc})
	}
	return nil
}

// showLinks fills the evidence naming address id (at most 20 links).
func showLinks(s *store.Store, cs *cluster.Clusters, id uint32, doc *clusterDoc, name func(uint32) string) {
	for _, e := range cs.EvidenceOf(id, 20) {
		other := e.B
		if other == id {
			other = e.A
		}
		l := clusterLink{With: name(other), Heuristic: e.Heuristic.String(), Block: e.Block}
		if e.Heuristic != cluster.Deposit {
			if h, err := s.TxHashAt(cs.Chain, uint64(e.Block), e.Pos); err == nil {
				l.Tx = h.Hex() // UTXO chains print hashes without 0x
			}
		}
		doc.Links = append(doc.Links, l)
	}
	if w, share, ok := cs.DepositOf(id); ok {
		doc.Deposit = &clusterDeposit{Wallet: name(w), Share: fmt.Sprintf("%d.%d%%", share/10, share%10),
			Evidence: fmt.Sprintf("sends at least %d.%d%% of each asset it sends to wallets of one exchange", share/10, share%10)}
	}
}

// pageMembers returns page (from 1) of size members.
func pageMembers(ids []uint32, page, size int, name func(uint32) string) memberPage {
	p := memberPage{Page: page, PageSize: size, Total: len(ids), Pages: (len(ids) + size - 1) / size, Addresses: []string{}}
	lo := (page - 1) * size
	for i := lo; i < len(ids) && i < lo+size; i++ {
		p.Addresses = append(p.Addresses, name(ids[i]))
	}
	return p
}

// printCluster prints a cluster as text.
func printCluster(env *Env, d *clusterDoc) {
	w := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintf(w, "%s %s: cluster %s, %d addresses (%s, confidence %d)\n", d.Chain, d.Address, d.Cluster, d.Size,
		strings.Join(d.Heuristics, ","), d.Confidence)
	for _, l := range d.Labels {
		fmt.Fprintf(w, "  label\t%s\t%s\tconfidence %d\tfrom %s (%s)\n", l.Category, l.Entity, l.Confidence, l.From, l.FromSource)
	}
	for _, c := range d.Conflicts {
		fmt.Fprintf(w, "  CONFLICT\t%s\t%s\n", c.Category, strings.Join(c.Entities, " | "))
	}
	for _, l := range d.Links {
		fmt.Fprintf(w, "  link\t%s\twith %s\tblock %d %s\n", l.Heuristic, l.With, l.Block, l.Tx)
	}
	if d.Deposit != nil {
		fmt.Fprintf(w, "  deposit address of\t%s\t%s\n", d.Deposit.Wallet, d.Deposit.Evidence)
	}
	if d.Build.Stale {
		fmt.Fprintf(w, "  (the store changed since the build: run 'vigil cluster build --chain %s')\n", d.Chain)
	}
	fmt.Fprintf(w, "members, page %d of %d (%d per page):\n", d.Members.Page, d.Members.Pages, d.Members.PageSize)
	for _, a := range d.Members.Addresses {
		fmt.Fprintf(w, "  %s\n", a)
	}
	w.Flush()
}
