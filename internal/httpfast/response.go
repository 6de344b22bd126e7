package httpfast

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// response is the http.ResponseWriter (and http.Flusher) of a request.
// The body is kept until the handler returns, so that its length can be
// sent; a body over bodyBufMax, or a Flush, sends the head early, and
// the body goes on chunked (HTTP/1.1) or until the connection closes
// (HTTP/1.0) unless the handler set Content-Length.
type response struct {
	c           *conn
	req         *http.Request
	body        *body // the request body as read from the connection (nil: none)
	hdr         http.Header
	status      int
	wroteHeader bool  // the status is decided
	committed   bool  // the head is in the output
	head        bool  // a HEAD request: no body is sent
	minor       int   // of the request's HTTP/1.minor
	keepAlive   bool  // an HTTP/1.0 client asked for keep-alive
	declared    int64 // the handler's Content-Length, -1 if none
	written     int64
	chunked     bool
	closeAfter  bool // the connection closes after this response
}

// newResponse returns the ResponseWriter of x's request. The header map
// is the connection's, emptied: a handler may not use the ResponseWriter
// (nor so its Header) once it returned.
func (c *conn) newResponse(x *reqObjs, h *head) *response {
	r := &x.req
	b, _ := r.Body.(*body)
	if c.hdr == nil {
		c.hdr = make(http.Header, 4)
	}
	clear(c.hdr)
	x.resp = response{c: c, req: r, body: b, hdr: c.hdr, head: h.method == "HEAD", minor: h.minor,
		keepAlive: h.keepAlive, declared: -1, closeAfter: r.Close}
	return &x.resp
}

// Header returns the response header map.
func (w *response) Header() http.Header { return w.hdr }

// WriteHeader decides the status. 1xx statuses are ignored; a second
// call is ignored; a code outside 100-999 panics, as in net/http.
func (w *response) WriteHeader(code int) {
	if code < 100 || code > 999 {
		panic(fmt.Sprintf("invalid WriteHeader code %v", code))
	}
	if w.wroteHeader || code < 200 {
		return
	}
	w.wroteHeader, w.status = true, code
	if cl := w.hdr.Get("Content-Length"); cl != "" {
		if n, ok := parseLength(strings.TrimSpace(cl)); ok {
			w.declared = n
		} else {
			w.hdr.Del("Content-Length")
		}
	}
}

// Write adds p to the body.
func (w *response) Write(p []byte) (int, error) {
	if !w.wroteHeader {
		w.WriteHeader(http.StatusOK)
	}
	if !bodyAllowed(w.status) {
		return 0, http.ErrBodyNotAllowed
	}
	if w.declared >= 0 && w.written+int64(len(p)) > w.declared {
		return 0, http.ErrContentLength
	}
	w.written += int64(len(p))
	if !w.committed {
		if len(w.c.bodyBuf)+len(p) <= bodyBufMax {
			w.c.bodyBuf = append(w.c.bodyBuf, p...)
			return len(p), nil
		}
		w.commit(false)
	}
	w.emit(p)
	if w.c.broken {
		return 0, errConnBroken
	}
	return len(p), nil
}

var errConnBroken = fmt.Errorf("httpfast: connection broken")

// WriteString adds s to the body.
func (w *response) WriteString(s string) (int, error) {
	return w.Write([]byte(s))
}

// Flush sends the head and the body so far.
func (w *response) Flush() {
	if !w.wroteHeader {
		w.WriteHeader(http.StatusOK)
	}
	if !w.committed {
		w.commit(false)
	}
	w.c.flush()
}

// finish completes the response after the handler returned.
func (w *response) finish() {
	if !w.wroteHeader {
		w.WriteHeader(http.StatusOK)
	}
	drained := true
	if w.body != nil {
		drained = w.body.drain() // r.Body may have been replaced (http.MaxBytesReader)
	}
	w.closeAfter = w.closeAfter || !drained
	if !w.committed {
		w.commit(true)
	} else if w.chunked {
		w.c.out = append(w.c.out, "0\r\n\r\n"...)
	}
	if w.declared >= 0 && w.written < w.declared && !w.head {
		w.closeAfter = true // the body is short of its Content-Length
	}
}

// commit writes the head, then the body kept so far. final says the
// handler is done (so the body's length is known).
func (w *response) commit(final bool) {
	w.committed = true
	h := w.hdr
	delete(h, "Transfer-Encoding")
	allowed := bodyAllowed(w.status)
	pending := w.c.bodyBuf
	if allowed && len(pending) > 0 {
		if _, ok := h["Content-Type"]; !ok {
			h.Set("Content-Type", http.DetectContentType(pending))
		}
	}
	te := w.framing(final, allowed)
	if hasToken(h["Connection"], "close") || w.c.srv.shutdown.Load() {
		w.closeAfter = true
	}
	out := append(w.c.out, statusLine(w.status)...)
	out = appendHeader(out, h)
	if _, ok := h["Date"]; !ok {
		out = append(out, "Date: "...)
		out = append(out, httpDate(w.c.start)...) // the request's arrival: no clock read
		out = append(out, '\r', '\n')
	}
	if te != "" {
		out = append(out, te...)
	}
	if w.closeAfter && !hasToken(h["Connection"], "close") {
		out = append(out, "Connection: close\r\n"...)
	} else if !w.closeAfter && w.minor == 0 {
		out = append(out, "Connection: keep-alive\r\n"...)
	}
	w.c.out = append(out, "\r\n"...)
	w.c.bodyBuf = pending[:0]
	if cap(pending) > bodyBufMax {
		w.c.bodyBuf = nil
	}
	if len(pending) > 0 {
		w.emit(pending)
	}
}

// framing decides how the body is delimited; it returns the header line
// to add ("" for none).
func (w *response) framing(final, allowed bool) string {
	switch {
	case !allowed || w.declared >= 0:
		return ""
	case final:
		if w.head && w.written == 0 {
			return ""
		}
		return "Content-Length: " + strconv.FormatInt(w.written, 10) + "\r\n"
	case w.head:
		return ""
	case w.minor == 1:
		w.chunked = true
		return "Transfer-Encoding: chunked\r\n"
	}
	w.closeAfter = true // HTTP/1.0: the body ends with the connection
	return ""
}

// emit sends body bytes after the head (none for HEAD).
func (w *response) emit(p []byte) {
	c := w.c
	if w.head || len(p) == 0 {
		return
	}
	if w.chunked {
		c.out = strconv.AppendInt(c.out, int64(len(p)), 16)
		c.out = append(c.out, '\r', '\n')
	}
	if len(p) >= directWrite {
		c.writeDirect(p)
	} else {
		c.out = append(c.out, p...)
	}
	if w.chunked {
		c.out = append(c.out, '\r', '\n')
	}
	if len(c.out) >= outFlushAt {
		c.flush()
	}
}

// bodyAllowed reports whether a response with status may have a body.
func bodyAllowed(status int) bool {
	return status >= 200 && status != http.StatusNoContent && status != http.StatusNotModified
}

// hasToken reports whether a comma-separated header holds tok.
func hasToken(vals []string, tok string) bool {
	for _, v := range vals {
		for _, t := range strings.Split(v, ",") {
			if strings.EqualFold(strings.Trim(t, " \t"), tok) {
				return true
			}
		}
	}
	return false
}
