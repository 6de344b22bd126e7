package btcetl

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/inputerr"
)

const (
	h1 = "4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b"
	h2 = "0e3e2357e806b6cdb1f70b54c3a3a17b6714ee1f0e68bebb44a74b1efd512098"
	bh = "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f"
)

// coinbaseLine and spendLine are valid transactions of block 7 that the
// cases below modify.
var (
	coinbaseLine = `{"hash": "` + h1 + `", "block_number": 7, "block_hash": "` + bh + `", "block_timestamp": 1231006505, "is_coinbase": true, "index": 0, "inputs": [], "outputs": [{"index": 0, "script_asm": "x", "addresses": ["1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"], "value": 5000000000}]}`
	spendLine    = `{"hash": "` + h2 + `", "block_number": 7, "block_hash": "` + bh + `", "block_timestamp": 1231006505, "is_coinbase": false, "index": 1, "inputs": [{"index": 0, "spent_transaction_hash": "` + h1 + `", "spent_output_index": 0, "addresses": [], "value": null}], "outputs": [{"index": 0, "addresses": ["12c6DSiU4Rq3P4ZxziKxzrL5LmMBrzjrJX"], "value": 1000}, {"index": 1, "addresses": ["1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"], "value": 2000}]}`
)

// mod returns line with old replaced by new exactly once.
func mod(t *testing.T, line, old, new string) string {
	t.Helper()
	if strings.Count(line, old) != 1 {
		t.Fatalf("%q not exactly once in %s", old, line)
	}
	return strings.Replace(line, old, new, 1)
}

func btcOpts() Options {
	c, _ := chain.Lookup("btc")
	return Options{Chain: c, Addrs: &chain.MapInterner{}}
}

func TestBadInput(t *testing.T) {
	cb, sp := coinbaseLine, spendLine
	many := strings.Repeat(`"1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa",`, 20) + `"1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"`
	cases := []struct {
		name, input string
		line        int
		reason      string
	}{
		{"truncated JSON", cb[:60], 1, "malformed JSON at column 61: unterminated string"},
		{"not an object", `[1,2]`, 1, "malformed JSON at column 1"},
		{"trailing garbage", cb + ` x`, 1, "want end of line after the object"},
		{"trailing comma", mod(t, cb, `"index": 0, "inputs"`, `"index": 0,, "inputs"`), 1, "malformed JSON"},
		{"bad literal", mod(t, cb, `true`, `tru`), 1, "malformed JSON"},
		{"bad number", mod(t, cb, `1231006505`, `01`), 1, "malformed JSON"},
		{"control char", mod(t, cb, `"x"`, "\"a\tb\""), 1, "control character"},
		{"bad escape", mod(t, cb, `"x"`, `"\q"`), 1, `bad escape \q`},
		{"missing hash", mod(t, cb, `"hash": "`+h1+`", `, ``), 1, "hash: missing"},
		{"null hash", mod(t, cb, `"`+h1+`"`, `null`), 1, "hash: missing (null)"},
		{"missing block_number", mod(t, cb, `"block_number": 7, `, ``), 1, "block_number: missing"},
		{"null block_number", mod(t, cb, `"block_number": 7`, `"block_number": null`), 1, "block_number: missing (null)"},
		{"missing outputs", mod(t, sp, `, "outputs": [{"index": 0, "addresses": ["12c6DSiU4Rq3P4ZxziKxzrL5LmMBrzjrJX"], "value": 1000}, {"index": 1, "addresses": ["1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"], "value": 2000}]`, ``), 1, "outputs: missing"},
		{"bad hex hash", mod(t, cb, h1, "zz"+h1[2:]), 1, "hash: bad hash"},
		{"short hash", mod(t, cb, h1, h1[:62]), 1, "hash: bad hash"},
		{"bad block_hash", mod(t, cb, bh, bh[:10]), 1, "block_hash: bad hash"},
		{"negative value", mod(t, sp, `"value": 2000`, `"value": -2000`), 1, "outputs[1].value: negative"},
		{"fraction", mod(t, sp, `"value": 1000`, `"value": 1000.5`), 1, "outputs[0].value: not an integer"},
		{"string value", mod(t, sp, `"value": 1000`, `"value": "1000"`), 1, "outputs[0].value: not a number"},
		{"overflow", mod(t, sp, `"value": 1000`, `"value": 18446744073709551616`), 1, "outputs[0].value: too large"},
		{"null output value", mod(t, sp, `"value": 1000`, `"value": null`), 1, "outputs[0].value: missing"},
		{"negative input value", mod(t, sp, `"value": null`, `"value": -1`), 1, "inputs[0].value: negative"},
		{"no inputs", mod(t, sp, `"inputs": [{"index": 0, "spent_transaction_hash": "`+h1+`", "spent_output_index": 0, "addresses": [], "value": null}]`, `"inputs": []`), 1, "inputs: transaction is not coinbase and has no inputs"},
		{"coinbase with inputs", mod(t, sp, `"is_coinbase": false`, `"is_coinbase": true`), 1, "inputs: coinbase transaction has inputs"},
		{"dup output index", mod(t, sp, `"index": 1, "addresses"`, `"index": 0, "addresses"`), 1, "outputs[1].index: duplicate index 0"},
		{"bad spent hash", mod(t, sp, `"spent_transaction_hash": "`+h1, `"spent_transaction_hash": "x`+h1[1:]), 1, "inputs[0].spent_transaction_hash: bad hash"},
		{"no spent index", mod(t, sp, `"spent_output_index": 0`, `"spent_output_index": null`), 1, "inputs[0].spent_output_index: missing"},
		{"null spent hash", mod(t, sp, `"`+h1+`"`, `null`), 1, "inputs[0].spent_transaction_hash: missing (null) on an input that is not shielded"},
		{"spent index overflow", mod(t, sp, `"spent_output_index": 0`, `"spent_output_index": 4294967296`), 1, "inputs[0].spent_output_index: too large"},
		{"bad address", mod(t, cb, `1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa`, `1A1z P1`), 1, `outputs[0].addresses[0]: address "1A1z P1"`},
		{"empty address", mod(t, cb, `"1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"`, `""`), 1, `outputs[0].addresses[0]: address ""`},
		{"reserved prefix", mod(t, cb, `1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa`, `multisig:1A1z`), 1, `is reserved`},
		{"too many multisig", mod(t, cb, `"1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"`, many), 1, "outputs[0].addresses[20]: more than 20 addresses"},
		{"address not string", mod(t, cb, `"1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"`, `7`), 1, "outputs[0].addresses[0]: not a string"},
		{"dup field", mod(t, cb, `"value": 5000000000`, `"value": 5000000000, "value": 1`), 1, "outputs[0].value: duplicate field"},
		{"dup top field", mod(t, cb, `"index": 0, "inputs"`, `"index": 0, "index": 0, "inputs"`), 1, "index: duplicate field"},
		{"index overflow", mod(t, cb, `"index": 0, "inputs"`, `"index": 4294967296, "inputs"`), 1, "index: too large"},
		{"coinbase not bool", mod(t, cb, `"is_coinbase": true`, `"is_coinbase": 1`), 1, "is_coinbase: not a boolean"},
		{"inputs not array", mod(t, cb, `"inputs": []`, `"inputs": {}`), 1, "inputs: not an array"},
		{"output not object", mod(t, cb, `"outputs": [{`, `"outputs": [7, {`), 1, "outputs[0]: not an object"},
		{"negative time", mod(t, cb, `1231006505`, `-5`), 1, "block_timestamp: negative"},
		{"later line", cb + "\n\n" + mod(t, sp, `"value": 2000`, `"value": 2e-3`), 3, "outputs[1].value: not an integer"},
		{"dup tx index", cb + "\n" + mod(t, sp, `"index": 1, "inputs"`, `"index": 0, "inputs"`), 2, "index: duplicate transaction index 0 in block 7"},
		{"dup tx hash", mod(t, cb, `"index": 0, "inputs"`, `"index": null, "inputs"`) + "\n" + mod(t, cb, `"index": 0, "inputs"`, `"index": null, "inputs"`), 2, "hash: transaction " + h1 + " appears twice in block 7"},
		{"block hash conflict", cb + "\n" + mod(t, sp, bh, h2), 2, "block_hash: " + h2 + " differs from " + bh},
		{"timestamp conflict", cb + "\n" + mod(t, sp, `1231006505`, `1231006506`), 2, "block_timestamp: 1231006506 differs from 1231006505"},
		{"nesting", mod(t, cb, `"x"`, strings.Repeat("[", 600)+strings.Repeat("]", 600)), 1, "nesting too deep"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse(strings.NewReader(tc.input), "in.json", btcOpts())
			checkInputErr(t, err, "in.json", tc.line, tc.reason)
		})
	}
}

// checkInputErr requires err to be *inputerr.Error at file:line with reason.
func checkInputErr(t *testing.T, err error, file string, line int, reason string) {
	t.Helper()
	var ie *inputerr.Error
	if !errors.As(err, &ie) {
		t.Fatalf("want *inputerr.Error, got %T %v", err, err)
	}
	if ie.File != file || ie.Line != line || !strings.Contains(ie.Err.Error(), reason) {
		t.Fatalf("got %s:%d: %v\nwant %s:%d: ...%s...", ie.File, ie.Line, ie.Err, file, line, reason)
	}
}

func TestGzip(t *testing.T) {
	dir := t.TempDir()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	for i := 0; i < 3000; i++ { // enough lines to truncate in the middle
		line := mod(t, coinbaseLine, `"block_number": 7`, fmt.Sprintf(`"block_number": %d`, i))
		fmt.Fprintln(zw, mod(t, line, `"block_hash": "`+bh+`", `, ``))
	}
	zw.Close()
	full := filepath.Join(dir, "a.json.gz")
	if err := os.WriteFile(full, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	blocks, err := ParsePath(full, btcOpts())
	if err != nil || len(blocks) != 3000 {
		t.Fatalf("full gzip: %d blocks, %v", len(blocks), err)
	}
	cut := filepath.Join(dir, "cut.json.gz")
	if err := os.WriteFile(cut, buf.Bytes()[:buf.Len()/2], 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = ParsePath(cut, btcOpts())
	var ie *inputerr.Error
	if !errors.As(err, &ie) || ie.File != cut || ie.Line < 2 || !strings.Contains(ie.Err.Error(), "gzip stream truncated while reading line") {
		t.Fatalf("truncated gzip: %v", err)
	}
	if !strings.Contains(ie.Err.Error(), fmt.Sprintf("line %d", ie.Line)) {
		t.Fatalf("error does not name the line reached: %v", err)
	}
}
