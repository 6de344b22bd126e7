package cli

import (
	"fmt"
	"math"
	"os"
	"sort"
	"text/tabwriter"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/store"
	"github.com/vigil-project/vigil/internal/trace"
)

func init() { register("address", "totals, balances and activity of an address", runAddress) }

type assetAmount struct {
	Asset  string `json:"asset"`
	Amount string `json:"amount"`
	Count  uint64 `json:"count"`
}

type balance struct {
	Asset  string `json:"asset"`
	Amount string `json:"amount"`
}

type addressJSON struct {
	Chain      string        `json:"chain"`
	Address    string        `json:"address"`
	Seen       bool          `json:"seen"`
	Received   []assetAmount `json:"received"`
	Sent       []assetAmount `json:"sent"`
	Balances   []balance     `json:"balances"`
	FirstBlock *uint64       `json:"first_block"`
	LastBlock  *uint64       `json:"last_block"`
	Labels     []labelJSON   `json:"labels"`
}

func runAddress(env *Env, args []string) error {
	var c common
	fs := newFlags("address", env, &c)
	chainName := chainFlag(fs, "")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if err := needArgs(pos, 1, "ADDRESS"); err != nil {
		return err
	}
	ch, err := lookupChain(*chainName)
	if err != nil {
		return err
	}
	var s *store.Store // nil: no store yet, every address is unseen
	if _, err := os.Stat(c.data); err == nil {
		if s, err = openStore(&c, false); err != nil {
			return err
		}
		defer s.Close()
	}
	var outs []addressJSON
	for _, a := range pos {
		out, err := addressInfo(s, ch, a)
		if err != nil {
			return err
		}
		outs = append(outs, out)
	}
	if c.json {
		if len(outs) == 1 {
			return writeJSON(env.Stdout, outs[0])
		}
		return writeJSON(env.Stdout, map[string]any{"results": outs})
	}
	for _, o := range outs {
		printAddress(env, ch, o)
	}
	return nil
}

// addressInfo answers `address --json` for a, opening ch's graph index
// for the call.
func addressInfo(s *store.Store, ch chain.Info, a string) (addressJSON, error) {
	open := func() (*trace.Session, func(), error) {
		sess, err := trace.Open(s, ch)
		if err != nil {
			return nil, nil, err
		}
		return sess, func() { sess.Close() }, nil
	}
	return addressInfoWith(s, ch, a, open)
}

// addressInfoWith is addressInfo with the graph index session from open
// (which returns its release function; a nil session: no data).
func addressInfoWith(s *store.Store, ch chain.Info, a string, open func() (*trace.Session, func(), error)) (addressJSON, error) {
	canon, err := chain.NormalizeAddress(ch, a)
	if err != nil {
		return addressJSON{}, usagef("%v", err)
	}
	out := addressJSON{Chain: ch.Name, Address: canon, Received: []assetAmount{}, Sent: []assetAmount{},
		Balances: []balance{}, Labels: []labelJSON{}}
	if s == nil {
		return out, nil
	}
	if out.Labels, err = addressLabels(s, ch.Name, canon, false); err != nil {
		return out, err
	}
	sess, release, err := open()
	if err != nil || sess == nil {
		return out, err
	}
	defer release()
	id, ok, err := sess.AddressID(canon)
	if err != nil {
		return out, usagef("%v", err)
	}
	if !ok {
		return out, nil
	}
	return out, fillActivity(&out, sess, sess.Activity(id))
}

// fillActivity sets the totals, balances and first/last block of out from
// the address's activity (ascending asset names, as before).
func fillActivity(out *addressJSON, sess *trace.Session, acts []trace.Activity) error {
	if len(acts) == 0 {
		return nil
	}
	type named struct {
		name string
		a    *trace.Activity
	}
	list := make([]named, len(acts))
	for i := range acts {
		name, err := sess.AssetName(acts[i].Asset)
		if err != nil {
			return err
		}
		list[i] = named{name, &acts[i]}
	}
	sort.Slice(list, func(i, j int) bool { return list[i].name < list[j].name })
	out.Seen = true
	first, last := uint64(math.MaxUint64), uint64(0)
	for _, n := range list {
		t := n.a
		if t.RecvCount > 0 {
			out.Received = append(out.Received, assetAmount{n.name, t.Received.String(), t.RecvCount})
		}
		if t.SentCount > 0 {
			out.Sent = append(out.Sent, assetAmount{n.name, t.Sent.String(), t.SentCount})
		}
		out.Balances = append(out.Balances, balance{n.name, bigSub(t.Received.Big(), t.Sent.Big())})
		first, last = min(first, t.FirstBlock), max(last, t.LastBlock)
	}
	out.FirstBlock, out.LastBlock = &first, &last
	return nil
}

func printAddress(env *Env, ch chain.Info, o addressJSON) {
	fmt.Fprintf(env.Stdout, "%s %s\n", o.Chain, o.Address)
	for _, l := range o.Labels {
		actor := ""
		if l.Actor != "" && l.Actor != l.Entity {
			actor = " (" + l.Actor + ")"
		}
		fmt.Fprintf(env.Stdout, "  label: %s%s, %s, confidence %d, TLP:%s, source %s\n",
			l.Entity, actor, l.Category, l.Confidence, l.TLP, l.Source)
	}
	if !o.Seen {
		fmt.Fprintln(env.Stdout, "  not seen in the loaded data")
		return
	}
	fmt.Fprintf(env.Stdout, "  first block %d, last block %d\n", *o.FirstBlock, *o.LastBlock)
	tw := tabwriter.NewWriter(env.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  asset\treceived\t(count)\tsent\t(count)\tbalance")
	for _, b := range o.Balances {
		r, s := find(o.Received, b.Asset), find(o.Sent, b.Asset)
		dec := decimalsOf(ch, b.Asset)
		fmt.Fprintf(tw, "  %s\t%s\t%d\t%s\t%d\t%s\n", b.Asset, formatUnits(r.Amount, dec), r.Count,
			formatUnits(s.Amount, dec), s.Count, formatUnits(b.Amount, dec))
	}
	tw.Flush()
}

func find(list []assetAmount, asset string) assetAmount {
	for _, a := range list {
		if a.Asset == asset {
			return a
		}
	}
	return assetAmount{Asset: asset, Amount: "0"}
}

// decimalsOf returns the decimals to print an asset with: the chain's for
// the native coin; tokens print in base units until token metadata exists.
func decimalsOf(ch chain.Info, asset string) int {
	if asset == ch.Name {
		return ch.Decimals
	}
	return 0
}
