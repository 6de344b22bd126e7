package ethetl

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/sim"
)

// sameParseOf parses dir sequentially and in 2, 3 and 7 parts and fails
// unless every parse gives the same blocks, dictionaries and error, and
// unless file (transactions.csv, receipts.csv or traces.csv) took the parallel path in
// 2 parts. It returns the sequential error.
func sameParseOf(t *testing.T, dir, file string) error {
	t.Helper()
	if !tookParallel(t, dir, file, 2) {
		t.Fatalf("%s was parsed sequentially", file)
	}
	seq, serr := parseWith(dir, 0)
	for _, n := range []int{2, 3, 7} {
		par, perr := parseWith(dir, n)
		if fmt.Sprint(serr) != fmt.Sprint(perr) {
			t.Fatalf("%d parts: error %v, sequential %v", n, perr, serr)
		}
		if !reflect.DeepEqual(seq.addrs.Keys, par.addrs.Keys) || !reflect.DeepEqual(seq.tokens.Keys, par.tokens.Keys) {
			t.Fatalf("%d parts: dictionaries differ (%d/%d addresses, %d/%d tokens)", n,
				len(par.addrs.Keys), len(seq.addrs.Keys), len(par.tokens.Keys), len(seq.tokens.Keys))
		}
		if !reflect.DeepEqual(seq.blocks, par.blocks) {
			t.Fatalf("%d parts: blocks differ", n)
		}
	}
	return serr
}

// tookParallel reports whether file of dir takes the parallel path when
// forced into the given number of parts: the files before it are parsed
// as ParseDir does, then its parallel parse is called directly.
func tookParallel(t *testing.T, dir, file string, parts int) bool {
	t.Helper()
	oldMin, oldParts := parallelMin, parallelParts
	defer func() { parallelMin, parallelParts = oldMin, oldParts }()
	parallelMin, parallelParts = 1, parts
	files, err := findFiles(dir)
	if err != nil {
		t.Fatal(err)
	}
	eth, _ := chain.Lookup("eth")
	p := newParser(Options{Chain: eth, Addrs: &chain.MapInterner{}, Tokens: &chain.MapInterner{}, Issuance: true}, files)
	if file == "transactions.csv" {
		return runParallel(t, p, files[fileTransactions], fileTransactions, p.transactionsParallel)
	}
	if files[fileTransactions] == "" {
		return false // receipts and traces are parsed in parts only after transactions.csv
	}
	if err := p.run(files[fileTransactions], fileColumns[fileTransactions], p.transactions); err != nil {
		return false // the parallel parse needs the transactions
	}
	if file == "receipts.csv" {
		return runParallel(t, p, files[fileReceipts], fileReceipts, p.receiptsParallel)
	}
	if files[fileReceipts] != "" {
		if err := p.run(files[fileReceipts], fileColumns[fileReceipts], p.receipts); err != nil {
			return false
		}
	}
	return runParallel(t, p, files[fileTraces], fileTraces, p.tracesParallel)
}

func runParallel(t *testing.T, p *parser, path string, kind int, par func(*table) (bool, error)) bool {
	t.Helper()
	done := false
	err := p.run(path, fileColumns[kind], func(tb *table) error {
		var err error
		done, err = par(tb)
		return err
	})
	return done || err != nil
}

// partStartOf returns the line where part 1 of 2 of path begins.
func partStartOf(t *testing.T, path string) int {
	t.Helper()
	oldMin, oldParts := parallelMin, parallelParts
	defer func() { parallelMin, parallelParts = oldMin, oldParts }()
	parallelMin, parallelParts = 1, 2
	s, err := splitFileQuoted(path, fileColumns[kindOfName(t, path)], nil)
	if s == nil {
		t.Fatal("not split", err)
	}
	defer s.close()
	b, _ := os.ReadFile(path)
	return bytes.Count(b[:s.bounds[1]], []byte{'\n'}) + 1
}

func kindOfName(t *testing.T, path string) int {
	for k, n := range fileNames {
		if n+".csv" == filepath.Base(path) {
			return k
		}
	}
	t.Fatalf("unknown file %s", path)
	return 0
}

// simDir writes a simulated export (seed 3, 20,000 background
// transfers): blocks, transactions, receipts, traces, token transfers.
func simDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if _, err := sim.Eth(dir, sim.Config{Seed: 3, Background: 20000}); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestSplitSequentialCases: a file under parallelMin, a .csv.gz, and a
// receipts.csv or traces.csv without transactions.csv take the
// sequential path (the parse results are the same either way).
func TestSplitSequentialCases(t *testing.T) {
	txs := genTxs(200, 9)
	small := t.TempDir()
	writeFile(t, small, "transactions.csv", txs)
	zipped := t.TempDir()
	writeFile(t, zipped, "transactions.csv.gz", gz(txs))
	cases := []struct {
		name, dir, file string
		min             int64
	}{
		{"small", small, "transactions.csv", 1 << 20},
		{"gzip", zipped, "transactions.csv.gz", 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			oldMin, oldParts := parallelMin, parallelParts
			defer func() { parallelMin, parallelParts = oldMin, oldParts }()
			parallelMin, parallelParts = c.min, 2
			files, err := findFiles(c.dir)
			if err != nil {
				t.Fatal(err)
			}
			eth, _ := chain.Lookup("eth")
			p := newParser(Options{Chain: eth, Addrs: &chain.MapInterner{}, Tokens: &chain.MapInterner{}}, files)
			if runParallel(t, p, files[fileTransactions], fileTransactions, p.transactionsParallel) {
				t.Fatalf("%s took the parallel path", c.file)
			}
		})
	}
	_, rcs := genReceipts(200, 9)
	_, trs := genTraces(200, 9, false, false)
	noTxs := t.TempDir()
	writeFile(t, noTxs, "receipts.csv", rcs)
	writeFile(t, noTxs, "traces.csv", trs)
	oldMin, oldParts := parallelMin, parallelParts
	defer func() { parallelMin, parallelParts = oldMin, oldParts }()
	parallelMin, parallelParts = 1, 2
	files, err := findFiles(noTxs)
	if err != nil {
		t.Fatal(err)
	}
	eth, _ := chain.Lookup("eth")
	p := newParser(Options{Chain: eth, Addrs: &chain.MapInterner{}, Tokens: &chain.MapInterner{}}, files)
	if runParallel(t, p, files[fileReceipts], fileReceipts, p.receiptsParallel) ||
		runParallel(t, p, files[fileTraces], fileTraces, p.tracesParallel) {
		t.Fatal("receipts.csv or traces.csv without transactions.csv took the parallel path")
	}
}
