package ethetl

import (
	"bufio"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync/atomic"

	"github.com/vigil-project/vigil/internal/ingest/csvscan"
	"github.com/vigil-project/vigil/internal/inputerr"
)

// column names one column a parser wants; required ones must be in the
// header.
type column struct {
	name     string
	required bool
}

// progressEvery is how many rows pass between Progress calls.
const progressEvery = 1 << 16

// table is one open CSV file with its header mapped to the wanted columns.
type table struct {
	path  string
	cols  []column
	idx   []int // field index of each wanted column, -1 when absent
	f     *os.File
	cnt   countReader
	gz    *gzip.Reader
	async *asyncReader
	sc    *csvscan.Scanner
	row   [][]byte
	size  int64
	rows  int64
	at    int // the line of errors when there is no scanner (merging a parallel parse)
	progF func(file string, bytesDone, bytesTotal int64, rows int64)
}

// countReader counts the bytes read from the file (compressed bytes for
// gzip), for progress. The read-ahead goroutine reads; the parser reports:
// hence atomic.
type countReader struct {
	r io.Reader
	n atomic.Int64
}

func (c *countReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// openTable opens path and maps its header. It returns (nil, nil) for an
// empty file.
func openTable(path string, cols []column, progress func(string, int64, int64, int64)) (*table, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("ethereum-etl: %w", err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("ethereum-etl: %w", err)
	}
	if st.Size() == 0 {
		f.Close()
		return nil, nil
	}
	t := &table{path: path, cols: cols, f: f, size: st.Size(), progF: progress}
	t.cnt.r = f
	var r io.Reader = &t.cnt
	if strings.HasSuffix(path, ".gz") {
		t.gz, err = gzip.NewReader(bufio.NewReaderSize(&t.cnt, 1<<16))
		if err != nil {
			f.Close()
			return nil, inputerr.New(path, 1, "not a valid gzip file: %v", err)
		}
		r = t.gz
	}
	// Read (and inflate) ahead on another goroutine: measured faster for
	// plain files too, since reads then never stall the parser.
	t.async = newAsyncReader(r)
	t.sc = csvscan.New(t.async)
	if err := t.header(); err != nil {
		t.close()
		return nil, err
	}
	return t, nil
}

// header reads the first record and locates the wanted columns.
func (t *table) header() error {
	if !t.sc.Next() {
		if err := t.sc.Err(); err != nil {
			return t.scanErr(err)
		}
		return nil // only blank lines: no rows
	}
	seen := make(map[string]int, len(t.sc.Fields()))
	for i, f := range t.sc.Fields() {
		name := strings.TrimSpace(string(f))
		if _, dup := seen[name]; dup && name != "" {
			return inputerr.New(t.path, 1, "header: duplicate column %q", name)
		}
		seen[name] = i
	}
	t.idx = make([]int, len(t.cols))
	for i, c := range t.cols {
		j, ok := seen[c.name]
		if !ok {
			if c.required {
				return inputerr.New(t.path, 1, "header: missing column %q", c.name)
			}
			j = -1
		}
		t.idx[i] = j
	}
	return nil
}

// next advances to the next data row.
func (t *table) next() (bool, error) {
	if t.idx == nil {
		return false, nil
	}
	if !t.sc.Next() {
		t.progress()
		if err := t.sc.Err(); err != nil {
			return false, t.scanErr(err)
		}
		return false, nil
	}
	t.row = t.sc.Fields()
	t.rows++
	if t.rows%progressEvery == 0 {
		t.progress()
	}
	return true, nil
}

func (t *table) progress() {
	if t.progF != nil {
		done := t.cnt.n.Load()
		if t.gz == nil && t.async != nil {
			done = t.async.consumed // plain: what the parser has taken, not read ahead
		}
		t.progF(t.path, done, t.size, t.rows)
	}
}

// has reports whether wanted column c is in the file.
func (t *table) has(c int) bool { return t.idx[c] >= 0 }

// get returns the field of wanted column c in the current row (nil when the
// column is absent).
func (t *table) get(c int) []byte {
	if j := t.idx[c]; j >= 0 {
		return t.row[j]
	}
	return nil
}

// line is the 1-based line of the current row.
func (t *table) line() int {
	if t.sc == nil {
		return t.at
	}
	return t.sc.Line()
}

// each calls row on every row left, stopping at the first error of the
// scan or of row.
func (t *table) each(row func(*table) error) error {
	for {
		ok, err := t.next()
		if !ok {
			return err
		}
		if err := row(t); err != nil {
			return err
		}
	}
}

// bad is the error for a bad value in column c of the current row.
func (t *table) bad(c int, err error) error {
	return inputerr.Wrap(t.path, t.line(), fmt.Errorf("column %s: %w", t.cols[c].name, err))
}

// badf is the error for a bad current row.
func (t *table) badf(format string, args ...any) error {
	return inputerr.New(t.path, t.line(), format, args...)
}

// scanErr maps a scanner error to an input error at its line.
func (t *table) scanErr(err error) error {
	var se *csvscan.Error
	if !errors.As(err, &se) {
		return inputerr.Wrap(t.path, 0, err)
	}
	switch {
	case t.gz != nil && !isSyntax(se.Err):
		return inputerr.New(t.path, se.Line, "corrupt or truncated gzip data (line %d reached): %v", se.Line, se.Err)
	case !isSyntax(se.Err):
		return fmt.Errorf("ethereum-etl: reading %s: %w", t.path, se.Err)
	case errors.Is(se.Err, csvscan.ErrFieldCount):
		return inputerr.New(t.path, se.Line, "malformed row: %v (%s)", se.Err, se.Msg)
	}
	return inputerr.New(t.path, se.Line, "malformed row: %v", se.Err)
}

func isSyntax(err error) bool {
	for _, e := range []error{csvscan.ErrFieldCount, csvscan.ErrBareQuote, csvscan.ErrQuote,
		csvscan.ErrUnclosed, csvscan.ErrTooLong} {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}

func (t *table) close() {
	if t.async != nil {
		t.async.Close()
	}
	if t.gz != nil {
		t.gz.Close()
	}
	t.f.Close()
}
