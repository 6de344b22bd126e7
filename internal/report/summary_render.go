package report

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"html/template"
	"math/big"

	"github.com/vigil-project/vigil/internal/report/svg"
)

// SummaryHeader is the header of the summary CSV: one number per row
// (long format). table is year, actor, victim, channel, entity or
// incident; asset
// usd_published rows hold published USD sums.
var SummaryHeader = []string{"table", "key", "incidents", "asset", "amount", "note"}

// Render writes the summary in format f (csv, json or html).
func (s *Summary) Render(f Format) ([]byte, error) {
	switch f {
	case JSON:
		return marshal(s)
	case CSV:
		return s.csv()
	case HTML:
		return s.html()
	}
	return nil, fmt.Errorf("%w %q: want csv, json or html", ErrBadFormat, f)
}

func (s *Summary) csv() ([]byte, error) {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	rows := [][]string{SummaryHeader}
	for _, t := range []struct {
		name string
		gs   []GroupTotal
	}{{"year", s.ByYear}, {"actor", s.ByActor}, {"victim", s.ByVictim}} {
		for _, g := range t.gs {
			n := fmt.Sprint(g.Incidents)
			rows = append(rows, []string{t.name, g.Key, n, USDAsset, g.StolenUSD, fmt.Sprintf("%d incident(s) without a USD figure", g.USDUnknown)})
			for _, a := range g.Stolen {
				rows = append(rows, []string{t.name, g.Key, n, a.Asset, a.Amount, "registry amount"})
			}
		}
	}
	for _, c := range s.ByChannel {
		for _, a := range c.Amounts {
			rows = append(rows, []string{"channel", c.Channel, fmt.Sprint(c.Incidents), a.Asset, a.Amount, fmt.Sprintf("%d endpoint(s)", c.Endpoints)})
		}
	}
	for _, e := range s.ByEntity {
		for _, a := range e.Amounts {
			rows = append(rows, []string{"entity", e.Entity, fmt.Sprint(e.Incidents), a.Asset, a.Amount,
				fmt.Sprintf("%s, %d endpoint(s)", e.Category, e.Endpoints)})
		}
	}
	for _, i := range s.Incidents {
		usd, note := "", "no published USD figure"
		if i.StolenUSD != nil {
			usd, note = *i.StolenUSD, i.USDNote
		}
		rows = append(rows, []string{"incident", i.ID, "1", USDAsset, usd, note})
	}
	for _, r := range rows {
		if err := w.Write(csvSafe(r)); err != nil {
			return nil, err
		}
	}
	w.Flush()
	return b.Bytes(), w.Error()
}

// summaryView is what the summary template renders.
type summaryView struct {
	S      *Summary
	CSS    template.CSS
	Charts []template.HTML
}

func (s *Summary) table() Assets {
	if s.assets == nil {
		s.assets = DefaultAssets()
	}
	return s.assets
}

func (s *Summary) html() ([]byte, error) {
	v := summaryView{S: s, CSS: css}
	for _, c := range s.Charts() {
		v.Charts = append(v.Charts, template.HTML(c.SVG))
	}
	var b bytes.Buffer
	if err := parseTemplate("summary.html", s.table()).Execute(&b, v); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Charts draws the summary's SVG charts: published USD per year, actor
// and victim, and per asset (the first few) the laundering channels of
// the traced incidents.
func (s *Summary) Charts() []Chart {
	out := []Chart{
		{"by-year.svg", usdChart("Stolen per year (published USD)", s.ByYear)},
		{"by-actor.svg", usdChart("Stolen per actor (published USD)", s.ByActor)},
		{"by-victim.svg", usdChart("Stolen per victim (published USD)", s.ByVictim)},
	}
	return append(out, s.channelCharts()...)
}

func usdChart(title string, gs []GroupTotal) string {
	bars := make([]svg.Bar, 0, len(gs))
	for _, g := range gs {
		text := "USD " + group(g.StolenUSD)
		if g.USDUnknown > 0 {
			text += fmt.Sprintf(" (+%d without USD)", g.USDUnknown)
		}
		bars = append(bars, svg.Bar{Label: g.Key, Value: float(bigOf(g.StolenUSD)), Text: text})
	}
	return svg.BarChart(title, bars)
}

// channelCharts draws, per asset (the first few), what the traced
// incidents sent to each channel.
func (s *Summary) channelCharts() []Chart {
	per := map[string][]svg.Bar{}
	var assets []string
	for _, c := range s.ByChannel {
		for _, a := range c.Amounts {
			if per[a.Asset] == nil {
				assets = append(assets, a.Asset)
			}
			per[a.Asset] = append(per[a.Asset], svg.Bar{Label: ChannelTitle(c.Channel), Value: float(bigOf(a.Amount)),
				Text: s.table().Short(a.Asset, a.Amount), Color: channelColor(c.Channel)})
		}
	}
	sorted := sums{}
	for _, a := range assets {
		sorted[a] = new(big.Int)
	}
	var out []Chart
	for i, a := range sorted.assets() {
		if i == maxChartAssets {
			break
		}
		out = append(out, Chart{"channels-" + assetSlug(a) + ".svg",
			svg.BarChart("Laundering channels of traced incidents: "+s.table().Name(a), per[a])})
	}
	return out
}

// summaryTable is one grouped table of the HTML summary.
type summaryTable struct {
	Title, Key string
	Groups     []GroupTotal
}

func summaryTables(s *Summary) []summaryTable {
	return []summaryTable{{"Per year", "Year", s.ByYear}, {"Per actor", "Actor", s.ByActor}, {"Per victim", "Victim", s.ByVictim}}
}
