package cli_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vigil-project/vigil/internal/cli"
	"github.com/vigil-project/vigil/internal/sharedtest"
)

// lbStore drives cli.Main on one --data directory.
type lbStore struct {
	t    testing.TB
	data string
}

func newLB(t testing.TB) *lbStore {
	return &lbStore{t: t, data: filepath.Join(t.TempDir(), "data")}
}

func (v *lbStore) run(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	env := &cli.Env{Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }}
	code := cli.Main(append([]string{"--data", v.data}, args...), env)
	return code, out.String(), errb.String()
}

func (v *lbStore) ok(args ...string) string {
	v.t.Helper()
	code, out, errs := v.run(args...)
	if code != 0 {
		v.t.Fatalf("vigil %s: exit %d: %s", strings.Join(args, " "), code, errs)
	}
	return out
}

func (v *lbStore) jsonOut(dst any, args ...string) {
	v.t.Helper()
	out := v.ok(append(args, "--json")...)
	if err := json.Unmarshal([]byte(out), dst); err != nil {
		v.t.Fatalf("vigil %s: not one JSON document: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// lbLabel is the label JSON of labels get.
type lbLabel struct {
	Entity     string   `json:"entity"`
	Category   string   `json:"category"`
	Source     string   `json:"source"`
	Confidence *int     `json:"confidence"`
	Actor      *string  `json:"actor"`
	Status     string   `json:"status"`
	DelistedAt string   `json:"delisted_at"`
	Programs   []string `json:"programs"`
	Scope      string   `json:"scope"`
}

type lbResult struct {
	Chain   string    `json:"chain"`
	Address string    `json:"address"`
	Labels  []lbLabel `json:"labels"`
}

// get returns labels get results keyed by address.
func (v *lbStore) get(chainName string, history bool, addrs ...string) map[string][]lbLabel {
	v.t.Helper()
	args := []string{"labels", "get"}
	if chainName != "" {
		args = append(args, "--chain", chainName)
	}
	if history {
		args = append(args, "--history")
	}
	var doc struct {
		Results []lbResult `json:"results"`
	}
	v.jsonOut(&doc, append(args, addrs...)...)
	out := map[string][]lbLabel{}
	for _, r := range doc.Results {
		out[r.Address] = r.Labels
	}
	return out
}

func lbShared(t testing.TB, elem ...string) string {
	return sharedtest.Path(t, elem...)
}

func lbLines(t testing.TB, path string) []string {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, l := range strings.Split(string(b), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

func lbWrite(t testing.TB, dir, name, content string) string {
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// ofacHistory returns a store with the 2024-09 OFAC list edition and
// then the 2025-11 SDN Advanced XML imported, in that order.
func ofacHistory(t *testing.T) *lbStore {
	dir := lbShared(t, "ofac-sdn-crypto")
	v := newLB(t)
	v.ok("labels", "import", "--format", "ofac-list", "--date", "2024-09-27", filepath.Join(dir, "0xB10C-lists-2024-09"))
	v.ok("labels", "import", "--format", "ofac-xml", filepath.Join(dir, "brave-intl-lists", "sdn_advanced.xml.bz2"))
	return v
}
