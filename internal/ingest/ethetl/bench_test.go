package ethetl

import (
	"bufio"
	"compress/gzip"
	"encoding/csv"
	"encoding/hex"
	"fmt"
	"io"
	"math/big"
	"math/rand"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/vigil-project/vigil/internal/chain"
)

// benchRows is the size of the synthetic token_transfers.csv.
const benchRows = 1_000_000

var (
	benchOnce sync.Once
	benchDir  string // holds token_transfers.csv
	benchGz   string // holds token_transfers.csv.gz
	benchErr  error
)

// benchFiles writes a synthetic token_transfers.csv of benchRows rows
// (and a gzipped copy) once per test binary: ~150 transfers per block,
// 1-3 per transaction, tokens and addresses drawn with a skew like
// mainnet's (few hot contracts, many one-off addresses).
func benchFiles(b *testing.B) (plain, gz string) {
	benchOnce.Do(func() {
		root, err := os.MkdirTemp("", "ethetl-bench")
		if err != nil {
			benchErr = err
			return
		}
		benchDir, benchGz = filepath.Join(root, "plain"), filepath.Join(root, "gz")
		benchErr = writeBenchFiles(benchDir, benchGz)
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchDir, benchGz
}

func writeBenchFiles(plainDir, gzDir string) error {
	for _, d := range []string{plainDir, gzDir} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return err
		}
	}
	pf, err := os.Create(filepath.Join(plainDir, "token_transfers.csv"))
	if err != nil {
		return err
	}
	defer pf.Close()
	gf, err := os.Create(filepath.Join(gzDir, "token_transfers.csv.gz"))
	if err != nil {
		return err
	}
	defer gf.Close()
	zw := gzip.NewWriter(gf)
	w := bufio.NewWriterSize(io.MultiWriter(pf, zw), 1<<20)
	genTokenTransfers(w, benchRows)
	if err := w.Flush(); err != nil {
		return err
	}
	return zw.Close()
}

func genTokenTransfers(w io.Writer, rows int) {
	rng := rand.New(rand.NewSource(1))
	randHex := func(n int) string {
		b := make([]byte, n)
		rng.Read(b)
		return "0x" + hex.EncodeToString(b)
	}
	tokens := make([]string, 2000)
	for i := range tokens {
		tokens[i] = randHex(20)
	}
	addrs := make([]string, 300_000)
	for i := range addrs {
		addrs[i] = randHex(20)
	}
	skew := func(n int) int { f := rng.Float64(); return int(f * f * f * float64(n)) }
	fmt.Fprintln(w, "token_address,from_address,to_address,value,transaction_hash,log_index,block_number")
	block, logIdx, left := 15_000_000, 0, 0
	tx := randHex(32)
	for i := 0; i < rows; i++ {
		if i%150 == 0 {
			block, logIdx, left = block+1, 0, 0
		}
		if left == 0 {
			tx, left = randHex(32), 1+rng.Intn(3)
		}
		left--
		logIdx += 1 + rng.Intn(3)
		value := strconv.FormatUint(rng.Uint64()>>rng.Intn(64), 10)
		if rng.Intn(3) == 0 {
			value += "000000000000" // 18-decimal tokens: > 64 bits
		}
		fmt.Fprintf(w, "%s,%s,%s,%s,%s,%d,%d\n", tokens[skew(len(tokens))], addrs[skew(len(addrs))],
			addrs[rng.Intn(len(addrs))], value, tx, logIdx, block)
	}
}

// TestMain removes the benchmark files.
func TestMain(m *testing.M) {
	code := m.Run()
	if benchDir != "" {
		os.RemoveAll(filepath.Dir(benchDir))
	}
	os.Exit(code)
}

func benchParse(b *testing.B, dir string, newInterner func() chain.Interner) {
	b.ReportAllocs()
	eth, _ := chain.Lookup("eth")
	for b.Loop() {
		blocks, err := ParseDir(dir, Options{Chain: eth, Addrs: newInterner(), Tokens: newInterner()})
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for _, bl := range blocks {
			n += len(bl.Transfers)
		}
		if n != benchRows {
			b.Fatalf("%d transfers, want %d", n, benchRows)
		}
	}
	b.ReportMetric(float64(benchRows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

func newMapInterner() chain.Interner  { return &chain.MapInterner{} }
func newFlatInterner() chain.Interner { return newFlat() }

// BenchmarkParseTokenTransfers: ParseDir over a 1M-row token_transfers.csv,
// interning through chain.MapInterner (a map[string]uint32).
func BenchmarkParseTokenTransfers(b *testing.B) {
	plain, _ := benchFiles(b)
	benchParse(b, plain, newMapInterner)
}

// BenchmarkParseTokenTransfersFlat: the same with a flat open-addressing
// interner (keys inline, one cache miss per lookup), to show the parser's
// own cost apart from map[string] interning.
func BenchmarkParseTokenTransfersFlat(b *testing.B) {
	plain, _ := benchFiles(b)
	benchParse(b, plain, newFlatInterner)
}

// BenchmarkParseTokenTransfersNoIntern: the parser alone (every address
// gets ID 1).
func BenchmarkParseTokenTransfersNoIntern(b *testing.B) {
	plain, _ := benchFiles(b)
	benchParse(b, plain, func() chain.Interner { return nullInterner{} })
}

// BenchmarkParseTokenTransfersGzip: the same file as .csv.gz.
func BenchmarkParseTokenTransfersGzip(b *testing.B) {
	_, gz := benchFiles(b)
	benchParse(b, gz, newFlatInterner)
}

// BenchmarkBaselineEncodingCSV does the same work the obvious way:
// encoding/csv, map[string]uint32 interning, math/big amounts.
func BenchmarkBaselineEncodingCSV(b *testing.B) {
	plain, _ := benchFiles(b)
	b.ReportAllocs()
	for b.Loop() {
		if n := baseline(b, filepath.Join(plain, "token_transfers.csv")); n != benchRows {
			b.Fatalf("%d rows", n)
		}
	}
	b.ReportMetric(float64(benchRows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

type baselineTransfer struct {
	block, logIndex uint64
	tx              []byte
	token, from, to uint32
	amount          *big.Int
}

func baseline(b *testing.B, path string) int {
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(bufio.NewReaderSize(f, 1<<20))
	r.ReuseRecord = true
	if _, err := r.Read(); err != nil {
		b.Fatal(err)
	}
	ids, tokens := map[string]uint32{}, map[string]uint32{}
	intern := func(m map[string]uint32, s string) uint32 {
		s = strings.ToLower(s)
		if id, ok := m[s]; ok {
			return id
		}
		m[s] = uint32(len(m) + 1)
		return uint32(len(m))
	}
	var out []baselineTransfer
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			b.Fatal(err)
		}
		var t baselineTransfer
		t.token, t.from, t.to = intern(tokens, rec[0]), intern(ids, rec[1]), intern(ids, rec[2])
		amt, ok := new(big.Int).SetString(rec[3], 10)
		tx, err1 := hex.DecodeString(strings.TrimPrefix(rec[4], "0x"))
		li, err2 := strconv.ParseUint(rec[5], 10, 32)
		bn, err3 := strconv.ParseUint(rec[6], 10, 64)
		if !ok || err1 != nil || err2 != nil || err3 != nil {
			b.Fatalf("bad row %q", rec)
		}
		t.amount, t.tx, t.logIndex, t.block = amt, tx, li, bn
		out = append(out, t)
	}
	return len(out)
}
