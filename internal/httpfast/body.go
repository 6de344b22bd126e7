package httpfast

import (
	"bufio"
	"errors"
	"io"
)

// body is a request body read from the connection: Content-Length bytes
// or chunked. It sends "100 Continue" before its first read when the
// client asked for it.
type body struct {
	c         *conn
	remaining int64 // bytes left: of the body, or of the current chunk
	chunked   bool
	done      bool  // the whole body was read
	err       error // a framing or connection error, sticky
	cont      bool  // 100 Continue is owed before the first read
	closed    bool  // closed by the handler
	started   bool
}

// errBodyFraming is a chunked body that breaks the syntax.
var errBodyFraming = errors.New("httpfast: malformed chunked request body")

// errBodyClosed is a read after the handler closed the body.
var errBodyClosed = errors.New("http: invalid Read on closed Body")

// Read reads from the body.
func (b *body) Read(p []byte) (int, error) {
	if b.closed {
		return 0, errBodyClosed
	}
	if b.err != nil {
		return 0, b.err
	}
	if b.done {
		return 0, io.EOF
	}
	if !b.started {
		b.started = true
		if err := b.c.bodyStart(b.cont); err != nil {
			b.err = err
			return 0, err
		}
		b.cont = false
	}
	n, err := b.read(p)
	if err != nil && err != io.EOF {
		b.err = err
	}
	return n, err
}

func (b *body) read(p []byte) (int, error) {
	if b.chunked && b.remaining == 0 {
		if err := b.nextChunk(); err != nil {
			return 0, err
		}
		if b.done {
			return 0, io.EOF
		}
	}
	if int64(len(p)) > b.remaining {
		p = p[:b.remaining]
	}
	n, err := b.c.rd.Read(p)
	b.remaining -= int64(n)
	if err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	if err != nil {
		return n, err
	}
	if b.remaining == 0 {
		if b.chunked {
			err = b.chunkEnd()
		} else {
			b.done = true
		}
	}
	if b.done && err == nil {
		err = io.EOF
	}
	return n, err
}

// Close marks the body closed; what is left is drained (or the
// connection closed) after the handler returns.
func (b *body) Close() error {
	b.closed = true
	return nil
}

// nextChunk reads a chunk-size line; a last chunk (size 0) also reads
// the trailer section and sets done.
func (b *body) nextChunk() error {
	n, err := readChunkSize(b.c.rd)
	if err != nil {
		return err
	}
	if n > 0 {
		b.remaining = n
		return nil
	}
	if err := skipTrailer(b.c.rd, b.c.srv.maxHeader()); err != nil {
		return err
	}
	b.done = true
	return nil
}

// chunkEnd reads the CRLF after a chunk's data.
func (b *body) chunkEnd() error {
	var crlf [2]byte
	if _, err := io.ReadFull(b.c.rd, crlf[:]); err != nil {
		return io.ErrUnexpectedEOF
	}
	if crlf != [2]byte{'\r', '\n'} {
		return errBodyFraming
	}
	return nil
}

// maxChunkLine bounds a chunk-size line with its extensions.
const maxChunkLine = 4096

// readChunkSize reads "HEX[;ext...]CRLF" and returns the size.
func readChunkSize(rd *bufio.Reader) (int64, error) {
	var scratch [64]byte
	line, err := readLine(rd, scratch[:0], maxChunkLine)
	if err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		if errors.Is(err, errTooLong) {
			err = errBodyFraming
		}
		return 0, err
	}
	return parseChunkSize(line)
}

// parseChunkSize parses a chunk-size line including its CRLF: 1 to 15
// hex digits, then optionally extensions (";" and visible text, which
// are ignored).
func parseChunkSize(line []byte) (int64, error) {
	if len(line) < 3 || line[len(line)-2] != '\r' {
		return 0, errBodyFraming
	}
	line = line[:len(line)-2]
	var n int64
	i := 0
	for ; i < len(line) && i < 16; i++ {
		d := unhex(line[i])
		if d < 0 {
			break
		}
		n = n<<4 | int64(d)
	}
	if i == 0 || i > 15 {
		return 0, errBodyFraming
	}
	ext := line[i:]
	if len(ext) > 0 {
		ext = trimWS(ext)
		if len(ext) == 0 || ext[0] != ';' || !isFieldValue(string(ext)) {
			return 0, errBodyFraming
		}
	}
	return n, nil
}

func trimWS(b []byte) []byte {
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\t') {
		b = b[1:]
	}
	return b
}

func unhex(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

// skipTrailer reads the trailer fields after the last chunk (dropped)
// through the empty line, at most max bytes.
func skipTrailer(rd *bufio.Reader, max int) error {
	var scratch [128]byte
	total := 0
	for {
		line, err := readLine(rd, scratch[:0], max-total)
		if err != nil {
			if err == io.EOF {
				return io.ErrUnexpectedEOF
			}
			return errBodyFraming
		}
		total += len(line)
		if len(line) < 2 || line[len(line)-2] != '\r' {
			return errBodyFraming
		}
		if len(line) == 2 {
			return nil
		}
		name, value, ok := cutByte(line[:len(line)-2], ':')
		if !ok || !isToken(string(name)) || !isFieldValue(string(value)) {
			return errBodyFraming
		}
	}
}

func cutByte(b []byte, sep byte) (before, after []byte, ok bool) {
	for i, c := range b {
		if c == sep {
			return b[:i], b[i+1:], true
		}
	}
	return b, nil, false
}

// maxDrain is how much of a body the handler left unread is read and
// dropped to keep the connection; beyond it the connection is closed.
const maxDrain = 256 << 10

// drain reads what is left of the body after the handler; false means
// the connection cannot carry another request.
func (b *body) drain() bool {
	if b.done {
		return true
	}
	if b.err != nil || (b.cont && !b.started) {
		return false // broken, or the client waits for a 100 it never got
	}
	b.closed = false
	n, err := io.Copy(io.Discard, io.LimitReader(readerOnly{b}, maxDrain+1))
	return err == nil && n <= maxDrain && b.done
}

// readerOnly hides everything of a reader but Read (io.Copy would use
// WriterTo).
type readerOnly struct{ io.Reader }
