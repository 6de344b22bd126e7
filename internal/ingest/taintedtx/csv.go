package taintedtx

import (
	"bytes"
	"encoding/csv"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/vigil-project/vigil/internal/inputerr"
)

// table reads the records of one CSV file with a fixed header.
type table struct {
	path string
	r    *csv.Reader
	line int
}

// readTable loads dir/name and checks its header.
func readTable(dir, name string, header ...string) (*table, error) {
	path := filepath.Join(dir, name)
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.ReuseRecord = true
	r.FieldsPerRecord = len(header)
	t := &table{path: path, r: r}
	rec, err := t.next()
	if err == io.EOF {
		return nil, inputerr.New(path, 1, "empty file, want header %s", strings.Join(header, ","))
	}
	if err != nil {
		return nil, err
	}
	if strings.Join(rec, ",") != strings.Join(header, ",") {
		return nil, t.errf("header %q, want %q", strings.Join(rec, ","), strings.Join(header, ","))
	}
	return t, nil
}

// next returns the next record (valid until the following call) or io.EOF.
func (t *table) next() ([]string, error) {
	rec, err := t.r.Read()
	if err == io.EOF {
		return nil, err
	}
	if err != nil {
		line := t.line + 1
		if pe, ok := err.(*csv.ParseError); ok {
			line, err = pe.Line, pe.Err
		}
		return nil, inputerr.Wrap(t.path, line, err)
	}
	t.line, _ = t.r.FieldPos(0)
	return rec, nil
}

// errf reports bad input at the current record.
func (t *table) errf(format string, args ...any) error {
	return inputerr.New(t.path, t.line, format, args...)
}

// uint parses column col (named name) as a decimal integer <= max.
func (t *table) uint(rec []string, col int, name string, max uint64) (uint64, error) {
	v, err := strconv.ParseUint(rec[col], 10, 64)
	if err != nil || v > max {
		return 0, t.errf("%s %q: not an integer in 0..%d", name, rec[col], max)
	}
	return v, nil
}

// spender parses the spent_index column of tx_output.csv: empty (-1) or
// a float-formatted tx_index such as "171.0".
func (t *table) spender(s string) (int64, error) {
	if s == "" {
		return -1, nil
	}
	s = strings.TrimSuffix(s, ".0")
	v, err := strconv.ParseUint(s, 10, 63)
	if err != nil {
		return 0, t.errf("spent_index %q: not a transaction index", s)
	}
	return int64(v), nil
}

// vout splits a concatenated output_index into the output position, given
// the transaction index it starts with. For tx_index 0 the exporter's
// int("0"+"1") is just the position.
func (t *table) vout(outputIndex string, tx uint64) (uint32, error) {
	prefix := strconv.FormatUint(tx, 10)
	if tx == 0 {
		prefix = "" // int("0" + vout) lost the leading zero
	}
	rest, ok := strings.CutPrefix(outputIndex, prefix)
	if !ok || rest == "" || len(rest) > 1 && rest[0] == '0' {
		return 0, t.errf("output_index %q does not start with transaction %s and a position", outputIndex, prefix)
	}
	v, err := strconv.ParseUint(rest, 10, 32)
	if err != nil {
		return 0, t.errf("output_index %q: bad position %q", outputIndex, rest)
	}
	return uint32(v), nil
}

// addrRef splits an adr_index into address number and script type.
func (t *table) addrRef(s string) (num uint64, typ uint8, err error) {
	v, err := strconv.ParseUint(s, 10, 64)
	if err != nil || v < 10 {
		return 0, 0, t.errf("adr_index %q: not an address number followed by a type digit", s)
	}
	return v / 10, uint8(v % 10), nil
}
