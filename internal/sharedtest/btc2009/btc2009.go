// Package btc2009 gives tests the complete 2009 Bitcoin transaction graph
// (shared/data/taintedtx-btc-2009) as a bitcoin-etl file, converted once
// per test. It is a separate package from sharedtest so that the
// converter's own tests may use sharedtest.
package btc2009

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/vigil-project/vigil/internal/ingest/taintedtx"
	"github.com/vigil-project/vigil/internal/sharedtest"
)

// File converts the 2009 graph to bitcoin-etl JSON in a temporary file and
// returns its path. It skips the test under -short and, saying why, when
// the data is absent.
func File(t testing.TB) string {
	t.Helper()
	if testing.Short() {
		t.Skip("-short: skipping the 2009 graph")
	}
	dir := sharedtest.Path(t, "taintedtx-btc-2009", "sampledata", "2009")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("2009 Bitcoin graph not found (%v): put the taintedtx sample data under shared/data", err)
	}
	var buf bytes.Buffer
	if _, err := taintedtx.Convert(dir, &buf); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "2009.json")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}
