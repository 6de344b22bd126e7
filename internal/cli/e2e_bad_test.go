package cli_test

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vigil-project/vigil/internal/demo"
)

// demoStore returns a vigil with the bundled demo exports ingested, and the
// extracted export directories.
func demoStore(t testing.TB) (v *vigil, ethDir, btcDir string) {
	p, err := demo.Extract(t.TempDir())
	ethDir, btcDir = p.Eth, p.Btc
	if err != nil {
		t.Fatal(err)
	}
	v = newVigil(t)
	v.ok("ingest", "ethereum-etl", "--quiet", ethDir)
	v.ok("ingest", "bitcoin-etl", "--quiet", btcDir)
	return v, ethDir, btcDir
}

const (
	demoEthAddr = "0xcca3e571400b299f3e09616721ccd0be0529226d" // receives 14.03 ETH in the demo blocks
	demoEthFrom = "0x64a018b23b4d7a077dffa6723462bc722861c5ad"
	demoEthTx   = "0xec7cc4df1ff542793053335700f18d59c3f870e1e4820a42d558c76db832bd14"
	demoBTCTx   = "7940cdde4d713e171849efc6bd89939185be270266c94e92369e3877ad89455a"
	demoBTCFrom = "1DoQeKfU3dYhN9bxMpFFcVUnufCPDqSPae"
)

// fullSnapshot is snapshot plus `tx --json` of demo transactions.
func (v *vigil) fullSnapshot() string {
	s := v.snapshot("eth:"+demoEthAddr, "eth:"+demoEthFrom, "btc:"+genesisAddr, "btc:"+demoBTCFrom)
	_, a, _ := v.run("tx", "--chain", "eth", demoEthTx, "--json")
	_, b, _ := v.run("tx", "--chain", "btc", demoBTCTx, "--json")
	return s + a + b
}

func hash64(c byte) string { return "0x" + strings.Repeat(string(c), 64) }

// truncatedGzip gzips content, cuts it and returns the cut bytes and the
// line the reader reaches.
func truncatedGzip(t testing.TB, content string) ([]byte, int) {
	full := gzipBytes(t, []byte(content))
	cut := full[:len(full)*2/3]
	zr, err := gzip.NewReader(bytes.NewReader(cut))
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(zr)
	if err == nil {
		t.Fatal("truncated gzip reads without error")
	}
	return cut, bytes.Count(got, []byte("\n")) + 1
}

// TestBadInput runs bad inputs through `vigil ingest` on a store holding
// the demo data: each must exit 2 with one stderr line
// "vigil: ...<file>:<line>: <why>" and leave the store unchanged.
func TestBadInput(t *testing.T) {
	v, _, _ := demoStore(t)
	before := v.fullSnapshot()
	if !strings.Contains(before, `"transactions": 298`) {
		t.Fatalf("demo store stats:\n%s", before)
	}

	a, b := demoEthAddr, demoEthFrom
	const hdr = "hash,block_number,transaction_index,from_address,to_address,value\n"
	// Valid rows for a stored block and a new one: the bad rows below come
	// after them, so a half-written ingest would show.
	good := hash64('1') + ",17173051,0," + a + "," + b + ",1000\n" + hash64('2') + ",17173049,0," + b + "," + a + ",7\n"
	row := func(f ...string) string { return strings.Join(f, ",") + "\n" }
	txRow := func(value string) string { return row(hash64('3'), "17173051", "1", a, b, value) }
	var many strings.Builder
	many.WriteString(hdr)
	for i := range 3000 {
		fmt.Fprintf(&many, "0x%064x,%d,%d,%s,%s,%d\n", i+1, 17173051+i/100, i%100, a, b, i+1)
	}
	gz, gzLine := truncatedGzip(t, many.String())
	const thdr = "token_address,from_address,to_address,value,transaction_hash,log_index,block_number\n"
	const trhdr = "block_number,transaction_hash,transaction_index,from_address,to_address,value,trace_type,call_type,trace_address,error,status\n"
	const bhdr = "number,hash,timestamp,withdrawals\n"
	btcGood := `{"hash":"` + strings.Repeat("aa", 32) + `","block_number":3,"is_coinbase":true,"index":0,"inputs":[],"outputs":[{"index":0,"addresses":["1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"],"value":100}]}` + "\n"
	btcTx := func(value string) string {
		return `{"hash":"` + strings.Repeat("cd", 32) + `","block_number":4,"is_coinbase":false,"index":0,"inputs":[{"spent_transaction_hash":"` +
			strings.Repeat("ef", 32) + `","spent_output_index":0,"addresses":["` + demoBTCFrom + `"],"value":` + value +
			`}],"outputs":[{"index":0,"addresses":["` + genesisAddr + `"],"value":5}]}` + "\n"
	}
	btcOK := strings.Replace(btcGood, strings.Repeat("aa", 32), strings.Repeat("ab", 32), 1)

	tests := []struct {
		name   string
		format string            // ethereum-etl (default) or bitcoin-etl
		files  map[string]string // file name -> content; "" name: PATH is the file itself
		raw    map[string][]byte
		args   []string // extra flags
		file   string   // bad file (relative to the input dir; "." the dir)
		line   int      // 0: no line
		why    string
	}{
		{name: "too few fields", files: map[string]string{"transactions.csv": hdr + good + row(hash64('3'), "17173051", "1")},
			file: "transactions.csv", line: 4, why: "field"},
		{name: "missing column", files: map[string]string{"transactions.csv": strings.Replace(hdr, ",value", "", 1) + good},
			file: "transactions.csv", line: 1, why: "value"},
		{name: "not a header", files: map[string]string{"transactions.csv": "hello world\n" + good}, file: "transactions.csv", line: 1, why: "column"},
		{name: "bad hex address", files: map[string]string{"transactions.csv": hdr + good + row(hash64('3'), "17173051", "1", "0x"+strings.Repeat("zz", 20), b, "5")},
			file: "transactions.csv", line: 4, why: "from_address"},
		{name: "short address", files: map[string]string{"transactions.csv": hdr + good + row(hash64('3'), "17173051", "1", a, "0x1234", "5")},
			file: "transactions.csv", line: 4, why: "to_address"},
		{name: "bad hash", files: map[string]string{"transactions.csv": hdr + good + row("0x12g4", "17173051", "1", a, b, "5")},
			file: "transactions.csv", line: 4, why: "hash"},
		{name: "negative value", files: map[string]string{"transactions.csv": hdr + good + txRow("-5")}, file: "transactions.csv", line: 4, why: "value"},
		{name: "non-numeric value", files: map[string]string{"transactions.csv": hdr + good + txRow("12a")}, file: "transactions.csv", line: 4, why: "value"},
		{name: "fractional value", files: map[string]string{"transactions.csv": hdr + good + txRow("1.5")}, file: "transactions.csv", line: 4, why: "value"},
		{name: "value over 256 bits", files: map[string]string{"transactions.csv": hdr + good + txRow("1"+strings.Repeat("0", 78))},
			file: "transactions.csv", line: 4, why: "value"},
		{name: "negative block", files: map[string]string{"transactions.csv": hdr + good + row(hash64('3'), "-1", "1", a, b, "5")},
			file: "transactions.csv", line: 4, why: "block_number"},
		{name: "unterminated quote", files: map[string]string{"transactions.csv": hdr + good + row(hash64('3'), "17173051", "1", a, b, `"5`)},
			file: "transactions.csv", line: 4, why: "quote"},
		{name: "truncated gzip", raw: map[string][]byte{"transactions.csv.gz": gz}, file: "transactions.csv.gz", line: gzLine, why: "gzip"},
		{name: "not gzip", raw: map[string][]byte{"transactions.csv.gz": []byte(hdr + good)}, file: "transactions.csv.gz", line: 1, why: "gzip"},
		{name: "token value", files: map[string]string{"token_transfers.csv": thdr + row(b, a, b, "-1", hash64('4'), "0", "17173051")},
			file: "token_transfers.csv", line: 2, why: "value"},
		{name: "token tx not in transactions.csv", files: map[string]string{"transactions.csv": hdr + good,
			"token_transfers.csv": thdr + row(b, a, b, "1", hash64('4'), "0", "17173051")}, file: "token_transfers.csv", line: 2, why: "transaction"},
		{name: "trace call type", files: map[string]string{"traces.csv": trhdr + row("17173051", hash64('5'), "0", a, b, "1", "call", "jump", "", "", "1")},
			file: "traces.csv", line: 2, why: "call_type"},
		{name: "trace type", files: map[string]string{"traces.csv": trhdr + row("17173051", hash64('5'), "0", a, b, "1", "teleport", "", "", "", "1")},
			file: "traces.csv", line: 2, why: "trace_type"},
		{name: "withdrawals", files: map[string]string{"blocks.csv": bhdr + row("17173051", hash64('6'), "1683030000", `"{""address"":""0x12"",""amount"":1}"`)},
			file: "blocks.csv", line: 2, why: "withdrawals"},
		{name: "csv and csv.gz", files: map[string]string{"transactions.csv": hdr + good}, raw: map[string][]byte{"transactions.csv.gz": gzipBytes(t, []byte(hdr+good))},
			file: ".", why: "both"},
		{name: "no files", files: map[string]string{"README": "x"}, file: ".", why: "no ethereum-etl files"},
		{name: "missing dir", file: "nonexistent", why: "no such file"},
		{name: "unknown spent output", format: "bitcoin-etl", files: map[string]string{"": btcGood + btcTx("null")}, line: 2, why: "not in the store"},
		{name: "malformed json", format: "bitcoin-etl", files: map[string]string{"": btcGood + btcTx("5")[:120] + "\n"}, line: 2, why: "malformed JSON"},
		{name: "negative satoshi", format: "bitcoin-etl", files: map[string]string{"": btcGood + btcTx("-5")}, line: 2, why: "value"},
		{name: "non-numeric satoshi", format: "bitcoin-etl", files: map[string]string{"": btcGood + btcTx(`"abc"`)}, line: 2, why: "value"},
		{name: "fractional satoshi", format: "bitcoin-etl", files: map[string]string{"": btcGood + btcTx("1.5")}, line: 2, why: "value"},
		{name: "bad tx hash", format: "bitcoin-etl", files: map[string]string{"": btcGood + strings.Replace(btcTx("5"), strings.Repeat("cd", 32), "xyz", 1)},
			line: 2, why: "hash"},
		{name: "bad second file", format: "bitcoin-etl", files: map[string]string{"a.json": btcOK, "b.json": btcGood + btcTx("-5")},
			file: "b.json", line: 2, why: "value"},
		{name: "unknown chain", args: []string{"--chain", "xyz"}, files: map[string]string{"transactions.csv": hdr + good}, why: `unknown chain "xyz"`},
		{name: "utxo chain for ethereum-etl", args: []string{"--chain", "btc"}, files: map[string]string{"transactions.csv": hdr + good}, why: "not an account chain"},
		{name: "account chain for bitcoin-etl", format: "bitcoin-etl", args: []string{"--chain", "eth"}, files: map[string]string{"": btcGood}, why: "not a UTXO chain"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := dir
			for name, content := range tc.files {
				if name == "" {
					path = filepath.Join(dir, "transactions.json")
					name = "transactions.json"
				}
				writeFile(t, filepath.Join(dir, name), []byte(content))
			}
			for name, content := range tc.raw {
				writeFile(t, filepath.Join(dir, name), content)
			}
			if tc.file == "nonexistent" {
				path = filepath.Join(dir, "nonexistent")
			}
			format := tc.format
			if format == "" {
				format = "ethereum-etl"
			}
			args := append(append([]string{"ingest", format, "--quiet"}, tc.args...), path)
			code, out, stderr := v.run(args...)
			where := path
			if tc.file != "" && tc.file != "." && tc.file != "nonexistent" {
				where = filepath.Join(dir, tc.file)
			}
			if tc.line > 0 {
				where += fmt.Sprintf(":%d", tc.line)
			}
			where += ": "
			if tc.args != nil { // usage errors name no file
				where = ""
			}
			t.Log(strings.TrimSpace(stderr))
			if code != 2 || out != "" || strings.Count(stderr, "\n") != 1 || !strings.HasPrefix(stderr, "vigil: ") ||
				!strings.Contains(stderr, where) || !strings.Contains(stderr, tc.why) {
				t.Errorf("exit %d, stdout %q, stderr %q\nwant exit 2, one line naming %q and %q", code, out, stderr, where, tc.why)
			}
			if after := v.fullSnapshot(); after != before {
				t.Errorf("store changed:\nbefore:\n%s\nafter:\n%s", before, after)
			}
		})
	}
	if _, err := os.Stat(v.data); err != nil {
		t.Fatal(err)
	}
}
