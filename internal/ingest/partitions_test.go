package ingest

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/demo"
	"github.com/vigil-project/vigil/internal/inputerr"
	"github.com/vigil-project/vigil/internal/store"
)

// partitioned lays the demo export out as ethereum-etl's export_all does,
// split into two block ranges.
func partitioned(t *testing.T) (flat, parted string) {
	t.Helper()
	p, err := demo.Extract(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	parted = t.TempDir()
	for _, kind := range []string{"blocks", "transactions", "token_transfers"} {
		b, err := os.ReadFile(filepath.Join(p.Eth, kind+".csv"))
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.SplitAfter(string(b), "\n")
		header, rows := lines[0], lines[1:]
		col := blockColumn(header)
		for _, r := range [][2]string{{"17173049", "17173049"}, {"17173050", "17173050"}} {
			d := filepath.Join(parted, kind, "start_block="+r[0], "end_block="+r[1])
			if err := os.MkdirAll(d, 0o755); err != nil {
				t.Fatal(err)
			}
			out := header
			for _, row := range rows {
				f := strings.Split(strings.TrimSuffix(row, "\n"), ",")
				if len(f) > col && f[col] == r[0] {
					out += row
				}
			}
			if err := os.WriteFile(filepath.Join(d, kind+"_"+r[0]+"_"+r[1]+".csv"), []byte(out), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	return p.Eth, parted
}

func blockColumn(header string) int {
	for i, c := range strings.Split(strings.TrimSpace(header), ",") {
		if c == "block_number" || c == "number" {
			return i
		}
	}
	return -1
}

func TestPartitionedExport(t *testing.T) {
	flat, parted := partitioned(t)
	eth, _ := chain.Lookup("eth")
	stats := func(dir string) store.Counters {
		s, err := store.Open(t.TempDir(), nil)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if _, err := EthereumETL(s, dir, Options{Chain: eth}); err != nil {
			t.Fatal(err)
		}
		st, _ := s.Stats()
		return st[0].Counters
	}
	if a, b := stats(flat), stats(parted); a != b {
		t.Fatalf("partitioned %+v != flat %+v", b, a)
	}
	// A bad row is reported in the exported file, not a temporary link.
	bad := filepath.Join(parted, "transactions", "start_block=17173050", "end_block=17173050", "transactions_17173050_17173050.csv")
	b, _ := os.ReadFile(bad)
	lines := strings.Split(string(b), "\n")
	lines[2] += ",an extra field"
	os.WriteFile(bad, []byte(strings.Join(lines, "\n")), 0o644)
	s, _ := store.Open(t.TempDir(), nil)
	defer s.Close()
	_, err := EthereumETL(s, parted, Options{Chain: eth})
	var ie *inputerr.Error
	if !errors.As(err, &ie) || ie.File != bad || ie.Line != 3 {
		t.Fatalf("error %v does not name %s:3", err, bad)
	}
}
