package ethetl

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vigil-project/vigil/internal/sharedtest"

	"github.com/vigil-project/vigil/internal/chain"
)

// sharedData returns the shared data directory: $VIGIL_SHARED_DATA, or
// shared/data beside the repository root found by walking up from the
// package directory. It skips the test when there is none.
func sharedData(t testing.TB) string {
	t.Helper()
	return sharedtest.Dir(t)
}

// fixture returns a path under ethereum-etl-fixtures/tests-resources.
func fixture(t testing.TB, rel string) string {
	return filepath.Join(sharedData(t), "ethereum-etl-fixtures", "tests-resources", rel)
}

// makeDir builds a temp export dir: files maps a target name (traces.csv)
// to a source path to copy.
func makeDir(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, src := range files {
		b, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, dir, name, string(b))
	}
	return dir
}

func writeFile(t testing.TB, dir, name, content string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// result is a parse with its interners, for rendering.
type result struct {
	blocks []chain.AccountBlock
	addrs  *chain.MapInterner
	tokens *chain.MapInterner
}

func parse(t testing.TB, dir string) result {
	t.Helper()
	r, err := tryParse(dir)
	if err != nil {
		t.Fatalf("ParseDir: %v", err)
	}
	return r
}

// tryParse parses with Issuance on, so tests see rewards and withdrawals
// too; TestIssuanceOffByDefault covers the default.
func tryParse(dir string) (result, error) { return tryParseOpts(dir, true) }

func tryParseOpts(dir string, issuance bool) (result, error) {
	r := result{addrs: &chain.MapInterner{}, tokens: &chain.MapInterner{}}
	eth, _ := chain.Lookup("eth")
	var err error
	r.blocks, err = ParseDir(dir, Options{Chain: eth, Addrs: r.addrs, Tokens: r.tokens, Issuance: issuance})
	return r, err
}

func (r result) addr(id chain.AddrID) string {
	if id == chain.NoAddr {
		return "-"
	}
	return fmt.Sprintf("0x%x", r.addrs.Key(uint32(id)))
}

func (r result) asset(id chain.AssetID) string {
	if id == chain.Native {
		return "eth"
	}
	return fmt.Sprintf("0x%x", r.tokens.Key(uint32(id)))
}

// transfers renders every transfer as
// "block tx pos kind from to asset amount" (tx "-" for NoTx).
func (r result) transfers() []string {
	var out []string
	for _, b := range r.blocks {
		for _, tr := range b.Transfers {
			tx := "-"
			if tr.TxIndex != chain.NoTx {
				tx = fmt.Sprint(tr.TxIndex)
			}
			out = append(out, fmt.Sprintf("%d %s %d %s %s %s %s %s", tr.Block, tx, tr.Pos, kindName(tr.Kind),
				r.addr(tr.From), r.addr(tr.To), r.asset(tr.Asset), tr.Amount))
		}
	}
	return out
}

func kindName(k chain.TransferKind) string {
	return map[chain.TransferKind]string{chain.KindTx: "tx", chain.KindInternal: "internal",
		chain.KindSelfdestruct: "selfdestruct", chain.KindToken: "token", chain.KindReward: "reward",
		chain.KindWithdrawal: "withdrawal"}[k]
}

func checkLines(t *testing.T, what string, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("%s:\ngot:\n  %s\nwant:\n  %s", what, strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}
