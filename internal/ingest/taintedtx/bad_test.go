package taintedtx

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vigil-project/vigil/internal/inputerr"
)

// TestBadInput corrupts one file of a copy of the 2009 data per case.
func TestBadInput(t *testing.T) {
	src := dataDir(t)
	cases := []struct {
		name, file, old, new string
		line                 int
		reason               string
	}{
		{"input value", "tx_input.csv", "90,171,101,5000000000,9\n", "90,171,101,4000000000,9\n", 2, "differ from the spent output"},
		{"double spend", "tx_input.csv", "90,171,101,5000000000,9\n", "90,171,101,5000000000,9\n90,171,101,5000000000,9\n", 3, "output 0 of tx 9 is spent twice"},
		{"missing output", "tx_input.csv", "90,171,101,5000000000,9\n", "91,171,101,5000000000,9\n", 2, "spends output 1 of tx 9, which does not exist"},
		{"spends later tx", "tx_input.csv", "90,171,101,5000000000,9\n", "90,171,101,5000000000,172\n", 2, "tx 171 spends an output of tx 172, which is not earlier"},
		{"bad vout", "tx_input.csv", "90,171,101,5000000000,9\n", "9x,171,101,5000000000,9\n", 2, "bad position"},
		{"short hash", "tx_hash.csv", "1,0e3e2357e806b6cdb1f70b54c3a3a17b6714ee1f0e68bebb44a74b1efd512098\n", "1,0e3e\n", 3, "tx_hash \"0e3e\""},
		{"hash gap", "tx_hash.csv", "1,0e3e2357", "5,0e3e2357", 3, "tx_index 5, want 1"},
		{"header", "tx_height.csv", "tx_index,block_index", "tx,block_index", 1, "header"},
		{"conflicting duplicate", "tx_output.csv", "90,9,101,5000000000,171.0\n", "90,9,101,5000000000,171.0\n90,9,101,5000000001,171.0\n", 12, "given twice with different data"},
		{"negative fee", "tx_output.csv", "1710,171,1721,1000000000,156741.0", "1710,171,1721,1000000001,156741.0", 0, "tx 171 pays out 5000000001 but takes in 5000000000"},
		{"spender mismatch", "tx_output.csv", "90,9,101,5000000000,171.0", "90,9,101,5000000000,172.0", 2, "says spent_index 172"},
		{"unknown address", "tx_output.csv", "90,9,101,5000000000", "90,9,99999991,5000000000", 11, "address 9999999 not in adr_hash.csv"},
		{"bad value", "tx_output.csv", "90,9,101,5000000000", "90,9,101,-5", 11, "output_value \"-5\""},
		{"field count", "tx_output.csv", "90,9,101,5000000000,171.0", "90,9,101", 11, "wrong number of fields"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			for _, f := range []string{"tx_hash.csv", "tx_height.csv", "adr_hash.csv", "tx_output.csv", "tx_input.csv"} {
				data, err := os.ReadFile(filepath.Join(src, f))
				if err != nil {
					t.Fatal(err)
				}
				s := string(data)
				if f == tc.file {
					if !strings.Contains(s, tc.old) {
						t.Fatalf("%q not in %s", tc.old, f)
					}
					s = strings.Replace(s, tc.old, tc.new, 1)
				}
				if err := os.WriteFile(filepath.Join(dir, f), []byte(s), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			_, err := Convert(dir, io.Discard)
			var ie *inputerr.Error
			if !errors.As(err, &ie) {
				t.Fatalf("want *inputerr.Error, got %v", err)
			}
			if !strings.HasSuffix(ie.File, ".csv") || ie.Line != tc.line || !strings.Contains(ie.Err.Error(), tc.reason) {
				t.Fatalf("got %v\nwant line %d: ...%s...", err, tc.line, tc.reason)
			}
		})
	}
}
