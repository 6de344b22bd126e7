package btcetl

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/vigil-project/vigil/internal/chain"
)

// sharedData returns the shared test data directory: $VIGIL_SHARED_DATA,
// or the first shared/data found walking up from the package directory.
// It skips the test when there is none.
func sharedData(t testing.TB) string {
	t.Helper()
	if d := os.Getenv("VIGIL_SHARED_DATA"); d != "" {
		if _, err := os.Stat(d); err != nil {
			t.Fatalf("VIGIL_SHARED_DATA=%s: %v", d, err)
		}
		return d
	}
	dir, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	for {
		cand := filepath.Join(dir, "shared", "data")
		if fi, err := os.Stat(cand); err == nil && fi.IsDir() {
			return cand
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("shared test data not found: no shared/data above the package directory and VIGIL_SHARED_DATA unset")
		}
		dir = parent
	}
}

func mustChain(t testing.TB, name string) chain.Info {
	t.Helper()
	c, err := chain.Lookup(name)
	if err != nil {
		t.Fatal(err)
	}
	return c
}
