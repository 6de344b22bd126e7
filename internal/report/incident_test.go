package report

import (
	"encoding/json"
	"math/big"
	"strings"
	"testing"

	"github.com/vigil-project/vigil/internal/sim"
)

// simReport builds the incident report of the seed-7 scenario.
func simReport(t *testing.T) (*scenario, *IncidentReport) {
	t.Helper()
	s := newScenario(t, 7, 2000)
	r, err := Make(s.st, s.tracer(t), Request{Incident: s.incident(), Assets: s.assets(t), Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	return s, r
}

// TestIncidentReportGolden: the report of a fixed simulated heist, as
// JSON and Markdown, equals the golden files; its numbers agree with the
// simulator's ground truth.
func TestIncidentReportGolden(t *testing.T) {
	s, r := simReport(t)
	for _, f := range []Format{JSON, MD} {
		b, err := r.Render(f)
		if err != nil {
			t.Fatal(err)
		}
		golden(t, "incident."+string(f)+".golden", b)
	}
	checkTruth(t, r, s.truth)
	if r.SinceBlock != s.truth.TheftBlock || r.TimeBasis != BasisBlockTime || r.SinceTime == "" {
		t.Errorf("start block %d (%s, %q), want the theft block %d by block time", r.SinceBlock, r.TimeBasis, r.SinceTime, s.truth.TheftBlock)
	}
}

// checkTruth: per asset, traced = stolen, channels add up to traced, and
// every true endpoint is in the report with its amount and channel.
func checkTruth(t *testing.T, r *IncidentReport, tr sim.Truth) {
	t.Helper()
	traced := map[string]string{}
	for _, a := range r.Traced {
		traced[a.Asset] = a.Amount
	}
	for _, a := range tr.Stolen {
		if traced[a.Asset] != a.Amount {
			t.Errorf("traced %s = %s, truth stolen %s", a.Asset, traced[a.Asset], a.Amount)
		}
	}
	for _, b := range r.Assets {
		sum := new(big.Int)
		for _, c := range b.ByChannel {
			sum.Add(sum, bigOf(c.Amount))
		}
		if sum.String() != b.Traced {
			t.Errorf("%s: channels add to %s, traced %s", b.Asset, sum, b.Traced)
		}
	}
	got := map[string]EndpointEntry{}
	for _, e := range r.Endpoints {
		got[e.Address+e.Asset] = e
	}
	for _, w := range tr.Endpoints {
		g := got[w.Address+w.Asset]
		if g.Amount != w.Amount || g.Channel != ChannelOf(w.Category) {
			t.Errorf("endpoint %s %s: %s in %s, want %s in %s", w.Address, w.Asset, g.Amount, g.Channel, w.Amount, ChannelOf(w.Category))
		}
	}
}

// TestIncidentHTML: the HTML report is well-formed (XHTML-style, checked
// by a strict XML parser), self-contained and shows the numbers.
func TestIncidentHTML(t *testing.T) {
	_, r := simReport(t)
	b, err := r.Render(HTML)
	if err != nil {
		t.Fatal(err)
	}
	text := wellFormed(t, "incident.html", b)
	html := string(b)
	for _, bad := range []string{"<script", "src=\"http", "href=\"//", "@import", "url("} {
		if strings.Contains(html, bad) {
			t.Errorf("HTML report contains %q: not self-contained", bad)
		}
	}
	if n := strings.Count(html, "<svg "); n < 4 {
		t.Errorf("%d inline SVG charts, want at least 4", n)
	}
	for _, c := range r.Channels {
		for _, a := range c.Amounts {
			if want := r.Format(a.Asset, a.Amount); !strings.Contains(text, want) {
				t.Errorf("HTML lacks %s total %s", c.Channel, want)
			}
		}
	}
	for _, e := range r.Endpoints {
		if !strings.Contains(text, e.Address) {
			t.Errorf("HTML lacks endpoint %s", e.Address)
		}
	}
	again, _ := r.Render(HTML)
	if string(again) != html {
		t.Error("two renderings of one report differ")
	}
}

// TestNoBlockTimes: without block times the report counts days in blocks
// and says so.
func TestNoBlockTimes(t *testing.T) {
	s := newScenario(t, 7, 500)
	tr := s.tracer(t)
	res, err := tr(traceQuery(t, s.truth))
	if err != nil {
		t.Fatal(err)
	}
	r, err := Build(Input{Result: res, SinceBlock: s.truth.TheftBlock, Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	if r.TimeBasis != BasisBlockNumber || r.SinceTime != "" || len(r.Notes) == 0 || !strings.Contains(r.Notes[0], "7200 blocks per day") {
		t.Errorf("basis %s, since %q, notes %q", r.TimeBasis, r.SinceTime, r.Notes)
	}
	if len(r.Daily) != 1 || !strings.HasPrefix(r.Daily[0].Day, "day 1 (blocks 19000000-19007199)") {
		t.Errorf("daily %+v", r.Daily)
	}
	for _, w := range r.Speed {
		if !w.Known {
			t.Errorf("speed window %d unknown with a nominal block rate", w.Days)
		}
	}
	for _, e := range r.Endpoints {
		if e.FirstTime != "" || e.LastTime != "" {
			t.Errorf("endpoint %s has times %q %q", e.Address, e.FirstTime, e.LastTime)
		}
	}
	if md, _ := r.Render(MD); !strings.Contains(string(md), "counted in blocks") {
		t.Error("Markdown does not say days are counted in blocks")
	}
}

// TestReportJSONAmounts: every amount in the JSON is a decimal string.
func TestReportJSONAmounts(t *testing.T) {
	_, r := simReport(t)
	b, _ := r.Render(JSON)
	var doc any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	n := 0
	var walk func(k string, v any)
	walk = func(k string, v any) {
		switch x := v.(type) {
		case map[string]any:
			for kk, vv := range x {
				walk(kk, vv)
			}
		case []any:
			for _, vv := range x {
				walk(k, vv)
			}
		case float64:
			if k == "amount" || k == "traced" {
				t.Errorf("%s is a JSON number", k)
			}
		case string:
			if k == "amount" || k == "traced" {
				n++
				if _, ok := new(big.Int).SetString(x, 10); !ok {
					t.Errorf("%s %q is not a decimal integer", k, x)
				}
			}
		}
	}
	walk("", doc)
	if n < 50 {
		t.Errorf("only %d amounts in the JSON", n)
	}
}

// TestBitcoinReport: on a UTXO chain the report's traced value is the
// truth's stolen value (endpoints + resting + fees), with block times.
func TestBitcoinReport(t *testing.T) {
	s := newBtcScenario(t, 7, 1000)
	since := s.truth.TheftBlock
	r, err := Make(s.st, s.tracer(t), Request{Chain: "btc", Seeds: s.truth.Seeds, SinceBlock: &since, Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	checkTruth(t, r, s.truth)
	fees := map[string]string{}
	for _, c := range r.Channels {
		if c.Channel == ChanFees {
			for _, a := range c.Amounts {
				fees[a.Asset] = a.Amount
			}
		}
	}
	for _, f := range s.truth.Fees {
		if fees[f.Asset] != f.Amount {
			t.Errorf("fees %s: %s, truth %s", f.Asset, fees[f.Asset], f.Amount)
		}
	}
	if r.TimeBasis != BasisBlockTime || len(r.Daily) == 0 {
		t.Errorf("basis %s, %d days", r.TimeBasis, len(r.Daily))
	}
	b, err := r.Freeze(FreezeOptions{})
	if err != nil || len(readZip(t, b)) != 3*len(r.Cases()) {
		t.Errorf("freeze: %v", err)
	}
}
