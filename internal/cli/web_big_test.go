package cli_test

import (
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
)

// fanOut writes an ethereum-etl export in which a seed splits its value
// over `width` addresses per hop for three hops (1 + w + w² + w³
// addresses), and two leaves in five forward to one of five labeled
// exchange wallets; it returns the directory, the seed and the first block
// of the laundering.
func fanOut(t *testing.T, width int) (string, string, uint64) {
	dir := t.TempDir()
	addr := func(level, i int) string { return fmt.Sprintf("0x%02x%038x", 0xa0+level, i+1) }
	seed := addr(0, 0)
	const first = 1000
	var txs, labels strings.Builder
	txs.WriteString("hash,block_number,transaction_index,from_address,to_address,value\n")
	labels.WriteString("chain,address,entity,category,source,confidence\n")
	n := 0
	tx := func(block int, from, to string, value string) {
		n++
		fmt.Fprintf(&txs, "0x%064x,%d,%d,%s,%s,%s\n", n, block, n, from, to, value)
	}
	const wei = "000000000000000000" // appended to a number of ETH
	tx(first-1, addr(9, 0), seed, strconv.Itoa(width*width*width)+wei)
	for lvl, parents := 1, []string{seed}; lvl <= 3; lvl++ {
		var kids []string
		each := strconv.Itoa(pow(width, 3-lvl)) + wei
		for _, p := range parents {
			for range width {
				k := addr(lvl, len(kids))
				kids = append(kids, k)
				tx(first+lvl-1, p, k, each)
			}
		}
		if lvl == 3 {
			for i, k := range kids {
				if i%5 < 2 {
					tx(first+3, k, addr(8, i%5*7+i%3), "1"+wei)
				}
			}
		}
		parents = kids
	}
	for i := range 21 {
		fmt.Fprintf(&labels, "eth,%s,Exchange %d,exchange,test,90\n", addr(8, i), i%5)
	}
	writeFile(t, filepath.Join(dir, "transactions.csv"), []byte(txs.String()))
	var blocks strings.Builder
	blocks.WriteString("number,hash,timestamp\n")
	for b := first - 1; b <= first+3; b++ {
		fmt.Fprintf(&blocks, "%d,0x%064x,%d\n", b, b, 1700000000+b*12)
	}
	writeFile(t, filepath.Join(dir, "blocks.csv"), []byte(blocks.String()))
	writeFile(t, filepath.Join(dir, "labels.csv"), []byte(labels.String()))
	return dir, seed, first
}

func pow(x, n int) int {
	r := 1
	for range n {
		r *= x
	}
	return r
}

// TestWebUIBigTrace opens the trace page on a trace of more than 1,000
// addresses and records how long the first render of the graph takes
// (performance.now from the answer to the first painted frame). The
// figure is logged, and written to $VIGIL_SCREENSHOTS/big-trace.txt, not
// asserted (the machine is shared).
func TestWebUIBigTrace(t *testing.T) {
	b := newTab(t)
	v := newVigil(t)
	dir, seed, first := fanOut(t, 10)
	v.ok("ingest", "ethereum-etl", "--quiet", dir)
	v.ok("labels", "import", "--quiet", "--format", "csv", filepath.Join(dir, "labels.csv"))
	base, stop := v.served()
	defer stop()
	q := url.Values{"chain": {"eth"}, "seed": {seed}, "since_block": {fmt.Sprint(first)}}
	apiStart := time.Now()
	g := apiGraph(t, base, q.Encode()+"&max_edges=5000")
	apiTime := time.Since(apiStart)
	if g.nodes() < 1000 {
		t.Fatalf("the trace has %d addresses, want over 1,000", g.nodes())
	}
	checkFanOutCounterparties(t, base, seed)
	start := time.Now()
	b.open(base+"/#/trace?"+q.Encode(), "trace")
	wall := time.Since(start)
	var nodes, rows int
	var ms string
	b.eval(`document.querySelectorAll('#graph .node').length`, &nodes)
	b.eval(`document.querySelectorAll('table.endpoints tbody tr').length`, &rows)
	b.eval(`document.querySelector('#graph').dataset.renderMs`, &ms)
	var phases string
	b.eval(`document.querySelector('#graph').dataset.phasesMs`, &phases)
	t.Logf("graph phases (model, DOM, layout, paint) ms: %s", phases)
	if nodes != g.nodes() || rows != len(g.Endpoints) {
		t.Errorf("page: %d nodes, %d endpoint rows; API: %d addresses, %d endpoints", nodes, rows, g.nodes(), len(g.Endpoints))
	}
	var resting int
	b.eval(`document.querySelectorAll('table.resting tbody tr').length`, &resting)
	if resting != 500 || len(g.Resting) != 600 {
		t.Errorf("resting table shows %d rows of %d (want the first 500)", resting, len(g.Resting))
	}
	b.run(chromedp.Click(chromedp.CSS(`#resting button`)))
	b.eval(`document.querySelectorAll('table.resting tbody tr').length`, &resting)
	if resting != len(g.Resting) {
		t.Errorf("after Show all: %d resting rows, want %d", resting, len(g.Resting))
	}
	b.shot("09-big-trace")
	checkPanZoom(t, b)
	b.shot("10-big-trace-zoomed")
	line := fmt.Sprintf("big trace: %d addresses, %d edges, %d endpoints; graph first render %s ms (answer to painted frame); page open to ready %d ms (the API call alone: %d ms)\n",
		nodes, len(g.Edges), len(g.Endpoints), ms, wall.Milliseconds(), apiTime.Milliseconds())
	t.Log(strings.TrimSpace(line))
	if d := os.Getenv("VIGIL_SCREENSHOTS"); d != "" {
		os.WriteFile(filepath.Join(d, "big-trace.txt"), []byte(line), 0o644)
	}
	b.noProblems()
}

// checkFanOutCounterparties checks the counterparties of the fan-out's
// seed against how fanOut wrote it: 1,000 ETH received from one address,
// 100 ETH sent to each of ten.
func checkFanOutCounterparties(t *testing.T, base, seed string) {
	t.Helper()
	var doc struct {
		Sent, Received []struct {
			Address, Asset, Amount string
			Count                  int
		}
		SentTotal int `json:"sent_total"`
	}
	code, raw := getJSON(t, base+"/v1/addresses/eth/"+seed+"/counterparties?limit=5")
	b, _ := json.Marshal(raw)
	if err := json.Unmarshal(b, &doc); code != 200 || err != nil {
		t.Fatalf("counterparties: %d %v", code, err)
	}
	const eth = "000000000000000000"
	if len(doc.Received) != 1 || doc.Received[0].Amount != "1000"+eth || doc.Received[0].Count != 1 ||
		len(doc.Sent) != 5 || doc.SentTotal != 10 || doc.Sent[0].Amount != "100"+eth || doc.Sent[0].Asset != "eth" {
		t.Errorf("counterparties of the seed: %+v", doc)
	}
}

// checkPanZoom zooms in with the + button and drags the graph with the
// mouse: the viewport's scale grows, then it moves by the drag.
func checkPanZoom(t *testing.T, b *browserTab) {
	t.Helper()
	type view struct{ X, Y, K float64 }
	read := func() view {
		var v view
		b.eval(`(t => { const m = /translate\(([-\d.]+) ([-\d.]+)\) scale\(([\d.]+)\)/.exec(t); return {x: +m[1], y: +m[2], k: +m[3]}; })(document.querySelector('#graph .viewport').getAttribute('transform'))`, &v)
		return v
	}
	v0 := read()
	b.run(chromedp.Click(chromedp.CSS(`.graph-tools button`)), chromedp.Click(chromedp.CSS(`.graph-tools button`)))
	v1 := read()
	if v1.K < v0.K*1.9 || v1.K > v0.K*2.0 {
		t.Errorf("two zoom-ins: scale %v -> %v, want x1.96", v0.K, v1.K)
	}
	// A point of the graph's background inside the window.
	b.run(chromedp.ScrollIntoView(chromedp.CSS("#graph svg")))
	var pt struct{ X, Y float64 }
	b.eval(`(() => { const svg = document.querySelector('#graph svg'); const r = svg.getBoundingClientRect();
		for (let y = r.top + 60; y < Math.min(r.bottom, innerHeight) - 40; y += 20)
			for (let x = r.right - 30; x > r.left + 150; x -= 20)
				if (document.elementFromPoint(x, y) === svg) return {x, y};
		return {x: -1, y: -1}; })()`, &pt)
	if pt.X < 0 {
		t.Fatal("no empty point in the graph to drag")
	}
	x, y := pt.X, pt.Y
	b.run(chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, x, y),
		chromedp.MouseEvent(input.DispatchMouseEventTypeMousePressed, x, y, chromedp.ButtonLeft),
		chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, x-100, y-30, chromedp.ButtonLeft),
		chromedp.MouseEvent(input.DispatchMouseEventTypeMouseReleased, x-100, y-30, chromedp.ButtonLeft))
	v2 := read()
	if d := v2.X - v1.X; d < -101 || d > -99 || v2.Y-v1.Y < -31 || v2.Y-v1.Y > -29 || v2.K != v1.K {
		t.Errorf("drag by (-100, -30): view %+v -> %+v", v1, v2)
	}
}
