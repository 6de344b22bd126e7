package ethetl

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
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
	return compareParts(t, dir)
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

// boundaryPlacements are the lines (1-based) the first-error tests break
// around mid, the first line of part 1: in the second part, in both (in
// either order), on either side of the cut, on both sides.
func boundaryPlacements(mid int) map[string][]int {
	return map[string][]int{
		"second part":          {mid + 500},
		"both parts":           {mid - 700, mid + 300},
		"both parts, reverse":  {mid + 40, mid - 2},
		"last line of part 0":  {mid - 1},
		"first line of part 1": {mid},
		"both sides":           {mid, mid - 1},
	}
}

// editLines returns a copy of lines with edit applied to the lines at
// (1-based), each given line 2 as the other row.
func editLines(lines []string, at []int, edit func(row, other string) string) []string {
	out := append([]string(nil), lines...)
	for _, l := range at {
		out[l-1] = edit(out[l-1], lines[1])
	}
	return out
}

// sameFuzzParse parses dir sequentially and in 2 + parts%5 parts and
// fails unless the errors, the address dictionaries and, without an
// error, the blocks agree.
func sameFuzzParse(t *testing.T, dir string, parts uint8) {
	t.Helper()
	seq, serr := parseWith(dir, 0)
	par, perr := parseWith(dir, 2+int(parts%5))
	if fmt.Sprint(serr) != fmt.Sprint(perr) {
		t.Fatalf("parallel error %v, sequential %v", perr, serr)
	}
	if fmt.Sprint(seq.addrs.Keys) != fmt.Sprint(par.addrs.Keys) || (serr == nil && fmt.Sprint(seq.blocks) != fmt.Sprint(par.blocks)) {
		t.Fatalf("results differ")
	}
}

// firstErrorOf checks that file of dir (edited by a first-error test)
// still has its part boundary at line mid, that its parses agree
// (sameParseOf), and that an error names a line of file.
func firstErrorOf(t *testing.T, dir, file string, mid int) {
	t.Helper()
	if partStartOf(t, filepath.Join(dir, file)) != mid {
		t.Fatal("the edit moved the part boundary")
	}
	if err := sameParseOf(t, dir, file); err != nil && !strings.Contains(err.Error(), file+":") {
		t.Fatalf("error %v names no line of %s", err, file)
	}
}
