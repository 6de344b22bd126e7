package cli_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"net/url"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// xssName is a label entity and a search text that must show as text.
const xssName = `<img src=x onerror="document.title='pwned'">Evil & Co`

// webIncident is an incident over the simulated heist's seeds.
func webIncident(seeds []string) string {
	var b strings.Builder
	b.WriteString("incidents:\n  - id: sim-heist\n    name: Simulated heist <b>bold</b>\n")
	b.WriteString("    date: {value: \"2022-10-20\", sources: [\"https://example.org/report\"]}\n")
	b.WriteString("    victim: {value: SimEx, sources: [\"javascript:alert(1)\"]}\n    actor: {value: unknown}\n    chains: [eth]\n    seeds:\n")
	for _, s := range seeds {
		b.WriteString("      - {chain: eth, address: \"" + s + "\", role: theft, sources: [\"https://example.org/report\"]}\n")
	}
	return b.String()
}

// webStore is the heist store of the serve tests plus an incident over
// its seeds and a label whose entity is an XSS attempt.
func webStore(t *testing.T) (*vigil, []string, uint64) {
	v, seeds, theft := heistStore(t)
	inc := filepath.Join(t.TempDir(), "incident.yaml")
	writeFile(t, inc, []byte(webIncident(seeds)))
	v.ok("incidents", "import", inc)
	csv := filepath.Join(t.TempDir(), "xss.csv")
	writeFile(t, csv, []byte("chain,address,entity,category,source,confidence,tlp\n"+
		"eth,"+seeds[1]+",\""+strings.ReplaceAll(xssName, `"`, `""`)+"\",scam,javascript:alert(2),40,amber\n"))
	v.ok("labels", "import", "--quiet", "--format", "csv", csv)
	return v, seeds, theft
}

// graphDoc is what the test reads of /v1/trace/graph.
type graphDoc struct {
	Seeds     []string `json:"seeds"`
	Endpoints []struct {
		Address, Entity, Category, Asset, Amount string
	} `json:"endpoints"`
	Resting []struct{ Address, Asset, Amount string }  `json:"resting"`
	Edges   []struct{ From, To, Asset, Amount string } `json:"edges"`
}

// nodes counts the distinct addresses the graph view must draw.
func (g *graphDoc) nodes() int {
	set := map[string]bool{}
	for _, s := range g.Seeds {
		set[s] = true
	}
	for _, e := range g.Edges {
		set[e.From], set[e.To] = true, true
	}
	for _, e := range g.Endpoints {
		set[e.Address] = true
	}
	for _, r := range g.Resting {
		set[r.Address] = true
	}
	return len(set)
}

func apiGraph(t *testing.T, base, query string) graphDoc {
	t.Helper()
	code, doc := getJSON(t, base+"/v1/trace/graph?"+query)
	if code != 200 {
		t.Fatalf("trace graph: %d %v", code, doc)
	}
	b, _ := json.Marshal(doc)
	var g graphDoc
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatal(err)
	}
	return g
}

// TestWebUI drives the web interface like a user on a simulated heist:
// search a seed, read its labels and screening, run a trace, check the
// graph and tables against the API, export the table, download a report,
// open a node; unknown things and XSS attempts give friendly text.
func TestWebUI(t *testing.T) {
	b := newTab(t)
	v, seeds, theft := webStore(t)
	base, stop := v.served()
	defer stop()

	b.open(base+"/", "home")
	b.shot("01-home")

	// Search a seed address: the address page opens, with its labels.
	// It is also a seed of the incident: the results list both.
	b.run(chromedp.SendKeys(chromedp.CSS("#q"), seeds[0]+"\r"))
	b.waitPage("search")
	if got := b.text("main"); !strings.Contains(got, "Simulated heist <b>bold</b>") || !strings.Contains(got, seeds[0]) {
		t.Errorf("search results: %q", got)
	}
	b.run(chromedp.Click(chromedp.CSS(`table.results a[href^="#/address/"]`)))
	b.waitPage("address")
	if got := b.text("#labels"); !strings.Contains(got, "Lazarus Group") || !strings.Contains(got, "sanctioned") {
		t.Errorf("address page labels: %q", got)
	}
	if got := b.text("#risk"); got != "SEVERE" && got != "HIGH" {
		t.Errorf("risk of a sanctioned seed: %q", got)
	}
	checkBalances(t, b, base, seeds[0])
	checkCounterparties(t, b, base, seeds[0])
	b.shot("02-address")
	b.run(chromedp.ScrollIntoView(chromedp.CSS("#counterparties")))
	b.shot("02b-address-counterparties")

	// The XSS label shows as text on the address page.
	b.open(base+"/#/address/eth/"+seeds[1], "address")
	if got := b.text("#labels"); !strings.Contains(got, xssName) {
		t.Errorf("XSS label not shown as text: %q", got)
	}
	noInjection(t, b)
	b.shot("03-address-xss-label")

	// Run a trace from the form.
	b.open(base+"/#/trace", "trace")
	b.run(chromedp.SetValue(chromedp.CSS(`#trace-form [name="seed"]`), strings.Join(seeds, ", ")),
		chromedp.SetValue(chromedp.CSS(`#trace-form [name="since_block"]`), fmt.Sprint(theft)),
		chromedp.Click(chromedp.CSS("#run-trace")))
	b.run(chromedp.WaitVisible(chromedp.CSS(`#graph svg .node`)))
	b.waitPage("trace")
	q := url.Values{"chain": {"eth"}, "seed": seeds, "since_block": {fmt.Sprint(theft)}, "max_edges": {"5000"}}
	g := apiGraph(t, base, q.Encode())
	checkTracePage(t, b, &g)
	b.shot("04-trace")
	b.run(chromedp.ScrollIntoView(chromedp.CSS("#flows")))
	b.shot("05-trace-summary")

	// Export the endpoint table as CSV.
	b.run(chromedp.Click(chromedp.CSS("#export-csv")))
	name := "trace-eth-" + seeds[0][:8] + "-" + seeds[0][len(seeds[0])-6:] + ".csv"
	csv := strings.Split(strings.TrimSpace(string(b.download(name))), "\r\n")
	if len(csv) != len(g.Endpoints)+1 || !strings.HasPrefix(csv[0], "address,entity,category") ||
		!strings.Contains(csv[1], g.Endpoints[0].Amount) {
		t.Errorf("CSV export: %d lines (want %d): %q", len(csv), len(g.Endpoints)+1, csv[:min(len(csv), 2)])
	}

	// Download the trace report.
	checkReport(t, b, base, `#trace-result .reports a.report`, "/v1/reports/trace?"+url.Values{"chain": {"eth"}, "seed": seeds,
		"since_block": {fmt.Sprint(theft)}, "policy": {"haircut"}, "format": {"html"}}.Encode())

	// Click an endpoint node: its address page opens.
	ep := g.Endpoints[0].Address
	b.run(chromedp.Evaluate[chromedp.Void](`document.querySelector('#graph .node[data-address="` + ep + `"]').dispatchEvent(new MouseEvent('click', {bubbles: true}))`))
	b.waitPage("address")
	if got := b.text("#addr"); got != ep {
		t.Errorf("node click opened %q, want %q", got, ep)
	}

	// The incident page, its seeds and report links.
	b.open(base+"/#/incident/sim-heist", "incident")
	if got := b.text("h1"); got != "Simulated heist <b>bold</b>" {
		t.Errorf("incident title: %q", got)
	}
	checkReport(t, b, base, `.reports a.report`, "/v1/reports/incident/sim-heist?format=html")
	if zip := checkReport(t, b, base, `.reports a.report[href^="/v1/reports/freeze/"]`, "/v1/reports/freeze/sim-heist"); !strings.HasPrefix(string(zip), "PK") {
		t.Errorf("freeze package is not a ZIP: %.20q", zip)
	}
	noInjection(t, b)
	b.shot("06-incident")
	// Trace the incident's seeds: freeze packages per exchange reached.
	b.run(chromedp.Click(chromedp.CSS(`a.button[href^="#/trace"]`)))
	b.run(chromedp.WaitVisible(chromedp.CSS(`#graph svg .node`)))
	b.waitPage("trace")
	var exch []string
	b.eval(`[...document.querySelectorAll('.reports a.report[href*="exchange="]')].map(a => a.textContent)`, &exch)
	if len(exch) == 0 {
		t.Error("no freeze package per exchange after tracing the incident's seeds")
	} else {
		checkReport(t, b, base, `.reports a.report[href*="exchange="]`, "/v1/reports/freeze/sim-heist?chain=eth&policy=haircut&exchange="+url.QueryEscape(exch[0]))
	}
	b.shot("06b-incident-trace")

	// Friendly messages: XSS in the search box, unknown things, bad input.
	b.open(base+"/#/", "home")
	b.run(chromedp.Evaluate[chromedp.Void](`document.getElementById('q').value = ''`), chromedp.SendKeys(chromedp.CSS("#q"), xssName+"\r"))
	b.waitPage("search")
	if got := b.text(".query"); got != xssName {
		t.Errorf("search text shown as %q", got)
	}
	if got := b.text("table.results"); !strings.Contains(got, xssName) {
		t.Errorf("search found the XSS entity as %q", got)
	}
	noInjection(t, b)
	b.run(chromedp.Evaluate[chromedp.Void](`document.getElementById('q').value = ''`),
		chromedp.SendKeys(chromedp.CSS("#q"), "<script>document.title='pwned'</script>\r"))
	b.run(chromedp.WaitVisible(chromedp.CSS(`.page[data-page="search"][data-ready="1"] .msg`)))
	if got := b.text(".msg"); !strings.Contains(got, "Nothing matches") {
		t.Errorf("search without hits: %q", got)
	}
	if got := b.text(".query"); got != "<script>document.title='pwned'</script>" {
		t.Errorf("search text shown as %q", got)
	}
	noInjection(t, b)
	b.shot("07-search-xss")
	for _, c := range []struct{ hash, page, want string }{
		{"#/incident/no-such-incident", "incident", "was not found"},
		{"#/address/eth/0x1234", "address", "not a valid address"},
		{"#/address/nochain/0x1234", "address", "Unknown chain"},
		{"#/tx/eth/0x" + strings.Repeat("ab", 32), "tx", "was not found"},
		{"#/search?q=0x12", "search", "40 hex digits"},
		{"#/trace?chain=eth&seed=0xnothex", "trace", "not a valid address"},
		{"#/nowhere", "nowhere", "No such page"},
	} {
		b.open(base+"/"+c.hash, c.page)
		if got := b.text(".msg"); !strings.Contains(got, c.want) {
			t.Errorf("%s: message %q, want %q", c.hash, got, c.want)
		}
	}
	b.shot("08-unknown")
	b.noProblems()
}

// checkBalances compares the balances table with the API.
func checkBalances(t *testing.T, b *browserTab, base, addr string) {
	t.Helper()
	_, doc := getJSON(t, base+"/v1/addresses/eth/"+addr)
	var want []string
	for _, x := range doc.(map[string]any)["balances"].([]any) {
		want = append(want, x.(map[string]any)["amount"].(string))
	}
	var got []string
	b.eval(`[...document.querySelectorAll('#totals [data-amount]')].map(e => e.dataset.amount)`, &got)
	if strings.Join(got, ",") != strings.Join(want, ",") || len(want) == 0 {
		t.Errorf("balances on the page %v, API %v", got, want)
	}
}

// checkCounterparties compares the counterparty tables with the API.
func checkCounterparties(t *testing.T, b *browserTab, base, addr string) {
	t.Helper()
	_, doc := getJSON(t, base+"/v1/addresses/eth/"+addr+"/counterparties?limit=25")
	var want []string
	for _, side := range []string{"sent", "received"} {
		for _, x := range doc.(map[string]any)[side].([]any) {
			want = append(want, x.(map[string]any)["amount"].(string))
		}
	}
	var got []string
	b.eval(`[...document.querySelectorAll('#counterparties [data-amount]')].map(e => e.dataset.amount)`, &got)
	if strings.Join(got, ",") != strings.Join(want, ",") || len(want) == 0 {
		t.Errorf("counterparties on the page %v, API %v", got, want)
	}
}

// checkTracePage compares the graph, the endpoint table and the totals
// with the API's answer.
func checkTracePage(t *testing.T, b *browserTab, g *graphDoc) {
	t.Helper()
	checkTracePageAsset(t, b, g, "eth")
}

// checkTracePageAsset is checkTracePage with the total checked in asset.
func checkTracePageAsset(t *testing.T, b *browserTab, g *graphDoc, asset string) {
	t.Helper()
	var nodes, edges int
	var amounts []string
	b.eval(`document.querySelectorAll('#graph .node').length`, &nodes)
	b.eval(`document.querySelectorAll('#graph path.edge').length`, &edges)
	b.eval(`[...document.querySelectorAll('table.endpoints [data-amount]')].map(e => e.dataset.amount)`, &amounts)
	if nodes != g.nodes() || edges != len(g.Edges) || nodes < 10 {
		t.Errorf("graph: %d nodes, %d edges; API: %d addresses, %d edges", nodes, edges, g.nodes(), len(g.Edges))
	}
	var want []string
	total := new(big.Int)
	for _, e := range g.Endpoints {
		want = append(want, e.Amount)
		if e.Asset == asset {
			x, _ := new(big.Int).SetString(e.Amount, 10)
			total.Add(total, x)
		}
	}
	if strings.Join(amounts, ",") != strings.Join(want, ",") || len(want) == 0 {
		t.Errorf("endpoint table amounts %v\nAPI %v", amounts, want)
	}
	var eth string
	b.eval(`document.querySelector('#trace-summary [data-asset="`+asset+`"][data-kind="endpoints"]').dataset.amount`, &eth)
	if eth != total.String() {
		t.Errorf("summary: %s reaching endpoints %s, API %s", asset, eth, total)
	}
	var ms string
	b.eval(`document.querySelector('#graph').dataset.renderMs`, &ms)
	t.Logf("trace graph: %d nodes, %d edges, first render %s ms", nodes, edges, ms)
}

// checkReport clicks the first report link matching sel and checks that
// the browser saved what GET path answers (or that the page says why it
// could not); it returns the saved file.
func checkReport(t *testing.T, b *browserTab, base, sel, path string) []byte {
	t.Helper()
	var href string
	b.eval(`document.querySelector('`+sel+`').getAttribute('href')`, &href)
	if !sameURL(href, path) {
		t.Errorf("report link %q, want %q", href, path)
	}
	code, _, body := httpGet(t, base+path)
	b.clearDownloads() // a second file of the same name would be renamed
	b.run(chromedp.Evaluate[chromedp.Void](`document.querySelectorAll('.report-status').forEach(e => { e.textContent = ''; delete e.dataset.file; })`),
		chromedp.Click(chromedp.CSS(sel)),
		chromedp.WaitVisible(chromedp.CSS(`.report-status[data-file], .report-status.error`)))
	var st struct{ Text, File string }
	b.eval(`(s => ({text: s.textContent, file: s.dataset.file || ''}))(document.querySelector('`+sel+`').closest('.reports').querySelector('.report-status'))`, &st)
	if code != 200 {
		if !strings.Contains(st.Text, "Could not download") && !strings.Contains(st.Text, "not available") {
			t.Errorf("report %s answered %d; page says %q", path, code, st.Text)
		}
		t.Logf("report %s: %d (page: %s)", path, code, st.Text)
		return nil
	}
	got := b.download(st.File)
	if !sameDocument(got, body) {
		t.Errorf("report %s: saved %s (%d bytes) differs from the API's %d bytes", path, st.File, len(got), len(body))
	}
	t.Logf("report %s: saved %s, %d bytes", path, st.File, len(got))
	return got
}

// noInjection fails if text from the data became markup or ran.
func noInjection(t *testing.T, b *browserTab) {
	t.Helper()
	var imgs, bolds int
	var title string
	b.eval(`document.querySelectorAll('main img').length`, &imgs)
	b.eval(`document.querySelectorAll('main h1 b').length`, &bolds)
	b.eval(`document.title`, &title)
	var jsLinks int
	b.eval(`document.querySelectorAll('a[href^="javascript:" i]').length`, &jsLinks)
	if imgs != 0 || bolds != 0 || title != "vigil" || jsLinks != 0 {
		t.Errorf("injected markup: %d img, %d b, %d javascript: links, title %q", imgs, bolds, jsLinks, title)
	}
}

// sameURL compares two URLs, their query parameters in any order.
func sameURL(a, b string) bool {
	ua, err1 := url.Parse(a)
	ub, err2 := url.Parse(b)
	return err1 == nil && err2 == nil && ua.Path == ub.Path && reflect.DeepEqual(ua.Query(), ub.Query())
}

// TestWebUIAuth: with --auth the page says a key is needed, takes one in
// its key box (kept in the tab's sessionStorage) and sends it with every
// API call and report download; the assets need no key.
func TestWebUIAuth(t *testing.T) {
	b := newTab(t)
	v, seeds, theft := webStore(t)
	var k struct{ Key string }
	v.json(&k, "keys", "create", "--name", "web")
	base, stop := v.served("--auth")
	defer stop()
	b.open(base+"/#/incidents", "incidents")
	if got := b.text(".msg"); !strings.Contains(got, "needs an API key") {
		t.Errorf("without a key: %q", got)
	}
	b.shot("11-auth-needed")
	b.run(chromedp.Click(chromedp.CSS("#keybox summary")), chromedp.SendKeys(chromedp.CSS("#key"), k.Key+"\r"))
	b.waitPage("incidents")
	if got := b.text("table.incidents"); !strings.Contains(got, "Simulated heist <b>bold</b>") {
		t.Errorf("with the key, incidents: %q", got)
	}
	var stored string
	b.eval(`sessionStorage.getItem('vigil.key')`, &stored)
	if stored != k.Key {
		t.Errorf("key kept as %q", stored)
	}
	q := url.Values{"chain": {"eth"}, "seed": seeds, "since_block": {fmt.Sprint(theft)}}
	b.open(base+"/#/trace?"+q.Encode(), "trace")
	var rows int
	b.eval(`document.querySelectorAll('table.endpoints tbody tr').length`, &rows)
	if rows == 0 {
		t.Error("with the key, the trace shows no endpoints")
	}
	b.run(chromedp.Click(chromedp.CSS(`#trace-result .reports a.report`)),
		chromedp.WaitVisible(chromedp.CSS(`.report-status[data-bytes], .report-status.error`)))
	if got := b.text(".report-status"); !strings.HasPrefix(got, "Downloaded") {
		t.Errorf("report download with the key: %q", got)
	}
	b.shot("12-auth-trace")
	b.run(chromedp.Click(chromedp.CSS("#keybox summary")), chromedp.Click(chromedp.CSS("#forget")))
	b.waitPage("trace")
	if got := b.text(".msg"); !strings.Contains(got, "needs an API key") {
		t.Errorf("after Forget: %q", got)
	}
	b.noProblems()
}

// TestWebUITx: a transaction hash typed in the search box opens its page
// with the moves the API lists.
func TestWebUITx(t *testing.T) {
	b := newTab(t)
	v, seeds, theft := webStore(t)
	base, stop := v.served()
	defer stop()
	g := apiGraph(t, base, url.Values{"chain": {"eth"}, "seed": seeds, "since_block": {fmt.Sprint(theft)}}.Encode())
	var path struct{ Endpoints []struct{ Path []string } }
	_, raw := getJSON(t, base+"/v1/trace?"+url.Values{"chain": {"eth"}, "seed": seeds, "since_block": {fmt.Sprint(theft)}}.Encode())
	data, _ := json.Marshal(raw)
	json.Unmarshal(data, &path)
	if len(g.Endpoints) == 0 || len(path.Endpoints[0].Path) == 0 {
		t.Fatal("no evidence path")
	}
	hash := path.Endpoints[0].Path[0]
	b.open(base+"/", "home")
	b.run(chromedp.SendKeys(chromedp.CSS("#q"), strings.ToUpper(hash[2:])+"\r"))
	b.waitPage("tx")
	_, doc := getJSON(t, base+"/v1/tx/eth/"+hash)
	var want []string
	for _, m := range doc.(map[string]any)["transfers"].([]any) {
		want = append(want, m.(map[string]any)["amount"].(string))
	}
	var got []string
	b.eval(`[...document.querySelectorAll('table.moves [data-amount]')].map(e => e.dataset.amount)`, &got)
	if strings.Join(got, ",") != strings.Join(want, ",") || len(want) == 0 {
		t.Errorf("tx page moves %v, API %v", got, want)
	}
	b.shot("13-tx")
	b.noProblems()
}

// generatedAt matches the time a report was made (RFC 3339, seconds).
var generatedAt = regexp.MustCompile(`\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ`)

// sameDocument compares two downloads of one report, made a moment
// apart: byte for byte but for the times they were made (RFC 3339 stamps
// in the text; ZIPs by their entries' names and contents, an entry's
// modification time being that moment too).
func sameDocument(a, b []byte) bool {
	if !bytes.HasPrefix(a, []byte("PK")) {
		return bytes.Equal(generatedAt.ReplaceAll(a, nil), generatedAt.ReplaceAll(b, nil))
	}
	za, err1 := zip.NewReader(bytes.NewReader(a), int64(len(a)))
	zb, err2 := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err1 != nil || err2 != nil || len(za.File) != len(zb.File) {
		return false
	}
	for i, f := range za.File {
		if f.Name != zb.File[i].Name || !sameDocument([]byte(readZipEntry(f)), []byte(readZipEntry(zb.File[i]))) {
			return false
		}
	}
	return true
}

func readZipEntry(f *zip.File) string {
	r, err := f.Open()
	if err != nil {
		return "error: " + err.Error()
	}
	defer r.Close()
	b, err := io.ReadAll(r)
	if err != nil {
		return "error: " + err.Error()
	}
	return string(b)
}
