package httpfast

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"runtime/debug"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// Connection states, for Shutdown: only an idle connection (waiting for
// a request) is closed under its client's feet.
const (
	stateActive int32 = iota
	stateIdle
	stateClosed
)

// Buffer sizes: the reader of a connection, the response body kept to
// learn its length, and the pending output written in one call.
const (
	readBufSize = 4 << 10
	bodyBufMax  = 64 << 10
	outFlushAt  = 64 << 10
	directWrite = 16 << 10 // body writes this large skip the output buffer
)

var readerPool = sync.Pool{New: func() any { return bufio.NewReaderSize(nil, readBufSize) }}

// conn is one client connection, served by one goroutine.
type conn struct {
	srv      *Server
	rwc      net.Conn
	rd       *bufio.Reader
	state    atomic.Int32
	base     *http.Request // carries the connection's context
	cancel   context.CancelFunc
	remote   string
	h        head        // the current request's head
	hdr      http.Header // the response header, emptied for each request
	headBuf  []byte
	bodyBuf  []byte // the current response's body until it is committed
	out      []byte // bytes to write: responses, in order
	rdl, wdl time.Time
	start    time.Time // the current request's first byte
	broken   bool      // a write failed
}

func newConn(s *Server, rw net.Conn) *conn {
	ctx, cancel := context.WithCancel(context.WithValue(context.Background(), http.LocalAddrContextKey, rw.LocalAddr()))
	c := &conn{srv: s, rwc: rw, cancel: cancel, remote: rw.RemoteAddr().String()}
	c.base = (&http.Request{}).WithContext(ctx)
	c.state.Store(stateActive)
	return c
}

// serve runs the connection's requests until it must close.
func (c *conn) serve() {
	c.rd = readerPool.Get().(*bufio.Reader)
	c.rd.Reset(c.rwc)
	defer func() {
		if p := recover(); p != nil { // a bug here must not take the process down
			c.srv.logf("httpfast: panic in the connection of %s: %v\n%s", c.remote, p, debug.Stack())
		}
		c.rwc.Close()
		c.cancel()
		c.rd.Reset(nil)
		readerPool.Put(c.rd)
		c.srv.dropConn(c)
	}()
	for c.next() {
	}
}

// next serves one request; false means close the connection.
func (c *conn) next() bool {
	if !c.awaitRequest() {
		return false
	}
	x := new(reqObjs)
	h, err := c.readRequest(x)
	if err != nil {
		var se *statusError
		if errors.As(err, &se) {
			c.refuse(se)
		}
		return false
	}
	r, err := c.request(h, x)
	if err != nil {
		c.refuse(refuse(http.StatusBadRequest, "malformed request target"))
		return false
	}
	w := c.newResponse(x, h)
	if !c.run(w, r) {
		return false
	}
	w.finish()
	if w.closeAfter || c.broken {
		c.flush()
		return false
	}
	if c.rd.Buffered() == 0 || len(c.out) >= outFlushAt {
		c.flush()
	}
	return !c.broken
}

// awaitRequest waits for the first byte of the next request (idle,
// within IdleTimeout); pending output is written first.
func (c *conn) awaitRequest() bool {
	if c.srv.shutdown.Load() {
		return false
	}
	if c.rd.Buffered() > 0 {
		c.start = time.Now()
		return true
	}
	if c.flush() != nil {
		return false
	}
	c.state.Store(stateIdle)
	if c.srv.shutdown.Load() && c.state.CompareAndSwap(stateIdle, stateClosed) {
		return false
	}
	c.setRead(time.Now(), c.srv.idleTimeout())
	if _, err := c.rd.Peek(1); err != nil {
		return false
	}
	c.start = time.Now()
	return c.state.CompareAndSwap(stateIdle, stateActive)
}

// reqObjs holds the objects of one request, allocated together: the
// *http.Request, its URL, the ResponseWriter and room for the header
// values.
type reqObjs struct {
	req  http.Request
	url  url.URL
	resp response
	vals [8]string
}

// readRequest reads and parses a request head, within ReadHeaderTimeout
// when it is not already buffered whole.
func (c *conn) readRequest(x *reqObjs) (*head, error) {
	text, ok := bufferedHead(c.rd, c.srv.maxHeader())
	if !ok {
		c.setRead(c.start, c.srv.headerTimeout())
		b, err := readHead(c.rd, c.headBuf, c.srv.maxHeader())
		if cap(b) <= 4<<10 {
			c.headBuf = b[:0]
		}
		if err != nil {
			return nil, err
		}
		text = string(b)
	}
	if se := c.h.parse(text, x.vals[:0]); se != nil {
		return nil, se
	}
	return &c.h, nil
}

// bufferedHead returns the next request head and consumes it when the
// reader holds it whole, within max bytes, every line ending in CRLF and
// no empty line before it: what readHead would return, without copying
// it line by line. Otherwise it returns false and leaves the reader as
// it was.
func bufferedHead(rd *bufio.Reader, max int) (string, bool) {
	b, _ := rd.Peek(rd.Buffered())
	if len(b) < 4 || b[0] == '\r' || b[0] == '\n' {
		return "", false
	}
	for i := 1; i < len(b) && i < max; i++ {
		if b[i] != '\n' {
			continue
		}
		if b[i-1] != '\r' {
			return "", false
		}
		if i >= 3 && b[i-2] == '\n' && b[i-3] == '\r' {
			text := string(b[:i+1])
			rd.Discard(i + 1)
			return text, true
		}
	}
	return "", false
}

// request builds the *http.Request of h in x.
func (c *conn) request(h *head, x *reqObjs) (*http.Request, error) {
	u := &x.url
	if err := parseTarget(h.target, u); err != nil {
		return nil, err
	}
	r := &x.req
	*r = *c.base
	r.Method, r.URL, r.RequestURI = h.method, u, h.target
	r.Proto, r.ProtoMajor, r.ProtoMinor = h.proto, 1, h.minor
	r.Header, r.Host, r.RemoteAddr = h.header, h.host, c.remote
	if u.Host != "" {
		r.Host = u.Host
	}
	r.Close = h.close || (h.minor == 0 && !h.keepAlive)
	r.Body = http.NoBody
	switch {
	case h.chunked:
		r.ContentLength, r.TransferEncoding = -1, []string{"chunked"}
		r.Body = &body{c: c, chunked: true, cont: h.expectContinue}
	case h.contentLength > 0:
		r.ContentLength = h.contentLength
		r.Body = &body{c: c, remaining: h.contentLength, cont: h.expectContinue}
	}
	c.setWrite(c.start, c.srv.WriteTimeout)
	return r, nil
}

// run calls the handler; false means it panicked (the connection is
// closed without the rest of its response).
func (c *conn) run(w *response, r *http.Request) (ok bool) {
	defer func() {
		if p := recover(); p != nil {
			if p != http.ErrAbortHandler {
				c.srv.logf("httpfast: panic serving %s: %v\n%s", c.remote, p, debug.Stack())
			}
			ok = false
		}
	}()
	c.srv.Handler.ServeHTTP(w, r)
	return true
}

// bodyStart is called before a body's first read: the read deadline of
// the whole request, and 100 Continue when the client waits for it.
func (c *conn) bodyStart(cont bool) error {
	c.setRead(c.start, c.srv.ReadTimeout)
	if !cont {
		return nil
	}
	c.out = append(c.out, "HTTP/1.1 100 Continue\r\n\r\n"...)
	return c.flush()
}

// refuse answers a request the server will not serve and lets the
// connection close.
func (c *conn) refuse(e *statusError) {
	msg := strconv.Itoa(e.status) + " " + http.StatusText(e.status) + ": " + e.msg
	c.setWrite(time.Now(), c.srv.WriteTimeout)
	c.out = append(c.out, statusLine(e.status)...)
	c.out = append(c.out, "Content-Type: text/plain; charset=utf-8\r\nConnection: close\r\nContent-Length: "...)
	c.out = strconv.AppendInt(c.out, int64(len(msg)), 10)
	c.out = append(c.out, "\r\n\r\n"...)
	c.out = append(c.out, msg...)
	c.flush()
}

// flush writes the pending output.
func (c *conn) flush() error {
	if len(c.out) == 0 || c.broken {
		c.out = c.out[:0]
		if c.broken {
			return io.ErrClosedPipe
		}
		return nil
	}
	_, err := c.rwc.Write(c.out)
	if cap(c.out) > 4*outFlushAt {
		c.out = nil
	} else {
		c.out = c.out[:0]
	}
	if err != nil {
		c.broken = true
	}
	return err
}

// writeDirect writes p after the pending output, without copying it.
func (c *conn) writeDirect(p []byte) {
	if c.flush() != nil {
		return
	}
	if _, err := c.rwc.Write(p); err != nil {
		c.broken = true
	}
}

// setRead sets the read deadline to from+d (none when d is 0). Deadlines
// are kept to within an eighth of d (at most a second): one that moves
// less is not reset, which saves a timer update on most requests.
func (c *conn) setRead(from time.Time, d time.Duration) {
	if t, ok := deadline(c.rdl, from, d); ok {
		c.rdl = t
		c.rwc.SetReadDeadline(t)
	}
}

// setWrite sets the write deadline as setRead does the read one.
func (c *conn) setWrite(from time.Time, d time.Duration) {
	if t, ok := deadline(c.wdl, from, d); ok {
		c.wdl = t
		c.rwc.SetWriteDeadline(t)
	}
}

// deadline returns from+d (zero for no deadline) and whether it differs
// from cur by more than d/8, at most a second (or in being set).
func deadline(cur, from time.Time, d time.Duration) (time.Time, bool) {
	var t time.Time
	if d > 0 {
		t = from.Add(d)
	}
	if t.IsZero() || cur.IsZero() {
		return t, t.IsZero() != cur.IsZero()
	}
	tol := min(time.Second, d/8)
	diff := t.Sub(cur)
	return t, diff > tol || diff < -tol
}
