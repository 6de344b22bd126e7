package report

import (
	"cmp"
	"fmt"
	"math/big"
	"slices"
	"strings"

	"github.com/vigil-project/vigil/internal/trace"
)

// acc accumulates the aggregates of one report.
type acc struct {
	traced  sums
	channel map[string]sums
	chanN   map[string]int
	entity  map[string]*entityAcc
	day     map[int64]*dayAcc
	speed   []sums
}

type entityAcc struct {
	EntityTotal
	s sums
}

type dayAcc struct {
	label string
	s     map[string]sums // channel -> asset sums
}

func newAcc() *acc {
	a := &acc{traced: sums{}, channel: map[string]sums{}, chanN: map[string]int{}, entity: map[string]*entityAcc{},
		day: map[int64]*dayAcc{}}
	for range SpeedDays {
		a.speed = append(a.speed, sums{})
	}
	return a
}

// fill computes every aggregate of the report from res.
func (r *IncidentReport) fill(res *trace.Result, clk *clock, top int) error {
	a := newAcc()
	r.Endpoints = make([]EndpointEntry, 0, len(res.Endpoints))
	speedKnown := true
	for _, e := range res.Endpoints {
		ee, known, err := r.endpoint(a, clk, e)
		if err != nil {
			return err
		}
		speedKnown = speedKnown && known
		r.Endpoints = append(r.Endpoints, ee)
	}
	if err := r.resting(a, res); err != nil {
		return err
	}
	r.Traced = a.traced.list()
	r.channels(a)
	r.entities(a)
	r.breakdown(a)
	r.days(a)
	r.speed(a, speedKnown)
	r.topPaths(a, top)
	return nil
}

// endpoint adds one endpoint to the aggregates.
func (r *IncidentReport) endpoint(a *acc, clk *clock, e trace.Endpoint) (EndpointEntry, bool, error) {
	ch := ChannelOf(e.Category)
	ee := EndpointEntry{Address: e.Address, Entity: e.Entity, Category: e.Category, Channel: ch, DepositFor: e.DepositFor,
		Asset: e.Asset, Amount: e.Amount, Hops: e.Hops, FirstBlock: e.FirstBlock, LastBlock: e.LastBlock, Path: e.Path}
	if ee.Path == nil {
		ee.Path = []string{}
	}
	ft, _, err := clk.timeOf(e.FirstBlock)
	if err != nil {
		return ee, false, err
	}
	lt, _, err := clk.timeOf(e.LastBlock)
	if err != nil {
		return ee, false, err
	}
	ee.FirstTime, ee.LastTime = rfc3339(ft), rfc3339(lt)
	v, ok := new(big.Int).SetString(e.Amount, 10)
	if !ok {
		return ee, false, fmt.Errorf("report: endpoint %s: amount %q is not a decimal integer", e.Address, e.Amount)
	}
	a.traced.addInt(e.Asset, v)
	a.chanSums(ch).addInt(e.Asset, v)
	a.chanN[ch]++
	a.entityOf(e.Entity, e.Category, ch).s.addInt(e.Asset, v)
	label, key := clk.dayOf(e.LastBlock, lt)
	a.dayOf(key, label, ch).addInt(e.Asset, v)
	known := true
	for i, d := range SpeedDays {
		in, ok := clk.within(e.LastBlock, lt, d)
		known = known && ok
		if in {
			a.speed[i].addInt(e.Asset, v)
		}
	}
	return ee, known, nil
}

func (a *acc) chanSums(ch string) sums {
	if a.channel[ch] == nil {
		a.channel[ch] = sums{}
	}
	return a.channel[ch]
}

func (a *acc) entityOf(name, cat, ch string) *entityAcc {
	k := cat + "\x00" + name
	e := a.entity[k]
	if e == nil {
		e = &entityAcc{EntityTotal: EntityTotal{Entity: name, Category: cat, Channel: ch}, s: sums{}}
		a.entity[k] = e
	}
	e.Endpoints++
	return e
}

func (a *acc) dayOf(key int64, label, ch string) sums {
	d := a.day[key]
	if d == nil {
		d = &dayAcc{label: label, s: map[string]sums{}}
		a.day[key] = d
	}
	if d.s[ch] == nil {
		d.s[ch] = sums{}
	}
	return d.s[ch]
}

// resting adds the value left at unlabeled addresses and, on UTXO
// chains, the traced value paid as fees.
func (r *IncidentReport) resting(a *acc, res *trace.Result) error {
	r.Resting = make([]AssetAmountAt, 0, len(res.Resting))
	addrs := map[string]bool{}
	for _, x := range res.Resting {
		if err := a.traced.add(x.Asset, x.Amount); err != nil {
			return err
		}
		if err := a.chanSums(ChanResting).add(x.Asset, x.Amount); err != nil {
			return err
		}
		addrs[x.Address] = true
		r.Resting = append(r.Resting, AssetAmountAt{Address: x.Address, Asset: x.Asset, Amount: x.Amount})
	}
	a.chanN[ChanResting] = len(addrs)
	r.Stats.RestingAddresses = len(addrs)
	for _, f := range res.Stats.Fees {
		if err := a.traced.add(f.Asset, f.Amount); err != nil {
			return err
		}
		if err := a.chanSums(ChanFees).add(f.Asset, f.Amount); err != nil {
			return err
		}
	}
	return nil
}

func (r *IncidentReport) channels(a *acc) {
	r.Channels = []ChannelTotal{}
	for _, ch := range Channels {
		if s := a.channel[ch]; s != nil {
			r.Channels = append(r.Channels, ChannelTotal{Channel: ch, Endpoints: a.chanN[ch], Amounts: s.list()})
		}
	}
}

// entities orders entities by channel, then by their largest share of
// an asset's traced value, then by name.
func (r *IncidentReport) entities(a *acc) {
	type weighted struct {
		EntityTotal
		bp int64
	}
	ws := make([]weighted, 0, len(a.entity))
	for _, e := range a.entity {
		e.Amounts = e.s.list()
		w := weighted{EntityTotal: e.EntityTotal}
		for _, am := range e.Amounts {
			w.bp = max(w.bp, shareBP(e.s[am.Asset], a.traced.get(am.Asset)))
		}
		ws = append(ws, w)
	}
	slices.SortFunc(ws, func(x, y weighted) int {
		if c := channelIndex(x.Channel) - channelIndex(y.Channel); c != 0 {
			return c
		}
		if x.bp != y.bp {
			return cmp.Compare(y.bp, x.bp)
		}
		return strings.Compare(x.Category+"\x00"+x.Entity, y.Category+"\x00"+y.Entity)
	})
	r.Entities = make([]EntityTotal, len(ws))
	for i := range ws {
		r.Entities[i] = ws[i].EntityTotal
	}
}

func (r *IncidentReport) breakdown(a *acc) {
	r.Assets = []AssetBreakdown{}
	tbl := r.assetTable()
	for _, asset := range a.traced.assets() {
		total := a.traced.get(asset)
		b := AssetBreakdown{Asset: asset, Traced: total.String(), ByChannel: []ChannelAmount{}}
		if i, ok := tbl.Info(asset); ok {
			d := i.Decimals
			b.Symbol, b.Decimals = i.Symbol, &d
		}
		for _, ch := range Channels {
			if s := a.channel[ch]; s != nil && s.get(asset).Sign() != 0 {
				b.ByChannel = append(b.ByChannel, ChannelAmount{Channel: ch, Amount: s.get(asset).String(), Share: share(s.get(asset), total)})
			}
		}
		r.Assets = append(r.Assets, b)
	}
}

func (r *IncidentReport) days(a *acc) {
	keys := make([]int64, 0, len(a.day))
	for k := range a.day {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	r.Daily = make([]DayTotal, 0, len(keys))
	for _, k := range keys {
		d := a.day[k]
		dt := DayTotal{Day: d.label, Amounts: []ChannelAsset{}}
		for _, ch := range Channels {
			for _, am := range d.s[ch].list() {
				dt.Amounts = append(dt.Amounts, ChannelAsset{Channel: ch, Asset: am.Asset, Amount: am.Amount})
			}
		}
		r.Daily = append(r.Daily, dt)
	}
}

func (r *IncidentReport) speed(a *acc, known bool) {
	r.Speed = make([]SpeedWindow, 0, len(SpeedDays))
	for i, d := range SpeedDays {
		w := SpeedWindow{Days: d, Known: known, Amounts: []AssetShare{}}
		if known {
			for _, asset := range a.traced.assets() {
				v := a.speed[i].get(asset)
				w.Amounts = append(w.Amounts, AssetShare{Asset: asset, Amount: v.String(), Share: share(v, a.traced.get(asset))})
			}
		}
		r.Speed = append(r.Speed, w)
	}
}

// topPaths lists the endpoints with the largest share of their asset's
// traced value (ties: larger amount, then address and asset).
func (r *IncidentReport) topPaths(a *acc, top int) {
	if top <= 0 {
		top = DefaultTopPaths
	}
	type ranked struct {
		i  int
		bp int64
	}
	rs := make([]ranked, len(r.Endpoints))
	for i, e := range r.Endpoints {
		rs[i] = ranked{i, shareBP(bigOf(e.Amount), a.traced.get(e.Asset))}
	}
	slices.SortFunc(rs, func(x, y ranked) int {
		if x.bp != y.bp {
			return cmp.Compare(y.bp, x.bp)
		}
		ex, ey := &r.Endpoints[x.i], &r.Endpoints[y.i]
		if c := cmpDecimal(ey.Amount, ex.Amount); c != 0 {
			return c
		}
		if c := strings.Compare(ex.Address, ey.Address); c != 0 {
			return c
		}
		return strings.Compare(ex.Asset, ey.Asset)
	})
	r.TopPaths = make([]PathEntry, 0, min(top, len(rs)))
	for k, x := range rs[:min(top, len(rs))] {
		e := &r.Endpoints[x.i]
		r.TopPaths = append(r.TopPaths, PathEntry{Rank: k + 1, Address: e.Address, Entity: e.Entity, Category: e.Category,
			Asset: e.Asset, Amount: e.Amount, Share: fmtBP(x.bp), Hops: e.Hops, Path: e.Path})
	}
}
