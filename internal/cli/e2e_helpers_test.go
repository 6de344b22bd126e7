package cli_test

// Helpers of the end-to-end tests: they drive the real CLI (cli.Main) on a
// temporary --data directory and compare its JSON with references computed
// independently from the input files.

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/vigil-project/vigil/internal/sharedtest"

	"github.com/vigil-project/vigil/internal/cli"
)

// e2eShared returns the shared data directory: $VIGIL_SHARED_DATA, or the
// first shared/data found walking up from the package directory. It skips
// the test when there is none.
func e2eShared(t testing.TB) string {
	t.Helper()
	return sharedtest.Dir(t)
}

// vigil runs commands against one data directory.
type vigil struct {
	t    testing.TB
	data string
}

func newVigil(t testing.TB) *vigil {
	return &vigil{t: t, data: filepath.Join(t.TempDir(), "data")}
}

// run runs "vigil --data DIR args..." and returns status, stdout, stderr.
func (v *vigil) run(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	env := &cli.Env{Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }}
	code := cli.Main(append([]string{"--data", v.data}, args...), env)
	if strings.Contains(errb.String(), "panic") || strings.Contains(errb.String(), "goroutine ") {
		v.t.Fatalf("vigil %s: panic on stderr:\n%s", strings.Join(args, " "), errb.String())
	}
	return code, out.String(), errb.String()
}

// ok runs a command that must succeed and returns its stdout.
func (v *vigil) ok(args ...string) string {
	v.t.Helper()
	code, out, errs := v.run(args...)
	if code != 0 {
		v.t.Fatalf("vigil %s: exit %d\nstderr: %s", strings.Join(args, " "), code, errs)
	}
	return out
}

// json runs a --json command that must succeed and decodes its stdout,
// which must be exactly one JSON document.
func (v *vigil) json(dst any, args ...string) string {
	v.t.Helper()
	out := v.ok(append(args, "--json")...)
	decodeOne(v.t, out, dst)
	return out
}

// decodeOne decodes exactly one JSON document from s (nothing after it).
func decodeOne(t testing.TB, s string, dst any) {
	t.Helper()
	d := json.NewDecoder(strings.NewReader(s))
	if err := d.Decode(dst); err != nil {
		t.Fatalf("stdout is not one JSON document: %v\n%s", err, s)
	}
	var extra json.RawMessage
	if err := d.Decode(&extra); err == nil || d.More() {
		t.Fatalf("stdout has more than one JSON document:\n%s", s)
	}
}

type chainStats struct {
	Chain        string `json:"chain"`
	Blocks       int64  `json:"blocks"`
	Transactions int64  `json:"transactions"`
	Transfers    int64  `json:"transfers"`
	Addresses    int    `json:"addresses"`
	FirstBlock   uint64 `json:"first_block"`
	LastBlock    uint64 `json:"last_block"`
}

type statsDoc struct {
	Chains []chainStats `json:"chains"`
}

// stats returns `stats --json` by chain.
func (v *vigil) stats() map[string]chainStats {
	var doc statsDoc
	v.json(&doc, "stats")
	out := map[string]chainStats{}
	for _, c := range doc.Chains {
		out[c.Chain] = c
	}
	return out
}

type amountDoc struct {
	Asset  string `json:"asset"`
	Amount string `json:"amount"`
	Count  uint64 `json:"count"`
}

type addrDoc struct {
	Chain      string      `json:"chain"`
	Address    string      `json:"address"`
	Seen       bool        `json:"seen"`
	Received   []amountDoc `json:"received"`
	Sent       []amountDoc `json:"sent"`
	Balances   []amountDoc `json:"balances"`
	FirstBlock *uint64     `json:"first_block"`
	LastBlock  *uint64     `json:"last_block"`
	Labels     []any       `json:"labels"`
}

// addresses runs `address --json` for many addresses (in groups).
func (v *vigil) addresses(chainName string, addrs []string) []addrDoc {
	var out []addrDoc
	for len(addrs) > 0 {
		n := min(len(addrs), 256)
		args := append([]string{"address", "--chain", chainName}, addrs[:n]...)
		if n == 1 {
			var d addrDoc
			v.json(&d, args...)
			out = append(out, d)
		} else {
			var d struct {
				Results []addrDoc `json:"results"`
			}
			v.json(&d, args...)
			out = append(out, d.Results...)
		}
		addrs = addrs[n:]
	}
	return out
}

type moveDoc struct {
	Kind   string `json:"kind"`
	From   string `json:"from"`
	To     string `json:"to"`
	Asset  string `json:"asset"`
	Amount string `json:"amount"`
}

type txDoc struct {
	Chain     string    `json:"chain"`
	Hash      string    `json:"hash"`
	Block     uint64    `json:"block"`
	Index     uint32    `json:"index"`
	Timestamp int64     `json:"timestamp"`
	Failed    *bool     `json:"failed"`
	From      *string   `json:"from"`
	To        *string   `json:"to"`
	Value     *string   `json:"value"`
	Transfers []moveDoc `json:"transfers"`
	Coinbase  *bool     `json:"coinbase"`
	Inputs    []any     `json:"inputs"`
	Outputs   []any     `json:"outputs"`
	Fee       *string   `json:"fee"`
}

func (v *vigil) tx(chainName, hash string) txDoc {
	var d txDoc
	v.json(&d, "tx", "--chain", chainName, hash)
	return d
}

// snapshot renders what the CLI shows of a store: stats and the address
// totals of addrs (chain:address), for before/after comparisons.
func (v *vigil) snapshot(addrs ...string) string {
	_, st, _ := v.run("stats", "--json")
	var b strings.Builder
	b.WriteString(st)
	for _, a := range addrs {
		c, addr, _ := strings.Cut(a, ":")
		_, out, _ := v.run("address", "--chain", c, addr, "--json")
		b.WriteString(out)
	}
	return b.String()
}

// agg is a reference total for one address and asset.
type agg struct {
	recv, sent big.Int
	rc, sc     uint64
}

// ref holds reference totals: address -> asset -> agg, and the number of
// value moves.
type ref struct {
	totals map[string]map[string]*agg
	moves  int64
}

func newRef() *ref { return &ref{totals: map[string]map[string]*agg{}} }

func (r *ref) get(addr, asset string) *agg {
	m := r.totals[addr]
	if m == nil {
		m = map[string]*agg{}
		r.totals[addr] = m
	}
	if m[asset] == nil {
		m[asset] = &agg{}
	}
	return m[asset]
}

// move records amt of asset from -> to; "" is no address (mint or burn).
func (r *ref) move(from, to, asset string, amt *big.Int) {
	r.moves++
	if from != "" {
		a := r.get(from, asset)
		a.sent.Add(&a.sent, amt)
		a.sc++
	}
	if to != "" {
		a := r.get(to, asset)
		a.recv.Add(&a.recv, amt)
		a.rc++
	}
}

func (r *ref) addrs() []string {
	var out []string
	for a := range r.totals {
		out = append(out, a)
	}
	sort.Strings(out)
	return out
}

// render prints totals of one address like renderDoc does.
func (r *ref) render(addr string) string {
	var lines []string
	for asset, a := range r.totals[addr] {
		if a.rc > 0 {
			lines = append(lines, fmt.Sprintf("received %s %s %d", asset, a.recv.String(), a.rc))
		}
		if a.sc > 0 {
			lines = append(lines, fmt.Sprintf("sent %s %s %d", asset, a.sent.String(), a.sc))
		}
		bal := new(big.Int).Sub(&a.recv, &a.sent)
		lines = append(lines, fmt.Sprintf("balance %s %s", asset, bal))
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

func renderDoc(d addrDoc) string {
	var lines []string
	for _, a := range d.Received {
		lines = append(lines, fmt.Sprintf("received %s %s %d", a.Asset, a.Amount, a.Count))
	}
	for _, a := range d.Sent {
		lines = append(lines, fmt.Sprintf("sent %s %s %d", a.Asset, a.Amount, a.Count))
	}
	for _, a := range d.Balances {
		lines = append(lines, fmt.Sprintf("balance %s %s", a.Asset, a.Amount))
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

// checkRef compares `address --json` of every address of r with r.
func (v *vigil) checkRef(chainName string, r *ref) {
	v.t.Helper()
	addrs := r.addrs()
	docs := v.addresses(chainName, addrs)
	if len(docs) != len(addrs) {
		v.t.Fatalf("%d address documents for %d addresses", len(docs), len(addrs))
	}
	bad := 0
	for i, d := range docs {
		if got, want := renderDoc(d), r.render(addrs[i]); got != want || d.Address != addrs[i] || !d.Seen {
			if bad++; bad <= 5 {
				v.t.Errorf("address %s (%s, seen %v):\ngot:\n%s\nwant:\n%s", addrs[i], d.Address, d.Seen, got, want)
			}
		}
	}
	if bad > 5 {
		v.t.Errorf("... %d addresses differ in all", bad)
	}
}

// readCSV reads a CSV file as maps by header name (nil when absent).
func readCSV(t testing.TB, path string) []map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	var out []map[string]string
	for _, r := range recs[1:] {
		m := map[string]string{}
		for i, name := range recs[0] {
			m[name] = r[i]
		}
		out = append(out, m)
	}
	return out
}

// makeDir builds a temp directory: files maps a target name to a source
// path to copy.
func makeDir(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, src := range files {
		b, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(dir, name), b)
	}
	return dir
}

func writeFile(t testing.TB, path string, b []byte) {
	t.Helper()
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func bigOf(t testing.TB, s string) *big.Int {
	t.Helper()
	v, ok := new(big.Int).SetString(s, 10)
	if !ok || v.Sign() < 0 {
		t.Fatalf("bad amount %q", s)
	}
	return v
}
