package report

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/vigil-project/vigil/internal/trace"
)

// bigTrace is a synthetic trace result with n endpoints over 100
// entities, 3 assets and 30 days of blocks, plus n/10 resting addresses.
func bigTrace(n int) (*trace.Result, MapTimes) {
	rng := rand.New(rand.NewPCG(1, 2))
	cats := []string{"exchange", "exchange", "exchange", "mixer", "bridge", "facilitator", "dex", "service"}
	assets := []string{"eth", "eth:0xdac17f958d2ee523a2206206994597c13d831ec7", "eth:0x1234567890123456789012345678901234567890"}
	times := MapTimes{}
	const start = 20_000_000
	res := &trace.Result{Chain: "eth", Policy: "haircut", Seeds: []string{"0x47666fab8bd0ac7003bce3f5c3585383f09486e2"}}
	for i := 0; i < n; i++ {
		ent := rng.IntN(100)
		first := uint64(start + rng.IntN(30*7200))
		last := first + uint64(rng.IntN(100))
		times[first], times[last] = 1700000000+int64(first-start)*12, 1700000000+int64(last-start)*12
		dep := fmt.Sprintf("0x%040x", 1_000_000+ent)
		path := make([]string, 1+rng.IntN(8))
		for j := range path {
			path[j] = fmt.Sprintf("0x%064x", rng.Uint64())
		}
		res.Endpoints = append(res.Endpoints, trace.Endpoint{Address: fmt.Sprintf("0x%040x", i+1), Entity: fmt.Sprintf("Entity %d", ent),
			Category: cats[ent%len(cats)], DepositFor: &dep, Asset: assets[rng.IntN(len(assets))],
			Amount: fmt.Sprint(rng.Uint64()) + "000000", Hops: len(path), FirstBlock: first, LastBlock: last, Path: path})
	}
	for i := 0; i < n/10; i++ {
		res.Resting = append(res.Resting, trace.Resting{Address: fmt.Sprintf("0x%040x", 9_000_000+i), Asset: assets[i%3], Amount: fmt.Sprint(rng.Uint64())})
	}
	times[start] = 1700000000
	return res, times
}

// BenchmarkReport builds and renders the report of a 2,000-endpoint trace.
func BenchmarkReport(b *testing.B) {
	res, times := bigTrace(2000)
	in := Input{Result: res, SinceBlock: 20_000_000, Times: times, Now: time.Unix(0, 0)}
	r, err := Build(in)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("build", func(b *testing.B) {
		for b.Loop() {
			if _, err := Build(in); err != nil {
				b.Fatal(err)
			}
		}
	})
	for _, f := range []Format{JSON, MD, HTML} {
		b.Run("render-"+string(f), func(b *testing.B) {
			for b.Loop() {
				out, err := r.Render(f)
				if err != nil {
					b.Fatal(err)
				}
				b.SetBytes(int64(len(out)))
			}
		})
	}
	b.Run("freeze", func(b *testing.B) {
		for b.Loop() {
			if _, err := r.Freeze(FreezeOptions{}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// TestBigReport: a 2,000-endpoint report keeps every endpoint, adds up,
// and renders well-formed HTML.
func TestBigReport(t *testing.T) {
	res, times := bigTrace(2000)
	r, err := Build(Input{Result: res, SinceBlock: 20_000_000, Times: times, Now: time.Unix(0, 0)})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Endpoints) != 2000 || len(r.TopPaths) != DefaultTopPaths || len(r.Daily) < 28 || r.TimeBasis != BasisBlockTime {
		t.Errorf("%d endpoints, %d paths, %d days, %s", len(r.Endpoints), len(r.TopPaths), len(r.Daily), r.TimeBasis)
	}
	for _, b := range r.Assets {
		sum := sums{}
		for _, c := range b.ByChannel {
			sum.add(b.Asset, c.Amount)
		}
		if sum.get(b.Asset).String() != b.Traced {
			t.Errorf("%s: channels %s, traced %s", b.Asset, sum.get(b.Asset), b.Traced)
		}
	}
	h, err := r.Render(HTML)
	if err != nil {
		t.Fatal(err)
	}
	wellFormed(t, "big.html", h)
}

// TestTableRows: Markdown and HTML list at most MaxTableRows endpoints
// and say so; the JSON keeps all of them.
func TestTableRows(t *testing.T) {
	res, times := bigTrace(MaxTableRows + 50)
	r, err := Build(Input{Result: res, SinceBlock: 20_000_000, Times: times, Now: time.Unix(0, 0)})
	if err != nil {
		t.Fatal(err)
	}
	md, _ := r.Render(MD)
	if !strings.Contains(string(md), "the first 1000 of 1050 endpoints") || strings.Contains(string(md), r.Endpoints[MaxTableRows].Address+"`") {
		t.Error("Markdown does not cut the endpoint table at MaxTableRows")
	}
	js, _ := r.Render(JSON)
	if !strings.Contains(string(js), r.Endpoints[MaxTableRows+49].Address) {
		t.Error("JSON lost endpoints")
	}
}

// BenchmarkMake: the incident report of a simulated heist (20,000
// background transfers) against the trace alone (the baseline), so the
// report's own cost (block-time lookups, aggregation, rendering) shows.
func BenchmarkMake(b *testing.B) {
	s := newScenario(b, 7, 20000)
	tr := s.tracer(b)
	since := s.truth.TheftBlock
	q := traceQuery(b, s.truth)
	b.Run("trace-only", func(b *testing.B) {
		for b.Loop() {
			if _, err := tr(q); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("trace+report+html", func(b *testing.B) {
		for b.Loop() {
			r, err := Make(s.st, tr, Request{Chain: "eth", Seeds: s.truth.Seeds, SinceBlock: &since, Now: fixedNow})
			if err != nil {
				b.Fatal(err)
			}
			if _, err := r.Render(HTML); err != nil {
				b.Fatal(err)
			}
		}
	})
}
