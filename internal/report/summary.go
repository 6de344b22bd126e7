package report

import (
	"fmt"
	"math/big"
	"slices"
	"strings"
	"time"

	"github.com/vigil-project/vigil/internal/intel/incidents"
)

// USDAsset is the asset name of published USD figures in summary CSV rows.
const USDAsset = "usd_published"

// SummaryInput is what the activity summary is built from.
type SummaryInput struct {
	Incidents []incidents.Incident
	// Traces are the incident reports of the incidents that could be
	// traced, by incident id; NotTraced says why the others were not.
	Traces    map[string]*IncidentReport
	NotTraced map[string]string
	Now       time.Time
	Assets    Assets // nil: DefaultAssets
}

// Summary is the activity summary, shaped like the 2025 MSMT report:
// stolen value per year, actor, victim and laundering channel.
type Summary struct {
	Kind        string            `json:"kind"`
	GeneratedAt string            `json:"generated_at"`
	Notes       []string          `json:"notes"`
	Incidents   []SummaryIncident `json:"incidents"`
	ByYear      []GroupTotal      `json:"by_year"`
	ByActor     []GroupTotal      `json:"by_actor"`
	ByVictim    []GroupTotal      `json:"by_victim"`
	ByChannel   []ChannelSum      `json:"by_channel"`
	ByEntity    []EntitySum       `json:"by_entity"`

	assets Assets
}

// SummaryIncident is one incident's line of the summary.
type SummaryIncident struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Date   string `json:"date"`
	Year   string `json:"year"`
	Victim string `json:"victim"`
	Actor  string `json:"actor"`
	// StolenUSD is the registry's first published USD figure (null when
	// it has none); vigil never prices anything itself.
	StolenUSD *string        `json:"stolen_usd"`
	USDNote   string         `json:"usd_note,omitempty"`
	Stolen    []AssetAmount  `json:"stolen"` // registry amounts (base units; may be approximate)
	Traced    bool           `json:"traced"`
	TraceNote string         `json:"trace_note,omitempty"`
	Channels  []ChannelTotal `json:"channels"` // from the trace, when traced
}

// GroupTotal is the stolen value of a group of incidents (a year, an
// actor, a victim): the sum of the published USD figures, how many
// incidents have none, and the registry's amounts per asset.
type GroupTotal struct {
	Key        string        `json:"key"`
	Incidents  int           `json:"incidents"`
	StolenUSD  string        `json:"stolen_usd"`
	USDUnknown int           `json:"usd_unknown"`
	Stolen     []AssetAmount `json:"stolen"`
}

// ChannelSum is what the traced incidents sent to one channel.
type ChannelSum struct {
	Channel   string        `json:"channel"`
	Incidents int           `json:"incidents"`
	Endpoints int           `json:"endpoints"`
	Amounts   []AssetAmount `json:"amounts"`
}

type groupAcc struct {
	n, unknown int
	usd        *big.Int
	s          sums
}

// Summarize builds the activity summary.
func Summarize(in SummaryInput) (*Summary, error) {
	s := &Summary{Kind: KindSummary, GeneratedAt: in.Now.UTC().Format(time.RFC3339), assets: in.Assets,
		Notes: []string{"USD figures are the registry's published estimates (first one per incident); vigil prices nothing.",
			"Stolen amounts per asset are the registry's (often rounded) figures; channel and entity amounts come from traces of the incidents whose seeds are in the loaded data."}}
	groups := [3]map[string]*groupAcc{{}, {}, {}}
	chans, ents := newFlowAcc(), newFlowAcc()
	for _, inc := range in.Incidents {
		si, err := summaryIncident(inc, in)
		if err != nil {
			return nil, err
		}
		s.Incidents = append(s.Incidents, si)
		for i, k := range []string{si.Year, si.Actor, si.Victim} {
			if err := addGroup(groups[i], k, si); err != nil {
				return nil, err
			}
		}
		for _, c := range si.Channels {
			if err := chans.add(c.Channel, EntitySum{Channel: c.Channel}, c.Endpoints, c.Amounts); err != nil {
				return nil, err
			}
		}
		if r := in.Traces[inc.ID]; r != nil {
			for _, e := range r.Entities {
				es := EntitySum{Entity: e.Entity, Category: e.Category, Channel: e.Channel}
				if err := ents.add(e.Category+"\x00"+e.Entity, es, e.Endpoints, e.Amounts); err != nil {
					return nil, err
				}
			}
		}
	}
	s.ByYear, s.ByActor, s.ByVictim = groupList(groups[0]), groupList(groups[1]), groupList(groups[2])
	s.ByChannel = []ChannelSum{}
	for _, e := range chans.list() {
		s.ByChannel = append(s.ByChannel, ChannelSum{Channel: e.Channel, Incidents: e.Incidents, Endpoints: e.Endpoints, Amounts: e.Amounts})
	}
	s.ByEntity = ents.list()
	if s.Incidents == nil {
		s.Incidents = []SummaryIncident{}
	}
	return s, nil
}

// EntitySum is what the traced incidents sent to one entity (an
// exchange, a mixer, ...): in how many incidents, at how many endpoints.
type EntitySum struct {
	Entity    string        `json:"entity"`
	Category  string        `json:"category"`
	Channel   string        `json:"channel"`
	Incidents int           `json:"incidents"`
	Endpoints int           `json:"endpoints"`
	Amounts   []AssetAmount `json:"amounts"`
}

// flowAcc sums what traced incidents sent to channels or entities.
type flowAcc struct {
	m map[string]*EntitySum
	s map[string]sums
}

func newFlowAcc() *flowAcc { return &flowAcc{m: map[string]*EntitySum{}, s: map[string]sums{}} }

func (f *flowAcc) add(key string, proto EntitySum, endpoints int, amounts []AssetAmount) error {
	e := f.m[key]
	if e == nil {
		e = &proto
		f.m[key], f.s[key] = e, sums{}
	}
	e.Incidents++
	e.Endpoints += endpoints
	for _, a := range amounts {
		if err := f.s[key].add(a.Asset, a.Amount); err != nil {
			return err
		}
	}
	return nil
}

// list orders by channel, then by incidents (most first), then by
// category and entity.
func (f *flowAcc) list() []EntitySum {
	out := make([]EntitySum, 0, len(f.m))
	for k, e := range f.m {
		e.Amounts = f.s[k].list()
		out = append(out, *e)
	}
	slices.SortFunc(out, func(x, y EntitySum) int {
		if c := channelIndex(x.Channel) - channelIndex(y.Channel); c != 0 {
			return c
		}
		if x.Incidents != y.Incidents {
			return y.Incidents - x.Incidents
		}
		return strings.Compare(x.Category+"\x00"+x.Entity, y.Category+"\x00"+y.Entity)
	})
	return out
}

func summaryIncident(inc incidents.Incident, in SummaryInput) (SummaryIncident, error) {
	si := SummaryIncident{ID: inc.ID, Name: inc.Name, Date: inc.Date.Value, Year: incidents.Unknown,
		Victim: inc.Victim.Value, Actor: inc.Actor.Value, Stolen: []AssetAmount{}, Channels: []ChannelTotal{}}
	if len(si.Date) >= 4 && si.Date != incidents.Unknown {
		si.Year = si.Date[:4]
	}
	for _, u := range inc.StolenUSD {
		if u.Value != incidents.Unknown && u.Value != "" {
			v := u.Value
			si.StolenUSD, si.USDNote = &v, u.Note
			break
		}
	}
	st := sums{}
	for _, a := range inc.Stolen {
		if err := st.add(a.Asset, a.BaseUnits); err != nil {
			return si, fmt.Errorf("incident %s: %w", inc.ID, err)
		}
	}
	si.Stolen = st.list()
	if r := in.Traces[inc.ID]; r != nil {
		si.Traced, si.Channels = true, r.Channels
	} else {
		si.TraceNote = in.NotTraced[inc.ID]
		if si.TraceNote == "" {
			si.TraceNote = "not traced"
		}
	}
	return si, nil
}

func addGroup(m map[string]*groupAcc, key string, si SummaryIncident) error {
	if key == "" {
		key = incidents.Unknown
	}
	g := m[key]
	if g == nil {
		g = &groupAcc{usd: new(big.Int), s: sums{}}
		m[key] = g
	}
	g.n++
	if si.StolenUSD == nil {
		g.unknown++
	} else {
		v, ok := new(big.Int).SetString(*si.StolenUSD, 10)
		if !ok {
			return fmt.Errorf("incident %s: stolen_usd %q is not a whole number", si.ID, *si.StolenUSD)
		}
		g.usd.Add(g.usd, v)
	}
	for _, a := range si.Stolen {
		if err := g.s.add(a.Asset, a.Amount); err != nil {
			return err
		}
	}
	return nil
}

// groupList orders groups by USD (largest first), then key; "unknown"
// sorts like any key.
func groupList(m map[string]*groupAcc) []GroupTotal {
	out := make([]GroupTotal, 0, len(m))
	for k, g := range m {
		out = append(out, GroupTotal{Key: k, Incidents: g.n, StolenUSD: g.usd.String(), USDUnknown: g.unknown, Stolen: g.s.list()})
	}
	slices.SortFunc(out, func(x, y GroupTotal) int {
		if c := cmpDecimal(y.StolenUSD, x.StolenUSD); c != 0 {
			return c
		}
		return strings.Compare(x.Key, y.Key)
	})
	return out
}

// SortYears orders ByYear by year (oldest first) instead of by value.
func (s *Summary) SortYears() {
	slices.SortFunc(s.ByYear, func(x, y GroupTotal) int { return strings.Compare(x.Key, y.Key) })
}
