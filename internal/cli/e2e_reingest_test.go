package cli_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/demo"
	"github.com/vigil-project/vigil/internal/ingest"
	"github.com/vigil-project/vigil/internal/store"
)

// subset makes an export dir with some of the files of dir.
func subset(t testing.TB, dir string, names ...string) string {
	files := map[string]string{}
	for _, n := range names {
		files[n] = filepath.Join(dir, n)
	}
	return makeDir(t, files)
}

// txsWithTokens lists the hashes of transactions with token transfers.
func txsWithTokens(t testing.TB, dir string) []string {
	seen := map[string]bool{}
	var out []string
	for _, m := range readCSV(t, filepath.Join(dir, "token_transfers.csv")) {
		if h := m["transaction_hash"]; !seen[h] {
			seen[h] = true
			out = append(out, h)
		}
	}
	return out
}

// txSnapshot renders `tx --json` of hashes.
func (v *vigil) txSnapshot(hashes []string) string {
	var b strings.Builder
	for _, h := range hashes {
		_, out, errs := v.run("tx", "--chain", "eth", h, "--json")
		b.WriteString(out + errs)
	}
	return b.String()
}

// TestPartialReingest loads the demo's transactions.csv, token_transfers.csv
// and blocks.csv of the same blocks in separate runs (in two orders): after
// each run the totals are those of the files loaded so far (checked for
// the first order), and at the end
// the store shows exactly what one combined ingest shows; loading all
// again writes nothing.
func TestPartialReingest(t *testing.T) {
	p, err := demo.Extract(t.TempDir())
	ethDir := p.Eth
	if err != nil {
		t.Fatal(err)
	}
	clean := newVigil(t)
	clean.ok("ingest", "ethereum-etl", "--quiet", ethDir)
	all := []string{"transactions.csv", "token_transfers.csv", "blocks.csv"}
	allRef, _, _ := ethRef(t, ethDir, false)
	hashes := txsWithTokens(t, ethDir)
	want := clean.snapshot() + clean.txSnapshot(hashes)
	orders := [][]string{all, {"token_transfers.csv", "blocks.csv", "transactions.csv"}}
	for k, order := range orders {
		t.Run(strings.Join(order, ","), func(t *testing.T) {
			v := newVigil(t)
			for i, name := range order {
				v.ok("ingest", "ethereum-etl", "--quiet", subset(t, ethDir, name))
				r, _, _ := ethRef(t, subset(t, ethDir, order[:i+1]...), false)
				if k == 0 && i < len(order)-1 { // the last step is checked against the combined ingest
					v.checkRef("eth", r)
				}
			}
			v.checkRef("eth", allRef)
			got := v.snapshot() + v.txSnapshot(hashes)
			if got != want {
				t.Errorf("partial ingests differ from one combined ingest:\n%s\nwant:\n%s", got, want)
			}
			var res struct {
				Written   int `json:"blocks_written"`
				Unchanged int `json:"blocks_unchanged"`
			}
			v.json(&res, "ingest", "ethereum-etl", "--quiet", subset(t, ethDir, all...))
			if res.Written != 0 || res.Unchanged != 2 {
				t.Errorf("combined ingest after the partial ones: %+v, want 0 written, 2 unchanged", res)
			}
			if again := v.snapshot() + v.txSnapshot(hashes); again != got {
				t.Errorf("re-ingest changed the store:\n%s\n%s", got, again)
			}
		})
	}
}

// synthExport writes an ethereum-etl export of 30 blocks of 100
// transactions (every 13th failed) and token transfers for every 10th.
func synthExport(t testing.TB) string {
	dir := t.TempDir()
	var txs, toks strings.Builder
	txs.WriteString("hash,block_number,transaction_index,from_address,to_address,value,receipt_status\n")
	toks.WriteString("token_address,from_address,to_address,value,transaction_hash,log_index,block_number\n")
	addr := func(i int) string { return fmt.Sprintf("0x%040x", 0xa0+i%7) }
	for i := range 3000 {
		blk, h := 1000+i/100, fmt.Sprintf("0x%064x", 0xbeef0000+i)
		status := 1
		if i%13 == 0 {
			status = 0
		}
		fmt.Fprintf(&txs, "%s,%d,%d,%s,%s,%d%018d,%d\n", h, blk, i%100, addr(i), addr(i*3+1), i+1, 0, status)
		if i%10 == 0 {
			fmt.Fprintf(&toks, "%s,%s,%s,%d,%s,%d,%d\n", addr(99), addr(i+2), addr(i), 1000+i, h, i%100, blk)
		}
	}
	writeFile(t, filepath.Join(dir, "transactions.csv"), []byte(txs.String()))
	writeFile(t, filepath.Join(dir, "token_transfers.csv"), []byte(toks.String()))
	return dir
}

// TestCrashResume commits an ingest in chunks and crashes it (a panic in
// the commit's Progress callback) after the first chunk: `stats` warns
// about the interrupted ingest, the store holds whole blocks, and running
// the same ingest again gives exactly what an uninterrupted ingest gives.
func TestCrashResume(t *testing.T) {
	dir := synthExport(t)
	r, _, _ := ethRef(t, dir, false)
	hashes := []string{fmt.Sprintf("0x%064x", 0xbeef0000), fmt.Sprintf("0x%064x", 0xbeef0000+1234), fmt.Sprintf("0x%064x", 0xbeef0000+2999)}

	clean := newVigil(t)
	clean.ok("ingest", "ethereum-etl", "--quiet", dir)
	clean.checkRef("eth", r)
	want := clean.snapshot() + clean.txSnapshot(hashes)
	if code, _, errs := clean.run("stats"); code != 0 || errs != "" {
		t.Fatalf("stats of a clean store: exit %d, stderr %q", code, errs)
	}

	v := newVigil(t)
	s, err := store.Open(v.data, nil)
	if err != nil {
		t.Fatal(err)
	}
	eth, _ := chain.Lookup("eth")
	batches := 0
	crashed := func() (p any) {
		defer func() { p = recover() }()
		_, err := ingest.EthereumETL(s, dir, ingest.Options{Chain: eth, Commit: &store.CommitOptions{
			ChunkMoves: 300,
			Progress: func(done, total int) {
				if batches++; batches == 1 {
					panic("crash")
				}
			},
		}})
		t.Errorf("ingest finished (err %v) without crashing", err)
		return nil
	}()
	if crashed != "crash" {
		t.Fatalf("recovered %v, want the injected crash", crashed)
	}
	j, err := s.Interrupted()
	if err != nil || j == nil || j.Chain != "eth" || j.Source != dir {
		t.Errorf("journal %+v (err %v), want eth from %s", j, err, dir)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	code, out, errs := v.run("stats", "--json")
	var doc statsDoc
	decodeOne(t, out, &doc)
	if code != 0 || !strings.Contains(errs, "interrupted") || strings.Count(errs, "\n") != 1 {
		t.Errorf("stats after the crash: exit %d, stderr %q; want a warning about the interrupted ingest", code, errs)
	}
	if len(doc.Chains) != 1 || doc.Chains[0].Blocks < 1 || doc.Chains[0].Blocks >= 30 ||
		doc.Chains[0].LastBlock-doc.Chains[0].FirstBlock+1 != uint64(doc.Chains[0].Blocks) {
		t.Errorf("stats after the crash %+v, want the first whole blocks of 30", doc.Chains)
	}

	v.ok("ingest", "ethereum-etl", "--quiet", dir)
	if _, _, errs := v.run("stats"); errs != "" {
		t.Errorf("stats after the resumed ingest warns: %q", errs)
	}
	if got := v.snapshot() + v.txSnapshot(hashes); got != want {
		t.Errorf("resumed ingest differs from an uninterrupted one:\n%s\nwant:\n%s", got, want)
	}
	v.checkRef("eth", r)
}
