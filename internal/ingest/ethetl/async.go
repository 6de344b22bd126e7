package ethetl

import "io"

// asyncReader decompresses ahead in its own goroutine, so inflating a
// .csv.gz (about as costly as parsing it) runs on the second core.
type asyncReader struct {
	full     chan chunk
	free     chan []byte
	done     chan struct{}
	gone     chan struct{} // closed when pump has returned
	cur      chunk
	off      int
	ended    bool
	consumed int64 // bytes handed to Read's callers (reader's goroutine only)
}

type chunk struct {
	b   []byte
	err error
}

const asyncChunk = 1 << 20

func newAsyncReader(r io.Reader) *asyncReader {
	a := &asyncReader{full: make(chan chunk, 3), free: make(chan []byte, 4), done: make(chan struct{}), gone: make(chan struct{})}
	for i := 0; i < 4; i++ {
		a.free <- make([]byte, asyncChunk)
	}
	go a.pump(r)
	return a
}

// pump fills free buffers from r until an error (io.EOF included), which
// it passes on after the data.
func (a *asyncReader) pump(r io.Reader) {
	defer close(a.gone)
	for {
		var buf []byte
		select {
		case buf = <-a.free:
		case <-a.done:
			return
		}
		n, err := fillBuf(r, buf)
		select {
		case a.full <- chunk{buf[:n], err}:
		case <-a.done:
			return
		}
		if err != nil {
			return
		}
	}
}

// Read implements io.Reader.
func (a *asyncReader) Read(p []byte) (int, error) {
	for a.off == len(a.cur.b) {
		if a.ended {
			return 0, a.cur.err
		}
		if a.cur.b != nil {
			a.free <- a.cur.b[:cap(a.cur.b)]
		}
		a.cur, a.off = <-a.full, 0
		a.ended = a.cur.err != nil
	}
	n := copy(p, a.cur.b[a.off:])
	a.off += n
	a.consumed += int64(n)
	return n, nil
}

// Close stops the goroutine and waits for it, so the underlying reader is
// no longer in use.
func (a *asyncReader) Close() {
	close(a.done)
	<-a.gone
}

// fillBuf reads into buf until it is full or r fails (io.EOF at the end);
// unlike io.ReadFull it passes r's own error on unchanged.
func fillBuf(r io.Reader, buf []byte) (int, error) {
	n := 0
	for n < len(buf) {
		m, err := r.Read(buf[n:])
		n += m
		if err != nil {
			return n, err
		}
	}
	return n, nil
}
