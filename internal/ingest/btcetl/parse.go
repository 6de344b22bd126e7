package btcetl

import (
	"bufio"
	"compress/flate"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/inputerr"
)

// Options configure a parse.
type Options struct {
	// Chain is the UTXO chain the data belongs to (btc, ltc, bch, doge, zec).
	Chain chain.Info
	// Addrs interns address strings to chain.AddrID values (never 0).
	Addrs chain.Interner
	// Progress, when not nil, is called every ProgressRows lines and at the
	// end of each file. bytesDone counts bytes read from the file (compressed
	// bytes for gzip); bytesTotal is the file size, or -1 when unknown.
	Progress func(file string, bytesDone, bytesTotal int64, rows int64)
}

// ProgressRows is how many lines pass between Progress calls.
const ProgressRows = 1 << 16

// MaxLineBytes bounds one line; longer lines are rejected as bad input.
const MaxLineBytes = 256 << 20

// ParsePath reads PATH: one file, or a directory of *.json (and *.json.gz)
// files read in name order. Transactions of one block may be spread over
// the files. It returns blocks sorted by number, and the transactions of
// each block sorted by index.
func ParsePath(path string, opts Options) ([]chain.UTXOBlock, error) {
	p, err := newParser(opts)
	if err != nil {
		return nil, err
	}
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	files := []string{path}
	if fi.IsDir() {
		if files, err = listDir(path); err != nil {
			return nil, err
		}
	}
	for _, f := range files {
		if err := p.file(f); err != nil {
			return nil, err
		}
	}
	return p.finish()
}

// listDir returns the *.json and *.json.gz files of dir in name order.
func listDir(dir string) ([]string, error) {
	ents, err := os.ReadDir(dir) // sorted by name
	if err != nil {
		return nil, err
	}
	var files []string
	for _, e := range ents {
		n := e.Name()
		if e.Type().IsRegular() && (strings.HasSuffix(n, ".json") || strings.HasSuffix(n, ".json.gz")) {
			files = append(files, filepath.Join(dir, n))
		}
	}
	if len(files) == 0 {
		return nil, inputerr.New(dir, 0, "no *.json or *.json.gz files in directory")
	}
	return files, nil
}

func (p *parser) file(name string) error {
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	total := int64(-1)
	if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
		total = fi.Size()
	}
	return p.stream(f, name, total)
}

// Parse reads one stream (plain or gzip); name is used in errors.
func Parse(r io.Reader, name string, opts Options) ([]chain.UTXOBlock, error) {
	p, err := newParser(opts)
	if err != nil {
		return nil, err
	}
	total := int64(-1)
	if st, ok := r.(interface{ Stat() (os.FileInfo, error) }); ok {
		if fi, err := st.Stat(); err == nil && fi.Mode().IsRegular() {
			total = fi.Size()
		}
	}
	if err := p.stream(r, name, total); err != nil {
		return nil, err
	}
	return p.finish()
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(b []byte) (int, error) {
	n, err := c.r.Read(b)
	c.n += int64(n)
	return n, err
}

// stream parses every line of r into p.
func (p *parser) stream(r io.Reader, name string, total int64) error {
	p.files = append(p.files, name)
	fileIdx := len(p.files) - 1
	cr := &countingReader{r: r}
	br := bufio.NewReaderSize(cr, 1<<20)
	gz := false
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return inputerr.New(name, 0, "gzip header: %v", err)
		}
		defer zr.Close()
		br, gz = bufio.NewReaderSize(zr, 1<<20), true
	}
	lr := lineReader{br: br}
	var rec record
	for {
		line, err := lr.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return p.readErr(name, lr.line, gz, err)
		}
		if lr.line%ProgressRows == 0 && p.opts.Progress != nil {
			p.opts.Progress(name, cr.n, total, int64(lr.line))
		}
		if blank(line) {
			continue
		}
		skip, err := p.parseLine(line, &rec)
		if err != nil {
			return &inputerr.Error{File: name, Line: lr.line, Err: err}
		}
		if skip {
			continue
		}
		if err := p.add(&rec, place{file: fileIdx, line: lr.line}); err != nil {
			return &inputerr.Error{File: name, Line: lr.line, Err: err}
		}
	}
	if p.opts.Progress != nil {
		p.opts.Progress(name, cr.n, total, int64(lr.line))
	}
	return nil
}

// readErr reports a failure to read line `line` of name.
func (p *parser) readErr(name string, line int, gz bool, err error) error {
	switch {
	case errors.Is(err, errLineTooLong):
		return inputerr.Wrap(name, line, err)
	case gz && errors.Is(err, io.ErrUnexpectedEOF):
		return inputerr.New(name, line, "gzip stream truncated while reading line %d: %v", line, err)
	case gz && isGzipFormat(err):
		return inputerr.New(name, line, "corrupt gzip stream while reading line %d: %v", line, err)
	}
	return fmt.Errorf("%s: reading line %d: %w", name, line, err)
}

func isGzipFormat(err error) bool {
	var ce flate.CorruptInputError
	return errors.As(err, &ce) || errors.Is(err, gzip.ErrChecksum) || errors.Is(err, gzip.ErrHeader)
}

func blank(line []byte) bool {
	for _, c := range line {
		if c != ' ' && c != '\t' && c != '\r' && c != '\n' {
			return false
		}
	}
	return true
}

var errLineTooLong = fmt.Errorf("line longer than %d bytes", MaxLineBytes)

// lineReader yields lines without their '\n'; line counts them from 1.
type lineReader struct {
	br   *bufio.Reader
	long []byte // assembles lines longer than the bufio buffer
	line int
}

// next returns the next line, valid until the following call; io.EOF at
// the end of the stream.
func (lr *lineReader) next() ([]byte, error) {
	lr.line++
	b, err := lr.br.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		lr.long = append(lr.long[:0], b...)
		for err == bufio.ErrBufferFull {
			if len(lr.long) > MaxLineBytes {
				return nil, errLineTooLong
			}
			b, err = lr.br.ReadSlice('\n')
			lr.long = append(lr.long, b...)
		}
		b = lr.long
	}
	if err == io.EOF && len(b) > 0 {
		err = nil // last line without '\n'
	}
	if err != nil {
		if err == io.EOF {
			lr.line--
		}
		return nil, err
	}
	if len(b) > 0 && b[len(b)-1] == '\n' {
		b = b[:len(b)-1]
	}
	return b, nil
}
