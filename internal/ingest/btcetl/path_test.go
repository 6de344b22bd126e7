package btcetl

import (
	"bytes"
	"compress/gzip"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/inputerr"
)

// TestDirectory reads an export directory: blocks.json (untyped block
// records) next to transactions spread over two files, one of them gzip,
// with a null index and shuffled order.
func TestDirectory(t *testing.T) {
	src := filepath.Join(sharedData(t), "bitcoin-etl-fixtures", "tests-resources", "test_export_blocks_job", "bitcoin")
	dir := t.TempDir()
	blocks, err := os.ReadFile(filepath.Join(src, "block_with_transactions", "expected_blocks.json"))
	if err != nil {
		t.Fatal(err)
	}
	stream, err := os.ReadFile(filepath.Join(src, "stream_50001_50002", "expected_blocks.json"))
	if err != nil {
		t.Fatal(err)
	}
	txs, err := os.ReadFile(filepath.Join(src, "block_with_transactions", "expected_transactions.json"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(txs)), "\n")
	write := func(name string, data []byte) {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("0blocks.json", append(blocks, stream...))
	write("1tx.json", []byte(lines[3]+"\n"+lines[2]+"\n"))
	write("2tx.json.gz", gz(t, lines[1]+"\r\n\n"+lines[0]))
	write("notes.txt", []byte("ignored"))
	var calls []string
	opts := btcOpts()
	opts.Progress = func(file string, done, total, rows int64) {
		if done != total {
			t.Errorf("%s: progress at end %d of %d", file, done, total)
		}
		calls = append(calls, filepath.Base(file))
	}
	got, err := ParsePath(dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(calls) != 3 {
		t.Errorf("progress calls %v", calls)
	}
	addrs := opts.Addrs.(*chain.MapInterner)
	checkFixture(t, readExpected(t, filepath.Join(src, "block_with_transactions", "expected_transactions.json")), got, addrs)
}

func gz(t *testing.T, s string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write([]byte(s))
	zw.Close()
	return buf.Bytes()
}

func TestPathErrors(t *testing.T) {
	dir := t.TempDir()
	_, err := ParsePath(dir, btcOpts())
	if !inputerr.Is(err) || !strings.Contains(err.Error(), "no *.json") {
		t.Errorf("empty dir: %v", err)
	}
	if _, err := ParsePath(filepath.Join(dir, "nope.json"), btcOpts()); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
	eth, _ := chain.Lookup("eth")
	if _, err := Parse(strings.NewReader(""), "x", Options{Chain: eth, Addrs: &chain.MapInterner{}}); !inputerr.IsUsage(err) {
		t.Errorf("account chain: %v", err)
	}
	f := filepath.Join(dir, "b.json")
	os.WriteFile(f, []byte(coinbaseLine+"\n"+spendLine[:30]+"\n"), 0o644)
	_, err = ParsePath(f, btcOpts())
	checkInputErr(t, err, f, 2, "malformed JSON")
}

// TestIndexOrder: a null index takes the position of appearance in its
// block, across interleaved blocks.
func TestIndexOrder(t *testing.T) {
	cb := mod(t, coinbaseLine, `"index": 0, "inputs"`, `"inputs"`)
	sp := mod(t, spendLine, `"index": 1, "inputs"`, `"index": null, "inputs"`)
	other := mod(t, mod(t, cb, `"block_number": 7`, `"block_number": 3`), `"block_hash": "`+bh+`", `, ``)
	blocks, err := Parse(strings.NewReader(cb+"\n"+other+"\n"+sp+"\n"), "x", btcOpts())
	if err != nil {
		t.Fatal(err)
	}
	if len(blocks) != 2 || blocks[0].Header.Number != 3 || blocks[1].Header.Number != 7 {
		t.Fatalf("blocks %+v", blocks)
	}
	b := blocks[1]
	if len(b.Txs) != 2 || b.Txs[0].Hash.Hex() != h1 || b.Txs[1].Index != 1 || b.Txs[1].Hash.Hex() != h2 {
		t.Fatalf("block 7 txs %+v", b.Txs)
	}
	if b.Txs[1].Inputs[0].HasValue || b.Txs[1].Outputs[1].Value != 2000 {
		t.Fatalf("spend %+v", b.Txs[1])
	}
}

func TestValues(t *testing.T) {
	for in, want := range map[string]uint64{
		"0": 0, "-0": 0, "5000000000": 5000000000, "5e9": 5000000000, "5000000000.000": 5000000000,
		"50.0e8": 5000000000, "18446744073709551615": 1<<64 - 1, "0.0": 0, "1E+2": 100, "1000e-3": 1,
		"1.00000000000000000000": 1,
	} {
		if got, err := parseUint([]byte(in)); err != nil || got != want {
			t.Errorf("%s: %d, %v", in, got, err)
		}
	}
	for in, want := range map[string]error{
		"-1": errNegative, "0.5": errFraction, "1e-1": errFraction, "18446744073709551616": errOverflow,
		"1e20": errOverflow, "1e99999": errExpTooLarge, "-1.5": errNegative,
	} {
		if _, err := parseUint([]byte(in)); err != want {
			t.Errorf("%s: %v, want %v", in, err, want)
		}
	}
}
