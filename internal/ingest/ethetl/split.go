package ethetl

import (
	"bytes"
	"errors"
	"io"
	"os"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/vigil-project/vigil/internal/ingest/csvscan"
	"github.com/vigil-project/vigil/internal/inputerr"
)

// parallelMin is the size from which a plain file is parsed in parts on
// all cores; smaller files (and .csv.gz) are parsed sequentially. Tests
// lower it.
var parallelMin int64 = 8 << 20

// parallelParts overrides the number of parts (0: GOMAXPROCS). Tests set it.
var parallelParts = 0

// maxHeader bounds the header line of a file parsed in parts.
const maxHeader = 64 << 10

// errQuoted stops the scan of a part at the first double quote: a file
// with quotes is parsed sequentially, since a quoted field may hold a line
// break where the file was split.
var errQuoted = errors.New("double quote in a part parsed in parallel")

// split is a plain CSV file cut at line boundaries after its header line,
// one table per part. Part i holds bytes bounds[i]..bounds[i+1]; its lines
// are numbered from 1 (shiftLine makes them file lines).
type split struct {
	path   string
	f      *os.File
	size   int64
	bounds []int64
	parts  []*table
	rows   []atomic.Int64 // rows parsed per part, for progress
	progF  func(file string, bytesDone, bytesTotal int64, rows int64)
	quotes bool           // parts may hold quotes (splitFileQuoted)
	qr     []*quoteReader // per part
}

// splitFile prepares path for a parallel parse. It returns nil, nil when the
// file should be parsed sequentially: compressed, small, one core, or a
// header line that is not plain (quotes, blank, longer than maxHeader). A
// bad header is an error, exactly as openTable reports it. A part fails
// with errQuoted at a double quote.
func splitFile(path string, cols []column, progress func(string, int64, int64, int64)) (*split, error) {
	return openSplit(path, cols, progress, false)
}

// splitFileQuoted is splitFile for files that may hold quoted fields:
// parts note double quotes instead of failing, and quotedBefore says
// whether the cuts can be trusted.
func splitFileQuoted(path string, cols []column, progress func(string, int64, int64, int64)) (*split, error) {
	return openSplit(path, cols, progress, true)
}

func openSplit(path string, cols []column, progress func(string, int64, int64, int64), quotes bool) (*split, error) {
	n := parallelParts
	if n == 0 {
		n = runtime.GOMAXPROCS(0)
	}
	if n < 2 || strings.HasSuffix(path, ".gz") {
		return nil, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, nil // openTable reports it
	}
	st, err := f.Stat()
	if err != nil || st.Size() < max(parallelMin, 1) {
		f.Close()
		return nil, nil
	}
	s := &split{path: path, f: f, size: st.Size(), progF: progress, quotes: quotes}
	hdr, fields, err := s.header(cols)
	if hdr == nil || err != nil {
		f.Close()
		return nil, err
	}
	if err := s.cut(n); err != nil {
		f.Close()
		return nil, nil
	}
	s.rows = make([]atomic.Int64, n)
	for i := range n {
		s.parts = append(s.parts, s.part(i, hdr, fields))
	}
	return s, nil
}

// header parses the first line. It returns a nil table when the file is
// to be parsed sequentially.
func (s *split) header(cols []column) (*table, int, error) {
	buf := make([]byte, min(s.size, maxHeader))
	n, err := s.f.ReadAt(buf, 0)
	if err != nil && err != io.EOF {
		return nil, 0, nil
	}
	end := bytes.IndexByte(buf[:n], '\n')
	if end < 0 || bytes.IndexByte(buf[:end], '"') >= 0 {
		return nil, 0, nil
	}
	line := bytes.TrimPrefix(bytes.TrimSuffix(buf[:end], []byte("\r")), []byte("\xef\xbb\xbf"))
	if len(line) == 0 {
		return nil, 0, nil
	}
	t := &table{path: s.path, cols: cols, sc: csvscan.NewSize(bytes.NewReader(buf[:end+1]), end+16)}
	if err := t.header(); err != nil {
		return nil, 0, err
	}
	s.bounds = []int64{int64(end + 1)}
	return t, t.sc.FieldsPerRecord, nil
}

// cut sets the part bounds: n parts of about equal size, each starting
// just after a line break.
func (s *split) cut(n int) error {
	lo := s.bounds[0]
	buf := make([]byte, 64<<10)
	for i := 1; i < n; i++ {
		b := max(lo+(s.size-lo)*int64(i)/int64(n), s.bounds[i-1])
		for b < s.size {
			k, err := s.f.ReadAt(buf, b-1)
			if j := bytes.IndexByte(buf[:k], '\n'); j >= 0 {
				b += int64(j)
				break
			}
			if err != nil && err != io.EOF {
				return err
			}
			b += int64(k)
		}
		s.bounds = append(s.bounds, min(b, s.size))
	}
	s.bounds = append(s.bounds, s.size)
	return nil
}

// part returns the table of part i, sharing the header's columns.
func (s *split) part(i int, hdr *table, fields int) *table {
	lo, hi := s.bounds[i], s.bounds[i+1]
	t := &table{path: s.path, cols: hdr.cols, idx: hdr.idx, size: hi - lo}
	qr := &quoteReader{r: io.NewSectionReader(s.f, lo, hi-lo), allow: s.quotes}
	s.qr = append(s.qr, qr)
	t.cnt.r = qr
	t.sc = csvscan.NewSize(&t.cnt, int(min(hi-lo+16, csvscan.DefaultBufferSize)))
	t.sc.FieldsPerRecord = fields
	t.sc.Resume(1)
	rows := &s.rows[i]
	t.progF = func(_ string, _, _ int64, n int64) { rows.Store(n) }
	return t
}

// run calls work(i) for every part on its own goroutine and reports
// progress while they run.
func (s *split) run(work func(i int)) {
	var wg sync.WaitGroup
	for i := range s.parts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			work(i)
		}()
	}
	if s.progF == nil {
		wg.Wait()
		return
	}
	done := make(chan struct{})
	go func() {
		wg.Wait()
		close(done)
	}()
	tick := time.NewTicker(250 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-done:
			s.report()
			return
		case <-tick.C:
			s.report()
		}
	}
}

// report calls the progress callback with the parts' totals.
func (s *split) report() {
	done, rows := s.bounds[0], int64(0)
	for i, t := range s.parts {
		done += t.cnt.n.Load()
		rows += s.rows[i].Load()
	}
	s.progF(s.path, done, s.size, rows)
}

func (s *split) close() { s.f.Close() }

// lines returns the number of physical lines part t consumed.
func partLines(t *table) int { return t.sc.NextLine() - 1 }

// shiftLine turns the part-local line of an input error into a file line:
// base is the number of lines before the part.
func shiftLine(err error, base int) error {
	var ie *inputerr.Error
	if errors.As(err, &ie) && ie.Line > 0 {
		ie.Line += base
	}
	return err
}

// quotedBefore reports whether part k or a part before it read a double
// quote. Then the parse can be trusted only when those parts are clean:
// a part that ends clean ends outside quotes (csvscan fails on a quoted
// field cut short), so every cut up to the first part with an error is a
// record boundary, but that part's error may come from a cut inside a
// quoted field at its end.
func (s *split) quotedBefore(k int) bool {
	for _, q := range s.qr[:k+1] {
		if q.seen {
			return true
		}
	}
	return false
}

// trusted reports whether a parse in parts of a splitFileQuoted file
// stands: firstErr is the first part with an error, or -1.
func (s *split) trusted(firstErr int) bool {
	return firstErr < 0 || !s.quotedBefore(firstErr)
}

// quoteReader fails with errQuoted when its data holds a double quote,
// or, when allow is set, notes it in seen.
type quoteReader struct {
	r     io.Reader
	allow bool
	seen  bool
}

func (q *quoteReader) Read(p []byte) (int, error) {
	n, err := q.r.Read(p)
	if bytes.IndexByte(p[:n], '"') >= 0 {
		if !q.allow {
			return 0, errQuoted
		}
		q.seen = true
	}
	return n, err
}

// firstErr returns the index of the first part whose err is set, or -1.
func firstErr[P any](parts []P, err func(P) error) int {
	for i, w := range parts {
		if err(w) != nil {
			return i
		}
	}
	return -1
}

// rowsIn estimates the rows of part i from the line length of its first
// 64 KiB (5% over), to size the part's arrays once.
func (s *split) rowsIn(i int) int {
	lo, hi := s.bounds[i], s.bounds[i+1]
	buf := make([]byte, min(hi-lo, 64<<10))
	n, _ := s.f.ReadAt(buf, lo)
	lines := bytes.Count(buf[:n], []byte{'\n'})
	if n == 0 || lines == 0 {
		return 16
	}
	return int(float64(hi-lo)*float64(lines)/float64(n)*1.05) + 16
}
