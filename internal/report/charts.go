package report

import (
	"html/template"
	"math/big"
	"strings"

	"github.com/vigil-project/vigil/internal/report/svg"
)

// maxChartAssets bounds how many assets get their own charts.
const maxChartAssets = 3

// maxFlowEntities bounds the right column of the flow chart; the rest is
// grouped as "other entities".
const maxFlowEntities = 12

// channelColor gives each channel a fixed color in every chart.
func channelColor(ch string) string { return svg.Color(channelIndex(ch)) }

func bigOf(s string) *big.Int {
	v, ok := new(big.Int).SetString(s, 10)
	if !ok {
		return new(big.Int)
	}
	return v
}

// Chart is one SVG chart with a file name for it.
type Chart struct {
	Name string // e.g. "channels-eth.svg"
	SVG  string // a standalone <svg> element
}

// assetSlug makes a file-name part of an asset name.
func assetSlug(asset string) string { return strings.ReplaceAll(asset, ":", "-") }

// Charts draws the report's SVG charts: per asset (the first few) a
// channel bar chart and a channel-to-entity flow, then the daily stacked
// chart and the speed chart of the first asset. The SVG escapes its own
// text.
func (r *IncidentReport) Charts() []Chart {
	var out []Chart
	for i, b := range r.Assets {
		if i == maxChartAssets {
			break
		}
		out = append(out, Chart{"channels-" + assetSlug(b.Asset) + ".svg", r.channelBars(b)},
			Chart{"flow-" + assetSlug(b.Asset) + ".svg", r.flow(b.Asset)})
	}
	if len(r.Assets) > 0 {
		asset := r.Assets[0].Asset
		out = append(out, Chart{"daily.svg", r.dailyChart(asset)}, Chart{"speed.svg", r.speedChart(asset)})
	}
	return out
}

// charts splits Charts for the HTML page: the per-asset charts, the daily
// chart and the speed chart.
func (r *IncidentReport) charts() (per []template.HTML, daily, speed template.HTML) {
	for _, c := range r.Charts() {
		switch c.Name {
		case "daily.svg":
			daily = template.HTML(c.SVG)
		case "speed.svg":
			speed = template.HTML(c.SVG)
		default:
			per = append(per, template.HTML(c.SVG))
		}
	}
	return per, daily, speed
}

func (r *IncidentReport) channelBars(b AssetBreakdown) string {
	bars := make([]svg.Bar, 0, len(b.ByChannel))
	for _, c := range b.ByChannel {
		v := bigOf(c.Amount)
		bars = append(bars, svg.Bar{Label: ChannelTitle(c.Channel), Value: float(v),
			Text: r.assetTable().Short(b.Asset, c.Amount) + " (" + c.Share + "%)", Color: channelColor(c.Channel)})
	}
	return svg.BarChart("By channel: "+r.assetTable().Name(b.Asset), bars)
}

// flow links channels to entities for one asset.
func (r *IncidentReport) flow(asset string) string {
	var links []svg.Link
	other := map[string]*big.Int{}
	n := 0
	for _, e := range r.Entities {
		for _, a := range e.Amounts {
			if a.Asset != asset {
				continue
			}
			if n < maxFlowEntities {
				links = append(links, svg.Link{From: ChannelTitle(e.Channel), To: e.Entity, Value: float(bigOf(a.Amount)),
					Color: channelColor(e.Channel)})
				n++
				continue
			}
			if other[e.Channel] == nil {
				other[e.Channel] = new(big.Int)
			}
			other[e.Channel].Add(other[e.Channel], bigOf(a.Amount))
		}
	}
	for _, ch := range Channels {
		if v := other[ch]; v != nil {
			links = append(links, svg.Link{From: ChannelTitle(ch), To: "other entities", Value: float(v), Color: channelColor(ch)})
		}
	}
	for _, c := range r.Channels {
		if c.Channel != ChanResting {
			continue
		}
		for _, a := range c.Amounts {
			if a.Asset == asset {
				links = append(links, svg.Link{From: ChannelTitle(ChanResting), To: "unlabeled addresses", Value: float(bigOf(a.Amount)),
					Color: channelColor(ChanResting)})
			}
		}
	}
	return svg.Flow("Flow by channel and entity: "+r.assetTable().Name(asset), links)
}

// dailyChart stacks the channels of one asset per day.
func (r *IncidentReport) dailyChart(asset string) string {
	series := make([]string, len(Channels))
	for i, ch := range Channels {
		series[i] = ChannelTitle(ch)
	}
	cols := make([]svg.Stack, 0, len(r.Daily))
	for _, d := range r.Daily {
		vals := make([]float64, len(Channels))
		total := new(big.Int)
		for _, a := range d.Amounts {
			if a.Asset == asset {
				v := bigOf(a.Amount)
				vals[channelIndex(a.Channel)] += float(v)
				total.Add(total, v)
			}
		}
		cols = append(cols, svg.Stack{Label: d.Day, Values: vals, Text: r.assetTable().Short(asset, total.String())})
	}
	return svg.StackedBars("Per day: "+r.assetTable().Name(asset), series, cols)
}

// speedChart shows how much of one asset reached services within 1, 7
// and 30 days.
func (r *IncidentReport) speedChart(asset string) string {
	var bars []svg.Bar
	for _, s := range r.Speed {
		for _, a := range s.Amounts {
			if a.Asset == asset {
				bars = append(bars, svg.Bar{Label: "within " + days(s.Days), Value: float(bigOf(a.Amount)),
					Text: r.assetTable().Short(asset, a.Amount) + " (" + a.Share + "%)", Color: channelColor(ChanExchange)})
			}
		}
	}
	return svg.BarChart("Reached services: "+r.assetTable().Name(asset), bars)
}
