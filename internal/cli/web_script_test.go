package cli_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/vigil-project/vigil/internal/web"
)

// TestWebJS runs the interface's pure functions in the browser, on the
// embedded modules: exact amounts, CSV escaping (formulas defused), link
// schemes, the graph model and layout, the Sankey grouping.
func TestWebJS(t *testing.T) {
	b := newTab(t)
	srv := httptest.NewServer(web.Handler())
	defer srv.Close()
	b.open(srv.URL+"/", "home")
	trace := `{seeds:['a'], direction:'forward', edges:[{from:'a',to:'b',asset:'eth',amount:'5'},{from:'b',to:'c',asset:'eth',amount:'3'},{from:'a',to:'d',asset:'eth',amount:'2'}],
		endpoints:[{address:'c',entity:'X',category:'exchange',asset:'eth',amount:'3'},{address:'d',entity:'Y',category:'mixer',asset:'eth',amount:'1'}],
		resting:[{address:'d',asset:'eth',amount:'1'},{address:'b',asset:'eth',amount:'2'}]}`
	tests := []struct{ module, expr, want string }{
		{"units", `m.fmt('1234500000000000000000', 'eth')`, `"1,234.5 ETH"`},
		{"units", `m.fmt('0', 'eth')`, `"0 ETH"`},
		{"units", `m.fmt('-5', 'btc')`, `"-0.00000005 BTC"`},
		{"units", `m.fmt('1234567', 'eth:0xdac17f958d2ee523a2206206994597c13d831ec7')`, `"1,234,567 units token 0xdac17f…"`},
		{"units", `m.approx('502712436886568443500', 'eth')`, `"≈ 502.7124 ETH"`},
		{"units", `m.approx('2000000000000000000', 'eth')`, `"2 ETH"`},
		{"units", `m.sum(['1', '99999999999999999999999999999'])`, `"100000000000000000000000000000"`},
		{"export", `m.csvField('=HYPERLINK("x")')`, `"\"'=HYPERLINK(\"\"x\"\")\""`},
		{"export", `m.csvField('a,b')`, `"\"a,b\""`},
		{"export", `m.csvField(null)`, `""`},
		{"export", `m.endpointsCSV([{address:'0xa',entity:'-1+1',category:'exchange',deposit_for:null,asset:'eth',amount:'7',hops:2,first_block:1,last_block:3,path:['0x1','0x2']}])`,
			`"address,entity,category,deposit_for,asset,amount,hops,first_block,last_block,path\r\n0xa,\"'-1+1\",exchange,,eth,7,2,1,3,0x1 0x2\r\n"`},
		{"dom", `[m.safeURL('javascript:alert(1)'), m.safeURL('https://x.org/a b'), m.safeURL('HTTPS://x.org/a'), m.safeURL(7)]`, `[null,null,"HTTPS://x.org/a",null]`},
		{"dom", `m.path('eth', 'a/b?c')`, `"eth/a%2Fb%3Fc"`},
		{"dom", `m.h('p', {title: '<b>'}, '<img src=x>', 3).outerHTML`, `"<p title=\"&lt;b&gt;\">&lt;img src=x&gt;3</p>"`},
		{"graph", `m.model(` + trace + `).nodes.map(n => [n.addr, n.kind, n.depth, n.x])`, `[["a","seed",0,0],["b","resting",1,240],["c","endpoint",2,480],["d","endpoint",1,240]]`},
		{"graph", `(m => [m.omitted, m.nodes.map(n => n.addr + ':' + n.kind + ':' + n.depth).join(' ')])(m.model({seeds: ['a'], direction: 'forward', edges: [],
			endpoints: [{address: 'z', entity: 'Z', category: 'bridge', asset: 'eth', amount: '4'}], resting: []}))`, `[0,"a:seed:0 z:endpoint:1"]`},
		{"sankey", `m.flows(` + trace + `, 'eth').map(g => [g.cat, g.amount, g.entities.map(e => e.name + ':' + e.amount).join(' ')])`,
			`[["exchange","3","X:3"],["resting","3","resting:3"],["mixer","1","Y:1"]]`},
	}
	for _, tc := range tests {
		js := `import('/ui/js/` + tc.module + `.js').then(m => JSON.stringify(` + tc.expr + `))`
		ctx, cancel := context.WithCancel(b.ctx)
		got, err := chromedp.Run(ctx, chromedp.Evaluate[string](js, chromedp.EvalAwaitPromise))
		cancel()
		if err != nil || got != tc.want {
			t.Errorf("%s: %s\n got %s (%v)\nwant %s", tc.module, tc.expr, got, err, tc.want)
		}
	}
	b.noProblems()
}

// TestWebUIBitcoin: on a simulated Bitcoin heist, the trace page draws the
// flow with the API's numbers, a transaction shows its inputs and outputs,
// the address page says counterparties are for account chains, and a
// backward trace draws too.
func TestWebUIBitcoin(t *testing.T) {
	b := newTab(t)
	v := newVigil(t)
	sim := filepath.Join(t.TempDir(), "sim")
	v.ok("simulate", "btc", "--seed", "7", "--background", "3000", "--out", sim)
	v.ok("ingest", "bitcoin-etl", "--quiet", sim)
	v.ok("labels", "import", "--quiet", "--format", "csv", filepath.Join(sim, "labels.csv"))
	var truth struct {
		Seeds      []string `json:"seeds"`
		TheftBlock uint64   `json:"theft_block"`
	}
	raw, err := os.ReadFile(filepath.Join(sim, "truth.json"))
	if err != nil || json.Unmarshal(raw, &truth) != nil {
		t.Fatalf("truth.json: %v", err)
	}
	base, stop := v.served()
	defer stop()
	q := url.Values{"chain": {"btc"}, "seed": truth.Seeds, "since_block": {fmt.Sprint(truth.TheftBlock)}}
	g := apiGraph(t, base, q.Encode())
	b.open(base+"/#/trace?"+q.Encode(), "trace")
	checkTracePageAsset(t, b, &g, "btc")
	b.shot("14-btc-trace")

	var hash string
	b.eval(`document.querySelector('table.endpoints a[href^="#/tx/"]').getAttribute('href').split('/').pop()`, &hash)
	b.open(base+"/#/tx/btc/"+hash, "tx")
	_, doc := getJSON(t, base+"/v1/tx/btc/"+hash)
	outs := doc.(map[string]any)["outputs"].([]any)
	var rows int
	b.eval(`document.querySelectorAll('.page table')[1].querySelectorAll('tbody tr').length`, &rows)
	if rows != len(outs) || len(outs) == 0 {
		t.Errorf("tx page: %d output rows, API %d", rows, len(outs))
	}
	b.shot("15-btc-tx")

	b.open(base+"/#/address/btc/"+truth.Seeds[0], "address")
	_, cpDoc := getJSON(t, base+"/v1/addresses/btc/"+truth.Seeds[0]+"/counterparties?limit=25")
	if got, sent := b.text("#counterparties"), cpDoc.(map[string]any)["sent_total"]; !strings.Contains(got, "Sent to ("+fmt.Sprint(sent)+")") {
		t.Errorf("btc counterparties: page %q, API sent_total %v", got, sent)
	}
	b.run(chromedp.Click(chromedp.CSS(`a.button[href*="direction=backward"]`)))
	b.run(chromedp.WaitVisible(chromedp.CSS(`#graph svg .node`)))
	b.waitPage("trace")
	var nodes int
	b.eval(`document.querySelectorAll('#graph .node').length`, &nodes)
	if nodes < 2 {
		t.Errorf("backward trace graph: %d nodes", nodes)
	}
	b.shot("16-btc-backward")
	b.noProblems()
}
