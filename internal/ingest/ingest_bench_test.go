package ingest

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"encoding/csv"
	"fmt"
	"io"
	"math/big"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/cockroachdb/pebble/v2"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/store"
)

// writeTokenCSV writes an ethereum-etl token_transfers.csv of n rows: 200
// transfers per block, two per transaction, 200k addresses with hot
// wallets, 20 tokens, amounts of realistic shape. Addresses are 20
// pseudo-random bytes, as real ones (hash-derived) are.
func writeTokenCSV(tb testing.TB, dir string, n int, gz bool) string {
	tb.Helper()
	name := filepath.Join(dir, "token_transfers.csv")
	if gz {
		name += ".gz"
	}
	f, err := os.Create(name)
	if err != nil {
		tb.Fatal(err)
	}
	var w io.Writer = f
	var zw *gzip.Writer
	if gz {
		zw = gzip.NewWriter(f)
		w = zw
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	r := rand.New(rand.NewPCG(42, 1))
	zipf := rand.NewZipf(r, 1.1, 2, 199999)
	addr := benchAddr
	var txHash string
	fmt.Fprintln(bw, "token_address,from_address,to_address,value,transaction_hash,log_index,block_number")
	for i := 0; i < n; i++ {
		block, tx := 15000000+i/200, i/2
		amt := r.Uint64N(100000) * 1000000
		if i%3 == 0 {
			amt = r.Uint64() >> 3
		}
		if i%2 == 0 { // random, incompressible hashes as on a real chain
			txHash = fmt.Sprintf("0x%016x%016x%016x%016x", r.Uint64(), r.Uint64(), r.Uint64(), uint64(tx))
		}
		fmt.Fprintf(bw, "%s,%s,%s,%d,%s,%d,%d\n", addr(1e9+uint64(r.IntN(20))), addr(1+zipf.Uint64()),
			addr(1+uint64(r.IntN(200000))), amt, txHash, i%200, block)
	}
	if err := bw.Flush(); err != nil {
		tb.Fatal(err)
	}
	if zw != nil {
		zw.Close()
	}
	f.Close()
	return name
}

// benchAddr is the address of index i: 20 bytes of a bijective 64-bit mix
// of i (splitmix64's finalizer), so no two indexes share an address.
func benchAddr(i uint64) string {
	mix := func(z uint64) uint64 {
		z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
		z = (z ^ z>>27) * 0x94d049bb133111eb
		return z ^ z>>31
	}
	a, b := mix(i), mix(i+0x9e3779b97f4a7c15)
	return fmt.Sprintf("0x%016x%016x%08x", a, b, uint32(mix(a)))
}

func benchIngest(b *testing.B, gz bool) {
	const n = 1 << 20
	src := b.TempDir()
	writeTokenCSV(b, src, n, gz)
	eth, _ := chain.Lookup("eth")
	defer debug.SetGCPercent(debug.SetGCPercent(100)) // as the CLI's ingest does (Go's default)
	b.ResetTimer()
	var last *store.Store
	for i := 0; i < b.N; i++ {
		s, err := store.Open(b.TempDir(), nil)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := EthereumETL(s, src, Options{Chain: eth}); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		if last != nil {
			last.Close()
		}
		last = s
		b.StartTimer()
	}
	b.StopTimer()
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "transfers/s")
	if err := last.Compact(); err != nil {
		b.Fatal(err)
	}
	for _, u := range last.Usage() {
		b.ReportMetric(float64(u.Bytes)/n, u.Name+"-B/transfer")
	}
	last.Close()
}

// BenchmarkIngestTokenTransfers is the end-to-end ingest of a 1M-row
// token_transfers.csv into a fresh store (parse, intern, commit, sync).
func BenchmarkIngestTokenTransfers(b *testing.B) { benchIngest(b, false) }

// BenchmarkIngestTokenTransfersGzip is the same from token_transfers.csv.gz.
func BenchmarkIngestTokenTransfersGzip(b *testing.B) { benchIngest(b, true) }

// BenchmarkBaselineIngest does the same job the straightforward way, for the
// ratio: encoding/csv, maps for address IDs and per-address totals, math/big
// amounts, one Pebble key per transfer, per tx hash, per address and per
// total, in one batch (no idempotence or merge checks).
func BenchmarkBaselineIngest(b *testing.B) {
	const n = 1 << 20
	src := b.TempDir()
	path := writeTokenCSV(b, src, n, false)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		db, err := pebble.Open(b.TempDir(), &pebble.Options{})
		if err != nil {
			b.Fatal(err)
		}
		if err := baselineLoad(db, path); err != nil {
			b.Fatal(err)
		}
		db.Close()
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "transfers/s")
}

func baselineLoad(db *pebble.DB, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	r := csv.NewReader(bufio.NewReader(f))
	if _, err := r.Read(); err != nil {
		return err
	}
	ids := map[string]uint32{}
	id := func(s string) uint32 {
		s = strings.ToLower(s)
		if v, ok := ids[s]; ok {
			return v
		}
		ids[s] = uint32(len(ids) + 1)
		return uint32(len(ids))
	}
	type total struct{ recv, sent *big.Int }
	totals := map[string]*total{}
	get := func(addr, token string) *total {
		k := addr + "/" + token
		t := totals[k]
		if t == nil {
			t = &total{new(big.Int), new(big.Int)}
			totals[k] = t
		}
		return t
	}
	batch := db.NewBatch()
	for seq := uint64(0); ; seq++ {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		amt, ok := new(big.Int).SetString(rec[3], 10)
		if !ok {
			return fmt.Errorf("bad value %q", rec[3])
		}
		token, from, to := id(rec[0]), id(rec[1]), id(rec[2])
		key := binary.BigEndian.AppendUint64([]byte("t"), seq)
		val := binary.AppendUvarint(nil, uint64(token))
		val = binary.AppendUvarint(val, uint64(from))
		val = binary.AppendUvarint(val, uint64(to))
		val = append(val, amt.Bytes()...)
		if err := batch.Set(key, val, nil); err != nil {
			return err
		}
		if err := batch.Set(append([]byte("h"), rec[4]...), key, nil); err != nil {
			return err
		}
		get(rec[1], rec[0]).sent.Add(get(rec[1], rec[0]).sent, amt)
		get(rec[2], rec[0]).recv.Add(get(rec[2], rec[0]).recv, amt)
	}
	for a, n := range ids {
		if err := batch.Set(append([]byte("a"), a...), binary.AppendUvarint(nil, uint64(n)), nil); err != nil {
			return err
		}
	}
	for k, t := range totals {
		if err := batch.Set(append([]byte("s"), k...), append(t.recv.Bytes(), t.sent.Bytes()...), nil); err != nil {
			return err
		}
	}
	return batch.Commit(pebble.Sync)
}
