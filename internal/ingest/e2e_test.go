package ingest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/vigil-project/vigil/internal/sharedtest"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/ingest/taintedtx"
	"github.com/vigil-project/vigil/internal/store"
	"github.com/vigil-project/vigil/internal/trace"
)

// e2eSharedData returns the shared data directory: $VIGIL_SHARED_DATA, or
// the first shared/data found walking up from the package directory. It
// skips the test when there is none.
func e2eSharedData(t testing.TB) string {
	t.Helper()
	return sharedtest.Dir(t)
}

// convert2009 converts the 2009 Bitcoin graph to a bitcoin-etl file and
// returns its path, the converter's stats and every address in it.
func convert2009(t testing.TB) (string, taintedtx.Stats, []string) {
	if testing.Short() {
		t.Skip("-short: skipping the 2009 graph")
	}
	var buf bytes.Buffer
	st, err := taintedtx.Convert(filepath.Join(e2eSharedData(t), "taintedtx-btc-2009", "sampledata", "2009"), &buf)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "2009.json")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	sc := bufio.NewScanner(&buf)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var tx struct {
			Inputs, Outputs []struct{ Addresses []string }
		}
		if err := json.Unmarshal(sc.Bytes(), &tx); err != nil {
			t.Fatal(err)
		}
		for _, io := range append(tx.Inputs, tx.Outputs...) {
			if len(io.Addresses) == 1 {
				seen[io.Addresses[0]] = true
			} else if len(io.Addresses) > 1 {
				seen["multisig:"+strings.Join(io.Addresses, ",")] = true
			}
		}
	}
	var addrs []string
	for a := range seen {
		addrs = append(addrs, a)
	}
	sort.Strings(addrs)
	return path, st, addrs
}

func open(t testing.TB, dir string) *store.Store {
	t.Helper()
	s, err := store.Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// dump renders the stats and the activity (what vigil address prints) of
// addrs.
func dump(t testing.TB, s *store.Store, c chain.Info, addrs []string) string {
	t.Helper()
	st, err := s.Stats()
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%+v\n", st)
	for i, act := range activities(t, s, c, addrs) {
		fmt.Fprintf(&b, "%s %+v\n", addrs[i], act)
	}
	return b.String()
}

// activities returns the per-asset activity of each address (nil for one
// the store has not seen), read from the graph index as vigil address does.
func activities(t testing.TB, s *store.Store, c chain.Info, addrs []string) [][]trace.Activity {
	t.Helper()
	sess, err := trace.Open(s, c)
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close()
	out := make([][]trace.Activity, len(addrs))
	for i, a := range addrs {
		id, ok, err := sess.AddressID(a)
		if err != nil {
			t.Fatalf("%s: %v", a, err)
		}
		if ok {
			out[i] = sess.Activity(id)
		}
	}
	return out
}

// TestTaintedTx2009Totals ingests the whole 2009 graph and checks every
// address: no negative balance, received totals add up to all outputs,
// sent totals to all inputs, and balances to what coinbases created (their
// value less the fees they collected: 50 BTC per block).
func TestTaintedTx2009Totals(t *testing.T) {
	path, cs, addrs := convert2009(t)
	btc, _ := chain.Lookup("btc")
	s := open(t, t.TempDir())
	defer s.Close()
	res, err := BitcoinETL(s, path, Options{Chain: btc})
	if err != nil {
		t.Fatal(err)
	}
	if res.Blocks != cs.Blocks || res.Commit.Txs != int64(cs.Txs) || res.Commit.Moves != int64(cs.Outputs) || res.Commit.Addresses != len(addrs) {
		t.Errorf("ingest %+v; converter %+v, %d addresses", res, cs, len(addrs))
	}
	// Every address, as vigil address reads it.
	acts := activities(t, s, btc, addrs)
	totals := make([]trace.Activity, len(addrs))
	for i, a := range acts {
		if len(a) != 1 || a[0].Asset != uint32(chain.Native) {
			t.Fatalf("%s: activity %+v", addrs[i], a)
		}
		totals[i] = a[0]
	}
	var recv, sent chain.Sum
	var nrecv, nsent uint64
	for i, tot := range totals {
		if tot.Received.Big().Cmp(tot.Sent.Big()) < 0 {
			t.Errorf("%s: received %v < sent %v", addrs[i], tot.Received, tot.Sent)
		}
		recv.AddSum(tot.Received)
		sent.AddSum(tot.Sent)
		nrecv += tot.RecvCount
		nsent += tot.SentCount
	}
	want := fmt.Sprintf("received %d (%d outputs), sent %d (%d inputs), balances %d", cs.OutputValue, cs.Outputs,
		cs.InputValue, cs.Inputs, cs.CoinbaseValue-cs.Fees)
	got := fmt.Sprintf("received %s (%d outputs), sent %s (%d inputs), balances %d", recv.String(), nrecv,
		sent.String(), nsent, recv.Big().Int64()-sent.Big().Int64())
	if got != want || cs.CoinbaseValue-cs.Fees != 5000000000*uint64(cs.Blocks) {
		t.Errorf("totals:\n got %s\nwant %s", got, want)
	}
	g := activities(t, s, btc, []string{"1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"})[0]
	if len(g) != 1 || g[0].Received.String() != "5000000000" || g[0].RecvCount != 1 || g[0].FirstBlock != 0 {
		t.Errorf("genesis address: %+v", g)
	}
}

// TestCrashResumeUTXO crashes a chunked commit of the 2009 graph after
// three batches (a panic in the Progress callback), reopens the store, and
// checks the journal, that the store holds whole blocks with consistent
// counters, and that running the ingest again gives exactly the store of
// an uninterrupted ingest.
func TestCrashResumeUTXO(t *testing.T) {
	path, cs, addrs := convert2009(t)
	btc, _ := chain.Lookup("btc")
	sample := addrs[:0:0]
	for i := 0; i < len(addrs); i += 53 {
		sample = append(sample, addrs[i])
	}

	clean := open(t, t.TempDir())
	if _, err := BitcoinETL(clean, path, Options{Chain: btc}); err != nil {
		t.Fatal(err)
	}
	want := dump(t, clean, btc, sample)
	clean.Close()

	dir := t.TempDir()
	s := open(t, dir)
	batches := 0
	co := &store.CommitOptions{ChunkMoves: 4000, Progress: func(done, total int) {
		if batches++; batches == 3 {
			panic(fmt.Sprintf("crash after %d/%d blocks", done, total))
		}
	}}
	crash := func() (p any) {
		defer func() { p = recover() }()
		_, err := BitcoinETL(s, path, Options{Chain: btc, Commit: co})
		t.Errorf("ingest returned %v without crashing", err)
		return nil
	}()
	msg, _ := crash.(string)
	if !strings.HasPrefix(msg, "crash after") {
		t.Fatalf("recovered %v, want the injected crash", crash)
	}
	s.Close()

	s = open(t, dir)
	j, err := s.Interrupted()
	if err != nil || j == nil || j.Chain != "btc" || j.Source != path {
		t.Errorf("journal %+v (%v) after %s", j, err, msg)
	}
	st, err := s.Stats()
	if err != nil || len(st) != 1 {
		t.Fatalf("stats %+v %v", st, err)
	}
	var done int
	fmt.Sscanf(msg, "crash after %d/", &done)
	c := st[0].Counters
	if c.Blocks != int64(done) || c.FirstBlock != 0 || c.LastBlock != uint64(done-1) || c.Txs <= int64(done) || c.Txs >= int64(cs.Txs) {
		t.Errorf("counters after %s: %+v", msg, c)
	}

	res, err := BitcoinETL(s, path, Options{Chain: btc, Commit: &store.CommitOptions{ChunkMoves: 4000}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Commit.Unchanged != done || res.Commit.Blocks != cs.Blocks-done || res.Commit.Replaced != 0 {
		t.Errorf("resumed ingest %+v; want %d unchanged, %d written", res.Commit, done, cs.Blocks-done)
	}
	if j, err := s.Interrupted(); j != nil || err != nil {
		t.Errorf("journal %+v (%v) after the resumed ingest", j, err)
	}
	if got := dump(t, s, btc, sample); got != want {
		t.Errorf("resumed store differs from an uninterrupted ingest:\n%.2000s\nwant:\n%.2000s", got, want)
	}
	s.Close()
}
