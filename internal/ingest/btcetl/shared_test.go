package btcetl

import (
	"testing"

	"github.com/vigil-project/vigil/internal/sharedtest"

	"github.com/vigil-project/vigil/internal/chain"
)

// sharedData returns the shared test data directory: $VIGIL_SHARED_DATA,
// or the first shared/data found walking up from the package directory.
// It skips the test when there is none.
func sharedData(t testing.TB) string {
	t.Helper()
	return sharedtest.Dir(t)
}

func mustChain(t testing.TB, name string) chain.Info {
	t.Helper()
	c, err := chain.Lookup(name)
	if err != nil {
		t.Fatal(err)
	}
	return c
}
