package ethetl

import (
	"bytes"
	"compress/gzip"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vigil-project/vigil/internal/inputerr"
)

const (
	aA = "0x00000000000000000000000000000000000000aa"
	aB = "0x00000000000000000000000000000000000000bb"
	h1 = "0x1111111111111111111111111111111111111111111111111111111111111111"
	h2 = "0x2222222222222222222222222222222222222222222222222222222222222222"

	ttHdr = "token_address,from_address,to_address,value,transaction_hash,log_index,block_number\n"
	txHdr = "hash,block_number,transaction_index,from_address,to_address,value\n"
	trHdr = "block_number,transaction_hash,transaction_index,from_address,to_address,value,trace_type,call_type,trace_address,error,status\n"
)

func ttRow(value, hash, block string) string {
	return aA + "," + aA + "," + aB + "," + value + "," + hash + ",0," + block + "\n"
}

func gz(s string) string {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write([]byte(s))
	w.Close()
	return b.String()
}

func TestBadInput(t *testing.T) {
	good := ttHdr + ttRow("1", h1, "5")
	long := strings.Repeat(ttRow("1", h1, "5"), 5000)
	zipped := gz(ttHdr + long)
	tests := []struct {
		name  string
		files map[string]string
		file  string // base name in the error
		line  int
		why   string // substring of the reason
	}{
		{"bad decimal", map[string]string{"token_transfers.csv": ttHdr + ttRow("1", h1, "5") + ttRow("12x", h1, "5")},
			"token_transfers.csv", 3, "column value: not a decimal integer"},
		{"negative value", map[string]string{"transactions.csv": txHdr + h1 + ",5,0," + aA + "," + aB + ",-3\n"},
			"transactions.csv", 2, "column value: negative amount"},
		{"float value", map[string]string{"transactions.csv": txHdr + h1 + ",5,0," + aA + "," + aB + ",1.5\n"},
			"transactions.csv", 2, "column value: not a decimal integer"},
		{"bad hex address", map[string]string{"token_transfers.csv": ttHdr + strings.Replace(ttRow("1", h1, "5"), "aa,", "ag,", 1)},
			"token_transfers.csv", 2, "column token_address: not hex"},
		{"short hash", map[string]string{"token_transfers.csv": ttHdr + ttRow("1", "0x12", "5")},
			"token_transfers.csv", 2, "column transaction_hash: hash must have 64 hex digits"},
		{"bad block number", map[string]string{"token_transfers.csv": ttHdr + ttRow("1", h1, "five")},
			"token_transfers.csv", 2, "column block_number"},
		{"missing column", map[string]string{"token_transfers.csv": strings.Replace(good, "log_index", "logindex", 1)},
			"token_transfers.csv", 1, `missing column "log_index"`},
		{"duplicate column", map[string]string{"blocks.csv": "number,hash,timestamp,hash\n"},
			"blocks.csv", 1, `duplicate column "hash"`},
		{"wrong field count", map[string]string{"token_transfers.csv": good + "1,2,3\n"},
			"token_transfers.csv", 3, "wrong number of fields"},
		{"unterminated quote", map[string]string{"logs.csv": "log_index,transaction_hash,transaction_index,block_number,address,data,topics\n" +
			"0," + h1 + ",0,5," + aA + ",0x,\"0x12\n"}, "logs.csv", 2, "unterminated quoted field"},
		{"bare quote", map[string]string{"token_transfers.csv": good + ttRow("1\"", h1, "5")},
			"token_transfers.csv", 3, `bare "`},
		{"truncated gzip", map[string]string{"token_transfers.csv.gz": zipped[:len(zipped)/2]},
			"token_transfers.csv.gz", 0, "corrupt or truncated gzip data"},
		{"not gzip", map[string]string{"token_transfers.csv.gz": good},
			"token_transfers.csv.gz", 1, "not a valid gzip file"},
		{"gzip checksum", map[string]string{"token_transfers.csv.gz": zipped[:len(zipped)-8] + "\x00\x01\x02\x03" + zipped[len(zipped)-4:]},
			"token_transfers.csv.gz", 0, "corrupt or truncated gzip data"},
		{"token tx in another block", map[string]string{
			"transactions.csv":    txHdr + h1 + ",5,0," + aA + "," + aB + ",1\n",
			"token_transfers.csv": ttHdr + ttRow("1", h1, "6")},
			"token_transfers.csv", 2, "is in block 5, row says block 6"},
		{"token tx unknown", map[string]string{
			"transactions.csv":    txHdr + h1 + ",5,0," + aA + "," + aB + ",1\n",
			"token_transfers.csv": ttHdr + ttRow("1", h1, "5") + ttRow("1", h2, "5")},
			"token_transfers.csv", 3, "not found in transactions.csv"},
		{"token tx in two blocks without transactions", map[string]string{
			"token_transfers.csv": ttHdr + ttRow("1", h1, "5") + ttRow("1", h2, "5") + ttRow("1", h1, "6")},
			"token_transfers.csv", 4, "is in block 5, row says block 6"},
		{"trace tx in another block", map[string]string{
			"transactions.csv": txHdr + h1 + ",5,0," + aA + "," + aB + ",1\n",
			"traces.csv":       trHdr + "7," + h1 + ",0," + aA + "," + aB + ",1,call,call,,,1\n"},
			"traces.csv", 2, "is in block 5, row says block 7"},
		{"trace index mismatch", map[string]string{
			"transactions.csv": txHdr + h1 + ",5,0," + aA + "," + aB + ",1\n",
			"traces.csv":       trHdr + "5," + h1 + ",3," + aA + "," + aB + ",1,call,call,,,1\n"},
			"traces.csv", 2, "has index 0, row says 3"},
		{"unknown trace type", map[string]string{"traces.csv": trHdr + "5," + h1 + ",0," + aA + "," + aB + ",1,jump,call,,,1\n"},
			"traces.csv", 2, "column trace_type: unknown trace type"},
		{"bad status", map[string]string{"traces.csv": trHdr + "5," + h1 + ",0," + aA + "," + aB + ",1,call,call,,,2\n"},
			"traces.csv", 2, "column status: must be 0, 1 or empty"},
		{"duplicate tx", map[string]string{"transactions.csv": txHdr + h1 + ",5,0," + aA + "," + aB + ",1\n" + h1 + ",5,1," + aA + "," + aB + ",1\n"},
			"transactions.csv", 3, "duplicate transaction"},
		{"duplicate tx index", map[string]string{"transactions.csv": txHdr + h1 + ",5,0," + aA + "," + aB + ",1\n" + h2 + ",5,0," + aA + "," + aB + ",1\n"},
			"transactions.csv", 3, "already has a transaction with index 0"},
		{"bad withdrawals", map[string]string{"blocks.csv": "number,hash,timestamp,withdrawals\n5," + h1 + ",9,\"{\"\"address\"\":\"\"0x12\"\",\"\"amount\"\":1}\"\n"},
			"blocks.csv", 2, "column withdrawals: withdrawal 0: address"},
		{"duplicate block", map[string]string{"blocks.csv": "number,hash,timestamp\n5," + h1 + ",9\n5," + h1 + ",9\n"},
			"blocks.csv", 3, "duplicate block 5"},
		{"no files", map[string]string{"README": "x"}, "", 0, "no ethereum-etl files"},
		{"both csv and gz", map[string]string{"blocks.csv": "", "blocks.csv.gz": ""}, "", 0, "both blocks.csv and blocks.csv.gz"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, content := range tc.files {
				writeFile(t, dir, name, content)
			}
			_, err := tryParse(dir)
			var ie *inputerr.Error
			if !errors.As(err, &ie) {
				t.Fatalf("error %v (%T), want *inputerr.Error", err, err)
			}
			wantFile := dir
			if tc.file != "" {
				wantFile = filepath.Join(dir, tc.file)
			}
			if ie.File != wantFile || (tc.line > 0 && ie.Line != tc.line) || !strings.Contains(ie.Error(), tc.why) {
				t.Errorf("error %q (file %s line %d), want file %s line %d containing %q",
					ie.Error(), ie.File, ie.Line, wantFile, tc.line, tc.why)
			}
			t.Log(ie.Error())
			if tc.line == 0 && strings.HasSuffix(tc.file, ".gz") && ie.Line < 2 {
				t.Errorf("gzip error at line %d: want the line reached", ie.Line)
			}
		})
	}
}

func TestMissingDir(t *testing.T) {
	_, err := tryParse(filepath.Join(t.TempDir(), "nope"))
	if !inputerr.Is(err) {
		t.Fatalf("error %v, want input error", err)
	}
}

// TestEmptyFiles: 0-byte files and header-only files are no rows.
func TestEmptyFiles(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "traces.csv", "")
	writeFile(t, dir, "token_transfers.csv", ttHdr)
	r := parse(t, dir)
	if len(r.blocks) != 0 {
		t.Fatalf("%d blocks", len(r.blocks))
	}
}
