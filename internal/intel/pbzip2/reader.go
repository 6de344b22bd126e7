package pbzip2

import (
	"bytes"
	"compress/bzip2"
	"io"
	"runtime"
	"sync"
)

// Reader decompresses an in-memory bzip2 stream, in parallel when it can.
type Reader struct {
	data      []byte
	lay       layout
	results   []chan result
	sem       chan struct{}
	done      chan struct{}
	closeOnce sync.Once

	next      int    // next block to deliver
	cur       []byte // undelivered rest of the current block
	delivered int64
	seq       io.Reader // sequential fallback, once active
	parallel  bool
}

type result struct {
	out []byte
	err error
}

// NewReader returns a Reader over the compressed bytes data using up to
// workers goroutines (0 means GOMAXPROCS).
func NewReader(data []byte, workers int) *Reader {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	r := &Reader{data: data, done: make(chan struct{})}
	lay, err := split(data)
	if err != nil || workers == 1 || len(lay.starts) == 1 {
		r.seq = bzip2.NewReader(bytes.NewReader(data))
		return r
	}
	r.lay, r.parallel = lay, true
	r.start(workers)
	return r
}

// Parallel reports whether the stream is being decoded in parallel (false
// after a fallback to sequential decoding).
func (r *Reader) Parallel() bool { return r.parallel }

func (r *Reader) start(workers int) {
	n := len(r.lay.starts)
	r.results = make([]chan result, n)
	for i := range r.results {
		r.results[i] = make(chan result, 1)
	}
	r.sem = make(chan struct{}, 2*workers)
	jobs := make(chan int)
	go func() {
		defer close(jobs)
		for i := 0; i < n; i++ {
			select {
			case r.sem <- struct{}{}:
			case <-r.done:
				return
			}
			select {
			case jobs <- i:
			case <-r.done:
				return
			}
		}
	}()
	for w := 0; w < workers; w++ {
		go func() {
			for i := range jobs {
				r.results[i] <- r.decode(i)
			}
		}()
	}
}

// decode decompresses block i as a standalone stream.
func (r *Reader) decode(i int) result {
	to := r.lay.eos
	if i+1 < len(r.lay.starts) {
		to = r.lay.starts[i+1]
	}
	stream := wrap(r.lay.level, r.data, r.lay.starts[i], to)
	var buf bytes.Buffer
	buf.Grow(int(r.lay.level-'0')*100000 + 4096)
	_, err := buf.ReadFrom(bzip2.NewReader(bytes.NewReader(stream)))
	return result{buf.Bytes(), err}
}

// Read implements io.Reader.
func (r *Reader) Read(p []byte) (int, error) {
	if r.seq != nil {
		n, err := r.seq.Read(p)
		r.delivered += int64(n)
		return n, err
	}
	for len(r.cur) == 0 {
		if r.next == len(r.results) {
			r.Close()
			return 0, io.EOF
		}
		res := <-r.results[r.next]
		<-r.sem
		r.next++
		if res.err != nil {
			return r.fallback(p)
		}
		r.cur = res.out
	}
	n := copy(p, r.cur)
	r.cur = r.cur[n:]
	r.delivered += int64(n)
	return n, nil
}

// fallback switches to sequential decoding after the bytes delivered so far.
func (r *Reader) fallback(p []byte) (int, error) {
	r.Close()
	r.parallel = false
	r.cur = nil
	seq := bzip2.NewReader(bytes.NewReader(r.data))
	if _, err := io.CopyN(io.Discard, seq, r.delivered); err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return 0, err
	}
	r.seq = seq
	n, err := seq.Read(p)
	r.delivered += int64(n)
	return n, err
}

// Close stops the background decoders. It is safe to call more than once.
func (r *Reader) Close() error {
	r.closeOnce.Do(func() { close(r.done) })
	return nil
}
