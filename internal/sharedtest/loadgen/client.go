package loadgen

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"syscall"
	"time"
)

// client is one keep-alive connection of the generator, with one request
// in flight. A round trip writes the request and waits for its answer
// inside one syscall.RawConn.Read: the write happens after the poller is
// armed for reading, so the goroutine sleeps until the answer comes
// instead of first trying a read that would find nothing (net.Conn's
// Write then Read make that extra system call on every request); the
// answer is then read with one read in the usual case.
type client struct {
	conn    *net.TCPConn
	rc      syscall.RawConn
	step    func(fd uintptr) bool // c.advance, bound once
	buf     []byte                // the answer read so far: buf[:n]
	n       int
	req     []byte // the request, or its part not yet written
	wrote   bool
	partial bool // the write was short: the rest goes through conn.Write
	size    int  // the whole answer's length once it is in buf
	ok      bool // its status is 200
	err     error
}

func dialClient(addr string, deadline time.Time) (*client, error) {
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	tc := conn.(*net.TCPConn)
	rc, err := tc.SyscallConn()
	if err != nil {
		conn.Close()
		return nil, err
	}
	tc.SetDeadline(deadline) // a server that stops answering cannot hold the run
	c := &client{conn: tc, rc: rc, buf: make([]byte, 64<<10)}
	c.step = c.advance
	return c, nil
}

// roundTrip sends req and reads its answer; it reports whether the
// status was 200.
func (c *client) roundTrip(req []byte) (bool, error) {
	c.req, c.wrote, c.partial, c.size, c.err = req, false, false, 0, nil
	if err := c.rc.Read(c.step); err != nil {
		return false, err
	}
	if c.partial && c.err == nil {
		if _, err := c.conn.Write(c.req); err != nil {
			return false, err
		}
		if err := c.rc.Read(c.step); err != nil {
			return false, err
		}
	}
	if c.err != nil {
		return false, c.err
	}
	if c.n != c.size {
		return false, errors.New("bytes after the response to a request that was not pipelined")
	}
	c.n = 0
	return c.ok, nil
}

// advance is called by RawConn.Read: first to write the request (false:
// wait until the socket is readable), then to read until the answer is
// whole (true: done or failed).
func (c *client) advance(fd uintptr) bool {
	if !c.wrote {
		c.wrote = true
		n, err := syscall.Write(int(fd), c.req)
		if err != nil && err != syscall.EAGAIN {
			c.err = err
			return true
		}
		if n = max(n, 0); n < len(c.req) {
			c.req, c.partial = c.req[n:], true
			return true
		}
		return false
	}
	for {
		if c.n == len(c.buf) {
			c.buf = append(c.buf, make([]byte, len(c.buf))...)
		}
		n, err := syscall.Read(int(fd), c.buf[c.n:])
		switch {
		case err == syscall.EINTR:
			continue
		case err == syscall.EAGAIN:
			return false
		case err != nil:
			c.err = err
			return true
		case n == 0:
			c.err = io.ErrUnexpectedEOF
			return true
		}
		c.n += n
		if c.size, c.ok, c.err = parseAnswer(c.buf[:c.n]); c.size > 0 || c.err != nil {
			return true
		}
	}
}

// parseAnswer looks for one whole HTTP/1.1 response with a
// Content-Length body at the start of b: its length (0 while b holds
// only part of it) and whether its status is 200.
func parseAnswer(b []byte) (size int, ok bool, err error) {
	end := bytes.Index(b, []byte("\r\n\r\n"))
	if end < 0 {
		return 0, false, nil
	}
	line, rest, _ := bytes.Cut(b[:end+2], []byte("\r\n"))
	ok = len(line) >= 12 && string(line[9:12]) == "200"
	n := -1
	for len(rest) > 0 {
		var h []byte
		h, rest, _ = bytes.Cut(rest, []byte("\r\n"))
		if len(h) > 15 && bytes.EqualFold(h[:15], []byte("Content-Length:")) {
			if n, err = strconv.Atoi(string(bytes.TrimSpace(h[15:]))); err != nil || n < 0 {
				return 0, false, fmt.Errorf("bad Content-Length %q", h)
			}
		}
	}
	if n < 0 {
		return 0, false, errors.New("response without Content-Length")
	}
	if end+4+n > len(b) {
		return 0, ok, nil
	}
	return end + 4 + n, ok, nil
}
