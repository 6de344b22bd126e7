package ethetl

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/vigil-project/vigil/internal/inputerr"
)

// FuzzParseDir writes the fuzzed bytes as one file of an export dir
// (kind picks which), with an optional transactions.csv beside it, and
// checks that ParseDir never panics and fails only with *inputerr.Error.
func FuzzParseDir(f *testing.F) {
	tx := txHdr + h1 + ",5,0," + aA + "," + aB + ",1\n"
	f.Add(uint8(fileTokenTransfers), []byte(ttHdr+ttRow("1", h1, "5")), []byte(tx))
	f.Add(uint8(fileTraces), []byte(trHdr+"5,,0,"+aA+","+aB+",3,call,call,\"0,1\",,\n"), []byte(tx))
	f.Add(uint8(fileBlocks), []byte("number,hash,timestamp,withdrawals\n5,"+h1+",9,\"{\"\"address\"\":\""+aA+"\"\",\"\"amount\"\":1}\"\n"), []byte(nil))
	f.Add(uint8(fileReceipts), []byte("transaction_hash,block_number,transaction_index,status,contract_address\n"+h1+",5,0,0,"+aB+"\n"), []byte(tx))
	{
		for kind, rel := range map[int]string{
			fileLogs:     "test_extract_token_transfers_job/logs/logs.csv",
			fileTraces:   "test_export_traces_job/block_with_subtraces/expected_traces.csv",
			fileBlocks:   "test_export_blocks_job/blocks_with_transactions_and_withdrawals/expected_blocks.csv",
			fileReceipts: "test_export_receipts_job/receipts_with_logs/expected_receipts.csv",
		} {
			if b, err := os.ReadFile(seedPath(rel)); err == nil {
				f.Add(uint8(kind), b, []byte(nil))
			}
		}
	}
	f.Fuzz(func(t *testing.T, kind uint8, data, txs []byte) {
		dir := t.TempDir()
		k := int(kind) % numFiles
		writeFile(t, dir, fileNames[k]+".csv", string(data))
		if k != fileTransactions && len(txs) > 0 {
			writeFile(t, dir, "transactions.csv", string(txs))
		}
		_, err := tryParse(dir)
		var ie *inputerr.Error
		if err != nil && !errors.As(err, &ie) {
			t.Fatalf("error %v (%T) is not an input error", err, err)
		}
	})
}

// seedPath finds a fixture without skipping (fuzz seeds are optional).
func seedPath(rel string) string {
	if d := os.Getenv("VIGIL_SHARED_DATA"); d != "" {
		return filepath.Join(d, "ethereum-etl-fixtures", "tests-resources", rel)
	}
	dir, _ := os.Getwd()
	for d := dir; ; d = filepath.Dir(d) {
		p := filepath.Join(d, "shared", "data", "ethereum-etl-fixtures", "tests-resources", rel)
		if _, err := os.Stat(p); err == nil {
			return p
		}
		if filepath.Dir(d) == d {
			return ""
		}
	}
}
