package sim

import (
	"bufio"
	"bytes"
	"encoding/json"
	"math/big"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/vigil-project/vigil/internal/sharedtest"
)

func simulate(t *testing.T, seed uint64, background int) (string, Summary) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "out")
	s, err := Eth(dir, Config{Seed: seed, Background: background})
	if err != nil {
		t.Fatal(err)
	}
	return dir, s
}

func readTruth(t *testing.T, dir string) Truth {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "truth.json"))
	if err != nil {
		t.Fatal(err)
	}
	var tr Truth
	if err := json.Unmarshal(b, &tr); err != nil {
		t.Fatal(err)
	}
	return tr
}

func TestDeterminism(t *testing.T) {
	a, sa := simulate(t, 42, 3000)
	b, sb := simulate(t, 42, 3000)
	c, _ := simulate(t, 43, 3000)
	sa.Dir, sb.Dir = "", ""
	if !reflect.DeepEqual(sa, sb) {
		t.Errorf("summaries differ:\n%+v\n%+v", sa, sb)
	}
	for _, name := range sa.Files {
		x, err1 := os.ReadFile(filepath.Join(a, name))
		y, err2 := os.ReadFile(filepath.Join(b, name))
		z, err3 := os.ReadFile(filepath.Join(c, name))
		if err1 != nil || err2 != nil || err3 != nil {
			t.Fatal(err1, err2, err3)
		}
		if !bytes.Equal(x, y) {
			t.Errorf("%s: same seed, different bytes", name)
		}
		if bytes.Equal(x, z) && len(bytes.Split(x, []byte("\n"))) > 3 {
			t.Errorf("%s: seeds 42 and 43 give the same bytes", name)
		}
	}
}

// TestHeaders compares each file's header with the public ethereum-etl
// fixtures' expected_*.csv headers.
func TestHeaders(t *testing.T) {
	dir, _ := simulate(t, 1, 100)
	res := sharedtest.Path(t, "ethereum-etl-fixtures", "tests-resources")
	want := map[string]string{}
	filepath.WalkDir(res, func(p string, d os.DirEntry, err error) error {
		name := d.Name()
		if err != nil || d.IsDir() || !strings.HasPrefix(name, "expected_") || !strings.HasSuffix(name, ".csv") {
			return nil
		}
		if h := firstLine(t, p); h != "" && strings.Contains(p, "test_export_") {
			want[strings.TrimPrefix(name, "expected_")] = h
		}
		return nil
	})
	consts := map[string]string{"blocks.csv": HeaderBlocks, "transactions.csv": HeaderTransactions,
		"receipts.csv": HeaderReceipts, "traces.csv": HeaderTraces, "token_transfers.csv": HeaderTokenTransfers}
	for _, name := range EthFiles {
		w, ok := want[name]
		if !ok {
			t.Errorf("no fixture header for %s", name)
			continue
		}
		if got := firstLine(t, filepath.Join(dir, name)); got != w {
			t.Errorf("%s header:\n got %s\nwant %s", name, got, w)
		}
		if consts[name] != w {
			t.Errorf("%s: constant differs from the fixture", name)
		}
	}
	if got := firstLine(t, filepath.Join(dir, "labels.csv")); got != LabelsHeader {
		t.Errorf("labels.csv header %q", got)
	}
}

func firstLine(t *testing.T, path string) string {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	sc.Scan()
	return sc.Text()
}

// TestConservation checks truth.json on its own: per asset, stolen =
// endpoints + resting, and swaps convert ETH into tokens exactly.
func TestConservation(t *testing.T) {
	for _, seed := range []uint64{1, 2, 3, 99} {
		dir, _ := simulate(t, seed, 500)
		tr := readTruth(t, dir)
		total := map[string]*big.Int{}
		add := func(asset, amount string) {
			v, ok := new(big.Int).SetString(amount, 10)
			if !ok || v.Sign() <= 0 {
				t.Fatalf("seed %d: bad amount %q", seed, amount)
			}
			if total[asset] == nil {
				total[asset] = new(big.Int)
			}
			total[asset].Add(total[asset], v)
		}
		for _, e := range tr.Endpoints {
			add(e.Asset, e.Amount)
		}
		for _, r := range tr.Resting {
			add(r.Asset, r.Amount)
		}
		if len(tr.Stolen) != 3 || len(tr.Conservation) != 3 {
			t.Fatalf("seed %d: want eth and two tokens, got %+v", seed, tr.Stolen)
		}
		for _, s := range tr.Stolen {
			if total[s.Asset] == nil || total[s.Asset].String() != s.Amount {
				t.Errorf("seed %d %s: stolen %s, endpoints+resting %v", seed, s.Asset, s.Amount, total[s.Asset])
			}
		}
		for _, c := range tr.Conservation {
			if !c.OK {
				t.Errorf("seed %d: %+v", seed, c)
			}
		}
		before, _ := new(big.Int).SetString(tr.StolenBeforeSwaps[0].Amount, 10)
		for _, s := range tr.Swaps {
			in, _ := new(big.Int).SetString(s.AmountIn, 10)
			before.Sub(before, in)
			if s.Tx == "" {
				t.Errorf("swap without tx: %+v", s)
			}
		}
		if before.String() != tr.Stolen[0].Amount || tr.Stolen[0].Asset != "eth" {
			t.Errorf("seed %d: eth after swaps %s, truth %s", seed, before, tr.Stolen[0].Amount)
		}
	}
}

// TestPatterns checks every pattern appears, in the heist and background
// (optional patterns, tagged omitempty, are tested where they are made).
func TestPatterns(t *testing.T) {
	_, s := simulate(t, 5, 5000)
	for _, v := range []any{s.Patterns, s.Background} {
		rv := reflect.ValueOf(v)
		for i := 0; i < rv.NumField(); i++ {
			if strings.HasSuffix(rv.Type().Field(i).Tag.Get("json"), ",omitempty") {
				continue
			}
			if rv.Field(i).Int() <= 0 {
				t.Errorf("%s.%s = 0", rv.Type().Name(), rv.Type().Field(i).Name)
			}
		}
	}
	if s.Transfers < 5000 || s.Transfers > 5200 {
		t.Errorf("transfers %d for background 5000", s.Transfers)
	}
}

// TestSelfCheck checks the generator refuses a truth it cannot prove.
func TestSelfCheck(t *testing.T) {
	d := ids{seed: 9}
	s := newServices(d)
	fanout := func(h *heist) *tx { // a seed -> first-level transfer
		for i := range h.events {
			if h.events[i].t.from == h.seeds[0] {
				return &h.events[i].t
			}
		}
		t.Fatal("no fan-out from the seed")
		return nil
	}
	cases := map[string]func(h *heist){
		"clean":          func(h *heist) {},
		"theft +1 wei":   func(h *heist) { h.events[0].t.value[0]++ },
		"overspend":      func(h *heist) { fanout(h).value[0]++ },
		"truth +1 wei":   func(h *heist) { h.wantRest.add(key{h.seeds[0], "eth"}, big.NewInt(1)) },
		"theft failed":   func(h *heist) { h.events[0].t.failed = true },
		"leak to a user": func(h *heist) { fanout(h).to = d.addr(tagUser, 1) },
	}
	for name, corrupt := range cases {
		h := newHeist(newRand(9), d, &s)
		h.plan()
		schedule(h, newRand(10), DefaultStartBlock, 0)
		corrupt(h)
		err := h.verify(&Truth{})
		if (err == nil) != (name == "clean") {
			t.Errorf("%s: self-check error %v", name, err)
		}
	}
}
