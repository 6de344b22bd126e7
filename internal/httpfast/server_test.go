package httpfast

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// start serves h with s on a loopback port until the test ends.
func start(t *testing.T, s *Server, h http.HandlerFunc) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.Handler = h
	if s.ErrorLog == nil {
		s.ErrorLog = log.New(io.Discard, "", 0)
	}
	done := make(chan error, 1)
	go func() { done <- s.Serve(ln) }()
	t.Cleanup(func() {
		s.Close()
		if err := <-done; !errors.Is(err, http.ErrServerClosed) {
			t.Errorf("Serve: %v", err)
		}
	})
	return ln.Addr().String()
}

// exchange writes raw on a new connection and returns every response
// read until the server closes it (or 5 s pass: then closed is false).
func exchange(t *testing.T, addr, raw string, methods ...string) (resps []string, closed bool) {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := io.WriteString(c, raw); err != nil {
		t.Fatal(err)
	}
	rd := bufio.NewReader(c)
	for i := 0; ; i++ {
		m := "GET"
		if i < len(methods) {
			m = methods[i]
		}
		resp, err := http.ReadResponse(rd, &http.Request{Method: m})
		if err != nil {
			var ne net.Error
			return resps, !(errors.As(err, &ne) && ne.Timeout())
		}
		b, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatalf("response body: %v", err)
		}
		resps = append(resps, fmt.Sprintf("%d %s|%s|%s", resp.StatusCode, resp.Header.Get("Content-Length"),
			strings.Join(resp.TransferEncoding, ","), b))
	}
}

// echo answers "METHOD PATH BODY" (the body as read).
func echo(w http.ResponseWriter, r *http.Request) {
	b, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, "body: "+err.Error(), http.StatusBadRequest)
		return
	}
	fmt.Fprintf(w, "%s %s %s", r.Method, r.URL.Path, b)
}

// TestWire: requests on the wire and the responses (status, length,
// transfer coding, body), and whether the server closes the connection.
func TestWire(t *testing.T) {
	addr := start(t, &Server{IdleTimeout: 10 * time.Second}, echo)
	cases := []struct {
		name, raw string
		methods   []string
		want      []string
		closed    bool
	}{
		{"keep-alive", "GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", nil,
			[]string{"200 7||GET /a ", "200 7||GET /b "}, true},
		{"content-length body", "POST /p HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello", nil,
			[]string{"200 13||POST /p hello"}, true},
		{"chunked body", "POST /p HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n3\r\nhel\r\n2;e=1\r\nlo\r\n0\r\nT: 1\r\n\r\n", nil,
			[]string{"200 13||POST /p hello"}, true},
		{"head", "HEAD /h HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", []string{"HEAD"}, []string{"200 8||"}, true},
		{"http/1.0 closes", "GET /a HTTP/1.0\r\n\r\n", nil, []string{"200 7||GET /a "}, true},
		{"http/1.0 keep-alive", "GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET /b HTTP/1.0\r\n\r\n", nil,
			[]string{"200 7||GET /a ", "200 7||GET /b "}, true},
		{"smuggling: both framings", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n", nil,
			[]string{"400 58||400 Bad Request: both Content-Length and Transfer-Encoding"}, true},
		{"smuggling: duplicate length", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nContent-Length: 44\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n", nil,
			[]string{"400 40||400 Bad Request: repeated Content-Length"}, true},
		{"obs-fold", "GET / HTTP/1.1\r\nHost: x\r\nX: a\r\n b\r\n\r\n", nil, []string{"400 52||400 Bad Request: obsolete line folding in the header"}, true},
		{"unknown coding", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n", nil,
			[]string{"501 65||501 Not Implemented: unsupported Transfer-Encoding (only chunked)"}, true},
		{"bad chunked body", "POST /p HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", nil,
			[]string{"400 47||body: httpfast: malformed chunked request body\n"}, true},
		{"pipelined", "GET /1 HTTP/1.1\r\nHost: x\r\n\r\nGET /2 HTTP/1.1\r\nHost: x\r\n\r\nGET /3 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", nil,
			[]string{"200 7||GET /1 ", "200 7||GET /2 ", "200 7||GET /3 "}, true},
		{"leading empty line", "\r\nGET /a HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", nil, []string{"200 7||GET /a "}, true},
		{"version 2", "GET / HTTP/2.0\r\nHost: x\r\n\r\n", nil, []string{"505 58||505 HTTP Version Not Supported: HTTP version not supported"}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, closed := exchange(t, addr, c.raw, c.methods...)
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") || closed != c.closed {
				t.Errorf("got %q closed=%v\nwant %q closed=%v", got, closed, c.want, c.closed)
			}
		})
	}
}

// TestResponses: how handler writes become responses: length when the
// body fits, chunked when it does not or on Flush, no body for 204/304
// and HEAD, sniffed Content-Type, sanitized header values, a short body
// closes the connection.
func TestResponses(t *testing.T) {
	big := strings.Repeat("x", bodyBufMax+10)
	addr := start(t, &Server{}, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/big":
			io.WriteString(w, big)
		case "/flush":
			io.WriteString(w, "a")
			w.(http.Flusher).Flush()
			io.WriteString(w, "b")
		case "/204":
			w.WriteHeader(204)
			if _, err := w.Write([]byte("x")); err != http.ErrBodyNotAllowed {
				panic("write on 204")
			}
		case "/html":
			io.WriteString(w, "<html><body>hi</body></html>")
		case "/inject":
			w.Header().Set("X-A", "a\r\nSet-Cookie: evil")
			w.WriteHeader(200)
		case "/short":
			w.Header().Set("Content-Length", "10")
			io.WriteString(w, "abc")
		case "/over":
			w.Header().Set("Content-Length", "2")
			if _, err := io.WriteString(w, "abc"); err != http.ErrContentLength {
				panic("over-long write")
			}
		}
	})
	cases := []struct {
		path, method, want, header string
		closed                     bool
	}{
		{"/big", "GET", "200 |chunked|" + big, "", false},
		{"/big", "HEAD", "200 ||", "", false},
		{"/flush", "GET", "200 |chunked|ab", "", false},
		{"/204", "GET", "204 ||", "", false},
		{"/html", "GET", "200 28||<html><body>hi</body></html>", "Content-Type: text/html; charset=utf-8", false},
		{"/inject", "GET", "200 0||", "X-A: a  Set-Cookie: evil", false},
		{"/short", "GET", "", "", true},
		{"/over", "GET", "200 2||", "", true}, // 2 promised, none written: the connection closes
	}
	for _, c := range cases {
		t.Run(c.path+" "+c.method, func(t *testing.T) {
			raw, closed := rawExchange(t, addr, c.method+" "+c.path+" HTTP/1.1\r\nHost: x\r\n\r\n")
			if !strings.Contains(raw, c.header+"\r\n") || closed != c.closed {
				t.Errorf("raw response %.300q closed=%v, want header %q closed=%v", raw, closed, c.header, c.closed)
			}
			if c.want == "" || c.closed {
				return
			}
			got, _ := exchange(t, addr, c.method+" "+c.path+" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", c.method)
			if len(got) != 1 || got[0] != c.want {
				t.Errorf("got %.200q, want %.200q", got, c.want)
			}
		})
	}
}

// rawExchange sends one request and returns the raw bytes of what came
// back within a short while, and whether the server closed.
func rawExchange(t *testing.T, addr, req string) (string, bool) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	io.WriteString(c, req)
	c.SetReadDeadline(time.Now().Add(300 * time.Millisecond))
	var sb strings.Builder
	_, err = io.Copy(&sb, c)
	var ne net.Error
	return sb.String(), !(errors.As(err, &ne) && ne.Timeout())
}

// TestExpectContinue: the 100 comes before the body is read; a handler
// that never reads it gets the connection closed after its answer.
func TestExpectContinue(t *testing.T) {
	addr := start(t, &Server{}, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/read" {
			echo(w, r)
			return
		}
		w.WriteHeader(http.StatusRequestEntityTooLarge)
	})
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(5 * time.Second))
	io.WriteString(c, "POST /read HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n")
	rd := bufio.NewReader(c)
	line, _ := rd.ReadString('\n')
	blank, _ := rd.ReadString('\n')
	if line != "HTTP/1.1 100 Continue\r\n" || blank != "\r\n" {
		t.Fatalf("got %q %q, want the 100", line, blank)
	}
	io.WriteString(c, "hi")
	resp, err := http.ReadResponse(rd, nil)
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := io.ReadAll(resp.Body); string(b) != "POST /read hi" {
		t.Errorf("body %q", b)
	}
	got, closed := exchange(t, addr, "POST /no HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 100000\r\n\r\n")
	if len(got) != 1 || !strings.HasPrefix(got[0], "413") || !closed {
		t.Errorf("unread body: %q closed=%v", got, closed)
	}
}

// TestUnreadBody: a small unread body is skipped and the connection
// kept; a large one closes it.
func TestUnreadBody(t *testing.T) {
	addr := start(t, &Server{}, func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") })
	small := "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhelloGET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
	if got, closed := exchange(t, addr, small); len(got) != 2 || !closed {
		t.Errorf("small body: %q", got)
	}
	n := maxDrain + 10
	large := fmt.Sprintf("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n%sGET / HTTP/1.1\r\nHost: x\r\n\r\n", n, strings.Repeat("a", n))
	if got, closed := exchange(t, addr, large); len(got) != 1 || !closed {
		t.Errorf("large body: %q closed=%v", got, closed)
	}
}

// TestLimitsAndTimeouts: an oversized head gets 431 and a close; a
// client that stalls in its head or idles is disconnected.
func TestLimitsAndTimeouts(t *testing.T) {
	addr := start(t, &Server{MaxHeaderBytes: 1024, ReadHeaderTimeout: 100 * time.Millisecond, IdleTimeout: 200 * time.Millisecond},
		func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") })
	got, closed := exchange(t, addr, "GET / HTTP/1.1\r\nHost: x\r\nX: "+strings.Repeat("a", 2000)+"\r\n\r\n")
	if len(got) != 1 || !strings.HasPrefix(got[0], "431") || !closed {
		t.Errorf("big head: %q closed=%v", got, closed)
	}
	if got, closed := exchange(t, addr, "GET / HTTP/1.1\r\nHost: x\r\n"); len(got) != 0 || !closed {
		t.Errorf("stalled head: %q closed=%v, want a close without answer", got, closed)
	}
	if got, closed := exchange(t, addr, "GET / HTTP/1.1\r\nHost: x\r\n\r\n"); len(got) != 1 || !closed {
		t.Errorf("idle: %q closed=%v, want one answer then a close", got, closed)
	}
	// Without ReadHeaderTimeout and IdleTimeout, ReadTimeout bounds both.
	addr = start(t, &Server{ReadTimeout: 100 * time.Millisecond}, func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") })
	if got, closed := exchange(t, addr, "GET / HTTP/1.1\r\nHost: x\r\n"); len(got) != 0 || !closed {
		t.Errorf("stalled head, ReadTimeout only: %q closed=%v", got, closed)
	}
	if got, closed := exchange(t, addr, "GET / HTTP/1.1\r\nHost: x\r\n\r\n"); len(got) != 1 || !closed {
		t.Errorf("idle, ReadTimeout only: %q closed=%v", got, closed)
	}
}

// TestPanic: a panicking handler's connection is closed without an
// answer; the server goes on.
func TestPanic(t *testing.T) {
	addr := start(t, &Server{}, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/panic" {
			panic("boom")
		}
		io.WriteString(w, "ok")
	})
	if got, closed := exchange(t, addr, "GET /panic HTTP/1.1\r\nHost: x\r\n\r\n"); len(got) != 0 || !closed {
		t.Errorf("panic: %q closed=%v", got, closed)
	}
	if got, _ := exchange(t, addr, "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"); len(got) != 1 {
		t.Errorf("after the panic: %q", got)
	}
}

// TestShutdown: Shutdown closes idle connections at once, lets the
// request in flight finish with Connection: close, and Serve returns
// ErrServerClosed.
func TestShutdown(t *testing.T) {
	release := make(chan struct{})
	inHandler := make(chan struct{})
	s := &Server{ErrorLog: log.New(io.Discard, "", 0)}
	s.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/slow" {
			close(inHandler)
			<-release
		}
		io.WriteString(w, "ok")
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	served := make(chan error, 1)
	go func() { served <- s.Serve(ln) }()
	idle, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer idle.Close()
	busy, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	io.WriteString(busy, "GET /slow HTTP/1.1\r\nHost: x\r\n\r\n")
	<-inHandler
	shut := make(chan error, 1)
	go func() { shut <- s.Shutdown(context.Background()) }()
	idle.SetReadDeadline(time.Now().Add(5 * time.Second))
	if n, err := idle.Read(make([]byte, 1)); n != 0 || err != io.EOF {
		t.Errorf("idle connection: %d %v, want EOF", n, err)
	}
	close(release)
	busy.SetReadDeadline(time.Now().Add(5 * time.Second))
	resp, err := http.ReadResponse(bufio.NewReader(busy), nil)
	if err != nil || resp.StatusCode != 200 || !resp.Close {
		t.Fatalf("in-flight request: %v %v", resp, err)
	}
	if err := <-shut; err != nil {
		t.Errorf("Shutdown: %v", err)
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		t.Errorf("Serve: %v", err)
	}
}
