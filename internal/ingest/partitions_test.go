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

// TestPartitionedSpill checks the spill path: a store loaded range by
// range in small commits equals the flat load, a bad row in the last range
// leaves a loaded store exactly as it was (and no spill file behind), and
// overlapping ranges are refused.
func TestPartitionedSpill(t *testing.T) {
	flat, parted := partitioned(t)
	eth, _ := chain.Lookup("eth")
	load := func(s *store.Store, dir string, chunk int) error {
		_, err := EthereumETL(s, dir, Options{Chain: eth, Commit: &store.CommitOptions{ChunkMoves: chunk}})
		return err
	}
	want := openLoaded(t, func(s *store.Store) error { return load(s, flat, 0) })
	dir := t.TempDir()
	s, err := store.Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := load(s, parted, 5); err != nil {
		t.Fatal(err)
	}
	got, _ := s.Stats()
	if got[0].Counters != want {
		t.Fatalf("small chunks %+v != flat %+v", got[0].Counters, want)
	}
	// Grow the export by a block with a bad row: nothing of it may land.
	extra := filepath.Join(parted, "transactions", "start_block=17173051", "end_block=17173051")
	os.MkdirAll(extra, 0o755)
	hdr, _ := os.ReadFile(filepath.Join(parted, "transactions", "start_block=17173050", "end_block=17173050", "transactions_17173050_17173050.csv"))
	header := strings.SplitAfter(string(hdr), "\n")[0]
	os.WriteFile(filepath.Join(extra, "transactions_17173051_17173051.csv"), []byte(header+"not,a,row\n"), 0o644)
	if err := load(s, parted, 5); err == nil {
		t.Fatal("bad range accepted")
	}
	after, _ := s.Stats()
	if after[0].Counters != want {
		t.Fatalf("failed ingest changed the store: %+v, was %+v", after[0].Counters, want)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".spill-*")); len(left) != 0 {
		t.Fatalf("spill files left: %v", left)
	}
	// Two ranges holding the same block overlap.
	os.RemoveAll(extra)
	dup := filepath.Join(parted, "transactions", "start_block=17173051", "end_block=17173051")
	os.MkdirAll(dup, 0o755)
	os.WriteFile(filepath.Join(dup, "transactions_17173051_17173051.csv"), hdr, 0o644)
	err = load(s, parted, 0)
	if err == nil || !strings.Contains(err.Error(), "overlap") {
		t.Fatalf("overlapping ranges: %v", err)
	}
}

// openLoaded loads a fresh store with fn and returns its counters.
func openLoaded(t *testing.T, fn func(*store.Store) error) store.Counters {
	t.Helper()
	s, err := store.Open(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := fn(s); err != nil {
		t.Fatal(err)
	}
	st, _ := s.Stats()
	return st[0].Counters
}
